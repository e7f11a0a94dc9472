"""The backends behind Protocols (index/protocols.py): server/ imports only them and the factory, the default
backends return the row shapes the Protocols promise, and the real search path runs over a second lexical backend
(a pure-Python BM25) with the same results."""

from __future__ import annotations

import ast
import importlib
import json
from dataclasses import replace
from typing import get_type_hints

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from core import rows
from core.settings import ROOT
from index.bm25 import MemoryBM25, tokens
from index.embedder import HashEmbedder
from index.lexical import Fts5Index
from index.protocols import CorpusStore, LexicalIndex
from index.query import AnalysedQuery
from index.service import SearchService, build_analyzer
from index.store import Store
from ingest.publish import ingest_and_publish
from server.app import Services, create_app

# What server/ must never import: the embedded engines, the modules that hold the default backends, and
# ingest (text utilities both need live in core/).
FORBIDDEN = (
    "ingest",
    "sqlite3",
    "sqlite_utils",
    "faiss",
    "torch",
    "onnxruntime",
    "sentence_transformers",
    "index.bm25",
    "index.conversations",
    "index.db",
    "index.embedder",
    "index.generations",
    "index.lexical",
    "index.migrations",
    "index.onnx_model",
    "index.store",
    "index.vectors",
)

PAPERS = {
    "northby-hwb-terms-of-reference.txt": """Northby Health and Wellbeing Board: Terms of Reference

Date: 14 March 2023

1. Purpose

1.1 The Northby Health and Wellbeing Board leads the work of partners to improve the health of residents.
1.2 The Board agrees the joint health and wellbeing strategy and oversees its delivery.

2. Membership

2.1 The members of the Board are:
- the Leader of Northby Borough Council, who chairs the Board
- the Director of Public Health
- a representative of the Integrated Care Board (ICB)
- the chief officer of Northby Healthwatch

3. Meetings

3.1 The Board meets quarterly in the council chamber at Northby Town Hall.
3.2 A meeting is quorate when four members are present, one of them from the ICB.

4. Reporting

4.1 The Board reports to Northby Borough Council.
4.2 Minutes are published within ten working days of each meeting.
""",
    "weston-partnership-memorandum.txt": """Weston Care Partnership: Memorandum of Understanding

Date: 2 June 2022

1. Introduction

1.1 This memorandum sets out how the partners of the Weston Care Partnership work together.
1.2 The memorandum is not a legally binding contract.

2. Our Commitment

2.1 We will share information about hospital discharge so that no resident waits for care.
2.2 We will pool budgets for community equipment from April 2023.
2.3 All partners agree to publish their spending on adult social care each year.

3. Signatories

3.1 The memorandum is signed by Ada Quill, chair of the Weston Care Partnership, for all partners.
""",
    "eastfield-place-plan.txt": """Eastfield Place Plan 2024 to 2027

Date: 30 January 2024

1. Our priorities

1.1 Eastfield will reduce the time people wait for a dental appointment.
1.2 Eastfield will open two community wellbeing hubs, one in the market square.
1.3 Eastfield will support carers with respite breaks and a carers' allowance.

2. Funding

2.1 The plan is funded through the Better Care Fund (BCF) and a grant from the council.
2.2 The BCF pooled budget for Eastfield is 4.2 million pounds in 2024.

3. Governance

3.1 The Eastfield Place Board oversees the plan and reports to the Integrated Care Board.
""",
}
QUERIES = (
    "who chairs the health and wellbeing board?",
    "how often does the board meet",
    "pooled budgets for community equipment",
    "dental appointment waiting times",
    "is the memorandum legally binding",
    "who signed the memorandum",
    "what is the BCF pooled budget",
    "when is a meeting quorate",
)


# --- the import boundary --------------------------------------------------------------------------------


def _imports(source: str, module_name: str) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every import statement, at any depth, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            package = module_name.split(".")[: -node.level] if node.level else []
            module = ".".join([*package, *([node.module] if node.module else [])])
            found.append((module, [alias.name for alias in node.names]))
    return found


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def boundary_breaches(source: str, module_name: str) -> list[str]:
    """What a module imports that server/ must not: a backend module, or a backend's class or function imported
    through another module (a re-export would hide the first kind)."""
    breaches = []
    for module, names in _imports(source, module_name):
        if _is_forbidden(module):
            breaches.append(module)
            continue
        for name in names:
            if _is_forbidden(f"{module}.{name}"):
                breaches.append(f"{module}.{name}")
            elif module.split(".")[0] == "index":
                origin = getattr(getattr(importlib.import_module(module), name, None), "__module__", None) or ""
                if _is_forbidden(origin):
                    breaches.append(f"{module}.{name} (from {origin})")
    return breaches


