"""What the graph extractor knows while it reads one document: sections, the current topic, sentences.

The topic is the body a passage is about. Terms of reference open with the body's name and then
say "It will be accountable to ..."; a board report says "The Board will have an independent chair"
two clauses after naming the board. The topic is set only by a name written out as a sentence's
subject, a title line or a "Name: description" label, and a depth-one section resets it to the
document's own subject, so "It" and "the Board" are resolved from the text and never guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.aliases import name_key
from core.records import Block, DocumentMeta, Evidence, Section
from ingest.graph_names import Mention, NameResolver, Node

ACTOR_TYPES = ("organisation", "body", "partnership")
_CLAUSE_PREFIX = re.compile(
    r"^(?:[•\-–*]\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?\)?\s+|\(?[a-z]{1,4}[.)]\s+|\(?[ivx]{1,5}[.)]\s+)?"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“‘(]?[A-Z0-9])")
_NOT_SENTENCE_END = re.compile(r"(?:\b(?:Dr|St|Mr|Mrs|Ms|Prof|No|Cllr|e\.g|i\.e|etc|vs)|^\d+(?:\.\d+)*)$")
_DEFINITE_HEADS = {
    "board",
    "council",
    "forum",
    "committee",
    "alliance",
    "partnership",
    "ccg",
    "network",
    "group",
    "cabinet",
    "executive",
}


@dataclass(frozen=True)
class Fact:
    """One extracted statement before facts are merged into edges."""

    source: Node
    relation: str
    target: Node
    evidence: Evidence
    attributes: tuple[tuple[str, str], ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True)
class Sentence:
    start: int  # where the statement begins, after any clause number or bullet
    end: int
    text: str
    mentions: tuple[Mention, ...]


def clause_prefix_length(text: str) -> int:
    """Characters of a leading clause number, enumerator or bullet ("3.7 ", "• ", "a) ")."""
    match = _CLAUSE_PREFIX.match(text)
    return match.end() if match else 0


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans in a block, not splitting after clause numbers or 'Dr.'."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if _NOT_SENTENCE_END.search(text[begin : match.start()]):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


class DocumentContext:
    def __init__(self, meta: DocumentMeta, text: str, sections: list[Section], resolver: NameResolver) -> None:
        self.meta = meta
        self.text = text
        self.sections = sorted(sections, key=lambda s: (s.start, s.ordinal))
        self._starts = [s.start for s in self.sections]
        self.resolver = resolver
        self.inventory: dict[str, Node] = {}  # name_key -> node, every actor the document names
        self.subject: Node | None = None  # the body the document is about, named in its title
        self.topic: Node | None = None
        self.last_read: dict[str, int] = {}  # node name -> where the reading last met it written out

    def section_at(self, position: int) -> Section | None:
        i = bisect.bisect_right(self._starts, position)
        return self.sections[i - 1] if i else None

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span, trimmed to its words so the quote reads cleanly."""
        while start < end and self.text[start] in " \n•-–*":
            start += 1
        while end > start and self.text[end - 1] in " \n":
            end -= 1
        section = self.section_at(start)
        return Evidence(self.meta.id, section.id if section else None, self.text[start:end], start, end)

    def note(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.node.type in ACTOR_TYPES and not m.definite:
                self.inventory.setdefault(name_key(m.node.name), m.node)

    def resolve_definite(self, head: str) -> Node | None:
        """'the Board': the topic if it is a board, else the document's only board, else nothing."""
        head = head.lower()
        if "-" in head:
            head = name_key(head)  # "the Sub-Committee": a name ending "sub committee"
        if " " in head:
            # "the Partnership Board": the one body the document names whose name ends so.
            ending = [n for n in (self.topic, self.subject) if n is not None and _head_phrase(n).endswith(head)]
            if ending:
                return ending[0]
            named = {n.name: n for n in self.inventory.values() if _head_phrase(n).endswith(" " + head)}
            if len(named) > 1:
                # "the Partnership Board" after "the Northby Together Partnership Board (formerly the Northby Health
                # and Care Partnership Board)": the one read last.
                read = sorted((self.last_read[k], k) for k in named if k in self.last_read)
                if read and (len(read) == 1 or read[-1][0] != read[-2][0]):
                    return named[read[-1][1]]
            return next(iter(named.values())) if len(named) == 1 else None
        if head not in _DEFINITE_HEADS:
            return None
        if head in self.resolver.definite:
            return self.resolver.definite[head]
        if self.topic is not None and _has_head(self.topic, head):
            return self.topic
        if self.subject is not None and _has_head(self.subject, head):
            return self.subject
        candidates = self._named_with_head(head)
        if not candidates and head == "cabinet":
            # A council's Cabinet, written bare, is the Cabinet of the one council the paper's place has.
            councils = self._named_with_head("council")
            if len(councils) == 1:
                return Node(f"{next(iter(councils))} Cabinet", "body")
        return next(iter(candidates.values())) if len(candidates) == 1 else None

    def _named_with_head(self, head: str) -> dict[str, Node]:
        """The bodies the document names whose name ends in `head`; where several do, those of its place ("Full
        Council" is a meeting of the council; "the Council" is the document's place's council)."""
        candidates = {n.name: n for n in self.inventory.values() if _has_head(n, head)}
        place = self.resolver.place
        if len(candidates) > 1 and place:
            placed = {k: n for k, n in candidates.items() if name_key(k).startswith(name_key(place) + " ")}
            candidates = placed or candidates
        return candidates

    def sentences(self, block: Block) -> Iterator[Sentence]:
        """A block's sentences, each read when reached, so "the Board" sees the topic set just before."""
        for begin, finish in sentence_spans(block.text):
            piece = block.text[begin:finish]
            skip = clause_prefix_length(piece) if begin == 0 else 0
            start = block.start + begin + skip
            body = piece[skip:]
            mentions = self.resolver.find(body, start, self.resolve_definite)
            yield Sentence(start, block.start + finish, body, tuple(mentions))
            for m in mentions:
                if not m.definite:
                    self.last_read[m.node.name] = m.start


def _head_phrase(node: Node) -> str:
    """A name up to what the body is for: "northby joint committee" of the Northby Joint Committee for Health."""
    return re.split(r"\s+(?:for|of)\s+", name_key(node.name), maxsplit=1)[0]


def _has_head(node: Node, head: str) -> bool:
    if head == "ccg":
        return "clinical commissioning group" in name_key(node.name)
    if head == "partnership":  # an alliance is a partnership of its members
        return node.type == "partnership" or name_key(node.name).endswith(" alliance")
    # "Northby Joint Committee for Health and Care": the head comes before what the body is for
    words = _head_phrase(node).split()
    return bool(words) and words[-1] == head
