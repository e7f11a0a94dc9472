"""Scoring candidate statements: general signals, combined by weights fitted on questions.

Contract: `Signals` holds, for one candidate statement (a sentence or list line of a retrieved passage),
the measurements below, each meaningful for any corpus; `Scorer.score` turns them into the probability
that the statement is the evidence for the question. The weights are not set by hand: they live in
`core/data/answer_weights.json`, written by `python -m evaluation.fit_weights`, which fits a conditional logit
over each question's statements (then Platt scaling with scikit-learn) on the default corpus's questions and
reports how well the weights rank statements on another partnership's questions it was not fitted on.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "core" / "data" / "answer_weights.json"


@dataclass
class Signals:
    """What is measured of one candidate statement. Every field is 0 when it does not apply."""

    coverage: float = 0.0  # share of the question's rarity-weighted words (or known variants) it contains
    heading_coverage: float = 0.0  # share found only in its section heading
    passage_rank: float = 0.0  # 1 / (1 + rank of its passage in the hybrid search)
    dense: float = 0.0  # dense similarity of the question to its passage
    value_present: float = 0.0  # the question expects a value (date, sum, number) and it holds one: its coverage
    value_absent: float = 0.0  # the question expects a value and it holds none
    short_line: float = 0.0  # fewer than six words, not a list item: a title or a label
    names_holder: float = 0.0  # a person named on the line above a role line, for "who" questions
    definition_cue: float = 0.0  # says what the thing asked about is ("X is ...", "X: to ...")
    list_item: float = 0.0  # a line of a list or a table row
    list_wanted_item: float = 0.0  # ... and the question asks for a list
    names_other_body: float = 0.0  # for "who" questions, names a body the question does not
    names_asked_body: float = 0.0  # names a body the question names (graph support)
    first_in_passage: float = 0.0  # the passage's first statement
    length: float = 0.0  # words, up to 40, over 40

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def vector(self) -> list[float]:
        return [float(v) for v in asdict(self).values()]


class WeightsError(RuntimeError):
    """The fitted weights file is missing or does not match the signals measured."""


@dataclass(frozen=True)
class Scorer:
    weights: dict[str, float]
    intercept: float

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Scorer:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WeightsError(f"cannot read the answer weights at {path}: {exc}") from exc
        weights = raw.get("weights", {})
        missing = [name for name in Signals.names() if name not in weights]
        if missing:
            raise WeightsError(
                f"the answer weights at {path} lack {', '.join(missing)}; refit with `python -m evaluation.fit_weights`"
            )
        return cls({k: float(weights[k]) for k in Signals.names()}, float(raw.get("intercept", 0.0)))

    def score(self, signals: Signals) -> float:
        z = self.intercept + sum(self.weights[k] * v for k, v in asdict(signals).items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
