"""Write small but real PDFs for the ingest tests: text pages, encrypted, blank and corrupt files.

The page-building core lives in evaluation/pdf_writer.py (the PDF evaluation corpus uses it too);
this module adds the broken and locked files only the tests need.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from evaluation.pdf_writer import (
    A4,
    PlacedLine,
    paginate,
    placed_pdf_bytes,
    text_pdf_bytes,
    two_column_page,
)

__all__ = [
    "A4",
    "PlacedLine",
    "paginate",
    "text_pdf_bytes",
    "two_column_page",
    "write_aes_pdf",
    "write_blank_pdf",
    "write_corrupt_pdf",
    "write_encrypted_pdf",
    "write_placed_pdf",
    "write_text_pdf",
    "write_truncated_pdf",
]


def write_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF with the given lines of text on each page."""
    path.write_bytes(text_pdf_bytes(pages))
    return path


def write_placed_pdf(path: Path, pages: Sequence[Sequence[PlacedLine]]) -> Path:
    """A real A4 PDF whose lines sit where the pages put them (headers, footers, columns)."""
    path.write_bytes(placed_pdf_bytes(pages, A4))
    return path


def write_blank_pdf(path: Path, n_pages: int) -> Path:
    """A valid PDF whose pages carry no text at all (what a scan without OCR looks like to pypdf)."""
    return write_text_pdf(path, [[] for _ in range(n_pages)])


def write_encrypted_pdf(path: Path, pages: list[list[str]], password: str) -> Path:
    """A text PDF that opens only with a user password (RC4, which pypdf handles without extras)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf_bytes(pages))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_aes_pdf(path: Path, pages: list[list[str]], user_password: str = "") -> Path:
    """A text PDF encrypted with AES-256; with no user password it opens for anyone (permissions only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf_bytes(pages))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_corrupt_pdf(path: Path) -> Path:
    """A file with a PDF header and nothing a reader can make sense of after it."""
    garbage = bytes((i * 37 + 11) % 256 for i in range(600))
    path.write_bytes(b"%PDF-1.7\n" + garbage.replace(b"obj", b"xxx"))
    return path


def write_truncated_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real text PDF cut off after its header and first object, as an interrupted download is."""
    data = text_pdf_bytes(pages)
    path.write_bytes(data[: data.index(b"endobj") + len(b"endobj")])
    return path
