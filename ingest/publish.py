"""One ingest, published as one index generation: store changes and the vectors built from them commit together."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.settings import Settings
from index.embedder import Embedder
from index.generations import is_current, prune, publish
from index.store import Store
from index.vectors import VectorIndex
from ingest.chunks import TokenCounter
from ingest.pipeline import IngestReport, run_ingest

log = logging.getLogger(__name__)


@dataclass
class Published:
    report: IngestReport
    vectors: VectorIndex | None  # None when the store and its newest generation were already current


def ingest_and_publish(
    settings: Settings,
    count: TokenCounter,
    embedder: Embedder,
    rebuild_vectors: bool = False,
    show_progress: bool = False,
) -> Published:
    """Bring the store in line with the corpus folder and publish the result as a new generation.

    Everything happens in one store transaction: a running server keeps answering from the generation before
    until the commit, then finds the new one (documents, graph, names and vectors at once). Only chunks whose
    embedding text is new are embedded; `rebuild_vectors` embeds every chunk again. The model is loaded only when
    something must be embedded (its name alone tells whether the vectors are current).
    """
    store = Store(settings.db_path).open()
    try:
        with store.batch():
            report = run_ingest(settings.corpus_dir, store, count, settings.chunk_tokens, show_progress=show_progress)
            vectors = None
            if report.changed or rebuild_vectors or not is_current(store, settings.vectors_dir, embedder.name):
                vectors = publish(store, embedder, settings.vectors_dir, reuse=not rebuild_vectors)
        prune(store, settings.vectors_dir)
    finally:
        store.close()
    return Published(report, vectors)
