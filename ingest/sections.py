"""Find a document's real structure: numbered headings, clauses, appendices, plain headings.

Every block of clean text is either the start of a section or part of the section before it.
Numbered lines give the tree directly: `3.1` sits under `3.0`, "1 Purpose" and "1. Purpose" are
top level, and "(a)", "b)" or "(iv)" under a numbered clause are its sub-clauses. Plain headings
("Governance", "BACKGROUND", "Roles and Responsibilities:", or a one-word bullet "- Purpose" standing
over prose in pages converted from HTML) nest under the numbered or appendix section that is open,
and a table of contents, where the document has one, says which plain headings are top level.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from core.records import Block, Section, stable_id

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(?P<text>\S.*))?$")
_WHOLE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s+(?P<text>[A-Z][^.;]*)$")
# "1. Purpose" reaches us as a list item (the cleaner cannot know), so only its text and its
# neighbours tell it from "1. Place Based Integration" in a numbered list of short lines.
_DOTTED_WHOLE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<text>[A-Z].*)$")
_NUMBERED_ITEM = re.compile(r"^\(?\d{1,2}[.)]\s")
_LETTERED = re.compile(r"^(?:\((?P<paren>[a-z]|[ivx]{1,5})\)|(?P<bare>[a-z]|[ivx]{1,5})[.)])\s+(?P<text>\S.*)$")
_ROMAN = re.compile(r"^[ivx]{1,5}$")
# "- Purpose" / "- Key Tasks": a bullet holding only a one- or two-word label.
_BULLET_LABEL = re.compile(r"^• (?P<text>[A-Z][\w'’&/-]*(?: [A-Za-z][\w'’&/-]*)?)$")
# What a heading never is: a footnote ("¹ See Appendix XX"), an attachment's file name, or a line
# cut off mid-phrase by a flattened table ("Registered Nurses including", "Start, Wellbeing etc)").
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰†‡*]")
_FILE_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|csv|html?)$", re.I)
_DANGLING_END = re.compile(
    r"\b(?:and|or|of|the|to|for|with|in|by|an?|on|at|from|as|that|which|our|their|its|into|including|via)$", re.I
)
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
    "reference",
    "parties",
    "definitions",
    # the standing items of an agenda or minutes ("Apologies for Absence", "Urgent Business")
    "absence",
    "interest",
    "interests",
    "business",
    "introductions",
}


@dataclass
class _Open:
    section_index: int
    depth: int
    number: str | None
    structural: bool  # numbered, appendix or table-of-contents heading
    is_clause: bool
    heading: str
    label: str = ""  # "a" or "iv" for a lettered sub-clause


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


def _capitalised_share(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 1.0


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _is_prose(block: Block | None) -> bool:
    """A paragraph of running text: what follows a heading, and what a title block never holds."""
    if block is None or block.kind != "para":
        return False
    text = block.text
    return len(text.split()) >= 8 and bool(_SENTENCE_END.search(text) or text.endswith(":") or len(text) > 120)


def _is_fragment(text: str) -> bool:
    """A footnote, a file name or a cut-off line: never a heading, whatever its shape."""
    return bool(
        _FOOTNOTE.match(text)
        or _FILE_NAME.search(text)
        or _DANGLING_END.search(text)
        or text.count("(") != text.count(")")
        or re.match(r"^\d{1,2}\s", text)  # a number the numbered rules refused: a table row
    )


def _looks_like_plain_heading(block: Block, previous: Block | None, following: Block | None, toc: set[str]) -> bool:
    text = block.text
    if block.kind != "para":
        return False
    if text.lower().rstrip(":") in toc:
        return True
    if _is_fragment(text):
        return False
    last_word = re.sub(r"[^a-z]", "", text.lower().split()[-1]) if text.split() else ""
    # A label over running text ("Digital:" over a paragraph) or a line in capitals over prose or a
    # list is a heading even after a short line. A plain short line is not: in a flattened table a
    # cell wraps over several lines ("Hospital" / "Discharge team") above its prose.
    over_text = (_is_capitals(text) or text.endswith(":")) and (
        _is_prose(following) or (_is_capitals(text) and following is not None and following.kind == "item")
    )
    if (
        not over_text
        and previous is not None
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
    if (
        previous is not None
        and previous.kind == "para"
        and following.kind == "para"
        and not over_text
        and not _SENTENCE_END.search(previous.text)
        and not previous.text.endswith(":")
        and not _SENTENCE_END.search(following.text)
        and not _is_prose(following)
        and len(following.text) > 80
    ):
        return False  # one line of a run of list lines (a membership list with the glyphs lost)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    if _capitalised_share(text) < 0.6 and len(words) > (4 if text.endswith(":") else 2):
        return False  # a sentence, even one that ends in a colon to introduce a list
    # A short line followed by another short line is a title block or a list, not a heading.
    nxt = following.text
    if following.kind == "para" and _short_heading(nxt) and len(nxt) <= 80 and nxt.lower() not in toc:
        return last_word in _HEADING_NOUNS
    return True


def _looks_like_bullet_heading(block: Block, previous: Block | None, following: Block | None) -> bool:
    """A bullet holding a one- or two-word label over prose ("- Purpose" in a page converted from HTML).

    A real list item has list items beside it or a line ending in a colon before it; this has neither.
    """
    if block.kind != "item" or not _BULLET_LABEL.match(block.text):
        return False
    if previous is not None and (previous.kind == "item" or previous.text.rstrip().endswith((":", ":-"))):
        return False
    return _is_prose(following)


def _is_numbered_title(text: str, previous: Block | None, following: Block | None) -> bool:
    """Whether "1. <text>" is a heading ("1. Purpose of the Report") rather than an entry of a numbered list."""
    words = text.split()
    if not _short_heading(text) or len(words) > 8 or _is_fragment(text):
        return False
    if text.endswith(":") and len(words) > 3:
        return False  # "3. The key functions of the board are:" introduces a list
    if len(words) > 4 and _capitalised_share(text) < 0.6:
        return False
    # An entry of a numbered list has numbered neighbours or a line ending in a colon before it.
    for neighbour in (previous, following):
        if neighbour is not None and neighbour.kind == "item" and _NUMBERED_ITEM.match(neighbour.text):
            return False
    return previous is None or not previous.text.rstrip().endswith((":", ":-"))


def _lettered_label(text: str) -> tuple[str, str] | None:
    m = _LETTERED.match(text)
    if not m:
        return None
    return m.group("paren") or m.group("bare"), m.group("text")


def _is_appendix(number: str | None) -> bool:
    return bool(number) and str(number).lower().startswith("appendix")


class _OutlineBuilder:
    """Reads blocks in order and opens a provisional section wherever one begins."""

    def __init__(self, blocks: list[Block], toc_titles: list[str]) -> None:
        self.blocks = blocks
        self.toc = {t.lower().rstrip(":").strip() for t in toc_titles}
        self.starts: list[dict] = []  # provisional sections: block index, number, heading, depth, parent
        self.stack: list[_Open] = []
        self.last_major: int | None = None
        self.since_reset = 0  # index into starts where the current run of whole numbers may begin
        # "1.0 Introduction" documents number their top level with a dot; only documents without
        # that style ("14 Duration") have whole-number headings, so table rows like "7 Care" stay rows.
        self.dotted_top = any(re.match(r"^\d{1,2}\.0\s", b.text) for b in blocks if b.kind == "para")
        self.top_level = min((b.level for b in blocks if b.kind == "heading"), default=1)

    def open_section(
        self,
        block_index: int,
        number: str | None,
        heading: str,
        depth: int,
        structural: bool,
        is_clause: bool = False,
        label: str = "",
    ) -> None:
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        parent = self.stack[-1].section_index if self.stack else None
        self.starts.append(
            {
                "block": block_index,
                "number": number,
                "heading": heading,
                "depth": depth,
                "parent": parent,
                "kind": "clause" if is_clause else "heading",
            }
        )
        self.stack.append(_Open(len(self.starts) - 1, depth, number, structural, is_clause, heading, label))

    def parent_for_number(self, key: tuple[int, ...]) -> _Open | None:
        for item in reversed(self.stack):
            if item.number and not _is_appendix(item.number) and not item.label:
                other = _number_key(item.number)
                if len(other) < len(key) and key[: len(other)] == other:
                    return item
        return None

    def read(self, i: int) -> None:
        block = self.blocks[i]
        previous = self.blocks[i - 1] if i else None
        following = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        if block.kind == "heading":
            self.open_section(i, None, block.text, block.level - self.top_level + 1, True)
            return
        if block.kind == "para" and (self.appendix(i) or self.numbered(i)):
            return
        if block.kind == "item" and self.lettered(i):
            return
        if self.whole_number(i, previous, following):
            return
        if _looks_like_plain_heading(block, previous, following, self.toc) or _looks_like_bullet_heading(
            block, previous, following
        ):
            self.plain(i)

    def appendix(self, i: int) -> bool:
        text = self.blocks[i].text
        m = _APPENDIX.match(text)
        if not m or len(text) > 120 or (_SENTENCE_END.search(text) and len(text) >= 40):
            return False
        label = " ".join(w.capitalize() if w.isalpha() else w for w in m.group("label").split())
        self.open_section(i, label, m.group("text").strip(" .:-–"), 1, True)
        self.last_major = None
        self.since_reset = len(self.starts)
        return True

    def numbered(self, i: int) -> bool:
        """ "2.1 Title" or "2.1 The Board will ...": a numbered heading or clause."""
        m = _NUMBERED.match(self.blocks[i].text)
        if not m:
            return False
        number = m.group("num")
        key = _number_key(number)
        last_major = self.last_major
        if last_major is not None and not last_major <= key[0] <= last_major + 3:
            return False
        parent = self.parent_for_number(key) if len(key) > 1 else None
        if len(key) > 1 and parent is None and last_major is not None and key[0] != last_major:
            return False  # a stray "2.5" in running text, not a section
        body = (m.group("text") or "").strip()
        is_heading = not body or _short_heading(body)
        heading = body if is_heading else _clause_label(body)
        # "3.2" after "3.1" and its "(a)", "(b)", under a "3. Membership" the finder did not take for a heading:
        # 3.1's sibling, at its depth.
        sibling = next(
            (
                o
                for o in reversed(self.stack)
                if o.number
                and not o.label
                and not _is_appendix(o.number)
                and len(_number_key(o.number)) == len(key)
                and _number_key(o.number)[:-1] == key[:-1]
            ),
            None,
        )
        if len(key) == 1:
            depth = 1
        elif parent is not None:
            depth = parent.depth + 1
        elif sibling is not None:
            depth = sibling.depth
        else:
            depth = (self.stack[-1].depth + 1) if self.stack else 1
        self.open_section(i, number, heading, depth, True, is_clause=not is_heading)
        self.last_major = key[0]
        return True

    def lettered(self, i: int) -> bool:
        """ "(a) notes ...", "b) ...", "(ii) ...": a sub-clause of the numbered clause it sits in."""
        found = _lettered_label(self.blocks[i].text)
        if not found or not self.stack:
            return False
        label, body = found
        top = self.stack[-1]
        is_roman = bool(_ROMAN.match(label))
        if top.label and not _ROMAN.match(top.label) and label == chr(ord(top.label) + 1):
            is_roman = False  # "(i)" after "(h)" is a letter
        # Sub-clauses of the clause read last: "(a)" under 3.2 starts again, whatever 3.1's letters were.
        owner = max((k for k, o in enumerate(self.stack) if not o.label), default=-1)
        siblings = [o for o in self.stack[owner + 1 :] if o.label and bool(_ROMAN.match(o.label)) == is_roman]
        if siblings:
            sibling = siblings[-1]
            if not self._follows(sibling.label, label, is_roman):
                return False
            assert sibling.number is not None
            base, depth = sibling.number[: -len(sibling.label) - 2], sibling.depth
            if not sibling.is_clause:  # "(b) Status" after the heading "(a) Background" is a heading too
                self.open_section(i, f"{base}({label})", body, depth, True, label=label)
                return True
        elif label in ("a", "i") and top.number and not _is_appendix(top.number):
            base, depth = top.number, top.depth + 1
        elif self._lettered_heading(i, body):
            # "(a) Background", "(c) Purpose": a paper lettering its headings, each over its own text
            self.open_section(i, f"({label})", body, 1, True, label=label)
            return True
        else:
            return False  # a list item in a plain section, or an "(e)" with no "(a)" before it
        self.open_section(i, f"{base}({label})", _clause_label(body), depth, True, is_clause=True, label=label)
        return True

    def _lettered_heading(self, i: int, body: str) -> bool:
        """A lettered line that is a heading: a few capitalised words alone, over a paragraph of prose, with no
        open clause it could belong to and no line ending in a colon before it."""
        previous = self.blocks[i - 1] if i else None
        following = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        if any(o.number and not o.label for o in self.stack):
            return False  # lettered lines under a numbered clause are its sub-clauses
        if previous is not None and previous.text.rstrip().endswith((":", ":-")):
            return False
        words = body.split()
        return (
            bool(words)
            and len(words) <= 5
            and words[0][:1].isupper()
            and _short_heading(body)
            and not body.endswith(":")
            and following is not None
            and (_is_prose(following) or following.text.rstrip().endswith(":"))
        )

    @staticmethod
    def _follows(before: str, label: str, is_roman: bool) -> bool:
        if is_roman:
            return True  # roman numerals are not worth counting; a roman after a roman is a sibling
        return len(before) == 1 and label == chr(ord(before) + 1)

    def whole_number(self, i: int, previous: Block | None, following: Block | None) -> bool:
        """ "14 Duration" or "1. PURPOSE OF THE REPORT": a top-level heading numbered with a whole number."""
        block = self.blocks[i]
        if self.dotted_top:
            return False
        m = None
        dotted = False
        if block.kind == "para" and (m := _WHOLE_NUMBER.match(block.text)):
            if not _short_heading(block.text) or len(m.group("text").split()) > 8:
                return False
        elif block.kind in ("para", "item") and (m := _DOTTED_WHOLE_NUMBER.match(block.text)):
            if not _is_numbered_title(m.group("text").strip(), previous, following):
                return False
            dotted = True
        else:
            return False
        major = int(m.group("num"))
        appendix = next((o for o in reversed(self.stack) if _is_appendix(o.number)), None)
        depth = appendix.depth + 1 if appendix else 1
        last_major = self.last_major
        in_sequence = (last_major is None and major <= 2) or (
            last_major is not None and last_major < major <= last_major + 3
        )
        if not in_sequence and dotted and last_major is None:
            # A page converted from HTML can lose the numbers of its first headings ("- Purpose",
            # "- Principles", "3. Role"): the count of those headings says where numbering resumes.
            unnumbered = [s for s in self.starts[self.since_reset :] if s["number"] is None and s["depth"] == depth]
            in_sequence = major == len(unnumbered) + 1
        if not in_sequence:
            return False
        self.open_section(i, m.group("num"), m.group("text").strip(), depth, True)
        self.last_major = major
        return True

    def plain(self, i: int) -> None:
        heading = self.blocks[i].text
        if heading.startswith("• "):
            heading = heading[2:]
        if heading.lower().rstrip(":") in self.toc:
            self.open_section(i, None, heading, 1, True)
            return
        anchor = next((o for o in reversed(self.stack) if o.structural and not o.is_clause), None)
        depth = (anchor.depth + 1) if anchor else 1
        top = self.stack[-1] if self.stack else None
        if heading.endswith(":") and top and not top.structural:
            depth = top.depth if top.heading.endswith(":") else top.depth + 1
        self.open_section(i, None, heading, depth, False)


def build_sections(
    document_id: str, title: str, blocks: list[Block], text_length: int, toc_titles: list[str]
) -> list[Section]:
    """Sections of a document, in reading order, each with its parent, path and spans."""
    builder = _OutlineBuilder(blocks, toc_titles)
    for i in range(len(blocks)):
        builder.read(i)
    return _finalise(document_id, title, blocks, text_length, builder.starts)


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
    ends = [b.end for b in blocks]  # once per document: per section it made a long document quadratic
    for idx, s in enumerate(starts):
        start = blocks[s["block"]].start
        body_end = blocks[starts[idx + 1]["block"]].start if idx + 1 < len(starts) else text_length
        end = text_length
        for later in starts[idx + 1 :]:
            if later["depth"] <= s["depth"]:
                end = blocks[later["block"]].start
                break
        body_end = _trim_end(ends, body_end)
        end = _trim_end(ends, end)
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


def _trim_end(ends: list[int], boundary: int) -> int:
    """Move a boundary back over the blank separator so spans end on text (`ends`: each block's end, in order)."""
    i = bisect.bisect_right(ends, boundary)
    return ends[i - 1] if i else 0
