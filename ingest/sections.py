"""Find a document's real structure: numbered headings, clauses, appendices, plain headings.

Every block of clean text is either the start of a section or part of the section before it.
Numbered lines give the tree directly (`3.1` sits under `3.0`); plain headings ("Governance",
"Roles and Responsibilities:") nest under the numbered or appendix section that is open, and a
table of contents, where the document has one, says which plain headings are top level.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from core.records import Block, Section, stable_id

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(?P<text>\S.*))?$")
_WHOLE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s+(?P<text>[A-Z][^.;]*)$")
_APPENDIX = re.compile(r"^(?P<label>appendix\s+(?:\d{1,2}|[A-Z]))\b[.:\-–]?\s*(?P<text>.*)$", re.I)
_SENTENCE_END = re.compile(r"[.;,!?]['’\"”)]*$")
_INNER_LABEL = re.compile(r"\S:\s+\S")
_MAX_HEADING_CHARS = 100
_MAX_HEADING_WORDS = 14
_SENTENCE_BREAK = re.compile(r"(?<=[a-z)][.;!?])\s")
# Words that end the short headings of terms of reference and reports ("Administrative Support",
# "Review Date"), which may stand over a one-line body and so look like a title block.
_HEADING_NOUNS = {
    "support",
    "date",
    "membership",
    "arrangements",
    "quorum",
    "purpose",
    "objective",
    "objectives",
    "tasks",
    "governance",
    "reporting",
    "review",
    "frequency",
    "meetings",
    "attendance",
    "accountability",
    "responsibilities",
    "scope",
    "background",
    "introduction",
    "summary",
    "recommendation",
    "recommendations",
    "decisions",
    "secretariat",
    "duration",
    "signatories",
    "contacts",
    "vision",
    "values",
    "principles",
    "aims",
    "resources",
    "monitoring",
}


@dataclass
class _Open:
    section_index: int
    depth: int
    number: str | None
    structural: bool  # numbered, appendix or table-of-contents heading
    is_clause: bool
    heading: str


def _number_key(number: str) -> tuple[int, ...]:
    parts = [int(p) for p in number.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _short_heading(text: str) -> bool:
    return (
        len(text) <= _MAX_HEADING_CHARS
        and len(text.split()) <= _MAX_HEADING_WORDS
        and not _SENTENCE_END.search(text)
        and not _SENTENCE_BREAK.search(text)
    )


def _clause_label(text: str) -> str:
    """A readable heading for a clause: its opening words."""
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    if len(first) <= 80:
        return first
    cut = first[:80].rsplit(" ", 1)[0]
    return cut + "…"


def _looks_like_plain_heading(block: Block, previous: Block | None, following: Block | None, toc: set[str]) -> bool:
    text = block.text
    if block.kind != "para":
        return False
    if text.lower().rstrip(":") in toc:
        return True
    last_word = re.sub(r"[^a-z]", "", text.lower().split()[-1]) if text.split() else ""
    if (
        previous is not None
        and previous.kind == "para"
        and len(previous.text) < 40
        and not _SENTENCE_END.search(previous.text)
        and not previous.text.endswith(":")
        and last_word not in _HEADING_NOUNS
    ):
        return False  # a fragment of a flattened table or chart, not a heading
    if not _short_heading(text) or len(text) > 80 or len(text.split()) > 10:
        return False
    if _INNER_LABEL.search(text) or not (text[0].isupper() or text[0].isdigit()):
        return False
    if following is None or following.kind == "heading":
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    capitalised = sum(1 for w in words if w[0].isupper())
    if words and capitalised / len(words) < 0.6 and len(words) > (4 if text.endswith(":") else 2):
        return False  # a sentence, even one that ends in a colon to introduce a list
    # A short line followed by another short line is a title block or a list, not a heading.
    nxt = following.text
    if following.kind == "para" and _short_heading(nxt) and len(nxt) <= 80 and nxt.lower() not in toc:
        return last_word in _HEADING_NOUNS
    return True


def build_sections(
    document_id: str, title: str, blocks: list[Block], text_length: int, toc_titles: list[str]
) -> list[Section]:
    """Sections of a document, in reading order, each with its parent, path and spans."""
    toc = {t.lower().rstrip(":").strip() for t in toc_titles}
    starts: list[dict] = []  # provisional sections: block index, number, heading, depth, parent
    stack: list[_Open] = []
    last_major: int | None = None
    # "1.0 Introduction" documents number their top level with a dot; only documents without
    # that style ("14 Duration") have whole-number headings, so table rows like "7 Care" stay rows.
    dotted_top = any(re.match(r"^\d{1,2}\.0\s", b.text) for b in blocks if b.kind == "para")

    def open_section(
        block_index: int, number: str | None, heading: str, depth: int, structural: bool, is_clause: bool = False
    ) -> None:
        while stack and stack[-1].depth >= depth:
            stack.pop()
        parent = stack[-1].section_index if stack else None
        starts.append(
            {
                "block": block_index,
                "number": number,
                "heading": heading,
                "depth": depth,
                "parent": parent,
                "kind": "clause" if is_clause else "heading",
            }
        )
        stack.append(_Open(len(starts) - 1, depth, number, structural, is_clause, heading))

    def parent_for_number(key: tuple[int, ...]) -> _Open | None:
        for item in reversed(stack):
            if item.number and not item.number.lower().startswith("appendix"):
                other = _number_key(item.number)
                if len(other) < len(key) and key[: len(other)] == other:
                    return item
        return None

    top_level = min((b.level for b in blocks if b.kind == "heading"), default=1)
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        text = block.text
        if block.kind == "heading":
            open_section(i, None, text, block.level - top_level + 1, True)
            continue
        if (
            block.kind == "para"
            and (m := _APPENDIX.match(text))
            and len(text) <= 120
            and (not _SENTENCE_END.search(text) or len(text) < 40)
        ):
            label = " ".join(w.capitalize() if w.isalpha() else w for w in m.group("label").split())
            open_section(i, label, m.group("text").strip(" .:-–"), 1, True)
            last_major = None
            continue
        if block.kind == "para" and (m := _NUMBERED.match(text)):
            number = m.group("num")
            key = _number_key(number)
            if last_major is None or last_major <= key[0] <= last_major + 3:
                body = (m.group("text") or "").strip()
                parent = parent_for_number(key) if len(key) > 1 else None
                if len(key) > 1 and parent is None and last_major is not None and key[0] != last_major:
                    pass  # a stray "2.5" in running text, not a section
                else:
                    is_heading = not body or _short_heading(body)
                    heading = body if is_heading else _clause_label(body)
                    if len(key) == 1:
                        depth = 1
                    elif parent is not None:
                        depth = parent.depth + 1
                    else:
                        depth = (stack[-1].depth + 1) if stack else 1
                    open_section(i, number, heading, depth, True, is_clause=not is_heading)
                    last_major = key[0]
                    continue
        if not dotted_top and block.kind == "para" and (m := _WHOLE_NUMBER.match(text)) and _short_heading(text):
            major = int(m.group("num"))
            in_sequence = (last_major is None and major <= 2) or (
                last_major is not None and last_major < major <= last_major + 3
            )
            if in_sequence and len(m.group("text").split()) <= 8:
                open_section(i, m.group("num"), m.group("text").strip(), 1, True)
                last_major = major
                continue
        previous = blocks[i - 1] if i else None
        if _looks_like_plain_heading(block, previous, following, toc):
            heading = text
            if heading.lower().rstrip(":") in toc:
                depth = 1
                structural = True
            else:
                structural = False
                anchor = next((o for o in reversed(stack) if o.structural and not o.is_clause), None)
                depth = (anchor.depth + 1) if anchor else 1
                top = stack[-1] if stack else None
                if heading.endswith(":") and top and not top.structural:
                    depth = top.depth if top.heading.endswith(":") else top.depth + 1
            open_section(i, None, heading, depth, structural)

    return _finalise(document_id, title, blocks, text_length, starts)


def _finalise(document_id: str, title: str, blocks: list[Block], text_length: int, starts: list[dict]) -> list[Section]:
    if not blocks:
        return []
    # Text before the first heading (a report's front sheet, a title page) is a section too.
    if not starts or starts[0]["block"] != 0:
        starts.insert(0, {"block": 0, "number": None, "heading": title, "depth": 1, "parent": None, "kind": "front"})
        for s in starts[1:]:
            s["parent"] = None if s["parent"] is None else s["parent"] + 1

    ids: list[str] = []
    sections: list[Section] = []
    labels: list[str] = []
    for idx, s in enumerate(starts):
        start = blocks[s["block"]].start
        body_end = blocks[starts[idx + 1]["block"]].start if idx + 1 < len(starts) else text_length
        end = text_length
        for later in starts[idx + 1 :]:
            if later["depth"] <= s["depth"]:
                end = blocks[later["block"]].start
                break
        body_end = _trim_end(blocks, body_end)
        end = _trim_end(blocks, end)
        number = s["number"]
        heading = s["heading"]
        if number and number.lower().startswith("appendix"):
            label = f"{number}: {heading}" if heading else number
        elif number:
            label = f"{number} {heading}".strip()
        else:
            label = heading
        parent = s["parent"]
        path = f"{labels[parent]} › {label}" if parent is not None else label
        labels.append(path)
        section_id = stable_id(document_id, "section", start, number or "", heading)
        ids.append(section_id)
        sections.append(
            Section(
                id=section_id,
                document_id=document_id,
                number=number,
                heading=heading,
                parent_id=ids[parent] if parent is not None else None,
                depth=s["depth"],
                path=path,
                start=start,
                end=max(end, start),
                body_start=start,
                body_end=max(body_end, start),
                page=blocks[s["block"]].page,
                ordinal=idx,
                kind=s["kind"],
            )
        )
    return sections


def _trim_end(blocks: list[Block], boundary: int) -> int:
    """Move a boundary back over the blank separator so spans end on text."""
    i = bisect.bisect_right([b.end for b in blocks], boundary)
    return blocks[i - 1].end if i else 0
