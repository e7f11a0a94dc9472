"""What every part of the answer engine shares: the result shape, citations, document text, abstaining."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.records import stable_id
from index.graph import GraphIndex
from index.name_origins import NameOrigins
from index.protocols import ChatMemory, DocumentStore
from index.query import coverage, stem, stems_of
from index.search import HybridSearcher, hit_json, passage_url
from server.decline import Decline
from server.follow_ups import follow_up_reading
from server.intent import Intent
from server.sentences import Unit
from server.sources import explain_citations, in_reading_order

# A word the passages lack is named when it weighs at least this share of the question's weightiest word.
_NAMED_SHARE = 0.5


def source_label(title: str, date: str | None) -> str:
    """A document as an answer names it: "Terms of Reference (2021-04-01)", or "(undated)" when it states no date."""
    return f"{title} ({date or 'undated'})"


@dataclass
class AnswerResult:
    answer: str
    abstained: bool
    kind: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)
    resolved_question: str = ""
    focus: str | None = None
    conversation_id: str | None = None
    declined: Decline | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)  # the citations grouped, one card per section
    follow_up: dict[str, Any] | None = None  # how a follow-up was read ("Taking “it” as ...")

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "kind": self.kind,
            "citations": self.citations,
            "facts": self.facts,
            "related": self.related,
            "resolved_question": self.resolved_question,
            "conversation_id": self.conversation_id,
            "decline_reason": self.declined.to_json() if self.declined else None,
            "sources": self.sources,
            "follow_up": self.follow_up,
        }


class EngineBase:
    """The store, search and graph an answer is made from, and the citations and abstentions it ends in."""

    def __init__(
        self,
        store: DocumentStore,
        searcher: HybridSearcher,
        graph: GraphIndex,
        conversations: ChatMemory | None = None,
    ) -> None:
        self.store = store
        self.searcher = searcher
        self.graph = graph
        self.conversations = conversations
        self._texts: dict[str, str] = {}
        self._name_origins: NameOrigins | None = None

    def explain(self, result: AnswerResult, question: str, resolved: str, previous: str | None) -> AnswerResult:
        """Composition after the answer: its citations grouped into source cards with a note wherever a quote
        names a body otherwise than the answer, and how a follow-up was read."""
        if self._name_origins is None:
            self._name_origins = NameOrigins(self.graph.store, self.graph).load()
        result.answer, result.citations = in_reading_order(result.answer, result.citations)
        result.sources = explain_citations(result.answer, result.citations, self.graph, self._name_origins)
        result.follow_up = follow_up_reading(question, resolved, previous)
        return result

    def _cite(self, evidence: dict[str, Any], citations: list[dict[str, Any]]) -> int:
        key = (evidence["document"]["id"], evidence["start"], evidence["end"])
        for i, c in enumerate(citations):
            if (c["document"]["id"], c["start"], c["end"]) == key:
                return i + 1
        chunk = self.store.chunk_containing(*key)
        section = self.store.section_at(key[0], key[1])
        citations.append(
            {
                "id": stable_id(*key),
                "text": chunk["text"] if chunk else evidence["quote"],
                "quote": evidence["quote"],
                "document": {
                    "id": key[0],
                    "title": evidence["document"]["title"],
                    "kind": chunk["document_kind"] if chunk else "",
                    "date": evidence["document"]["date"],
                },
                "section": {
                    "number": section["number"] if section else None,
                    "heading": section["heading"] if section else None,
                    "path": section["path"] if section else evidence.get("section"),
                },
                "page": chunk["page"] if chunk else None,
                "start": key[1],
                "end": key[2],
                "url": passage_url(*key),
            }
        )
        return len(citations)

    def _document_text(self, document_id: str) -> str:
        cached = self._texts.get(document_id)
        if cached is None:
            cached = self.store.get_document(document_id, with_text=True)["clean_text"]
            self._texts[document_id] = cached
        return cached

    def _passage_lines(self, chosen: list[Unit], citations: list[dict[str, Any]]) -> list[str]:
        """The chosen sentences as cited lines under an "According to <title> (<date>):" line per document,
        newest document first, each document's sentences in reading order."""
        by_document: dict[str, list[Unit]] = {}
        for unit in chosen:
            by_document.setdefault(unit.hit.chunk["document_id"], []).append(unit)
        ordered = sorted(by_document.values(), key=lambda us: us[0].hit.chunk["document_date"], reverse=True)
        lines: list[str] = []
        for units in ordered:
            chunk = units[0].hit.chunk
            lines.append(f"According to {source_label(chunk['document_title'], chunk['document_date'])}:")
            for unit in sorted(units, key=lambda u: u.start):
                marker = self._cite(
                    {
                        "document": {
                            "id": chunk["document_id"],
                            "title": chunk["document_title"],
                            "date": chunk["document_date"],
                        },
                        "quote": unit.quote or unit.text,
                        "start": unit.start,
                        "end": unit.end,
                        "section": chunk["section_path"],
                    },
                    citations,
                )
                lines.append(f"{unit.text} [{marker}]")
        return lines

    def _not_about(self, question: str, related: list[dict[str, Any]]) -> str:
        """Why the passages found do not answer, naming what they lack: the question's weightiest words that
        none of them mentions ("none of the passages found mentions “expenses”"), else that they are about
        something else. Words of a body's name do not count: a passage may name the body another way."""
        weights, alternatives = self.searcher.analyzer.weights(question)
        unnamed = self.graph.mask_mentions(question)
        found = frozenset().union(
            *(stems_of(f"{r['text']} {r['section']['path']} {r['document']['title']}") for r in related)
        )
        top = max(weights.values(), default=0.0)
        lacking = [
            term
            for term in self.searcher.analyzer.analyse(unnamed).terms
            if len(term) > 2  # "26" of "2025/26" says nothing on its own
            and (s := stem(term)) in weights
            and weights[s] >= _NAMED_SHARE * top
            and not coverage({s: weights[s]}, alternatives, found)
        ]
        lacking = sorted(dict.fromkeys(lacking), key=lambda t: weights[stem(t)], reverse=True)[:2]
        if not lacking:
            return "no passage found is about what the question asks"
        named = " or ".join(f"“{t}”" for t in lacking)
        return f"none of the passages found mentions {named}"

    def _abstain_with_search(self, question: str, intent: Intent, code: str, message: str) -> AnswerResult:
        """Abstain before any passage was weighed, showing the closest three as related."""
        related = [hit_json(h) for h in self.searcher.search(question, k=3)]
        return self._abstain(question, intent, related, code, message)

    def _abstain(
        self, question: str, intent: Intent, related: list[dict[str, Any]], code: str, message: str
    ) -> AnswerResult:
        """Decline with one named check (`server.decline.CHECKS`); the closest passages go with it as related."""
        declined = Decline(code, message)
        return AnswerResult(
            answer=declined.sentence(),
            abstained=True,
            kind=intent.kind,
            related=related,
            resolved_question=question,
            declined=declined,
        )


def answered(
    question: str,
    intent: Intent,
    lines: list[str],
    citations: list[dict[str, Any]],
    related: list[dict[str, Any]],
    mentioned: list[str],
) -> AnswerResult:
    return AnswerResult(
        answer="\n".join(lines),
        abstained=False,
        kind=intent.kind,
        citations=citations,
        related=related,
        resolved_question=question,
        focus=mentioned[0] if mentioned else None,
    )
