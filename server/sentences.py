"""Sentences of retrieved passages: splitting, list detection, and what a question's words point at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.sentences import sentence_spans
from index.query import stem, words
from index.search import SearchHit


@dataclass
class Unit:
    """A sentence or list line of a retrieved passage, with its absolute span."""

    text: str
    start: int
    end: int
    hit: SearchHit
    rank: int
    is_item: bool
    score: float = 0.0
    quote: str = ""  # what the citation quotes, when the text shown is joined from several lines


ITEM = re.compile(r"^(?:•|\d{1,2}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s")


def passage_units(hits: list[SearchHit], first_rank: int = 0) -> list[Unit]:
    """The statements of passages, each with its passage's rank (counted from `first_rank`)."""
    units: list[Unit] = []
    for rank, hit in enumerate(hits, start=first_rank):
        text, base = hit.chunk["text"], hit.chunk["start"]
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                if ITEM.match(line) or " | " in line:
                    units.append(Unit(line, base + offset, base + offset + len(line), hit, rank, True))
                else:
                    for span in sentence_spans(line, base + offset):
                        units.append(
                            Unit(text[span.start - base : span.end - base], span.start, span.end, hit, rank, False)
                        )
            offset += len(line) + 1
    return units


def continued(unit: Unit, units: list[Unit]) -> Unit:
    """The sentence with the fragments a PDF table split off it: "... three organisations: Halton" then
    "Borough Council; Warrington & Halton", then "Hospitals NHS Trust or Bridgewater". A line without
    closing punctuation runs on into short lines that follow it in the same passage."""
    parts = [unit]
    following = sorted((u for u in units if u.hit is unit.hit and u.start >= unit.end), key=lambda u: u.start)
    for nxt in following:
        last = parts[-1].text.rstrip()
        if last.endswith((".", "!", "?", ":")) or len(parts) > 3 or nxt.is_item:
            break
        if nxt.start - parts[-1].end > 3 or len(words(nxt.text)) > 8 or not last[-1:].isalpha():
            break
        if re.match(r"[A-Z][\w ]{0,30}:", nxt.text):
            break  # a labelled line of its own ("PORTFOLIO: Health and Wellbeing"), not a continuation
        parts.append(nxt)
    if len(parts) == 1:
        return unit
    text = " ".join(p.text.strip() for p in parts)
    return Unit(text, unit.start, parts[-1].end, unit.hit, unit.rank, unit.is_item, unit.score, quote=unit.text)


def overlaps(a: Unit, b: Unit) -> bool:
    return a.hit.chunk["document_id"] == b.hit.chunk["document_id"] and a.start < b.end and b.start < a.end


def list_around(best: Unit, units: list[Unit]) -> list[Unit]:
    """The list a question asks for: the items of the best passage, led by the line that introduces them."""
    same = sorted((u for u in units if u.hit is best.hit), key=lambda u: u.start)
    items = [u for u in same if u.is_item]
    if len(items) < 2:
        return []
    first_item = items[0]
    intro = [u for u in same if not u.is_item and u.end <= first_item.start]
    lead = intro[-1:] if intro and intro[-1].text.rstrip().endswith((":", ":-")) else []
    if not lead and best.is_item is False and best.end <= first_item.start:
        lead = [best]
    return lead + items


NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def count_in(question: str) -> int:
    """How many things a list question expects ("the three core elements"), 0 when it does not say."""
    for word in words(question):
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
        if word.isdigit() and 1 < int(word) <= 12:
            return int(word)
    return 0


def counted_noun(question: str) -> str:
    """The stem of what a "how many" question counts ("how many GP practices are in ..." -> practic)."""
    m = re.search(
        r"\bhow many\s+((?:[a-z&/-]+\s+){0,3}?[a-z-]+?)(?=\s+(?:are|is|were|was|do|does|did|have|has|had|will|would|"
        r"in|of|on|across|within|at|per|for|make|sit|there)\b|\s*[?,.]|\s*$)",
        question.lower(),
    )
    if not m:
        return ""
    word = m.group(1).split()[-1]
    if re.fullmatch(r"[b-df-hj-np-tv-z&]{2,5}s", word):
        word = word[:-1]  # "pcns", "gps": the plural of an abbreviation (no vowel), which passages write "PCNs"
    return stem(word)


def definition_subject(question: str) -> str:
    meant = re.search(
        r"\b(?:mean[st]?\s+by|define|describe)\s+(?:an?\s+|the\s+)?['‘\"]?(.+?)['’\"]?(?:\s+and\b.*)?\s*\??$",
        question,
        re.I,
    )
    if meant:
        return meant.group(1).strip().lower()  # "what do they mean by an accountable care system"
    m = re.search(
        r"(?:what(?:'s|’s| is| are| does)|define|meaning of|explain)\s+(?:an?\s+|the\s+)?['‘\"]?(.+?)['’\"]?"
        r"(?:\s+(?:for|mean|stand for|do|in relation to|compared (?:to|with)|versus|vs)\b.*|\s*\?|\s*$)",
        question,
        re.I,
    )
    if not m:
        return ""
    subject = m.group(1).split(",")[0].strip().lower()  # "X, as defined in the 2018 paper"
    # "the purpose of the Provider Alliance" is a question about the Provider Alliance.
    return re.sub(r"^(?:the\s+)?(?:purpose|role|aim|point|job|function|remit)\s+of\s+(?:the\s+|an?\s+)?", "", subject)


def definition_bonus(subject: str, text: str) -> float:
    """A sentence that says what the subject is ("X: an informal meeting ...", "An X is ...")."""
    if not subject:
        return 0.1 if re.search(r"\b(?:is|are|means|refers to)\b", text) else 0.0
    lowered = text.lower()
    name = re.escape(subject.rstrip("s"))
    if re.search(
        rf"^(?:\d+(?:\.\d+)*\s+)?(?:the\s+|an?\s+)?{name}\w*\s*(?:\([^)]*\))?\s*(?::|is\b|are\b|means\b)", lowered
    ):
        return 0.5
    if re.search(rf"{name}\w*\s*(?:\([^)]*\))?\s+(?:is|are|means|refers to)\b", lowered):
        return 0.3
    if re.match(rf"(?:the\s+|an?\s+)?{name}", lowered):
        return 0.2  # the subject opens the sentence: "A population health management approach moves ..."
    return 0.1 if re.search(r"\b(?:is|are|means|refers to)\b", lowered) else 0.0


def focus_word(question: str) -> str:
    """The thing a question asks about: "what's the quorum for ..." -> quorum, "how much X" -> X, "is there
    parking for ...?" -> parking."""
    m = re.search(
        r"\b(?:what(?:'s|’s| is| are| was| were)|how (?:much|many)|^\s*(?:is|are|was|were) there(?: any)?)\s+"
        r"(?:(?:the|an?|is|are|does|did|do)\s+)*([a-z][a-z-]+)",
        question.lower(),
    )
    if not m:
        return ""
    existence = " there" in m.group(0)[: m.start(1) - m.start(0)]
    if m.group(1).endswith("ed") or (m.group(1).endswith("ing") and not existence):
        return ""  # a verb ("what was supposed to ...") is not the thing asked about; "is there parking" is
    return m.group(1)
