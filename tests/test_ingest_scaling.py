"""Long files: structure and chunking do work in proportion to the text, and a long file's ingest shows progress.

No timings are asserted: the tests count the work the algorithm does (blocks visited, characters tokenized) on a
document and on one four times as long.
"""

from __future__ import annotations

import random

import pytest

from core.records import Block
from index.store import Store
from ingest.chunks import BlockIndex, chunk_document
from ingest.clean import RawLine, clean_lines
from ingest.pipeline import run_ingest
from ingest.sections import build_sections
from tests.bigdoc import governance_text


class CountingBlocks(list):
    """A list of blocks that counts how many blocks were read out of it, however they were read."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            self.reads += 1
            yield item

    def __getitem__(self, index):
        got = super().__getitem__(index)
        self.reads += len(got) if isinstance(index, slice) else 1
        return got


class CountingCounter:
    """The real token counter, counting the characters it is given."""

    def __init__(self, count) -> None:
        self.count = count
        self.characters = 0

    def __call__(self, text: str) -> int:
        self.characters += len(text)
        return self.count(text)


def _work(chars: int, token_counter) -> dict[str, float]:
    cleaned = clean_lines([RawLine(line) for line in governance_text(chars).splitlines()])
    blocks = CountingBlocks(cleaned.blocks)
    sections = build_sections("big", "Big", blocks, len(cleaned.text), cleaned.toc_titles)
    section_reads = blocks.reads
    blocks.reads = 0
    counter = CountingCounter(token_counter)
    chunks = chunk_document(sections, blocks, cleaned.text, counter, 96)
    assert len(sections) > 50 and len(chunks) > 50
    return {
        "blocks": len(blocks),
        "section_reads": section_reads,
        "chunk_reads": blocks.reads,
        "tokenized": counter.characters,
        "text": len(cleaned.text),
    }


@pytest.fixture(scope="module")
def work(token_counter):
    return _work(60_000, token_counter), _work(240_000, token_counter)


def test_sections_read_each_block_a_bounded_number_of_times(work):
    small, large = work
    assert large["blocks"] >= 3.8 * small["blocks"]
    # Linear: four times the blocks, about four times the reads (a scan per section made it sixteen).
    assert large["section_reads"] <= 5 * small["section_reads"]
    assert large["section_reads"] <= 20 * large["blocks"]


def test_chunking_reads_each_block_a_bounded_number_of_times(work):
    small, large = work
    assert large["chunk_reads"] <= 5 * small["chunk_reads"]
    assert large["chunk_reads"] <= 5 * large["blocks"]


def test_chunking_tokenizes_each_character_a_bounded_number_of_times(work):
    small, large = work
    assert large["tokenized"] <= 5 * small["tokenized"]
    # Each unit once, each chunk twice (its check and its stored count), each heading path once per section;
    # counting every growing run of sentences again read each character more than five times.
    assert large["tokenized"] <= 4.5 * large["text"]


def test_page_lookup_is_the_first_block_that_reaches_the_offset():
    """The binary search agrees with reading the blocks in order, where blocks are one or two characters apart."""
    rng = random.Random(7)
    blocks, at = [], 0
    for i in range(400):
        length = rng.randint(1, 30)
        blocks.append(Block("para", "x" * length, i // 7 + 1, at, at + length))
        at += length + rng.choice((1, 2, 3))
    index = BlockIndex(blocks)

    def scanned(offset: int) -> int | None:
        return next((b.page for b in blocks if b.start <= offset < b.end + 2), None)

    assert [index.page_at(o) for o in range(at + 5)] == [scanned(o) for o in range(at + 5)]
    for start, end in [(0, 1), (5, 90), (300, 301), (at - 10, at + 10), (at + 5, at + 9)]:
        expected = [b for b in blocks if b.end > start and b.start < end]
        assert index.overlapping(start, end) == expected


def test_long_file_is_ingested_with_its_stages_on_the_progress_bar(tmp_path, token_counter, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "2023-partnership-board-terms.txt"
    text = governance_text(150_000)
    (corpus / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store.db").open()
    try:
        report = run_ingest(corpus, store, token_counter, 96, show_progress=True)
        assert report.added == [name] and not report.failed
        stored = store.get_document("2023-partnership-board-terms", with_text=True)
        chunks = store.chunks_for(stored["id"])
        assert len(chunks) > 300
        assert all(stored["clean_text"][c["start"] : c["end"]] == c["text"] for c in chunks)
    finally:
        store.close()
    err = capsys.readouterr().err
    assert "ingest" in err and name[:40] in err
    for stage in ("parsing", "sections", "chunking", "graph", "storing"):
        assert f"{name[:40]}: {stage}" in err, stage
    # The bar counts bytes, so a long file's share of the run shows.
    size = f"{len(text.encode()) / 1000:.0f}k"
    assert f"{size}/{size}" in err, err[-300:]
