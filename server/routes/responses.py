"""What the routes may answer besides success, declared once for the OpenAPI document.

Errors are JSON `{"error": {"status", "message"}}` under /api/ and an HTML page elsewhere (see server/app.py);
the declarations say so, so that a client generated from the schema expects what it will get.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonDict

# What ConversationStore.new_id makes (URL-safe base64); anything else cannot name a conversation.
CONVERSATION_ID = r"^[A-Za-z0-9_-]{1,64}$"

# What the engine accepts, declared in the schema but checked by the engine itself, whose messages say what
# to do ("the question is empty; type a question ...") where the validator's would only quote the pattern.
QUESTION_SCHEMA: JsonDict = {"minLength": 1, "pattern": "[A-Za-z0-9]"}
QUERY_SCHEMA: JsonDict = {"minLength": 1, "pattern": "[^\\s\\x00-\\x1f\\x7f]"}
OPTIONAL_DATE_SCHEMA: JsonDict = {"pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"}
OFFSET_SCHEMA: JsonDict = {"pattern": r"^\d{1,9}$"}

DESCRIPTIONS = {
    303: "done; the page to see next",
    400: "the request is malformed: a body that cannot be parsed, a Content-Length that is not a number",
    403: "refused: a state-changing request from another site's page",
    404: "no such document, conversation, entity or page",
    413: "the request body is larger than the server's limit (GOVDOCS_MAX_BODY_BYTES)",
    422: "a parameter or the body is invalid; the message names it",
}


class ErrorDetail(BaseModel):
    status: int
    message: str


class ProblemDetail(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    error: ErrorDetail
    detail: str | list[ProblemDetail]  # the message again, or for a 422 each problem, as FastAPI's clients read it


def json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Responses for a JSON route: each code with the error body. Every route may meet a body over the limit
    (a route that reads a body declares 400 too)."""
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in sorted({*codes, 413})}


_HTML = {"text/html": {"schema": {"type": "string"}}}


def html_page(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Responses for an HTML page: success is text/html, and so is every error page."""
    out: dict[int | str, dict[str, Any]] = {200: {"description": "the page", "content": _HTML}}
    for code in sorted({*codes, 413}):
        out[code] = {"description": DESCRIPTIONS[code], "content": _HTML}
    return out


def html_form(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Responses for a form post: a 303 to the page that shows the result, or an HTML error page."""
    out: dict[int | str, dict[str, Any]] = {303: {"description": DESCRIPTIONS[303]}}
    for code in sorted({*codes, 400, 403, 413}):
        out[code] = {"description": DESCRIPTIONS[code], "content": _HTML}
    return out
