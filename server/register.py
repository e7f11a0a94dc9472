"""The officers' commitments register: its filters (checked, with messages a person understands) and its CSV."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from core.errors import InvalidInput
from core.rows import CommitmentRow
from index.protocols import DocumentStore
from index.search import passage_url

CSV_COLUMNS = ("partner", "clause", "commitment", "kind", "document", "date", "section", "link")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a cell is
# written with a leading apostrophe, which spreadsheets show as text and do not run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters. On the wire (the page's form, the CSV link, /api/commitments) they are named
    `document`, `body` and `q`: `body` is the partner, named as each row's "body" names who commits."""

    document: str = ""  # a document id
    partner: str = ""  # a body that makes commitments, as the register names it
    words: str = ""  # words the commitment's text contains

    @classmethod
    def cleaned(cls, document: str | None, body: str | None, q: str | None) -> RegisterFilters:
        """The filters from their query parameters, blank ones empty."""
        return cls((document or "").strip(), (body or "").strip(), (q or "").strip())

    def _params(self) -> tuple[tuple[str, str], ...]:
        return (("document", self.document), ("body", self.partner), ("q", self.words))

    def query(self) -> str:
        """The filters as a query string (for the CSV link), leaving out the empty ones."""
        return urlencode([(k, v) for k, v in self._params() if v])

    def to_json(self) -> dict[str, str]:
        """The filters by their query parameters' names, as applied (the partner as the register spells it)."""
        return dict(self._params())


def commitment_json(row: CommitmentRow) -> dict[str, Any]:
    """One register row as /api/commitments shapes it."""
    return {
        "id": row["id"],
        "clause": row["clause"],
        "body": row["body"],
        "kind": row["kind"],
        "text": row["text"],
        "document": {"id": row["document_id"], "title": row["document_title"], "date": row["document_date"]},
        "section": {"number": row["section_number"], "heading": row["section_heading"], "path": row["section_path"]},
        "start": row["start"],
        "end": row["end"],
        "url": passage_url(row["document_id"], row["start"], row["end"]),
    }


def partners(store: DocumentStore) -> list[str]:
    """Every body the register says made a commitment, in alphabetical order."""
    return sorted({r["body"] for r in store.commitments() if r["body"]}, key=str.lower)


def select_commitments(store: DocumentStore, filters: RegisterFilters) -> tuple[RegisterFilters, list[dict[str, Any]]]:
    """The commitments the filters choose, as the API shapes them, with the filters as the store names them.

    An unknown document is NotFound; a partner the register does not know is InvalidInput naming the choice."""
    if filters.document:
        store.get_document(filters.document)
    partner = ""
    if filters.partner.strip():
        wanted = filters.partner.strip().lower()
        known = partners(store)
        partner = next((p for p in known if p.lower() == wanted), "")
        if not partner:
            raise InvalidInput(
                f"no commitment in the register is made by ‘{filters.partner.strip()[:100]}’; "
                f"choose one of the {len(known)} partners in the list"
            )
    rows = store.commitments(filters.document or None, partner or None, filters.words or None)
    # The store matches a partner's name anywhere in the body; the register means that partner alone.
    chosen = [commitment_json(r) for r in rows if not partner or (r["body"] or "").lower() == partner.lower()]
    return RegisterFilters(filters.document, partner, filters.words), chosen


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def commitments_csv(rows: list[dict[str, Any]], site: str) -> str:
    """The rows as CSV with a header line; `site` ("http://host:port") makes each link absolute."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in rows:
        cells = (
            c["body"] or "not stated",
            c["clause"] or "",
            c["text"],
            c["kind"].replace("_", " "),
            c["document"]["title"],
            c["document"]["date"] or "undated",
            c["section"]["path"] or "",
            site.rstrip("/") + c["url"],
        )
        writer.writerow([spreadsheet_safe(str(cell)) for cell in cells])
    return out.getvalue()


def csv_filename(filters: RegisterFilters) -> str:
    """commitments.csv, or commitments-<document>-<partner>.csv for a filtered register (ASCII only)."""
    parts = ["commitments"] + [_slug(v) for v in (filters.document, filters.partner) if v]
    return "-".join(p for p in parts if p)[:120] + ".csv"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
