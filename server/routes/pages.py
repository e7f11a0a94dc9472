"""HTML pages (Jinja2). They work without JavaScript; static/app.js only makes them smoother."""

from __future__ import annotations

import contextlib
import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.errors import GovDocsError, InvalidInput, NotFound
from core.text import displayable
from index.search import SearchFilters, hit_json
from server.app import Services
from server.chat_view import TurnView, turn_view, turn_views
from server.diagram import (
    MAX_DRAWN_EDGES,
    dot_available,
    drawing_key,
    drawn_edges,
    min_scale,
    neighbourhood,
    render_svg,
    to_dot,
)
from server.guards import own_origin
from server.navigation import back_link
from server.register import RegisterFilters, commitments_csv, csv_filename, partners, select_commitments
from server.routes.deps import services
from server.routes.responses import (
    CONVERSATION_ID,
    OFFSET_SCHEMA,
    OPTIONAL_DATE_SCHEMA,
    QUESTION_SCHEMA,
    html_form,
    html_page,
)
from server.validation import date_message
from server.views import (
    Pagination,
    facts_by_relation,
    outline_tree,
    parse_span,
    printed_page,
    viewer_lines,
    viewer_pages,
)

router = APIRouter()


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse, responses=html_page(422))
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
            "turns": _turn_views(request, s, turns),
            "conversation_id": c,
            "examples": s.branding.example_questions,
            "notice": notice,
            "active": "ask",
        },
    )


@router.post("/ask", status_code=303, response_class=RedirectResponse, responses=html_form(422))
def ask_form(
    request: Request,
    question: str = Form(..., json_schema_extra=QUESTION_SCHEMA),
    conversation_id: str = Form(""),
    s: Services = Depends(services),
) -> Response:
    conversation = conversation_id if re.fullmatch(CONVERSATION_ID, conversation_id) else None
    try:
        if conversation and not s.conversations.exists(conversation):
            conversation = None
        try:
            result = s.answers.ask(question, conversation)
        except NotFound:  # cleared (in another tab) while the question was answered: start a new one
            conversation = None
            result = s.answers.ask(question, None)
    except InvalidInput as err:
        turns = []
        if conversation:
            with contextlib.suppress(NotFound):
                turns = s.conversations.turns(conversation)
        context = {
            "turns": _turn_views(request, s, turns),
            "conversation_id": conversation,
            "examples": s.branding.example_questions,
            "error": str(err),
            "question": displayable(question[:2000]),
            "active": "ask",
        }
        return render(request, "chat.html", context, status=422)
    return RedirectResponse(f"/?c={result.conversation_id}#latest", status_code=303)


def _turn_views(request: Request, s: Services, turns: list[dict[str, Any]]) -> list[TurnView]:
    return turn_views(turns, s.search.searcher.analyzer, str(request.base_url))


@router.get("/conversations/{conversation_id}/latest", response_class=HTMLResponse, responses=html_page(404, 422))
def latest_turn(
    request: Request, conversation_id: str = Path(..., pattern=CONVERSATION_ID), s: Services = Depends(services)
) -> Response:
    """The conversation's newest turn as an HTML fragment, rendered as the chat page renders it: the script
    asks /api/ask, then shows this, so an answer looks the same with and without JavaScript."""
    turns = s.conversations.turns(conversation_id)
    if not turns:
        raise NotFound("this conversation has no answers yet; ask a question first")
    view = turn_view(turns[-1], s.search.searcher.analyzer, str(request.base_url), latest=True)
    return render(request, "chat_turn.html", {"turn": view})


@router.post(
    "/conversations/{conversation_id}/clear",
    status_code=303,
    response_class=RedirectResponse,
    responses=html_form(422),
)
def clear_conversation(
    conversation_id: str = Path(..., pattern=CONVERSATION_ID), s: Services = Depends(services)
) -> Response:
    with contextlib.suppress(NotFound):  # already gone: clearing is idempotent for the person clicking
        s.conversations.clear(conversation_id)
    return RedirectResponse("/", status_code=303)


