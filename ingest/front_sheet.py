"""The opening of a paper read as a front sheet: its lines as fields, its labelled values, its meeting header."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from core.dates import DateMatch, find_dates, is_date_only, strip_weekday_and_time, year_in
from ingest.clean import strip_markup
from ingest.layout import Layout
from ingest.titles import tidy_name

HEADER_SEGMENTS = 80  # labelled fields sit on the front sheet; an excerpt this long holds it
_FIELD_SEGMENTS = 40  # a "Date:" further down is a signature block or the next meeting
_MEETING_SEGMENTS = 12
_LINE_CHARS = 20_000
_UNDERSCORES = re.compile(r"_{3,}")
_CAPS_LABEL = re.compile(r"(?<=\s)(?=[A-Z][A-Z &/()]{1,30}:\s)")
# "TO Cabinet ON 26 July 2011": a front-sheet line, told from prose ("To provide ...") by its capitals.
_TO_ON = re.compile(r"^(?:REPORT\s+)?TO:?\s+(?P<body>[A-Z][^:]{1,80}?)(?:\s+ON:?\s+(?P<when>.+))?$")
# "Minutes of the meeting of the Health and Wellbeing Board held on 12 March 2020"
_MINUTES_OF = re.compile(
    r"^(?:(?:draft|signed|approved)\s+)?minutes\s+of\s+(?:the\s+|a\s+)?(?:(?:\w+\s+)?meeting\s+(?:of\s+)?(?:the\s+)?)?"
    r"(?P<body>.*?)\s*(?:,\s*)?(?:held\b.*|$)",
    re.I,
)


@dataclass(frozen=True)
class Header:
    """What the opening of a document says about itself."""

    segments: tuple[str, ...]  # its first lines, one field or heading each
    is_flattened: bool  # the text lost its line breaks: a whole report on a line or two


@dataclass(frozen=True)
class Fields:
    """Labelled front-sheet fields and the meeting header, as found."""

    title: str = ""
    date: str = ""
    body: str = ""
    meeting_body: str = ""
    meeting_date: str = ""
    meeting_index: int = -1  # the header segment that named the meeting (not a title)


def _split_fields(text: str, layout: Layout) -> list[str]:
    """One line holding several fields ("Report to: Cabinet Date: 12 March 2020", or a whole flattened
    front sheet) split before each label; a line with one label, or none, is left whole."""
    starts: set[int] = set()
    label_end = 0
    for m in layout.field_label_start.finditer(text):
        if m.start() >= label_end and text[m.start()].isupper():  # "Title" inside "Report Title:" starts nothing
            starts.add(m.start())
            label_end = m.start() + len(m.group("label"))
    if len(text) > 200:
        starts |= {m.start() for m in _CAPS_LABEL.finditer(text)}
    starts.discard(0)
    if not starts or (len(starts) == 1 and not layout.field_label_start.match(text) and len(text) <= 200):
        return [text]
    bounds = [0, *sorted(starts), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


_BOX_RULE = re.compile(r"^\s*\+[-=+]{3,}\+?\s*$")
_BOX_ROW = re.compile(r"^\s*\|(?P<label>[^|]{0,40})\|(?P<value>[^|]*)\|?\s*$")
_WIDE_GAP = re.compile(r"(?<=[^\s:]) {4,}(?=\S)")


def read_header(lines: list[str], layout: Layout) -> Header:
    """The first lines as segments: markup stripped, and a flattened line split at its field boundaries
    (runs of underscores, labels such as "TITLE:", a section label glued onto the line before)."""
    non_empty = [line for line in lines if line.strip()]
    flattened = len(non_empty) <= 3 and sum(len(line) for line in non_empty) > 500
    segments: list[str] = []
    field_line = False
    for line in non_empty:
        if _BOX_RULE.match(line):
            continue  # "+--------+-----+": the border of a boxed front sheet
        box = _BOX_ROW.match(line)
        if box and not flattened:
            label, value = box.group("label").strip(), box.group("value").strip()
            if not label and segments and value:
                segments[-1] = f"{segments[-1]} {value}"  # the value of the row above, run on
                continue
            if label and value:
                line = f"{label}: {value}"  # "| Decision title | Council participation ... |": a labelled field
        if not flattened and field_line and re.match(r"^ {8,}\S", line) and segments:
            # a field's value run on to the next line, under the value ("Lead officers:   A Smith, Director"
            # over "                 B Jones, Place Director"): more of the same field
            segments[-1] = f"{segments[-1]}; {line.strip()}"
            continue
        field_line = bool(re.match(r"^\s*[A-Za-z][\w ()/&-]{1,40}:\s+\S", line))
        # A flattened document is one line of the whole text; its front sheet is in the first few pages.
        text = strip_markup(line[:_LINE_CHARS].replace("\u00a0", " ")).strip()
        text = layout.glued_section_label.sub("\n", text)
        if not flattened:
            # "Northby Health and Wellbeing Board            Agenda Item 6": two things set apart on one line
            # (but "Report to:          Cabinet" is a label and its value).
            text = _WIDE_GAP.sub("\n", text)
        for part in _UNDERSCORES.split(text):
            for sub in part.split("\n"):
                for piece in _split_fields(re.sub(r"\s+", " ", sub).strip(), layout):
                    cleaned = piece.strip(" \t|")
                    if cleaned:
                        segments.append(cleaned)
        if len(segments) >= HEADER_SEGMENTS:
            break
    return Header(tuple(segments[:HEADER_SEGMENTS]), flattened)


def first_date(text: str, layout: Layout) -> DateMatch | None:
    """The first date in a line that is not the year of a piece of legislation ("Act 2012")."""
    return next((d for d in find_dates(text) if not layout.legislation_before.search(text[: d.start])), None)


def _labelled_value(segments: tuple[str, ...], i: int, value: str, layout: Layout) -> str:
    """A field's value, taken from the next line when the label stands alone ("Document Title:")."""
    if not value and i + 1 < len(segments) and not layout.furniture.fullmatch(segments[i + 1]):
        return segments[i + 1]
    return value


