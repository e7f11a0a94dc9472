"""Chunks fit the model's window, are exact slices of the clean text and stay inside their section."""

from __future__ import annotations

import itertools

import pytest

from core.records import Block, Section
from core.sentences import sentence_spans
from ingest.chunks import MODEL_WINDOW, chunk_section, embedding_text


@pytest.fixture(scope="module")
def chunks(corpus_store):
    rows = corpus_store.all_chunks()
    assert len(rows) > 100
    return rows


@pytest.fixture(scope="module")
def clean_texts(corpus_store):
    return {
        doc["id"]: corpus_store.get_document(doc["id"], with_text=True)["clean_text"]
        for doc in corpus_store.list_documents()
    }


@pytest.fixture(scope="module")
def sections(corpus_store):
    return {s["id"]: s for doc in corpus_store.list_documents() for s in corpus_store.sections_for(doc["id"])}


def test_every_chunk_fits_the_model_window(chunks, token_counter):
    for chunk in chunks:
        recount = token_counter(chunk["heading_path"] + "\n" + chunk["text"]) + 2
        assert chunk["token_count"] <= MODEL_WINDOW, chunk["id"]
        assert recount <= MODEL_WINDOW, (chunk["id"], recount)
        assert chunk["token_count"] == recount, chunk["id"]


def test_every_chunk_is_its_documents_clean_text_at_its_span(chunks, clean_texts):
    for chunk in chunks:
        assert chunk["text"], chunk["id"]
        assert clean_texts[chunk["document_id"]][chunk["start"] : chunk["end"]] == chunk["text"], chunk["id"]
        assert chunk["text"] == chunk["text"].strip()


def test_no_chunk_crosses_its_sections_own_text(chunks, sections):
    for chunk in chunks:
        section = sections[chunk["section_id"]]
        assert section["document_id"] == chunk["document_id"]
        assert section["body_start"] <= chunk["start"], (chunk["id"], section["path"])
        if chunk["end"] <= section["body_end"]:
            continue
        # Short clauses read together: the chunk belongs to their parent and holds only its clauses.
        clauses = [s for s in sections.values() if s["parent_id"] == section["id"] and s["kind"] == "clause"]
        covered = [s for s in clauses if chunk["start"] <= s["start"] and s["end"] <= chunk["end"] + 1]
        assert len(covered) >= 2, (chunk["id"], section["path"])
        assert chunk["start"] == covered[0]["start"] and chunk["heading_path"] == section["path"]


def test_short_clauses_are_read_together_under_their_heading(corpus_store):
    """The MoU's "8 Values and Behaviours" holds five one-line clauses: one passage, not five."""
    rows = [r for r in corpus_store.all_chunks() if r["document_id"] == "icp-mou-2021"]
    [values] = [r for r in rows if r["heading_path"] == "8 Values and Behaviours"]
    assert values["text"].startswith("8.1 We support each other")
    assert "8.5 We will implement our shared priorities" in values["text"]
    assert not [r for r in rows if r["heading_path"].startswith("8 Values and Behaviours ›")]


def test_chunks_of_a_document_are_in_reading_order(corpus_store):
    for doc in corpus_store.list_documents():
        rows = corpus_store.chunks_for(doc["id"])
        assert [r["ordinal"] for r in rows] == list(range(len(rows)))
        starts = [r["start"] for r in rows]
        assert starts == sorted(starts), doc["id"]
        assert len({r["id"] for r in rows}) == len(rows)


def test_heading_path_is_searchable(corpus_store):
    hits = corpus_store.lexical_search('"reporting" AND "arrangements"', 5)
    found = corpus_store.chunks_by_id([chunk_id for chunk_id, _ in hits])
    reporting = [
        row
        for row in found.values()
        if row["heading_path"] == "Appendix 3: Terms of Reference › Reporting Arrangements"
    ]

    assert reporting, [row["heading_path"] for row in found.values()]
    assert "bi-monthly" in reporting[0]["text"]
    # Only the heading says "arrangements": the match must have come from the heading path.
    assert "arrangement" not in reporting[0]["text"].lower()


# --- chunk_section on synthetic sections ----------------------------------------------------------

SENTENCE = (
    "Partner number {n} will provide a senior officer to the One Halton Board, attend its monthly meetings "
    "and report progress on the shared priorities to its own governing body."
)


