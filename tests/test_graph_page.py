"""The governance graph page: a drawing at its natural size, a key made from the drawing's own style table,
a focus view of one body, and the same facts as a list (which stays when Graphviz is missing)."""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from server import diagram
from server.diagram import (
    GLYPH_SHAPES,
    LINE_STYLES,
    MEMBERSHIP_RELATIONS,
    NODE_SHAPES,
    drawing_key,
    drawn_edges,
    line_style,
    min_scale,
    neighbourhood,
    relation_words,
    render_svg,
    to_dot,
)

DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz (dot) is not installed")


def page(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def _edge(source: str, relation: str, target: str, n: int) -> dict:
    return {"id": f"e{n}", "source": source, "target": target, "relation": relation, "attributes": {}, "evidence": []}


# An invented partnership: a board, a partnership with two members, and a relation no style knows.
SMALL = {
    "nodes": [
        {"id": "board", "name": "Northby Health Board", "type": "body"},
        {"id": "alliance", "name": "Northby Provider Alliance", "type": "partnership"},
        {"id": "council", "name": "Weston Council", "type": "organisation"},
        {"id": "chair", "name": "Ada Quill", "type": "person"},
        {"id": "forum", "name": "Eastfield Forum", "type": "body"},
        {"id": "alone", "name": "Unlinked Group", "type": "body"},
    ],
    "edges": [
        _edge("alliance", "reports_to", "board", 1),
        _edge("chair", "chairs", "board", 2),
        _edge("council", "member_of", "alliance", 3),
        _edge("forum", "advises", "board", 4),
        _edge("board", "meets", "board", 5),
    ],
}


def _svg(dot: str) -> BeautifulSoup:
    svg = render_svg(dot)
    assert svg is not None
    return BeautifulSoup(svg, "html.parser")


def _strokes(soup: BeautifulSoup) -> set[tuple[str, str]]:
    """(colour, dash pattern) of every line drawn between two boxes."""
    found = set()
    for edge in soup.select("g.edge"):
        path = edge.find("path")
        found.add((path["stroke"].lower(), path.get("stroke-dasharray", "")))
    return found


def _key_strokes(key: dict) -> set[tuple[str, str]]:
    found = set()
    for entry in key["lines"]:
        line = BeautifulSoup(entry.glyph, "html.parser").find("line")
        found.add((line["stroke"].lower(), line.get("stroke-dasharray", "")))
    return found


# --- the style table, the drawing and its key ----------------------------------------------------------


def test_every_shape_and_line_in_the_table_can_be_drawn_in_the_key():
    assert {s.key for s in NODE_SHAPES.values()} <= set(GLYPH_SHAPES)
    # No two relations look alike: colour, pattern and arrowhead together tell each one apart.
    looks = [(s.colour, s.pattern, s.arrowhead) for s in LINE_STYLES.values()]
    assert len(looks) == len(set(looks))


def test_drawn_edges_leave_out_facts_about_one_body_and_membership_unless_asked():
    assert {e["relation"] for e in drawn_edges(SMALL, False)} == {"reports_to", "chairs", "advises"}
    assert {e["relation"] for e in drawn_edges(SMALL, True)} == {"reports_to", "chairs", "advises", "member_of"}


def test_the_key_names_exactly_what_the_drawing_uses():
    key = drawing_key(SMALL, drawn_edges(SMALL, False))
    assert [k.meaning for k in key["lines"]] == ["reports to", "chairs", "advises"]
    meanings = [k.meaning for k in key["boxes"]]
    # Boxes of the types drawn: the council (a member only) and the unlinked group are not in this drawing.
    assert meanings == [NODE_SHAPES["body"].meaning, NODE_SHAPES["partnership"].meaning, NODE_SHAPES["person"].meaning]
    with_members = drawing_key(SMALL, drawn_edges(SMALL, True), focus="alliance")
    assert "is a member of" in [k.meaning for k in with_members["lines"]]
    assert NODE_SHAPES["organisation"].meaning in [k.meaning for k in with_members["boxes"]]
    assert with_members["boxes"][-1].meaning == "the body you chose"


@needs_dot
def test_the_lines_drawn_are_the_lines_in_the_key():
    for members in (False, True):
        edges = drawn_edges(SMALL, members)
        soup = _svg(to_dot(SMALL, include_membership=members))
        assert len(soup.select("g.edge")) == len(edges)
        assert _strokes(soup) == _key_strokes(drawing_key(SMALL, edges))


@needs_dot
def test_a_relation_no_style_knows_is_still_drawn_and_labelled_in_its_own_words():
    soup = _svg(to_dot(SMALL))
    labels = [t.get_text() for t in soup.select("g.edge text")]
    assert "advises" in labels and "reports to" in labels
    advises = next(e for e in soup.select("g.edge") if e.find("text") and e.find("text").get_text() == "advises")
    assert advises.find("path")["stroke"].lower() == line_style("advises").colour.lower()


@needs_dot
def test_the_drawing_is_at_natural_size_with_labels_at_body_text_size():
    svg = _svg(to_dot(SMALL)).find("svg")
    width, height = svg["width"], svg["height"]
    assert width.endswith("pt") and height.endswith("pt")
    box = [float(v) for v in svg["viewbox"].split()]
    # One point per user unit: the drawing is not shrunk to fit, and a label's size is its font size.
    assert float(width[:-2]) == pytest.approx(box[2], abs=1) and float(height[:-2]) == pytest.approx(box[3], abs=1)
    node_sizes = {float(t["font-size"]) for t in svg.select("g.node text")}
    assert node_sizes and min(node_sizes) * 4 / 3 * min_scale() >= 14 - 0.05  # even zoomed right out


@needs_dot
def test_the_drawing_names_boxes_and_lines_in_words_never_by_id():
    soup = _svg(to_dot(SMALL, include_membership=True, focus="board"))
    # Graphviz's <title>s hold DOT ids ("board", "alliance->board"), which screen readers read out.
    assert soup.find_all("title") == []
    names = {n["id"]: n["name"] for n in SMALL["nodes"]}
    boxes = [a["xlink:title"] for a in soup.select("g.node a")]
    assert sorted(boxes) == sorted(names[i] for i in ("board", "alliance", "council", "chair", "forum"))
    # One Tab stop per line, named by the whole fact; a line's label is a second link, for the mouse only.
    tabbable = [a for edge in soup.select("g.edge") for a in edge.select("a:not([tabindex='-1'])")]
    assert len(tabbable) == len(soup.select("g.edge"))
    assert all(a["aria-hidden"] == "true" for a in soup.select("g.edge a[tabindex='-1']"))
    assert {a["xlink:title"] for a in soup.select("g.edge a")} == {a["xlink:title"] for a in tabbable}
    assert {a["xlink:title"] for a in tabbable} == {
        "Northby Provider Alliance reports to Northby Health Board",
        "Ada Quill chairs Northby Health Board",
        "Weston Council is a member of Northby Provider Alliance",
        "Eastfield Forum advises Northby Health Board",
    }
    (focused,) = soup.select("g.node.focus")  # how graph.js finds the chosen body
    assert focused.find("a")["xlink:title"] == "Northby Health Board"


def test_membership_lines_are_unlabelled_and_structure_lines_labelled():
    dot = to_dot(SMALL, include_membership=True)
    member_line = next(line for line in dot.splitlines() if '"council" -> "alliance"' in line)
    assert "label=" not in member_line.replace("tooltip=", "")
    assert 'label="reports to"' in next(line for line in dot.splitlines() if '"alliance" -> "board"' in line)
    assert all(not LINE_STYLES[r].labelled for r in MEMBERSHIP_RELATIONS)


def test_neighbourhood_is_one_body_its_edges_and_their_other_ends():
    around = neighbourhood(SMALL, "alliance")
    assert {n["id"] for n in around["nodes"]} == {"alliance", "board", "council"}
    assert {e["id"] for e in around["edges"]} == {"e1", "e3"}


def test_names_are_quoted_for_dot():
    graph = {
        "nodes": [
            {"id": 'a"b', "name": 'The "Quoted" \\ Board', "type": "body"},
            {"id": "c", "name": "C", "type": "x"},
        ],
        "edges": [_edge('a"b', "reports_to", "c", 1)],
    }
    dot = to_dot(graph)
    assert 'label="The \\"Quoted\\" \\\\ Board"' in dot
    if shutil.which("dot"):
        assert "The &quot;Quoted&quot; \\ Board" in (render_svg(dot) or "")


# --- the page, over the real corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(client) -> dict:
    return client.get("/api/graph").json()


def _structure(graph: dict) -> list[dict]:
    return drawn_edges(graph, include_membership=False)


def _busiest(graph: dict) -> dict:
    counts = {n["id"]: 0 for n in graph["nodes"]}
    for e in graph["edges"]:
        if e["source"] != e["target"]:
            counts[e["source"]] += 1
            counts[e["target"]] += 1
    best = max(counts, key=lambda i: counts[i])
    return next(n for n in graph["nodes"] if n["id"] == best)


def _facts(soup: BeautifulSoup) -> list:
    return soup.select("section.graph-facts li.fact")


def test_graph_page_lists_every_fact_grouped_by_relation_with_evidence(client, graph):
    soup = page(client.get("/graph"))
    facts = _facts(soup)
    assert {f["id"] for f in facts} == {f"edge-{e['id']}" for e in graph["edges"]}
    groups = soup.select("section.fact-group")
    relations = [g["aria-labelledby"].removeprefix("rel-") for g in groups]
    assert len(relations) == len(set(relations)) == len({e["relation"] for e in graph["edges"]})
    by_id = {e["id"]: e for e in graph["edges"]}
    for group, relation in zip(groups, relations, strict=True):
        items = group.select("li.fact")
        assert group.find("h3").get_text(" ", strip=True).endswith(f"({len(items)})")
        for item in items:
            edge = by_id[item["id"].removeprefix("edge-")]
            assert edge["relation"] == relation
            links = item.select("ul.evidence a")
            assert len(links) == len(edge["evidence"]) >= 1
            assert all(a["href"].startswith("/documents/") and a["href"].endswith("#passage") for a in links)
            assert item.select_one("p a")["href"] == f"/entities/{edge['source']}"


@needs_dot
def test_graph_page_draws_the_structure_with_a_key_and_zoom_controls(client, graph):
    soup = page(client.get("/graph"))
    figure = soup.select_one("figure.diagram#drawing")
    viewport = figure.select_one(".diagram-viewport[tabindex='0']")
    assert viewport is not None and viewport.get("aria-label")
    svg = viewport.find("svg")
    assert svg is not None
    assert len(svg.select("g.edge")) == len(_structure(graph))
    assert float(figure["data-min-scale"]) == min_scale() and float(figure["data-max-scale"]) > 1
    buttons = [b.get_text(strip=True) for b in figure.select(".diagram-tools button")]
    assert buttons == ["Zoom out", "Zoom in", "Reset"]
    tools = figure.select_one(".diagram-tools")
    assert tools.has_attr("hidden")  # shown by graph.js; useless without it
    assert tools.get("role") != "toolbar"  # a toolbar promises arrow keys between its buttons
    # The drawing's links are dozens of Tab stops: a link before them goes straight to the same facts listed.
    skip = figure.find("a")
    assert skip.get_text(strip=True) == "Skip to the list of facts" and "skip-inline" in skip["class"]
    assert soup.select_one(skip["href"]) is soup.select_one("section.graph-facts h2")
    assert svg.find_all("title") == []  # no DOT ids read out as names
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    by_fact = {
        f"#edge-{e['id']}": f"{names[e['source']]} {relation_words(e['relation'])} {names[e['target']]}"
        for e in graph["edges"]
    }
    for line in svg.select("g.edge a"):
        assert line["xlink:title"].removesuffix(" (proposed)") == by_fact[line["xlink:href"]]
    # A box opens that body's focus view; a line leads to its fact below, with the evidence.
    node_links = [a.get("xlink:href") for a in svg.select("g.node a")]
    assert node_links and all(re.fullmatch(r"/graph\?focus=[0-9a-f]+#drawing", link) for link in node_links)
    fact_ids = {f["id"] for f in _facts(soup)}
    edge_links = [a.get("xlink:href") for a in svg.select("g.edge a")]
    assert edge_links and all(link.startswith("#") and link[1:] in fact_ids for link in edge_links)
    key = soup.select_one("section.graph-key")
    drawn_relations = {e["relation"] for e in _structure(graph)}
    assert len(key.select("h3 + ul.key-list")[1].select("li")) == len(drawn_relations)
    key_strokes = {(line["stroke"].lower(), line.get("stroke-dasharray", "")) for line in key.select("svg.glyph line")}
    assert _strokes(BeautifulSoup(str(svg), "html.parser")) == key_strokes
    assert soup.select_one('script[src="/static/graph.js"]') is not None


@needs_dot
def test_members_view_draws_membership_lines_too(client, graph):
    soup = page(client.get("/graph", params={"members": 1}))
    assert len(soup.select("figure.diagram svg g.edge")) == len(drawn_edges(graph, include_membership=True))
    meanings = [li.get_text(" ", strip=True) for li in soup.select("section.graph-key li")]
    assert any("is a partner in" in m for m in meanings)
    assert soup.select_one(".members-toggle a")["href"] == "/graph"


def test_focus_view_shows_one_body_with_its_neighbours_only(client, graph):
    body = _busiest(graph)
    soup = page(client.get("/graph", params={"focus": body["id"]}))
    assert soup.select_one("main h1").get_text(" ", strip=True) == f"Governance graph: {body['name']}"
    touching = [e for e in graph["edges"] if body["id"] in (e["source"], e["target"])]
    assert {f["id"] for f in _facts(soup)} == {f"edge-{e['id']}" for e in touching}
    selected = soup.select_one("select#focus option[selected]")
    assert selected["value"] == body["id"]
    # The select offers every body with a fact, and the whole graph.
    options = [o["value"] for o in soup.select("select#focus option")]
    assert options[0] == "" and len(options) == len(set(options))
    assert body["id"] in options
    if shutil.which("dot"):
        svg = soup.select_one("figure.diagram svg")
        # The chosen body (the one box marked focus) opens its own page; every other box moves the focus there.
        (chosen,) = svg.select("g.node.focus")
        assert chosen.find("a")["xlink:href"] == f"/entities/{body['id']}"
        others = [node.find("a")["xlink:href"] for node in svg.select("g.node:not(.focus)")]
        assert all(re.fullmatch(r"/graph\?focus=[0-9a-f]+#drawing", link) for link in others)
        drawn = {link.removeprefix("/graph?focus=").removesuffix("#drawing") for link in others}
        neighbours = {e["source"] for e in touching} | {e["target"] for e in touching}
        assert drawn | {body["id"]} == neighbours | {body["id"]} and body["id"] not in drawn
        assert len(svg.select("g.edge")) == len([e for e in touching if e["source"] != e["target"]])
        assert soup.select_one("figure.diagram")["data-focus"] == body["id"]
        boxes = soup.select("section.graph-key ul.key-list")[0]
        assert boxes.select("li")[-1].get_text(strip=True) == "the body you chose"


def test_every_body_with_a_fact_can_be_chosen(client, graph):
    options = [o["value"] for o in page(client.get("/graph")).select("select#focus option")]
    with_facts = {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]}
    assert options[0] == "" and set(options[1:]) == with_facts and len(options) == len(with_facts) + 1


