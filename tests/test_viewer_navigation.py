"""The document viewer's way back to the answer, its outline of real sections, and page numbers of a PDF."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from server.navigation import back_link
from server.views import is_outline_section, outline_label, outline_tree
from tests.pdfs import write_text_pdf

ORIGIN = "http://testserver"


def page(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def _passage_query(services, document: str) -> dict:
    chunk = services.search.store.chunks_for(document)[5]
    return {"start": chunk["start"], "end": chunk["end"]}


def _back(soup: BeautifulSoup) -> tuple[str, str]:
    bar = soup.select_one("article.document > .doc-bar")
    assert bar is not None and bar.select_one("h1#doc-title") is not None, "the title is not in the sticky bar"
    link = bar.select_one("a.doc-back")
    return link["href"], link.get_text(" ", strip=True).removeprefix("← ")


# --- the way back ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "url", "label"),
    [
        ("/?c=abc123", "/?c=abc123#latest", "Back to the answer"),
        ("/", "/", "Back to asking questions"),
        ("/search?q=partners&kind=mou", "/search?q=partners&kind=mou", "Back to the search results"),
        ("/graph?focus=ab12", "/graph?focus=ab12", "Back to the governance graph"),
        ("/commitments?document=x", "/commitments?document=x", "Back to the commitments register"),
        ("/entities/ab12cd", "/entities/ab12cd", "Back to the body's facts"),
        ("/documents", "/documents", "Back to the document library"),
    ],
)
def test_back_link_names_the_page_it_returns_to(value, url, label):
    link = back_link(value, None, ORIGIN)
    assert link is not None and (link.url, link.label, link.param) == (url, label, value)


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        " /search",
        "/search\n?q=x",
        "/documents/other-doc",
        "/api/graph",
        "/entities/../../api",
        "search",
        "",
    ],
)
def test_back_link_ignores_anything_but_our_own_pages(value):
    assert back_link(value, None, ORIGIN) is None


def test_back_link_falls_back_to_a_same_origin_referer_only():
    assert back_link(None, f"{ORIGIN}/search?q=board", ORIGIN).url == "/search?q=board"
    assert back_link("https://evil.example/", f"{ORIGIN}/?c=x", ORIGIN).label == "Back to the answer"
    assert back_link(None, "http://evil.example/search?q=board", ORIGIN) is None
    assert back_link(None, "https://testserver/search", ORIGIN) is None  # another scheme is another origin
    assert back_link(None, f"{ORIGIN}/documents/x?start=1&end=2", ORIGIN) is None


def test_viewer_opened_from_an_answer_links_back_to_it(client, services):
    query = _passage_query(services, "icp-mou-2021")
    soup = page(client.get("/documents/icp-mou-2021", params={**query, "back": "/?c=abc123"}))
    assert _back(soup) == ("/?c=abc123#latest", "Back to the answer")
    assert soup.find(id="passage") is not None


def test_viewer_reads_the_way_back_from_the_referer(client, services):
    query = _passage_query(services, "hwb-2018-acs")
    soup = page(client.get("/documents/hwb-2018-acs", params=query, headers={"referer": f"{ORIGIN}/search?q=partners"}))
    assert _back(soup) == ("/search?q=partners", "Back to the search results")
    answered = client.post("/ask", data={"question": "Who chairs the programme board?"}, follow_redirects=False)
    chat = answered.headers["location"].split("#")[0]
    soup = page(client.get("/documents/hwb-2018-acs", params=query, headers={"referer": ORIGIN + chat}))
    assert _back(soup) == (chat + "#latest", "Back to the answer")


@pytest.mark.parametrize(
    "headers",
    [{}, {"referer": "https://evil.example/?c=abc"}, {"referer": f"{ORIGIN}/documents/icp-mou-2021"}],
)
def test_viewer_without_a_known_way_back_links_to_the_library(client, headers):
    soup = page(client.get("/documents/icp-mou-2021", params={"back": "https://evil.example/"}, headers=headers))
    assert _back(soup) == ("/documents", "Back to the document library")
    assert "evil.example" not in str(soup.select_one("main"))


def test_an_overlong_way_back_is_a_422_page(client):
    page(client.get("/documents/icp-mou-2021", params={"back": "/search?q=" + "x" * 2000}), 422)


# --- the outline: real sections only ----------------------------------------------------------------


def _section(sid: str, heading: str, parent: str | None = None, number: str | None = None, page: int | None = None):
    return {
        "id": sid,
        "number": number,
        "heading": heading,
        "path": heading,
        "kind": "heading",
        "page": page,
        "start": 0,
        "end": 1,
        "parent_id": parent,
    }


@pytest.mark.parametrize(
    "heading",
    [
        "KEY",  # a chart's key
        "Aim",  # a table's row label
        "For example",  # a phrase of running text
        "In summary",
        "¹ See Appendix 2 for the Northby partners",  # a footnote
        "* Figures for 2021 only",
        "and the Weston Forum",  # the tail of a wrapped line
        "Reports from the",  # a line cut mid-phrase
        "N/A Ada Quill",  # a table's cells
        "",
    ],
)
def test_fragments_are_not_outline_sections(heading):
    assert not is_outline_section(_section("s", heading))


@pytest.mark.parametrize(
    "heading",
    ["Membership", "Key Tasks", "VISION", "Voluntary sector", "Our priorities for 2024:", "Governance", "Workforce:"],
)
def test_real_headings_are_outline_sections(heading):
    assert is_outline_section(_section("s", heading))


def test_a_numbered_section_is_always_in_the_outline():
    assert is_outline_section(_section("s", "", number="6.1"))
    assert is_outline_section(_section("s", "KEY", number="Appendix 2"))


def test_outline_lifts_a_fragments_subsections_and_drops_repeated_labels():
    sections = [
        _section("a", "Our population"),
        _section("b", "KEY", parent="a"),
        _section("c", "Our future population:", parent="b"),
        *[_section(f"m{i}", "Minutes:", parent="a") for i in range(3)],
        _section("d", "Weston Forum (WF)1", number="2.0", page=4),
    ]
    tree = outline_tree(sections)
    assert [n["id"] for n in tree] == ["a", "d"]
    assert [n["id"] for n in tree[0]["children"]] == ["c"]
    assert tree[1]["label"] == "Weston Forum (WF)" and tree[1]["page"] == 4


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("Sustainability Plan (STP)1", "Sustainability Plan (STP)"),
        ("Our population³", "Our population"),
        ("Minutes of the Previous Meeting pdf icon PDF 346 KB", "Minutes of the Previous Meeting"),
        ("Schedule 2", "Schedule 2"),
        ("Plan 2019-2024", "Plan 2019-2024"),
    ],
)
def test_outline_labels_lose_note_marks_and_file_sizes(heading, label):
    assert outline_label(heading) == label


def test_corpus_outline_leaves_out_fragments_but_keeps_their_subsections(client, services):
    sections = services.search.store.sections_for("place-plan-2019")
    fragments = [s for s in sections if not s["number"] and s["heading"] in ("KEY", "For example")]
    assert fragments, "the corpus no longer has the fragments this test is about"
    soup = page(client.get("/documents/place-plan-2019"))
    links = {a["href"].split("#sec-")[1]: a.get_text(" ", strip=True) for a in soup.select(".outline a")}
    assert not {s["id"] for s in fragments} & set(links)
    children = [s for s in sections if s["parent_id"] in {f["id"] for f in fragments}]
    assert children and all(c["id"] in links for c in children)
    # The fragments' text is still in the document, headings and all.
    for fragment in fragments:
        assert soup.find(id=f"sec-{fragment['id']}") is not None


# --- a PDF: page numbers ---------------------------------------------------------------------------------

PDF_PAGES = [
    ["1.0 Introduction", "", "This plan sets out how the partners of Northby will work together on prevention."],
    ["2.0 Governance", "", "The Northby Board reports to the Weston Health and Wellbeing Board every two months."],
    ["3.0 Review", "", "The partners will review these arrangements each spring and publish a summary."],
]


@pytest.fixture(scope="module")
def pdf_viewer(tmp_path_factory, base_settings, token_counter):
    from fastapi.testclient import TestClient

    from index.embedder import HashEmbedder
    from index.service import SearchService
    from index.store import Store
    from ingest.pipeline import run_ingest
    from server.app import Services, create_app

    root = tmp_path_factory.mktemp("pdf-viewer")
    corpus = root / "corpus"
    corpus.mkdir()
    write_text_pdf(corpus / "2024-03-northby-plan.pdf", PDF_PAGES)
    settings = replace(base_settings, data_dir=root / "var", corpus_dir=corpus)
    store = Store(settings.db_path).open()
    assert not run_ingest(corpus, store, token_counter, settings.chunk_tokens).failed
    store.close()
    services = Services.open(settings, search=SearchService.open(settings, embedder=HashEmbedder(32)))
    with TestClient(create_app(settings, services=services)) as client:
        yield client, services.search.store
    services.close()
    services.search.close()


def test_outline_and_passage_show_the_pdf_page(pdf_viewer):
    client, store = pdf_viewer
    (document,) = store.list_documents()
    soup = page(client.get(f"/documents/{document['id']}"))
    pages = {
        a.select_one(".num").get_text(): a.select_one(".page")
        for a in soup.select(".outline a")
        if a.select_one(".num")
    }
    shown = {n: p.get_text().replace("\xa0", " ") if p else None for n, p in pages.items()}
    assert shown == {"1.0": "p. 1", "2.0": "p. 2", "3.0": "p. 3"}
    (chunk,) = [c for c in store.chunks_for(document["id"]) if "every two months" in c["text"]]
    soup = page(client.get(f"/documents/{document['id']}", params={"start": chunk["start"], "end": chunk["end"]}))
    assert "page 2 of the original" in soup.select_one("article .notice").get_text(" ", strip=True)


def test_passage_link_query_survives_in_the_back_param(client, services):
    """A chat URL's own query (?c=…) goes through the viewer's back parameter unharmed."""
    query = _passage_query(services, "icp-mou-2021")
    response = client.get("/documents/icp-mou-2021", params={**query, "back": "/?c=a1b2&x=1"})
    href, _ = _back(page(response))
    assert parse_qs(urlsplit(href).query) == {"c": ["a1b2"], "x": ["1"]}
