"""Write small but real PDFs by hand: text pages, running headers and footers, two columns.

The PDFs are built from scratch (catalog, page tree, Helvetica, one content stream a page and a
byte-exact cross-reference table) so neither the tests nor the PDF evaluation corpus need a
PDF-writing library, and pypdf reads them exactly as it reads a PDF from the wild.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

LETTER = (612, 792)
A4 = (595, 842)
FONT_SIZE = 11
LEADING = 14
MARGIN = 72
# Helvetica at 11 pt averages about 5.3 pt a character: this many fit between A4's margins.
A4_CHARS_PER_LINE = 85


@dataclass(frozen=True)
class PlacedLine:
    """One line of text set at a position on the page (PDF points, origin bottom left)."""

    text: str
    x: float
    y: float
    size: float = FONT_SIZE


def _escape(text: str) -> bytes:
    """A PDF literal string body; Helvetica's WinAnsi encoding covers Latin-1."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def flowing_stream(lines: Sequence[str], top: float = 740) -> bytes:
    """A content stream setting each line on the next baseline (T*), as a word processor does."""
    if not lines:
        return b""
    ops = [b"BT", f"/F1 {FONT_SIZE} Tf".encode(), f"{LEADING} TL".encode(), f"{MARGIN} {top} Td".encode()]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def placed_stream(lines: Sequence[PlacedLine]) -> bytes:
    """A content stream with one text object per line, each positioned absolutely, in the given order."""
    return b"".join(
        f"BT /F1 {line.size:g} Tf {line.x:g} {line.y:g} Td (".encode() + _escape(line.text) + b") Tj ET\n"
        for line in lines
        if line.text
    )


def pdf_bytes(streams: Sequence[bytes], page_size: tuple[int, int] = LETTER) -> bytes:
    """The bytes of a PDF with one page per content stream."""
    width, height = page_size
    n_pages = len(streams)
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
    for page_id, stream in zip(page_ids, streams, strict=True):
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
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


def text_pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """A Letter-size PDF with one page per list, each line of text set on its own baseline."""
    return pdf_bytes([flowing_stream(lines) for lines in pages])


def column(lines: Sequence[str], x: float, top: float, leading: float = LEADING) -> list[PlacedLine]:
    """Lines set down the page from `top`; an empty line leaves a line's space, as a paragraph gap does."""
    return [PlacedLine(text, x, top - i * leading) for i, text in enumerate(lines) if text]


def two_column_page(
    left: Sequence[str], right: Sequence[str], page_size: tuple[int, int] = A4, row_by_row: bool = True
) -> list[PlacedLine]:
    """A page of two text columns side by side; `row_by_row` writes them as some generators do,
    left and right line of each row in turn, which is what makes naive extraction read across."""
    width, height = page_size
    top = height - MARGIN
    lefts = column(left, MARGIN, top)
    rights = column(right, width / 2 + 12, top)
    if not row_by_row:
        return lefts + rights
    return sorted(lefts + rights, key=lambda line: (-line.y, line.x))


def wrap_lines(lines: Sequence[str], width: int = A4_CHARS_PER_LINE) -> list[str]:
    """Hard-wrap long lines at `width` characters, as a PDF sets a paragraph; blank lines stay."""
    wrapped: list[str] = []
    for line in lines:
        text = line.rstrip()
        if len(text) <= width:
            wrapped.append(text)
            continue
        body = text.lstrip()
        indent = text[: len(text) - len(body)]
        wrapped.extend(textwrap.wrap(body, width=width, initial_indent=indent, break_on_hyphens=False))
    return wrapped


def _number(template: str, page: int, pages: int) -> str:
    # Not str.format: a document title may hold braces of its own.
    return template.replace("{pages}", str(pages)).replace("{page}", str(page))


def paginate(
    lines: Sequence[str],
    header: str | None = None,
    footer: str | None = "Page {page} of {pages}",
    page_size: tuple[int, int] = A4,
    body_lines: int | None = None,
) -> list[list[PlacedLine]]:
    """Lay lines out on as many pages as they need, with a running header and footer on every page.

    Header and footer may hold {page} and {pages} ("Agenda Item 5 Page {page}"); the header is
    set above the body, the footer below it, and each is written where a word processor writes
    it: the header first, the footer last.
    """
    width, height = page_size
    top = height - MARGIN
    if body_lines is None:
        body_lines = int((height - 2 * MARGIN - 2 * LEADING) // LEADING)
    pieces = [list(lines[i : i + body_lines]) for i in range(0, len(lines), body_lines)] or [[]]
    pages = []
    for number, piece in enumerate(pieces, start=1):
        placed: list[PlacedLine] = []
        if header:
            placed.append(PlacedLine(_number(header, number, len(pieces)), MARGIN, top + LEADING, size=9))
        placed.extend(column(piece, MARGIN, top - LEADING))
        if footer:
            placed.append(PlacedLine(_number(footer, number, len(pieces)), width / 2 - 30, MARGIN - LEADING, size=9))
        pages.append(placed)
    return pages


def placed_pdf_bytes(pages: Sequence[Sequence[PlacedLine]], page_size: tuple[int, int] = A4) -> bytes:
    """A PDF of pages whose lines are placed at explicit positions."""
    return pdf_bytes([placed_stream(page) for page in pages], page_size)
