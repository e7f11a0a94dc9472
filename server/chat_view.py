"""The chat's turns as the page shows them: answer, source cards with their quotes, related passages with
the question's words marked, and the answer with its sources as plain text. Server and JavaScript render
a turn from this one shape (the script fetches the server's own fragment), so both show the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.query import QueryAnalyzer
from server.sources import card_numbers, cited_cards, plain_text


@dataclass
class TurnView:
    # The turn's place in its conversation from 1 (its stored ordinal + 1). Chat memory forgets the oldest
    # turns, so counting the kept ones would give the newest turn the number of the one before it.
    number: int
    question: str
    payload: dict[str, Any]
    cards: list[dict[str, Any]] = field(default_factory=list)  # each with its `quotes` (the citations)
    card_numbers: dict[int, int] = field(default_factory=dict)  # citation number -> its card's number
    related: list[dict[str, Any]] = field(default_factory=list)
    plain_text: str = ""
    latest: bool = False

    @property
    def prefix(self) -> str:
        """What makes the turn's anchors unique on the page: t3-cite-2 is the second citation of turn 3."""
        return f"t{self.number}-"

    @property
    def follow_up(self) -> str | None:
        reading = self.payload.get("follow_up")
        return str(reading["text"]) if reading else None


def turn_view(turn: dict[str, Any], analyzer: QueryAnalyzer, base_url: str, latest: bool) -> TurnView:
    """One stored turn (its ordinal, question and answer payload) shaped for the page."""
    payload = turn["payload"]
    citations, cards = cited_cards(payload)
    shown = [
        {**card, "quotes": [{**citations[n - 1], "n": n} for n in card["citations"] if 1 <= n <= len(citations)]}
        for card in cards
    ]
    # The question's words, as search reads them, marked in the related passages; not the partnership's own
    # name and places, which are in nearly every passage and would mark them all over.
    asked = analyzer.analyse(turn.get("resolved_question") or turn["question"]).terms
    terms = [t for t in asked if t not in analyzer.home_terms]
    return TurnView(
        number=int(turn["ordinal"]) + 1,
        question=turn["question"],
        payload=payload,
        cards=shown,
        card_numbers=card_numbers(citations),
        related=[{**r, "terms": terms} for r in payload.get("related") or []],
        plain_text=plain_text(turn["question"], {**payload, "citations": citations, "sources": cards}, base_url)
        if citations
        else "",
        latest=latest,
    )


def turn_views(turns: list[dict[str, Any]], analyzer: QueryAnalyzer, base_url: str) -> list[TurnView]:
    return [turn_view(t, analyzer, base_url, latest=n == len(turns)) for n, t in enumerate(turns, start=1)]
