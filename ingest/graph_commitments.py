"""Commitments, principles, values and key tasks of memoranda and terms of reference.

A statement is taken when its section's heading says what it is ("Our Commitment", "Values and
Behaviours", "Principles", "Key Tasks"), or when it is a numbered statement that commits
("1. We agree that ...", "9.2 All partners commit to ..."). An intro line ending in a colon that
speaks of principles ("The key principles of our governance arrangements will be:") makes the
entries under it principles. The body that made a statement is the topic of its passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.records import Block, Commitment, Section, stable_id
from ingest.graph_context import ACTOR_TYPES, DocumentContext, clause_prefix_length

_KIND_HEADINGS = (
    (re.compile(r"\bkey\s+tasks?\b|\btasks\b", re.I), "key_task"),
    (re.compile(r"\bcommitments?\b", re.I), "commitment"),
    (re.compile(r"\bvalues?\b", re.I), "value"),
    (re.compile(r"\bprinciples?\b", re.I), "principle"),
)
_COMMITTING = re.compile(
    r"^(?:we|the\s+partners|all\s+partners|partners|each\s+partner|the\s+commissioners|the\s+signatories)\s+"
    r"(?:will|agree|commit|acknowledge|shall|are\s+committed|undertake)\b",
    re.I,
)
_NUMBER = re.compile(r"^(?:[•\-–*]\s+)?\(?(\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]?\s+")


@dataclass
class CommitmentReader:
    """Reads a document's blocks in order, remembering the numbered statement sub-items belong to."""

    ctx: DocumentContext
    parent_number: str | None = None
    principle_intro_until: int = -1  # sub-entries after a "principles ... :" intro, up to the next numbered entry
    _by_id: dict[str, Section] = field(default_factory=dict)

    def read(self, block: Block, index: int, section: Section | None) -> Commitment | None:
        text = block.text
        number = self._number(block, section)
        if number and not number.isalpha() and not _is_roman(number):
            self.parent_number = number
            if self.principle_intro_until >= 0 and block.kind == "item" and "." not in number:
                self.principle_intro_until = -1
        starts_section = section is not None and section.start == block.start
        if starts_section:
            self.principle_intro_until = -1  # an intro's entries end with its section
        kind = self._kind(block, section)
        if text.rstrip().endswith((":", ":-")) and len(text.split()) < 40:
            if re.search(r"\bprinciples?\b", text, re.I):
                self.principle_intro_until = index
            return None
        if self.principle_intro_until >= 0 and block.kind == "item" and (number is None or number.isalpha()):
            kind = "principle"
        elif kind is None:
            skip = clause_prefix_length(text)
            numbered = number is not None or (section is not None and section.kind == "clause")
            if numbered and _COMMITTING.match(text[skip:]):
                kind = "commitment"
        is_heading = starts_section and section is not None and section.kind == "heading"
        if kind is None or len(text.split()) < 4 or is_heading:
            return None
        clause = self._clause(number)
        skip = clause_prefix_length(text)
        evidence = self.ctx.evidence(block.start + skip, block.end)
        body = self.ctx.topic if self.ctx.topic and self.ctx.topic.type in ACTOR_TYPES else self.ctx.subject
        return Commitment(
            id=stable_id(self.ctx.meta.id, "commitment", evidence.start, evidence.end),
            document_id=self.ctx.meta.id,
            clause=clause,
            body=body.name if body else "",
            kind=kind,
            text=evidence.quote,
            evidence=evidence,
        )

    def _sections_by_id(self) -> dict[str, Section]:
        if not self._by_id:
            self._by_id.update({s.id: s for s in self.ctx.sections})
        return self._by_id

    def _number(self, block: Block, section: Section | None) -> str | None:
        if section is not None and section.start == block.start and section.number and section.kind == "clause":
            return section.number
        match = _NUMBER.match(block.text)
        if match and (block.kind == "item" or re.match(r"^\d", match.group(1))):
            return match.group(1)
        return None

    def _clause(self, number: str | None) -> str | None:
        if number is None:
            return self.parent_number if self.principle_intro_until >= 0 else None
        if (number.isalpha() or _is_roman(number)) and self.parent_number:
            return f"{self.parent_number}({number})"
        return number

    def _kind(self, block: Block, section: Section | None) -> str | None:
        current = section
        sections = self._sections_by_id()
        while current is not None:
            if current.kind != "clause":
                for pattern, kind in _KIND_HEADINGS:
                    if pattern.search(current.heading):
                        return kind
                return None  # the nearest real heading decides
            current = sections.get(current.parent_id) if current.parent_id else None
        return None


def _is_roman(text: str) -> bool:
    return bool(re.fullmatch(r"[ivx]{1,4}", text))
