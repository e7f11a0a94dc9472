"""Read a file into raw lines tagged with page numbers: PDF (pypdf), plain text, Markdown."""

from __future__ import annotations

import logging
from pathlib import Path

from core.errors import IngestError
from ingest.clean import RawLine

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or an IngestError that names the file and says why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise IngestError(f"{path.name}: the file disappeared before it could be read") from err
    except OSError as err:
        raise IngestError(f"{path.name}: cannot be read ({err.strerror})") from err


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
        return _read_pdf(path, data)
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


def _read_pdf(path: Path, data: bytes) -> tuple[list[RawLine], int]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip().startswith(b"%PDF"):
        raise IngestError(f"{path.name}: not a PDF file (no %PDF header); it may be corrupt or mis-named")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except Exception as err:  # pypdf raises several types for unsupported crypto
                raise IngestError(f"{path.name}: the PDF is encrypted; remove its password and try again") from err
            if not unlocked:
                raise IngestError(f"{path.name}: the PDF is encrypted; remove its password and try again")
        pages = list(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise IngestError(f"{path.name}: the PDF is corrupt and cannot be read ({err})") from err
    lines: list[RawLine] = []
    empty_pages = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as err:  # a single broken page should not lose the rest
            log.warning("%s: page %d could not be read: %s", path.name, number, err)
            text = ""
        if not text.strip():
            # pypdf returns '' for scanned pages: report them rather than storing empty sections.
            empty_pages.append(number)
        lines.extend(RawLine(line, number) for line in text.splitlines())
        lines.append(RawLine("", number))
    if not any(line.text.strip() for line in lines):
        raise IngestError(
            f"{path.name}: the PDF has no extractable text ({len(pages)} page(s)); "
            "it may be scanned images, which need OCR first"
        )
    if empty_pages:
        log.warning("%s: no text on page(s) %s (scanned?)", path.name, ", ".join(map(str, empty_pages)))
    return lines, len(pages)
