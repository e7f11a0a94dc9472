"""Hybrid search: BM25 (FTS5) and dense (FAISS) fused by reciprocal rank, near-duplicates collapsed."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidInput
from core.records import nearest_heading
from core.rows import PassageRow
from core.text import check_text
from index.protocols import CorpusStore, DenseIndex, Embedder, LexicalIndex, Ranked
from index.query import AnalysedQuery, QueryAnalyzer, coverage, stems_of, words
from index.scope import document_scope, names_a_document

RERANK_DEPTH = 30
COVERAGE_WEIGHT = 0.7
NAMED_DOCUMENT_WEIGHT = 0.3  # measured: gold MRR 0.847 -> 0.854 at 0.15, 0.3 and 0.6 alike; other sets unchanged
HEADING_WEIGHT = 0.15  # measured on four question sets: 0.15 beat 0.3 and 0.5 (MRR and accuracy)
RRF_K = 10  # measured on the gold set: 10 beat 20 and 60 for every chunk size tried
CANDIDATES = 50
EVIDENCE_WEIGHT = 2.0  # measured: MRR 0.739 at 0.5, 0.752 at 1, 0.763 at 2
# query -> chunk ids, best first
EvidenceChannel = Callable[[str], list[str]]
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class SearchFilters:
    document: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass
class SearchHit:
    chunk: PassageRow
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_score: float | None = None
    lexical_score: float | None = None
    evidence_rank: int | None = None  # rank among the knowledge graph's evidence for the question
    collapsed: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.chunk["id"])


def passage_stems(chunk: Mapping[str, Any]) -> frozenset[str]:
    """The word stems of a passage with where it sits: its text, heading path, document title and the
    year of its document ("the ACS model in 2018" is the 2018 report's model)."""
    year = str(chunk.get("document_date") or "")[:4]
    return stems_of(f"{chunk['text']} {chunk['heading_path']} {chunk['document_title']} {year}")


def passage_url(document_id: str, start: int, end: int) -> str:
    """Opens the document viewer with the span highlighted and scrolled into view."""
    return f"/documents/{document_id}?start={start}&end={end}#passage"


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    if a["document_id"] != b["document_id"]:
        return 0.0
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a["end"] - a["start"], b["end"] - b["start"]))


@functools.lru_cache(maxsize=8192)
def _shingles(text: str) -> frozenset[str]:
    """Word trigrams of a passage; cached: every search compares the same passages pair by pair (profiled: half
    of a search's time went to recomputing them)."""
    w = words(text)
    return frozenset(" ".join(w[i : i + 3]) for i in range(max(1, len(w) - 2)))


