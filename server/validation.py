"""Validation errors in words a person understands, not pydantic's ("q: String should have at most 2000 characters")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# What each request parameter is, for a person; the parameter's own name follows in brackets for developers.
PARAMETERS = {
    "q": "the search text",
    "k": "the number of results",
    "document": "the document",
    "kind": "the kind of document",
    "date_from": "the earliest date",
    "date_to": "the latest date",
    "body": "the board or organisation",
    "question": "the question",
    "conversation_id": "the conversation",
    "c": "the conversation",
    "start": "the start of the passage",
    "end": "the end of the passage",
    "members": "the members switch",
    "page": "the page of the document",
}
_DATE_PARAMETERS = {"date_from", "date_to"}
_CONVERSATION_PARAMETERS = {"conversation_id", "c"}
_TYPED = {"q", "question"}  # what a person types in words, rather than a value a link or a form carries


def describe(name: str) -> str:
    """A parameter as a person reads it, with its name for whoever wrote the address: "the search text (q)"."""
    described = PARAMETERS.get(name)
    return f"{described} ({name})" if described else name


def date_message(name: str, given: str) -> str:
    return f"{describe(name)} must be a date like 2019, 2019-05 or 2019-05-08; “{given}” is not one."


def plain_message(errors: Iterable[Mapping[str, Any]]) -> str:
    """One readable sentence per problem, for both the JSON error body and the error page."""
    text = " ".join(d["msg"] for d in plain_details(errors))
    return text or "The request could not be understood; check the address or the form and try again."


def plain_details(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each problem as FastAPI's own `detail` lists it (`loc`, `msg`, `type`), its `msg` in plain words."""
    details = []
    for error in errors:
        sentence = _sentence(error)
        if sentence:
            loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
            details.append({"loc": loc, "msg": sentence[0].upper() + sentence[1:], "type": str(error.get("type", ""))})
    return details


def _sentence(error: Mapping[str, Any]) -> str:
    location = [str(p) for p in error.get("loc", ())][1:]  # the first names where it came from: query, body, path
    name = location[-1] if location and not location[-1].isdigit() else ""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    given = error.get("input")
    shown = str(given) if len(str(given)) <= 40 else str(given)[:40] + "…"
    if kind == "json_invalid":
        return 'the request body is not valid JSON; send an object such as {"question": "Who chairs the board?"}.'
    if kind in ("model_attributes_type", "dict_type", "model_type") or not name:
        return 'the request body must be a JSON object such as {"question": "Who chairs the board?"}.'
    subject = describe(name)
    if name in _CONVERSATION_PARAMETERS and kind in ("string_pattern_mismatch", "string_too_long", "string_type"):
        return (
            f"{subject} is not an id this server gives out (it gives letters, digits, '-' and '_', at most 64); "
            "leave it out to start a new conversation."
        )
    if kind == "missing":
        return f"{subject} is missing; add it and try again."
    if kind == "string_too_long":
        length = f" is {len(given):,} characters long;" if isinstance(given, str) else " is too long;"
        advice = " Shorten it." if name in _TYPED else ""
        return f"{subject}{length} it can be at most {_number(ctx.get('max_length'))} characters.{advice}"
    if kind == "string_too_short":
        return f"{subject} is too short; it needs at least {ctx.get('min_length')} characters."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{subject} must be at least {ctx.get('ge', ctx.get('gt'))}; {shown} was given."
    if kind in ("less_than_equal", "less_than"):
        return f"{subject} must be at most {ctx.get('le', ctx.get('lt'))}; {shown} was given."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{subject} must be a whole number, such as 10; “{shown}” is not one."
    if kind == "string_pattern_mismatch" and name in _DATE_PARAMETERS:
        return date_message(name, shown)
    if kind == "string_pattern_mismatch":
        return f"{subject} is not in the expected form; “{shown}” was given."
    if kind in ("string_type", "string_unicode"):
        return f"{subject} must be text."
    if kind == "value_error":
        # Our own validators already say what was wrong, in words ("... a lone UTF-16 surrogate, U+D800 ...").
        reason = str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ").rstrip(".")
        return f"{subject} is not valid: {reason}."
    return f"{subject} is not valid: {str(error.get('msg', 'invalid')).lower()}."


def _number(value: Any) -> str:
    """2000 as "2,000"; anything else as it is."""
    return f"{value:,}" if isinstance(value, int) else str(value)
