"""Score the extracted knowledge graph against the hand-written gold edges and aliases.

Names match case-insensitively through a node's name or any of its aliases. A gold edge is found
when a predicted edge has the same relation, its source is a node the gold source names, its target
a node the gold target names (for the self-edges `meets` and `is_decision_making`, the edge's
frequency or value equals the gold target instead), and it has evidence from the gold edge's
document: the store keeps one row per document, and the gold list is per document too.

Precision is judged over predicted (edge, document) pairs, because a fact may be right in one
document and absent from another. The gold list was written for some passages and not for every
passage, so an edge between bodies it never mentions can be neither confirmed nor refuted;
`precision` therefore counts only pairs whose relation occurs in the gold set, whose document has
gold edges, and whose source and target (for self-edges, source) are both nodes the gold set names.
`precision_all` counts every pair of a gold relation in a gold document, for comparison.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.aliases import AliasTable, load_aliases
from index.store import Store

SELF_EDGE_ATTRIBUTE = {"meets": "frequency", "is_decision_making": "value"}
GOLD_DIR = Path(__file__).resolve().parent


def load_gold(directory: Path = GOLD_DIR) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The gold edges and gold aliases shipped with the evaluation."""
    edges = json.loads((directory / "gold_edges.json").read_text(encoding="utf-8"))
    aliases = json.loads((directory / "gold_aliases.json").read_text(encoding="utf-8"))
    return edges, aliases


def graph_payload(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The graph in the API's shape (the same code the /api/graph route uses)."""
    from index.graph import GraphIndex

    return GraphIndex(store).load().payload()


def _fold(name: str) -> str:
    return " ".join(name.split()).lower()


class _NodeIndex:
    def __init__(self, nodes: list[dict[str, Any]]) -> None:
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, set[str]] = {}
        for node in nodes:
            names = {_fold(node["name"]), *(_fold(a) for a in node.get("aliases", ()))}
            self.names[node["id"]] = names
            for name in names:
                self.by_name[name].add(node["id"])

    def ids(self, name: str) -> set[str]:
        """Nodes a gold name stands for; a name may offer alternatives separated by '|'."""
        found: set[str] = set()
        for alternative in name.split("|"):
            found |= self.by_name.get(_fold(alternative), set())
        return found


def _edge_documents(edge: dict[str, Any]) -> set[str]:
    return {
        ev["document"]["id"] if isinstance(ev.get("document"), dict) else ev.get("document") for ev in edge["evidence"]
    }


def _matches(gold: dict[str, Any], edge: dict[str, Any], document: str, index: _NodeIndex) -> bool:
    if gold["relation"] != edge["relation"] or gold["document"] != document:
        return False
    if edge["source"] not in index.ids(gold["source"]):
        return False
    attribute = SELF_EDGE_ATTRIBUTE.get(gold["relation"])
    if attribute:
        return _fold(str(edge["attributes"].get(attribute, ""))) == _fold(gold["target"])
    return edge["target"] in index.ids(gold["target"])


def score_graph(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    gold_edges: list[dict[str, Any]],
    gold_aliases: list[dict[str, str]],
    table: AliasTable | None = None,
) -> dict[str, Any]:
    """Precision and recall per relation and overall, alias accuracy, and the gold edges missed."""
    index = _NodeIndex(nodes)
    relations = sorted({g["relation"] for g in gold_edges})
    documents = {g["document"] for g in gold_edges}
    gold_nodes: set[str] = set()
    for g in gold_edges:
        gold_nodes |= index.ids(g["source"])
        if g["relation"] not in SELF_EDGE_ATTRIBUTE:
            gold_nodes |= index.ids(g["target"])

    pairs = [(e, d) for e in edges if e["relation"] in relations for d in _edge_documents(e) if d in documents]
    found = [any(_matches(g, e, g["document"], index) for e, d in pairs if d == g["document"]) for g in gold_edges]
    correct = [any(_matches(g, e, d, index) for g in gold_edges) for e, d in pairs]
    judged = [
        (e["source"] in gold_nodes and (e["relation"] in SELF_EDGE_ATTRIBUTE or e["target"] in gold_nodes))
        for e, _ in pairs
    ]

    def summary(relation: str | None) -> dict[str, Any]:
        gold_i = [i for i, g in enumerate(gold_edges) if relation in (None, g["relation"])]
        pair_i = [i for i, (e, _) in enumerate(pairs) if relation in (None, e["relation"])]
        judged_i = [i for i in pair_i if judged[i]]
        return {
            "gold": len(gold_i),
            "found": sum(found[i] for i in gold_i),
            "recall": _ratio(sum(found[i] for i in gold_i), len(gold_i)),
            "predicted": len(judged_i),
            "correct": sum(correct[i] for i in judged_i),
            "precision": _ratio(sum(correct[i] for i in judged_i), len(judged_i)),
            "predicted_all": len(pair_i),
            "precision_all": _ratio(sum(correct[i] for i in pair_i), len(pair_i)),
        }

    return {
        "overall": summary(None),
        "relations": {r: summary(r) for r in relations},
        "aliases": score_aliases(index, gold_aliases, table or load_aliases()),
        "missed": [g for g, hit in zip(gold_edges, found, strict=True) if not hit],
        "wrong": [
            {"source": e["source"], "relation": e["relation"], "target": e["target"], "document": d}
            for (e, d), ok, j in zip(pairs, correct, judged, strict=True)
            if j and not ok
        ],
    }


def score_aliases(index: _NodeIndex, gold_aliases: list[dict[str, str]], table: AliasTable) -> dict[str, Any]:
    """Share of gold variants that resolve to their canonical body.

    A variant is looked up among the graph's nodes first; one that no node carries (an abbreviation
    the documents never write, "the Council") is resolved by the alias table, contextual names included.
    """
    failures: list[dict[str, str]] = []
    for item in gold_aliases:
        variant, canonical = item["variant"], _fold(item["canonical"])
        ids = index.ids(variant)
        if ids:
            ok = any(canonical in index.names[i] for i in ids)
        else:
            resolved = table.resolve(variant, contextual=True)
            options = {_fold(x) for x in table.expansions(variant)}
            if resolved:
                options.add(_fold(resolved))
                options |= {n for i in index.ids(resolved) for n in index.names[i]}
            ok = canonical in options
        if not ok:
            failures.append(item)
    total = len(gold_aliases)
    return {
        "total": total,
        "correct": total - len(failures),
        "accuracy": _ratio(total - len(failures), total),
        "failures": failures,
    }


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 1.0
