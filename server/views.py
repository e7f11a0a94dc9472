"""Shaping stored records for pages and JSON: section trees, viewer lines with a highlighted span."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidInput, NotFound
from core.rows import ChunkRow, SectionRow
from index.graph import ATTRIBUTE_RELATIONS
from index.protocols import DocumentStore
from server.diagram import LINE_STYLES, line_glyph, line_style, relation_words


def section_tree(sections: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Nest sections under their parents, keeping document order."""
    nodes = {
        s["id"]: {
            "id": s["id"],
            "number": s["number"],
            "heading": s["heading"],
            "path": s["path"],
            "kind": s["kind"],
            "page": s["page"],
            "start": s["start"],
            "end": s["end"],
            "children": [],
        }
        for s in sections
    }
    roots: list[dict[str, Any]] = []
    for s in sections:
        parent = nodes.get(s["parent_id"]) if s["parent_id"] else None
        (parent["children"] if parent else roots).append(nodes[s["id"]])
    return roots


# --- the viewer's outline: real sections only ---------------------------------------------------------

# Superscript digits and the usual note marks: a heading that starts with one is a footnote.
_FOOTNOTE_MARK = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"
# A trailing note mark on a real heading: "Plan (STP)1", "Population³".
_TRAILING_MARK = re.compile(r"(?:(?<=\))\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
# A download link's file type and size, left in a heading by a web page's export: "Minutes pdf icon PDF 182 KB".
_FILE_SIZE = re.compile(r"\s*(?:pdf icon\s*)?\b(?:pdf|docx?|xlsx?)\s+\d+(?:\.\d+)?\s*[km]b$", re.I)
# Words that never end a title: a heading ending in one is a line cut mid-phrase.
_OPEN_ENDINGS = frozenset({"a", "an", "the", "and", "or", "of", "&"})
# Words that open a phrase of running text ("For example", "In summary"), not the title of a section.
_CONNECTIVES = frozenset({"for", "in", "as", "by", "and", "but", "or", "so", "also", "then", "with", "e.g.", "i.e."})
_REPEATED_LABEL = 3  # an unnumbered heading repeated this often is a label on each item ("Minutes:"), not a section
_TABLE_CELL = re.compile(r"(?<!\w)n/a(?!\w)", re.I)


def outline_label(heading: str) -> str:
    """A heading as the outline shows it: without a trailing note mark or a download's file size."""
    return _TRAILING_MARK.sub("", _FILE_SIZE.sub("", heading)).strip()


def is_outline_section(section: Mapping[str, Any], repeats: int = 1) -> bool:
    """Whether a section belongs in the outline. A numbered section always does; an unnumbered heading does
    unless it looks like a fragment: a footnote, a table or chart label, a line cut mid-phrase, a phrase of
    running text, or a label repeated on every item (`repeats`: how often its heading occurs)."""
    if section["number"]:
        return True
    heading = section["heading"].strip()
    if not heading or heading[0] in _FOOTNOTE_MARK or heading[0].islower():
        return False
    words = heading.rstrip(":").split()
    if not words or words[-1].lower() in _OPEN_ENDINGS or _TABLE_CELL.search(heading):
        return False
    if len(words) == 1 and len(re.sub(r"\W", "", words[0])) <= 3:  # "KEY", "Aim": a table's or chart's label
        return False
    if len(words) <= 3 and words[0].lower() in _CONNECTIVES and all(w.islower() for w in words[1:]):
        return False
    return repeats < _REPEATED_LABEL


def outline_tree(sections: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The section tree of the outline: fragments left out, their subsections lifted to the nearest section
    kept; each node has a `label` (its heading cleaned of note marks)."""
    repeats: dict[str, int] = {}
    for s in sections:
        if not s["number"]:
            key = s["heading"].strip().lower()
            repeats[key] = repeats.get(key, 0) + 1
    by_id = {s["id"]: s for s in sections}
    kept = {s["id"] for s in sections if is_outline_section(s, repeats.get(s["heading"].strip().lower(), 1))}

    def kept_parent(section: Mapping[str, Any]) -> str | None:
        parent = section["parent_id"]
        while parent and parent not in kept:
            parent = by_id[parent]["parent_id"] if parent in by_id else None
        return parent

    shown = [{**s, "parent_id": kept_parent(s)} for s in sections if s["id"] in kept]
    tree = section_tree(shown)
    stack = list(tree)
    while stack:
        node = stack.pop()
        node["label"] = outline_label(node["heading"])
        stack.extend(node["children"])
    return tree


def printed_page(chunks: Sequence[ChunkRow], offset: int) -> int | None:
    """The page of the original (a PDF's) where the passage holding the character at `offset` begins, when
    the document has pages."""
    for c in chunks:
        if c["start"] <= offset < c["end"] and c["page"]:
            return int(c["page"])
    return None


def document_payload(store: DocumentStore, document_id: str) -> dict[str, Any]:
    document = store.get_document(document_id)
    sections = store.sections_for(document_id)
    return {**document, "sections": section_tree(sections), "section_count": len(sections)}


@dataclass
class ViewerLine:
    start: int
    end: int
    segments: list[tuple[str, bool]]  # (text, is highlighted)
    heading_level: int | None = None
    section_id: str | None = None
    page: int | None = None
    is_item: bool = False
    anchors: list[str] = field(default_factory=list)


def parse_span(start: str | None, end: str | None, length: int) -> tuple[int, int] | None:
    """A highlight span from query parameters; a bad one is a clear 4xx, never a 500."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise InvalidInput("a highlighted passage needs both start and end")
    if not (re.fullmatch(r"\d{1,9}", start) and re.fullmatch(r"\d{1,9}", end)):
        raise InvalidInput("start and end must be whole numbers (character offsets)")
    s, e = int(start), int(end)
    if s >= e:
        raise InvalidInput(f"the passage start ({s}) must come before its end ({e})")
    if e > length:
        raise InvalidInput(f"the passage end ({e}) is past the end of the document ({length} characters)")
    return s, e


# A viewer page holds about this many characters of text (about 150 kB of HTML); every corpus paper of
# ordinary length is one page, and a 4 MB document is forty instead of one 5 MB page.
VIEWER_PAGE_CHARS = 100_000


@dataclass(frozen=True)
class ViewerPage:
    number: int  # from 1
    start: int
    end: int
    first_heading: str = ""


def viewer_pages(text: str, sections: list[SectionRow], size: int = VIEWER_PAGE_CHARS) -> list[ViewerPage]:
    """The document cut into pages of about `size` characters, each ending at a line break where there is one."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(text) or not bounds:
        end = min(len(text), start + size)
        if end < len(text):
            brk = text.rfind("\n", start + size // 2, end)
            end = brk + 1 if brk >= 0 else end
        bounds.append((start, end))
        start = end
    starts = [s["start"] for s in sections]
    pages = []
    for number, (a, b) in enumerate(bounds, start=1):
        i = bisect.bisect_left(starts, a)
        heading = sections[i]["path"] if i < len(sections) and starts[i] < b else ""
        pages.append(ViewerPage(number, a, b, heading))
    return pages


class Pagination:
    """A document's viewer pages, and which one shows a given character."""

    def __init__(self, pages: list[ViewerPage]) -> None:
        self.pages = pages
        self._starts = [p.start for p in pages]

    def holding(self, offset: int) -> ViewerPage:
        """The page that shows the character at `offset` (the last page for the end of the text)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.pages[max(0, min(i, len(self.pages) - 1))]

    def choose(self, page: int | None, span: tuple[int, int] | None) -> ViewerPage:
        """The page asked for; else the one where the highlighted passage begins; else the first."""
        if page is not None:
            if not 1 <= page <= len(self.pages):
                raise NotFound(f"this document has {len(self.pages)} page(s) in the viewer; there is no page {page}")
            return self.pages[page - 1]
        return self.holding(span[0]) if span else self.pages[0]


def viewer_lines(
    text: str,
    sections: list[SectionRow],
    chunks: list[ChunkRow],
    span: tuple[int, int] | None,
    window: tuple[int, int] | None = None,
) -> list[ViewerLine]:
    """The clean text as lines, headings marked, the span split out for highlighting.

    `window` (a viewer page's characters) keeps only what lies inside it; a line it cuts is cut with it.
    """
    low, high = window or (0, len(text))
    headings = {s["start"]: s for s in sections if low <= s["start"] < high}
    chunk_starts: dict[int, list[str]] = {}
    for c in chunks:
        if low <= c["start"] < high:
            chunk_starts.setdefault(c["start"], []).append(c["id"])
    anchor_at = sorted(chunk_starts)
    lines: list[ViewerLine] = []
    line_start = text.rfind("\n", 0, low) + 1
    for raw_full in text[line_start:high].split("\n"):
        full_start = line_start
        line_start += len(raw_full) + 1
        start = max(full_start, low)
        raw = raw_full[start - full_start :]
        end = start + len(raw)
        if not raw:
            continue
        segments: list[tuple[str, bool]]
        if span and span[0] < end and start < span[1]:
            a, b = max(span[0], start) - start, min(span[1], end) - start
            segments = [(raw[:a], False), (raw[a:b], True), (raw[b:], False)]
            segments = [seg for seg in segments if seg[0]]
        else:
            segments = [(raw, False)]
        section = headings.get(start)
        # Front matter has no heading line of its own, but its first line still anchors the outline link.
        level = min(section["depth"] + 1, 5) if section and section["kind"] == "heading" else None
        first, last = bisect.bisect_left(anchor_at, start), bisect.bisect_left(anchor_at, end + 1)
        anchors = [cid for at in anchor_at[first:last] for cid in chunk_starts[at]]
        lines.append(
            ViewerLine(
                start=start,
                end=end,
                segments=segments,
                heading_level=level,
                section_id=section["id"] if section else None,
                is_item=raw.startswith("• "),
                anchors=anchors,
            )
        )
    return lines


@dataclass
class FactGroup:
    """The facts of one relation, for the graph page's list."""

    relation: str
    words: str  # "reports to"
    glyph: str  # the key's drawing of this relation's line when the drawing shows it, else ""
    facts: list[dict[str, Any]]


def facts_by_relation(edges: list[dict[str, Any]], names: dict[str, str], drawn_relations: set[str]) -> list[FactGroup]:
    """Edges grouped by relation, in the drawing's style-table order (facts about one body last), each group
    sorted by the bodies it joins."""
    by_relation: dict[str, list[dict[str, Any]]] = {}
    for e in edges:
        by_relation.setdefault(e["relation"], []).append(e)
    known = [r for r in LINE_STYLES if r in by_relation]
    others = sorted(set(by_relation) - set(known), key=lambda r: (r in ATTRIBUTE_RELATIONS, r))
    groups = []
    for relation in known + others:
        facts = sorted(
            by_relation[relation],
            key=lambda e: (names.get(e["source"], "").lower(), names.get(e["target"], "").lower()),
        )
        glyph = line_glyph(line_style(relation)) if relation in drawn_relations else ""
        groups.append(FactGroup(relation, relation_words(relation), glyph, facts))
    return groups
