"""JSON routes. Thin: validation and shaping only; the work happens in index/ and server/answer.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, field_validator

from core.errors import InvalidInput
from core.text import check_text
from index.search import SearchFilters, hit_json
from server.app import Services
from server.register import RegisterFilters, select_commitments
from server.routes.deps import services
from server.routes.responses import CONVERSATION_ID, QUERY_SCHEMA, QUESTION_SCHEMA, json_errors
from server.views import document_payload

router = APIRouter()


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in plain words", json_schema_extra=QUESTION_SCHEMA)
    conversation_id: str | None = Field(None, max_length=64, pattern=CONVERSATION_ID)

    @field_validator("question")
    @classmethod
    def _valid_unicode(cls, question: str) -> str:
        # Refused here, before any conversation is touched (a ValueError becomes a 422 naming the field).
        try:
            return check_text(question, "the question")
        except InvalidInput as err:
            raise ValueError(str(err)) from err


@router.get("/healthz", responses=json_errors())
def healthz(s: Services = Depends(services)) -> dict[str, Any]:
    return {"status": "ok", "generation": s.search.generation, **s.search.store.counts()}


@router.get("/api/documents", responses=json_errors())
def list_documents(s: Services = Depends(services)) -> dict[str, Any]:
    return {"documents": s.search.store.list_documents()}


@router.get("/api/documents/{document_id}", responses=json_errors(404, 422))
def get_document(document_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    return document_payload(s.search.store, document_id)


@router.get("/api/search", responses=json_errors(404, 422))
def search(
    q: str = Query(..., max_length=2000, description="what to search for", json_schema_extra=QUERY_SCHEMA),
    k: int = Query(10, ge=1, le=50),
    document: str | None = Query(None, max_length=200),
    kind: str | None = Query(None, max_length=200),
    date_from: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    date_to: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    s: Services = Depends(services),
) -> dict[str, Any]:
    filters = SearchFilters(document or None, kind or None, date_from or None, date_to or None)
    if document:
        s.search.store.get_document(document)  # an unknown document is a 404, not an empty list
    searcher = s.search.searcher
    hits = searcher.search(q, k, filters)
    return {
        "query": q,
        # True: no passage mentions any word of the query, and the results are only the closest passages.
        # With filters, only the documents they let through count: words found only elsewhere are no match.
        "no_match": searcher.no_match(q, filters),
        "unmatched_words": searcher.unmatched_words(q, filters),
        "results": [hit_json(h) for h in hits],
    }


@router.post("/api/ask", responses=json_errors(400, 403, 404, 413, 422))
def ask(body: AskRequest, s: Services = Depends(services)) -> dict[str, Any]:
    result = s.answers.ask(body.question, body.conversation_id or None)
    return result.to_json()


@router.get("/api/conversations/{conversation_id}", responses=json_errors(404, 422))
def conversation(
    conversation_id: str = Path(..., pattern=CONVERSATION_ID), s: Services = Depends(services)
) -> dict[str, Any]:
    turns = s.conversations.turns(conversation_id)
    return {
        "conversation_id": conversation_id,
        "turns": [
            {"question": t["question"], "resolved_question": t["resolved_question"], **t["payload"]} for t in turns
        ],
    }


@router.delete("/api/conversations/{conversation_id}", responses=json_errors(403, 404, 422))
def clear_conversation(
    conversation_id: str = Path(..., pattern=CONVERSATION_ID), s: Services = Depends(services)
) -> dict[str, Any]:
    s.conversations.clear(conversation_id)
    return {"conversation_id": conversation_id, "cleared": True}


@router.get("/api/graph", responses=json_errors())
def graph(s: Services = Depends(services)) -> dict[str, Any]:
    return s.graph.payload()


@router.get("/api/entities/{entity_id}", responses=json_errors(404, 422))
def entity(entity_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    return s.graph.entity_payload(entity_id)


@router.get("/api/commitments", responses=json_errors(404, 422))
def commitments(
    document: str | None = Query(None, max_length=200),
    body: str | None = Query(None, max_length=200),
    q: str | None = Query(None, max_length=500, description="words the commitment's text contains"),
    s: Services = Depends(services),
) -> dict[str, Any]:
    # The register's own selection, so the API, /commitments and its CSV choose the same rows: `body` is one
    # partner exactly (case aside), and a partner the register does not know is a 422 naming it.
    chosen, rows = select_commitments(s.search.store, RegisterFilters.cleaned(document, body, q))
    return {"commitments": rows, "filters": chosen.to_json()}
