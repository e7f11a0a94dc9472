"""The corpus manifest: metadata the corpus owner wrote for each file (ingest/metadata.py reads the rest)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from core.errors import IngestError
from core.records import DocumentMeta

MANIFEST_NAME = "manifest.json"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


def load_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    """Manifest entries keyed by file name; an absent manifest is an empty one."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise IngestError(f"{MANIFEST_NAME}: not valid JSON ({err}); fix it and ingest again") from err
    entries = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise IngestError(f"{MANIFEST_NAME}: expected an object with a 'documents' list")
    result: dict[str, DocumentMeta] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise IngestError(f"{MANIFEST_NAME}: entry {i + 1} should be an object with file, id, title, kind and date")
        missing = [k for k in ("file", "id", "title", "kind", "date") if not entry.get(k)]
        if missing:
            raise IngestError(f"{MANIFEST_NAME}: entry {i + 1} lacks {', '.join(missing)}")
        if not isinstance(entry.get("body", ""), str):
            raise IngestError(f"{MANIFEST_NAME}: entry {i + 1} has a body that is not text; give the board's name")
        if entry["file"] in result:
            raise IngestError(f"{MANIFEST_NAME}: {entry['file']} is described twice")
        result[entry["file"]] = DocumentMeta(
            id=entry["id"],
            title=entry["title"],
            kind=entry["kind"],
            date=entry["date"],
            publisher=entry.get("publisher", ""),
            source_file=entry["file"],
            body=entry.get("body", ""),
        )
    return result
