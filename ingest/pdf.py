"""Read a PDF's text layer into raw lines tagged with their page, two-column pages column by column."""

from __future__ import annotations

import io
import logging
import re
import statistics
from pathlib import Path
from typing import Any

from core.errors import IngestError
from ingest.clean import RawLine

log = logging.getLogger(__name__)

# A gutter is this many blank character cells, at the same place, on every line of a band.
_GUTTER_CELLS = 3
_MIN_COLUMN_ROWS = 3
_SPACES = re.compile(r"[ ]{2,}")

NO_TEXT_LAYER = "no text layer (scanned image?): nothing to ingest"
NEEDS_PASSWORD = "encrypted: needs a password"


def read_pdf(path: Path, data: bytes) -> tuple[list[RawLine], int]:
    """Raw lines of every page of a PDF and its page count; IngestError for files that cannot be read."""
    pages = _open_pages(path, data)
    lines: list[RawLine] = []
    empty_pages = []
    for number, page in enumerate(pages, start=1):
        try:
            page_lines = extract_page_lines(page)
        except Exception as err:  # a single broken page should not lose the rest
            log.warning("%s: page %d could not be read: %s", path.name, number, err)
            page_lines = []
        if not any(line.strip() for line in page_lines):
            empty_pages.append(number)
        # No blank line is added between pages: a page break is not a paragraph break, and a
        # sentence running over it must rejoin (the running header and footer are removed later).
        lines.extend(RawLine(line, number) for line in page_lines)
    if len(empty_pages) == len(pages):
        # pypdf returns '' for pages that are only images: nothing could be stored for this file.
        raise IngestError(
            f"{path.name}: {NO_TEXT_LAYER} ({len(pages)} page(s) without extractable text; "
            "it may be scanned images, which need OCR first)"
        )
    if empty_pages:
        log.warning("%s: no text on page(s) %s (scanned?)", path.name, ", ".join(map(str, empty_pages)))
    return lines, len(pages)


def _open_pages(path: Path, data: bytes) -> list[Any]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if not data.lstrip().startswith(b"%PDF"):
        raise IngestError(f"{path.name}: not a PDF file (no %PDF header); it may be corrupt or mis-named")
    try:
        # pypdf tries the empty user password itself, so a PDF that is only permission-locked opens here.
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path.name}: {NEEDS_PASSWORD}; remove its password and ingest it again")
        return list(reader.pages)
    except IngestError:
        raise
    except DependencyError as err:  # AES without the cryptography package: an install fault, not the file's
        raise IngestError(
            f"{path.name}: the PDF is AES-encrypted and this installation cannot decrypt it ({err}); "
            "reinstall with `make install`"
        ) from err
    except FileNotDecryptedError as err:
        raise IngestError(f"{path.name}: {NEEDS_PASSWORD}; remove its password and ingest it again") from err
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise IngestError(f"{path.name}: the PDF is corrupt and cannot be read ({err})") from err


def extract_page_lines(page: Any) -> list[str]:
    """A page's lines in reading order: pypdf's own order, unless the page is set in two columns.

    pypdf follows the content stream, so columns written row by row come out read across the
    page. Layout mode keeps each line's horizontal position; where a band of lines has a gutter
    between two filled columns, the left column is read top to bottom before the right one.
    """
    text = page.extract_text() or ""
    if not text.strip():
        return []
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception as err:  # layout mode is an improvement, never a reason to lose the page
        log.debug("layout extraction failed, keeping plain text: %s", err)
        return text.splitlines()
    columns = read_columns(layout.splitlines())
    return columns if columns is not None else text.splitlines()


