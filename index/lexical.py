"""The default lexical index: SQLite FTS5 with BM25, over the store's own chunks table (kept by triggers)."""

from __future__ import annotations

from index.protocols import Ranked
from index.query import AnalysedQuery
from index.store import Store


class Fts5Index:
    """BM25 over passage text, heading path and document title, in the store file: it is always the store's state."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, query: AnalysedQuery, limit: int) -> Ranked:
        return self.store.lexical_search(query.fts, limit)
