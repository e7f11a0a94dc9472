"""Document metadata: the corpus manifest, or what a file's name and first lines tell."""

from __future__ import annotations

import json
import re
from pathlib import Path

from core.errors import IngestError
from core.records import DocumentMeta

MANIFEST_NAME = "manifest.json"
_KINDS = (
    (re.compile(r"memorandum|\bmou\b", re.I), "memorandum of understanding"),
    (re.compile(r"terms[- ]of[- ]reference|\btor\b", re.I), "terms of reference"),
    (re.compile(r"better[- ]care[- ]fund|\bbcf\b", re.I), "better care fund plan"),
    (re.compile(r"place[- ]based[- ]plan|place[- ]plan", re.I), "place plan"),
    (re.compile(r"report|hwb", re.I), "board report"),
    (re.compile(r"plan", re.I), "plan"),
)


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
        if entry["file"] in result:
            raise IngestError(f"{MANIFEST_NAME}: {entry['file']} is described twice")
        result[entry["file"]] = DocumentMeta(
            id=entry["id"],
            title=entry["title"],
            kind=entry["kind"],
            date=entry["date"],
            publisher=entry.get("publisher", ""),
            source_file=entry["file"],
        )
    return result


def infer_meta(path: Path, first_lines: list[str]) -> DocumentMeta:
    """Metadata for a file the manifest does not describe, from its name and opening lines."""
    stem = path.stem
    date_match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", stem)
    date = "-".join(p for p in date_match.groups() if p) if date_match else ""
    title = ""
    for line in first_lines:
        candidate = re.sub(r"[#*_`]+", "", line).strip()
        if 3 <= len(candidate) <= 120 and re.search(r"[A-Za-z]{3}", candidate):
            title = candidate
            break
    if not title:
        title = re.sub(r"^[\d-]+", "", stem).replace("-", " ").replace("_", " ").strip().title() or stem
    kind = next((k for pattern, k in _KINDS if pattern.search(stem)), "document")
    return DocumentMeta(id=slugify(stem), title=title, kind=kind, date=date, publisher="", source_file=path.name)
