"""Chat memory: conversations and their turns, kept in their own SQLite file beside the store."""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import UTC, datetime
from typing import Any

from core.errors import NotFound
from index.db import SQLiteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    question TEXT NOT NULL,
    resolved_question TEXT NOT NULL,
    answer TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, ordinal)
);
"""
MAX_TURNS_KEPT = 50


class ConversationStore(SQLiteFile):
    def _prepare(self, conn: sqlite3.Connection) -> None:
        conn.executescript(_SCHEMA)

    def create(self) -> str:
        conversation_id = secrets.token_urlsafe(12)
        with self._lock:
            self.conn.execute(
                "INSERT INTO conversations(id, created_at) VALUES (?, ?)",
                (conversation_id, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        with self._lock:
            return (
                self.conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None
            )

    def turns(self, conversation_id: str) -> list[dict[str, Any]]:
        if not self.exists(conversation_id):
            raise NotFound(f"no conversation with id '{conversation_id}'; start a new one")
        with self._lock:
            rows = self.conn.execute(
                "SELECT * FROM turns WHERE conversation_id = ? ORDER BY ordinal", (conversation_id,)
            ).fetchall()
        return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]

    def add_turn(self, conversation_id: str, question: str, resolved: str, answer: str, payload: dict) -> None:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                row = self.conn.execute(
                    "SELECT coalesce(max(ordinal), -1) + 1 FROM turns WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()
                self.conn.execute(
                    "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation_id,
                        row[0],
                        question,
                        resolved,
                        answer,
                        json.dumps(payload),
                        datetime.now(UTC).isoformat(timespec="seconds"),
                    ),
                )
                self.conn.execute(
                    "DELETE FROM turns WHERE conversation_id = ? AND ordinal < ?",
                    (conversation_id, row[0] - MAX_TURNS_KEPT),
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def clear(self, conversation_id: str) -> None:
        if not self.exists(conversation_id):
            raise NotFound(f"no conversation with id '{conversation_id}'")
        with self._lock:
            self.conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
