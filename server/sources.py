"""Sources that explain themselves: citations grouped into one card per section, a note where the answer
names a body differently from its quote, and the answer with its sources as plain text.

Composition only, after the answer is made: the answer text keeps one marker per citation (`[n]` is
`citations[n - 1]`, as the API has always said), and each citation gains the number of its card (`group`).
Pages show a card's number in the text, so eleven bullets quoted from one list all read "[1]".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.aliases import name_key
from index.graph import GraphIndex, normalise_name
from index.name_origins import NameOrigins
from index.search import passage_url
from server.facts import the

MARKER = re.compile(r"\[(\d{1,3})\]")
MARKER_RUN = re.compile(r"(?:\[\d{1,3}\])+")


def group_citations(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One source card per document section, numbered in the order the answer first cites them; each
    citation gets its card's number as `group`. A citation with no section is a card of its own."""
    cards: dict[tuple[str, str], dict[str, Any]] = {}
    for n, c in enumerate(citations, start=1):
        section = c.get("section") or {}
        where = section.get("path") or section.get("number") or f"@{c['start']}"
        key = (c["document"]["id"], str(where))
        card = cards.get(key)
        if card is None:
            card = cards[key] = {
                "number": len(cards) + 1,
                "document": c["document"],
                "section": section,
                "pages": [],
                "start": c["start"],
                "end": c["end"],
                "citations": [],
            }
        card["citations"].append(n)
        card["start"], card["end"] = min(card["start"], c["start"]), max(card["end"], c["end"])
        if c.get("page") and c["page"] not in card["pages"]:
            card["pages"] = sorted([*card["pages"], c["page"]])
        c["group"] = card["number"]
    for card in cards.values():
        card["url"] = passage_url(card["document"]["id"], card["start"], card["end"])
    return list(cards.values())


def _lines_citing(answer: str, citations: list[dict[str, Any]]) -> dict[int, str]:
    """For each citation number, the answer's words it backs: the lines that carry its marker, without the
    markers and without the cited documents' titles (a title names bodies too, but says nothing of them)."""
    titles = sorted({c["document"]["title"] for c in citations if c["document"].get("title")}, key=len, reverse=True)
    backed: dict[int, list[str]] = {}
    for line in answer.split("\n"):
        numbers = [int(n) for n in MARKER.findall(line)]
        if not numbers:
            continue
        words = MARKER.sub(" ", line)
        for title in titles:
            words = words.replace(title, " ")
        for n in numbers:
            backed.setdefault(n, []).append(words)
    return {n: " ".join(lines) for n, lines in backed.items()}


def alias_notes(
    answer: str, citations: list[dict[str, Any]], graph: GraphIndex, origins: NameOrigins
) -> dict[int, list[dict[str, Any]]]:
    """Citation number -> the bodies its quote names otherwise than the answer does ("Provider Group" quoted
    for "the Northby Provider Alliance"), each with where that other name was learned."""
    notes: dict[int, list[dict[str, Any]]] = {}
    for n, words in _lines_citing(answer, citations).items():
        if not 1 <= n <= len(citations):
            continue
        quote = citations[n - 1]["quote"]
        in_quote: dict[str, list[str]] = {}
        for node_id, written in graph.written_names(quote):
            in_quote.setdefault(node_id, []).append(written)
        quoted = f" {normalise_name(quote)} "
        for node_id, said in graph.written_names(words):
            if node_id not in in_quote or f" {normalise_name(said)} " in quoted:
                continue
            for written in dict.fromkeys(in_quote[node_id]):
                if name_key(written) == name_key(said):  # "&" for "and": the same name, spelt another way
                    continue
                origin = origins.origin(node_id, written)
                note = {
                    "written": written,
                    "name": said,
                    "entity": node_id,
                    "text": f"{written} — another name for {the(said, lower=True)}",
                    "source": origin.to_json(),
                }
                if note not in notes.setdefault(n, []):
                    notes[n].append(note)
    return notes


_MARKER = re.compile(r"\[(\d+)\]")


