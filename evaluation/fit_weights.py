"""Fit the answer engine's statement-scoring weights on questions, and check them on another corpus.

    python -m evaluation.fit_weights --train var/eval --check var/eval-dev [--write]

`--train` is the data folder of the ingested default corpus; it is fitted on the gold questions and
extra sets A and B (set C stays out, for an honest check on that corpus). `--check` is the data folder of
an ingested dev-partnerships corpus, scored on that set's questions but never fitted on. For every
answerable question, the engine logs each candidate statement it scores with its signals
(`server/scoring.py`); a statement is labelled evidence when its span overlaps a gold evidence quote.
A conditional logit is fitted on those rows (see `fit`); the report gives, for training and
check sets, how often the top-scored statement is evidence among questions that have any evidence
candidate, for the new weights and for the weights in use. `--write` stores the new weights in
`core/data/answer_weights.json` with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import ROOT, Settings
from evaluation.corpus_set import DEV_SET, corpus_set
from evaluation.gold import GoldQuestion, QuoteLocator, load_questions
from server.scoring import WEIGHTS_PATH, Scorer, Signals

EXTRA = ROOT / "evaluation" / "extra"
TRAIN_SETS = ("gold", "set_a", "set_b")


@dataclass
class Rows:
    x: np.ndarray  # one row of signals per candidate statement
    y: np.ndarray  # 1 when the statement overlaps the question's evidence
    group: np.ndarray  # which question the statement was scored for


def collect(data_dir: Path, questions: list[GoldQuestion] | None = None, set_folder: Path | None = None) -> Rows:
    from server.app import Services

    services = Services.open(replace(Settings.from_env(), data_dir=data_dir))
    store = services.search.store
    documents = store.list_documents()
    texts = {d["id"]: store.get_document(d["id"], with_text=True)["clean_text"] for d in documents}
    if set_folder is not None:
        questions = corpus_set(str(set_folder)).check().questions({d["source_file"]: d["id"] for d in documents})
    locator = QuoteLocator(texts)
    engine = services.answers
    xs: list[list[float]] = []
    ys: list[int] = []
    groups: list[int] = []
    for number, q in enumerate(q for q in questions or [] if q.answerable):
        spans = [(ev.document, *span) for ev in q.evidence for span in locator.locate_all(ev.document, ev.quote)]
        if not spans:
            continue
        engine.signal_log = []
        engine.answer(q.question)
        for _, unit, signals in engine.signal_log:
            document = unit.hit.chunk["document_id"]
            hit = any(d == document and unit.start < end and start < unit.end for d, start, end in spans)
            xs.append(signals.vector())
            ys.append(int(hit))
            groups.append(number)
        engine.signal_log = None
    services.close()
    return Rows(np.array(xs, dtype=float), np.array(ys), np.array(groups))


def top1(rows: Rows, weights: np.ndarray, intercept: float) -> tuple[float, int]:
    """Share of questions (with any evidence candidate) whose best-scored statement is evidence."""
    scores = rows.x @ weights + intercept
    right = total = 0
    for g in np.unique(rows.group):
        mask = rows.group == g
        if not rows.y[mask].any():
            continue
        total += 1
        right += int(rows.y[mask][int(np.argmax(scores[mask]))])
    return right / max(1, total), total


def fit(rows: Rows, penalty: float = 0.01) -> tuple[np.ndarray, float]:
    """Weights under which each question's evidence wins among its statements, then a scale and an
    intercept that make the score a probability.

    The weights maximise, over the training questions, the probability that the best statement (a softmax
    over that question's statements) is evidence: a conditional logit, fitted with L-BFGS and a small L2
    penalty. What matters is which statement wins within a question, not how a statement compares with
    another question's, and this objective says so directly. (Tried and measured, see the closing note of
    issue 11: a pointwise logistic regression, and a pairwise one on statement differences, both ranked
    held-out questions worse.) The scale and intercept come from a one-input logistic regression
    (scikit-learn) on every statement's weighted sum (Platt scaling), so the engine's "nearly as good as
    the best" comparisons see probabilities.
    """
    from scipy.optimize import minimize
    from scipy.special import logsumexp
    from sklearn.linear_model import LogisticRegression

    groups = []
    for g in np.unique(rows.group):
        mask = rows.group == g
        if rows.y[mask].any():
            groups.append((rows.x[mask], rows.y[mask] == 1))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = penalty * float(w @ w), 2 * penalty * w
        for x, evidence in groups:
            s = x @ w
            all_, best = logsumexp(s), logsumexp(s[evidence])
            total += all_ - best
            grad = grad + np.exp(s - all_) @ x - np.exp(s[evidence] - best) @ x[evidence]
        return total / len(groups), grad / len(groups)

    direction = minimize(loss, np.zeros(rows.x.shape[1]), jac=True, method="L-BFGS-B").x
    platt = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    platt.fit((rows.x @ direction).reshape(-1, 1), rows.y)
    return direction * float(platt.coef_[0][0]), float(platt.intercept_[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True, type=Path, help="data folder of the ingested default corpus")
    parser.add_argument("--check", type=Path, help="data folder of the ingested dev-partnerships corpus")
    parser.add_argument("--check-set", type=Path, default=DEV_SET, help="the check corpus's question set folder")
    parser.add_argument("--write", action="store_true", help=f"store the fitted weights in {WEIGHTS_PATH}")
    args = parser.parse_args(argv)

    train_questions = load_questions() + [q for s in TRAIN_SETS[1:] for q in load_questions(EXTRA / f"{s}.json")]
    train = collect(args.train, train_questions)
    held = collect(args.train, load_questions(EXTRA / "set_c.json"))
    check = collect(args.check, set_folder=args.check_set) if args.check else None
    coef, intercept = fit(train)
    current = Scorer.load()
    old = np.array([current.weights[n] for n in Signals.names()])
    figures: dict[str, Any] = {}
    for name, rows in (("train", train), ("one_halton_set_c", held), ("dev_partnerships", check)):
        if rows is None:
            continue
        new_top, n = top1(rows, coef, intercept)
        old_top, _ = top1(rows, old, current.intercept)
        figures[name] = {"questions": n, "statements": len(rows.y), "top1_new": new_top, "top1_before": old_top}
        print(f"{name:18} {n:4} questions  top-1 statement is evidence: fitted {new_top:.3f}  before {old_top:.3f}")
    print("weights:")
    for name, w in zip(Signals.names(), coef, strict=True):
        print(f"  {name:18} {w:+.3f}")
    print(f"  {'intercept':18} {intercept:+.3f}")
    if args.write:
        WEIGHTS_PATH.write_text(
            json.dumps(
                {
                    "about": "Statement-scoring weights of server/scoring.py; refit: python -m evaluation.fit_weights",
                    "fitted": dt.date.today().isoformat(),
                    "trained_on": [f"{s} questions of the default corpus" for s in TRAIN_SETS],
                    "model": "conditional logit over each question's statements, then Platt scaling (see fit)",
                    "figures": figures,
                    "weights": {n: round(float(w), 4) for n, w in zip(Signals.names(), coef, strict=True)},
                    "intercept": round(intercept, 4),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