def server_modules() -> list[tuple[str, str]]:
    return [
        (".".join(path.relative_to(ROOT).with_suffix("").parts), path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "server").rglob("*.py"))
    ]


def test_the_boundary_check_finds_what_it_should() -> None:
    source = (
        "import sqlite3\nimport faiss.contrib\nfrom index import store\nfrom index.service import Store\n"
        "from index.protocols import CorpusStore\nfrom . import views\n"
        "def f():\n    from index.vectors import VectorIndex\n"
    )
    assert sorted(boundary_breaches(source, "server.routes.pages")) == [
        "faiss.contrib",
        "index.service.Store (from index.store)",
        "index.store",
        "index.vectors",
        "sqlite3",
    ]
    assert ("server.routes", ["views"]) in _imports(source, "server.routes.pages")


def test_server_imports_only_the_protocols_and_the_factory() -> None:
    modules = server_modules()
    assert len(modules) > 20
    breaches = {name: found for name, source in modules if (found := boundary_breaches(source, name))}
    assert breaches == {}, f"server/ imports backends directly: {breaches}"
    imported = {module for name, source in modules for module, _ in _imports(source, name)}
    assert {"index.protocols", "index.service"} <= imported  # the scan sees server's imports of index/


# --- the default store returns the rows the Protocols promise --------------------------------------------


@pytest.fixture(scope="module")
def papers(tmp_path_factory, base_settings, token_counter):
    """Settings for a data folder holding the invented papers, ingested and published (hash embedder: quick)."""
    root = tmp_path_factory.mktemp("backends")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in PAPERS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = replace(base_settings, data_dir=root / "var", corpus_dir=corpus)
    published = ingest_and_publish(settings, token_counter, HashEmbedder(32))
    assert not published.report.failed and published.vectors is not None
    return settings


def _keys(shape: type) -> set[str]:
    return set(get_type_hints(shape))


def test_the_store_returns_the_row_shapes(papers) -> None:
    store = Store(papers.db_path).open()
    try:
        documents = store.list_documents()
        assert len(documents) == 3 and all(set(d) == _keys(rows.DocumentListing) for d in documents)
        document_id = next(d["id"] for d in documents if "memorandum" in d["source_file"])
        assert set(store.get_document(document_id)) == rows.DocumentRow.__required_keys__
        assert set(store.get_document(document_id, with_text=True)) == _keys(rows.DocumentRow)
        sections = store.sections_for(document_id)
        chunks = store.chunks_for(document_id)
        assert sections and all(set(s) == _keys(rows.SectionRow) for s in sections)
        assert chunks and all(set(c) == _keys(rows.ChunkRow) for c in chunks)
        assert set(store.section(sections[-1]["id"]) or {}) == _keys(rows.SectionRow)
        assert set(store.section_at(document_id, chunks[0]["start"]) or {}) == _keys(rows.SectionRow)
        passage = store.chunk_containing(document_id, chunks[0]["start"], chunks[0]["end"])
        assert passage is not None and set(passage) == _keys(rows.PassageRow)
        passages = store.all_chunks()
        assert passages and all(set(p) == _keys(rows.PassageRow) for p in passages)
        assert set(store.chunks_by_id([passage["id"]])[passage["id"]]) == _keys(rows.PassageRow)
        for name, shape in (
            ("commitments", rows.CommitmentRow),
            ("entities", rows.EntityRow),
            ("edges", rows.EdgeRow),
            ("abbreviations", rows.AbbreviationRow),
        ):
            found = getattr(store, name)()
            assert found and all(set(r) == _keys(shape) for r in found), name
        assert set(store.latest_generation() or {}) == _keys(rows.GenerationRow)
        all_sections = sum(len(store.sections_for(d["id"])) for d in documents)
        assert store.counts() == {"documents": 3, "sections": all_sections, "chunks": len(passages)}
    finally:
        store.close()


# --- a second lexical backend -------------------------------------------------------------------------------


class RecordingBM25(MemoryBM25):
    """The in-memory BM25, noting each query it was asked (so a test sees the server's searches reach it)."""

    def __init__(self, store: CorpusStore) -> None:
        super().__init__(store.all_chunks())
        self.asked: list[str] = []

    def search(self, query: AnalysedQuery, limit: int) -> list[tuple[str, float]]:
        self.asked.append(query.original)
        return super().search(query, limit)


def _same_ranking(expected: list[tuple[str, float]], got: list[tuple[str, float]]) -> None:
    assert [cid for cid, _ in got] == [cid for cid, _ in expected]
    assert [score for _, score in got] == pytest.approx([score for _, score in expected], rel=1e-9)


