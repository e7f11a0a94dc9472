"""One SQLite file opened lazily and shared by threads (a lock serialises use of the connection)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Self


class SQLiteFile:
    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Schema and pragmas for a freshly opened connection."""

    def open(self) -> Self:
        if self._conn is None:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            self._prepare(conn)
            self._conn = conn
        return self

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn
