"""The JSON API over the real ingested corpus with the real model: shapes, bounds, filters, relevance."""

from __future__ import annotations

import re
from typing import Any

import pytest

MANIFEST_IDS = {"bcf-2017", "hwb-2018-acs", "place-plan-2019", "hwb-2021-update", "icp-mou-2021"}
HIT_KEYS = {"id", "text", "score", "document", "section", "page", "start", "end", "url"}
CITATION_KEYS = {"document", "section", "start", "end", "url", "quote"}
MARKER = re.compile(r"\[(\d{1,3})\]")


@pytest.fixture(scope="module")
def clean_texts(services) -> dict[str, str]:
    """Each document's clean text: the thing every start/end offset points into."""
    store = services.search.store
    return {d["id"]: store.get_document(d["id"], with_text=True)["clean_text"] for d in store.list_documents()}


def assert_error(response, status: int, *words: str) -> str:
    """An API error is JSON {"error": {"status", "message"}} whose message names what went wrong."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"]["status"] == status
    message = body["error"]["message"]
    assert isinstance(message, str) and message.strip()
    # `detail` as FastAPI's clients read it: for a 422 from validation each problem in words, else the message.
    if isinstance(body["detail"], list):
        assert body["detail"] and " ".join(d["msg"] for d in body["detail"]) == message
        assert all(set(d) == {"loc", "msg", "type"} for d in body["detail"])
    else:
        assert body["detail"] == message
    for word in words:
        assert word.lower() in message.lower(), message
    return message


def search(client, q: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == q
    return body["results"]


def ask(client, question: str, conversation_id: str | None = None) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": question, "conversation_id": conversation_id})
    assert response.status_code == 200, response.text
    return response.json()


def assert_cited(answer: dict[str, Any], clean_texts: dict[str, str]) -> None:
    """Every citation points at a real span whose text holds the quote; every marker names a citation."""
    assert answer["citations"], answer
    for c in answer["citations"]:
        assert set(c) >= CITATION_KEYS, c
        doc = c["document"]["id"]
        assert doc in clean_texts
        assert 0 <= c["start"] < c["end"] <= len(clean_texts[doc])
        assert c["url"] == f"/documents/{doc}?start={c['start']}&end={c['end']}#passage"
        assert c["quote"].strip()
        assert c["quote"] in clean_texts[doc][c["start"] : c["end"]], (c["quote"], c["start"], c["end"])
        assert {"number", "heading", "path"} <= set(c["section"])
    markers = [int(n) for n in MARKER.findall(answer["answer"])]
    assert markers, answer["answer"]
    assert all(1 <= n <= len(answer["citations"]) for n in markers)


# --- health and documents ------------------------------------------------------------------------


def test_healthz_counts_the_corpus(client, services):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "generation", "documents", "sections", "chunks"}
    assert body["status"] == "ok"
    assert body["documents"] == 5
    assert body["sections"] > 0 and body["chunks"] > 0
    documents = client.get("/api/documents").json()["documents"]
    assert body["sections"] == sum(d["sections"] for d in documents)
    assert body["chunks"] == sum(d["chunks"] for d in documents)


def test_documents_lists_the_five_documents_newest_first(client):
    documents = client.get("/api/documents").json()["documents"]
    assert {d["id"] for d in documents} == MANIFEST_IDS
    for d in documents:
        assert {"id", "title", "kind", "date"} <= set(d)
        assert d["title"].strip() and d["kind"].strip()
        assert re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", d["date"])
    dates = [d["date"] for d in documents]
    assert dates == sorted(dates, reverse=True)


def _walk(nodes: list[dict[str, Any]], parent_path: str | None = None):
    for node in nodes:
        yield node, parent_path
        yield from _walk(node["children"], node["path"])


def test_document_has_metadata_and_a_nested_section_tree(client):
    response = client.get("/api/documents/icp-mou-2021")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "icp-mou-2021"
    assert body["title"] == "One Halton Integrated Care Partnership Memorandum of Understanding"
    assert body["kind"] == "memorandum of understanding"
    assert body["date"] == "2021"
    nodes = list(_walk(body["sections"]))
    assert len(nodes) == body["section_count"] > 10
    assert any(node["children"] for node, _ in nodes), "the tree is flat"
    for node, parent_path in nodes:
        assert {"number", "heading", "path", "children"} <= set(node)
        assert node["heading"].strip()
        if parent_path is not None:
            assert node["path"].startswith(parent_path + " › "), (parent_path, node["path"])
    numbered = {node["number"]: node for node, _ in nodes if node["number"]}
    assert "7.4" in numbered
    assert numbered["7.4"]["path"].startswith("7 Our Commitment › 7.4")


def test_unknown_document_is_a_json_404(client):
    assert_error(client.get("/api/documents/no-such-doc"), 404, "no-such-doc")


# --- search --------------------------------------------------------------------------------------


def test_search_result_shape_and_spans(client, clean_texts):
    results = search(client, "Health and Wellbeing Board governance", k=10)
    assert len(results) == 10
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert len({r["id"] for r in results}) == len(results)
    for r in results:
        assert set(r) == HIT_KEYS
        assert set(r["document"]) == {"id", "title", "kind", "date"}
        assert set(r["section"]) == {"number", "heading", "path"}
        doc = r["document"]["id"]
        assert r["url"] == f"/documents/{doc}?start={r['start']}&end={r['end']}#passage"
        assert r["text"] == clean_texts[doc][r["start"] : r["end"]]


@pytest.mark.parametrize("k", [1, 3, 50])
def test_search_returns_at_most_k(client, k):
    results = search(client, "partners", k=k)
    assert 1 <= len(results) <= k
    if k < 50:
        assert len(results) == k


@pytest.mark.parametrize("k", [0, 51, -1])
def test_search_k_out_of_bounds_is_422_naming_k(client, k):
    message = assert_error(client.get("/api/search", params={"q": "board", "k": k}), 422)
    assert re.search(r"\bk\b", message), message


def test_search_without_q_is_422(client):
    message = assert_error(client.get("/api/search"), 422)
    assert re.search(r"\bq\b", message), message


def test_search_blank_q_is_422(client):
    assert_error(client.get("/api/search", params={"q": "   "}), 422, "empty")


def test_search_document_filter(client):
    results = search(client, "partners", document="icp-mou-2021", k=20)
    assert results
    assert {r["document"]["id"] for r in results} == {"icp-mou-2021"}


def test_search_kind_filter(client):
    results = search(client, "partners", kind="board report", k=20)
    assert results
    assert {r["document"]["kind"] for r in results} == {"board report"}
    # The unfiltered search does find other kinds, so the filter did something.
    assert {r["document"]["kind"] for r in search(client, "partners", k=20)} != {"board report"}


def test_search_date_filters(client):
    newer = search(client, "partners", date_from="2021", k=20)
    assert newer and all(r["document"]["date"] >= "2021" for r in newer)
    older = search(client, "partners", date_to="2018", k=20)
    assert older and all(r["document"]["date"][:4] <= "2018" for r in older)
    assert {r["document"]["date"][:4] for r in older} >= {"2017", "2018"}


@pytest.mark.parametrize("param", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["21-01", "2021/01/01", "yesterday", "2021-1-1"])
def test_search_bad_date_is_422_naming_the_parameter(client, param, value):
    assert_error(client.get("/api/search", params={"q": "board", param: value}), 422, param)


def test_search_unknown_document_is_404(client):
    assert_error(client.get("/api/search", params={"q": "board", "document": "nope"}), 404, "nope")


NASTY_QUERIES = [
    "AND",
    "OR NOT",
    '"',
    "(((",
    "NEAR(",
    "*",
    "emoji 😀",
    "-",
    'a"b',
    "col:umn",
    "^",
    "'; DROP TABLE chunks; -- OR 1=1 UNION SELECT * FROM documents",
    "text MATCH 'x' OR chunks_fts:*",
    "board\x00\x07 meeting",
    "%_%",
    "\\",
]


@pytest.mark.parametrize("q", NASTY_QUERIES)
def test_nasty_queries_never_fail(client, q, clean_texts):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    for r in response.json()["results"]:
        assert r["text"] == clean_texts[r["document"]["id"]][r["start"] : r["end"]]


def test_sql_injection_leaves_the_store_intact(client):
    client.get("/api/search", params={"q": "'; DROP TABLE chunks; --"})
    assert client.get("/healthz").json()["chunks"] > 0


def test_long_query_limits(client):
    long_ok = ("governance board partners " * 80)[:1999]
    assert len(long_ok) == 1999
    assert client.get("/api/search", params={"q": long_ok}).status_code == 200
    too_long = "a" * 2500
    assert_error(client.get("/api/search", params={"q": too_long}), 422, "2,000")


# Queries no passage can answer by its words: a word the corpus never uses, and typed text with no words.
NO_MATCH_QUERIES = ["quorum", "😀", '"', "* OR 1=1", "emoji 😀", "quorums?"]
# Words the corpus has: as written, plural, an abbreviation of what it writes out, and a typo.
MATCH_QUERIES = ["partners", "Provider Alliance", "HWB", "accountble", "bi-monthly meetings", "the quorum of the board"]


def _search_body(client, q: str, **filters: str) -> dict[str, Any]:
    response = client.get("/api/search", params={"q": q, **filters})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"query", "results", "no_match", "unmatched_words"} <= set(body)
    assert all(set(r) == HIT_KEYS for r in body["results"])
    return body


@pytest.mark.parametrize("q", NO_MATCH_QUERIES)
def test_search_says_no_match_when_no_passage_has_the_words(client, clean_texts, q):
    words = re.findall(r"[A-Za-z]{2,}", q.replace("OR", ""))
    for word in words:  # the premise, from the store: no document uses the word at all
        assert not any(re.search(rf"\b{word[:6]}", t, re.I) for t in clean_texts.values()), word
    body = _search_body(client, q)
    assert body["no_match"] is True, body["results"][:1]
    assert body["results"], "the closest passages still follow"
    assert body["unmatched_words"] == [w.lower() for w in words]


@pytest.mark.parametrize("q", MATCH_QUERIES)
def test_search_with_words_the_corpus_has_is_a_match(client, q):
    body = _search_body(client, q)
    assert body["no_match"] is False, q
    assert body["results"]
    assert body["unmatched_words"] == (["quorum"] if "quorum" in q else [])


def test_chat_and_search_agree_on_what_no_document_mentions(client):
    answer = ask(client, "What is the quorum of the Health and Wellbeing Board?")
    assert answer["abstained"] is True
    assert "quorum" in answer["answer"]
    assert _search_body(client, "quorum")["no_match"] is True
    # ... and a word a passage has is searched and answered from, not declared missing
    assert _search_body(client, "reporting arrangements")["no_match"] is False
    assert ask(client, "What are the reporting arrangements of the Provider Alliance?")["abstained"] is False


# "telecare" is written in the 2017 Better Care Fund plan only: a search the filters keep to other papers
# finds no passage that mentions it, however many passages the whole corpus has.
ONLY_IN_ONE_DOCUMENT = ("telecare", "bcf-2017")


def test_no_match_respects_the_filters(client, clean_texts):
    word, home = ONLY_IN_ONE_DOCUMENT
    assert [d for d, t in clean_texts.items() if re.search(rf"\b{word}", t, re.I)] == [home]  # the premise
    assert _search_body(client, word)["no_match"] is False
    others = [d for d in clean_texts if d != home]
    home_kind = client.get(f"/api/documents/{home}").json()["kind"]
    other_kind = next(k for d in others if (k := client.get(f"/api/documents/{d}").json()["kind"]) != home_kind)
    excluding = [{"document": others[0]}, {"kind": other_kind}, {"date_from": "2018"}, {"date_to": "2016"}]
    for filters in excluding:
        body = _search_body(client, word, **filters)
        assert body["no_match"] is True, filters
        assert body["unmatched_words"] == [word], filters
        assert all(r["document"]["id"] != home for r in body["results"]), filters
    for filters in ({"document": home}, {"kind": home_kind}, {"date_to": "2017"}):
        body = _search_body(client, word, **filters)
        assert body["no_match"] is False, filters
        assert body["unmatched_words"] == [], filters
        assert body["results"] and body["results"][0]["document"]["id"] == home
    # Two words, one of them in the filtered paper: a match, naming the one it lacks.
    mixed = _search_body(client, f"{word} partners", document=others[0])
    assert mixed["no_match"] is False and mixed["unmatched_words"] == [word]


def test_search_unknown_kind_is_422_listing_the_kinds(client, services):
    message = assert_error(client.get("/api/search", params={"q": "partners", "kind": "minutes"}), 422, "minutes")
    for kind in services.search.store.kinds():
        assert kind in message


def test_validation_errors_are_plain_words(client):
    long = assert_error(client.get("/api/search", params={"q": "board " * 500}), 422, "2,000", "characters")
    k = assert_error(client.get("/api/search", params={"q": "board", "k": 99}), 422, "number of results", "50")
    date = assert_error(client.get("/api/search", params={"q": "board", "date_from": "May"}), 422, "date_from")
    body = assert_error(client.post("/api/ask", content="{", headers={"content-type": "application/json"}), 422)
    # a parameter called "body" is still a parameter, not the request's body
    made_by = assert_error(client.get("/api/commitments", params={"body": "x" * 201}), 422, "(body)", "200")
    for message in (long, k, date, body, made_by):
        assert "String should" not in message and "Input should" not in message, message
        assert not message.startswith(("q:", "k:", "date_from:")), message


def _texts(results: list[dict[str, Any]]) -> list[str]:
    return [r["section"]["path"] + "\n" + r["text"] for r in results]


def test_abbreviation_query_finds_health_and_wellbeing_board(client):
    top = _texts(search(client, "HWB terms of reference", k=5))
    assert any("Health and Wellbeing Board" in t or "Health & Wellbeing" in t for t in top), top


def test_who_chairs_the_board_finds_polhill(client):
    top = search(client, "who chairs the Health and Wellbeing Board", k=5)
    assert any("Polhill" in r["text"] for r in top), _texts(top)


def test_bi_monthly_finds_the_reporting_arrangements(client):
    top = search(client, "bi-monthly", k=5)
    assert any(
        r["document"]["id"] == "hwb-2018-acs"
        and "Reporting Arrangements" in r["section"]["path"]
        and "Appendix 3" in r["section"]["path"]
        and "bi-monthly" in r["text"]
        for r in top
    ), _texts(top)


def test_typo_still_finds_the_board(client):
    top = search(client, "wellbeeing board", k=5)
    assert sum("Health and Wellbeing Board" in r["text"] for r in top) >= 2, _texts(top)


# --- ask -----------------------------------------------------------------------------------------


def test_ask_reporting_line(client, clean_texts):
    answer = ask(client, "Who does the Provider Alliance report to?")
    assert set(answer) >= {"answer", "abstained", "kind", "citations", "facts", "related", "conversation_id"}
    assert answer["abstained"] is False
    assert "Health and Wellbeing Board" in answer["answer"]
    assert answer["conversation_id"]
    assert_cited(answer, clean_texts)


def test_ask_membership(client, clean_texts):
    answer = ask(client, "Who are the partners of the One Halton ICP?")
    assert answer["abstained"] is False
    assert "Mersey Care" in answer["answer"]
    assert "Healthwatch Halton" in answer["answer"]
    assert_cited(answer, clean_texts)
    assert {c["document"]["id"] for c in answer["citations"]} == {"icp-mou-2021"}


def test_ask_money_figure(client, clean_texts):
    answer = ask(client, "What is the revised One Halton budget for 2020/21?")
    assert answer["abstained"] is False
    assert "£676,000" in answer["answer"]
    assert_cited(answer, clean_texts)
    assert any("£676,000" in c["quote"] for c in answer["citations"])


def test_ask_follow_up_carries_the_board_over(client, clean_texts):
    first = ask(client, "How often does the One Halton Accountable Care Programme Board meet?")
    assert first["abstained"] is False
    assert "bi-monthly" in first["answer"]
    conversation = first["conversation_id"]

    second = ask(client, "Is it a decision making body?", conversation)
    assert second["conversation_id"] == conversation
    assert second["abstained"] is False
    assert "Accountable Care Programme Board" in second["resolved_question"]
    assert re.search(r"not a decision[- ]making body", second["answer"]), second["answer"]
    assert "Accountable Care Programme Board" in second["answer"]
    assert_cited(second, clean_texts)
    assert all(c["document"]["id"] == "hwb-2018-acs" for c in second["citations"])

    turns = client.get(f"/api/conversations/{conversation}").json()["turns"]
    assert [t["question"] for t in turns] == [
        "How often does the One Halton Accountable Care Programme Board meet?",
        "Is it a decision making body?",
    ]
    assert turns[1]["answer"] == second["answer"]


def test_ask_unanswerable_salary_abstains(client):
    answer = ask(client, "What is the independent chair's salary?")
    assert answer["abstained"] is True, answer["answer"]
    assert answer["citations"] == []
    assert isinstance(answer["related"], list) and answer["related"]


def test_ask_unanswerable_phone_number_abstains_with_related(client):
    answer = ask(client, "What is the phone number of the One Halton PMO?")
    assert answer["abstained"] is True, answer["answer"]
    assert answer["citations"] == []
    assert answer["answer"].startswith("The documents do not say")
    assert set(answer["decline_reason"]) == {"code", "message"}
    assert answer["decline_reason"]["message"] in answer["answer"]
    assert answer["related"]
    for r in answer["related"]:
        assert set(r) == HIT_KEYS


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", "\x00\x01"])
def test_ask_empty_question_is_422(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert_error(response, 422, "empty")


def test_ask_overlong_question_is_422(client):
    response = client.post("/api/ask", json={"question": "who chairs the board? " * 455})
    assert_error(response, 422, "Your question is longer than 2,000 characters", "shorten it")


@pytest.mark.parametrize(
    "body", [{}, {"question": 5}, {"question": ["a"]}, {"question": "hi", "conversation_id": "x" * 65}]
)
def test_ask_malformed_body_is_422(client, body):
    assert_error(client.post("/api/ask", json=body), 422)


def test_ask_non_json_body_is_422(client):
    response = client.post("/api/ask", content=b"question=hi", headers={"content-type": "application/json"})
    assert_error(response, 422)


@pytest.mark.parametrize(
    "question",
    [
        "who\x00 chairs\x07 the\x1b board?",
        "<script>alert(1)</script> who chairs the HWB?",
        "\u202ewho chairs the board\u202c",
        "𝔴𝔥𝔬 chairs?",
        "' OR 1=1; --",
    ],
)
def test_ask_odd_characters_never_500(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code in (200, 422), response.text
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["answer"], str) and body["answer"]
        assert "\x00" not in body["resolved_question"]
    else:
        assert body["error"]["status"] == 422


def test_ask_with_unknown_conversation_is_404(client):
    response = client.post("/api/ask", json={"question": "Who chairs it?", "conversation_id": "no-such-chat"})
    assert_error(response, 404, "no-such-chat")


def test_conversation_round_trip_and_delete(client):
    answer = ask(client, "Who does the Provider Alliance report to?")
    conversation = answer["conversation_id"]
    response = client.get(f"/api/conversations/{conversation}")
    assert response.status_code == 200
    body = response.json()
    assert body["conversation_id"] == conversation
    assert len(body["turns"]) == 1
    turn = body["turns"][0]
    assert turn["question"] == "Who does the Provider Alliance report to?"
    assert turn["answer"] == answer["answer"]
    assert turn["citations"] == answer["citations"]

    deleted = client.delete(f"/api/conversations/{conversation}")
    assert deleted.status_code == 200
    assert deleted.json() == {"conversation_id": conversation, "cleared": True}
    assert_error(client.get(f"/api/conversations/{conversation}"), 404, conversation)
    assert_error(client.delete(f"/api/conversations/{conversation}"), 404)
    assert_error(client.post("/api/ask", json={"question": "And who chairs it?", "conversation_id": conversation}), 404)


# --- sources that explain themselves, clear wording --------------------------------------------------


def test_ask_keeps_its_json_shape_and_adds_source_cards(client, clean_texts):
    answer = ask(client, "Who does the Provider Alliance report to?")
    assert {"answer", "abstained", "citations", "facts", "related", "conversation_id", "decline_reason"} <= set(answer)
    assert {"sources", "follow_up"} <= set(answer)
    assert_cited(answer, clean_texts)
    for c in answer["citations"]:
        assert isinstance(c["group"], int) and isinstance(c["alias_notes"], list)


def test_citations_of_one_section_share_one_source_card(client, clean_texts):
    answer = ask(client, "Who are the partners of the One Halton ICP?")
    assert_cited(answer, clean_texts)
    citations, cards = answer["citations"], answer["sources"]
    assert [card["number"] for card in cards] == list(range(1, len(cards) + 1))
    assert sorted(n for card in cards for n in card["citations"]) == list(range(1, len(citations) + 1))
    places = [(card["document"]["id"], card["section"]["path"]) for card in cards]
    assert len(places) == len(set(places)), "two cards for one section"
    for n, c in enumerate(citations, start=1):
        card = cards[c["group"] - 1]
        assert n in card["citations"]
        assert (c["document"]["id"], c["section"]["path"]) == (card["document"]["id"], card["section"]["path"])
    for card in cards:  # a card's link highlights the whole stretch its quotes come from
        quoted = [citations[n - 1] for n in card["citations"]]
        start, end = min(c["start"] for c in quoted), max(c["end"] for c in quoted)
        assert card["url"] == f"/documents/{card['document']['id']}?start={start}&end={end}#passage"
    # The partners are one list, quoted item by item: one card, not one per bullet.
    assert len(citations) >= 8 and len(cards) < len(citations) / 2


def test_a_quote_naming_a_body_otherwise_says_so_and_where_that_name_comes_from(client):
    answer = ask(client, "Who does the Provider Alliance report to?")
    notes = [(c, note) for c in answer["citations"] for note in c["alias_notes"]]
    assert notes, answer["citations"]
    for c, note in notes:
        assert note["written"] in c["quote"] and note["name"] in answer["answer"]
        # the answer's own name is not in the quote (else there is nothing to explain)
        assert note["name"].lower() not in c["quote"].lower()
        assert note["text"].startswith(f"{note['written']} — another name for ")
        entity = client.get(f"/api/entities/{note['entity']}").json()
        assert note["name"] in (entity["name"], *entity["aliases"])
        assert note["written"] in (entity["name"], *entity["aliases"])
        assert note["source"]["kind"] in {"profile", "national", "defined", "documents"}
        assert note["source"]["description"]
    provider = next(note for _, note in notes if note["written"] == "Provider Group")
    assert "Provider Alliance" in provider["name"]
    assert provider["source"]["kind"] == "profile"  # corpus/profile.json lists "Provider Group" as its alias
    assert any(d["id"] == "place-plan-2019" for d in provider["source"]["seen_in"])


def test_a_partners_answer_notes_a_short_form_of_a_partners_name(client):
    answer = ask(client, "Who are the partners of the One Halton ICP?")
    notes = {note["written"]: note for c in answer["citations"] for note in c["alias_notes"]}
    assert notes["Halton Housing"]["name"] == "Halton Housing Trust"
    assert notes["Halton Housing"]["text"] == "Halton Housing — another name for Halton Housing Trust"


def test_a_follow_up_says_how_it_was_read(client):
    first = ask(client, "Who does the Provider Alliance report to?")
    assert first["follow_up"] is None
    second = ask(client, "And how often does it meet?", first["conversation_id"])
    assert second["follow_up"]["taken"] == "it"
    assert "Provider Alliance" in second["follow_up"]["as"]
    assert second["follow_up"]["text"] == f"Taking “it” as the {second['follow_up']['as']}."
    assert second["follow_up"]["as"] in second["resolved_question"]


@pytest.mark.parametrize("conversation_id", ["x" * 65, "not an id!", "../etc"])
def test_a_bad_conversation_id_is_explained_in_words(client, conversation_id):
    response = client.post("/api/ask", json={"question": "Who chairs it?", "conversation_id": conversation_id})
    message = assert_error(response, 422, "conversation", "start a new conversation")
    assert "expected form" not in message and "pattern" not in message.lower(), message
    assert response.json()["detail"][0]["loc"] == ["body", "conversation_id"]


def test_question_errors_say_what_to_do(client):
    empty = assert_error(client.post("/api/ask", json={"question": " "}), 422, "your question is empty")
    long = assert_error(client.post("/api/ask", json={"question": "why? " * 600}), 422)
    assert long.startswith("Your question is longer than 2,000 characters (2,999); shorten it"), long
    wordless = assert_error(client.post("/api/ask", json={"question": "?!"}), 422, "no words")
    missing = assert_error(client.post("/api/ask", json={}), 422, "question", "missing")
    for message in (empty, long, wordless, missing):
        assert message[0].isupper() and "String should" not in message and "Field required" not in message


# --- graph and commitments -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(client) -> dict[str, Any]:
    response = client.get("/api/graph")
    assert response.status_code == 200
    return response.json()


def test_graph_shape(graph):
    assert set(graph) == {"nodes", "edges"}
    assert len(graph["nodes"]) > 10 and len(graph["edges"]) > 10
    ids = [n["id"] for n in graph["nodes"]]
    assert len(ids) == len(set(ids))
    for node in graph["nodes"]:
        assert set(node) == {"id", "name", "type", "aliases"}
        assert node["name"].strip() and isinstance(node["aliases"], list)
    for edge in graph["edges"]:
        assert {"source", "target", "relation", "attributes", "evidence"} <= set(edge)
        assert edge["source"] in ids and edge["target"] in ids
        assert isinstance(edge["attributes"], dict)
        assert edge["evidence"]


def test_graph_evidence_quotes_are_exact_spans(graph, clean_texts):
    for edge in graph["edges"]:
        for ev in edge["evidence"]:
            assert {"document", "section", "quote", "start", "end", "url"} <= set(ev)
            assert set(ev["document"]) == {"id", "title", "date"}
            doc = ev["document"]["id"]
            assert ev["quote"] == clean_texts[doc][ev["start"] : ev["end"]], (edge["relation"], ev)
            assert ev["url"] == f"/documents/{doc}?start={ev['start']}&end={ev['end']}#passage"


def _hwb(graph: dict[str, Any]) -> dict[str, Any]:
    return next(n for n in graph["nodes"] if n["name"] == "Health and Wellbeing Board")


def test_graph_has_reporting_lines_into_the_health_and_wellbeing_board(graph):
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    reports_to_hwb = [
        e
        for e in graph["edges"]
        if e["relation"] == "reports_to" and "Health and Wellbeing Board" in names[e["target"]]
    ]
    assert reports_to_hwb
    assert "One Halton Provider Alliance" in {names[e["source"]] for e in reports_to_hwb}


def test_entity_has_incoming_edges(client, graph):
    hwb = _hwb(graph)
    response = client.get(f"/api/entities/{hwb['id']}")
    assert response.status_code == 200
    entity = response.json()
    assert entity["id"] == hwb["id"] and entity["name"] == "Health and Wellbeing Board"
    assert entity["incoming"]
    assert all(e["target"] == hwb["id"] for e in entity["incoming"])
    assert all(e["source"] == hwb["id"] for e in entity["outgoing"])
    assert "reports_to" in {e["relation"] for e in entity["incoming"]}


def test_unknown_entity_is_404(client):
    assert_error(client.get("/api/entities/0000000000000000"), 404, "0000000000000000")


def _commitments(client, **params: str) -> list[dict[str, Any]]:
    response = client.get("/api/commitments", params=params)
    assert response.status_code == 200, response.text
    return response.json()["commitments"]


def test_commitments_shape_and_spans(client, clean_texts):
    rows = _commitments(client)
    assert len(rows) > 10
    for c in rows:
        assert {"clause", "body", "kind", "text", "document", "section", "start", "end", "url"} <= set(c)
        doc = c["document"]["id"]
        assert c["text"] in clean_texts[doc][c["start"] : c["end"]]
        assert c["url"] == f"/documents/{doc}?start={c['start']}&end={c['end']}#passage"


def test_commitments_filters(client):
    mou = _commitments(client, document="icp-mou-2021")
    assert mou and {c["document"]["id"] for c in mou} == {"icp-mou-2021"}
    by_body = _commitments(client, body="one halton accountable care programme board")  # one partner, case aside
    assert by_body and {c["body"] for c in by_body} == {"One Halton Accountable Care Programme Board"}
    by_words = _commitments(client, q="primary care")
    assert by_words and all("primary care" in c["text"].lower() for c in by_words)
    assert len(by_words) < len(_commitments(client))


def test_mou_clause_7_4_is_about_primary_care(client):
    clause = [c for c in _commitments(client, document="icp-mou-2021") if c["clause"] == "7.4"]
    assert len(clause) == 1
    assert "Primary Care" in clause[0]["text"]


def test_commitments_unknown_document_is_404(client):
    assert_error(client.get("/api/commitments", params={"document": "nope"}), 404)
