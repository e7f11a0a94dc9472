"""Shaping stored records for pages and JSON: section trees, viewer lines with a highlighted span."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidInput
from index.store import Store


def section_tree(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def document_payload(store: Store, document_id: str) -> dict[str, Any]:
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


def viewer_lines(
    text: str, sections: list[dict[str, Any]], chunks: list[dict[str, Any]], span: tuple[int, int] | None
) -> list[ViewerLine]:
    """The clean text as lines, headings marked, the span split out for highlighting."""
    headings = {s["start"]: s for s in sections}
    chunk_starts: dict[int, list[str]] = {}
    for c in chunks:
        chunk_starts.setdefault(c["start"], []).append(c["id"])
    lines: list[ViewerLine] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
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
        anchors = [cid for s, ids in chunk_starts.items() if start <= s < end + 1 for cid in ids]
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
