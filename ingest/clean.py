"""Turn raw extracted lines into clean, readable blocks with exact character spans.

Two styles arrive: hard-wrapped PDF extractions (sentences broken across lines, blank lines
between the pieces, stray page numbers) and Markdown-like text (one paragraph a line, `- `
bullets, `**bold**`, tab tables, HTML fragments, `[link](#)` stubs). Both end as a list of
blocks (paragraphs, list items, table rows) whose text is exactly the clean text at their span.
Nothing is dropped but page furniture (page numbers, running headers and footers found by
ingest/furniture.py, a table of contents), and what was dropped is returned so tests can check
that no content word was lost.
"""

from __future__ import annotations

import html
import re
import statistics
from dataclasses import dataclass, field

from core.records import Block
from ingest.furniture import find_furniture

BULLET_GLYPHS = "•●▪◦·‣∙\uf0b7\uf0a7\uf076\uf0d8"
_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}]|[-*–])\s+")
_ENUMERATED = re.compile(r"^(?:\(?[0-9]{1,2}[.)]|\(?[a-hj-z][.)]|\(?[ivx]{1,5}[.)])\s+\S")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?(?:\s|$)")
_MOU_HEADING = re.compile(r"^\d{1,2}\s+[A-Z]")
_BARE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
# What a text export keeps of a page's furniture: a rule ("-----"), a running footer ending in its page number
# ("BPPB Terms of Reference v2.0   Page 1 of 2"), a protective marking alone on its line ("OFFICIAL").
_RUNNING_LINE = re.compile(
    r"^(?:[-=_*~–—]{5,}|(?:[-=_*~–—]\s){4,}[-=_*~–—]?|.{0,120}\bpage\s+\d{1,3}\s+of\s+\d{1,3}"
    r"|(?:official(?:[- ]sensitive)?|not\s+protectively\s+marked|protect|restricted)\.?)$",
    re.IGNORECASE,
)
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?\S)\s*(?:\.{3,}|…+|\t+)\s*(?P<page>\d{1,3})$")
_TOC_HEADING = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_ESCAPE = re.compile(r"\\([()\[\]*_#.\-!])")
_HTML_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|table|tr|td|th)\b[^>]*>", re.I)
_HTML_INLINE_TAG = re.compile(r"</?(?:span|b|i|strong|em|u|a)\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_STRAY_STAR = re.compile(r"(?<!^)\*+")
_TERMINAL = re.compile(r"[.!?:;]['’\"”)]*$")
_CONNECTING_END = re.compile(
    r"(?:[,&–/(-]|\b(?:and|or|nor|the|of|to|for|with|in|by|a|an|on|at|from|as|that|which|who|our|"
    r"their|its|is|are|be|was|were|will|would|should|can|may|must|have|has|into|between|through|"
    r"under|within|across|this|these|those|than|not|both|each|all|any|including|such|via|per|"
    r"e\.g\.|i\.e\.|etc\.)\b)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RawLine:
    text: str
    page: int | None = None


@dataclass
class CleanResult:
    blocks: list[Block]
    text: str
    removed: list[str] = field(default_factory=list)  # furniture lines that were dropped
    toc_titles: list[str] = field(default_factory=list)


def strip_markup(line: str) -> str:
    """Remove Markdown emphasis, link stubs, escapes and stray HTML tags, keeping every word."""
    # Block tags separate words; inline tags sit inside them ("<strong>quarterly</strong>.").
    line = _HTML_BLOCK_TAG.sub(" ", line)
    line = _HTML_INLINE_TAG.sub("", line)
    line = _MD_HEADING.sub("", line)
    line = html.unescape(line)
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    line = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), line)
    line = _MD_ESCAPE.sub(r"\1", line)
    bullet = re.match(r"^\s*\*\s+", line)
    body = line[bullet.end() :] if bullet else line
    body = _STRAY_STAR.sub("", body) if not body.startswith("*") else body.replace("*", "")
    return ("- " + body) if bullet else body


def _markdown_level(line: str) -> int:
    m = _MD_HEADING.match(line)
    return len(m.group(0).strip()) if m else 0