def _only_facts_about_itself(graph: dict) -> dict:
    """A body the documents say things of ("meets monthly") but link to no other body."""
    touching: dict[str, list[dict]] = {}
    for e in graph["edges"]:
        for end in {e["source"], e["target"]}:
            touching.setdefault(end, []).append(e)
    return next(
        n
        for n in graph["nodes"]
        if touching.get(n["id"]) and all(e["source"] == e["target"] for e in touching[n["id"]])
    )


def test_a_body_with_facts_about_itself_only_is_shown_plainly(client, graph):
    body = _only_facts_about_itself(graph)
    soup = page(client.get("/graph", params={"focus": body["id"]}))
    assert soup.select_one("select#focus option[selected]")["value"] == body["id"]  # not "The whole graph"
    summary = soup.select_one(".focus-summary").get_text(" ", strip=True)
    assert "0 bodies" not in summary
    assert summary.startswith(f"No fact in the documents links {body['name']} to another body")
    assert soup.select_one("figure.diagram svg") is None
    assert {f["id"] for f in _facts(soup)} == {
        f"edge-{e['id']}" for e in graph["edges"] if e["source"] == e["target"] == body["id"]
    }
    # Its page lists those facts, and does not offer a drawing there is nothing to draw in.
    entity = page(client.get(f"/entities/{body['id']}"))
    assert entity.select("li.fact")
    assert not [a for a in entity.find_all("a", href=True) if a["href"].startswith("/graph?focus=")]


