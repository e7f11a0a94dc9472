"""Cut each section's own text into sentence-aware passages that fit the embedding model.

Sizes are counted with the model's own tokenizer: all-MiniLM-L6-v2 reads 256 word pieces and
drops the rest without a word, so a chunk plus its heading path must fit with room to spare.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.records import Block, Chunk, Section, stable_id

MODEL_WINDOW = 256  # word pieces all-MiniLM-L6-v2 reads, [CLS] and [SEP] included
_SPECIAL_TOKENS = 2
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "vs.", "approx.", "Cllr.")
_SENTENCE_END = re.compile(r"(?<=[.!?])['’\"”)]*\s+(?=[A-Z0-9“‘\"'(£•])")

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


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int


def sentence_spans(text: str, offset: int) -> list[_Unit]:
    """Split a paragraph into sentence spans (absolute offsets), keeping abbreviations whole."""
    units: list[_Unit] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[begin : m.start()]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        units.append(_Unit(offset + begin, offset + m.start()))
        begin = m.end()
    if begin < len(text):
        units.append(_Unit(offset + begin, offset + len(text)))
    return [u for u in units if u.end > u.start]


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
    blocks: list[Block],
    clean_text: str,
    count: TokenCounter,
    target_tokens: int,
    ordinal_start: int = 0,
) -> list[Chunk]:
    """Chunks of one section's own text (its body, not its children)."""
    heading_path = section.path
    if section.kind == "clause":
        # A clause's label is its own first words; the path need not repeat them.
        parent_path = section.path.rsplit(" › ", 1)[0] if " › " in section.path else ""
        heading_path = f"{parent_path} › {section.number}" if parent_path else str(section.number)
    heading_cost = count(heading_path) + 1 if heading_path else 0
    budget = max(32, min(target_tokens, MODEL_WINDOW - _SPECIAL_TOKENS - heading_cost - 4))
    units: list[_Unit] = []
    for block in blocks:
        if block.end <= section.body_start or block.start >= section.body_end:
            continue
        if block.start == section.start and section.kind == "heading":
            continue  # the heading line itself travels in heading_path
        if block.kind == "para":
            spans = sentence_spans(block.text, block.start)
        else:
            spans = [_Unit(block.start, block.end)]
        for span in spans:
            if count(clean_text[span.start : span.end]) > budget:
                units.extend(_split_long_unit(span, clean_text, budget, count))
            else:
                units.append(span)
    if not units:
        return []

    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        first = i
        j = i
        while j + 1 < len(units) and count(clean_text[units[first].start : units[j + 1].end]) <= budget:
            j += 1
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
                page=_page_at(blocks, start),
                page_end=_page_at(blocks, end - 1),
                heading_path=heading_path,
                token_count=count(embedding_text(heading_path, text)) + _SPECIAL_TOKENS,
            )
        )
        if j + 1 >= len(units):
            break
        # A little overlap: the next chunk repeats the last sentence when it is short.
        overlap_ok = j > first and count(clean_text[units[j].start : units[j].end]) <= budget // 4
        i = j if overlap_ok else j + 1
    return chunks


def _page_at(blocks: list[Block], offset: int) -> int | None:
    for block in blocks:
        if block.start <= offset < block.end + 2:
            return block.page
    return None


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

    for section in sections:
        pieces = chunk_section(section, blocks, clean_text, count, target_tokens)
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