@router.get("/search", response_class=HTMLResponse, responses=html_page(404, 422))
def search_page(
    request: Request,
    q: str = Query(""),  # its length is checked by the search, so the page can say so beside the form
    k: int = Query(10, ge=1, le=50),
    document: str = Query("", max_length=200),
    kind: str = Query("", max_length=200),
    date_from: str = Query("", max_length=10, json_schema_extra=OPTIONAL_DATE_SCHEMA),
    date_to: str = Query("", max_length=10, json_schema_extra=OPTIONAL_DATE_SCHEMA),
    s: Services = Depends(services),
) -> Response:
    store = s.search.store
    results: list[dict[str, Any]] = []
    error = None
    no_match, unmatched = False, []
    filtered = elsewhere = False
    if document:
        store.get_document(document)  # an unknown document is a 404 page, as in the API
    # A bad date is named even before there is a query to filter (the form keeps it for the next search).
    for value, name in ((date_from, "date_from"), (date_to, "date_to")):
        if value and not _is_date(value):
            error = date_message(name, value[:40])
    if error is None and _CONTROL.sub(" ", q).strip():  # blank (or only control characters): the empty form
        try:
            searcher = s.search.searcher
            filters = SearchFilters(document or None, kind or None, date_from or None, date_to or None)
            hits = searcher.search(q, k, filters)
            no_match, unmatched = searcher.no_match(q, filters), searcher.unmatched_words(q, filters)
            filtered = any((document, kind, date_from, date_to))
            # Words the filtered papers lack may be in the others: say so, with the way to search them all.
            elsewhere = filtered and bool(set(unmatched) - set(searcher.unmatched_words(q)))
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
            "filtered": filtered,
            "elsewhere": elsewhere,
            "error": error,
            "documents": store.list_documents(),
            "kinds": store.kinds(),
            "active": "search",
        },
        status=422 if error else 200,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _is_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value))


@router.get("/documents", response_class=HTMLResponse, responses=html_page())
def library_page(request: Request, s: Services = Depends(services)) -> Response:
    return render(request, "library.html", {"documents": s.search.store.list_documents(), "active": "documents"})


@router.get("/documents/{document_id}", response_class=HTMLResponse, responses=html_page(404, 422))
def viewer_page(
    request: Request,
    document_id: str,
    start: str | None = Query(None, max_length=12, json_schema_extra=OFFSET_SCHEMA),
    end: str | None = Query(None, max_length=12, json_schema_extra=OFFSET_SCHEMA),
    page: int | None = Query(None, ge=1, le=1_000_000, description="the viewer page (long documents have several)"),
    back: str | None = Query(None, max_length=2000, description="the page to go back to (a path on this site)"),
    s: Services = Depends(services),
) -> Response:
    store = s.search.store
    document = store.get_document(document_id, with_text=True)
    text = document["clean_text"]
    sections = store.sections_for(document_id)
    span = parse_span(start, end, len(text))
    pagination = Pagination(viewer_pages(text, sections))
    shown = pagination.choose(page, span)
    window = (shown.start, shown.end)
    on_page = [x for x in sections if shown.start <= x["start"] < shown.end]
    chunks = [c for c in store.chunks_for(document_id) if shown.start <= c["start"] < shown.end]
    lines = viewer_lines(text, sections, chunks, span, window)
    pages = pagination.pages
    way_back = back_link(back, request.headers.get("referer"), own_origin(request.scope))
    return render(
        request,
        "viewer.html",
        {
            "document": document,
            "text_length": len(text),
            # One page: the whole outline. Several: this page's sections; the page list leads to the others.
            "outline": outline_tree(sections if len(pages) == 1 else on_page),
            "section_pages": {x["id"]: pagination.holding(x["start"]).number for x in sections},
            "lines": lines,
            "span": span,
            "span_page": pagination.holding(span[0]).number if span else None,
            "span_printed_page": printed_page(chunks, span[0]) if span else None,
            "pages": pages,
            "page": shown,
            "chunk_spans": {c["id"]: [c["start"], c["end"]] for c in chunks},
            "back": way_back,
            # The viewer's own links carry the way back, so paging through a long document keeps it.
            "keep": f"&back={quote(way_back.param, safe='')}" if way_back else "",
            "active": "documents",
        },
    )


