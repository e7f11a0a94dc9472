"""A second lexical backend: BM25 in pure Python over passages held in memory.

It computes what SQLite's FTS5 bm25() computes over the store's chunks table (the same columns and weights, the
same tokens: unicode61 with diacritics removed, then the Porter stemmer), so the two rank alike. It shows what a
lexical backend must do to replace FTS5 (index/protocols.py, LexicalIndex) and lets tests run search without it.
Memory and time grow with the corpus: for small corpora and tests, not for serving a large one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import snowballstemmer

from index.protocols import CorpusStore, Ranked
from index.query import AnalysedQuery

# FTS5's defaults, and the column weights the store's query passes to bm25()
K1 = 1.2
B = 0.75
COLUMNS = ("text", "heading_path", "document_title")
WEIGHTS = (1.0, 0.6, 0.3)
# FTS5's porter tokenizer leaves tokens shorter or longer than these as they are.
_STEMMED_LENGTHS = range(3, 65)
_TOKEN = re.compile(r"[^\W_]+")
_PORTER = snowballstemmer.stemmer("porter")

Phrase = tuple[str, ...]


def tokens(text: str) -> list[str]:
    """Lower-case letter and digit runs, diacritics removed, each stemmed (as FTS5's porter unicode61 does)."""
    decomposed = unicodedata.normalize("NFD", text.lower())  # not NFKD: FTS5 keeps "⁵" as it is
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [_PORTER.stemWord(t) if len(t) in _STEMMED_LENGTHS else t for t in _TOKEN.findall(plain)]


class MemoryBM25:
    """BM25 over passages' text, heading path and document title, by FTS5's formula."""

    def __init__(self, passages: Iterable[Mapping[str, Any]]) -> None:
        self._ids: list[str] = []
        self._columns: list[tuple[list[str], ...]] = []
        self._lengths: list[int] = []
        self._postings: dict[str, set[int]] = defaultdict(set)
        for passage in passages:
            row = len(self._ids)
            columns = tuple(tokens(str(passage[name] or "")) for name in COLUMNS)
            self._ids.append(str(passage["id"]))
            self._columns.append(columns)
            self._lengths.append(sum(len(c) for c in columns))
            for column in columns:
                for token in column:
                    self._postings[token].add(row)
        self._average_length = sum(self._lengths) / max(1, len(self._lengths))

    @classmethod
    def over(cls, store: CorpusStore) -> MemoryBM25:
        """The index of a store's passages as it holds them now (a generation's store: they do not change)."""
        return cls(store.all_chunks())

    def search(self, query: AnalysedQuery, limit: int) -> Ranked:
        groups = [[tuple(tokens(element)) for element in group] for group in query.lexical_groups]
        found = {phrase: self._occurrences(phrase) for group in groups for phrase in group}
        matched: set[int] = set()
        for group in groups:
            rows = [set(found[phrase]) for phrase in group]
            if rows:
                matched |= set.intersection(*rows)
        total = len(self._ids)
        idf = {}
        for phrase, rows_with in found.items():
            value = math.log((total - len(rows_with) + 0.5) / (len(rows_with) + 0.5))
            idf[phrase] = value if value > 0 else 1e-6
        scored = []
        for row in matched:
            norm = K1 * (1 - B + B * self._lengths[row] / self._average_length)
            score = 0.0
            # As in FTS5, only the groups the passage matches count (a group's words elsewhere in it do not), and
            # a phrase in two groups counts twice.
            for group in groups:
                if group and all(row in found[phrase] for phrase in group):
                    for phrase in group:
                        frequency = sum(w * n for w, n in zip(WEIGHTS, found[phrase][row], strict=True))
                        score += idf[phrase] * frequency * (K1 + 1) / (frequency + norm)
            scored.append((score, row))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [(self._ids[row], score) for score, row in scored[:limit]]

    def _occurrences(self, phrase: Phrase) -> dict[int, tuple[int, ...]]:
        """Row -> how often the phrase (consecutive tokens) is in each column, for the rows that hold it."""
        if not phrase:
            return {}
        candidates = set.intersection(*(self._postings.get(token, set()) for token in phrase))
        width = len(phrase)
        out = {}
        for row in candidates:
            counts = tuple(
                sum(1 for i in range(len(column) - width + 1) if tuple(column[i : i + width]) == phrase)
                for column in self._columns[row]
            )
            if any(counts):
                out[row] = counts
        return out