def _continued(segments: tuple[str, ...], i: int, value: str, layout: Layout) -> str:
    """A title the page wrapped mid-phrase ("the development of an" / "Accountable Care System")."""
    nxt = segments[i + 1] if i + 1 < len(segments) else ""
    wrapped = re.search(r"\b(?:of|an?|the|and|for|to|in|on|with|by|&|-|–)$", value, re.I)
    if wrapped and nxt and not re.match(r"^[A-Z][A-Za-z ()/]{1,30}:", nxt) and not layout.furniture.fullmatch(nxt):
        return f"{value} {nxt}"
    return value


def to_on(seg: str, layout: Layout) -> tuple[str, str] | None:
    """(body, when) of a front-sheet "TO Cabinet ON 26 July 2011" / "TO: Health and Wellbeing Board" line."""
    m = _TO_ON.match(seg)
    if not m or not (m.group("when") or layout.body_ending.search(m.group("body"))):
        return None
    return m.group("body"), m.group("when") or ""


def _body_value(value: str) -> str:
    """A body named in a field, without the date, time or item number around it on the line
    ("12/01/2022 - Health and Wellbeing Board (Item 45)" -> "Health and Wellbeing Board"), without the short
    form it defines."""
    for d in reversed(find_dates(value)):
        value = value[: d.start] + " " + value[d.end :]
    value = re.sub(
        r"\((?:item|agenda item|minute|(?:meeting\s+)?(?:held\s+)?in\s+(?:public|private))\b[^)]*\)",
        " ",
        value,
        flags=re.I,
    )
    value = re.sub(r"\s*\([A-Z][A-Za-z&]{1,9}\)\s*$", "", value)  # "Northby Housing Group (NHG)": its short form
    value = strip_weekday_and_time(re.sub(r"\s+", " ", value))
    return value if 0 < len(value.split()) <= 12 else ""


