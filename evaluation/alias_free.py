"""The One Halton graph without its corpus profile: how much of the gold graph the text alone yields.

`python -m evaluation.alias_free` ingests a copy of corpus/ without profile.json (the manifest kept,
so documents keep their ids) into a temporary store and scores the graph against the gold edges.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from core.profile import PROFILE_NAME
from core.settings import ROOT, Settings
from evaluation.graph_eval import graph_payload, load_gold, score_graph
from index.names import corpus_names
from index.store import Store


def alias_free_scores(settings: Settings, corpus: Path = ROOT / "corpus") -> dict[str, Any]:
    """Graph precision and recall of the corpus ingested without its profile."""
    from ingest.chunks import WordPieceCounter
    from ingest.pipeline import run_ingest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for path in corpus.iterdir():
            if path.is_file() and path.name != PROFILE_NAME:
                shutil.copy(path, folder / path.name)
        store = Store(Path(tmp) / "store.db").open()
        run_ingest(folder, store, WordPieceCounter(settings.model_path).load(), settings.chunk_tokens)
        payload = graph_payload(store)
        gold_edges, gold_aliases = load_gold()
        scores = score_graph(payload["nodes"], payload["edges"], gold_edges, gold_aliases, corpus_names(store))
        store.close()
    return scores


def main() -> int:
    scores = alias_free_scores(Settings.from_env())
    overall = scores["overall"]
    print(
        f"without its profile: {overall['found']} of {overall['gold']} gold edges (recall {overall['recall']:.3f}), "
        f"precision {overall['precision']:.3f}"
    )
    for relation, m in scores["relations"].items():
        print(f"  {relation}: {m['found']} / {m['gold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
