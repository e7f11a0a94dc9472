"""Draw the governance structure as SVG with Graphviz's `dot`, locally; DOT export for the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

STRUCTURE_RELATIONS = (
    "reports_to",
    "accountable_to",
    "oversees",
    "part_of",
    "chairs",
    "supports",
    "renamed_to",
    "held_to_account_by",
)
MEMBERSHIP_RELATIONS = ("member_of", "partner_of", "signatory_of")
_STYLE = {
    "reports_to": 'color="#1f5fa8"',
    "accountable_to": 'color="#1f5fa8", style=dashed',
    "oversees": 'color="#2f7d4a"',
    "part_of": 'color="#666666", style=dotted',
    "chairs": 'color="#8a4b08"',
    "supports": 'color="#6b4fa0", style=dashed',
    "renamed_to": 'color="#a01f3c", style=bold',
    "held_to_account_by": 'color="#1f5fa8", style=dotted',
    "member_of": 'color="#999999"',
    "partner_of": 'color="#999999"',
    "signatory_of": 'color="#999999", style=dashed',
}
_SHAPES = {"body": "box", "partnership": "box3d", "organisation": "ellipse", "role": "note", "person": "note"}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(graph: dict[str, Any], include_membership: bool = False) -> str:
    """DOT text for the graph's structural edges (and membership when asked)."""
    relations = STRUCTURE_RELATIONS + (MEMBERSHIP_RELATIONS if include_membership else ())
    edges = [e for e in graph["edges"] if e["relation"] in relations and e["source"] != e["target"]]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    lines = [
        "digraph governance {",
        '  graph [rankdir=LR, fontname="Helvetica", bgcolor="transparent", nodesep=0.3, ranksep=0.6];',
        '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#f4f7fb", color="#4a6785"];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for node in graph["nodes"]:
        if node["id"] not in used:
            continue
        shape = _SHAPES.get(node["type"], "box")
        lines.append(
            f"  {_quote(node['id'])} [label={_quote(node['name'])}, shape={shape}, "
            f"URL={_quote('/entities/' + node['id'])}, tooltip={_quote(node['name'])}];"
        )
    for e in edges:
        label = e["relation"].replace("_", " ")
        if e.get("attributes", {}).get("status") == "proposed":
            label += " (proposed)"
        lines.append(
            f"  {_quote(e['source'])} -> {_quote(e['target'])} "
            f"[label={_quote(label)}, {_STYLE.get(e['relation'], '')}, "
            f"URL={_quote('/entities/' + e['source'] + '#edge-' + e['id'])}, tooltip={_quote(label)}];"
        )
    lines.append("}")
    return "\n".join(lines)


def dot_available() -> bool:
    return shutil.which("dot") is not None


def render_svg(dot_source: str, timeout: float = 10.0) -> str | None:
    """SVG markup from Graphviz, or None when `dot` is not installed or fails."""
    binary = shutil.which("dot")
    if binary is None:
        return None
    try:
        completed = subprocess.run(
            [binary, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, timeout=timeout, check=True
        )
    except (subprocess.SubprocessError, OSError):
        return None
    svg = completed.stdout.decode("utf-8", "replace")
    # Keep only the <svg> element: the XML prolog and DOCTYPE are not valid inside HTML.
    match = re.search(r"<svg\b.*</svg>", svg, re.S)
    return match.group(0) if match else None