def _normalise(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return line.rstrip()


def _is_item(text: str) -> bool:
    return bool(_BULLET.match(text) or _ENUMERATED.match(text))


def _starts_block(text: str) -> bool:
    """True when a line must begin a new block whatever precedes it."""
    return bool(
        _is_item(text)
        or _SECTION_NUMBER.match(text)
        or "\t" in text
        or re.match(r"^appendix\s+\w+\b", text, re.IGNORECASE)
        or re.match(r"^[A-Z][A-Z &/]{2,}:(?:\s|$)", text)  # "REPORT TO:" front-matter labels
        or re.match(r"^\d{1,2}\s+[A-Z][^.]{0,60}$", text)  # "14 Duration"
    )


def _tidy_item(text: str) -> str:
    bullet = _BULLET.match(text)
    if not bullet:
        return text
    rest = text[bullet.end() :].strip()
    if _SECTION_NUMBER.match(rest):
        # "- 7.4 We agree ..." is a numbered clause written as a bullet, not a list item.
        return rest
    return "• " + rest


# "Member | Organisation | Role", "| Body | Reports to |": a table typed with bars, as text exports and
# markdown write one. A line of rules ("|---|---|") between the header and the rows says nothing.
_BAR_ROW = re.compile(r"^\|?\s*[^|\s][^|]*(?:\|[^|]*)+$")
_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _table_row(text: str) -> str:
    separator = "\t" if "\t" in text else "|"
    cells = [re.sub(r"\s+", " ", c).strip() for c in text.split(separator)]
    if separator == "|" and all(_RULE_CELL.match(c) or not c for c in cells):
        return ""
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return " | ".join(c if c else "–" for c in cells) if len(cells) > 1 else (cells[0] if cells else "")


# A gap of two or more spaces between cells; two after a full stop may be a typist's sentence spacing.
_CELL_GAP = re.compile(r"(?<=\S)(?: {3,}|(?<![.!?]) {2})(?=\S)")


def _space_aligned(texts: list[str]) -> set[int]:
    """Indexes of lines that are rows of a table laid out with spaces: a gap between cells that ends at the
    same column as a gap of the line above or below ("Julia Fenwick      Non-Executive Member (Chair)" over
    "Cllr Ann Hale      Leader, Northby Council"). Prose does not line its word gaps up. A label and its
    value ("Report to:      Cabinet") is a front-sheet field, not a row."""
    columns = [{m.end() for m in _cell_gaps(t)} if "\t" not in t else set() for t in texts]
    aligned: set[int] = set()
    for i, cols in enumerate(columns):
        if not cols:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(texts) and cols & columns[j]:
                aligned.add(i)
                break
    return {i for i in aligned if not _is_field_line(texts[i])}


# "1.1  The Board ...", "(a)   members ...": a clause number and its text are not two cells.
_MARKER_ONLY = re.compile(r"^\s*(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]?|[•\-–*])$", re.I)


def _cell_gaps(text: str) -> list[re.Match[str]]:
    return [m for m in _CELL_GAP.finditer(text) if not _MARKER_ONLY.match(text[: m.start()])]


def _as_cells(text: str) -> str:
    """A space-aligned row with its cell gaps written as tabs."""
    for m in reversed(_cell_gaps(text)):
        text = text[: m.start()] + "\t" + text[m.end() :]
    return text


def _is_field_line(text: str) -> bool:
    gaps = _cell_gaps(text)
    return len(gaps) == 1 and text[: gaps[0].start()].rstrip().endswith(":")


def _find_toc(lines: list[str]) -> set[int]:
    """Indexes of the lines forming a table of contents (a run of 'title .... page' lines)."""
    toc: set[int] = set()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            toc.update(run)
            first = run[0]
            for back in range(first - 1, max(-1, first - 4), -1):
                if _TOC_HEADING.match(lines[back].strip()):
                    toc.add(back)
                    break
                if lines[back].strip():
                    break
        run.clear()

    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            continue
        if _TOC_ENTRY.match(stripped) and stripped.count("\t") <= 1:
            run.append(i)
        else:
            flush()
    flush()
    return toc


def _should_join(
    prev: str, prev_raw_len: int, nxt: str, nxt_indented: bool, gap: int, long_line: int, hard_wrapped: bool
) -> bool:
    """Whether raw line `nxt` continues the logical line `prev` (whose last raw piece had prev_raw_len chars)."""
    if _starts_block(nxt) or "\t" in prev or (_BAR_ROW.match(prev) and _BAR_ROW.match(nxt)):
        return False  # a table's rows stand apart, whether tabs or bars divide their cells
    if prev.endswith(":-"):
        return False
    if _BARE_NUMBER.match(prev):
        return True  # "6.2" alone on a line owns the paragraph that follows
    if prev.endswith("-") and not prev.endswith(" -"):
        return True
    first = nxt[0]
    prev_terminal = bool(_TERMINAL.search(prev))
    if first.islower():
        return True
    is_numbered = _SECTION_NUMBER.match(prev) or _MOU_HEADING.match(prev)
    if is_numbered and hard_wrapped:
        # A numbered line continues only with a short tail ("... National" / "Condition") or a
        # wrapped date ("on 14th December" / "2017, endorsed"); its next capitalised line is body.
        return (
            not prev_terminal
            and gap <= 1
            and (
                bool(_CONNECTING_END.search(prev)) or first.isdigit() or (len(nxt) <= 30 and not _TERMINAL.search(nxt))
            )
        )
    if first in "(&":
        return not prev.endswith((".", "!", "?"))
    if hard_wrapped and nxt_indented:
        # PDF extraction drops bullet glyphs but keeps the space after them: " Independent Chair".
        return False
    if prev_terminal:
        return False
    if _CONNECTING_END.search(prev):
        return True
    if first.isdigit():
        return gap <= 1
    return hard_wrapped and gap <= 1 and prev_raw_len >= long_line


def clean_lines(raw_lines: list[RawLine]) -> CleanResult:
    """Clean raw lines (with their page numbers) into blocks and the document's clean text."""
    md_levels = [_markdown_level(r.text) for r in raw_lines]
    texts = [strip_markup(_normalise(r.text)) for r in raw_lines]
    for i in _space_aligned(texts):
        texts[i] = _as_cells(texts[i])
    removed: list[str] = []
    furniture = find_furniture(raw_lines)
    toc_idx = _find_toc(texts)
    toc_titles = []
    for i in sorted(toc_idx):
        m = _TOC_ENTRY.match(texts[i].strip())
        if m:
            toc_titles.append(re.sub(r"^\d{1,2}(?:\.\d+)*\s+", "", m.group("title")).strip())
        removed.append(texts[i].strip())

    nonempty = [len(t.strip()) for t in texts if t.strip()]
    p90 = statistics.quantiles(nonempty, n=10)[-1] if len(nonempty) >= 10 else 80.0
    hard_wrapped = p90 <= 110
    long_line = int(0.6 * p90)

    # Group raw lines into logical lines: (text, page, is_row)
    logical: list[list] = []
    gap = 2
    for i, (raw, text) in enumerate(zip(raw_lines, texts, strict=True)):
        if i in toc_idx:
            gap += 1
            continue
        stripped = text.strip()
        if i in furniture:
            # A running header or footer sits between the halves of a sentence, not between paragraphs.
            removed.append(stripped)
            continue
        if not stripped:
            gap += 1
            continue
        if _PAGE_NUMBER.match(stripped) or _RUNNING_LINE.match(stripped):
            removed.append(stripped)
            gap += 1
            continue
        stripped = re.sub(r"[ ]{2,}", " ", stripped) if "\t" not in stripped else stripped
        indented = text[:1].isspace() and not text[1:2].isspace()
        level = md_levels[i]
        if (
            logical
            and not level
            and not logical[-1][3]
            and _should_join(logical[-1][0], logical[-1][2], stripped, indented, gap, long_line, hard_wrapped)
        ):
            prev = logical[-1][0]
            sep = "" if (prev.endswith("-") and not prev.endswith(" -")) else " "
            logical[-1][0] = prev + sep + stripped
            logical[-1][2] = len(stripped)
        else:
            logical.append([stripped, raw.page, len(stripped), level])
        gap = 0

    blocks: list[Block] = []
    parts: list[str] = []
    offset = 0
    prev_kind = ""
    for text, page, _, level in logical:
        if level:
            kind, body = "heading", text
        elif "\t" in text or _BAR_ROW.match(text):
            kind, body = "row", _table_row(text)
        elif _is_item(text):
            kind, body = "item", _tidy_item(text)
        else:
            kind, body = "para", text
        body = re.sub(r"[ ]{2,}", " ", body).strip()
        if not body:
            continue
        if kind == "item" and not _is_item(body):
            kind = "para"
        if parts:
            sep = "\n" if (kind == prev_kind and kind in ("item", "row")) else "\n\n"
            parts.append(sep)
            offset += len(sep)
        blocks.append(Block(kind=kind, text=body, page=page, start=offset, end=offset + len(body), level=level))
        parts.append(body)
        offset += len(body)
        prev_kind = kind
    return CleanResult(blocks=blocks, text="".join(parts), removed=removed, toc_titles=toc_titles)


def clean_text(raw: str, page: int | None = None) -> CleanResult:
    """Convenience for a single text with no page structure."""
    return clean_lines([RawLine(line, page) for line in raw.splitlines()])
