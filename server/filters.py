"""Jinja filters that turn answer text and snippets into safe HTML (everything escaped first)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from server.sources import mark_cards


def answer_html(text: str, prefix: str = "", cards: dict[int, int] | None = None) -> Markup:
    """Answer lines as paragraphs and list items, with [n] markers linking to the numbered sources.

    With `cards` (citation number -> its source card's number) a marker shows its card's number and links to
    its own quote inside that card; a run of markers of one card ("[1][2]" from one section) shows it once."""
    numbers = cards or {}

    def link(card: int, n: int) -> str:
        return f'<a class="marker" href="#{prefix}cite-{n}">[{card}]</a>'

    parts: list[str] = []
    in_list = False
    for line in (text or "").split("\n"):
        if not line.strip():
            continue
        body = mark_cards(str(escape(line)), numbers, link)
        if line.startswith("• "):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{body[2:]}</li>")
        else:
            if in_list:
                parts.append("</ul>")
                in_list = False
            parts.append(f"<p>{body}</p>")
    if in_list:
        parts.append("</ul>")
    return Markup("".join(parts))


def highlight_terms(text: str, terms: list[str]) -> Markup:
    """Escape a snippet and mark the words that match the query (by their first letters, so plurals match)."""
    escaped = str(escape(text or ""))
    stems = sorted({t[:5] if len(t) > 5 else t for t in terms if len(t) > 2}, key=len, reverse=True)
    if not stems:
        return Markup(escaped)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")[\w'’-]*", re.I)
    # Only text between tags/entities is touched: escaped text has no tags, but it has entities.
    pieces = re.split(r"(&[a-z#0-9]+;)", escaped)
    return Markup(
        "".join(p if p.startswith("&") and p.endswith(";") else pattern.sub(r"<mark>\g<0></mark>", p) for p in pieces)
    )
