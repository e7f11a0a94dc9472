"""Statement scoring: fitted weights over general signals, and the fitting itself, on real libraries."""

from __future__ import annotations

import json

import numpy as np
import pytest

from evaluation.fit_weights import Rows, fit, top1
from server.scoring import WEIGHTS_PATH, Scorer, Signals, WeightsError


def test_the_shipped_weights_cover_every_signal_and_say_how_they_were_fitted():
    raw = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(raw["weights"]) == set(Signals.names())
    assert raw["trained_on"] and raw["figures"]["dev_partnerships"]["questions"] > 0
    scorer = Scorer.load()
    assert 0.0 < scorer.score(Signals()) < 1.0


def test_more_of_the_question_in_a_statement_scores_higher():
    scorer = Scorer.load()
    assert scorer.score(Signals(coverage=0.9)) > scorer.score(Signals(coverage=0.2))


def test_weights_missing_a_signal_are_refused_with_the_fix(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"weights": {"coverage": 1.0}, "intercept": 0.0}))
    with pytest.raises(WeightsError, match="refit with"):
        Scorer.load(path)
    path.write_text("{not json")
    with pytest.raises(WeightsError, match="cannot read"):
        Scorer.load(path)


def test_fitting_learns_which_signal_marks_the_evidence():
    # Forty questions of five statements each; the evidence is the one with the most coverage, while
    # passage rank is noise. The fitted weights must rank by coverage, not by rank.
    rng = np.random.default_rng(7)
    n = len(Signals.names())
    xs, ys, groups = [], [], []
    for q in range(40):
        x = np.zeros((5, n))
        x[:, 0] = rng.uniform(0, 0.6, 5)  # coverage
        x[:, 2] = rng.uniform(0, 1, 5)  # passage_rank
        best = int(rng.integers(5))
        x[best, 0] = 0.9
        xs.append(x)
        ys += [int(i == best) for i in range(5)]
        groups += [q] * 5
    rows = Rows(np.vstack(xs), np.array(ys), np.array(groups))
    weights, intercept = fit(rows)
    assert top1(rows, weights, intercept) == (1.0, 40)
    assert weights[0] > abs(weights[2])
