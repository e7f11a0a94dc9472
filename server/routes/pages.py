"""HTML pages (Jinja2). They work without JavaScript; static/app.js only makes them smoother."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import GovDocsError, InvalidInput, NotFound
from index.search import SearchFilters, hit_json
from server.app import Services
from server.diagram import render_svg, to_dot
from server.routes.api import commitment_json
from server.routes.deps import services
from server.validation import date_message
from server.views import parse_span, section_tree, viewer_lines

router = APIRouter()


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/")
def chat_page(
    request: Request, c: str | None = Query(None, max_length=64), s: Services = Depends(services)
) -> Response:
    turns: list[dict[str, Any]] = []
    notice = None
    if c:
        try:
            turns = s.conversations.turns(c)
        except NotFound:
            notice = "That conversation no longer exists; start a new one below."
            c = None
    return render(
        request,
        "chat.html",
        {
            "turns": turns,
            "conversation_id": c,
            "examples": s.branding.example_questions,
            "notice": notice,
            "active": "ask",
        },
    )


@router.post("/ask")
def ask_form(
    request: Request,
    question: str = Form(""),
    conversation_id: str = Form(""),
    s: Services = Depends(services),
) -> Response:
    conversation = conversation_id or None
    try:
        if conversation and not s.conversations.exists(conversation):
            conversation = None
        result = s.answers.ask(question, conversation)
    except InvalidInput as err:
        turns = s.conversations.turns(conversation) if conversation else []
        context = {
            "turns": turns,
            "conversation_id": conversation,
            "examples": s.branding.example_questions,
            "error": str(err),
            "question": question[:2000],
            "active": "ask",
        }
        return render(request, "chat.html", context, status=422)
    return RedirectResponse(f"/?c={result.conversation_id}#latest", status_code=303)


@router.post("/conversations/{conversation_id}/clear")
def clear_conversation(conversation_id: str, s: Services = Depends(services)) -> Response:
    with contextlib.suppress(NotFound):  # already gone: clearing is idempotent for the person clicking
        s.conversations.clear(conversation_id)
    return RedirectResponse("/", status_code=303)


@router.get("/search")
def search_page(
    request: Request,
    q: str = Query(""),  # its length is checked by the search, so the page can say so beside the form
    k: int = Query(10, ge=1, le=50),
    document: str = Query("", max_length=200),
    kind: str = Query("", max_length=200),
    date_from: str = Query("", max_length=10),
    date_to: str = Query("", max_length=10),
    s: Services = Depends(services),
) -> Response:
    store = s.search.store
    results: list[dict[str, Any]] = []
    error = None
    no_match, unmatched = False, []
    if document:
        store.get_document(document)  # an unknown document is a 404 page, as in the API
    if q.strip():
        try:
            for value, name in ((date_from, "date_from"), (date_to, "date_to")):
                if value and not _is_date(value):
                    raise InvalidInput(date_message(name, value[:40]))
            searcher = s.search.searcher
            filters = SearchFilters(document or None, kind or None, date_from or None, date_to or None)
            hits = searcher.search(q, k, filters)
            no_match, unmatched = searcher.no_match(q), searcher.analyzer.unmentioned(q)
            terms = searcher.analyzer.analyse(q).terms
            results = [{**hit_json(h), "terms": terms} for h in hits]
        except GovDocsError as err:
            error = str(err)
    return render(
        request,
        "search.html",
        {
            "q": q,
            "k": k,
            "document": document,
            "kind": kind,
            "date_from": date_from,
            "date_to": date_to,
            "results": results,
            "no_match": no_match,
            "unmatched": unmatched,
            "error": error,
            "documents": store.list_documents(),
            "kinds": store.kinds(),
            "active": "search",
        },
        status=422 if error else 200,
    )


def _is_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


@router.get("/documents")
def library_page(request: Request, s: Services = Depends(services)) -> Response:
    return render(request, "library.html", {"documents": s.search.store.list_documents(), "active": "documents"})


@router.get("/documents/{document_id}")
def viewer_page(
    request: Request,
    document_id: str,
    start: str | None = Query(None, max_length=12),
    end: str | None = Query(None, max_length=12),
    s: Services = Depends(services),
) -> Response:
    store = s.search.store
    document = store.get_document(document_id, with_text=True)
    sections = store.sections_for(document_id)
    chunks = store.chunks_for(document_id)
    span = parse_span(start, end, len(document["clean_text"]))
    lines = viewer_lines(document["clean_text"], sections, chunks, span)
    chunk_spans = {c["id"]: [c["start"], c["end"]] for c in chunks}
    return render(
        request,
        "viewer.html",
        {
            "document": document,
            "outline": section_tree(sections),
            "lines": lines,
            "span": span,
            "chunk_spans": chunk_spans,
            "active": "documents",
        },
    )


@router.get("/graph")
def graph_page(request: Request, members: int = Query(0, ge=0, le=1), s: Services = Depends(services)) -> Response:
    payload = s.graph.payload()
    svg = render_svg(to_dot(payload, include_membership=bool(members)))
    names = {n["id"]: n["name"] for n in payload["nodes"]}
    edges = sorted(payload["edges"], key=lambda e: (e["relation"], names.get(e["source"], "")))
    return render(
        request,
        "graph.html",
        {
            "svg": svg,
            "nodes": payload["nodes"],
            "edges": edges,
            "names": names,
            "members": bool(members),
            "active": "graph",
        },
    )


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: str, s: Services = Depends(services)) -> Response:
    payload = s.graph.entity_payload(entity_id)
    names = {n["id"]: n["name"] for n in s.graph.payload()["nodes"]}
    return render(request, "entity.html", {"entity": payload, "names": names, "active": "graph"})


@router.get("/commitments")
def commitments_page(
    request: Request,
    document: str = Query("", max_length=200),
    body: str = Query("", max_length=200),
    q: str = Query("", max_length=500),
    s: Services = Depends(services),
) -> Response:
    store = s.search.store
    if document:
        store.get_document(document)
    rows = [commitment_json(r) for r in store.commitments(document or None, body or None, q or None)]
    bodies = sorted({r["body"] for r in store.commitments() if r["body"]})
    return render(
        request,
        "commitments.html",
        {
            "commitments": rows,
            "documents": store.list_documents(),
            "bodies": bodies,
            "document": document,
            "body": body,
            "q": q,
            "active": "commitments",
        },
    )
