"""The rows a store returns, read by key in index/ and server/ and sent as JSON as they are.

Any store backend (index/protocols.py) returns these shapes; the SQLite store's queries select exactly these
columns, and tests/test_backends.py holds each query to its shape.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from evaluated annotations only.
from typing import NotRequired, TypedDict


class _DocumentFields(TypedDict):
    id: str
    title: str
    kind: str
    date: str  # ISO, as precise as the document says ("2021", "2021-06"), or "" when it states none
    publisher: str
    body: str
    source_file: str
    page_count: int | None
    ingested_at: str


class DocumentRow(_DocumentFields):
    """One document's metadata; with its text when asked for (`get_document(..., with_text=True)`)."""

    content_hash: NotRequired[str]
    clean_text: NotRequired[str]


class DocumentListing(_DocumentFields):
    """A document as the library lists it, with how many sections and passages it has."""

    sections: int
    chunks: int


class SectionRow(TypedDict):
    id: str
    document_id: str
    number: str | None
    heading: str
    parent_id: str | None
    depth: int
    path: str
    kind: str
    start: int
    end: int
    body_start: int
    body_end: int
    page: int | None
    ordinal: int


class ChunkRow(TypedDict):
    """A passage as stored for its document (the viewer marks each one)."""

    rowid: int
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
    document_title: str
    token_count: int


class PassageRow(TypedDict):
    """A passage with its document and section: what search returns and answers cite."""

    id: str
    text: str
    start: int
    end: int
    page: int | None
    page_end: int | None
    heading_path: str
    token_count: int
    ordinal: int
    document_id: str
    document_title: str
    document_kind: str
    document_date: str
    section_id: str
    section_number: str | None
    section_heading: str
    section_path: str


class CommitmentRow(TypedDict):
    id: str
    document_id: str
    clause: str | None
    body: str
    kind: str
    text: str
    section_id: str | None
    start: int
    end: int
    ordinal: int
    document_title: str
    document_date: str
    document_kind: str
    section_path: str | None
    section_number: str | None
    section_heading: str | None


class EntityRow(TypedDict):
    id: str
    name: str
    type: str
    aliases: list[str]  # every other name the documents give it


class EdgeRow(TypedDict):
    """One piece of evidence for an edge (an edge stated in two documents is two rows)."""

    id: str
    document_id: str
    source_id: str
    target_id: str
    relation: str
    attributes: str  # a JSON object
    confidence: float
    section_id: str | None
    quote: str
    start: int
    end: int
    document_title: str
    document_date: str
    section_number: str | None
    section_heading: str | None
    section_path: str | None


class AbbreviationRow(TypedDict):
    document_id: str
    abbreviation: str
    expansion: str
    start: int
    end: int
    document_title: str


class GenerationRow(TypedDict):
    """A published index generation: the vector folder built from the store state it was committed with."""

    id: int
    folder: str
    model: str
    store_fingerprint: str
    chunks: int
    embedded: int
    published_at: str


class StoreCounts(TypedDict):
    documents: int
    sections: int
    chunks: int
