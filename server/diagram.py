"""Draw the governance structure as SVG with Graphviz's `dot`, locally; DOT export for the CLI.

One style table (`LINE_STYLES`, `NODE_SHAPES`) drives both the drawing and its key, so the key can never
say something the drawing does not do.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from index.graph import ATTRIBUTE_RELATIONS

log = logging.getLogger(__name__)

STRUCTURE_RELATIONS = (
    "reports_to",
    "accountable_to",
    "oversees",
    "part_of",
    "sub_committee_of",
    "chairs",
    "supports",
    "renamed_to",
    "held_to_account_by",
    "delegates_to",
    "established_by",
)
MEMBERSHIP_RELATIONS = ("member_of", "partner_of", "signatory_of")


@dataclass(frozen=True)
class LineStyle:
    """How one relation is drawn: a colour, a line pattern, an arrowhead, and what the line means."""

    colour: str
    pattern: str = "solid"  # solid | dashed | dotted | bold (Graphviz's names)
    arrowhead: str = "normal"  # normal (filled) | empty (open)
    labelled: bool = True  # structure lines carry their relation as a label; membership lines do not
    meaning: str = ""  # how the key and the list read the relation, "A [is accountable to] B"
    label: str = ""  # the words on the line when they are shorter than the meaning


# Colours reach 3:1 against white (WCAG 1.4.11), and no two relations share colour, pattern and head.
LINE_STYLES: dict[str, LineStyle] = {
    "reports_to": LineStyle("#1f5fa8", meaning="reports to"),
    "accountable_to": LineStyle("#1f5fa8", "dashed", meaning="is accountable to", label="accountable to"),
    "held_to_account_by": LineStyle("#1f5fa8", "dotted", meaning="is held to account by", label="held to account by"),
    "oversees": LineStyle("#2f7d4a", meaning="oversees"),
    "part_of": LineStyle("#5c5c5c", "dotted", meaning="is part of", label="part of"),
    "sub_committee_of": LineStyle("#0f6e73", "dashed", meaning="is a sub-committee of", label="sub-committee of"),
    "chairs": LineStyle("#8a4b08", meaning="chairs"),
    "supports": LineStyle("#6b4fa0", "dashed", meaning="supports"),
    "renamed_to": LineStyle("#a01f3c", "bold", meaning="was renamed to"),
    "delegates_to": LineStyle("#2f7d4a", "dashed", meaning="delegates to", label="delegates to"),
    "established_by": LineStyle("#5c5c5c", "dashed", meaning="was established by", label="established by"),
    "member_of": LineStyle("#6e6e6e", arrowhead="empty", labelled=False, meaning="is a member of"),
    "partner_of": LineStyle("#6e6e6e", "dashed", arrowhead="empty", labelled=False, meaning="is a partner in"),
    "signatory_of": LineStyle("#6e6e6e", "dotted", arrowhead="empty", labelled=False, meaning="signed"),
}
# A relation the table does not know (a new extraction pattern, another corpus) is still drawn and keyed.
OTHER_LINE = LineStyle("#3d3d3d", "solid")


@dataclass(frozen=True)
class NodeShape:
    shape: str  # a Graphviz shape name that shape_glyph() can also draw
    meaning: str
    rounded: bool = False  # Graphviz's style=rounded (a box with round corners)

    @property
    def key(self) -> str:
        return self.shape + (" rounded" if self.rounded else "")


NODE_SHAPES: dict[str, NodeShape] = {
    "body": NodeShape("box", "a board, committee or group"),
    "partnership": NodeShape("box3d", "a partnership"),
    "organisation": NodeShape("ellipse", "an organisation (a council, an NHS body, a company, a charity)"),
    "role": NodeShape("box", "a role, an office or a named person", rounded=True),
    "person": NodeShape("box", "a role, an office or a named person", rounded=True),
    "place": NodeShape("house", "a place"),
    "plan": NodeShape("note", "a plan, strategy or agreement"),
    "agreement": NodeShape("note", "a plan, strategy or agreement"),
}
OTHER_SHAPE = NodeShape("box", "something else the documents name")

NODE_FILL, NODE_LINE = "#f4f7fb", "#4a6785"
FOCUS_FILL, FOCUS_LINE = "#fff1a8", "#1b2430"
# Graphviz sizes text in points, and its SVG is 1 pt to a user unit, so at natural size 1 pt = 4/3 CSS px.
NODE_FONT_PT, EDGE_FONT_PT = 13, 11
PX_PER_PT = 4 / 3
MIN_LABEL_PX = 14  # a box's label is never shown smaller than this (zooming out stops there)
# Past this many lines a whole-graph drawing is a tangle nobody can follow: the page asks for a focus instead.
MAX_DRAWN_EDGES = 250
_DASHES = {"dashed": "5,2", "dotted": "1,5"}  # the stroke-dasharray Graphviz writes for each pattern


def line_style(relation: str) -> LineStyle:
    return LINE_STYLES.get(relation, OTHER_LINE)


def node_shape(node_type: str) -> NodeShape:
    return NODE_SHAPES.get(node_type, OTHER_SHAPE)


def relation_words(relation: str) -> str:
    """The relation as a person reads it: "reports to", "is a sub-committee of"."""
    return line_style(relation).meaning or relation.replace("_", " ")


def line_label(relation: str) -> str:
    """The words drawn on a relation's line: "accountable to"."""
    return line_style(relation).label or relation_words(relation)


