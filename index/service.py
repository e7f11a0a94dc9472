"""Open everything search needs from settings: store, model, vector index, query analyser."""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass

from core.aliases import abbreviation_map, load_synonyms
from core.errors import IndexOutOfDate
from core.profile import names_table
from core.settings import Settings
from index.embedder import Embedder, QueryCache
from index.generations import open_generation, publish
from index.names import learned_abbreviations, stored_profile, weak_words
from index.onnx_model import query_embedder
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
    generation: int = 0

    @classmethod
    def open(
        cls, settings: Settings, embedder: Embedder | None = None, build_if_stale: bool = True, pin: bool = False
    ) -> SearchService:
        """Open the store and the newest index generation; build one if none matches the store.

        `pin` holds the store at the snapshot the generation was read from (serving does: later ingests cannot
        change what this service sees, so a request never mixes two generations); a pinned open never builds.
        """
        store = Store(settings.db_path).open()
        if pin:
            store.pin_snapshot()
        if embedder is None:
            embedder = QueryCache(query_embedder(settings.data_dir, settings.model_path))
        try:
            try:
                generation, vectors = open_generation(store, settings.vectors_dir, embedder.name)
            except IndexOutOfDate:
                if not build_if_stale or pin:
                    raise
                log.info("no index generation matches the store; building one")
                with store.batch():
                    vectors = publish(store, embedder, settings.vectors_dir)
                generation = int((store.latest_generation() or {"id": 0})["id"])
        except BaseException:
            store.close()
            raise
        searcher = HybridSearcher(store, embedder, vectors, build_analyzer(store))
        _one_thread_for_queries()
        return cls(settings, store, embedder, vectors, searcher, generation)

    def close(self) -> None:
        self.store.close()


def _one_thread_for_queries() -> None:
    """Encode queries on one torch thread: a single sentence gains nothing from two, and on a busy
    2-core machine two threads fighting other work made query encoding 30x slower (measured:
    13-19 ms on one thread against 490-730 ms on two, under load). Only when torch is in use already:
    serving with ONNX never imports it."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


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