def test_tokens_fold_case_and_diacritics_and_stem() -> None:
    assert tokens("Meetings of the Café's BOARDS, 2024/25 ⁵") == [
        "meet",
        "of",
        "the",
        "cafe",
        "s",
        "board",
        "2024",
        "25",
        "⁵",
    ]


def test_the_python_bm25_ranks_as_fts5_does(corpus_store) -> None:
    """Over the real corpus and every gold question: the same passages in the same order, with the same scores."""
    analyzer = build_analyzer(corpus_store)
    fts, memory = Fts5Index(corpus_store), MemoryBM25.over(corpus_store)
    questions = json.loads((ROOT / "evaluation" / "gold_questions.json").read_text(encoding="utf-8"))
    assert len(questions) > 100
    for question in (q["question"] for q in questions):
        analysed = analyzer.analyse(question)
        expected = fts.search(analysed, 10)
        assert expected, question
        _same_ranking(expected, memory.search(analysed, 10))
    nothing = analyzer.analyse("the of and")
    assert fts.search(nothing, 10) == memory.search(nothing, 10) == []


def test_the_server_serves_search_and_answers_over_another_lexical_backend(papers) -> None:
    """The app's real search path (routes, answer engine, hybrid search) over the in-memory BM25 instead of FTS5:
    the same results, because the same scores; and without lexical results at all, other results."""
    embedder = HashEmbedder(32)
    made: list[RecordingBM25] = []

    def recording(store: CorpusStore) -> LexicalIndex:
        made.append(RecordingBM25(store))
        return made[-1]

    def app_over(lexical=None):  # type: ignore[no-untyped-def]
        search = SearchService.open(papers, embedder=embedder, build_if_stale=False, lexical=lexical)
        return Services.open(papers, search=search)

    default, other, empty = app_over(), app_over(recording), app_over(lambda store: MemoryBM25([]))
    try:
        assert isinstance(default.search.searcher.lexical_index, Fts5Index)
        assert other.search.searcher.lexical_index is made[0]
        differs, answered = 0, []
        with (
            TestClient(create_app(papers, services=default)) as fts_client,
            TestClient(create_app(papers, services=other)) as bm25_client,
            TestClient(create_app(papers, services=empty)) as no_lexical_client,
        ):
            for query in QUERIES:
                expected = fts_client.get("/api/search", params={"q": query, "k": 5}).json()
                got = bm25_client.get("/api/search", params={"q": query, "k": 5}).json()
                assert got["results"] and got == expected, query
                assert query in made[0].asked
                without = no_lexical_client.get("/api/search", params={"q": query, "k": 5}).json()
                differs += without["results"] != expected["results"]
                for question in (query, "who chairs the Northby Health and Wellbeing Board?"):
                    asked = {"question": question}
                    fts_answer = fts_client.post("/api/ask", json=asked).json()
                    bm25_answer = bm25_client.post("/api/ask", json=asked).json()
                    keep = ("answer", "abstained", "citations", "related", "decline_reason")
                    assert {k: bm25_answer[k] for k in keep} == {k: fts_answer[k] for k in keep}, question
                    answered.append(bool(bm25_answer["citations"]) and not bm25_answer["abstained"])
            page = BeautifulSoup(bm25_client.get("/search", params={"q": QUERIES[2]}).text, "html.parser")
            top = fts_client.get("/api/search", params={"q": QUERIES[2]}).json()["results"][0]
            assert page.select_one("ol.results > li .cite-meta a")["href"] == top["url"]
            assert any(answered)
        # The lexical ranking is part of those results: without one, they are ranked otherwise.
        assert differs == len(QUERIES)
        lexical_only = other.search.searcher.search("dental appointment", 3, mode="lexical")
        assert lexical_only and lexical_only[0].chunk["document_id"].startswith("eastfield")
    finally:
        for services in (default, other, empty):
            services.close()
            services.search.close()


def test_opening_the_search_reads_every_passage_so_searches_do_not(papers) -> None:
    """The stems of every passage are read when the service opens; a first search of them reads none anew."""
    from index.query import stems_of
    from index.search import SearchFilters

    stems_of.cache_clear()
    search = SearchService.open(papers, embedder=HashEmbedder(32), build_if_stale=False)
    try:
        read_at_open = stems_of.cache_info().misses
        assert read_at_open >= len(search.store.all_chunks())
        for query in QUERIES:
            assert search.searcher.search(query, 10, SearchFilters(None, None, None, None))
        searched = stems_of.cache_info()
        # The queries' own words are read, and no passage's.
        assert searched.misses - read_at_open <= 2 * len(QUERIES)
        assert searched.hits > 0
    finally:
        search.close()