def min_scale() -> float:
    """The smallest zoom at which a box's label is still MIN_LABEL_PX tall."""
    return round(MIN_LABEL_PX / (NODE_FONT_PT * PX_PER_PT), 3)


def drawn_edges(graph: dict[str, Any], include_membership: bool) -> list[dict[str, Any]]:
    """The edges a drawing shows: every relation between two bodies, membership only when asked."""
    return [
        e
        for e in graph["edges"]
        if e["source"] != e["target"]
        and e["relation"] not in ATTRIBUTE_RELATIONS
        and (include_membership or e["relation"] not in MEMBERSHIP_RELATIONS)
    ]


def neighbourhood(graph: dict[str, Any], node_id: str) -> dict[str, Any]:
    """One body, every edge that touches it (membership included) and the bodies at their other ends."""
    edges = [e for e in graph["edges"] if node_id in (e["source"], e["target"])]
    kept = {node_id} | {e["source"] for e in edges} | {e["target"] for e in edges}
    return {"nodes": [n for n in graph["nodes"] if n["id"] in kept], "edges": edges}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _entity_url(node_id: str) -> str:
    return "/entities/" + node_id


def to_dot(
    graph: dict[str, Any],
    include_membership: bool = False,
    focus: str | None = None,
    node_url: Callable[[str], str] = _entity_url,
    edge_url: Callable[[dict[str, Any]], str] | None = None,
) -> str:
    """DOT text for the graph's structural edges (and membership when asked).

    `focus` names the body drawn highlighted; `node_url` and `edge_url` say where a box and a line lead
    (by default a box opens its entity page and a line that entity's fact).
    """
    edges = drawn_edges(graph, include_membership)
    used = {e["source"] for e in edges} | {e["target"] for e in edges} | ({focus} if focus else set())
    lines = [
        "digraph governance {",
        '  graph [rankdir=LR, fontname="Helvetica", bgcolor="transparent", nodesep=0.3, ranksep=0.6, pad=0.2];',
        f'  node [fontname="Helvetica", fontsize={NODE_FONT_PT}, style=filled, fillcolor="{NODE_FILL}", '
        f'color="{NODE_LINE}", margin="0.15,0.06"];',
        f'  edge [fontname="Helvetica", fontsize={EDGE_FONT_PT}, penwidth=1.4, arrowsize=0.9];',
    ]
    for node in graph["nodes"]:
        if node["id"] not in used:
            continue
        shape = node_shape(node["type"])
        extra = ', style="rounded,filled"' if shape.rounded else ""
        if node["id"] == focus:  # class="focus" is how graph.js finds the box to bring into view
            extra += f', fillcolor="{FOCUS_FILL}", color="{FOCUS_LINE}", penwidth=2.5, class="focus"'
        lines.append(
            f"  {_quote(node['id'])} [label={_quote(node['name'])}, shape={shape.shape}, "
            f"URL={_quote(node_url(node['id']))}, tooltip={_quote(node['name'])}{extra}];"
        )
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    for e in edges:
        style = line_style(e["relation"])
        label = line_label(e["relation"])
        # A line's link is named by the whole fact, so a screen reader tabbing through lines hears both bodies.
        source, target = names.get(e["source"], e["source"]), names.get(e["target"], e["target"])
        fact = f"{source} {relation_words(e['relation'])} {target}"
        if e.get("attributes", {}).get("status") == "proposed":
            label += " (proposed)"
            fact += " (proposed)"
        url = edge_url(e) if edge_url else f"/entities/{e['source']}#edge-{e['id']}"
        attributes = [f'color="{style.colour}"', f"arrowhead={style.arrowhead}"]
        if style.pattern != "solid":
            attributes.append(f"style={style.pattern}")
        if style.pattern == "bold":
            attributes.append("penwidth=3")
        if style.labelled:
            attributes.append(f"label={_quote(label)}")
        lines.append(
            f"  {_quote(e['source'])} -> {_quote(e['target'])} "
            f"[{', '.join(attributes)}, URL={_quote(url)}, tooltip={_quote(fact)}, labeltooltip={_quote(fact)}];"
        )
    lines.append("}")
    return "\n".join(lines)


# --- the key -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyEntry:
    glyph: str  # a small SVG, made here from constants only (never from document text)
    meaning: str


