"""Read a file into raw lines tagged with page numbers: PDF (pypdf), plain text, Markdown."""

from __future__ import annotations

import logging
from pathlib import Path

from core.errors import IngestError
from ingest.clean import RawLine
from ingest.pdf import read_pdf

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """A file's bytes, or an IngestError that names the file (as `name`, its corpus entry) and says why not."""
    name = name or path.name
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise IngestError(f"{name}: the file disappeared before it could be read") from err
    except OSError as err:
        raise IngestError(f"{name}: cannot be read ({err.strerror})") from err


def read_raw_lines(path: Path, data: bytes | None = None) -> tuple[list[RawLine], int | None]:
    """Raw lines of a file (or of its bytes, already read) and its page count (None for text files)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'; "
            f"supported types are {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if data is None:
        data = read_bytes(path)
    if not data.strip():
        raise IngestError(f"{path.name}: the file is empty")
    if suffix == ".pdf":
        return read_pdf(path, data)
    return _read_text(path, data), None


def _read_text(path: Path, data: bytes) -> list[RawLine]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{path.name}: not UTF-8 text (byte {err.start} is 0x{data[err.start]:02x}); "
            "save it as UTF-8 and ingest again"
        ) from err
    if "\x00" in text:
        raise IngestError(f"{path.name}: contains NUL bytes; it looks like a binary file, not text")
    return [RawLine(line) for line in text.splitlines()]