def _field_date(value: str, layout: Layout) -> str:
    found = first_date(value, layout)
    return found.iso if found else (year_in(value) if len(value) < 30 else "")


_APPROVED_BY = re.compile(r"^(?:approved|adopted|agreed|endorsed|ratified|considered|noted)\s+by\b", re.I)


def _meeting_header(segs: tuple[str, ...], layout: Layout) -> tuple[str, str, int]:
    """(body, date, index) of the line naming the meeting: "Board - Thursday 16th January, 2025",
    a board's name over a date line, or "Minutes of the meeting of the Board held on ..."."""
    approvals = False  # inside an "Approved by:" field, whose further lines name more approvers
    for i, seg in enumerate(segs[:_MEETING_SEGMENTS]):
        found = first_date(seg, layout)
        approvals = bool(_APPROVED_BY.match(seg)) or (approvals and bool(found) and ":" not in seg)
        minutes_of = _MINUTES_OF.match(seg)
        if minutes_of and not layout.other_meeting.search(seg):
            name = minutes_of.group("body").strip()
            if not (name and layout.body_ending.search(name)) and i > 0 and layout.body_ending.search(segs[i - 1]):
                name = segs[i - 1]  # "Health and Wellbeing Board" / "Minutes of the meeting held on ..."
            if name and layout.body_ending.search(name):
                return name, found.iso if found else "", i
        if not found or layout.other_meeting.search(seg) or len(seg.split()) > 16 or layout.date_field.match(seg):
            continue
        if "|" in seg or approvals:
            # "Approved by the Place Board: 14 December 2023" names who approved it, not its meeting, as does
            # the field's next line, "Board of NHS Northby ICB, 1 July 2022"
            continue
        name = strip_weekday_and_time(seg[: found.start])
        if name and len(name.split()) <= 12 and layout.body_ending.search(name) and not name[0].isdigit():
            return name, found.iso, i
        if is_date_only(seg) and i > 0:
            prev = segs[i - 1]
            if len(prev.split()) <= 10 and layout.body_ending.search(prev) and not layout.furniture.fullmatch(prev):
                return prev, found.iso, i - 1
    return "", "", -1


def read_fields(header: Header, layout: Layout) -> Fields:
    """The title, date and body a front sheet states in labelled fields, and its meeting header."""
    title = body = ""
    dated: list[tuple[int, int, str]] = []  # (label rank, line, date) of each labelled date
    labelled_meeting_date = ""
    segs = header.segments
    for i, seg in enumerate(segs[:_FIELD_SEGMENTS]):
        about_another_meeting = bool(
            layout.other_meeting.search(seg) or (i and layout.other_meeting.search(segs[i - 1]))
        )
        if not title and (m := layout.title_field.match(seg)):
            title = _continued(segs, i, _labelled_value(segs, i, m.group("value").strip(), layout), layout)
        if not about_another_meeting and (m := layout.date_field.match(seg)):
            rank = layout.date_label_rank.get(re.sub(r"\s+", " ", m.group("label").lower()), 1)
            if found_date := _field_date(_labelled_value(segs, i, m.group("value").strip(), layout), layout):
                dated.append((rank, i, found_date))
        if not body and (m := layout.body_field.match(seg)):
            value = _labelled_value(segs, i, m.group("value").strip(), layout)
            body = _body_value(value)
            if body and not about_another_meeting and (found := first_date(value, layout)):
                labelled_meeting_date = found.iso  # "Meeting: 12/01/2022 - Health and Wellbeing Board"
        if not body and (front := to_on(seg, layout)):
            body = _body_value(front[0])
            if front[1] and (found := first_date(front[1], layout)):
                labelled_meeting_date = found.iso  # "TO Cabinet ON 26 July 2011"
    if labelled_meeting_date:
        dated.append((0, -1, labelled_meeting_date))
    date = min(dated)[2] if dated else ""
    meeting_body, meeting_date, meeting_index = _meeting_header(segs, layout)
    return Fields(title, date, tidy_name(body, layout), tidy_name(meeting_body, layout), meeting_date, meeting_index)
