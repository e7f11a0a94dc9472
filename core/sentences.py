"""Where sentences end in a paragraph: shared by ingest (passages are cut at sentence ends) and by answers
(candidate statements are sentences), so both read the same sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "St.", "vs.", "approx.", "Cllr.")
_SENTENCE_END = re.compile(r"(?<=[.!?])['’\"”)]*\s+(?=[A-Z0-9“‘\"'(£•])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentence_spans(text: str, offset: int) -> list[Span]:
    """Split a paragraph into sentence spans (absolute offsets), keeping abbreviations whole."""
    units: list[Span] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[begin : m.start()]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        units.append(Span(offset + begin, offset + m.start()))
        begin = m.end()
    if begin < len(text):
        units.append(Span(offset + begin, offset + len(text)))
    return [u for u in units if u.end > u.start]