@router.get("/graph", response_class=HTMLResponse, responses=html_page(404, 422))
def graph_page(
    request: Request,
    members: int = Query(0, ge=0, le=1),
    focus: str = Query("", max_length=200, description="an entity id: draw that body with its neighbours only"),
    s: Services = Depends(services),
) -> Response:
    payload = s.graph.payload()
    names = {n["id"]: n["name"] for n in payload["nodes"]}
    if focus:
        s.graph.node(focus)  # an unknown body is a 404 page naming the id
        shown, include_membership = neighbourhood(payload, focus), True
    else:
        shown, include_membership = payload, bool(members)
    drawn = drawn_edges(shown, include_membership)
    too_many = len(drawn) > MAX_DRAWN_EDGES
    svg = None
    if drawn and not too_many:
        dot = to_dot(
            shown,
            include_membership,
            focus=focus or None,
            # A box shows that body with its neighbours; the chosen body's own box opens its page.
            node_url=lambda node_id: f"/entities/{node_id}" if node_id == focus else f"/graph?focus={node_id}#drawing",
            edge_url=lambda edge: f"#edge-{edge['id']}",  # the line's fact, with its evidence, below the drawing
        )
        svg = render_svg(dot)
    # Every body with a fact can be focused, a fact about it alone ("meets monthly") included.
    with_facts = {e["source"] for e in payload["edges"]} | {e["target"] for e in payload["edges"]}
    return render(
        request,
        "graph.html",
        {
            "svg": svg,
            "drawn": len(drawn),
            "too_many": too_many,
            "dot_available": dot_available(),
            "key": drawing_key(shown, drawn, focus or None),
            "min_scale": min_scale(),
            "groups": facts_by_relation(shown["edges"], names, {e["relation"] for e in drawn} if svg else set()),
            "names": names,
            "bodies": [n for n in payload["nodes"] if n["id"] in with_facts],
            "focus": s.graph.node(focus) if focus else None,
            "neighbours": len(shown["nodes"]) - 1 if focus else 0,
            "members": bool(members),
            "active": "graph",
        },
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse, responses=html_page(404, 422))
def entity_page(request: Request, entity_id: str, s: Services = Depends(services)) -> Response:
    payload = s.graph.entity_payload(entity_id)
    graph = s.graph.payload()
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    # A body known only by facts about itself has nothing to draw: its page does not offer a drawing.
    drawable = bool(drawn_edges(neighbourhood(graph, entity_id), include_membership=True))
    return render(request, "entity.html", {"entity": payload, "names": names, "drawable": drawable, "active": "graph"})


def _register_filters(
    document: str = Query("", max_length=200, description="a document id"),
    body: str = Query("", max_length=200, description="the partner that makes the commitment"),
    q: str = Query("", max_length=500, description="words the commitment's text contains"),
) -> RegisterFilters:
    return RegisterFilters.cleaned(document, body, q)


@router.get("/commitments", response_class=HTMLResponse, responses=html_page(404, 422))
def commitments_page(
    request: Request, filters: RegisterFilters = Depends(_register_filters), s: Services = Depends(services)
) -> Response:
    store = s.search.store
    error, status = None, 200
    rows: list[dict[str, Any]] = []
    try:
        filters, rows = select_commitments(store, filters)
    except GovDocsError as err:  # an unknown document or partner: said beside the form, which keeps the choice
        error, status = str(err), err.status_code
    return render(
        request,
        "commitments.html",
        {
            "commitments": rows,
            "documents": store.list_documents(),
            "partners": partners(store),
            "filters": filters,
            "filtered": bool(filters.query()),
            "csv_url": "/commitments.csv" + (f"?{filters.query()}" if filters.query() else ""),
            "error": error,
            "active": "commitments",
        },
        status=status,
    )


_CSV_RESPONSES: dict[int | str, dict[str, Any]] = {
    **html_page(404, 422),
    200: {"description": "the filtered register as CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
}


@router.get("/commitments.csv", response_class=Response, responses=_CSV_RESPONSES)
def commitments_download(
    request: Request, filters: RegisterFilters = Depends(_register_filters), s: Services = Depends(services)
) -> Response:
    filters, rows = select_commitments(s.search.store, filters)  # a bad filter is an error page, not a CSV
    site = str(request.base_url).rstrip("/")
    # A byte-order mark, so that a spreadsheet opening the file reads it as UTF-8 (names with accents, "–").
    body = "\ufeff" + commitments_csv(rows, site)
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{csv_filename(filters)}"'},
    )
