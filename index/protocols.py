"""The backends behind search and answers, as Protocols: what server/ may rely on, and all it may import.

The defaults are embedded: the SQLite store (index/store.py) with its FTS5 table (index/lexical.py), FAISS vectors
(index/vectors.py) in index generations (index/generations.py), queries encoded by ONNX Runtime
(index/onnx_model.py) and chat memory in SQLite (index/conversations.py); index/service.py opens them from
settings. A server-class engine (Postgres with pgvector, OpenSearch) replaces them by implementing these Protocols,
without a change to server/ (tests/test_backends.py holds server/ to that and runs it over a second lexical backend).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from core.rows import (
    AbbreviationRow,
    ChunkRow,
    CommitmentRow,
    DocumentListing,
    DocumentRow,
    EdgeRow,
    EntityRow,
    GenerationRow,
    NameMentionRow,
    PassageRow,
    SectionRow,
    StoreCounts,
)
from index.query import AnalysedQuery

if TYPE_CHECKING:
    from index.service import SearchService

# (chunk id, score; higher is better), best first
Ranked = list[tuple[str, float]]


class DocumentStore(Protocol):
    """What server/ reads from the store: documents, their sections and passages, commitments."""

    def counts(self) -> StoreCounts: ...

    def list_documents(self) -> list[DocumentListing]:
        """Every document, newest first."""
        ...

    def get_document(self, document_id: str, with_text: bool = False) -> DocumentRow:
        """One document (with its clean text and content hash when asked); NotFound when there is none."""
        ...

    def sections_for(self, document_id: str) -> list[SectionRow]:
        """A document's sections in reading order."""
        ...

    def chunks_for(self, document_id: str) -> list[ChunkRow]:
        """A document's passages in reading order."""
        ...

    def section(self, section_id: str) -> SectionRow | None: ...

    def section_at(self, document_id: str, offset: int) -> SectionRow | None:
        """The innermost section whose span holds an offset."""
        ...

    def chunk_containing(self, document_id: str, start: int, end: int) -> PassageRow | None:
        """The passage that holds most of a span."""
        ...

    def commitments(
        self, document: str | None = None, body: str | None = None, text: str | None = None
    ) -> list[CommitmentRow]:
        """The commitments register, filtered by document, by words of the body and of the text."""
        ...

    def kinds(self) -> list[str]:
        """The kinds the documents have, sorted."""
        ...


class CorpusStore(DocumentStore, Protocol):
    """The store one index generation serves from: what server/ reads, and what search, the graph and the query
    analyser in index/ read. Every read sees the generation's state of the store, whatever is published after."""

    def chunks_by_id(self, ids: list[str]) -> dict[str, PassageRow]: ...

    def all_chunks(self) -> list[PassageRow]:
        """Every passage, in a stable order (the order the vectors are in)."""
        ...

    def chunks_fingerprint(self) -> str:
        """A hash of every passage's id and text, to tie vectors to the passages they were built from."""
        ...

    def document_filter(
        self, document: str | None, kind: str | None, date_from: str | None, date_to: str | None
    ) -> set[str] | None:
        """Ids of the documents that pass the filters, or None when no filter is set."""
        ...

    def entities(self) -> list[EntityRow]: ...

    def edges(self) -> list[EdgeRow]: ...

    def abbreviations(self) -> list[AbbreviationRow]:
        """Every abbreviation a document defines, with its span."""
        ...

    def name_mentions(self) -> list[NameMentionRow]:
        """Every name a document writes for an entity, with that document, newest first."""
        ...

    def profile(self) -> dict[str, Any]:
        """The corpus profile the store was ingested with ({} when none)."""
        ...

    def latest_generation(self) -> GenerationRow | None:
        """The newest published index generation, as this store sees it."""
        ...

    def close(self) -> None: ...


class LexicalIndex(Protocol):
    """Word search over the passages (BM25)."""

    def search(self, query: AnalysedQuery, limit: int) -> Ranked:
        """The passages holding any of the query's lexical groups (`AnalysedQuery.lexical_groups`: a passage
        matches a group when it holds all of its words), best first."""
        ...


class Embedder(Protocol):
    """Turns text into vectors (queries when serving; passages at ingest)."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class DenseIndex(Protocol):
    """Nearest passages to a query vector (cosine similarity)."""

    def search(self, query_vector: np.ndarray, k: int) -> Ranked: ...


class ChatMemory(Protocol):
    """Conversations kept server-side, shared by every worker and generation."""

    def new_id(self) -> str:
        """An unguessable id for a conversation that add_turn(..., start=True) will create."""
        ...

    def exists(self, conversation_id: str) -> bool: ...

    def turns(self, conversation_id: str) -> list[dict[str, Any]]:
        """A conversation's turns, oldest first, each with its `ordinal` (from 0, never reused, even after the
        oldest turns are forgotten); NotFound when there is no such conversation."""
        ...

    def add_turn(
        self, conversation_id: str, question: str, resolved: str, answer: str, payload: dict, start: bool = False
    ) -> None: ...

    def clear(self, conversation_id: str) -> None:
        """Forget a conversation; NotFound when there is none."""
        ...

    def close(self) -> None: ...


class IndexGenerations(Protocol):
    """Where a running server gets index generations from, to follow every ingest."""

    def newest(self) -> int:
        """The number of the newest published generation (0 for a store from before generations); cheap, since
        a server asks every second."""
        ...

    def load(self) -> SearchService:
        """Search over the newest generation, reading only it for as long as it is open; IndexOutOfDate when no
        generation matches the store."""
        ...

    def build(self) -> None:
        """Build and publish a generation for the store as it is (slow: it embeds every passage)."""
        ...

    def close(self) -> None: ...
