"""Abbreviations a document defines ("Integrated Care Board (ICB)"), found by the Schwartz–Hearst algorithm.

The `abbreviations` package (MIT, on PyPI) implements Schwartz and Hearst's published algorithm
("A simple algorithm for identifying abbreviation definitions", 2003): a short form in brackets and
the shortest run of words before it whose letters cover the short form in order. We keep its pairs
only where the definition also looks like a name (its first word starts with the short form's first
letter, and it is not a clause such as "to wording in Section 4"), and locate each in the text so it
keeps its evidence.
"""

from __future__ import annotations

import logging
import re

from core.records import Abbreviation

log = logging.getLogger(__name__)

_SMALL_WORDS = {"and", "of", "for", "the", "in", "on", "&", "to", "with", "at", "by"}
_VERBISH = {"to", "is", "are", "was", "were", "be", "will", "has", "have", "update", "updated"}


def _schwartz_hearst():  # type: ignore[no-untyped-def]
    # The module calls logging.basicConfig at import; keep that from configuring our root logger.
    root = logging.getLogger()
    had_handlers = bool(root.handlers)
    if not had_handlers:
        root.addHandler(logging.NullHandler())
    try:
        from abbreviations import schwartz_hearst
    finally:
        if not had_handlers:
            root.handlers = [h for h in root.handlers if not isinstance(h, logging.NullHandler)]
    logging.getLogger(schwartz_hearst.__name__).setLevel(logging.WARNING)
    return schwartz_hearst


def plausible_definition(short: str, long: str) -> bool:
    """A pair worth keeping: the short form is an abbreviation and the long form a name for it."""
    letters = [c for c in short if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in letters):
        return False
    words = long.replace("-", " ").split()
    if not words or len(words) > 10:
        return False
    if words[0].lower() in _VERBISH or not words[0][0].isalpha():
        return False
    if words[0][0].lower() != letters[0].lower():
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    # A defined name is mostly capitalised words ("Integrated care system" may lower-case the rest).
    return bool(content) and content[0][0].isupper()


def find_abbreviations(document_id: str, text: str) -> list[Abbreviation]:
    """Every abbreviation the text defines, each with the span of "Long Form (SHORT)"."""
    sh = _schwartz_hearst()
    found: list[Abbreviation] = []
    seen: set[tuple[str, str]] = set()
    for line_start, raw_line in _lines(text):
        if "(" not in raw_line:
            continue
        line = _QUOTED_SHORT.sub(_unquoted, _QUOTED_SHORT_FIRST.sub(_unquoted, raw_line))
        try:
            pairs = sh.extract_abbreviation_definition_pairs(doc_text=line)
        except (ValueError, IndexError) as err:  # unbalanced brackets in one line: skip that line only
            log.debug("%s: abbreviation scan skipped a line: %s", document_id, err)
            continue
        for short, long in pairs.items():
            short, long = short.strip(), " ".join(long.split())
            if short.endswith(("’s", "'s")):
                short = short[:-2]
            if not plausible_definition(short, long) or (short, long.lower()) in seen:
                continue
            span = _span(line, short, long)
            if span is None:
                continue
            seen.add((short, long.lower()))
            found.append(Abbreviation(document_id, short, long, line_start + span[0], line_start + span[1]))
    return found


# 'The Northby Health and Wellbeing Board (the "HWB")': the short form in quotes, after "the".
# '(the "Partnership Board" or "PPB")': the short form is the last quoted word.
_QUOTED_SHORT = re.compile(
    r"""\(\s*(?:the\s+)?(?:["“‘'][^"”’'()]{2,40}["”’']\s*(?:,|or|and)\s*(?:the\s+)?)?["“‘'](?:the\s+)?([A-Za-z&]{2,12})["”’']\s*\)""",
    re.IGNORECASE,
)

# '("the PCCC" or "the Committee")': the short form (two capitals at least) first, a longer name after it.
_QUOTED_SHORT_FIRST = re.compile(
    r"""\(\s*(?:the\s+)?["“‘'](?:the\s+)?([A-Z][a-z]?[A-Z][A-Za-z&]{0,9})["”’']\s*(?:,|or|and)\s*(?:the\s+)?["“‘'][^"”’'()]{2,40}["”’']\s*\)"""
)


def _unquoted(match: re.Match[str]) -> str:
    """'(the "HWB")' as '(HWB)', padded so every offset after it stays where it was."""
    padding = " " * (len(match.group(0)) - len(match.group(1)) - 2)
    return f"({match.group(1)}{padding})"  # the bracket closes where it did, so the stored span ends after it


def _lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _span(line: str, short: str, long: str) -> tuple[int, int] | None:
    words = [re.escape(w) for w in long.split()]
    pattern = re.compile(r"\s+".join(words) + r"\s*\(\s*" + re.escape(short), re.IGNORECASE)
    match = pattern.search(line)
    if match is None:
        return None
    close = line.find(")", match.end())
    return match.start(), (close + 1 if close != -1 else match.end())
