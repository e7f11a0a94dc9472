"""Typed records passed between stages. Ids are stable hashes of document and span."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id from its parts, so re-ingesting the same text keeps the same ids."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    title: str
    kind: str
    date: str
    publisher: str
    source_file: str
    body: str = ""  # the board or committee the document belongs to ("" when it does not say)


@dataclass(frozen=True)
class Block:
    """One line of clean text: a paragraph, a list item, a table row or a heading."""

    kind: str  # "para" | "item" | "row" | "heading" (a Markdown heading; level is its number of #)
    text: str
    page: int | None
    start: int = 0
    end: int = 0
    level: int = 0


@dataclass(frozen=True)
class Section:
    id: str
    document_id: str
    number: str | None
    heading: str
    parent_id: str | None
    depth: int
    path: str
    start: int  # span of the whole section, children included
    end: int
    body_start: int  # span of the section's own text (up to its first child)
    body_end: int
    page: int | None
    ordinal: int
    kind: str = "heading"  # heading | clause | front (text before the first heading)


@dataclass(frozen=True)
class Chunk:
    id: str
    document_id: str
    section_id: str
    ordinal: int
    text: str
    start: int
    end: int
    page: int | None
    page_end: int | None
    heading_path: str
    token_count: int


@dataclass(frozen=True)
class Evidence:
    document_id: str
    section_id: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # organisation | body | role | partnership
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    id: str
    source_id: str
    target_id: str
    relation: str
    attributes: dict[str, str] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True)
class Commitment:
    id: str
    document_id: str
    clause: str | None
    body: str
    kind: str  # commitment | principle | value | key_task
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class Abbreviation:
    """A short form a document defines, with the span of its definition ("Integrated Care Board (ICB)")."""

    document_id: str
    abbreviation: str
    expansion: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedDocument:
    """Everything ingest makes of one file, written to the store in one transaction."""

    meta: DocumentMeta
    content_hash: str
    clean_text: str
    page_count: int | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    chunks: tuple[Chunk, ...]
    entities: tuple[Entity, ...] = ()
    edges: tuple[Edge, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()


def nearest_heading(row: Mapping[str, Any]) -> str:
    """A chunk's own section heading: the last part of its heading path, or the part above it when
    that is only the clause number ("2 Background › 2.2" -> "2 Background")."""
    parts = [p for p in (row.get("heading_path") or "").split(" › ") if p]
    heading = parts[-1] if parts else ""
    if parts and row.get("section_number") and heading == str(row["section_number"]):
        heading = parts[-2] if len(parts) > 1 else ""  # a clause: its label is its own first words
    return heading
