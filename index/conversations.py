"""Chat memory: conversations and their turns, kept in their own SQLite file beside the store.

Conversations are capped in number and in age (both settings): the least recently used expire first, so
a flood of new conversations cannot grow the file without bound, and an idle one is forgotten.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
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
DEFAULT_MAX_CONVERSATIONS = 10_000
DEFAULT_MAX_AGE_DAYS = 30


def _now() -> str:
    # To the microsecond: the least recently used must be told apart from the next one in a busy second.
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ConversationStore(SQLiteFile):
    def __init__(
        self,
        path: Path | str,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        max_age_days: float = DEFAULT_MAX_AGE_DAYS,
    ) -> None:
        super().__init__(path)
        self.max_conversations = max_conversations
        self.max_age = timedelta(days=max_age_days)

    def _prepare(self, conn: sqlite3.Connection) -> None:
        conn.executescript(_SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(conversations)")}
        if "used_at" not in columns:  # chat files written before conversations expired
            conn.execute("ALTER TABLE conversations ADD COLUMN used_at TEXT")
            conn.execute("UPDATE conversations SET used_at = created_at")
        conn.execute("CREATE INDEX IF NOT EXISTS conversations_used_at ON conversations(used_at)")
        self._expire(conn)

    def _cutoff(self) -> str:
        return (datetime.now(UTC) - self.max_age).isoformat(timespec="microseconds")

    def _expire(self, conn: sqlite3.Connection, room_for: int = 0) -> None:
        """Forget conversations past their age, then the least recently used beyond the cap."""
        conn.execute("DELETE FROM conversations WHERE used_at < ?", (self._cutoff(),))
        keep = max(0, self.max_conversations - room_for)
        conn.execute(
            "DELETE FROM conversations WHERE id IN ("
            " SELECT id FROM conversations ORDER BY used_at DESC, rowid DESC LIMIT -1 OFFSET ?)",
            (keep,),
        )

    @staticmethod
    def new_id() -> str:
        """An unguessable id for a conversation that add_turn(..., start=True) will create."""
        return secrets.token_urlsafe(12)

    def create(self) -> str:
        """An empty conversation (the answer engine starts one with its first turn instead)."""
        conversation_id = self.new_id()
        self._insert(self.conn, conversation_id)
        return conversation_id

    def _insert(self, conn: sqlite3.Connection, conversation_id: str) -> None:
        now = _now()
        with self._lock:
            self._expire(conn, room_for=1)
            conn.execute(
                "INSERT INTO conversations(id, created_at, used_at) VALUES (?, ?, ?)", (conversation_id, now, now)
            )

    def exists(self, conversation_id: str) -> bool:
        with self._lock:
            row = self.conn.execute(
                "SELECT 1 FROM conversations WHERE id = ? AND used_at >= ?", (conversation_id, self._cutoff())
            ).fetchone()
        return row is not None

    def count(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT count(*) FROM conversations").fetchone()[0])

    def turns(self, conversation_id: str) -> list[dict[str, Any]]:
        with self._lock:
            if not self.exists(conversation_id):
                raise NotFound(
                    f"there is no conversation '{conversation_id}' (it may have been cleared, or forgotten after a "
                    "while unused); leave the id out to start a new one"
                )
            rows = self.conn.execute(
                "SELECT * FROM turns WHERE conversation_id = ? ORDER BY ordinal", (conversation_id,)
            ).fetchall()
        return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]

    def add_turn(
        self, conversation_id: str, question: str, resolved: str, answer: str, payload: dict, start: bool = False
    ) -> None:
        """Store one turn; `start` creates its conversation (an id from new_id) with it.

        The turn and a new conversation are written in one transaction, so a failure leaves no empty
        conversation behind; a conversation deleted while its question was being answered is a NotFound,
        never a half-written turn.
        """
        with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                if start:
                    self._insert(conn, conversation_id)
                elif not self.exists(conversation_id):
                    raise NotFound(
                        f"conversation '{conversation_id}' was deleted while the question was being answered; "
                        "ask again to start a new one"
                    )
                row = conn.execute(
                    "SELECT coalesce(max(ordinal), -1) + 1 FROM turns WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()
                conn.execute(
                    "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, row[0], question, resolved, answer, json.dumps(payload), _now()),
                )
                conn.execute("UPDATE conversations SET used_at = ? WHERE id = ?", (_now(), conversation_id))
                conn.execute(
                    "DELETE FROM turns WHERE conversation_id = ? AND ordinal < ?",
                    (conversation_id, row[0] - MAX_TURNS_KEPT),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def clear(self, conversation_id: str) -> None:
        with self._lock:
            deleted = self.conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount
        if not deleted:
            raise NotFound(f"no conversation with id '{conversation_id}'")
