"""The factory: the default backends opened from settings (SQLite + FTS5 store, FAISS vectors in index generations,
the ONNX query encoder, SQLite chat memory), and the search service of one generation over them.

server/ imports this module and index/protocols.py, never a backend module: a server-class engine is opened here
instead, behind the same Protocols.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.aliases import abbreviation_map, load_synonyms
from core.errors import IndexOutOfDate
from core.profile import names_table
from core.settings import Settings
from index.conversations import ConversationStore
from index.embedder import QueryCache
from index.generations import build_generation, open_generation, publish, record_generation
from index.lexical import Fts5Index
from index.names import learned_abbreviations, stored_profile, weak_words
from index.onnx_model import query_embedder
from index.protocols import ChatMemory, CorpusStore, DenseIndex, Embedder, IndexGenerations, LexicalIndex
from index.query import QueryAnalyzer, stem, words
from index.search import HybridSearcher, passage_stems
from index.store import Store
from index.vectors import VectorIndex

log = logging.getLogger(__name__)

# Builds the lexical index of one generation over that generation's store.
LexicalFactory = Callable[[CorpusStore], LexicalIndex]


@dataclass
class SearchService:
    """Search over one index generation: its store, query embedder, dense index and the searcher over them."""

    settings: Settings
    store: CorpusStore
    embedder: Embedder
    vectors: DenseIndex
    searcher: HybridSearcher
    generation: int = 0

    @classmethod
    def open(
        cls,
        settings: Settings,
        embedder: Embedder | None = None,
        build_if_stale: bool = True,
        pin: bool = False,
        lexical: LexicalFactory | None = None,
    ) -> SearchService:
        """Open the store and the newest index generation; build one if none matches the store.

        `pin` holds the store at the snapshot the generation was read from (serving does: later ingests cannot
        change what this service sees, so a request never mixes two generations); a pinned open never builds.
        `lexical` builds another lexical index over the store (FTS5 by default).
        """
        store = Store(settings.db_path).open()
        if pin:
            store.pin_snapshot()
        if embedder is None:
            embedder = default_query_encoder(settings)
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
            lexical_index = lexical(store) if lexical is not None else Fts5Index(store)
        except BaseException:
            store.close()
            raise
        searcher = HybridSearcher(store, embedder, vectors, build_analyzer(store), lexical=lexical_index)
        _one_thread_for_queries()
        return cls(settings, store, embedder, vectors, searcher, generation)

    def close(self) -> None:
        self.store.close()


def default_query_encoder(settings: Settings) -> Embedder:
    """The query encoder serving uses (ONNX Runtime when ingest's check passed, else torch), caching repeats."""
    return QueryCache(query_embedder(settings.data_dir, settings.model_path))


def open_chat_memory(settings: Settings) -> ChatMemory:
    return ConversationStore(settings.chat_db_path, settings.max_conversations, settings.conversation_days).open()


class StoreGenerations:
    """The index generations published in the SQLite store (rows of `generations`, FAISS folders in vectors/)."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self._watch: Store | None = None

    def open(self) -> StoreGenerations:
        self._watch = Store(self.settings.db_path).open()
        return self

    def newest(self) -> int:
        assert self._watch is not None, "open() first"
        row = self._watch.latest_generation()
        return int(row["id"]) if row else 0

    def load(self) -> SearchService:
        return SearchService.open(self.settings, embedder=self.embedder, pin=True)

    def build(self) -> None:
        """Embed the store's chunks at a pinned snapshot, then publish them only if the store is still that state
        (an ingest that committed meanwhile has published its own generation, which a server then loads)."""
        reader = Store(self.settings.db_path).open().pin_snapshot()
        writer = Store(self.settings.db_path).open()
        try:
            vectors = build_generation(reader, self.embedder, self.settings.vectors_dir)
            with writer.batch():
                if writer.chunks_fingerprint() == vectors.manifest["store_fingerprint"]:
                    record_generation(writer, vectors)
        finally:
            reader.close()
            writer.close()

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None


def open_generations(settings: Settings, embedder: Embedder | None = None) -> IndexGenerations:
    """The generations a server follows, with the query encoder every generation's search shares."""
    return StoreGenerations(settings, embedder or default_query_encoder(settings)).open()


def _one_thread_for_queries() -> None:
    """Encode queries on one torch thread: a single sentence gains nothing from two, and on a busy
    2-core machine two threads fighting other work made query encoding 30x slower (measured:
    13-19 ms on one thread against 490-730 ms on two, under load). Only when torch is in use already:
    serving with ONNX never imports it."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


# Passages whose word stems are read at load (the stems cache holds 20,000 texts; half of it, for the passages).
WARM_PASSAGES = 10_000


def build_analyzer(store: CorpusStore) -> QueryAnalyzer:
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
        if len(rows) <= WARM_PASSAGES:
            # Every search weighs its candidates by the words they hold: read them now, not in the first
            # searches a server answers (a first search of each passage took 15 ms against 9 ms once read).
            passage_stems(row)
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


if TYPE_CHECKING:
    # The default backends implement the Protocols: drift between them is a type error (make typecheck).
    from index.bm25 import MemoryBM25
    from index.embedder import HashEmbedder, SentenceTransformerEmbedder
    from index.onnx_model import OnnxEmbedder

    _settings = Settings.from_env()
    _store: CorpusStore = Store(_settings.db_path)
    _lexical: tuple[LexicalIndex, ...] = (Fts5Index(Store(_settings.db_path)), MemoryBM25([]))
    _dense: DenseIndex = VectorIndex(_settings.vectors_dir)
    _chat: ChatMemory = ConversationStore(_settings.chat_db_path)
    _generations: IndexGenerations = StoreGenerations(_settings, HashEmbedder())
    _embedders: tuple[Embedder, ...] = (
        OnnxEmbedder("model.onnx", _settings.model_path),
        SentenceTransformerEmbedder(_settings.model_path),
        QueryCache(HashEmbedder()),
    )
