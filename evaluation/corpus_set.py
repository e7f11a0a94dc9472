"""Another partnership's corpus as an evaluation set: its documents, questions and graph edges.

The format is the dev-partnerships set's (`../shared/corpora/dev-partnerships/`, see its README):
`documents/` to ingest, `questions.json` ({"questions": [{id, category, question, must_contain,
evidence: [{document, quote}]}]}, unanswerable when `must_contain` is empty) and `edges.json`
({"edges": [{source, relation, target, document, quote}]}, names as "Canonical|alias|alias").
Documents are named by file; the store names them by id, so both are mapped through the store.
Key strings and edge names may offer alternatives separated by '|'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.settings import ROOT
from evaluation.gold import GoldEvidence, GoldQuestion

# Where the team's shared data sits beside a clone (CI lays it there too).
DEV_SET = ROOT.parent / "shared" / "corpora" / "dev-partnerships"
SETS = {"dev-partnerships": DEV_SET}


class MissingCorpusSet(RuntimeError):
    """The evaluation set's folder is not there: the gate cannot be judged without it."""


@dataclass(frozen=True)
class CorpusSet:
    name: str
    folder: Path

    @property
    def documents(self) -> Path:
        return self.folder / "documents"

    def check(self) -> CorpusSet:
        missing = [p.name for p in (self.documents, self.folder / "questions.json") if not p.exists()]
        if missing:
            raise MissingCorpusSet(
                f"the '{self.name}' evaluation set is missing at {self.folder} ({', '.join(missing)} not found); "
                "the evaluation gate needs ../shared/corpora beside the clone"
            )
        return self

    def questions(self, file_ids: dict[str, str]) -> list[GoldQuestion]:
        """The set's questions in the gold format, documents named by store id."""
        raw = json.loads((self.folder / "questions.json").read_text(encoding="utf-8"))
        items = raw["questions"] if isinstance(raw, dict) else raw
        return [
            GoldQuestion(
                id=q["id"],
                kind=q.get("category", "question"),
                question=q["question"],
                answerable=bool(q.get("must_contain")),
                answer=q.get("answer", ""),
                key_strings=tuple(q.get("must_contain", ())),
                evidence=tuple(
                    GoldEvidence(file_ids.get(e["document"], e["document"]), e["quote"]) for e in q.get("evidence", ())
                ),
            )
            for q in items
        ]

    def edges(self, file_ids: dict[str, str]) -> list[dict[str, Any]]:
        """The set's gold edges in the gold-edge format (document by store id)."""
        path = self.folder / "edges.json"
        if not path.exists():
            return []
        raw = json.loads(path.read_text(encoding="utf-8"))
        items = raw["edges"] if isinstance(raw, dict) else raw
        return [{**e, "document": file_ids.get(e["document"], e["document"])} for e in items]


def corpus_set(name_or_path: str) -> CorpusSet:
    """A named set ("dev-partnerships") or a folder in that format."""
    if name_or_path in SETS:
        return CorpusSet(name_or_path, SETS[name_or_path])
    folder = Path(name_or_path)
    return CorpusSet(folder.name, folder)
