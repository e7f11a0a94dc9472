"""The HTML pages, parsed: forms, citations, escaping, highlighted passages, error pages, security headers."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from core.settings import ROOT

EXAMPLE_QUESTIONS = json.loads((ROOT / "corpus" / "profile.json").read_text(encoding="utf-8"))["example_questions"]

OWN_SCRIPTS = {"/static/app.js", "/static/graph.js"}
SCRIPT_QUESTION = "<script>alert(1)</script> who chairs the HWB?"


@pytest.fixture(scope="module")
def clean_texts(services) -> dict[str, str]:
    store = services.search.store
    return {d["id"]: store.get_document(d["id"], with_text=True)["clean_text"] for d in store.list_documents()}


def page(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def error_message(soup: BeautifulSoup) -> str:
    alert = soup.select_one("main .error[role=alert]")
    assert alert is not None, soup.select_one("main")
    return alert.get_text(" ", strip=True)


def only_app_scripts(soup: BeautifulSoup) -> None:
    """The only executable script is our own file; data islands are JSON, never script."""
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            json.loads(script.string or "{}")
            continue
        assert script.get("src") in OWN_SCRIPTS, script
        assert not (script.string or "").strip()


# --- ask -----------------------------------------------------------------------------------------


def test_home_page_has_a_labelled_ask_form_and_examples(client):
    soup = page(client.get("/"))
    form = soup.select_one("form#ask-form")
    assert form is not None
    assert form["method"].lower() == "post" and form["action"] == "/ask"
    field = form.select_one("input#question")
    assert field is not None and field["name"] == "question"
    assert field.has_attr("required")
    label = soup.select_one("label[for=question]")
    assert label is not None and label.get_text(strip=True)
    examples = soup.select("ul.examples li form")
    assert [f.select_one("button").get_text(strip=True) for f in examples] == EXAMPLE_QUESTIONS
    for f in examples:
        assert f["action"] == "/ask"
        assert f.select_one("input[name=question]")["value"] == f.select_one("button").get_text(strip=True)
    only_app_scripts(soup)


def test_asking_through_the_form_shows_a_cited_answer(client, clean_texts):
    response = client.post(
        "/ask", data={"question": "Who does the Provider Alliance report to?"}, follow_redirects=True
    )
    soup = page(response)
    assert response.url.path == "/"
    conversation = parse_qs(response.url.query.decode())["c"][0]
    assert soup.select_one("input[name=conversation_id]")["value"] == conversation

    turn = soup.select_one("article.turn.latest#latest")
    assert turn is not None
    assert (
        turn.select_one(".question").get_text(" ", strip=True) == "You asked Who does the Provider Alliance report to?"
    )
    assert "Health and Wellbeing Board" in turn.select_one(".answer-text").get_text(" ", strip=True)

    cards = turn.select("ol.sources > li.source")
    citations = turn.select("ol.sources li.citation")
    assert cards and citations
    for number, card in enumerate(cards, start=1):
        assert card["id"] == f"t1-source-{number}"
        assert card.select_one(".chip").get_text(strip=True) == f"[{number}]"
        assert card.select_one(".cite-body .visually-hidden").get_text(strip=True) == f"Source {number}:"
    numbers = [int(c["id"].rsplit("-", 1)[1]) for c in citations]
    assert sorted(numbers) == list(range(1, len(citations) + 1))
    for citation in citations:
        links = citation.select("a[href]")
        assert len(links) == 1 and "quote" in links[0]["class"]  # one link, so one Tab stop, per citation
        href = links[0]["href"]
        assert href.startswith("/documents/") and href.endswith("#passage")
        parts = urlsplit(href)
        doc = parts.path.rsplit("/", 1)[1]
        span = parse_qs(parts.query)
        start, end = int(span["start"][0]), int(span["end"][0])
        quote = links[0].get_text().split(": ", 1)[1]  # after the words said only to screen readers
        assert quote in clean_texts[doc][start:end]

    markers = turn.select(".answer-text a.marker")
    assert markers
    for marker in markers:  # each marker shows its card's number and leads to its own quote inside that card
        target = turn.select_one(marker["href"])
        assert target is not None and "citation" in target["class"]
        card = target.find_parent("li", class_="source")
        assert marker.get_text() == f"[{card['id'].rsplit('-', 1)[1]}]"


def _asked(client, question: str, conversation: str | None = None):
    data = {"question": question, **({"conversation_id": conversation} if conversation else {})}
    response = client.post("/ask", data=data, follow_redirects=True)
    soup = page(response)
    return soup, parse_qs(response.url.query.decode())["c"][0]


def test_a_list_quoted_from_one_section_is_one_source_card(client):
    soup, _ = _asked(client, "Who are the partners of the One Halton ICP?")
    turn = soup.select_one("article.turn.latest")
    cards = turn.select("ol.sources > li.source")
    quotes = turn.select("ol.sources li.citation")
    assert len(cards) == 1 and len(quotes) >= 8
    assert {m.get_text() for m in turn.select(".answer-text a.marker")} == {"[1]"}
    assert len({m["href"] for m in turn.select(".answer-text a.marker")}) == len(quotes)  # each to its own line
    meta = cards[0].select_one(".cite-meta").get_text(" ", strip=True)
    assert "Memorandum of Understanding" in meta and "§" in meta
    notes = [n.get_text(" ", strip=True) for n in cards[0].select(".alias-note")]
    assert any(n.startswith("Halton Housing — another name for Halton Housing Trust (") for n in notes), notes
    for quote in quotes:  # one Tab stop per citation: the quote is its one link
        assert len(quote.select("a[href], button, [tabindex]")) == 1


def test_a_card_says_when_its_quote_names_the_body_otherwise(client):
    soup, _ = _asked(client, "Who does the Provider Alliance report to?")
    note = soup.select_one("article.turn.latest li.citation .alias-note")
    assert note is not None
    text = note.get_text(" ", strip=True)
    assert text.startswith("Provider Group — another name for the One Halton Provider Alliance")
    assert "corpus profile" in note.select_one(".alias-source").get_text()
    assert "Provider Group" in note.find_parent("li", class_="citation").select_one("a.quote").get_text()


def test_the_answer_with_its_sources_as_plain_text(client):
    soup, _ = _asked(client, "Who does the Provider Alliance report to?")
    turn = soup.select_one("article.turn.latest")
    plain = turn.select_one("details.plain-text pre")
    button = turn.select_one("button.copy-answer")
    assert button is not None and button.has_attr("hidden")  # the script shows it; without it, the text is here
    assert button["data-copy"] == plain["id"]
    text = plain.get_text()
    lines = text.splitlines()
    assert lines[0] == "Question: Who does the Provider Alliance report to?"
    assert "Sources" in lines and any(line.startswith("[1] ") for line in lines)
    assert any(line.strip().startswith("http://testserver/documents/") for line in lines)
    assert "<" not in text and "&amp;" not in text


def test_a_follow_up_shows_how_it_was_read(client):
    _, conversation = _asked(client, "Who does the Provider Alliance report to?")
    soup, _ = _asked(client, "and how often does it meet?", conversation)
    turns = soup.select("article.turn")
    assert turns[0].select_one(".reading") is None
    reading = turns[1].select_one(".reading")
    assert reading is not None
    assert reading.get_text(strip=True) == "Taking “it” as the One Halton Provider Alliance."


def test_a_decline_says_it_once_in_one_sentence(client):
    soup, _ = _asked(client, "What is the quorum of the Health and Wellbeing Board?")
    turn = soup.select_one("article.turn.latest")
    said = turn.select_one(".answer-text").get_text(" ", strip=True)
    assert said == "The documents do not say: no document mentions “quorum”."
    assert turn.get_text(" ").count("do not say") == 1
    assert [s.get_text(strip=True) for s in turn.select("summary")] == ["The closest passages"]
    assert "closest" not in said


def test_related_passages_mark_the_questions_words(client):
    soup, _ = _asked(client, "What is the quorum of the Health and Wellbeing Board?")
    related = soup.select("article.turn.latest details.related li.result")
    assert related
    marked = [m.get_text().lower() for m in soup.select("article.turn.latest details.related mark")]
    assert marked and all(m.startswith(("health", "wellbeing", "board", "quorum")) for m in marked), marked


def _ids(soup: BeautifulSoup) -> list[str]:
    return [e["id"] for e in soup.select("main [id], article.turn[id], article.turn [id]")]


def test_turn_anchors_never_repeat_once_chat_memory_forgets_old_turns(client, services):
    """Chat memory keeps the newest MAX_TURNS_KEPT turns: a turn's anchors (t52-cite-1) follow its place in the
    conversation, so a new turn never takes the anchors of one still on the page."""
    from index.conversations import MAX_TURNS_KEPT

    _, conversation = _asked(client, "Who chairs the Health and Wellbeing Board?")
    (first,) = services.conversations.turns(conversation)
    for n in range(MAX_TURNS_KEPT + 1):  # straight into chat memory: the answers themselves are not the point
        services.conversations.add_turn(
            conversation, f"Question {n + 2}?", first["resolved_question"], first["answer"], first["payload"]
        )
    kept = services.conversations.turns(conversation)
    assert kept[0]["ordinal"] > 0, "the oldest turns were not forgotten: the test needs more turns"
    before = page(client.get("/", params={"c": conversation}))  # the page without JavaScript
    on_page = _ids(before)
    assert len(on_page) == len(set(on_page))
    questions = [h["id"] for h in before.select("article.turn h2.question")]
    assert questions[-1] == f"t{MAX_TURNS_KEPT + 2}-question"

    # With JavaScript the next answer's fragment joins the page already shown: none of its ids may be there.
    services.conversations.add_turn(
        conversation, "One more question?", first["resolved_question"], first["answer"], first["payload"]
    )
    fragment = page(client.get(f"/conversations/{conversation}/latest"))
    added = [i for i in _ids(fragment) if i != "latest"]  # the script takes "latest" off the turn before
    assert added and not set(added) & set(on_page), sorted(set(added) & set(on_page))[:5]
    after = page(client.get("/", params={"c": conversation}))
    assert str(after.select("article.turn")[-1]) == str(fragment.select_one("article.turn"))
    # A turn still on the page keeps its anchors as older ones are forgotten, so a link to it still works.
    assert set(_ids(after.select("article.turn")[-2])) <= set(on_page)


def test_the_latest_turn_fragment_is_the_pages_own_turn(client):
    soup, conversation = _asked(client, "Who are the partners of the One Halton ICP?")
    response = client.get(f"/conversations/{conversation}/latest")
    fragment = page(response)
    assert str(fragment.select_one("article.turn.latest")) == str(soup.select_one("article.turn.latest"))
    assert fragment.select_one("html, header, form#ask-form") is None  # the turn only
    page(client.get("/conversations/no-such-chat/latest"), 404)
    page(client.get("/conversations/bad!id/latest"), 422)


def test_clear_conversation_is_on_the_page_from_the_first_answer(client):
    home = page(client.get("/"))
    assert home.select_one("form.clear").has_attr("hidden")  # nothing to clear yet (the script shows it later)
    assert not home.select_one(".welcome").has_attr("hidden")
    soup, conversation = _asked(client, "Who chairs the Health and Wellbeing Board?")
    clear = soup.select_one("form.clear")
    assert not clear.has_attr("hidden") and clear["action"] == f"/conversations/{conversation}/clear"
    assert soup.select_one(".welcome").has_attr("hidden")
    status = soup.select_one("#chat-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"


def test_user_text_is_escaped_not_executed(client):
    response = client.post("/ask", data={"question": SCRIPT_QUESTION}, follow_redirects=True)
    soup = page(response)
    only_app_scripts(soup)
    question = soup.select_one("article.turn.latest .question")
    assert question.get_text(" ", strip=True) == "You asked " + SCRIPT_QUESTION
    assert question.find("script") is None


def test_script_in_a_search_query_is_escaped(client):
    soup = page(client.get("/search", params={"q": SCRIPT_QUESTION}))
    only_app_scripts(soup)
    assert soup.select_one("input#q")["value"] == SCRIPT_QUESTION
    assert SCRIPT_QUESTION in soup.select_one("p.count").get_text()


def test_empty_question_is_a_422_page_with_a_clear_message(client):
    soup = page(client.post("/ask", data={"question": "   "}), 422)
    assert "empty" in error_message(soup)
    field = soup.select_one("input#question")
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == "ask-error"


def test_overlong_question_is_a_422_page(client):
    soup = page(client.post("/ask", data={"question": "why? " * 2000}), 422)
    assert "Your question is longer than 2,000 characters" in error_message(soup)
    assert len(soup.select_one("input#question")["value"]) <= 2000


def test_unknown_conversation_starts_afresh(client):
    soup = page(client.get("/", params={"c": "no-such-chat"}))
    assert "no longer exists" in soup.select_one("p.notice").get_text()
    assert soup.select_one("input[name=conversation_id]")["value"] == ""


def test_clear_conversation_form(client):
    response = client.post(
        "/ask", data={"question": "Who chairs the Health and Wellbeing Board?"}, follow_redirects=True
    )
    soup = page(response)
    clear = soup.select_one("form.clear")
    assert clear is not None
    cleared = client.post(clear["action"], follow_redirects=True)
    home = page(cleared)
    assert home.select(".turn") == [] and home.select_one("ul.examples") is not None
    conversation = parse_qs(response.url.query.decode())["c"][0]
    assert client.get(f"/api/conversations/{conversation}").status_code == 404


# --- search --------------------------------------------------------------------------------------


def test_search_page_shows_highlighted_results_and_filters(client):
    soup = page(client.get("/search", params={"q": "bi-monthly meetings"}))
    results = soup.select("ol.results li.result")
    assert len(results) == 10
    marks = [m.get_text().lower() for m in soup.select("li.result .snippet mark")]
    assert "bi-monthly" in marks
    assert all(m.startswith(("bi", "month", "meeti")) for m in marks), marks
    for r in results:
        assert r.select_one(".cite-meta a")["href"].startswith("/documents/")
    documents = [o["value"] for o in soup.select("select[name=document] option")]
    assert documents[0] == "" and len(documents) == 6
    kinds = [o["value"] for o in soup.select("select[name=kind] option")]
    assert "board report" in kinds
    assert soup.select_one("input[name=date_from]") is not None
    assert soup.select_one("input[name=date_to]") is not None


def test_search_page_applies_and_keeps_filters(client):
    soup = page(client.get("/search", params={"q": "partners", "document": "icp-mou-2021"}))
    selected = soup.select_one("select[name=document] option[selected]")
    assert selected["value"] == "icp-mou-2021"
    links = [r.select_one(".cite-meta a")["href"] for r in soup.select("li.result")]
    assert links and all(href.startswith("/documents/icp-mou-2021?") for href in links)


def test_search_page_bad_date_is_422(client):
    soup = page(client.get("/search", params={"q": "board", "date_from": "21"}), 422)
    assert "date_from" in error_message(soup)
    assert soup.select("li.result") == []


def test_search_page_says_when_no_passage_mentions_the_words(client):
    soup = page(client.get("/search", params={"q": "<b>quorum</b>"}))
    assert soup.select_one("p.count").get_text() == "No passage mentions ‘<b>quorum</b>’; the closest passages are:"
    assert soup.select_one("p.count b") is None  # escaped, not markup
    assert soup.select("ol.results.closest li.result")
    found = page(client.get("/search", params={"q": "partners"}))
    assert found.select_one("p.count").get_text() == "10 passages for “partners”"
    assert found.select_one("ol.closest") is None and found.select_one("p.unmatched") is None


def test_search_page_names_the_words_no_passage_mentions(client):
    soup = page(client.get("/search", params={"q": "quorum of the board"}))
    assert soup.select_one("p.count").get_text().endswith("passages for “quorum of the board”")
    assert "No passage mentions ‘quorum’" in soup.select_one("p.unmatched").get_text()


def test_search_page_no_match_respects_the_filters(client):
    # "telecare" is in the 2017 Better Care Fund plan only (tests/test_api.py checks the premise).
    soup = page(client.get("/search", params={"q": "telecare", "document": "icp-mou-2021"}))
    count = soup.select_one("p.count.no-match")
    assert count is not None
    assert count.get_text() == "No passage of the documents chosen mentions ‘telecare’; the closest passages are:"
    assert all("bcf-2017" not in a["href"] for a in soup.select("li.result a"))
    elsewhere = soup.select_one("p.elsewhere a")
    assert elsewhere is not None and parse_qs(urlsplit(elsewhere["href"]).query)["q"] == ["telecare"]
    everywhere = page(client.get(elsewhere["href"]))
    assert everywhere.select_one("p.no-match") is None and everywhere.select_one("p.elsewhere") is None
    kept = page(client.get("/search", params={"q": "telecare", "document": "bcf-2017"}))
    assert kept.select_one("p.no-match") is None and kept.select("li.result")


def test_search_page_kinds_are_the_stores_and_an_unknown_kind_says_so(client, services):
    kinds = services.search.store.kinds()
    soup = page(client.get("/search", params={"q": "partners"}))
    assert [o["value"] for o in soup.select("select[name=kind] option")] == ["", *kinds]
    unknown = page(client.get("/search", params={"q": "partners", "kind": "minutes"}), 422)
    message = error_message(unknown)
    assert "“minutes”" in message and all(k in message for k in kinds), message
    assert unknown.select("li.result") == []


def test_overlong_search_is_explained_on_the_search_page(client):
    soup = page(client.get("/search", params={"q": "board " * 500}), 422)
    message = error_message(soup)
    assert "2,000 characters" in message and "String should" not in message, message
    assert soup.select_one("form[role=search] input#q") is not None  # the person can shorten it right there


@pytest.mark.parametrize(
    ("path", "words"),
    [("/search?q=board&k=500", ["number of results", "50"]), ("/graph?members=7", ["members", "at most 1"])],
)
def test_a_bad_parameter_is_explained_in_words(client, path, words):
    message = error_message(page(client.get(path), 422))
    assert all(w in message for w in words), message
    assert "should be" not in message.lower() and not message.startswith(("k:", "members:")), message


# --- documents -----------------------------------------------------------------------------------


def test_library_lists_five_documents(client):
    soup = page(client.get("/documents"))
    rows = soup.select("table.library tbody tr")
    assert len(rows) == 5
    links = {row.select_one("a")["href"] for row in rows}
    assert links == {
        f"/documents/{d}" for d in ("bcf-2017", "hwb-2018-acs", "place-plan-2019", "hwb-2021-update", "icp-mou-2021")
    }


def _passage(soup: BeautifulSoup):
    passages = soup.find_all(id="passage")
    assert len(passages) == 1
    assert passages[0].name == "mark"
    return passages[0]


def _spans(services, clean_texts) -> list[tuple[str, int, int]]:
    """A few chunk spans of every document, including ones that cross a line break."""
    spans = []
    for doc in clean_texts:
        chunks = services.search.store.chunks_for(doc)
        multi_line = [c for c in chunks if "\n" in clean_texts[doc][c["start"] : c["end"]].strip("\n")]
        for c in [chunks[0], chunks[len(chunks) // 2], chunks[-1], *multi_line[:1]]:
            spans.append((doc, c["start"], c["end"]))
    return spans


def test_viewer_highlights_exactly_the_span(client, services, clean_texts):
    crossed_lines = 0
    for doc, start, end in _spans(services, clean_texts):
        soup = page(client.get(f"/documents/{doc}", params={"start": start, "end": end}))
        span = clean_texts[doc][start:end]
        first = _passage(soup).get_text()
        assert first and span.lstrip("\n").startswith(first)
        assert first == span.lstrip("\n").split("\n", 1)[0] or first == span
        marked = "".join(m.get_text() for m in soup.select("#doc-text mark"))
        assert marked == span.replace("\n", "")
        crossed_lines += len(soup.select("#doc-text mark")) > 1
        ids = [t["id"] for t in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), "duplicate ids on the viewer page"
    assert crossed_lines, "no multi-line span was checked"


def test_viewer_without_a_span_has_no_passage_and_anchors_every_chunk(client, services):
    soup = page(client.get("/documents/icp-mou-2021"))
    assert soup.find(id="passage") is None
    assert soup.select_one("h1#doc-title").get_text() == (
        "One Halton Integrated Care Partnership Memorandum of Understanding"
    )
    chunks = services.search.store.chunks_for("icp-mou-2021")
    assert {a["id"] for a in soup.select("span.anchor")} == {f"chunk-{c['id']}" for c in chunks}


def test_every_outline_link_lands_on_its_section(client, clean_texts):
    dead = []
    for doc in clean_texts:
        soup = page(client.get(f"/documents/{doc}"))
        links = soup.select(".outline a[href^='#sec-']")
        assert len(links) > 10, doc
        dead += [(doc, a["href"]) for a in links if soup.find(id=a["href"][1:]) is None]
    assert dead == []


def test_viewer_chunk_spans_island_is_valid_json(client, services):
    soup = page(client.get("/documents/icp-mou-2021"))
    island = soup.select_one("script#chunk-spans[type='application/json']")
    assert island is not None
    spans = json.loads(island.string)
    chunks = services.search.store.chunks_for("icp-mou-2021")
    assert spans == {c["id"]: [c["start"], c["end"]] for c in chunks}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("start=50&end=10", "before its end"),
        ("start=10&end=10", "before its end"),
        ("start=0&end=99999999", "past the end"),
        ("start=abc&end=def", "whole numbers"),
        ("start=-5&end=10", "whole numbers"),
        ("start=1e3&end=2e3", "whole numbers"),
        ("start=10", "both start and end"),
        ("end=10", "both start and end"),
        ("start=1&end=" + "9" * 13, "end"),
    ],
)
def test_viewer_bad_span_is_a_422_page(client, query, words):
    soup = page(client.get(f"/documents/hwb-2018-acs?{query}"), 422)
    assert words in error_message(soup)
    assert soup.find(id="passage") is None


def test_unknown_document_is_a_404_page(client):
    soup = page(client.get("/documents/no-such-doc"), 404)
    assert soup.select_one("main h1").get_text(strip=True) == "Not found"
    assert "no-such-doc" in error_message(soup)


def test_unknown_path_is_a_404_page(client):
    soup = page(client.get("/no/such/page"), 404)
    assert soup.select_one("main h1").get_text(strip=True) == "Not found"


# --- graph, entities, commitments ----------------------------------------------------------------


def test_graph_page_draws_and_lists_facts(client):
    soup = page(client.get("/graph"))
    figure = soup.select_one("figure.diagram")
    if shutil.which("dot"):
        svg = figure.find("svg")
        assert svg is not None, "Graphviz is installed but no inline <svg> was drawn"
        entity_links = [a.get("xlink:href") or a.get("href") for a in svg.select("g.node a")]
        assert entity_links and all(link.startswith("/graph?focus=") for link in entity_links)
        assert "Health and Wellbeing Board" in svg.get_text(" ")
    else:
        assert figure.find("svg") is None
        assert "Graphviz" in figure.select_one(".notice").get_text()
    edges = client.get("/api/graph").json()["edges"]
    facts = soup.select(".graph-facts li.fact")
    assert len(facts) == len(edges)
    for fact in facts:
        evidence = fact.select("ul.evidence a")
        assert evidence
        assert all(a["href"].startswith("/documents/") and a["href"].endswith("#passage") for a in evidence)
        assert fact.select_one("p a")["href"].startswith("/entities/")


def test_entity_page_renders_facts_with_evidence(client):
    graph = client.get("/api/graph").json()
    hwb = next(n for n in graph["nodes"] if n["name"] == "Health and Wellbeing Board")
    soup = page(client.get(f"/entities/{hwb['id']}"))
    assert soup.select_one("main h1").get_text(strip=True) == "Health and Wellbeing Board"
    facts = soup.select("li.fact")
    entity = client.get(f"/api/entities/{hwb['id']}").json()
    assert len(facts) == len(entity["incoming"]) + len(entity["outgoing"])
    for fact in facts:
        quotes = fact.select("ul.evidence blockquote.quote")
        assert quotes and all(q.get_text().strip() for q in quotes)
        assert all(a["href"].startswith("/documents/") for a in fact.select("ul.evidence a"))
    assert any("Provider Alliance" in f.get_text() and "reports to" in f.get_text() for f in facts)


def test_unknown_entity_is_a_404_page(client):
    soup = page(client.get("/entities/nope"), 404)
    assert "nope" in error_message(soup)


def test_commitments_page_lists_and_filters(client):
    everything = client.get("/api/commitments").json()["commitments"]
    soup = page(client.get("/commitments"))
    assert len(soup.select("li.commitment")) == len(everything)

    soup = page(client.get("/commitments", params={"document": "icp-mou-2021"}))
    items = soup.select("li.commitment")
    assert items and all(i.select_one("a")["href"].startswith("/documents/icp-mou-2021?") for i in items)
    clause = [i for i in items if i.select_one(".num") and i.select_one(".num").get_text() == "Clause 7.4"]
    assert len(clause) == 1 and "Primary Care" in clause[0].select_one("p").get_text()

    soup = page(client.get("/commitments", params={"q": "no such words anywhere"}))
    assert soup.select("li.commitment") == []
    assert soup.select_one("p.count").get_text(" ", strip=True) == "0 commitments match the filter"


# --- every page ----------------------------------------------------------------------------------


def _pages(client) -> list[str]:
    graph = client.get("/api/graph").json()
    return [
        "/",
        "/?c=no-such-chat",
        "/search?q=partners",
        "/search?q=board&date_from=x",
        "/documents",
        "/documents/icp-mou-2021",
        "/documents/icp-mou-2021?start=0&end=50",
        "/documents/icp-mou-2021?start=50&end=0",
        "/documents/nope",
        "/graph",
        "/graph?members=1",
        f"/graph?focus={graph['nodes'][0]['id']}",
        f"/entities/{graph['nodes'][0]['id']}",
        "/commitments",
        "/nope",
    ]


def test_every_response_has_a_content_security_policy(client):
    paths = [*_pages(client), "/healthz", "/api/documents", "/api/search?q=x&k=0", "/static/app.js"]
    for path in paths:
        response = client.get(path)
        policy = response.headers.get("content-security-policy", "")
        directives = {d.strip().split(" ", 1)[0]: d.strip() for d in policy.split(";") if d.strip()}
        assert directives.get("default-src") == "default-src 'self'", (path, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response.headers.get("x-content-type-options") == "nosniff"
    posted = client.post("/ask", data={"question": ""})
    assert "default-src 'self'" in posted.headers["content-security-policy"]


def _references(soup: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name in ("src", "href", "action", "xlink:href", "srcset", "poster", "data"):
                found.append((f"{tag.name}[{name}]", str(value)))
    return found


def test_no_page_references_an_external_url(client):
    answered = client.post(
        "/ask", data={"question": "Who are the partners of the One Halton ICP?"}, follow_redirects=True
    )
    soups: dict[str, BeautifulSoup] = {
        path: BeautifulSoup(client.get(path).text, "html.parser") for path in _pages(client)
    }
    soups["answered"] = page(answered)
    for path, soup in soups.items():
        references = _references(soup)
        assert references, path
        external = [
            (where, url) for where, url in references if url.lower().lstrip().startswith(("http:", "https:", "//"))
        ]
        assert external == [], (path, external)
        stylesheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
        assert stylesheets == ["/static/style.css", "/static/pages.css"], path
        # style-src 'self' would block inline styles, so none may be relied on.
        assert soup.find_all(style=True) == [], path


def test_static_files_are_served(client):
    for name in OWN_SCRIPTS:
        script = client.get(name)
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    for name in ("/static/style.css", "/static/pages.css"):
        style = client.get(name)
        assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
        assert "http://" not in style.text and "https://" not in style.text
