"""The gold set is sound (every quote is in its document) and the gate compares as it should."""

from __future__ import annotations

import json

import pytest

from evaluation.gold import HERE, QuoteLocator, load_questions
from evaluation.runner import check_thresholds, key_strings_found, retrieval_metrics


@pytest.fixture(scope="module")
def locator(corpus_store):
    texts = {
        d["id"]: corpus_store.get_document(d["id"], with_text=True)["clean_text"] for d in corpus_store.list_documents()
    }
    return QuoteLocator(texts)


def test_gold_questions_are_well_formed():
    questions = load_questions()
    assert len(questions) >= 80
    assert len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert {"relation", "membership", "fact", "definition", "list", "unanswerable"} <= kinds
    for q in questions:
        if q.answerable:
            assert q.evidence and q.key_strings, q.id
        else:
            assert not q.evidence and not q.key_strings, q.id


def test_every_gold_quote_is_found_in_its_document(locator):
    missing = [
        f"{q.id}: {e.quote}"
        for q in load_questions()
        for e in q.evidence
        if locator.locate(e.document, e.quote) is None
    ]
    assert not missing, missing


def test_every_gold_edge_quote_is_found_in_its_document(locator):
    edges = json.loads((HERE / "gold_edges.json").read_text(encoding="utf-8"))
    assert len(edges) >= 30
    missing = [e["quote"] for e in edges if locator.locate(e["document"], e["quote"]) is None]
    assert not missing, missing


def test_key_strings_for_each_answerable_question_occur_in_its_evidence_documents(corpus_store):
    texts = {
        d["id"]: corpus_store.get_document(d["id"], with_text=True)["clean_text"] for d in corpus_store.list_documents()
    }
    for q in load_questions():
        pool = " ".join(texts[e.document] for e in q.evidence)
        for key in q.key_strings:
            assert key_strings_found((key,), pool), (q.id, key)


def test_thresholds_gate_fails_below_and_passes_above():
    metrics = {"retrieval": {"hybrid": {"mrr": 0.7}, "bm25": {"mrr": 0.6}}, "answers": {"answer_accuracy": 0.5}}
    assert (
        check_thresholds(
            metrics,
            {"min": {"answers.answer_accuracy": 0.4}, "beats": [["retrieval.hybrid.mrr", "retrieval.bm25.mrr"]]},
        )
        == []
    )
    failures = check_thresholds(
        metrics,
        {"min": {"answers.answer_accuracy": 0.6}, "max": {}, "beats": [["retrieval.bm25.mrr", "retrieval.hybrid.mrr"]]},
    )
    assert len(failures) == 2 and "answer_accuracy" in failures[0]


def test_retrieval_metrics_count_ranks():
    m = retrieval_metrics([1, 3, None, 7])
    assert m["hit@1"] == 0.25 and m["hit@5"] == 0.5 and m["hit@10"] == 0.75
    assert m["mrr"] == pytest.approx((1 + 1 / 3 + 1 / 7) / 4)


def test_thresholds_file_is_valid():
    thresholds = json.loads((HERE / "thresholds.json").read_text(encoding="utf-8"))
    assert thresholds["min"] and all(0 < v <= 1 for v in thresholds["min"].values())


def test_the_extra_question_sets_quote_their_documents(locator):
    for path in sorted((HERE / "extra").glob("*.json")):
        questions = load_questions(path)
        assert len(questions) >= 30, path
        missing = [
            (q.id, e.quote[:50]) for q in questions for e in q.evidence if not locator.locate(e.document, e.quote)
        ]
        assert not missing, (path.name, missing)


def test_another_question_set_is_scored_under_its_own_name_without_the_gate(corpus_settings, services, tmp_path):
    from evaluation.runner import run_evaluation

    subset = json.loads((HERE / "extra" / "set_c.json").read_text())
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(subset[:3] + [q for q in subset if not q["answerable"]][:1]))
    outcome = run_evaluation(corpus_settings, baselines=False, services=services, questions_path=path)
    assert outcome.json_path.name == "evaluation-tiny.json" and outcome.json_path.exists()
    assert outcome.failures == []
    assert outcome.metrics["questions"] == 4


def test_each_corpus_has_unanswerable_questions_of_our_own_and_they_are_new():
    from evaluation.runner import GOLD_SET, own_unanswerable

    ours = own_unanswerable(GOLD_SET) + own_unanswerable("dev-partnerships")
    assert len(own_unanswerable(GOLD_SET)) >= 10 and len(own_unanswerable("dev-partnerships")) >= 10
    assert all(not q.answerable and q.kind == "unanswerable" for q in ours)
    assert len({q.id for q in ours}) == len(ours)
    known = {q.question.lower() for q in load_questions()}
    for extra in ("set_a", "set_b", "set_c"):
        known |= {q.question.lower() for q in load_questions(HERE / "extra" / f"{extra}.json")}
    assert not [q.question for q in ours if q.question.lower() in known]
    assert own_unanswerable("a-corpus-with-none") == []


def test_decline_counts_name_every_check_and_split_answerable_from_unanswerable():
    from evaluation.runner import decline_counts
    from server.decline import CHECKS

    rows = [
        {"answerable": True, "declined": "off_topic"},
        {"answerable": False, "declined": "off_topic"},
        {"answerable": False, "declined": "unknown_word"},
        {"answerable": True, "declined": None},
    ]
    counts = decline_counts(rows)
    assert set(counts) == set(CHECKS)
    assert counts["off_topic"] == {"answerable": 1, "unanswerable": 1}
    assert counts["unknown_word"] == {"answerable": 0, "unanswerable": 1}
    assert counts["value_missing"] == {"answerable": 0, "unanswerable": 0}
