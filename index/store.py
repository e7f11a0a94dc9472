"""The SQLite store: documents, sections, chunks, FTS5 and the graph. All SQL lives in index/."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import sqlite_utils

from core.errors import NotFound
from core.records import ParsedDocument
from core.rows import (
    AbbreviationRow,
    ChunkRow,
    CommitmentRow,
    DocumentListing,
    DocumentRow,
    EdgeRow,
    EntityRow,
    GenerationRow,
    PassageRow,
    SectionRow,
    StoreCounts,
)
from index.db import SQLiteFile
from index.migrations import migrate

Row = dict[str, Any]
R = TypeVar("R")


class Store(SQLiteFile):
    """One SQLite file. Writes happen in one transaction per document; reads are shared.

    Implements index.protocols.CorpusStore (the rows of core/rows.py), and is the only writer (ingest).
    """

    def __init__(self, path: Path | str) -> None:
        super().__init__(Path(path) if str(path) != ":memory:" else path)

    def _prepare(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)

    def _rows(self, sql: str, params: tuple | list | dict = ()) -> list[Row]:
        with self._lock:
            return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def _row(self, sql: str, params: tuple | list | dict = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # The queries below select exactly the columns of their row shape (core/rows.py; tests hold them to it).
    def _rows_of(self, shape: type[R], sql: str, params: tuple | list | dict = ()) -> list[R]:
        return cast(list[R], self._rows(sql, params))

    def _row_of(self, shape: type[R], sql: str, params: tuple | list | dict = ()) -> R | None:
        return cast("R | None", self._row(sql, params))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One document's writes. Inside a batch it is a savepoint: a failing document rolls back alone."""
        with self._lock:
            if self.conn.in_transaction:
                self.conn.execute("SAVEPOINT document")
                try:
                    yield self.conn
                except BaseException:
                    self.conn.execute("ROLLBACK TO document")
                    self.conn.execute("RELEASE document")
                    raise
                else:
                    self.conn.execute("RELEASE document")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """A whole ingest as one transaction: other connections see the old state until it commits, then the new
        one at once (documents, graph and the generation row naming its vectors together)."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def pin_snapshot(self) -> Store:
        """Hold a read transaction open, so every later read on this connection sees the store as it is now
        (WAL keeps that snapshot while writers commit newer ones). Serving pins one per index generation."""
        with self._lock:
            if not self.conn.in_transaction:
                self.conn.execute("BEGIN")
                self.conn.execute("SELECT count(*) FROM generations").fetchone()
        return self

    # --- writing (ingest is the only caller) -------------------------------------------------
    def stored_hashes(self) -> dict[str, tuple[str, str]]:
        """source_file -> (document id, content hash) of everything stored."""
        return {
            r["source_file"]: (r["id"], r["content_hash"])
            for r in self._rows("SELECT id, source_file, content_hash FROM documents")
        }

    def replace_document(self, parsed: ParsedDocument) -> None:
        """Store a parsed document, replacing any earlier version, all in one transaction."""
        meta = parsed.meta
        with self.transaction() as conn:
            db = sqlite_utils.Database(conn)
            conn.execute("DELETE FROM documents WHERE id = ? OR source_file = ?", (meta.id, meta.source_file))
            db.table("documents").insert(
                {
                    **asdict(meta),
                    "content_hash": parsed.content_hash,
                    "clean_text": parsed.clean_text,
                    "page_count": parsed.page_count,
                    "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
            db.table("sections").insert_all(asdict(s) for s in parsed.sections)
            # The title is indexed with each chunk so "the BCF plan says ..." finds that plan's passages.
            db.table("chunks").insert_all({**asdict(c), "document_title": meta.title} for c in parsed.chunks)
            for entity in parsed.entities:
                conn.execute(
                    "INSERT INTO entities(id, name, type) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type",
                    (entity.id, entity.name, entity.type),
                )
                for alias in {entity.name, *entity.aliases}:
                    conn.execute(
                        "INSERT OR IGNORE INTO entity_mentions(entity_id, document_id, alias) VALUES (?, ?, ?)",
                        (entity.id, meta.id, alias),
                    )
            db.table("edges").insert_all(
                {
                    "id": e.id,
                    "document_id": ev.document_id,
                    "source_id": e.source_id,
                    "target_id": e.target_id,
                    "relation": e.relation,
                    "attributes": json.dumps(e.attributes, sort_keys=True),
                    "confidence": e.confidence,
                    "section_id": ev.section_id,
                    "quote": ev.quote,
                    "start": ev.start,
                    "end": ev.end,
                }
                for e in parsed.edges
                for ev in e.evidence
            )
            db.table("commitments").insert_all(
                {
                    "id": c.id,
                    "document_id": c.document_id,
                    "clause": c.clause,
                    "body": c.body,
                    "kind": c.kind,
                    "text": c.text,
                    "section_id": c.evidence.section_id,
                    "start": c.evidence.start,
                    "end": c.evidence.end,
                    "ordinal": i,
                }
                for i, c in enumerate(parsed.commitments)
            )
            db.table("abbreviations").insert_all(asdict(a) for a in parsed.abbreviations)
            self._drop_orphan_entities(conn)

    def remove_document(self, document_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            self._drop_orphan_entities(conn)

    @staticmethod
    def _drop_orphan_entities(conn: sqlite3.Connection) -> None:
        conn.execute(
            "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM entity_mentions) "
            "AND id NOT IN (SELECT source_id FROM edges) AND id NOT IN (SELECT target_id FROM edges)"
        )

    # --- index generations -------------------------------------------------------------------
    def latest_generation(self) -> GenerationRow | None:
        """The newest published generation as this connection sees the store, or None."""
        return self._row_of(GenerationRow, "SELECT * FROM generations ORDER BY id DESC LIMIT 1")

    def record_generation(self, folder: str, model: str, fingerprint: str, chunks: int, embedded: int) -> int:
        """Name the vector folder built from the store's current chunks; committed with them, it publishes them."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO generations(folder, model, store_fingerprint, chunks, embedded, published_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (folder, model, fingerprint, chunks, embedded, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            generation = int(cursor.lastrowid or 0)
            # Keep the rows of the two newest: a server may still be reading the one before.
            conn.execute("DELETE FROM generations WHERE id < ?", (generation - 1,))
        return generation

    def generation_folders(self) -> set[str]:
        return {r["folder"] for r in self._rows("SELECT folder FROM generations")}

    # --- names and the corpus profile -------------------------------------------------------
    def save_profile(self, profile: dict[str, Any]) -> None:
        """Keep the corpus profile the store was ingested with, so serving needs no corpus folder."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO corpus_profile(id, profile) VALUES (1, ?) "
                "ON CONFLICT(id) DO UPDATE SET profile = excluded.profile",
                (json.dumps(profile, sort_keys=True),),
            )

    def profile(self) -> dict[str, Any]:
        row = self._row("SELECT profile FROM corpus_profile WHERE id = 1")
        return json.loads(row["profile"]) if row else {}

    def abbreviations(self) -> list[AbbreviationRow]:
        """Every abbreviation a stored document defines, with its document and span."""
        return self._rows_of(
            AbbreviationRow,
            'SELECT a.document_id, a.abbreviation, a.expansion, a.start, a."end", d.title AS document_title '
            "FROM abbreviations a JOIN documents d ON d.id = a.document_id ORDER BY a.document_id, a.start",
        )

    # --- documents ---------------------------------------------------------------------------
    def counts(self) -> StoreCounts:
        row = self._row(
            "SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM sections) AS sections, "
            "(SELECT count(*) FROM chunks) AS chunks"
        )
        assert row is not None
        return StoreCounts(documents=int(row["documents"]), sections=int(row["sections"]), chunks=int(row["chunks"]))

    def list_documents(self) -> list[DocumentListing]:
        return self._rows_of(
            DocumentListing,
            "SELECT d.id, d.title, d.kind, d.date, d.publisher, d.body, d.source_file, d.page_count, d.ingested_at, "
            "(SELECT count(*) FROM sections s WHERE s.document_id = d.id) AS sections, "
            "(SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS chunks "
            "FROM documents d ORDER BY d.date DESC, d.title",
        )

    def get_document(self, document_id: str, with_text: bool = False) -> DocumentRow:
        cols = "*" if with_text else "id, title, kind, date, publisher, body, source_file, page_count, ingested_at"
        row = self._row(f"SELECT {cols} FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise NotFound(f"no document with id '{document_id}'")
        return cast(DocumentRow, row)

    def sections_for(self, document_id: str) -> list[SectionRow]:
        return self._rows_of(
            SectionRow, "SELECT * FROM sections WHERE document_id = ? ORDER BY ordinal", (document_id,)
        )

    def chunks_for(self, document_id: str) -> list[ChunkRow]:
        return self._rows_of(ChunkRow, "SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal", (document_id,))

    def section(self, section_id: str) -> SectionRow | None:
        return self._row_of(SectionRow, "SELECT * FROM sections WHERE id = ?", (section_id,))

    # --- chunks and search -------------------------------------------------------------------
    _CHUNK_COLUMNS = (
        'c.id, c.text, c.start, c."end", c.page, c.page_end, c.heading_path, c.token_count, c.ordinal, '
        "c.document_id, d.title AS document_title, d.kind AS document_kind, d.date AS document_date, "
        "s.id AS section_id, s.number AS section_number, s.heading AS section_heading, s.path AS section_path"
    )
    _CHUNK_JOIN = "FROM chunks c JOIN documents d ON d.id = c.document_id JOIN sections s ON s.id = c.section_id"

    def chunks_by_id(self, ids: list[str]) -> dict[str, PassageRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._rows_of(
            PassageRow, f"SELECT {self._CHUNK_COLUMNS} {self._CHUNK_JOIN} WHERE c.id IN ({marks})", ids
        )
        return {r["id"]: r for r in rows}

    def chunk_containing(self, document_id: str, start: int, end: int) -> PassageRow | None:
        """The chunk that holds most of a span (for turning graph evidence into a citation)."""
        return self._row_of(
            PassageRow,
            f'SELECT {self._CHUNK_COLUMNS} {self._CHUNK_JOIN} WHERE c.document_id = ? AND c.start <= ? AND c."end" > ? '
            'ORDER BY (min(c."end", ?) - max(c.start, ?)) DESC, c.ordinal LIMIT 1',
            (document_id, end, start, end, start),
        )

    def section_at(self, document_id: str, offset: int) -> SectionRow | None:
        """The innermost section whose span holds an offset."""
        return self._row_of(
            SectionRow,
            'SELECT * FROM sections WHERE document_id = ? AND start <= ? AND "end" >= ? ORDER BY depth DESC LIMIT 1',
            (document_id, offset, offset),
        )

    def all_chunks(self) -> list[PassageRow]:
        """Every chunk in a stable order (the order the vector index uses)."""
        return self._rows_of(
            PassageRow, f"SELECT {self._CHUNK_COLUMNS} {self._CHUNK_JOIN} ORDER BY c.document_id, c.ordinal"
        )

    def chunks_fingerprint(self) -> str:
        """A hash of every chunk's id and text: the vector index must have been built from it."""
        digest = hashlib.sha256()
        with self._lock:
            for row in self.conn.execute("SELECT id, text, heading_path FROM chunks ORDER BY document_id, ordinal"):
                digest.update(f"{row[0]}\x1f{row[1]}\x1f{row[2]}\x1e".encode())
        return digest.hexdigest()

    def lexical_search(self, fts_query: str, limit: int) -> list[tuple[str, float]]:
        """(chunk id, bm25 score; higher is better) for an already-sanitised FTS5 query."""
        if not fts_query:
            return []
        rows = self._rows(
            "SELECT c.id, bm25(chunks_fts, 1.0, 0.6, 0.3) AS rank FROM chunks_fts "
            "JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query, limit),
        )
        return [(r["id"], -float(r["rank"])) for r in rows]

    def document_filter(
        self, document: str | None, kind: str | None, date_from: str | None, date_to: str | None
    ) -> set[str] | None:
        """Ids of documents that pass the filters, or None when no filter is set."""
        if not any((document, kind, date_from, date_to)):
            return None
        clauses: list[str] = []
        params: list[object] = []
        if document:
            clauses.append("id = ?")
            params.append(document)
        if kind:
            clauses.append("lower(kind) = lower(?)")
            params.append(kind)
        if date_from:
            clauses.append("date >= ?")
            params.append(date_from)
        if date_to:
            # A date of "2021" sorts before "2021-06-01"; compare on the filter's own length.
            clauses.append("substr(date, 1, ?) <= ?")
            params.extend([len(date_to), date_to])
        return {r["id"] for r in self._rows(f"SELECT id FROM documents WHERE {' AND '.join(clauses)}", params)}

    def kinds(self) -> list[str]:
        return [r["kind"] for r in self._rows("SELECT DISTINCT kind FROM documents WHERE kind <> '' ORDER BY kind")]

    # --- graph -------------------------------------------------------------------------------
    def entities(self) -> list[EntityRow]:
        rows = self._rows(
            "SELECT e.id, e.name, e.type, json_group_array(DISTINCT m.alias) AS aliases FROM entities e "
            "LEFT JOIN entity_mentions m ON m.entity_id = e.id GROUP BY e.id ORDER BY e.name"
        )
        for r in rows:
            names = {a for a in json.loads(r["aliases"] or "[]") if a}
            r["aliases"] = sorted(names - {r["name"]}, key=str.lower)
        return cast(list[EntityRow], rows)

    def edges(self) -> list[EdgeRow]:
        return self._rows_of(
            EdgeRow,
            "SELECT e.*, d.title AS document_title, d.date AS document_date, s.number AS section_number, "
            "s.heading AS section_heading, s.path AS section_path FROM edges e "
            "JOIN documents d ON d.id = e.document_id LEFT JOIN sections s ON s.id = e.section_id "
            "ORDER BY e.relation, e.source_id, e.target_id, d.date DESC",
        )

    def commitments(
        self, document: str | None = None, body: str | None = None, text: str | None = None
    ) -> list[CommitmentRow]:
        clauses, params = ["1 = 1"], []
        if document:
            clauses.append("c.document_id = ?")
            params.append(document)
        if body:
            clauses.append("lower(c.body) LIKE ?")
            params.append(f"%{body.lower()}%")
        if text:
            clauses.append("lower(c.text) LIKE ?")
            params.append(f"%{text.lower()}%")
        return self._rows_of(
            CommitmentRow,
            "SELECT c.*, d.title AS document_title, d.date AS document_date, d.kind AS document_kind, "
            "s.path AS section_path, s.number AS section_number, s.heading AS section_heading "
            "FROM commitments c JOIN documents d ON d.id = c.document_id LEFT JOIN sections s ON s.id = c.section_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY d.date DESC, c.document_id, c.ordinal",
            params,
        )
