"""A document's own title from its opening lines: past the page furniture, labels and meeting headers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.aliases import name_key
from core.dates import find_dates, human_date, is_date_only
from ingest.layout import Layout

if TYPE_CHECKING:
    from ingest.front_sheet import Header

TITLE_LIMIT = 110
_SCAN_SEGMENTS = 20
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with")
)
_LIST_MARKER = re.compile(r"^(?:[-•·*–]|\(\w{1,4}\)|[a-z]\)|\d+\))\s*")
_ITEM_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|\d+/\d+|[A-Z]\.\d+)\s+(?=\S)")
_ATTACHMENT = re.compile(r"\s*(?:pdf icon\s*)?\bPDF\s+\d+\s*[KM]B\b\s*$", re.I)
STATUS_WORDS = re.compile(r"^(?:(?:draft|final|version\s*[\d.]+|v\s?[\d.]+|issued|updated|revised|approved)\s+)*", re.I)
_PROSE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|shall|would|should|must|may|can|provides?|sets out|seeks?|"
    r"invited|agreed|noted|received|asked|welcomed)\b",
    re.I,
)
_STRONG_BREAK = re.compile(r"\.\s|;\s|\s\(|\s[-–—]\s(?=[A-Z])")
_WEAK_BREAK = re.compile(r",\s|\s[-–—]\s|\s(?=(?:and|to|which|that|with|for)\s)")
_DANGLING = re.compile(r"\s+(?:and|or|to|of|the|a|an|for|in|on|with|which|that|by|&|[-–—,:;])$", re.I)


def _readable_word(word: str, first: bool, layout: Layout) -> str:
    core = re.sub(r"[^A-Za-z]", "", word)
    if not core or core in layout.acronyms or core.upper() in {a.upper() for a in layout.acronyms}:
        return word
    if re.fullmatch(r"\([A-Z&]{2,8}\)", word):
        return word  # "(WICE)": the short form the title defines
    if core.lower() in _SMALL_WORDS and not first:
        return word.lower()
    if len(core) <= 3 and not re.search(r"[AEIOUY]", core, re.I):
        return word.upper()  # "HWB", "CCG": an abbreviation, not a word
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def readable_case(text: str, layout: Layout) -> str:
    """Collapse runs of three or more ALL-CAPS words ("PARTNERSHIP LANDSCAPE IN RIVERSIDE") to title
    case, keeping known abbreviations (NHS, ICB) in capitals; mixed-case text is left as it is."""
    words = text.split(" ")

    def neutral(w: str) -> bool:
        # "&", a dash, a number or a year ("FROM 1 JULY 2022 AND SECTION 75") neither starts nor breaks a run
        return w in {"&", "-", "–"} or bool(re.fullmatch(r"[\d/.,:–-]+", w))

    def is_caps(w: str) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", w)
        return (len(letters) >= 2 and letters.isupper()) or neutral(w)

    out = list(words)
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and is_caps(words[j]):
            j += 1
        if sum(1 for w in words[i:j] if not neutral(w)) >= 3 or (j - i >= 2 and j - i == len(words)):
            for k in range(i, j):
                out[k] = _readable_word(words[k], k == 0, layout)
            i = j
        else:
            i = max(j, i + 1)
    return " ".join(out)


def cut_title(text: str, limit: int = TITLE_LIMIT, at_dates: bool = True) -> str:
    """A title no longer than `limit`: cut at a sentence or field boundary (or, in a heading run on
    into its text, where a date begins), else at a clause boundary, else between words; never mid-word."""
    if len(text) <= limit:
        return text
    strong = [m.start() for m in _STRONG_BREAK.finditer(text) if 15 <= m.start() <= limit]
    if at_dates:
        strong += [d.start for d in find_dates(text) if 15 <= d.start <= limit]
    if strong:
        cut = text[: min(strong)]
    else:
        weak = [m.start() for m in _WEAK_BREAK.finditer(text) if 30 <= m.start() <= limit]
        cut = text[: max(weak)] if weak else text[:limit].rsplit(" ", 1)[0]
    cut = cut.rstrip()
    while _DANGLING.search(cut):
        cut = _DANGLING.sub("", cut)
    return cut.strip(" ,;:-–")


def _strip_leading_date(text: str) -> str:
    """ "Draft 9th January 2017 NORTHBY HEALTH ..." -> "NORTHBY HEALTH ..."."""
    status = STATUS_WORDS.match(text)
    offset = status.end() if status else 0
    dates = find_dates(text)
    if dates and dates[0].start == offset and len(text) > dates[0].end + 3:
        return text[dates[0].end :].lstrip(" ,-–:")
    return text


def tidy_name(text: str, layout: Layout, at_dates: bool = True) -> str:
    """A title or body name as shown: no item number, attachment note, quotes or trailing punctuation."""
    text = _ATTACHMENT.sub("", text.strip())
    text = _ITEM_NUMBER.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" \"'“”‘’,;:-–—")
    text = re.sub(r"(?<=[a-z]{3})\.$", "", text)  # a sentence taken as a title keeps no full stop
    text = re.sub(r"^the\s+(?=[A-Z])", "", text)
    # "Section 3F: Constitution of the Joint Committee": the paper's place in a larger whole, then its own title
    text = re.sub(r"^(?:section|part|chapter)\s+\d{1,2}[A-Z]?\s*[:–-]\s+(?=\S{3})", "", text, flags=re.I)
    return readable_case(cut_title(text, at_dates=at_dates), layout)


def _is_heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 16 or len(re.sub(r"[^A-Za-z]", "", text)) < 4:
        return False
    if text.endswith((":", ".", ",", ";")) or _LIST_MARKER.match(text) or not (text[0].isupper() or text[0].isdigit()):
        return False
    return not (_PROSE_VERB.search(text) and len(words) > 5)


def _is_prose(text: str) -> bool:
    return len(text.split()) > 16 or (bool(_PROSE_VERB.search(text)) and len(text.split()) > 5)


def _is_field(seg: str, layout: Layout) -> bool:
    """A labelled front-sheet field ("Report of: ...", "Cabinet Member: Councillor ..."), never a title."""
    return bool(
        layout.title_field.match(seg)
        or layout.date_field.match(seg)
        or layout.body_field.match(seg)
        or (layout.field_label_start.match(seg) and not layout.title_field.match(seg))
        # a label the layout does not list, written as labels are ("Lead officers:", "Report status:"), not as a
        # title's words are ("Better Care Fund: Year-End Report")
        or bool((m := _GENERIC_LABEL.match(seg)) and not _names_a_kind(m.group("label"), layout))  # "Case study:"
        or bool(_REFERENCE_FIELD.match(seg))
    )


# "Ref: WRN/MOU/2021/01", "Version: 2.1": a one-word label over a code or a number
_REFERENCE_FIELD = re.compile(r"^[A-Z][a-z]{1,11}\.?\s*:\s+\S*[\d/]\S*(?:\s+\S+){0,3}$")


def _names_a_kind(label: str, layout: Layout) -> bool:
    """'Case study', 'Annual report': the label is a kind of document, so the line is a title; 'Report status'
    only mentions one."""
    return any(kind == label.lower() or label.lower().endswith(" " + kind) for kind, _ in layout.kinds_from_words)


_GENERIC_LABEL = re.compile(r"^(?P<label>[A-Z][a-z]+(?:\s+(?:[a-z]+|\([a-z]+\))){1,3})\s*:\s+\S")


def _has_kind_word(text: str, layout: Layout) -> bool:
    return any(pattern.search(text) for _, pattern in layout.kinds_from_words)


def pick_title(header: Header, labelled: str, meeting_index: int, layout: Layout) -> str:
    """The document's own title, or "" when its text has none (it opens straight into a section).

    Order: a labelled title ("SUBJECT:", "Title:"); the name of the agenda item; the first heading-like
    line that is not furniture, a meeting header, a date, a field or an organisation's name alone.
    """
    if labelled:
        return tidy_name(labelled, layout)
    segments = header.segments
    if header.is_flattened and segments:
        lead = cut_title(_strip_leading_date(segments[0]))
        if _is_heading_like(lead) and not layout.furniture.fullmatch(lead):
            return tidy_name(lead, layout)
    after_agenda_item = seen_content = False
    organisation = ""
    organisation_line = -1
    # "Northby Health and Wellbeing Board" atop a paper whose "Report to:" names that board: the meeting's banner.
    reported_to = {
        name_key(m.group("value")) for seg in segments[:_SCAN_SEGMENTS] if (m := layout.body_field.match(seg))
    }
    for i, seg in enumerate(segments[:_SCAN_SEGMENTS]):
        if layout.furniture.fullmatch(seg):
            after_agenda_item = bool(re.fullmatch(r"agenda item", seg, re.I))
            continue
        if i == meeting_index or is_date_only(seg) or _is_field(seg, layout) or re.match(r"^(?:REPORT\s+)?TO\s", seg):
            continue
        text = tidy_name(_strip_leading_date(seg), layout)
        if not text:
            continue
        if after_agenda_item:
            return text  # the item's own name, whatever its form
        if name_key(text) in reported_to:
            continue
        if not seen_content:
            seen_content = True
            if layout.section_heading.fullmatch(_LIST_MARKER.sub("", seg)):
                return ""  # the text opens with "Introduction": it carries no title of its own
        if layout.section_heading.fullmatch(text):
            continue
        if not _is_heading_like(text) or re.search(r"[a-z]{2}\.$", seg):  # a sentence, not a heading
            if _is_prose(text):
                break
            continue
        if len(text.split()) <= 8 and layout.organisation_ending.search(text):
            organisation = organisation or text  # "RIVERSIDE COUNCIL" heads the page; a title follows
            organisation_line = i
            continue
        if organisation and organisation_line == i - 1 and len(text.split()) <= 2:
            return f"{organisation} {text}"  # "Northbridge Integrated Care Board" over "Constitution"
        following = segments[i + 1] if i + 1 < len(segments) else ""
        if _PART_OF_WHOLE.match(following):
            continue  # "NORTHBY COUNCIL CONSTITUTION" over "PART 3 - SECTION 6": the running head of a larger whole
        titled = _with_kind_line(text, segments, i, layout)
        if titled == text and not _has_kind_word(text, layout) and i + 2 < len(segments):
            # "Northby Health and Care Partnership" over "NEIGHBOURHOOD DELIVERY GROUP" over "TERMS OF REFERENCE":
            # the partnership heads the page; the paper is the group's terms of reference.
            nxt = tidy_name(following, layout)
            joined = _with_kind_line(nxt, segments, i + 1, layout) if nxt and _is_heading_like(nxt) else ""
            # ("Northby Health and Care" over the group's name: a banner, where the next line names the body; a
            # brand of two or three words over a plan's own name: "Wendlow Together" over "LIVING WELL IN WENDLOW"
            # over "Our Place Plan 2025-2030")
            if (
                joined
                and joined != nxt
                and (layout.body_ending.search(text) or layout.body_ending.search(nxt) or len(text.split()) <= 3)
            ):
                return joined
        return titled
    return organisation


_PART_OF_WHOLE = re.compile(r"^part\s+(?:\d+[a-z]?|[ivx]+|one|two|three|four|five|six)\b", re.I)


_TITLE_RUN_ON = re.compile(r"^(?:for|of|between|on|relating\s+to|in\s+respect\s+of)\s+(?:the\s+)?\S", re.I)


def _with_kind_line(text: str, segments: tuple[str, ...], i: int, layout: Layout) -> str:
    """Join a name line and the line naming what the document is, in either order: "Weston Together" over
    "Place Based Plan 2019 - 2024", or "Terms of Reference" over "Health and Wellbeing Board"."""
    nxt = segments[i + 1] if i + 1 < len(segments) else ""
    if (
        nxt
        and _has_kind_word(text, layout)
        and _TITLE_RUN_ON.match(nxt)
        and len(nxt.split()) <= 14
        and not re.search(r"[.;]$", nxt)
    ):
        # "MEMORANDUM OF UNDERSTANDING" over "for the establishment of the Wrenmoor Partnership Board": one title
        return f"{text} {tidy_name(nxt, layout)}"
    if not nxt or layout.furniture.fullmatch(nxt) or not _is_heading_like(nxt) or layout.section_heading.fullmatch(nxt):
        return text
    nxt = tidy_name(nxt, layout)
    if _has_kind_word(text, layout):
        if len(text.split()) <= 4 and not _has_kind_word(nxt, layout) and layout.body_ending.search(nxt):
            return f"{nxt} {text}"  # a bare "Terms of Reference", then whose
        return text
    if not _has_kind_word(nxt, layout):
        return text
    joined = f"{text} {nxt}" if len(nxt.split()) <= 6 else f"{text}: {nxt}"
    if len(joined) <= TITLE_LIMIT + 10:
        return joined
    # "Northby Council and NHS Weston ICB" over "Section 75 Partnership Agreement: Summary of Key Terms": the
    # parties head the page; the line naming the document is its title.
    return nxt if layout.organisation_ending.search(text) else text


_GENERIC_STEM_WORDS = frozenset(
    ("document", "doc", "docs", "file", "scan", "untitled", "copy", "download", "final", "draft", "new", "text", "page")
)


def file_name_title(stem: str, layout: Layout) -> str:
    """A title from a descriptive file name ("2017-weston-better-care-fund-plan-2017-2019" ->
    "Weston Better Care Fund Plan 2017-2019"); "" when the name says nothing ("scan0001")."""
    name = re.sub(r"(?<!\d)(?:19|20)\d{2}[-_](?:0[1-9]|1[0-2])(?:[-_][0-3]\d)?(?!\d)", " ", stem)
    name = re.sub(r"^[\s_-]*(?:19|20)\d{2}(?!\d)", " ", name)
    tokens = [t for t in re.split(r"[-_\s]+", name) if t]
    words = [t for t in tokens if re.fullmatch(r"[A-Za-z]{3,}", t) and t.lower() not in _GENERIC_STEM_WORDS]
    if len(words) < 2:
        return ""
    out: list[str] = []
    for token in tokens:
        if out and re.fullmatch(r"(?:19|20)\d{2}", token) and re.fullmatch(r"(?:19|20)\d{2}", out[-1][-4:]):
            out[-1] = f"{out[-1]}-{token}"
            continue
        out.append(_readable_word(token.upper() if token.isalpha() else token, not out, layout))
    return " ".join(out)


def meeting_title(body: str, kind: str, date: str) -> str:
    """ "Health and Well Being Board minutes, 15 June 2023"."""
    return f"{body} {kind}, {human_date(date)}" if date else f"{body} {kind}"
