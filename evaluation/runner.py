"""Scores search and answers on the gold set, in process, and compares with the CI thresholds.

Retrieval: a returned passage is a hit when its span overlaps a gold evidence span in the same
document. Baselines run through the same scoring: BM25 alone over our chunks, and dense alone over
fixed 500-character windows (the naive set-up people usually start from).
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from core.settings import Settings
from evaluation.corpus_set import CorpusSet
from evaluation.gold import HERE, GoldQuestion, QuoteLocator, load_questions, normalise_for_match

THRESHOLDS_PATH = HERE / "thresholds.json"
# Plausible staff questions each corpus does not answer, keyed by the question set they join ("gold" or a
# corpus set name).
UNANSWERABLE_PATH = HERE / "unanswerable.json"
GOLD_SET = "gold"
# Titles and dates of another corpus's documents, written by hand for that corpus (file name -> what is right).
METADATA_GOLD = {"dev-partnerships": "dev_metadata.json"}
NAIVE_WINDOW = 500


@dataclass
class Outcome:
    metrics: dict[str, Any]
    markdown: str
    failures: list[str]
    json_path: Path
    markdown_path: Path
    details: list[dict[str, Any]] = field(default_factory=list)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _rank_of_hit(results: list[tuple[str, int, int]], gold: list[tuple[str, int, int]]) -> int | None:
    """1-based rank of the first result overlapping any gold span, or None."""
    for rank, (doc, start, end) in enumerate(results, 1):
        if any(doc == g_doc and start < g_end and g_start < end for g_doc, g_start, g_end in gold):
            return rank
    return None


def retrieval_metrics(ranks: list[int | None]) -> dict[str, float]:
    n = max(1, len(ranks))
    return {
        "hit@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "hit@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "mrr": sum(1.0 / r for r in ranks if r is not None) / n,
    }


class NaiveDenseBaseline:
    """Dense retrieval over fixed 500-character windows of each document, no structure, no fusion."""

    def __init__(self, texts: dict[str, str], embedder: Any) -> None:
        self.windows: list[tuple[str, int, int]] = []
        bodies: list[str] = []
        for doc, text in texts.items():
            for start in range(0, len(text), NAIVE_WINDOW):
                end = min(len(text), start + NAIVE_WINDOW)
                self.windows.append((doc, start, end))
                bodies.append(text[start:end])
        vectors = embedder.encode(bodies)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.embedder = embedder

    def search(self, query: str, k: int) -> list[tuple[str, int, int]]:
        vector = self.embedder.encode([query])
        _, rows = self.index.search(vector, k)
        return [self.windows[r] for r in rows[0] if r >= 0]


def key_strings_found(key_strings: tuple[str, ...], text: str) -> bool:
    """Every key string is in the text; a key may offer alternatives separated by '|'."""
    haystack = normalise_for_match(text)
    return all(any(normalise_for_match(alt) in haystack for alt in k.split("|")) for k in key_strings)


def run_evaluation(
    settings: Settings,
    baselines: bool = True,
    services: Any = None,
    questions_path: Path | None = None,
    corpus: CorpusSet | None = None,
) -> Outcome:
    """Score the gold set against the CI thresholds, or (with `questions_path`) another question set in the
    same format, reported under its own name and not held to the thresholds. With `corpus`, the store holds
    that other partnership's corpus: its questions, edges and document metadata are scored against its own
    thresholds (`thresholds.json` -> "corpora" -> its name)."""
    from server.app import Services

    services = services or Services.open(settings)
    store = services.search.store
    searcher = services.search.searcher
    documents = store.list_documents()
    texts = {d["id"]: store.get_document(d["id"], with_text=True)["clean_text"] for d in documents}
    locator = QuoteLocator(texts)
    file_ids = {d["source_file"]: d["id"] for d in documents}
    questions = corpus.questions(file_ids) if corpus is not None else load_questions(questions_path)
    if questions_path is None:
        questions += own_unanswerable(corpus.name if corpus is not None else GOLD_SET)

    gold_spans: dict[str, list[tuple[str, int, int]]] = {}
    unlocated: list[str] = []
    for q in questions:
        spans = []
        for ev in q.evidence:
            found = locator.locate_all(ev.document, ev.quote)
            if not found:
                unlocated.append(f"{q.id}: {ev.quote[:60]}")
            spans += [(ev.document, *span) for span in found]
        gold_spans[q.id] = spans

    answerable = [q for q in questions if q.answerable and gold_spans[q.id]]
    searcher.search("warm up", 5)  # the first query pays for lazy initialisation
    systems: dict[str, list[int | None]] = {"hybrid": [], "bm25": []}
    per_kind: dict[str, list[int | None]] = defaultdict(list)
    search_ms: list[float] = []
    details: list[dict[str, Any]] = []
    for q in answerable:
        began = time.perf_counter()
        hits = searcher.search(q.question, 10)
        search_ms.append((time.perf_counter() - began) * 1000)
        results = [(h.chunk["document_id"], h.chunk["start"], h.chunk["end"]) for h in hits]
        rank = _rank_of_hit(results, gold_spans[q.id])
        systems["hybrid"].append(rank)
        per_kind[q.kind].append(rank)
        lexical = searcher.search(q.question, 10, mode="lexical")
        systems["bm25"].append(
            _rank_of_hit(
                [(h.chunk["document_id"], h.chunk["start"], h.chunk["end"]) for h in lexical], gold_spans[q.id]
            )
        )
        details.append({"id": q.id, "kind": q.kind, "question": q.question, "rank": rank})
    if baselines:
        naive = NaiveDenseBaseline(texts, services.search.embedder)
        systems["dense_500char"] = [_rank_of_hit(naive.search(q.question, 10), gold_spans[q.id]) for q in answerable]

    answer_metrics, answer_rows = score_answers(services, questions, gold_spans)
    by_id = {row["id"]: row for row in answer_rows}
    for row in details:
        row.update({k: v for k, v in by_id[row["id"]].items() if k != "id"})
    listed = {d["id"] for d in details}
    details += [
        {"id": q.id, "kind": q.kind, "question": q.question, "rank": None, **by_id[q.id]}
        for q in questions
        if q.id not in listed
    ]

    metrics: dict[str, Any] = {
        "questions": len(questions),
        "answerable_with_evidence": len(answerable),
        "unlocated_quotes": unlocated,
        "retrieval": {name: retrieval_metrics(ranks) for name, ranks in systems.items()},
        "retrieval_by_kind": {kind: retrieval_metrics(ranks) | {"n": len(ranks)} for kind, ranks in per_kind.items()},
        "search_latency_ms": {"p50": _percentile(search_ms, 0.5), "p95": _percentile(search_ms, 0.95)},
        "answers": answer_metrics,
        "graph": graph_metrics(services.graph, corpus.edges(file_ids) if corpus is not None else None),
    }
    all_thresholds = json.loads(THRESHOLDS_PATH.read_text(encoding="utf-8"))
    if corpus is not None:
        metrics["metadata"] = metadata_metrics(documents, corpus)
        thresholds = all_thresholds.get("corpora", {}).get(corpus.name, {})
    else:
        thresholds = {k: v for k, v in all_thresholds.items() if k != "corpora"} if questions_path is None else {}
    failures = check_thresholds(metrics, thresholds)
    markdown = render_markdown(metrics, thresholds, failures, details)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if corpus is not None:
        name = f"evaluation-{corpus.name}"
    else:
        name = "evaluation" if questions_path is None else f"evaluation-{questions_path.stem}"
    json_path = settings.data_dir / f"{name}.json"
    markdown_path = settings.data_dir / f"{name}.md"
    json_path.write_text(json.dumps({"metrics": metrics, "details": details, "failures": failures}, indent=2))
    markdown_path.write_text(markdown, encoding="utf-8")
    return Outcome(metrics, markdown, failures, json_path, markdown_path, details)


def own_unanswerable(corpus_name: str, path: Path = UNANSWERABLE_PATH) -> list[GoldQuestion]:
    """The team's own plausible questions that this corpus's documents do not answer (none if it has none)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoldQuestion(q["id"], "unanswerable", q["question"], answerable=False, answer="", key_strings=())
        for q in raw.get(corpus_name, [])
    ]


