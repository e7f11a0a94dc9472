"""Where "Back" goes from the document viewer: the page the reader came from, if it is one of ours.

The viewer learns it from its own `back` parameter (carried on its page links) or else from the browser's
Referer (this app sends `Referrer-Policy: same-origin`, so only our own pages name themselves). Either way
the value is used only when it is a relative path to one of the pages below; anything else is ignored,
so a crafted link can never send a reader to another site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_MAX_LENGTH = 2000
_ENTITY_PATH = re.compile(r"/entities/[\w-]{1,200}")
_LABELS = {
    "/search": "Back to the search results",
    "/graph": "Back to the governance graph",
    "/commitments": "Back to the commitments register",
    "/documents": "Back to the document library",
}


@dataclass(frozen=True)
class BackLink:
    url: str  # where the link goes (relative, same origin)
    label: str  # what it says
    param: str  # the value the viewer's own links carry as ?back= so paging keeps the way back


def back_link(back: str | None, referer: str | None, origin: str) -> BackLink | None:
    """The way back: the `back` parameter when it names one of our pages, else a same-origin Referer."""
    for candidate in (back, _same_origin_path(referer, origin)):
        link = _parse(candidate)
        if link is not None:
            return link
    return None


def _same_origin_path(referer: str | None, origin: str) -> str | None:
    if not referer:
        return None
    parts = urlsplit(referer)
    if f"{parts.scheme}://{parts.netloc}".lower() != origin.lower():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _parse(value: str | None) -> BackLink | None:
    if not value or len(value) > _MAX_LENGTH or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ch <= " " or ch == "\x7f" for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    param = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path == "/":
        if parse_qs(parts.query).get("c"):
            return BackLink(param + "#latest", "Back to the answer", param)
        return BackLink(param, "Back to asking questions", param)
    if parts.path in _LABELS:
        return BackLink(param, _LABELS[parts.path], param)
    if _ENTITY_PATH.fullmatch(parts.path):
        return BackLink(param, "Back to the body's facts", param)
    return None
