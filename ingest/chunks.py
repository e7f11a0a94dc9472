"""Cut each section's own text into sentence-aware passages that fit the embedding model.

Sizes are counted with the model's own tokenizer: all-MiniLM-L6-v2 reads 256 word pieces and
drops the rest without a word, so a chunk plus its heading path must fit with room to spare.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.records import Block, Chunk, Section, stable_id
from core.sentences import Span as _Unit
from core.sentences import sentence_spans

MODEL_WINDOW = 256  # word pieces all-MiniLM-L6-v2 reads, [CLS] and [SEP] included
_SPECIAL_TOKENS = 2

TokenCounter = Callable[[str], int]


class WordPieceCounter:
    """Counts word pieces with the model's tokenizer.json (fast, no torch import)."""

    def __init__(self, model_path: str | Path) -> None:
        self.model_path = Path(model_path)
        self._tokenizer: Any = None

    def load(self) -> WordPieceCounter:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        # The shipped tokenizer truncates at 128; counting must see every piece.
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        return self

    def __call__(self, text: str) -> int:
        if self._tokenizer is None:
            self.load()
        assert self._tokenizer is not None
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


def embedding_text(heading_path: str, text: str) -> str:
    """What the embedder and the lexical index see: the heading path, then the passage."""
    return f"{heading_path}\n{text}" if heading_path else text


def _split_long_unit(unit: _Unit, clean_text: str, budget: int, count: TokenCounter) -> list[_Unit]:
    """Cut a unit that alone exceeds the budget at word boundaries."""
    pieces: list[_Unit] = []
    words = [
        (m.start() + unit.start, m.end() + unit.start) for m in re.finditer(r"\S+", clean_text[unit.start : unit.end])
    ]
    current_start = words[0][0]
    last_end = words[0][0]
    for w_start, w_end in words:
        if count(clean_text[current_start:w_end]) > budget and last_end > current_start:
            pieces.append(_Unit(current_start, last_end))
            current_start = w_start
        last_end = w_end
    pieces.append(_Unit(current_start, last_end))
    return pieces


def chunk_section(
    section: Section,
    blocks: list[Block] | BlockIndex,
    clean_text: str,
    count: TokenCounter,
    target_tokens: int,
    ordinal_start: int = 0,
) -> list[Chunk]:
    """Chunks of one section's own text (its body, not its children)."""
    index = blocks if isinstance(blocks, BlockIndex) else BlockIndex(blocks)
    heading_path = section.path
    if section.kind == "clause":
        # A clause's label is its own first words; the path need not repeat them.
        parent_path = section.path.rsplit(" › ", 1)[0] if " › " in section.path else ""
        heading_path = f"{parent_path} › {section.number}" if parent_path else str(section.number)
    heading_cost = count(heading_path) + 1 if heading_path else 0
    budget = max(32, min(target_tokens, MODEL_WINDOW - _SPECIAL_TOKENS - heading_cost - 4))
    units: list[_Unit] = []
    costs: list[int] = []  # word pieces of each unit
    for block in index.overlapping(section.body_start, section.body_end):
        if block.start == section.start and section.kind == "heading":
            continue  # the heading line itself travels in heading_path
        if block.kind == "para":
            spans = sentence_spans(block.text, block.start)
        else:
            spans = [_Unit(block.start, block.end)]
        for span in spans:
            cost = count(clean_text[span.start : span.end])
            if cost > budget:
                pieces = _split_long_unit(span, clean_text, budget, count)
                units.extend(pieces)
                costs.extend(count(clean_text[u.start : u.end]) for u in pieces)
            else:
                units.append(span)
                costs.append(cost)
    if not units:
        return []
    # Each unit, and each gap that is more than white space (a closing quote after a full stop), is counted
    # once: a word-piece tokenizer splits at white space, so a run of units costs the sum of its parts.
    # Counting every growing run again instead made chunking most of a long file's ingest.
    gaps = [_gap_cost(clean_text[a.end : b.start], count) for a, b in itertools.pairwise(units)]

    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        first = i
        j = i
        running = costs[first]
        while j + 1 < len(units) and running + gaps[j] + costs[j + 1] <= budget:
            running += gaps[j] + costs[j + 1]
            j += 1
        # One exact count per chunk keeps the window for a tokenizer whose pieces do not simply add up.
        while j > first and count(clean_text[units[first].start : units[j].end]) > budget:
            j -= 1
        start, end = units[first].start, units[j].end
        text = clean_text[start:end]
        chunks.append(
            Chunk(
                id=stable_id(section.document_id, "chunk", start, end),
                document_id=section.document_id,
                section_id=section.id,
                ordinal=ordinal_start + len(chunks),
                text=text,
                start=start,
                end=end,
                page=index.page_at(start),
                page_end=index.page_at(end - 1),
                heading_path=heading_path,
                token_count=count(embedding_text(heading_path, text)) + _SPECIAL_TOKENS,
            )
        )
        if j + 1 >= len(units):
            break
        # A little overlap: the next chunk repeats the last sentence when it is short.
        overlap_ok = j > first and costs[j] <= budget // 4
        i = j if overlap_ok else j + 1
    return chunks


