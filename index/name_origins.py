"""Where the graph learned that a name is another name of a body, so an answer can say so beside its quote.

A body's other names come from the corpus profile, the national alias table, an abbreviation a document
defines ("Operational Commissioning Committee (OCC)"), or a document that writes the short form of a name it
also writes in full; the store keeps which documents wrote each name (`entity_mentions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.aliases import AliasTable, load_aliases, name_key
from index.graph import GraphIndex
from index.names import stored_profile
from index.protocols import CorpusStore
from index.search import passage_url


@dataclass(frozen=True)
class NameOrigin:
    """How a written name is known to be a body's: `kind` is "profile", "national", "defined" or "documents";
    `document` and `url` point at the definition when a document defines it; `seen_in` are the documents
    that write the name for the body, newest first."""

    kind: str
    description: str
    document: dict[str, Any] | None = None
    url: str | None = None
    seen_in: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": self.description,
            "document": self.document,
            "url": self.url,
            "seen_in": self.seen_in,
        }


class NameOrigins:
    """Answers "how do we know this name is that body's?" for one index generation's graph."""

    def __init__(self, store: CorpusStore, graph: GraphIndex) -> None:
        self.store = store
        self.graph = graph
        self._seen: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._defined: dict[str, list[dict[str, Any]]] = {}
        self._profile = AliasTable(entries=())
        self._national = AliasTable(entries=())

    def load(self) -> NameOrigins:
        self._profile = AliasTable(entries=stored_profile(self.store).entities)
        self._national = load_aliases()
        for row in self.store.name_mentions():
            node_id = str(self.graph.folded.get(row["entity_id"]) or row["entity_id"])
            documents = self._seen.setdefault((node_id, name_key(row["alias"])), [])
            document = {"id": row["document_id"], "title": row["document_title"], "date": row["document_date"]}
            if document not in documents:
                documents.append(document)
        for defined in self.store.abbreviations():
            self._defined.setdefault(defined["abbreviation"].lower(), []).append(dict(defined))
        return self

    def origin(self, node_id: str, written: str) -> NameOrigin:
        """Where `written` is learned to name the node `node_id`."""
        seen = self._seen.get((node_id, name_key(written)), [])
        for table, kind, description in (
            (self._profile, "profile", "listed as another name in the corpus profile"),
            (self._national, "national", "listed as another name in the national table of bodies"),
        ):
            entry = table.entry(written)
            if entry is not None and self.graph.resolve(entry.canonical) == node_id:
                return NameOrigin(kind, description, seen_in=seen)
        for row in self._defined.get(written.strip().lower(), ()):
            if self.graph.resolve(row["expansion"]) == node_id:
                document = {"id": row["document_id"], "title": row["document_title"]}
                return NameOrigin(
                    "defined",
                    f"defined in {row['document_title']}",
                    document=document,
                    url=passage_url(row["document_id"], row["start"], row["end"]),
                    seen_in=seen,
                )
        if seen:
            where = "; ".join(f"{d['title']} ({d['date'] or 'undated'})" for d in seen[:2])
            return NameOrigin("documents", f"read as the same body where {where} writes it", seen_in=seen)
        return NameOrigin("documents", "read as the same body from the documents' own wording", seen_in=seen)
