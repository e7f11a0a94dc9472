"""Sources that explain themselves, on a small invented corpus: another name's note and where that name was
learned, source cards, the answer as plain text, and how a follow-up was read. A real store, graph and answer
engine (lexical search only: the tiny corpus needs no model)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from index.conversations import ConversationStore
from index.graph import GraphIndex
from index.lexical import Fts5Index
from index.search import HybridSearcher, passage_url
from index.service import build_analyzer
from index.store import Store
from ingest.pipeline import run_ingest
from server.answer import AnswerEngine
from server.filters import answer_html
from server.follow_ups import follow_up_reading
from server.sources import group_citations, plain_text, with_card_numbers

PROFILE = (
    '{"partnership": "Northby", "entities": [{"canonical": "Northby Provider Alliance", "type": "body", '
    '"aliases": ["Provider Group"]}]}'
)
PLAN = """Northby Place Plan 2022

1. Governance

Currently we have a Provider Group reporting into the Northby Health and Wellbeing Board.

2. Commissioning

The Weston Joint Commissioning Forum (WJCF) was set up in 2021 by the partners.

The WJCF reports to the Northby Health and Wellbeing Board. The WJCF meets monthly.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory, token_counter) -> AnswerEngine:
    folder = tmp_path_factory.mktemp("sources")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "profile.json").write_text(PROFILE, encoding="utf-8")
    (corpus / "northby-place-plan-2022.txt").write_text(PLAN, encoding="utf-8")
    store = Store(folder / "store.db").open()
    assert not run_ingest(corpus, store, token_counter, 96).failed
    graph = GraphIndex(store).load()
    conversations = ConversationStore(folder / "chat.db").open()
    searcher = HybridSearcher(store, None, None, build_analyzer(store), lexical=Fts5Index(store))
    yield AnswerEngine(store, searcher, graph, conversations).load()
    conversations.close()
    store.close()


def _notes(result: Any) -> list[dict[str, Any]]:
    return [note for c in result.citations for note in c["alias_notes"]]


def test_a_quote_naming_the_body_by_a_profile_alias_says_so(engine) -> None:
    result = engine.ask("Who does the Northby Provider Alliance report to?")
    assert not result.abstained and "Northby Provider Alliance" in result.answer
    (note,) = _notes(result)
    assert note["written"] == "Provider Group" and note["name"] == "Northby Provider Alliance"
    assert note["text"] == "Provider Group — another name for the Northby Provider Alliance"
    assert note["entity"] == engine.graph.resolve("Northby Provider Alliance")
    assert note["source"]["kind"] == "profile" and "corpus profile" in note["source"]["description"]
    assert [d["id"] for d in note["source"]["seen_in"]] == ["northby-place-plan-2022"]
    assert "Provider Group" in result.citations[0]["quote"]


def test_an_abbreviation_a_document_defines_points_at_its_definition(engine) -> None:
    result = engine.ask("Who does the Weston Joint Commissioning Forum report to?")
    (note,) = _notes(result)
    assert note["written"] == "WJCF" and note["name"] == "Weston Joint Commissioning Forum"
    source = note["source"]
    assert source["kind"] == "defined" and source["document"]["id"] == "northby-place-plan-2022"
    assert source["description"] == "defined in Northby Place Plan 2022"
    start, end = (int(x.split("=")[1]) for x in source["url"].split("?")[1].split("#")[0].split("&"))
    text = engine.store.get_document("northby-place-plan-2022", with_text=True)["clean_text"]
    assert text[start:end] == "Weston Joint Commissioning Forum (WJCF)"


def test_a_quote_that_uses_the_answers_own_name_has_no_note(engine) -> None:
    result = engine.ask("When was the Weston Joint Commissioning Forum set up?")
    assert not result.abstained and result.citations
    assert all("Weston Joint Commissioning Forum" in c["quote"] for c in result.citations)
    assert _notes(result) == []


def test_the_answer_as_plain_text_numbers_its_sources(engine) -> None:
    question = "Who does the Northby Provider Alliance report to?"
    payload = engine.ask(question).to_json()
    text = plain_text(question, payload, "http://assistant.example/")
    lines = text.splitlines()
    assert lines[0] == f"Question: {question}"
    assert "<" not in text and "&amp;" not in text  # text, not markup
    sources = lines.index("Sources")
    assert lines[sources + 1].startswith("[1] Northby Place Plan 2022 (2022), § ")
    assert (
        lines[sources + 2]
        == "    “Currently we have a Provider Group reporting into the Northby Health and Wellbeing Board.”"
    )
    assert "Provider Group — another name for the Northby Provider Alliance" in lines[sources + 3]
    url = lines[sources + 4].strip()
    assert url.startswith("http://assistant.example/documents/northby-place-plan-2022?start=")
    assert url.endswith("#passage")
    assert any(line.endswith("[1]") for line in lines[2:sources])


def test_a_follow_up_says_what_it_took_it_to_mean(engine) -> None:
    first = engine.ask("Who does the Weston Joint Commissioning Forum report to?")
    assert first.follow_up is None
    second = engine.ask("How often does it meet?", first.conversation_id)
    assert second.follow_up is not None
    assert second.follow_up["taken"] == "it" and second.follow_up["as"] == "Weston Joint Commissioning Forum"
    assert second.follow_up["text"] == "Taking “it” as the Weston Joint Commissioning Forum."
    assert second.to_json()["follow_up"] == second.follow_up
    stored = engine.conversations.turns(first.conversation_id)[-1]["payload"]
    assert stored["follow_up"] == second.follow_up