def is_near_duplicate(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same passage twice: overlapping spans, or (across documents) almost the same words."""
    if _overlap(a, b) >= 0.5:
        return True
    sa, sb = _shingles(a["text"]), _shingles(b["text"])
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= 0.8


@dataclass
class _Ranks:
    """Where one passage came in each ranked list, and its fused score so far."""

    score: float = 0.0
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_score: float | None = None
    lexical_score: float | None = None
    evidence_rank: int | None = None


class HybridSearcher:
    """Searches one index generation. Pure Python over the backends' Protocols (index/protocols.py): the store,
    the lexical index, the query embedder and the dense index; no web framework here. Without `lexical` (or
    without an embedder and dense index) that ranked list is left out."""

    def __init__(
        self,
        store: CorpusStore,
        embedder: Embedder | None,
        vectors: DenseIndex | None,
        analyzer: QueryAnalyzer,
        lexical_weight: float = 1.0,
        dense_weight: float = 1.0,
        evidence: EvidenceChannel | None = None,
        evidence_weight: float = EVIDENCE_WEIGHT,
        lexical: LexicalIndex | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.vectors = vectors
        self.lexical_index = lexical
        self.analyzer = analyzer
        self.lexical_weight = lexical_weight
        self.dense_weight = dense_weight
        # A third ranked list: chunks holding the knowledge graph's evidence for a relation question
        # ("who sits on the programme board?" -> the chunk listing its members, which shares no word with it).
        self.evidence = evidence
        self.evidence_weight = evidence_weight

    @staticmethod
    def validate(query: str, k: int) -> str:
        cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", query or "").strip()
        if not cleaned:
            raise InvalidInput("the query is empty; type a few words to search for")
        check_text(cleaned, "the query")
        if len(cleaned) > MAX_QUERY_CHARS:
            raise InvalidInput(
                f"the search text is {len(cleaned)} characters long; it can be at most {MAX_QUERY_CHARS} characters. "
                "Search for a few words instead."
            )
        if not 1 <= k <= 50:
            raise InvalidInput(f"k must be between 1 and 50, got {k}")
        return cleaned

    def _check_kind(self, kind: str | None) -> None:
        """An unknown kind is a mistake to name, not a filter that quietly matches nothing."""
        if not kind:
            return
        kinds = self.store.kinds()
        if kind.lower() not in {k.lower() for k in kinds}:
            listed = ", ".join(f"“{k}”" for k in kinds) or "none yet"
            raise InvalidInput(f"no document is of the kind “{kind}”; the kinds the documents have are {listed}.")

    def no_match(self, query: str) -> bool:
        """True when no passage mentions any of the query's words, nor a known variant of one (its stem, a
        longer word it shortens, what it abbreviates): whatever search returns then is only the closest."""
        return not self.analyzer.mentions_any(self.validate(query, 1))

    def lexical(self, analysed: AnalysedQuery, limit: int) -> Ranked:
        if self.lexical_index is None:
            return []
        return self.lexical_index.search(analysed, limit)

    def dense(self, analysed: AnalysedQuery, limit: int) -> Ranked:
        if self.embedder is None or self.vectors is None:
            return []
        # The question as typed: appending abbreviation expansions measured worse for the embedder.
        vector = self.embedder.encode([analysed.original])[0]
        return self.vectors.search(vector, limit)

    def search(
        self, query: str, k: int = 10, filters: SearchFilters | None = None, mode: str = "hybrid"
    ) -> list[SearchHit]:
        """Best passages first. mode is 'hybrid', 'lexical' or 'dense' (the last two for baselines)."""
        query = self.validate(query, k)
        analysed = self.analyzer.analyse(query)
        filters = filters or SearchFilters()
        self._check_kind(filters.kind)
        allowed = self.store.document_filter(filters.document, filters.kind, filters.date_from, filters.date_to)
        if allowed is not None and not allowed:
            return []
        depth = CANDIDATES if allowed is None else max(CANDIDATES, 400)
        lexical = self.lexical(analysed, depth) if mode in ("hybrid", "lexical") else []
        dense = self.dense(analysed, depth) if mode in ("hybrid", "dense") else []

        fused: dict[str, _Ranks] = {}
        for rank, (chunk_id, score) in enumerate(lexical):
            ranks = fused.setdefault(chunk_id, _Ranks())
            ranks.lexical_rank, ranks.lexical_score = rank + 1, score
            ranks.score += self.lexical_weight / (RRF_K + rank + 1)
        for rank, (chunk_id, score) in enumerate(dense):
            ranks = fused.setdefault(chunk_id, _Ranks())
            ranks.dense_rank, ranks.dense_score = rank + 1, score
            ranks.score += self.dense_weight / (RRF_K + rank + 1)
        if mode == "hybrid" and self.evidence is not None:
            for rank, chunk_id in enumerate(self.evidence(query)):
                ranks = fused.setdefault(chunk_id, _Ranks())
                ranks.evidence_rank = rank + 1
                ranks.score += self.evidence_weight / (RRF_K + rank + 1)

        rows = self.store.chunks_by_id(list(fused))
        ranked = sorted(
            (
                SearchHit(chunk=rows[cid], **vars(ranks))
                for cid, ranks in fused.items()
                if cid in rows and (allowed is None or rows[cid]["document_id"] in allowed)
            ),
            key=lambda h: h.score,
            reverse=True,
        )
        if mode == "hybrid":
            # "... according to the place plan": without a filter, the document a query names comes first.
            named = None
            if filters.document is None and names_a_document(query):
                named = document_scope(query, self.store.list_documents())
            ranked = self._rerank_by_coverage(query, ranked, named)
        results: list[SearchHit] = []
        for hit in ranked:
            row = hit.chunk
            duplicate_of = next((r for r in results if is_near_duplicate(r.chunk, row)), None)
            if duplicate_of is not None:
                duplicate_of.collapsed.append(row["id"])
                continue
            results.append(hit)
            if len(results) >= k:
                break
        return results

    def _rerank_by_coverage(
        self, query: str, ranked: list[SearchHit], named: set[str] | None = None
    ) -> list[SearchHit]:
        """Reorder the best fused candidates by how much of the question each one contains.

        Rank fusion knows only ranks; a passage holding every rare word of the question deserves to
        beat one that merely sits high in one list. Measured on the gold set when first added: MRR 0.667 ->
        0.686 at weight 0.5 (0.3 to 2.0 all gave 0.684-0.697); later 0.7 beat 0.5 on four question sets,
        and 1.2 cost answer accuracy."""
        weights, alternatives = self.analyzer.weights(query)
        total = sum(weights.values())
        head = ranked[:RERANK_DEPTH]
        if not head or not total:
            return ranked
        top = max(h.score for h in head)
        for hit in head:
            covered = coverage(weights, alternatives, passage_stems(hit.chunk)) / total
            if hit.evidence_rank is not None:
                # The graph says this passage states the relation asked about, in words of its own
                # (a list of members shares no word with "who sits on ...?").
                covered = 1.0
            # A passage under a heading that names what is asked ("8 Values and Behaviours") is about it,
            # however its sentences are worded ("We support each other ...").
            titled = coverage(weights, alternatives, stems_of(nearest_heading(hit.chunk))) / total
            in_named = NAMED_DOCUMENT_WEIGHT if named and hit.chunk["document_id"] in named else 0.0
            hit.score = hit.score / top + COVERAGE_WEIGHT * covered + HEADING_WEIGHT * titled + in_named
        return sorted(head, key=lambda h: h.score, reverse=True) + ranked[RERANK_DEPTH:]


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """The API shape of one result."""
    c = hit.chunk
    return {
        "id": c["id"],
        "text": c["text"],
        "score": round(hit.score, 6),
        "document": {
            "id": c["document_id"],
            "title": c["document_title"],
            "kind": c["document_kind"],
            "date": c["document_date"],
        },
        "section": {"number": c["section_number"], "heading": c["section_heading"], "path": c["section_path"]},
        "page": c["page"],
        "start": c["start"],
        "end": c["end"],
        "url": passage_url(c["document_id"], c["start"], c["end"]),
    }
