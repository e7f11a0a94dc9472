"""The store's search primitives, the vector index and its manifest, chat memory — on real SQLite and FAISS."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import numpy as np
import pytest

from core.errors import IndexOutOfDate, InvalidInput, NotFound
from index.conversations import ConversationStore
from index.embedder import HashEmbedder
from index.lexical import Fts5Index
from index.query import QueryAnalyzer, stem, words
from index.search import HybridSearcher, SearchFilters, is_near_duplicate
from index.service import build_analyzer
from index.store import Store
from index.vectors import INDEX_FILE, MANIFEST_FILE, VectorIndex
from ingest.pipeline import run_ingest

NASTY = ["AND", "OR NOT", '"', "(((", "NEAR(", "*", "emoji 😀", "-", 'a"b', "col:umn", "^", "'; DROP TABLE chunks; --"]


@pytest.mark.parametrize("query", NASTY)
def test_any_typed_text_is_a_safe_fts_query(corpus_store, query):
    analysed = build_analyzer(corpus_store).analyse(query)
    corpus_store.lexical_search(analysed.fts, 5)  # raises sqlite3.OperationalError on bad syntax
    assert corpus_store.counts()["chunks"] > 0  # and the table is still there


def test_abbreviations_expand_from_the_alias_table(corpus_store):
    analysed = build_analyzer(corpus_store).analyse("who chairs the HWB")
    assert any("Health and Wellbeing Board" in e for e in analysed.expansions)
    hits = corpus_store.lexical_search(analysed.fts, 10)
    texts = corpus_store.chunks_by_id([cid for cid, _ in hits])
    assert any("Health and Wellbeing Board" in row["text"] for row in texts.values())


def test_everyday_words_reach_the_documents_wording(corpus_store):
    """Nobody writes "expire" in an MoU; "until 31st March 2022" is how it says so."""
    from index.query import coverage, stems_of

    analyzer = build_analyzer(corpus_store)
    analysed = analyzer.analyse("when does the ICP memorandum expire")
    assert "until" in analysed.expansions
    hits = corpus_store.lexical_search(analysed.fts, 10)
    texts = corpus_store.chunks_by_id([cid for cid, _ in hits])
    assert any("until 31st March 2022" in row["text"] for row in texts.values())
    weights, alternatives = analyzer.weights("when does it expire")
    assert coverage(weights, alternatives, stems_of("from the date signed until 31st March 2022")) > 0
    # "expire" is in no passage, but weighs as much as the rarest of its stand-ins ("until", "terminate").
    assert weights["expir"] >= analyzer.weights("until")[0]["until"] > analyzer.weights("zebra")[0]["zebra"]


def test_a_phrasal_verb_is_read_as_one_term(corpus_store):
    """ "Sign up to" is about agreeing: "sign" alone would find the signature clauses."""
    from index.query import coverage, stems_of

    analyzer = build_analyzer(corpus_store)
    assert "sign up" in analyzer.analyse("what do ICP partners sign up to?").terms
    assert "sign" not in analyzer.analyse("what do ICP partners sign up to?").terms
    weights, alternatives = analyzer.weights("what do partners sign up to")
    assert coverage(weights, alternatives, stems_of("We agree to put patients first")) > 0
    assert coverage(weights, alternatives, stems_of("effect from the date signed")) == 0
    # Written as the document writes it, the phrase still counts ("signed off by the Board").
    weights, alternatives = analyzer.weights("who signs off the plan")
    assert weights["signs off"] > 0
    assert coverage({"signs off": 1.0}, alternatives, stems_of("the plan was signed off by the Board")) == 1.0
    # A common verb in other words: it weighs as the commonest of them, not the rarest.
    assert weights["signs off"] <= analyzer.weights("agree")[0]["agre"] + 1e-9


def test_a_heading_naming_the_question_lifts_its_passage():
    """Clause 8 of the MoU says "We support each other ..." under "8 Values and Behaviours"; a passage that
    merely mentions "the values and behaviours set out in this memorandum" must not outrank it."""
    from index.search import SearchHit

    analyzer = QueryAnalyzer(["values", "behaviours", "support", "dispute"])
    searcher = HybridSearcher(None, None, None, analyzer)  # type: ignore[arg-type]

    def hit(cid: str, heading: str, text: str) -> SearchHit:
        chunk = {"id": cid, "text": text, "heading_path": heading, "section_number": "", "document_title": "MoU"}
        return SearchHit(chunk=chunk, score=1.0)

    mentions = hit("12", "12 Problem Resolution", "Disputes are settled in line with the values and behaviours.")
    clause = hit("8", "8 Values and Behaviours", "We support each other and work collaboratively.")
    ranked = searcher._rerank_by_coverage("what values and behaviours", [mentions, clause])
    assert [h.id for h in ranked] == ["8", "12"]


def test_what_an_abbreviation_stands_for_must_be_there_as_a_phrase(corpus_store):
    """ "ICP" is covered by "Integrated Care Partnership", not by "Integrated Care System ... Health and Care
    Partnership" in one sentence; and "ICSs" is the plural of "ICS"."""
    from index.query import coverage, stems_of, words

    analyzer = build_analyzer(corpus_store)
    weights, alternatives = analyzer.weights("what is an ICP")
    scattered = "positioning to become an Integrated Care System, said the Health and Care Partnership"
    assert coverage(weights, alternatives, stems_of(scattered)) == 0
    assert coverage(weights, alternatives, stems_of("the One Halton Integrated Care Partnership")) > 0
    assert words("ICPs are the building blocks for ICSs") == ["icp", "are", "the", "building", "blocks", "for", "ics"]
    assert not analyzer.is_unknown("sdfs")