@pytest.mark.parametrize(
    ("question", "resolved", "previous", "taken", "meant"),
    [
        ("is it decision-making?", "is the Weston Forum decision-making?", None, "it", "Weston Forum"),
        ("what are its aims?", "what are the Northby Board aims?", None, "its", "Northby Board"),
        ("who chairs this board?", "who chairs the Eastfield Board?", None, "this board", "Eastfield Board"),
        ("And for 2023?", "for 2023? — What is the budget for 2022?", "What is the budget for 2022?", None, None),
    ],
)
def test_follow_up_reading_names_the_words_it_replaced(question, resolved, previous, taken, meant) -> None:
    reading = follow_up_reading(question, resolved, previous)
    assert reading is not None
    if taken is None:
        assert reading["as"] == previous and previous in reading["text"]
    else:
        assert (reading["taken"], reading["as"]) == (taken, meant)
        assert reading["text"].startswith(f"Taking “{taken}” as ")
    assert follow_up_reading("who chairs the board?", "who chairs the board?", previous) is None


def test_citations_of_one_section_are_one_card_and_markers_name_it() -> None:
    def cite(start: int, section: str, document: str = "plan") -> dict[str, Any]:
        return {
            "document": {"id": document, "title": "Plan", "date": "2022"},
            "section": {"number": None, "heading": None, "path": section},
            "page": None,
            "start": start,
            "end": start + 5,
            "quote": "x",
        }

    citations = [cite(10, "3 Partners"), cite(20, "3 Partners"), cite(90, "4 Money"), cite(30, "3 Partners", "mou")]
    cards = group_citations(citations)
    assert [c["group"] for c in citations] == [1, 1, 2, 3]
    assert [card["citations"] for card in cards] == [[1, 2], [3], [4]]
    assert cards[0]["url"] == "/documents/plan?start=10&end=25#passage"  # the card's whole stretch
    numbers = {n: c["group"] for n, c in enumerate(citations, start=1)}
    answer = "A [1]\nB [2]\nC [1][2][3]\nD [4]"
    assert with_card_numbers(answer, numbers) == "A [1]\nB [1]\nC [1][2]\nD [3]"
    # The page shows the same numbers, each linking to the first quote of its card that the run cites.
    html = BeautifulSoup(answer_html(answer, "t1-", numbers), "html.parser")
    assert [p.get_text() for p in html.find_all("p")] == with_card_numbers(answer, numbers).split("\n")
    assert [a["href"] for a in html.select("a.marker")] == [f"#t1-cite-{n}" for n in (1, 2, 1, 3, 4)]
    # As plain text, a card's link opens its first quote, not the stretch from its first quote to its last.
    text = plain_text("Who?", {"answer": answer, "citations": citations}, "http://assistant.example")
    links = [line.strip() for line in text.splitlines() if line.strip().startswith("http")]
    assert links[0] == "http://assistant.example/documents/plan?start=10&end=15#passage"
    assert links == [
        "http://assistant.example" + passage_url(c["document"]["id"], c["start"], c["end"])
        for c in (citations[0], citations[2], citations[3])
    ]


def test_a_decline_is_one_sentence_naming_what_the_passages_lack(engine) -> None:
    result = engine.ask("How much does the Northby Provider Alliance spend on parking?")
    assert result.abstained
    assert result.answer.startswith("The documents do not say: ") and result.answer.count("do not say") == 1
    assert result.answer.count(".") == 1 and "closest passages" not in result.answer  # one plain sentence
    assert "“parking”" in result.answer
    # The passages name the body another way ("Provider Group"): its name's words are not what is missing.
    assert "alliance" not in result.answer.lower() and "northby" not in result.answer.lower()


def test_sources_json_survives_a_round_trip_through_chat_memory(engine) -> None:
    result = engine.ask("Who does the Northby Provider Alliance report to?")
    stored = engine.conversations.turns(result.conversation_id)[-1]["payload"]
    assert stored["sources"] == result.sources and stored["citations"] == result.citations


def test_citations_are_numbered_in_the_order_the_answer_first_cites_them() -> None:
    from server.sources import in_reading_order

    citations = [{"quote": q} for q in ("council", "trust", "network", "unused")]
    answer, ordered = in_reading_order("• Network [3]\n• Council [1][3]\n• Trust [2]", citations)
    assert answer == "• Network [1]\n• Council [2][1]\n• Trust [3]"
    assert [c["quote"] for c in ordered] == ["network", "council", "trust", "unused"]
    same = [{"quote": "a"}, {"quote": "b"}]
    assert in_reading_order("A [1] and B [2]; a marker past the list [7] is left alone", same)[1] is same


def test_a_member_list_answer_cites_in_reading_order(engine_over) -> None:
    """End to end: a partner list whose members the graph orders otherwise is still cited [1], [2], [3]..."""
    import re

    engine = engine_over(
        {
            "northby-mou-2022.txt": "Northby Care Partnership Memorandum of Understanding\n\n1. Partners\n\n"
            "The partners of the Northby Care Partnership are:\n\n• Weston Housing Trust\n• Northby Borough Council\n"
            "• Eastfield Community NHS Trust\n• Northby Voluntary Action\n\n2. Term\n\nThis MoU runs to 2025.\n"
        }
    )
    result = engine.ask("who are the partners of the northby care partnership?")
    assert result.kind == "relation:members"
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", result.answer)]
    assert len(markers) >= 4 and markers == sorted(markers)
    assert [c["quote"] for c in result.citations][:4] == [
        "Weston Housing Trust",
        "Northby Borough Council",
        "Eastfield Community NHS Trust",
        "Northby Voluntary Action",
    ]