def drawing_key(graph: dict[str, Any], edges: Iterable[dict[str, Any]], focus: str | None = None) -> dict[str, Any]:
    """The key to one drawing: each box shape and each kind of line it uses, in the style table's order."""
    edges = list(edges)
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    types = {n["type"] for n in graph["nodes"] if n["id"] in used or n["id"] == focus}
    shapes: dict[str, list[str]] = {}
    for node_type in [*NODE_SHAPES, *sorted(types - set(NODE_SHAPES))]:
        if node_type in types:
            shape = node_shape(node_type)
            meanings = shapes.setdefault(shape.key, [])
            if shape.meaning not in meanings:
                meanings.append(shape.meaning)
    boxes = [KeyEntry(shape_glyph(key), "; ".join(meanings)) for key, meanings in shapes.items()]
    if focus:
        boxes.append(KeyEntry(shape_glyph("box", focused=True), "the body you chose"))
    relations = {e["relation"] for e in edges}
    ordered = [r for r in LINE_STYLES if r in relations] + sorted(relations - set(LINE_STYLES))
    lines = [KeyEntry(line_glyph(line_style(r)), relation_words(r)) for r in ordered]
    return {"boxes": boxes, "lines": lines}


_GLYPH = '<svg class="glyph" viewBox="0 0 44 26" width="44" height="26" aria-hidden="true" focusable="false">{}</svg>'


# Each shape NODE_SHAPES uses, drawn small with {paint} (fill and outline) and {line} (outline only).
GLYPH_SHAPES = {
    "box": '<rect x="4" y="5" width="36" height="16" {paint}/>',
    "box rounded": '<rect x="4" y="5" width="36" height="16" rx="5" {paint}/>',
    "box3d": '<rect x="4" y="8" width="32" height="14" {paint}/>'
    '<path d="M4 8 L8 4 H40 V18 L36 22 M36 8 L40 4" {line}/>',
    "ellipse": '<ellipse cx="22" cy="13" rx="18" ry="9" {paint}/>',
    "house": '<polygon points="6,22 6,11 22,3 38,11 38,22" {paint}/>',
    "note": '<polygon points="6,4 32,4 38,10 38,22 6,22" {paint}/><path d="M32 4 V10 H38" {line}/>',
}


def shape_glyph(shape: str, focused: bool = False) -> str:
    """A small drawing of a node shape (a NodeShape's key: "box", "box rounded"), for the key."""
    fill, outline, width = (FOCUS_FILL, FOCUS_LINE, 2.5) if focused else (NODE_FILL, NODE_LINE, 1.2)
    paint = f'fill="{fill}" stroke="{outline}" stroke-width="{width}"'
    line = f'fill="none" stroke="{outline}" stroke-width="{width}"'
    return _GLYPH.format(GLYPH_SHAPES[shape].format(paint=paint, line=line))


def line_glyph(style: LineStyle) -> str:
    """A short line drawn as the drawing draws one relation: colour, pattern and arrowhead."""
    width = 3 if style.pattern == "bold" else 1.6
    dash = f' stroke-dasharray="{_DASHES[style.pattern]}"' if style.pattern in _DASHES else ""
    head_fill = "#ffffff" if style.arrowhead == "empty" else style.colour
    return _GLYPH.format(
        f'<line x1="2" y1="13" x2="32" y2="13" stroke="{style.colour}" stroke-width="{width}"{dash}/>'
        f'<polygon points="31,8 41,13 31,18" fill="{head_fill}" stroke="{style.colour}" stroke-width="1.2"/>'
    )


# --- rendering -----------------------------------------------------------------------------------------


def dot_available() -> bool:
    return shutil.which("dot") is not None


class RenderFailed(Exception):
    """Graphviz failed, timed out or wrote no SVG."""


def render_svg(dot_source: str, timeout: float = 10.0) -> str | None:
    """SVG markup from Graphviz, or None when `dot` is not installed or fails (a graph too big to lay out in
    `timeout` seconds fails too). Only a drawing is remembered: a failure is tried again next time."""
    binary = shutil.which("dot")
    if binary is None:
        return None
    try:
        return _run_dot(binary, dot_source, timeout)
    except RenderFailed as err:
        log.warning("the drawing could not be made: %s", err)
        return None


@functools.lru_cache(maxsize=32)  # one index generation draws the same few graphs over and over
def _run_dot(binary: str, dot_source: str, timeout: float) -> str:
    # Raises instead of returning None, because lru_cache keeps results but never exceptions.
    try:
        completed = subprocess.run(
            [binary, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, timeout=timeout, check=True
        )
    except (subprocess.SubprocessError, OSError) as err:
        raise RenderFailed(str(err)) from err
    svg = completed.stdout.decode("utf-8", "replace")
    # Keep only the <svg> element: the XML prolog and DOCTYPE are not valid inside HTML.
    match = re.search(r"<svg\b.*</svg>", svg, re.S)
    if match is None:
        raise RenderFailed("dot wrote no <svg> element")
    return _for_screen_readers(match.group(0))


# Graphviz names each box and line group with a <title> holding its DOT id ("a4cf9d565bd7bc2e", "a->b").
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
# A labelled line is two links to one fact: the line, and its label (Graphviz's "a_edge3-label" group).
_LABEL_LINK = re.compile(r'(<g id="a_[^"]*&#45;label">)<a ')


def _for_screen_readers(svg: str) -> str:
    """The drawing as a screen reader should meet it: no DOT ids read out as names (the links carry the
    body's name or the whole fact), and each line one Tab stop (its label still takes a click)."""
    return _LABEL_LINK.sub(r'\1<a tabindex="-1" aria-hidden="true" ', _TITLE.sub("", svg))