def read_columns(layout_lines: list[str]) -> list[str] | None:
    """Layout-mode lines read column by column, or None when no band of the page has two columns."""
    lines = [line.rstrip() for line in layout_lines]
    gutter = _find_gutter(lines)
    if gutter is None:
        return None
    bands = _bands(lines, gutter)
    if not any(_is_two_column(band, gutter) for band in bands):
        return None
    ordered: list[str] = []
    for band in bands:
        if not _is_two_column(band, gutter):
            ordered.extend(band)
            continue
        start, end = _column_span(band, gutter)
        ordered.extend(band[:start])
        ordered.extend(line[:gutter] for line in band[start:end])
        ordered.append("")
        ordered.extend(line[gutter:] for line in band[start:end])
        ordered.extend(band[end:])
    out: list[str] = []
    for line in ordered:
        tidy = _SPACES.sub(" ", line.strip())
        if tidy or (out and out[-1]):
            out.append(tidy)
    return out


def _is_clear(line: str, at: int) -> bool:
    return not line[max(0, at - 1) : at - 1 + _GUTTER_CELLS].strip()


def _is_two_sided(line: str, at: int) -> bool:
    return _is_clear(line, at) and bool(line[:at].strip()) and bool(line[at:].strip())


def _find_gutter(lines: list[str]) -> int | None:
    """The character column, in the middle of the page, that most lines have text on both sides of."""
    width = max((len(line) for line in lines), default=0)
    best, best_count = None, 0
    for at in range(int(width * 0.3), int(width * 0.7) + 1):
        count = sum(_is_two_sided(line, at) for line in lines)
        if count > best_count or (
            count == best_count and best is not None and abs(at - width / 2) < abs(best - width / 2)
        ):
            best, best_count = at, count
    return best if best_count >= _MIN_COLUMN_ROWS else None


def _bands(lines: list[str], gutter: int) -> list[list[str]]:
    """Runs of consecutive lines that are all clear at the gutter, and the lines that cross it."""
    bands: list[list[str]] = []
    current: list[str] = []
    current_clear = True
    for line in lines:
        clear = _is_clear(line, gutter)
        if current and clear != current_clear:
            bands.append(current)
            current = []
        current_clear = clear
        current.append(line)
    if current:
        bands.append(current)
    return bands


def _column_span(band: list[str], gutter: int) -> tuple[int, int]:
    """Where a band's columns begin and end: from its first to its last row with text on both sides,
    stretched over the rows of one column that run on without a wide gap (a shorter column's end),
    so a footer or header set apart by blank lines stays outside the columns."""
    sided = [i for i, line in enumerate(band) if _is_two_sided(line, gutter)]
    start, end = sided[0], sided[-1] + 1
    start = _stretch(band, start, -1)
    end = _stretch(band, end - 1, 1) + 1
    return start, end


def _stretch(band: list[str], at: int, step: int) -> int:
    """Move from row `at` while the next rows are text or single blank lines."""
    i = at
    while 0 <= i + step < len(band):
        nxt = i + step
        if band[nxt].strip():
            i = nxt
        elif 0 <= nxt + step < len(band) and band[nxt + step].strip():
            i = nxt + step
        else:
            break
    return i


def _is_two_column(band: list[str], gutter: int) -> bool:
    """Two columns of running text, not a table of labels and values.

    A column of wrapped prose fills its width, so most of its lines end near the longest one and
    the right column's lines all begin at one place; a form's labels ('DATE:', 'SUBJECT:') do not.
    """
    sided = [line for line in band if _is_two_sided(line, gutter)]
    filled = [line for line in band if line.strip()]
    if len(sided) < _MIN_COLUMN_ROWS or len(sided) < 0.3 * len(filled) or not _is_clear(band[0], gutter):
        return False
    left_ends = [len(line[:gutter].rstrip()) for line in sided]
    right_parts = [line[gutter:] for line in sided]
    right_starts = [len(part) - len(part.lstrip()) for part in right_parts]
    right_lengths = [len(part.strip()) for part in right_parts]
    common_start = statistics.mode(right_starts)
    return (
        statistics.median(left_ends) >= 0.8 * max(left_ends)
        and statistics.median(right_lengths) >= 0.6 * max(right_lengths)
        and sum(abs(start - common_start) <= 1 for start in right_starts) >= 0.7 * len(sided)
    )
