"""Loading the hand-written gold set and locating its evidence quotes in the clean text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
_IGNORED = re.compile(r"[\s•|*]+")


@dataclass(frozen=True)
class GoldEvidence:
    document: str
    quote: str


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    kind: str
    question: str
    answerable: bool
    answer: str
    key_strings: tuple[str, ...]
    evidence: tuple[GoldEvidence, ...] = field(default_factory=tuple)


def load_questions(path: Path | None = None) -> list[GoldQuestion]:
    raw = json.loads((path or HERE / "gold_questions.json").read_text(encoding="utf-8"))
    return [
        GoldQuestion(
            id=q["id"],
            kind=q["kind"],
            question=q["question"],
            answerable=bool(q["answerable"]),
            answer=q.get("answer", ""),
            key_strings=tuple(q.get("key_strings", ())),
            evidence=tuple(GoldEvidence(e["document"], e["quote"]) for e in q.get("evidence", ())),
        )
        for q in raw
    ]


def _squeezed(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, bullets and table bars, lower-cased, with a map back to offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if _IGNORED.fullmatch(ch):
            continue
        chars.append(ch.lower())
        offsets.append(i)
    return "".join(chars), offsets


class QuoteLocator:
    """Finds a quote in a document's clean text however line breaks and markup were tidied."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._squeezed = {doc: _squeezed(text) for doc, text in texts.items()}

    def locate(self, document: str, quote: str) -> tuple[int, int] | None:
        if document not in self._squeezed:
            return None
        haystack, offsets = self._squeezed[document]
        needle, _ = _squeezed(quote.replace("**", ""))
        # Hyphenated line breaks ("bi-\nmonthly") survive as "bi-monthly" in both; nothing else to undo.
        at = haystack.find(needle)
        if at < 0 or not needle:
            return None
        return offsets[at], offsets[at + len(needle) - 1] + 1

    def locate_all(self, document: str, quote: str) -> list[tuple[int, int]]:
        """Every place a quote occurs: a sentence a document repeats word for word is evidence in both."""
        if document not in self._squeezed:
            return []
        haystack, offsets = self._squeezed[document]
        needle, _ = _squeezed(quote.replace("**", ""))
        spans: list[tuple[int, int]] = []
        at = haystack.find(needle) if needle else -1
        while at >= 0:
            spans.append((offsets[at], offsets[at + len(needle) - 1] + 1))
            at = haystack.find(needle, at + 1)
        return spans


def normalise_for_match(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").lower()).strip()
