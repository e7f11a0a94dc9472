"""Answers that compare documents: "has the vision changed since 2018?", "is the MoU's vision the same as
the place plan's?". Each document's own statement is found and shown, newest first, with a plain verdict
on whether the wording is the same."""

from __future__ import annotations

import re
from typing import Any

from core.records import nearest_heading
from index.query import STOPWORDS, coverage, stem, stems_of, words
from index.scope import documents_named, without_document_words
from index.search import SearchFilters, SearchHit, hit_json
from server.engine_base import AnswerResult, EngineBase, answered
from server.intent import Intent
from server.sentences import Unit, passage_units

# A question about whether something differs between documents or dates.
CHANGE_QUESTION = re.compile(
    r"\b(?:chang\w*|differ\w*|the same|reworded|revised|still)\b",
    re.I,
)
# ... and what it is compared across: a year it changed since, or two documents or years.
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:\w+\s+){0,2}?((?:19|20)\d{2})\b", re.I)
_ACROSS = re.compile(r"\b(?:between|same as|differ\w* from|compared? (?:to|with)|as (?:in|the one))\b", re.I)
_COMPARISON_WORDS = re.compile(
    r"\b(?:has|have|had|is|are|was|were|did|does|do)\b|\b(?:chang\w*|differ\w*|the same|same|reworded|revised|"
    r"still|since|between|compared?|as|the one|wording|worded|statement|text|words)\b|\b(?:19|20)\d{2}\b",
    re.I,
)
# Share of a heading's words that must be the topic's, and of the topic's weight the heading must hold.
_MIN_SHARE = 0.5
# Words naming the partnership, in many headings ("Our ..." and the partnership's own name, from the
# corpus), that say nothing of the topic.
_OUR = frozenset({"our"})
# Word overlap above which two statements count as the same wording.
_SAME_WORDING = 0.9


class CompareAnswers(EngineBase):
    def _answer_by_comparison(self, question: str, intent: Intent, mentioned: list[str]) -> AnswerResult | None:
        """Each document's statement of the thing asked about, newest first, and whether they agree; None
        when the question compares nothing or fewer than two documents speak to it."""
        since = _SINCE.search(question)
        if not CHANGE_QUESTION.search(question) or not (since or _ACROSS.search(question)):
            return None
        if intent.kind == "list":
            return None  # a statement per document; comparing two lists item by item is another matter
        topic = _COMPARISON_WORDS.sub(" ", without_document_words(question))
        weights, alternatives = self.searcher.analyzer.weights(topic)
        total = sum(weights.values())
        if not total:
            return None
        documents = self.store.list_documents()
        if since:
            documents = [d for d in documents if d["date"][:4] >= since.group(1)]
        elif len(named := documents_named(question, documents)) >= 2:
            documents = named
        candidates = [self._statement_in(d["id"], topic, weights, alternatives, total) for d in documents]
        candidates = [c for c in candidates if c]
        if len(candidates) < 2:
            return None
        candidates.sort(key=lambda groups: groups[0][0].hit.chunk["document_date"], reverse=True)
        # The newest document's statement opens its section; in older ones, the sentence of the section
        # that corresponds to it (a section may open with history before the statement itself).
        said = [candidates[0][0]]
        reference = _statement(said[0])
        for groups in candidates[1:]:
            said.append(max(groups, key=lambda g: _similarity(_statement(g), reference)))
        statements = [_statement(units) for units in said]
        same = all(_similarity(statements[0], other) >= _SAME_WORDING for other in statements[1:])
        citations: list[dict[str, Any]] = []
        lines = self._passage_lines([unit for units in said for unit in units], citations)
        # The verdict rests on every statement shown, and cites them all.
        verdict = "The documents word it the same" if same else "The wording differs between the documents"
        markers = " ".join(f"[{n}]" for n in range(1, len(citations) + 1))
        lines.insert(0, f"{verdict} {markers}; newest first:")
        related = [hit_json(units[0].hit) for units in said[:3]]
        return answered(question, intent, lines, citations, related, mentioned)

    def _statement_in(
        self, document_id: str, topic: str, weights: dict[str, float], alternatives: dict[str, Any], total: float
    ) -> list[list[Unit]]:
        """One document's statement of the topic: the opening of the best passage whose own heading names
        the topic and little else ("VISION", "3.1 The overarching vision for One Halton is:", "Our Strategic
        Vision"). A sentence that merely mentions the word is not the document's statement of it."""
        topic_stems = set(weights)
        labelled: list[tuple[float, int, SearchHit]] = []
        for hit in self.searcher.search(topic, k=5, filters=SearchFilters(document=document_id)):
            heading = nearest_heading(hit.chunk)
            home = _OUR | {stem(w) for w in self.searcher.analyzer.home_terms}
            named = {stem(w) for w in words(heading) if w not in STOPWORDS and not w.isdigit()} - home
            precision = len(named & topic_stems) / max(1, len(named))
            if precision >= _MIN_SHARE and coverage(weights, alternatives, stems_of(heading)) >= _MIN_SHARE * total:
                labelled.append((precision, hit.chunk["start"], hit))
        if not labelled:
            return []
        # The heading most nearly the topic itself ("VISION" before "Halton PCN vision"), from its start.
        top = max(p for p, _, _ in labelled)
        hits = [hit for p, _, hit in sorted(labelled, key=lambda t: t[1]) if p == top]
        units = sorted(passage_units(hits), key=lambda u: (u.hit.chunk["start"], u.start))
        # Each sentence of the section is a candidate; one ending in a colon comes with what it introduces.
        return [
            [unit, units[i + 1]] if unit.text.rstrip().endswith(":") and i + 1 < len(units) else [unit]
            for i, unit in enumerate(units)
        ]


def _statement(units: list[Unit]) -> str:
    return " ".join(u.text for u in units if not u.text.rstrip().endswith(":"))


def _similarity(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / max(1, len(wa | wb))