def in_reading_order(answer: str, citations: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The citations renumbered in the order the answer first cites them, and the answer's markers with them: a
    member list told in its paper's order but cited as the graph found its members ("[8]", "[1]", "[6]") reads
    "[1]", "[2]", "[3]". Citations the answer does not mark keep their order after the rest."""
    order: list[int] = []
    for m in _MARKER.finditer(answer):
        n = int(m.group(1))
        if 1 <= n <= len(citations) and n not in order:
            order.append(n)
    order += [n for n in range(1, len(citations) + 1) if n not in order]
    if order == list(range(1, len(citations) + 1)):
        return answer, citations
    new = {old: i for i, old in enumerate(order, start=1)}

    def renumber(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{new[n]}]" if n in new else m.group(0)

    return _MARKER.sub(renumber, answer), [citations[n - 1] for n in order]


def explain_citations(
    answer: str, citations: list[dict[str, Any]], graph: GraphIndex, origins: NameOrigins
) -> list[dict[str, Any]]:
    """Give each citation its card number (`group`) and its `alias_notes`; return the cards."""
    notes = alias_notes(answer, citations, graph, origins)
    for n, c in enumerate(citations, start=1):
        c["alias_notes"] = notes.get(n, [])
    return group_citations(citations)


def card_numbers(citations: list[dict[str, Any]]) -> dict[int, int]:
    """Citation number -> the number of its source card (answers stored before cards existed: its own)."""
    return {n: int(c.get("group") or n) for n, c in enumerate(citations, start=1)}


def mark_cards(text: str, numbers: dict[int, int], write: Callable[[int, int], str]) -> str:
    """Each run of markers in `text` ("[1][2][5]") rewritten card by card: `write(card, n)` once per card the
    run cites, with `n` the run's first citation of that card, so "[1][2]" from one section says "[1]" once."""

    def renumber(run: re.Match[str]) -> str:
        first: dict[int, int] = {}
        for n in (int(x) for x in MARKER.findall(run.group(0))):
            first.setdefault(numbers.get(n, n), n)
        return "".join(write(card, n) for card, n in first.items())

    return MARKER_RUN.sub(renumber, text)


def with_card_numbers(text: str, numbers: dict[int, int]) -> str:
    """The answer text with each marker naming its card; a run of markers of one card says it once."""
    return mark_cards(text, numbers, lambda card, _n: f"[{card}]")


def source_line(card: dict[str, Any]) -> str:
    """A source as a reference list gives it: "Terms of Reference (2021-04-01), § 3 Membership, p. 4"."""
    parts = [f"{card['document']['title']} ({card['document'].get('date') or 'undated'})"]
    section = card.get("section") or {}
    if section.get("path"):
        parts.append(f"§ {section['path']}")
    pages = card.get("pages") or []
    if pages:
        parts.append(f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}")
    return ", ".join(parts)


def cited_cards(payload: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An answer's citations and source cards; an answer stored before cards existed gets them now."""
    citations = payload.get("citations") or []
    if payload.get("sources") is not None and all("group" in c for c in citations):
        return citations, payload["sources"]
    citations = [{**c, "alias_notes": c.get("alias_notes", [])} for c in citations]
    return citations, group_citations(citations)


def plain_text(question: str, payload: dict[str, Any], base_url: str) -> str:
    """The answer with numbered references, as text that pastes cleanly into an email or a report."""
    citations, cards = cited_cards(payload)
    lines = [f"Question: {question}", ""]
    if payload.get("follow_up"):
        lines += [payload["follow_up"]["text"], ""]
    lines.append(with_card_numbers(payload.get("answer", ""), card_numbers(citations)))
    if cards:
        lines += ["", "Sources"]
    for card in cards:
        lines.append(f"[{card['number']}] {source_line(card)}")
        for n in card["citations"]:
            citation = citations[n - 1]
            lines.append(f"    “{' '.join(citation['quote'].split())}”")
            lines += [
                f"    ({note['text']}: {note['source']['description']})" for note in citation.get("alias_notes", ())
            ]
        # The card's own url spans its first to its last quote, maybe pages apart: the link opens the first.
        first = citations[card["citations"][0] - 1]
        lines.append(f"    {base_url.rstrip('/')}{passage_url(first['document']['id'], first['start'], first['end'])}")
    return "\n".join(lines) + "\n"