def test_a_passage_carries_its_documents_year():
    from index.search import passage_stems

    chunk = {"text": "Partners have come together.", "heading_path": "Scope", "document_title": "ACS report"}
    assert "2018" in passage_stems({**chunk, "document_date": "2018-01-17"})
    assert "2018" not in passage_stems({**chunk, "document_date": "2021"})


def test_a_short_form_is_covered_by_the_word_it_shortens(corpus_store):
    from index.query import coverage, stems_of

    weights, alternatives = build_analyzer(corpus_store).weights("rehab")
    assert coverage(weights, alternatives, stems_of("The Rapid Access Rehabilitation Service")) > 0


def test_typos_are_corrected_to_corpus_words():
    analyzer = QueryAnalyzer(["wellbeing", "board", "governance"])
    assert analyzer.corrected("Who runs the Wellbeeing Board's governnance?") == (
        "Who runs the wellbeing Board's governance?"
    )
    assert analyzer.analyse("wellbeeing governnance").terms == ["wellbeing", "governance"]
    assert analyzer.analyse("salary").terms == ["salary"]  # nothing close: left alone


def test_a_word_is_mentioned_by_itself_its_variants_or_what_it_abbreviates():
    """The one notion of "mentions" that search's no_match and the chat's "no document mentions" share."""
    passages = ["The Health and Wellbeing Board meets.", "Rehabilitation services", "Partners agree until 2022."]
    stem_counts: Counter[str] = Counter(stem(w) for p in passages for w in set(words(p)))
    analyzer = QueryAnalyzer(
        {w for p in passages for w in words(p)},
        abbreviations={"hwb": ["Health and Wellbeing Board"], "pcn": ["Primary Care Network"], "expire": ["until"]},
        stem_counts=stem_counts,
        passages=len(passages),
        aliases={"hwb": ["Health and Wellbeing Board"], "pcn": ["Primary Care Network"]},
    )
    assert analyzer.mentions("boards") and analyzer.mentions("partner")  # stems
    assert analyzer.mentions("rehab")  # a longer word it shortens
    assert analyzer.mentions("HWB")  # what it abbreviates is written out
    assert not analyzer.mentions("pcn")  # ... and only then
    assert not analyzer.mentions("expire")  # an everyday synonym is no mention of the word
    assert not analyzer.mentions("quorum") and not analyzer.mentions("2")
    assert analyzer.unmentioned("the quorum of the boards") == ["quorum"]
    assert analyzer.mentions_any("the quorum of the boards")
    for nothing in ("quorum", "😀", '"', "* OR 1=1", "the", ""):
        assert not analyzer.mentions_any(nothing), nothing


