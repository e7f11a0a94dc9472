"""JSON routes. Thin: validation and shaping only; the work happens in index/ and server/answer.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from index.search import SearchFilters, hit_json, passage_url
from server.app import Services
from server.routes.deps import services
from server.views import document_payload

router = APIRouter()


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in plain words")
    conversation_id: str | None = Field(None, max_length=64)


@router.get("/healthz")
def healthz(s: Services = Depends(services)) -> dict[str, Any]:
    return {"status": "ok", "generation": s.search.generation, **s.search.store.counts()}


@router.get("/api/documents")
def list_documents(s: Services = Depends(services)) -> dict[str, Any]:
    return {"documents": s.search.store.list_documents()}


@router.get("/api/documents/{document_id}")
def get_document(document_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    return document_payload(s.search.store, document_id)


@router.get("/api/search")
def search(
    q: str = Query(..., max_length=2000, description="what to search for"),
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
        "no_match": searcher.no_match(q),
        "unmatched_words": searcher.analyzer.unmentioned(q),
        "results": [hit_json(h) for h in hits],
    }


@router.post("/api/ask")
def ask(body: AskRequest, s: Services = Depends(services)) -> dict[str, Any]:
    result = s.answers.ask(body.question, body.conversation_id or None)
    return result.to_json()


@router.get("/api/conversations/{conversation_id}")
def conversation(conversation_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    turns = s.conversations.turns(conversation_id)
    return {
        "conversation_id": conversation_id,
        "turns": [
            {"question": t["question"], "resolved_question": t["resolved_question"], **t["payload"]} for t in turns
        ],
    }


@router.delete("/api/conversations/{conversation_id}")
def clear_conversation(conversation_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    s.conversations.clear(conversation_id)
    return {"conversation_id": conversation_id, "cleared": True}


@router.get("/api/graph")
def graph(s: Services = Depends(services)) -> dict[str, Any]:
    return s.graph.payload()


@router.get("/api/entities/{entity_id}")
def entity(entity_id: str, s: Services = Depends(services)) -> dict[str, Any]:
    return s.graph.entity_payload(entity_id)


@router.get("/api/commitments")
def commitments(
    document: str | None = Query(None, max_length=200),
    body: str | None = Query(None, max_length=200),
    q: str | None = Query(None, max_length=500, description="words the commitment's text contains"),
    s: Services = Depends(services),
) -> dict[str, Any]:
    if document:
        s.search.store.get_document(document)
    rows = s.search.store.commitments(document, body, q)
    return {"commitments": [commitment_json(r) for r in rows]}


def commitment_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "clause": row["clause"],
        "body": row["body"],
        "kind": row["kind"],
        "text": row["text"],
        "document": {"id": row["document_id"], "title": row["document_title"], "date": row["document_date"]},
        "section": {"number": row["section_number"], "heading": row["section_heading"], "path": row["section_path"]},
        "start": row["start"],
        "end": row["end"],
        "url": passage_url(row["document_id"], row["start"], row["end"]),
    }