def test_focus_form_works_without_javascript(client, graph):
    soup = page(client.get("/graph"))
    form = soup.select_one("form.focus-form")
    assert form["method"] == "get" and form["action"] == "/graph"
    assert form.select_one("select")["name"] == "focus"
    assert soup.select_one("label[for=focus]").get_text(strip=True)
    assert form.select_one("button[type=submit]") is not None


def test_an_unknown_focus_is_a_404_page_naming_it(client):
    soup = page(client.get("/graph", params={"focus": "no-such-body"}), 404)
    assert "no-such-body" in soup.select_one("main .error[role=alert]").get_text()


@pytest.mark.parametrize("query", ["focus=" + "x" * 201, "members=2"])
def test_a_bad_graph_parameter_is_a_422_page(client, query):
    page(client.get(f"/graph?{query}"), 422)


def test_entity_page_links_to_its_focus_view(client, graph):
    body = _busiest(graph)
    soup = page(client.get(f"/entities/{body['id']}"))
    assert soup.find("a", href=f"/graph?focus={body['id']}#drawing") is not None


def test_without_graphviz_the_facts_are_still_listed(client, graph, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere on it
    soup = page(client.get("/graph"))
    figure = soup.select_one("figure.diagram")
    assert figure.find("svg") is None
    assert "Graphviz" in figure.select_one(".notice").get_text()
    assert len(_facts(soup)) == len(graph["edges"])


def test_a_graph_too_big_to_draw_asks_for_a_focus(client, graph, monkeypatch):
    monkeypatch.setattr("server.routes.pages.MAX_DRAWN_EDGES", 3)
    soup = page(client.get("/graph"))
    notice = soup.select_one("figure.diagram .notice").get_text(" ", strip=True)
    assert f"{len(_structure(graph))} lines" in notice and "Choose a body" in notice
    assert soup.select_one("figure.diagram svg") is None
    assert len(_facts(soup)) == len(graph["edges"])
    lines = {n["id"]: sum(n["id"] in (e["source"], e["target"]) for e in _structure(graph)) for n in graph["nodes"]}
    small = next(
        n
        for n in graph["nodes"]
        if lines[n["id"]] == 1
        and not any(
            n["id"] in (e["source"], e["target"]) and e["relation"] in MEMBERSHIP_RELATIONS for e in graph["edges"]
        )
    )
    focused = page(client.get("/graph", params={"focus": small["id"]}))
    if shutil.which("dot"):
        assert focused.select_one("figure.diagram svg") is not None


@needs_dot
def test_render_is_cached_per_dot_source():
    diagram._run_dot.cache_clear()
    dot = to_dot(SMALL)
    first = render_svg(dot)
    assert first is not None and first.startswith("<svg")
    assert render_svg(dot) == first
    assert diagram._run_dot.cache_info().hits == 1
    render_svg(to_dot(SMALL, include_membership=True))
    assert diagram._run_dot.cache_info().misses == 2


@needs_dot
def test_a_failed_render_is_not_cached(tmp_path, monkeypatch):
    # A `dot` that fails (as a real one does on a timeout or a crash), then the real one at the same path.
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    diagram._run_dot.cache_clear()
    dot = to_dot(SMALL)
    assert render_svg(dot) is None
    fake.write_text(f'#!/bin/sh\nexec "{DOT}" "$@"\n', encoding="utf-8")
    svg = render_svg(dot)
    assert svg is not None and svg.startswith("<svg")