def test_a_specialised_word_no_document_uses_is_unknown_but_framing_words_are_not():
    """What the chat declines on: a word rare in English that no passage uses ("webcast"); a common word the
    papers happen not to use ("often", "happened") frames the question, and a synonym's document wording or a
    number is no unknown term."""
    passages = ["The Northby Board meets quarterly.", "Partners agree until 2022.", "Councillor Ada Quill"]
    stem_counts: Counter[str] = Counter(stem(w) for p in passages for w in set(words(p)))
    analyzer = QueryAnalyzer(
        {w for p in passages for w in words(p)},
        abbreviations={"expire": ["until"], "stipend": ["allowance"], "cllr": ["councillor"]},
        stem_counts=stem_counts,
        passages=len(passages),
    )
    assert analyzer.unknown_terms("are the board meetings webcast?") == ["webcast"]
    assert analyzer.unknown_terms("what is the turnout and the quorum") == ["turnout", "quorum"]
    for framed in (
        "how often does the board meet",
        "what happened to the board",
        "when does it expire",
        "is cllr quill on the board",
        "did they get the 425k in s75",
    ):
        assert analyzer.unknown_terms(framed) == [], framed
    assert analyzer.unknown_terms("what is the chair's stipend") == ["stipend"]  # its wording is in no passage
    # A common word no passage uses decides when it names which policy or number is asked for.
    assert analyzer.unknown_terms("what is the council's parking policy?") == ["parking"]
    assert analyzer.unknown_terms("what is the phone number for the board") == ["phone"]
    assert analyzer.unknown_terms("how much did the board save after its running costs") == []
    # "how often" is said by the expected value (a frequency); no passage need hold "often" to be about it.
    assert analyzer.analyse("how often does the board meet").terms == ["board", "meet"]


def test_contractions_people_type_are_read_as_the_corpus_words_they_shorten():
    passages = [
        "The Audit Committee meets before Board meetings.",
        "The Councillor chairs the Northby Primary Care Trust group.",
        "The government published guidance.",
    ]
    stem_counts: Counter[str] = Counter(stem(w) for p in passages for w in set(words(p)))
    analyzer = QueryAnalyzer({w for p in passages for w in words(p)}, stem_counts=stem_counts, passages=len(passages))
    assert analyzer.corrected("who chairs the audit cttee mtgs, says cllr quill") == (
        "who chairs the audit committee meetings, says councillor quill"
    )
    assert analyzer.correct("pct") == "pct"  # three letters are as often an abbreviation
    assert analyzer.correct("webcast") == "webcast"
    # "govt" may be "government" cut short: not expanded, but no specialised word to decline on either.
    assert analyzer.unknown_terms("is the govt guidance out") == []
    assert analyzer.unknown_terms("is the board webcast") == ["webcast"]


def test_vector_index_round_trip_and_stale_detection(make_settings, token_counter):
    settings = make_settings()
    store = Store(settings.db_path).open()
    run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    embedder = HashEmbedder(32)
    vectors = VectorIndex(settings.vectors_dir)
    manifest = vectors.build(store, embedder)
    assert manifest["count"] == store.counts()["chunks"]
    assert (settings.vectors_dir / INDEX_FILE).exists() and (settings.vectors_dir / MANIFEST_FILE).exists()
    assert not list(settings.vectors_dir.parent.glob(".vectors-*")), "staging folder left behind"

    loaded = VectorIndex(settings.vectors_dir).load(store, embedder.name)
    query = embedder.encode(["Reporting Arrangements bi-monthly"])[0]
    assert loaded.search(query, 3)

    with pytest.raises(IndexOutOfDate, match="govdocs ingest"):
        VectorIndex(settings.vectors_dir).load(store, "some-other-model")

    (settings.corpus_dir / "2021-01-20-hwb-report-one-halton-update.txt").unlink()
    run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    with pytest.raises(IndexOutOfDate, match="does not match the store"):
        VectorIndex(settings.vectors_dir).load(store, embedder.name)
    assert not VectorIndex(settings.vectors_dir).is_current(store, embedder.name)


def test_hybrid_search_with_fake_embedder_filters_and_collapses(make_settings, token_counter):
    settings = make_settings()
    store = Store(settings.db_path).open()
    run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    embedder = HashEmbedder(64)
    vectors = VectorIndex(settings.vectors_dir)
    vectors.build(store, embedder)
    searcher = HybridSearcher(store, embedder, vectors, build_analyzer(store), lexical=Fts5Index(store))

    hits = searcher.search("Provider Alliance", 10)
    assert hits and all(h.lexical_rank or h.dense_rank for h in hits)
    for a in hits:
        for b in hits:
            if a is not b:
                assert not is_near_duplicate(a.chunk, b.chunk)

    only_mou = searcher.search("partners", 10, SearchFilters(document="icp-mou-2021"))
    assert only_mou and {h.chunk["document_id"] for h in only_mou} == {"icp-mou-2021"}
    dated = searcher.search("partners", 10, SearchFilters(date_from="2021"))
    assert dated and all(h.chunk["document_date"] >= "2021" for h in dated)
    up_to_2018 = searcher.search("partners", 10, SearchFilters(date_to="2018"))
    assert up_to_2018 and all(h.chunk["document_date"][:4] <= "2018" for h in up_to_2018)
    with pytest.raises(InvalidInput, match=r"no document is of the kind “no such kind”; .*“board report”"):
        searcher.search("partners", 5, SearchFilters(kind="no such kind"))
    assert searcher.search("partners", 5, SearchFilters(kind="Board Report"))  # kinds match in any case


