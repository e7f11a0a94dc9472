"""Metadata a document states about itself (title, date, kind, body), for files the manifest does not describe.

Every rule here is about how English council and NHS papers are laid out (front-sheet labels, meeting
headers, page furniture, date formats), never about a particular document; the vocabulary lives in
core/data/document_layout.json.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from core.dates import agrees, find_dates, stem_date
from core.records import DocumentMeta
from ingest.front_sheet import HEADER_SEGMENTS, Fields, Header, first_date, read_fields, read_header, to_on
from ingest.layout import Layout, load_layout
from ingest.manifest import slugify
from ingest.titles import STATUS_WORDS, file_name_title, meeting_title, pick_title, tidy_name

__all__ = ["HEADER_SEGMENTS", "TextMeta", "infer_meta", "infer_text_meta", "reconcile"]

log = logging.getLogger(__name__)

_DATE_SEGMENTS = 15
_HISTORY_SEGMENTS = 30
_KIND_SEGMENTS = 10  # a layout marker ("Agenda and minutes") counts only near the top
_HISTORY_HEADING = re.compile(
    r"\b(?:revision|version|document|change|amendment)s?\s+(?:history|control|record|log)\b", re.I
)


@dataclass(frozen=True)
class TextMeta:
    title: str
    date: str
    kind: str
    body: str


def _history_date(header: Header, layout: Layout) -> str:
    """The latest dated row of a revision-history table: the version the document is."""
    segs = header.segments[:_HISTORY_SEGMENTS]
    heading = next((i for i, seg in enumerate(segs) if _HISTORY_HEADING.search(seg) and len(seg.split()) <= 6), None)
    if heading is None:
        return ""
    # A row opens with its date, or with its version number and then the date ("1.2   28 March 2023   ...").
    rows = [
        d
        for seg in segs[heading + 1 :]
        if (d := first_date(seg, layout)) and (d.start == 0 or _VERSION_CELL.fullmatch(seg[: d.start]))
    ]
    if len(rows) < 2:
        return ""
    latest = max(rows, key=lambda d: d.iso)
    return latest.iso if latest.is_full else ""


_VERSION_CELL = re.compile(r"\s*(?:v(?:ersion)?\s*)?\d{1,2}(?:\.\d{1,2}){0,2}\s+", re.I)


def _header_date(header: Header, layout: Layout) -> str:
    """A date on one of the first lines that is about this document: a short line, or the very start
    of a line ("Draft 9th January 2017 ..."); never a line about another meeting or a linked paper
    ("Minutes - 12 September 2024 PDF 136 KB"), nor one past the point where running prose begins (a
    date in a sentence is about something the paper mentions)."""
    for seg in header.segments[:_DATE_SEGMENTS]:
        found = first_date(seg, layout)
        status = STATUS_WORDS.match(seg)
        opens_with_date = found is not None and found.start <= (status.end() if status else 0)
        if len(seg.split()) > 16 and not opens_with_date:
            break
        if not found or layout.other_meeting.search(seg[: found.end]) or re.search(r"\bPDF\s+\d+\s*[KM]B\b", seg):
            continue
        if not found.is_full:
            # "(Revised April 2016 - approved by the Board on 7th April 2016)": the same month, to the day.
            fuller = [d for d in find_dates(seg) if d.is_full and d.iso.startswith(found.iso)]
            if fuller:
                return fuller[0].iso
        return found.iso
    return ""


def infer_date(header: Header, fields: Fields, path: Path, layout: Layout) -> str:
    """The document's own date from its text, else from its file name, else ""."""
    text_date = fields.date or fields.meeting_date or _history_date(header, layout) or _header_date(header, layout)
    name_date = stem_date(path.stem)
    if text_date and name_date and not agrees(text_date, name_date):
        log.info("%s: date %s in the text, %s in the file name; using the text", path.name, text_date, name_date)
    if text_date and name_date and agrees(text_date, name_date) and len(name_date) > len(text_date):
        return name_date  # the name is more precise ("March 2021" in the text, 2021-03-15 in the name)
    return text_date or name_date


def _kind_from_layout(header: Header, layout: Layout) -> str:
    """The kind a page's layout shows near its top; minutes before decisions before agendas before reports,
    since a minutes page also carries report and decision lines."""
    top = header.segments[:_KIND_SEGMENTS]
    for kind, pattern in layout.kinds_from_layout:
        if any(pattern.search(seg) for seg in top):
            return kind
    return "report" if any(to_on(seg, layout) for seg in top) else ""


def _kind_from_words(text: str, layout: Layout) -> str:
    return next((kind for kind, pattern in layout.kinds_from_words if pattern.search(text)), "")


