"""A long document is shown a page at a time; a passage link opens the page that holds the passage."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from index.search import passage_url
from server.views import VIEWER_PAGE_CHARS
from tests.bigdoc import governance_text

DOCUMENT = "2023-partnership-board-terms"


@pytest.fixture(scope="module")
def long_document(tmp_path_factory, base_settings, token_counter):
    """One long generated document, ingested and served by a real app (the hash embedder keeps it quick)."""
    from fastapi.testclient import TestClient

    from index.embedder import HashEmbedder
    from index.service import SearchService
    from index.store import Store
    from ingest.pipeline import run_ingest
    from server.app import Services, create_app

    root = tmp_path_factory.mktemp("long-document")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / f"{DOCUMENT}.txt").write_text(governance_text(int(VIEWER_PAGE_CHARS * 2.6)), encoding="utf-8")
    settings = replace(base_settings, data_dir=root / "var", corpus_dir=corpus)
    store = Store(settings.db_path).open()
    assert not run_ingest(corpus, store, token_counter, settings.chunk_tokens).failed
    store.close()
    services = Services.open(settings, search=SearchService.open(settings, embedder=HashEmbedder(32)))
    with TestClient(create_app(settings, services=services)) as client:
        yield client, services.search.store
    services.close()
    services.search.close()


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:300]
    return BeautifulSoup(response.text, "html.parser")


def lines_of(soup: BeautifulSoup) -> list[tuple[int, int, str]]:
    return [(int(p["data-start"]), int(p["data-end"]), p.get_text()) for p in soup.select("#doc-text .line")]


def test_each_page_is_a_part_of_the_text_and_together_they_are_all_of_it(long_document):
    client, store = long_document
    text = store.get_document(DOCUMENT, with_text=True)["clean_text"]
    first = client.get(f"/documents/{DOCUMENT}")
    soup = soup_of(first)
    assert soup.select_one("nav.pages").get_text(" ", strip=True).startswith("Page 1 of 3")
    # A page's size is bounded by the page, not the document (a 4 MB document was one 5 MB page).
    shown = lines_of(soup)
    assert shown[-1][1] - shown[0][0] <= VIEWER_PAGE_CHARS < len(text) / 2
    assert len(first.content) < 3 * VIEWER_PAGE_CHARS

    seen = []
    for number in (1, 2, 3):
        page = soup_of(client.get(f"/documents/{DOCUMENT}", params={"page": number}))
        assert [a["href"] for a in page.select("nav.pages ol a[aria-current=page]")] == [f"?page={number}"]
        seen += lines_of(page)
    # Every line of text is on exactly one page, in order, and shows exactly its characters.
    assert [s for s, _, _ in seen] == sorted({s for s, _, _ in seen})
    assert all(text[s:e] == shown for s, e, shown in seen)
    expected, pos = [], 0
    for raw in text.split("\n"):
        if raw:
            expected.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    assert [(s, e) for s, e, _ in seen] == expected


def test_a_passage_link_opens_the_page_that_holds_the_passage(long_document):
    client, store = long_document
    text = store.get_document(DOCUMENT, with_text=True)["clean_text"]
    late = [c for c in store.chunks_for(DOCUMENT) if c["start"] > 2.2 * VIEWER_PAGE_CHARS]
    assert late
    chunk = late[len(late) // 2]

    soup = soup_of(client.get(passage_url(DOCUMENT, chunk["start"], chunk["end"])))

    assert soup.select_one("nav.pages ol a[aria-current=page]")["href"] == "?page=3"
    passage = soup.select_one("mark#passage")
    assert passage is not None
    assert text[chunk["start"] : chunk["end"]].lstrip("\n").startswith(passage.get_text())
    marked = "".join(m.get_text() for m in soup.select("#doc-text mark"))
    assert marked == text[chunk["start"] : chunk["end"]].replace("\n", "")
    assert soup.find(id=f"chunk-{chunk['id']}") is not None


def test_a_page_without_the_passage_points_to_it(long_document):
    client, store = long_document
    chunk = store.chunks_for(DOCUMENT)[-1]

    soup = soup_of(
        client.get(f"/documents/{DOCUMENT}", params={"start": chunk["start"], "end": chunk["end"], "page": 1})
    )

    assert soup.find(id="passage") is None
    notice = soup.select_one("header .notice a")
    assert notice.get_text() == "page 3" and notice["href"] == f"?start={chunk['start']}&end={chunk['end']}#passage"


def test_outline_lists_this_pages_sections_and_every_link_lands(long_document):
    client, store = long_document
    sections = store.sections_for(DOCUMENT)
    for number in (1, 2, 3):
        soup = soup_of(client.get(f"/documents/{DOCUMENT}", params={"page": number}))
        links = soup.select(".outline a")
        assert links
        for a in links:
            assert a["href"].startswith("#sec-"), a["href"]
            assert soup.find(id=a["href"][1:]) is not None, a["href"]
        # The chunk anchors and the chunk island hold this page's passages only.
        starts = [s for s, _, _ in lines_of(soup)]
        island = soup.select_one("script#chunk-spans").string
        assert all(starts[0] <= span[0] <= starts[-1] for span in json.loads(island).values())
    assert len(sections) > 100


@pytest.mark.parametrize(("query", "status", "words"), [("page=9", 404, "no page 9"), ("page=0", 422, "page")])
def test_a_page_that_does_not_exist_is_a_4xx(long_document, query, status, words):
    client, _ = long_document
    response = client.get(f"/documents/{DOCUMENT}?{query}")
    assert response.status_code == status
    alert = BeautifulSoup(response.text, "html.parser").select_one("main .error[role=alert]")
    assert words in alert.get_text(" ", strip=True)


def test_paging_through_a_long_document_keeps_the_way_back(long_document):
    client, store = long_document
    chunk = store.chunks_for(DOCUMENT)[-1]
    back = "/?c=a1b2c3"
    soup = soup_of(
        client.get(
            f"/documents/{DOCUMENT}", params={"start": chunk["start"], "end": chunk["end"], "page": 1, "back": back}
        )
    )
    carried = f"back={quote(back, safe='')}"
    assert carried in soup.select_one("header .notice a")["href"]
    following = soup.select_one("nav.pages a[rel=next]")["href"]
    assert carried in following
    assert soup.select_one("form.go-to-page input[name=back]")["value"] == back
    assert all(carried in a["href"] for a in soup.select("nav.pages ol a"))
    # Following the link keeps the link back to the answer, with no Referer to lean on.
    soup = soup_of(client.get(f"/documents/{DOCUMENT}{following}"))
    assert soup.select_one(".doc-bar a.doc-back")["href"] == back + "#latest"