def synthetic_section(n_sentences: int) -> tuple[Section, list[Block], str]:
    heading = "5 Designated Leads"
    body = " ".join(SENTENCE.format(n=i) for i in range(1, n_sentences + 1))
    text = f"{heading}\n\n{body}"
    blocks = [
        Block(kind="para", text=heading, page=None, start=0, end=len(heading)),
        Block(kind="para", text=body, page=None, start=len(heading) + 2, end=len(text)),
    ]
    section = Section(
        id="s1",
        document_id="doc",
        number="5",
        heading="Designated Leads",
        parent_id=None,
        depth=1,
        path="5 Designated Leads",
        start=0,
        end=len(text),
        body_start=0,
        body_end=len(text),
        page=None,
        ordinal=0,
    )
    return section, blocks, text


def test_long_section_splits_into_overlapping_chunks_none_truncated(token_counter):
    section, blocks, text = synthetic_section(40)
    result = chunk_section(section, blocks, text, token_counter, target_tokens=160)

    assert len(result) >= 5
    for chunk in result:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.heading_path == "5 Designated Leads"
        assert "Designated Leads" not in chunk.text, "the heading travels in the path, not the text"
        assert chunk.token_count == token_counter(embedding_text(chunk.heading_path, chunk.text)) + 2
        assert chunk.token_count <= MODEL_WINDOW
        assert token_counter(chunk.text) <= 160
        assert chunk.text.endswith("governing body."), "a chunk must end on a sentence, not mid-way"
    # Every sentence is in some chunk, and each chunk repeats the last sentence of the one before.
    body = blocks[1]
    assert result[0].start == body.start and result[-1].end == body.end
    for before, after in itertools.pairwise(result):
        assert before.start < after.start < before.end
        assert before.text.endswith(text[after.start : before.end])
        assert text[after.start : before.end].startswith("Partner number ")
    assert [c.ordinal for c in result] == list(range(len(result)))
    assert len({c.id for c in result}) == len(result)


def test_short_sentences_make_the_next_chunk_repeat_the_last_one(token_counter):
    short = "The Board met. " * 120
    heading = "Minutes"
    text = f"{heading}\n\n{short.strip()}"
    blocks = [
        Block(kind="para", text=heading, page=None, start=0, end=len(heading)),
        Block(kind="para", text=short.strip(), page=None, start=len(heading) + 2, end=len(text)),
    ]
    section = Section("s", "d", None, heading, None, 1, heading, 0, len(text), 0, len(text), None, 0)
    result = chunk_section(section, blocks, text, token_counter, target_tokens=64)

    assert len(result) >= 3
    for before, after in itertools.pairwise(result):
        assert after.start < before.end, "consecutive chunks should overlap by a sentence"
        assert text[after.start : before.end] == "The Board met."


def test_short_section_stays_whole(token_counter):
    section, blocks, text = synthetic_section(2)
    result = chunk_section(section, blocks, text, token_counter, target_tokens=160)

    assert len(result) == 1
    assert result[0].text == blocks[1].text
    assert result[0].page is None


def test_one_sentence_longer_than_the_budget_is_cut_at_words(token_counter):
    run_on = "partnership " * 400
    heading = "Glossary"
    text = f"{heading}\n\n{run_on.strip()}"
    blocks = [
        Block(kind="para", text=heading, page=None, start=0, end=len(heading)),
        Block(kind="para", text=run_on.strip(), page=None, start=len(heading) + 2, end=len(text)),
    ]
    section = Section("s", "d", None, heading, None, 1, heading, 0, len(text), 0, len(text), None, 0)
    result = chunk_section(section, blocks, text, token_counter, target_tokens=160)

    assert len(result) >= 3
    assert sum(c.text.count("partnership") for c in result) >= 400
    for chunk in result:
        assert chunk.token_count <= MODEL_WINDOW
        assert chunk.text.startswith("partnership") and chunk.text.endswith("partnership")


def test_sentence_spans_keep_abbreviations_whole():
    text = "The lead is Dr. Smith, e.g. for finance. The Board agreed. It meets at St. Helens."
    spans = [text[u.start : u.end] for u in sentence_spans(text, 0)]

    assert spans == ["The lead is Dr. Smith, e.g. for finance.", "The Board agreed.", "It meets at St. Helens."]
