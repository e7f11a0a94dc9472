"""The layout knowledge of English governance papers (core/data/document_layout.json), compiled once."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "core" / "data" / "document_layout.json"


def _any_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _words(words: list[str]) -> str:
    """An alternation that tries longer phrases first, so "date of meeting" beats "date"."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Layout:
    furniture: re.Pattern[str]  # fullmatch: a line that is page furniture
    section_heading: re.Pattern[str]  # fullmatch: a generic section heading ("Introduction")
    organisation_ending: re.Pattern[str]  # search: a line naming an organisation alone
    body_ending: re.Pattern[str]  # search: a name that ends like a board or committee
    title_field: re.Pattern[str]  # match: "SUBJECT: value"
    date_field: re.Pattern[str]  # match: "Date of Meeting: value" / "Effective date 1 April"
    date_label_rank: dict[str, int]  # normalised label -> its group (0 = the most telling)
    body_field: re.Pattern[str]  # match: "REPORT TO: value"
    field_label_start: re.Pattern[str]  # finditer: where a labelled field begins inside a line
    other_meeting: re.Pattern[str]  # search: a line about another meeting ("next meeting")
    legislation_before: re.Pattern[str]  # search on the text before a year: "... Act"
    glued_section_label: re.Pattern[str]  # sub: "RIVERSIDEPURPOSE OF THE REPORT" lost its line break
    acronyms: frozenset[str]
    kinds_from_layout: tuple[tuple[str, re.Pattern[str]], ...]
    kinds_from_words: tuple[tuple[str, re.Pattern[str]], ...]


@functools.lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_PATH) -> Layout:
    """Read and compile the layout table (the packaged one by default)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    ending = r"\b(?:{})\W*$"
    # Inside a line only multi-word or unmistakable labels start a field: "Title: Health & Wellbeing
    # Board: New Terms of Reference" is one field, though "Board:" alone can be a label.
    body_labels = [label for label in raw["body_labels"] if " " in label or "-" in label]
    date_labels = [label for group in raw["date_labels"] for label in group]
    labels = raw["title_labels"] + date_labels + body_labels + raw["other_field_labels"]
    return Layout(
        furniture=_any_line(raw["furniture"]),
        section_heading=_any_line(raw["section_headings"]),
        organisation_ending=re.compile(ending.format(_words(raw["organisation_endings"])), re.I),
        body_ending=re.compile(ending.format(_words(raw["body_endings"])), re.I),
        title_field=re.compile(rf"^(?:{_words(raw['title_labels'])})\s*:\s*(?P<value>.*)$", re.I),
        # A date label needs a colon, or a date straight after it ("Effective date 1st April 2023").
        date_field=re.compile(
            rf"^(?P<label>{_words(date_labels)})\s*(?::\s*|(?=\d|[A-Z][a-z]+day))(?P<value>.*)$", re.I
        ),
        date_label_rank={label: rank for rank, group in enumerate(raw["date_labels"]) for label in group},
        body_field=re.compile(rf"^(?:{_words(raw['body_labels'])})\s*:\s*(?P<value>.*)$", re.I),
        field_label_start=re.compile(rf"(?<!\w)(?=(?P<label>{_words(labels)})\s*:\s)", re.I),
        other_meeting=re.compile(rf"\b(?:{_words(raw['other_meeting_words'])})\b", re.I),
        legislation_before=re.compile(rf"\b(?:{_words(raw['legislation_words'])})\W{{0,3}}$", re.I),
        # Case-sensitive: only a capitalised label run onto a capitalised word is a lost line break.
        glued_section_label=re.compile(rf"(?<=[A-Z])(?=(?:{_words(raw['glued_section_labels'])})\b)"),
        acronyms=frozenset(raw["acronyms"]),
        kinds_from_layout=tuple((kind, re.compile(p, re.I)) for kind, p in raw["kinds_from_layout"]),
        kinds_from_words=tuple((kind, re.compile(p, re.I)) for kind, p in raw["kinds_from_words"]),
    )