def _decision_body(header: Header, layout: Layout) -> str:
    """Who took a recorded decision: "Record of Decision (Cabinet)", "RESOLVED that Cabinet -"."""
    for seg in header.segments[:_DATE_SEGMENTS]:
        m = re.search(r"record of (?:the )?\w*\s*decision\s*\((?P<body>[^)]{2,60})\)", seg, re.I) or re.match(
            r"^RESOLVED:?\s+(?:that\s+)?(?:the\s+)?(?P<body>(?:[A-Z][\w&'-]*\s?){1,8})(?=\s|$|[-–:])", seg
        )
        name = m.group("body").strip() if m else ""
        # "the Board" alone names nothing; "Cabinet" is a council's executive by that name
        if name and layout.body_ending.search(name) and (len(name.split()) > 1 or name.lower() == "cabinet"):
            return name
    return ""


def _agenda_body(header: Header, layout: Layout) -> str:
    """The first line of an agenda pack or minutes page when it names a board ("Health and Care
    Commissioning Board"); an item heading starts with its number, so "10 Establishment of ..." is not."""
    for seg in header.segments[:6]:
        if layout.furniture.fullmatch(seg):
            continue
        if len(seg.split()) <= 10 and layout.body_ending.search(seg) and not seg[0].isdigit():
            return tidy_name(seg, layout)
        return ""
    return ""


def infer_text_meta(path: Path, lines: list[str], layout: Layout | None = None) -> TextMeta:
    """Title, date, kind and body of a document from its file name and opening lines."""
    layout = layout or load_layout()
    header = read_header(lines, layout)
    fields = read_fields(header, layout)
    date = infer_date(header, fields, path, layout)
    kind = _kind_from_layout(header, layout)
    if not kind:
        # "northby-board-minutes-2025-01-16.txt", whose page opens on the meeting's line, not a "Minutes" label
        named = _kind_from_words(re.sub(r"[-_]+", " ", path.stem), layout)
        kind = named if named in ("minutes", "agenda") else ""
    body = fields.body or fields.meeting_body
    if not body and kind == "decision":
        body = _decision_body(header, layout)
    meeting = fields.meeting_body or (_agenda_body(header, layout) if kind in ("minutes", "agenda") else "")
    body = body or meeting
    if kind in ("minutes", "agenda") and meeting and not fields.title:
        # The page of a whole meeting; an item's page ("Meeting: 28/06/2023 - Board") keeps the item's name.
        title = meeting_title(meeting, kind, fields.meeting_date or date)
    else:
        title = pick_title(header, fields.title, fields.meeting_index, layout) or file_name_title(path.stem, layout)
    named_kind = _kind_from_words(title, layout)
    if not title:  # no heading and a name that says nothing: the first line, whatever it is
        first = next((line.strip() for line in lines if line.strip()), "")
        title = tidy_name(first[:200], layout, at_dates=False) or path.stem
    if not kind:
        kind = named_kind or _kind_from_words(path.stem.replace("-", " "), layout) or "document"
    if kind == "report" and body.lower().endswith("board"):
        kind = "board report"  # the manifest's word for a paper to a board
    if (
        kind == "terms of reference"
        and not body
        # "Northby Housing Group: Terms of Reference - draft, for agreement by the Place Board"
        # or "Terms of Reference for the Dunmere Place Board", "TERMS OF REFERENCE: DUNMERE PLACE BOARD"
        and (
            m := re.match(r"^(?P<body>.+?)[\s:–-]+terms of reference\b", title, re.I)
            or re.match(r"^terms of reference(?:\s+(?:of|for)|\s*[:–-])\s+(?:the\s+)?(?P<body>.+?)\s*$", title, re.I)
        )
    ):
        body = m.group("body") if layout.body_ending.search(m.group("body")) else ""  # the body they constitute
    return TextMeta(title=title, date=date, kind=kind, body=body)


def infer_meta(path: Path, first_lines: list[str]) -> DocumentMeta:
    """Metadata for a file the manifest does not describe, from its name and opening lines."""
    found = infer_text_meta(path, first_lines)
    return DocumentMeta(
        id=slugify(path.stem),
        title=found.title,
        kind=found.kind,
        date=found.date,
        publisher="",
        source_file=path.name,
        body=found.body,
    )


def _comparable(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def reconcile(manifest_meta: DocumentMeta, inferred: DocumentMeta) -> DocumentMeta:
    """The manifest wins; a disagreement with the text is logged, and a body the manifest omits is taken
    from the text."""
    for field, ours, theirs in (
        ("date", manifest_meta.date, inferred.date),
        ("title", manifest_meta.title, inferred.title),
    ):
        same = agrees(ours, theirs) if field == "date" else _comparable(ours) == _comparable(theirs)
        if theirs and not same:
            log.info(
                "%s: manifest %s %r, text says %r; using the manifest", manifest_meta.source_file, field, ours, theirs
            )
    if not manifest_meta.body and inferred.body:
        return replace(manifest_meta, body=inferred.body)
    return manifest_meta
