"""Open everything search needs from settings: store, model, vector index, query analyser."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from core.aliases import abbreviation_map, load_synonyms
from core.profile import names_table
from core.settings import Settings
from index.embedder import Embedder, SentenceTransformerEmbedder
from index.names import learned_abbreviations, stored_profile, weak_words
from index.query import QueryAnalyzer, stem, words
from index.search import HybridSearcher
from index.store import Store
from index.vectors import VectorIndex

log = logging.getLogger(__name__)


@dataclass
class SearchService:
    settings: Settings
    store: Store
    embedder: Embedder
    vectors: VectorIndex
    searcher: HybridSearcher

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, build_if_stale: bool = True) -> SearchService:
        """Open the store and the vector index; rebuild the index if it no longer matches the store."""
        store = Store(settings.db_path).open()
        if embedder is None:
            embedder = SentenceTransformerEmbedder(settings.model_path).load()
        vectors = VectorIndex(settings.vectors_dir)
        if not vectors.is_current(store, embedder.name):
            if not build_if_stale:
                vectors.load(store, embedder.name)  # raises IndexOutOfDate with the fixing command
            log.info("vector index missing or stale; rebuilding")
            vectors.build(store, embedder)
        searcher = HybridSearcher(store, embedder, vectors, build_analyzer(store))
        _one_thread_for_queries()
        return cls(settings, store, embedder, vectors, searcher)

    def refresh(self) -> None:
        """After an ingest: rebuild vectors if needed and relearn the vocabulary."""
        if not self.vectors.is_current(self.store, self.embedder.name):
            self.vectors.build(self.store, self.embedder)
        self.searcher.analyzer = build_analyzer(self.store)

    def close(self) -> None:
        self.store.close()


def _one_thread_for_queries() -> None:
    """Encode queries on one torch thread: a single sentence gains nothing from two, and on a busy
    2-core machine two threads fighting other work made query encoding 30x slower (measured:
    13-19 ms on one thread against 490-730 ms on two, under load)."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # the fake embedder needs no torch
        pass


def build_analyzer(store: Store) -> QueryAnalyzer:
    """The corpus vocabulary (for typo correction) and stem counts (for weighting), with the aliases."""
    vocabulary: set[str] = set()
    stem_counts: Counter[str] = Counter()
    rows = store.all_chunks()
    written_lower: set[str] = set()
    for row in rows:
        passage = words(row["text"]) + words(row["heading_path"])
        vocabulary.update(passage)
        stem_counts.update({stem(w) for w in passage})
        written_lower.update(re.findall(r"\b[a-z]{2,}\b", row["text"]))
    # A short form the documents also write as an ordinary word ("SEND", "send") is not expanded, nor one the
    # national table or the profile defines: a paper's own meaning ("ICP" for its commissioning partnership)
    # names its body in the graph, but as a search synonym it would dilute the common meaning (measured:
    # set C hit@5 0.929 with it, 0.964 without; the dev set's answers equal).
    names = names_table(stored_profile(store))  # the learned forms are added below, filtered
    learned = {
        a: forms
        for a, forms in learned_abbreviations(store).items()
        if a.lower() not in written_lower and not names.expansion(a)
    }
    aliases = abbreviation_map(names, learned)
    expansions = {a: list(forms) for a, forms in aliases.items()}
    for word, alternatives in load_synonyms().items():
        expansions.setdefault(word, []).extend(a for a in alternatives if a not in expansions[word])
    return QueryAnalyzer(vocabulary, expansions, stem_counts, len(rows), weak_words(store), aliases)
