"""Numbered schema migrations for the store; `PRAGMA user_version` records which have run."""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: documents, sections, chunks and the FTS5 index over chunks
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        publisher TEXT NOT NULL DEFAULT '',
        source_file TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        clean_text TEXT NOT NULL,
        page_count INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE sections (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        number TEXT,
        heading TEXT NOT NULL,
        parent_id TEXT,
        depth INTEGER NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        body_start INTEGER NOT NULL,
        body_end INTEGER NOT NULL,
        page INTEGER,
        ordinal INTEGER NOT NULL
    );
    CREATE INDEX sections_document ON sections(document_id, ordinal);
    CREATE TABLE chunks (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        page INTEGER,
        page_end INTEGER,
        heading_path TEXT NOT NULL,
        document_title TEXT NOT NULL DEFAULT '',
        token_count INTEGER NOT NULL
    );
    CREATE INDEX chunks_document ON chunks(document_id, ordinal);
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
        text, heading_path, document_title, content='chunks', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts(rowid, text, heading_path, document_title)
        VALUES (new.rowid, new.text, new.heading_path, new.document_title);
    END;
    CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts(chunks_fts, rowid, text, heading_path, document_title)
        VALUES ('delete', old.rowid, old.text, old.heading_path, old.document_title);
    END;
    """,
    # 2: the knowledge graph; every row belongs to the document that states it
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL
    );
    CREATE TABLE entity_mentions (
        entity_id TEXT NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (entity_id, document_id, alias)
    );
    CREATE TABLE edges (
        id TEXT NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        relation TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        confidence REAL NOT NULL DEFAULT 1.0,
        section_id TEXT,
        quote TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX edges_source ON edges(source_id);
    CREATE INDEX edges_target ON edges(target_id);
    CREATE INDEX edges_document ON edges(document_id);
    CREATE TABLE commitments (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        clause TEXT,
        body TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        section_id TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        ordinal INTEGER NOT NULL
    );
    CREATE INDEX commitments_document ON commitments(document_id, ordinal);
    """,
    # 3: the board or committee a document belongs to ("" when it does not say)
    """
    ALTER TABLE documents ADD COLUMN body TEXT NOT NULL DEFAULT '';
    """,
    # 4: names learned from the text, and the corpus profile the store was ingested with
    """
    CREATE TABLE abbreviations (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        abbreviation TEXT NOT NULL,
        expansion TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX abbreviations_document ON abbreviations(document_id);
    CREATE TABLE corpus_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        profile TEXT NOT NULL
    );
    """,
    # 5: index generations; the newest row names the vector folder built from the store state it was committed with
    """
    CREATE TABLE generations (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL,
        model TEXT NOT NULL,
        store_fingerprint TEXT NOT NULL,
        chunks INTEGER NOT NULL,
        embedded INTEGER NOT NULL,
        published_at TEXT NOT NULL
    );
    """,
]


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migrations this database has not seen; returns the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        version = number
    return version