def _gap_cost(gap: str, count: TokenCounter) -> int:
    return count(gap) if gap.strip() else 0


class BlockIndex:
    """Blocks in text order, found by offset with a binary search (a scan per chunk is quadratic: a 4 MB file
    has tens of thousands of blocks and chunks)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._starts = [b.start for b in blocks]
        # Reach of each block: its text and the line break after it (a span may end there).
        self._reaches = [b.end + 2 for b in blocks]

    def page_at(self, offset: int) -> int | None:
        """The page of the first block whose reach covers `offset`."""
        i = bisect.bisect_right(self._reaches, offset)
        if i < len(self.blocks) and self.blocks[i].start <= offset:
            return self.blocks[i].page
        return None

    def overlapping(self, start: int, end: int) -> list[Block]:
        """The blocks that share a character with [start, end)."""
        first = bisect.bisect_right(self._reaches, start + 2)  # blocks with end > start
        last = bisect.bisect_left(self._starts, end)  # blocks with start < end
        return self.blocks[first:last]


def chunk_document(
    sections: list[Section], blocks: list[Block], clean_text: str, count: TokenCounter, target_tokens: int
) -> list[Chunk]:
    chunks: list[Chunk] = []
    by_id = {section.id: section for section in sections}
    run: list[Chunk] = []  # one-chunk clauses of the same parent, waiting to be merged

    def flush() -> None:
        if len(run) < 2:
            chunks.extend(run)
        else:
            chunks.append(_merged_clauses(run, by_id[by_id[run[0].section_id].parent_id or ""], clean_text, count))
        run.clear()

    index = BlockIndex(blocks)
    for section in sections:
        pieces = chunk_section(section, index, clean_text, count, target_tokens)
        parent = by_id.get(section.parent_id or "")
        if section.kind == "clause" and len(pieces) == 1 and parent is not None:
            # Short clauses ("8.1 We support each other", "8.2 We act with transparency ...") are read
            # together under their heading: one passage per clause is too small to be found or to answer.
            same = run and by_id[run[0].section_id].parent_id == section.parent_id
            fits = same and count(clean_text[run[0].start : pieces[0].end]) <= target_tokens
            if not fits:
                flush()
            run.append(pieces[0])
            continue
        flush()
        chunks.extend(pieces)
    flush()
    return [replace(c, ordinal=i) for i, c in enumerate(chunks)]


def _merged_clauses(run: list[Chunk], parent: Section, clean_text: str, count: TokenCounter) -> Chunk:
    start, end = run[0].start, run[-1].end
    text = clean_text[start:end]
    return Chunk(
        id=stable_id(parent.document_id, "chunk", start, end),
        document_id=parent.document_id,
        section_id=parent.id,
        ordinal=0,
        text=text,
        start=start,
        end=end,
        page=run[0].page,
        page_end=run[-1].page_end,
        heading_path=parent.path,
        token_count=count(embedding_text(parent.path, text)) + _SPECIAL_TOKENS,
    )
