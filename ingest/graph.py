"""Knowledge-graph extraction (being written)."""

from __future__ import annotations

from core.records import Block, Commitment, DocumentMeta, Edge, Entity, Section


def extract_graph(
    meta: DocumentMeta, clean_text: str, sections: list[Section], blocks: list[Block]
) -> tuple[list[Entity], list[Edge], list[Commitment]]:
    return [], [], []
