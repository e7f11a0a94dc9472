"""Write small but real PDFs for the ingest tests: text pages, encrypted, blank and corrupt files.

The text PDFs are built by hand (catalog, page tree, Helvetica, one content stream a page and a
byte-exact cross-reference table) so the tests need no PDF-writing library and pypdf reads them
exactly as it reads a PDF from the wild.
"""

from __future__ import annotations

import io
from pathlib import Path

PAGE_WIDTH = 612
PAGE_HEIGHT = 792
_FONT_SIZE = 11
_LEADING = 14
_LEFT = 72
_TOP = 740


def _escape(text: str) -> bytes:
    """A PDF literal string body; Helvetica's WinAnsi encoding covers Latin-1."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252")


def _content_stream(lines: list[str]) -> bytes:
    if not lines:
        return b""
    ops = [b"BT", f"/F1 {_FONT_SIZE} Tf".encode(), f"{_LEADING} TL".encode(), f"{_LEFT} {_TOP} Td".encode()]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def text_pdf_bytes(pages: list[list[str]]) -> bytes:
    """The bytes of a PDF with one page per list, each line of text set on its own baseline."""
    n_pages = len(pages)
    # Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(f"{p} 0 R".encode() for p in page_ids)
        + b"] "
        + f"/Count {n_pages} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        stream = _content_stream(lines)
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream"

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref_at = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()


def write_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF with the given lines of text on each page."""
    path.write_bytes(text_pdf_bytes(pages))
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