def score_answers(
    services: Any, questions: list[GoldQuestion], gold_spans: dict[str, list[tuple[str, int, int]]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    engine = services.answers
    engine.answer("warm up question")
    rows: list[dict[str, Any]] = []
    latencies: list[float] = []
    for q in questions:
        began = time.perf_counter()
        result = engine.answer(q.question)
        latencies.append((time.perf_counter() - began) * 1000)
        shown = result.answer + "\n" + "\n".join(c["quote"] for c in result.citations)
        cited = [(c["document"]["id"], c["start"], c["end"]) for c in result.citations]
        rows.append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "abstained": result.abstained,
                "answer_kind": result.kind,
                "correct_strict": (not result.abstained) and key_strings_found(q.key_strings, result.answer),
                "correct": (not result.abstained) and key_strings_found(q.key_strings, shown),
                "supported": bool(cited) and _rank_of_hit(cited, gold_spans.get(q.id, [])) is not None,
                "declined": result.declined.code if result.declined else None,
                "answer": result.answer[:400],
            }
        )
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    answered = [r for r in answerable if not r["abstained"]]
    by_kind: dict[str, dict[str, float]] = {}
    kinds = {q.id: q.kind for q in questions}
    for kind in sorted(set(kinds.values())):
        group = [r for r in rows if kinds[r["id"]] == kind]
        if kind == "unanswerable":
            by_kind[kind] = {"n": len(group), "abstention": sum(r["abstained"] for r in group) / max(1, len(group))}
        else:
            by_kind[kind] = {"n": len(group), "accuracy": sum(r["correct"] for r in group) / max(1, len(group))}
    metrics = {
        "answer_accuracy": sum(r["correct"] for r in answerable) / max(1, len(answerable)),
        "answer_accuracy_strict": sum(r["correct_strict"] for r in answerable) / max(1, len(answerable)),
        "abstention_accuracy": sum(r["abstained"] for r in unanswerable) / max(1, len(unanswerable)),
        "false_abstentions": sum(r["abstained"] for r in answerable) / max(1, len(answerable)),
        "citation_support": sum(r["supported"] for r in answered) / max(1, len(answered)),
        "ask_latency_ms": {"p50": _percentile(latencies, 0.5), "p95": _percentile(latencies, 0.95)},
        "by_kind": by_kind,
        "declines": decline_counts(rows),
    }
    return metrics, rows


