"""Index generations: one consistent state of the store and the vectors built from it, published in one step.

Ingest writes every document change, a new vector folder (vectors/gen-NNNNNN-xxxxxx) and the `generations` row that
names it inside one SQLite transaction (Store.batch), so its commit is the single step that publishes all of them:
documents, sections, chunks, FTS, graph, names and vectors. A reader pins a read snapshot of the store
(Store.pin_snapshot) and loads the folder the newest row at that snapshot names, so it can never pair vectors with
another state of the store. Vectors of unchanged chunk texts are carried over from the generation before.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from pathlib import Path

from core.errors import IndexOutOfDate
from index.embedder import Embedder
from index.store import Store
from index.vectors import FIX_COMMAND, VectorIndex

log = logging.getLogger(__name__)

PREFIX = "gen-"
# A folder nobody names may still be on its way to being recorded by another process; leave it this long.
ORPHAN_GRACE_SECONDS = 600


def latest_vectors(store: Store, root: Path) -> VectorIndex | None:
    """The newest generation's vectors as written (unchecked), to carry their vectors over; None if unreadable."""
    row = store.latest_generation()
    candidates = [root / row["folder"]] if row else []
    candidates.append(root)  # an index from before generations, built straight into the vectors folder
    for folder in candidates:
        try:
            return VectorIndex(folder).read()
        except (IndexOutOfDate, OSError, ValueError, RuntimeError):
            continue
    return None


def build_generation(store: Store, embedder: Embedder, root: Path, reuse: bool = True) -> VectorIndex:
    """Write the vectors of the store's chunks (as this connection sees them) into a new generation folder."""
    row = store.latest_generation()
    number = (int(row["id"]) if row else 0) + 1
    folder = f"{PREFIX}{number:06d}-{secrets.token_hex(3)}"
    previous = latest_vectors(store, root) if reuse else None
    vectors = VectorIndex(root / folder)
    vectors.build(store, embedder, reuse=previous)
    return vectors


def record_generation(store: Store, vectors: VectorIndex) -> int:
    """Publish a built folder: its row commits with the store changes of the surrounding transaction."""
    manifest = vectors.manifest
    return store.record_generation(
        vectors.directory.name,
        manifest["model"],
        manifest["store_fingerprint"],
        manifest["count"],
        manifest["embedded"],
    )


def publish(store: Store, embedder: Embedder, root: Path, reuse: bool = True) -> VectorIndex:
    """Build and record a generation. Call inside Store.batch() with the changes it indexes."""
    vectors = build_generation(store, embedder, root, reuse)
    record_generation(store, vectors)
    log.info(
        "generation %s: %d chunks, %d embedded",
        vectors.directory.name,
        vectors.manifest["count"],
        len(vectors.embedded[0]),
    )
    return vectors


def open_generation(store: Store, root: Path, model_name: str) -> tuple[int, VectorIndex]:
    """(generation id, its vectors) for the newest generation as this connection sees the store.

    Raises IndexOutOfDate (with the fixing command) when there is none, or when its vectors do not match the
    store's chunks (a store written without publishing, or another model). A store from before generations is
    served from an index built straight into the vectors folder, when that index matches it.
    """
    row = store.latest_generation()
    if row is None:
        return 0, VectorIndex(root).load(store, model_name)
    if row["model"] != model_name:
        raise IndexOutOfDate(
            f"the index was built with model '{row['model']}' but the configured model is '{model_name}'; "
            f"rebuild it with: {FIX_COMMAND}"
        )
    return int(row["id"]), VectorIndex(root / row["folder"]).load(store, model_name)


def is_current(store: Store, root: Path, model_name: str) -> bool:
    try:
        open_generation(store, root, model_name)
    except (IndexOutOfDate, OSError, ValueError, RuntimeError):
        return False
    return True


def prune(store: Store, root: Path) -> list[str]:
    """Remove generation folders no row names any more (a server that loaded one holds it in memory)."""
    if not root.is_dir():
        return []
    named = store.generation_folders()
    removed = []
    for folder in root.iterdir():
        stale = time.time() - folder.stat().st_mtime > ORPHAN_GRACE_SECONDS
        if folder.is_dir() and folder.name.startswith(PREFIX) and folder.name not in named:
            row_gone = any(folder.name < name for name in named)  # an older folder whose row was dropped
            if row_gone or stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        elif folder.is_dir() and folder.name.startswith(".vectors-") and stale:
            shutil.rmtree(folder, ignore_errors=True)
    return removed
