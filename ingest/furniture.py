"""Find page furniture in a paged document: running headers, footers and page numbers.

A council's PDF repeats a header ("Weston Borough Council - Health and Wellbeing Board") and a
footer ("Page 3 of 12") on every page; extracted, they land between the halves of a sentence
that runs over the page break. What marks them is repetition at the same place: a line among
the first or last few of a page, on most pages, once its digits are ignored, and either the very
same text each time or with a number that counts the pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # clean.py calls this module, so the record is imported for types only
    from ingest.clean import RawLine

EDGE_LINES = 3  # how many lines at the top and at the bottom of a page may be furniture
MIN_PAGES = 3  # below this, repetition says nothing
MIN_SHARE = 0.6  # a running line is on at least this share of the pages
MIN_REPEATS = 3  # and on at least this many, so a line that occurs twice is always kept

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
# "3", "- 3 -", "Page 3", "Page 3 of 12", "3/12", "3 | Page": a page number on its own (not a year).
_EDGE_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*\|?\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s*\|?\s*page)?(?:\s*[-–—])?$",
    re.IGNORECASE,
)


def furniture_key(text: str) -> str:
    """A line as compared across pages: case, spacing and every number ignored."""
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _edge_zones(lines: Sequence[RawLine]) -> dict[int, tuple[list[int], list[int]]]:
    """Each page's first and last few non-blank lines (indexes into `lines`)."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            by_page.setdefault(line.page, []).append(i)
    return {page: (idx[:EDGE_LINES], idx[-EDGE_LINES:]) for page, idx in by_page.items()}


def find_furniture(lines: Sequence[RawLine]) -> set[int]:
    """Indexes of the lines that are page furniture; none for a text without pages."""
    zones = _edge_zones(lines)
    furniture = {
        i for top, bottom in zones.values() for i in (*top, *bottom) if _EDGE_PAGE_NUMBER.match(lines[i].text.strip())
    }
    if len(zones) < MIN_PAGES:
        return furniture
    needed = max(MIN_REPEATS, math.ceil(MIN_SHARE * len(zones)))
    for side in (0, 1):
        by_key: dict[str, dict[int, int]] = {}  # key -> page -> index of its first line with that key
        for page, zone in zones.items():
            for i in zone[side]:
                by_key.setdefault(furniture_key(lines[i].text), {}).setdefault(page, i)
        for key, on_pages in by_key.items():
            # A repeated line must have words: a bare number or rule repeats in tables too.
            if len(on_pages) >= needed and _LETTER.search(key):
                furniture.update(_running_lines(on_pages, lines, needed))
    return furniture


def _running_lines(on_pages: dict[int, int], lines: Sequence[RawLine], needed: int) -> set[int]:
    """Of lines alike but for their numbers, those that run over the pages: the same text on enough
    pages, or a number that counts the pages ("Agenda Item 5 Page 14" on the PDF's first page).

    Numbered clauses of one pattern ("4.1 The Board meets monthly", "7.1 The Board meets monthly")
    are alike too, but neither the same nor counting the pages, so they stay.
    """
    texts = {page: " ".join(lines[i].text.split()) for page, i in on_pages.items()}
    commonest, count = Counter(texts.values()).most_common(1)[0]
    if count >= needed:
        return {on_pages[page] for page, text in texts.items() if text == commonest}
    numbers = {page: [int(n) for n in _DIGITS.findall(text)] for page, text in texts.items()}
    for position in range(len(next(iter(numbers.values())))):
        offsets = {page: found[position] - page for page, found in numbers.items()}
        offset, count = Counter(offsets.values()).most_common(1)[0]
        if count >= needed:
            return {on_pages[page] for page, off in offsets.items() if off == offset}
    return set()
