"""Dates as English governance papers write them, read into ISO strings (YYYY-MM-DD, YYYY-MM, YYYY)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PATTERNS = (
    # 15th June, 2023 | 10 DECEMBER 2013 | 1st of April 2017
    # "7th April 2016", "1st day of April 2015" (a deed's "DATED the 1st day of ...").
    re.compile(rf"(?<![\w/.]){_DAY}\s*(?:day\s+)?(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I),
    # June 15, 2023
    re.compile(rf"(?<![\w/]){_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    # 25/05/2022 (UK day first) | 25.05.2022
    re.compile(rf"(?<![\d/.]){_DAY}[/.](?P<mm>[01]?\d)[/.]{_YEAR}"),
    # 2025-01-16
    re.compile(rf"(?<!\d){_YEAR}-(?P<mm>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    # March 2021 (full month names only: "Mar 2021" is too often something else)
    re.compile(rf"(?<![\w/])(?P<month>{'|'.join(_MONTH_NAMES)}),?\s+{_YEAR}", re.I),
)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?", re.I)
_TIME = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[.:]\d{2}\b", re.I)
_FILLER = re.compile(r"\b(?:at|on|held|from|to|and|the|of|commencing|starting|time|date|dated|meeting)\b", re.I)


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int
    end: int

    @property
    def is_full(self) -> bool:
        return len(self.iso) == 10


def _month_number(name: str) -> int:
    return next(i for i, full in enumerate(_MONTH_NAMES, start=1) if full.startswith(name[:3].lower()))


def _iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["year"])
    month = int(groups["mm"]) if groups.get("mm") else _month_number(groups["month"])
    if not groups.get("day"):
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return date(year, month, int(groups["day"])).isoformat()
    except ValueError:  # "31/02/2020", or "13/25/2020" written month first: not a date we can trust
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in the text, in order; a full date wins over the month and year inside it."""
    found: list[DateMatch] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            iso = _iso(m)
            if iso and not any(d.start < m.end() and m.start() < d.end for d in found):
                found.append(DateMatch(iso, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def is_date_only(text: str) -> bool:
    """True for a line that says nothing but when: "Thursday, 28th November, 2019 1.00 pm"."""
    dates = find_dates(text)
    if not dates:
        return False
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = _FILLER.sub(" ", _TIME.sub(" ", _WEEKDAY.sub(" ", rest)))
    return len(re.sub(r"[^A-Za-z]", "", rest)) < 2


def strip_weekday_and_time(text: str) -> str:
    return re.sub(r"\s+", " ", _TIME.sub(" ", _WEEKDAY.sub(" ", text))).strip(" ,-–—:")


def year_in(text: str) -> str:
    """A bare year ("2019") in a short labelled value, or ""."""
    m = re.search(rf"(?<!\d){_YEAR}", text)
    return m.group("year") if m else ""


def stem_date(stem: str) -> str:
    """The date a file name carries anywhere in it: "...-minutes-2025-01-16" -> "2025-01-16",
    "...-handbook-2023" -> "2023", "2020-07-note" -> "2020-07"; "" when none."""
    tokens = re.split(r"[-_ .]+", stem)
    for i, token in enumerate(tokens):
        if re.fullmatch(r"(?:19|20)\d{6}", token):  # 20250116
            try:
                return date(int(token[:4]), int(token[4:6]), int(token[6:])).isoformat()
            except ValueError:
                continue
        if not re.fullmatch(r"(?:19|20)\d{2}", token):
            continue
        month = tokens[i + 1] if i + 1 < len(tokens) else ""
        day = tokens[i + 2] if i + 2 < len(tokens) else ""
        if re.fullmatch(r"0[1-9]|1[0-2]", month):
            if re.fullmatch(r"[0-3]\d", day):
                try:
                    return date(int(token), int(month), int(day)).isoformat()
                except ValueError:
                    pass
            return f"{token}-{month}"
        return token
    return ""


def human_date(iso: str) -> str:
    """ "2023-06-15" -> "15 June 2023"; partial dates are returned as they are."""
    if len(iso) != 10:
        return iso
    d = date.fromisoformat(iso)
    return f"{d.day} {_MONTH_NAMES[d.month - 1].title()} {d.year}"


def agrees(a: str, b: str) -> bool:
    """Two dates agree when one is the other or a more precise form of it ("2017" and "2017-01-24")."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))