def test_near_duplicates_are_overlapping_spans_or_the_same_words():
    a = {"document_id": "d", "start": 0, "end": 100, "text": "the board meets monthly to review progress"}
    b = {"document_id": "d", "start": 40, "end": 120, "text": "something else entirely here"}
    c = {"document_id": "e", "start": 0, "end": 50, "text": "the board meets monthly to review progress"}
    d = {"document_id": "e", "start": 500, "end": 560, "text": "an unrelated passage about housing"}
    assert is_near_duplicate(a, b) and is_near_duplicate(a, c) and not is_near_duplicate(a, d)


def test_conversations_are_kept_and_cleared(tmp_path):
    chats = ConversationStore(tmp_path / "chat.db").open()
    cid = chats.create()
    chats.add_turn(cid, "who chairs it?", "who chairs the board?", "Someone.", {"focus": "x", "answer": "Someone."})
    chats.add_turn(cid, "and how often?", "how often does the board meet?", "Monthly.", {"focus": "x"})
    turns = chats.turns(cid)
    assert [t["question"] for t in turns] == ["who chairs it?", "and how often?"]
    assert turns[0]["payload"]["focus"] == "x"
    chats.clear(cid)
    with pytest.raises(NotFound):
        chats.turns(cid)
    with pytest.raises(NotFound):
        chats.clear("no-such-conversation")


def test_store_migrations_are_numbered_and_idempotent(tmp_path):
    path = tmp_path / "s.db"
    Store(path).open().close()
    Store(path).open().close()  # a second open runs nothing again
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    from index.migrations import MIGRATIONS

    assert version == len(MIGRATIONS)


def test_hash_embedder_is_deterministic_and_unit_length():
    e = HashEmbedder(16)
    a, b = e.encode(["one halton board"]), e.encode(["one halton board"])
    assert np.allclose(a, b) and np.isclose(np.linalg.norm(a[0]), 1.0)
    assert json.dumps(e.name)


def test_a_query_naming_a_document_puts_that_documents_passages_first():
    """Two passages alike in every other way: the one from the document the query names comes first."""
    from index.search import SearchHit

    searcher = HybridSearcher(None, None, None, QueryAnalyzer(["decision", "body"]))  # type: ignore[arg-type]

    def hit(cid: str, document: str) -> SearchHit:
        chunk = {
            "id": cid,
            "document_id": document,
            "text": "It is the decision making body.",
            "heading_path": "Governance",
            "section_number": "",
            "document_title": "",
        }
        return SearchHit(chunk=chunk, score=1.0)

    ranked = searcher._rerank_by_coverage("the decision making body", [hit("a", "acs"), hit("b", "plan")], {"plan"})
    assert [h.id for h in ranked] == ["b", "a"]


def test_a_plural_short_form_is_no_contraction_of_a_long_word():
    """ "PCNs" was read as "projections" (its consonants stand in order in that word): the plural of a word the
    corpus uses is kept, and a skeleton must keep more than half of the consonants of the word it shortens."""
    passages = [
        "Each PCN covers a population of 30,000. Projections of demand were made.",
        "The Committee keeps a record of conversations with the Council for Voluntary Service.",
    ]
    stem_counts: Counter[str] = Counter(stem(w) for p in passages for w in set(words(p)))
    analyzer = QueryAnalyzer({w for p in passages for w in words(p)}, stem_counts=stem_counts, passages=len(passages))
    assert analyzer.correct("pcns") == "pcns"
    assert analyzer.corrected("How many PCNs are there?") == "How many PCNs are there?"
    assert analyzer.correct("cvss") == "cvss"  # four of the eight consonants of "conversations"
    assert analyzer.correct("cttee") == "committee"


def test_contractions_typed_without_their_apostrophe_are_read_as_meant():
    from index.query import with_apostrophes

    assert with_apostrophes("who attends but isnt a member") == "who attends but isn't a member"
    assert with_apostrophes("whats the quorum") == "what's the quorum"
    assert with_apostrophes("the Instant team") == "the Instant team"