def decline_counts(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """How often each named decline check fired, on answerable questions (false abstentions) and on
    unanswerable ones (right ones); every check is listed, fired or not."""
    from server.decline import CHECKS

    counts = {code: {"answerable": 0, "unanswerable": 0} for code in CHECKS}
    for row in rows:
        if row["declined"]:
            counts[row["declined"]]["answerable" if row["answerable"] else "unanswerable"] += 1
    return counts


def _lookup(metrics: dict[str, Any], dotted: str) -> float:
    value: Any = metrics
    for part in dotted.split("."):
        value = value[part]
    return float(value)


def check_thresholds(metrics: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    failures = []
    for dotted, bound in thresholds.get("min", {}).items():
        value = _lookup(metrics, dotted)
        if value < bound:
            failures.append(f"{dotted} = {value:.3f} is below the threshold {bound}")
    for dotted, bound in thresholds.get("max", {}).items():
        value = _lookup(metrics, dotted)
        if value > bound:
            failures.append(f"{dotted} = {value:.3f} is above the threshold {bound}")
    for better, worse in thresholds.get("beats", []):
        if worse.startswith("retrieval.") and worse.split(".")[1] not in metrics["retrieval"]:
            continue  # that baseline was not run (--no-baselines)
        if _lookup(metrics, better) <= _lookup(metrics, worse):
            failures.append(f"{better} does not beat {worse}")
    return failures


def render_markdown(
    metrics: dict[str, Any], thresholds: dict[str, Any], failures: list[str], details: list[dict[str, Any]]
) -> str:
    r = metrics["retrieval"]
    lines = [
        "# Evaluation report",
        "",
        f"{metrics['questions']} gold questions; "
        f"{metrics['answerable_with_evidence']} answerable with located evidence.",
        "",
        "## Retrieval (answerable questions)",
        "",
        "| system | hit@1 | hit@5 | hit@10 | MRR |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, m in r.items():
        lines.append(f"| {name} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['hit@10']:.3f} | {m['mrr']:.3f} |")
    lines += ["", "| kind | n | hit@1 | hit@5 | MRR |", "| --- | --- | --- | --- | --- |"]
    for kind, m in sorted(metrics["retrieval_by_kind"].items()):
        lines.append(f"| {kind} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['mrr']:.3f} |")
    lat = metrics["search_latency_ms"]
    lines += ["", f"Search latency (warm, in process): p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms.", ""]
    a = metrics["answers"]
    lines += [
        "## Answers",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| answer accuracy (key strings in answer or its cited quotes) | {a['answer_accuracy']:.3f} |",
        f"| answer accuracy, strict (key strings in the answer text) | {a['answer_accuracy_strict']:.3f} |",
        f"| abstention accuracy (unanswerable) | {a['abstention_accuracy']:.3f} |",
        f"| false abstentions (answerable) | {a['false_abstentions']:.3f} |",
        f"| citation support (answered questions citing gold evidence) | {a['citation_support']:.3f} |",
        f"| ask latency p50 / p95 | {a['ask_latency_ms']['p50']:.1f} / {a['ask_latency_ms']['p95']:.1f} ms |",
        "",
        "| kind | n | accuracy or abstention |",
        "| --- | --- | --- |",
    ]
    for kind, m in a["by_kind"].items():
        value = m.get("accuracy", m.get("abstention", 0.0))
        lines.append(f"| {kind} | {m['n']} | {value:.3f} |")
    declines = a.get("declines", {})
    if declines:
        lines += ["", "Decline checks that fired (named in `server/decline.py`):", ""]
        lines += ["| check | answerable (false) | unanswerable (right) |", "| --- | --- | --- |"]
        for code, n in declines.items():
            if n["answerable"] or n["unanswerable"]:
                lines.append(f"| {code} | {n['answerable']} | {n['unanswerable']} |")
    g = metrics["graph"]
    lines += ["", "## Knowledge graph", "", "| relation | gold | found | recall | predicted | correct | precision |"]
    lines += ["| --- | --- | --- | --- | --- | --- | --- |"]
    for rel, m in sorted(g["relations"].items()):
        lines.append(
            f"| {rel} | {m['gold']} | {m['found']} | {m['recall']:.3f} | {m['predicted']} | {m['correct']} "
            f"| {m['precision']:.3f} |"
        )
    o = g["overall"]
    lines += [
        f"| **all** | {o['gold']} | {o['found']} | {o['recall']:.3f} | {o['predicted']} | {o['correct']} "
        f"| {o['precision']:.3f} |",
        "",
        f"Precision over every predicted edge of a gold relation in a gold document (unjudgeable ones counted "
        f"as wrong): {o['precision_all']:.3f} of {o['predicted_all']}.",
        f"Alias resolution: {g['aliases']['correct']}/{g['aliases']['total']} = {g['aliases']['accuracy']:.3f}.",
        "",
    ]
    if g["missed"]:
        lines += ["Missed gold edges:", ""]
        lines += [f"- {m['source']} {m['relation']} {m['target']} ({m['document']})" for m in g["missed"]]
        lines += [""]
    if g.get("wrong"):
        lines += ["Predicted edges between gold nodes that no gold edge confirms:", ""]
        lines += [f"- {w['source']} {w['relation']} {w['target']} ({w['document']})" for w in g["wrong"]]
        lines += [""]
    meta = metrics.get("metadata")
    if meta:
        lines += [
            "## Document metadata",
            "",
            f"Dates right: {meta.get('dates_right')} of the {meta.get('dated')} dated documents; "
            f"{meta.get('undated_right')} of the {meta.get('undated')} undated ones left undated; "
            f"titles acceptable: {meta.get('titles_ok')} of {meta.get('total')}.",
            "",
        ]
        lines += [f"- {f}" for f in meta.get("failures", [])]
        lines += [""]
    lines += [
        "## Thresholds",
        "",
    ]
    lines += [f"- {k} ≥ {v}" for k, v in thresholds.get("min", {}).items()]
    lines += [f"- {k} ≤ {v}" for k, v in thresholds.get("max", {}).items()]
    lines += [f"- {a_} beats {b_}" for a_, b_ in thresholds.get("beats", [])]
    lines += ["", "**Missed:** " + ("; ".join(failures) if failures else "none"), ""]
    misses = [d for d in details if d["answerable"] and (d.get("rank") is None or d["rank"] > 5)]
    if misses:
        lines += ["## Retrieval misses (not in top 5)", ""]
        lines += [f"- {d['id']} ({d['kind']}): {d['question']}" for d in misses]
    wrong = [d for d in details if d["answerable"] and not d.get("correct")]
    if wrong:
        lines += ["", "## Answers that missed their key strings", ""]
        lines += [
            f"- {d['id']} ({d['kind']}){' [declined: ' + str(d.get('declined')) + ']' if d.get('abstained') else ''}: "
            f"{d['question']}"
            for d in wrong
        ]
    answered = [d for d in details if not d["answerable"] and not d.get("abstained")]
    if answered:
        lines += ["", "## Unanswerable questions that were answered", ""]
        lines += [f"- {d['id']}: {d['question']}" for d in answered]
    return "\n".join(lines) + "\n"


def graph_metrics(graph: Any, gold_edges: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Precision and recall of the extracted graph against the hand-written gold edges and aliases
    (One Halton's, or `gold_edges` of another corpus, which has no alias list)."""
    from evaluation.graph_eval import load_gold, score_graph
    from index.names import corpus_names

    payload = graph.payload()
    if gold_edges is None:
        gold_edges, gold_aliases = load_gold()
    else:
        gold_aliases = []
    return score_graph(payload["nodes"], payload["edges"], gold_edges, gold_aliases, corpus_names(graph.store))


def metadata_metrics(documents: list[dict[str, Any]], corpus: CorpusSet) -> dict[str, Any]:
    """Titles and dates of the stored documents against the set's metadata gold, where the project has one."""
    gold = HERE / METADATA_GOLD.get(corpus.name, f"{corpus.name}_metadata.json")
    if not gold.exists():
        gold = corpus.folder / "metadata.json"  # a set that carries its own metadata gold (evaluation/sets)
    if not gold.exists():
        return {}
    from evaluation.metadata_eval import score_metadata

    scores = score_metadata([dict(d) for d in documents], gold)
    total = max(1, scores.get("total", 0))
    dated_or_not = scores.get("dates_right", 0) + scores.get("undated_right", 0)
    scores["date_accuracy"] = round(dated_or_not / total, 4)
    scores["title_accuracy"] = round(scores.get("titles_ok", 0) / total, 4)
    return scores


def latency_summary(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {_percentile(values, 0.95):.1f} ms"
