"""End to end in a real browser: Debian's Chromium driven by Playwright against a real uvicorn server.

Never `playwright install`: the browser is the system one (apt-get install chromium). Screenshots go to
var/screenshots/ at the repository root so a person can look at what the test saw.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from core.settings import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
QUESTION = "Who does the Provider Alliance report to?"

if not CHROMIUM.exists():
    pytest.skip(
        "!!!!!!!! CHROMIUM IS NOT INSTALLED: the real-browser test is SKIPPED. "
        "Run: apt-get install -y --no-install-recommends chromium !!!!!!!!",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(corpus_settings, services) -> Iterator[str]:
    """A real uvicorn server in a background thread, sharing the session's loaded services."""
    import uvicorn

    from server.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(corpus_settings, services=services), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-browser-test", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).json().get("status") == "ok":
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the server did not answer /healthz within 30 s"
        assert thread.is_alive(), "the server thread died while starting"
        time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: requests leaving 127.0.0.1, script errors, console errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []

    def route(self, route) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def assert_clean(self) -> None:
        assert self.external == [], f"the page tried to reach other hosts: {self.external}"
        assert self.page_errors == [], f"uncaught script errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors (CSP violations show up here): {self.console_errors}"


@pytest.fixture()
def watched_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    yield page, watch
    context.close()


def test_ask_cite_open_passage_and_graph(server_url, watched_page, services):
    from playwright.sync_api import expect

    page, watch = watched_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(server_url + "/")
    expect(page.get_by_label("Your question")).to_be_visible()
    page.evaluate("window.__sameDocument = true")  # lost if the form falls back to a full page load

    page.get_by_label("Your question").fill(QUESTION)
    with page.expect_response(lambda r: r.url.endswith("/api/ask") and r.request.method == "POST") as asked:
        page.locator("#ask-form button[type=submit]").click()
    assert asked.value.status == 200
    citation = page.locator("#conversation article.turn.latest li.citation").first
    expect(citation).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__sameDocument === true"), "the answer came from a page reload, not the JS path"
    expect(page.locator("#conversation .turn.latest .question")).to_contain_text(QUESTION)
    expect(page.locator("#conversation .turn.latest .answer-text")).to_contain_text("Health and Wellbeing Board")
    expect(page.locator("#conversation .welcome")).to_be_hidden()
    expect(page.locator("#question")).to_have_value("")
    assert "/?c=" in page.url
    conversation = page.locator("input[name=conversation_id]").input_value()
    assert conversation and conversation in page.url
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)

    quote = citation.locator("a.quote")
    href = quote.get_attribute("href")
    assert href and href.startswith("/documents/") and href.endswith("#passage")
    quote.click()
    page.wait_for_url("**/documents/**")
    assert urlsplit(page.url).path == urlsplit(href).path
    passage = page.locator("mark#passage")
    expect(passage).to_have_count(1)
    expect(passage).to_be_visible()
    expect(passage).to_be_in_viewport()
    expect(passage).to_be_focused()
    query = parse_qs(urlsplit(href).query)
    document_id = urlsplit(href).path.rsplit("/", 1)[1]
    text = services.search.store.get_document(document_id, with_text=True)["clean_text"]
    span = text[int(query["start"][0]) : int(query["end"][0])]
    assert span.lstrip("\n").startswith(passage.inner_text())
    page.screenshot(path=str(SCREENSHOTS / "viewer.png"))
    # Opened at the passage, the title and the way back to the answer are still on screen.
    expect(page.locator(".doc-bar h1#doc-title")).to_be_in_viewport()
    back = page.locator(".doc-bar a.doc-back")
    expect(back).to_be_in_viewport()
    expect(back).to_have_text("← Back to the answer")
    back.click()
    page.wait_for_url("**/?c=*")
    assert parse_qs(urlsplit(page.url).query)["c"] == [conversation]
    expect(page.locator("#conversation .turn .question").last).to_contain_text(QUESTION)

    page.goto(server_url + "/graph")
    expect(page.locator(".graph-facts li.fact").first).to_be_visible()
    if page.locator("figure.diagram svg").count():
        expect(page.locator("figure.diagram svg")).to_be_visible()
        expect(page.locator("figure.diagram svg a").first).to_be_attached()
    page.screenshot(path=str(SCREENSHOTS / "graph.png"))

    watch.assert_clean()
    for name in ("chat.png", "viewer.png", "graph.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000, name


PARTNERS = "Who are the partners of the One Halton ICP?"
FOCUSABLE = "a[href], button:not([disabled]), input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


def test_javascript_chat_is_the_servers_chat_and_tells_screen_readers(server_url, browser):
    """With JavaScript: an answer arrives without a reload, rendered as the server renders it (highlights,
    cards), is told through a polite live region, with one Tab stop per citation; "Clear conversation"
    appears with the first answer and clears without a reload; "Copy answer with sources" copies text."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(server_url + "/")
        page.evaluate("window.__sameDocument = true")
        clear = page.locator("form.clear button")
        expect(clear).to_be_hidden()
        status = page.locator("#chat-status")
        assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"

        field = page.get_by_label("Your question")
        field.fill(PARTNERS)
        field.press("Enter")
        turn = page.locator("#conversation article.turn.latest")
        expect(turn.locator("ol.sources li.citation").first).to_be_visible(timeout=30_000)
        expect(clear).to_be_visible()  # without a reload
        expect(status).to_have_text(re.compile(r"^Answer: According to .*\d+ sources?\.$"), timeout=5_000)
        expect(field).to_be_focused()  # typed at the field: ready for the next question

        # One Tab stop per citation, and Tab goes from one quote to the next.
        citations = turn.locator("ol.sources li.citation")
        count = citations.count()
        assert count >= 2
        assert turn.locator("ol.sources").locator(FOCUSABLE).count() == count
        citations.nth(0).locator("a.quote").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('li.citation').id") == citations.nth(1).get_attribute("id")

        # The same turn as the server renders it on a reload.
        inserted = turn.evaluate("t => t.innerHTML")
        conversation = page.locator("input[name=conversation_id]").input_value()
        assert conversation and page.url.endswith("/?c=" + conversation)

        copy = turn.locator("button.copy-answer")
        expect(copy).to_be_visible()
        copy.click()
        expect(status).to_have_text("Copied the answer with its sources.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Question: " + PARTNERS) and "\nSources\n[1] " in copied
        assert server_url + "/documents/" in copied

        # A decline: the closest passages keep the question's words marked, as on the server's page.
        field.fill("What is the quorum of the Health and Wellbeing Board?")
        page.locator("#ask-form button[type=submit]").click()
        expect(page.locator("#conversation article.turn")).to_have_count(2, timeout=30_000)
        latest = page.locator("#conversation article.turn.latest")
        expect(latest.locator("details.related[open] li.result").first).to_be_visible()
        assert latest.locator("details.related mark").count() > 0
        expect(status).to_have_text(re.compile(r"^Answer: The documents do not say"))
        expect(latest.locator(".answer")).to_be_focused()  # the button had focus: go to the answer
        assert page.evaluate("window.__sameDocument === true"), "an answer came from a page reload"
        page.screenshot(path=str(SCREENSHOTS / "chat-javascript.png"), full_page=True)

        page.reload()
        assert page.locator("#conversation article.turn").first.evaluate("t => t.innerHTML") == inserted

        page.evaluate("window.__sameDocument = true")
        clear.click()
        expect(page.locator("#conversation article.turn")).to_have_count(0)
        expect(page.locator("#conversation .welcome")).to_be_visible()
        expect(clear).to_be_hidden()
        expect(status).to_have_text("Conversation cleared.")
        assert page.url == server_url + "/" and page.evaluate("window.__sameDocument === true")
        assert httpx.get(f"{server_url}/api/conversations/{conversation}").status_code == 404

        # Cleared elsewhere (another tab) while this page still shows it: the next question starts afresh.
        field.fill("Who chairs the Health and Wellbeing Board?")
        field.press("Enter")
        expect(page.locator("#conversation article.turn")).to_have_count(1, timeout=30_000)
        first = page.locator("input[name=conversation_id]").input_value()
        assert httpx.delete(f"{server_url}/api/conversations/{first}").status_code == 200
        field.fill(PARTNERS)
        field.press("Enter")
        expect(page.locator("#conversation article.turn .question")).to_have_text([re.compile(re.escape(PARTNERS))])
        second = page.locator("input[name=conversation_id]").input_value()
        assert second and second != first and page.url.endswith("/?c=" + second)
        expect(page.locator("#ask-form .error")).to_have_count(0)
        watch.console_errors = [m for m in watch.console_errors if "status of 404" not in m]  # the refused ask
        watch.assert_clean()
    finally:
        context.close()


def test_chunk_hash_highlights_the_chunk(server_url, watched_page, services):
    from playwright.sync_api import expect

    page, watch = watched_page
    chunk = services.search.store.chunks_for("hwb-2018-acs")[10]
    page.goto(f"{server_url}/documents/hwb-2018-acs#chunk-{chunk['id']}")
    mark = page.locator("#doc-text mark").first
    expect(mark).to_be_visible(timeout=5_000)
    text = services.search.store.get_document("hwb-2018-acs", with_text=True)["clean_text"]
    assert text[chunk["start"] : chunk["end"]].lstrip("\n").startswith(mark.inner_text())
    expect(mark).to_be_in_viewport()
    watch.assert_clean()


def test_request_guard_catches_other_hosts(server_url, watched_page):
    """The guard the tests above rely on really sees (and stops) a request that leaves 127.0.0.1."""
    from playwright.sync_api import Error

    page, watch = watched_page
    page.goto(server_url + "/documents")
    with pytest.raises(Error):
        page.goto("http://example.invalid/tracker.js")
    assert watch.external == ["http://example.invalid/tracker.js"]


# --- the governance graph's drawing: zoom, pan, focus ---------------------------------------------------

# The on-screen size of the smallest box label, in CSS pixels: its font size times the drawing's scale.
LABEL_PX = """() => {
  const svg = document.querySelector("figure.diagram svg");
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll("g.node text")].map((t) => parseFloat(t.getAttribute("font-size")));
  return Math.min(...sizes) * scale;
}"""


def _busiest(services) -> dict:
    graph = services.graph.payload()
    lines = [e for e in graph["edges"] if e["source"] != e["target"]]
    return max(graph["nodes"], key=lambda n: sum(n["id"] in (e["source"], e["target"]) for e in lines))


def test_graph_drawing_zooms_and_pans_by_buttons_keys_and_drag(server_url, browser, services):
    from playwright.sync_api import expect

    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: there is no drawing to zoom")
    context = browser.new_context(viewport=VIEWPORTS["desktop"], service_workers="block")
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    try:
        page.goto(server_url + "/graph")
        figure, viewport = page.locator("figure.diagram"), page.locator(".diagram-viewport")
        tools = page.locator(".diagram-tools")
        expect(tools).to_be_visible()  # graph.js shows the buttons
        expect(figure).to_have_attribute("data-scale", "1")
        assert page.evaluate(LABEL_PX) >= 14, "box labels are smaller than body text at the natural size"
        width = lambda: float(page.locator("figure.diagram svg").get_attribute("width").removesuffix("pt"))  # noqa: E731
        natural = width()

        page.get_by_role("button", name="Zoom in").click()
        expect(figure).to_have_attribute("data-scale", "1.25")
        assert width() == pytest.approx(natural * 1.25, rel=0.01)
        expect(page.locator(".zoom-level")).to_have_text("125%")
        page.get_by_role("button", name="Reset").click()
        expect(figure).to_have_attribute("data-scale", "1")

        viewport.focus()
        page.keyboard.press("+")
        expect(figure).to_have_attribute("data-scale", "1.25")
        page.keyboard.press("-")
        page.keyboard.press("-")
        expect(figure).to_have_attribute("data-scale", str(float(figure.get_attribute("data-min-scale"))))
        # Zooming out stops where a box's label is still 14 px, and the button says so.
        expect(page.get_by_role("button", name="Zoom out")).to_have_attribute("aria-disabled", "true")
        assert page.evaluate(LABEL_PX) >= 14 - 0.05
        page.keyboard.press("0")
        expect(figure).to_have_attribute("data-scale", "1")

        overflows = page.evaluate("(v) => v.scrollWidth > v.clientWidth", viewport.element_handle())
        assert overflows, "the drawing fits its box at natural size: nothing to pan (the test needs a wider graph)"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert viewport.evaluate("v => v.scrollLeft") > 0
        left = viewport.evaluate("v => v.scrollLeft")
        box = viewport.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + 40, steps=5)
        page.mouse.up()
        assert viewport.evaluate("v => v.scrollLeft") > left + 100, "dragging the drawing did not pan it"
        assert urlsplit(page.url).path == "/graph", "a drag was taken as a click on a box"
        page.screenshot(path=str(SCREENSHOTS / "graph-zoomed.png"))

        # Choosing a body in the select (the no-JavaScript path too) draws it with its neighbours only.
        busiest = _busiest(services)
        page.select_option("select#focus", busiest["id"])
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**/graph?focus=*")
        expect(page.locator("main h1")).to_have_text(f"Governance graph: {busiest['name']}")
        graph = services.graph.payload()
        touching = [e for e in graph["edges"] if busiest["id"] in (e["source"], e["target"])]
        ids = {e["source"] for e in touching} | {e["target"] for e in touching}
        expect(page.locator("figure.diagram svg g.node")).to_have_count(len(ids))
        # A box in the drawing moves the focus to that body.
        other = page.locator("figure.diagram svg g.node a").filter(has_not_text=busiest["name"]).first
        other.click()
        page.wait_for_url("**/graph?focus=*#drawing")
        assert parse_qs(urlsplit(page.url).query)["focus"][0] != busiest["id"]
        watch.assert_clean()
    finally:
        context.close()


def _graph_page(browser, size: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS[size], service_workers="block")
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    return context, page, watch


def test_zoom_buttons_keep_the_keyboard_focus_at_their_limits(server_url, browser):
    from playwright.sync_api import expect

    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: there is no drawing to zoom")
    context, page, watch = _graph_page(browser, "desktop")
    try:
        page.goto(server_url + "/graph")
        figure = page.locator("figure.diagram")
        zoom_out, zoom_in = page.get_by_role("button", name="Zoom out"), page.get_by_role("button", name="Zoom in")
        expect(zoom_out).to_have_attribute("aria-disabled", "false")
        zoom_out.focus()
        page.keyboard.press("Enter")  # one press reaches the floor (a label still 14 px tall)
        expect(figure).to_have_attribute("data-scale", str(float(figure.get_attribute("data-min-scale"))))
        expect(zoom_out).to_have_attribute("aria-disabled", "true")
        expect(zoom_out).to_be_focused()  # a disabled button would drop the focus to <body>
        page.keyboard.press("Enter")  # at its limit the button does nothing
        expect(figure).to_have_attribute("data-scale", str(float(figure.get_attribute("data-min-scale"))))
        zoom_in.focus()
        for _ in range(8):
            page.keyboard.press("Enter")
        expect(figure).to_have_attribute("data-scale", "3")
        expect(zoom_in).to_have_attribute("aria-disabled", "true")
        expect(zoom_in).to_be_focused()
        expect(zoom_out).to_have_attribute("aria-disabled", "false")
        # Past the zoom buttons, a link shown only when focused skips the drawing's many links.
        skip = page.get_by_role("link", name="Skip to the list of facts")
        skip.focus()
        box = skip.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 20, "the skip link is not shown when focused"
        page.keyboard.press("Enter")
        expect(page.locator("#facts-heading")).to_be_focused()
        watch.assert_clean()
    finally:
        context.close()


ON_SCREEN = """() => {
  const node = document.querySelector("figure.diagram svg g.node.focus").getBoundingClientRect();
  const box = document.querySelector(".diagram-viewport").getBoundingClientRect();
  return node.top >= Math.max(0, box.top) && node.bottom <= Math.min(innerHeight, box.bottom)
    && node.left >= Math.max(0, box.left) && node.right <= Math.min(innerWidth, box.right);
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_focus_view_opens_on_the_chosen_body_and_reset_comes_back_to_it(server_url, browser, services, size):
    """On a phone the drawing starts below the fold: the page scrolls it up so the chosen body is on screen."""
    from playwright.sync_api import expect

    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: there is no drawing")
    busiest = _busiest(services)
    context, page, watch = _graph_page(browser, size)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(server_url + f"/graph?focus={busiest['id']}")  # as the select's form opens it: no #drawing
        page.wait_for_load_state("load")
        page.screenshot(path=str(SCREENSHOTS / f"graph-focus-{size}-first-screen.png"))
        assert page.evaluate(ON_SCREEN), "the chosen body is not on the first screen"
        viewport = page.locator(".diagram-viewport")
        opened = viewport.evaluate("v => [v.scrollLeft, v.scrollTop]")
        page.get_by_role("button", name="Zoom in").click()
        viewport.evaluate("v => { v.scrollLeft = 0; v.scrollTop = 0; }")
        page.get_by_role("button", name="Reset").click()
        expect(page.locator("figure.diagram")).to_have_attribute("data-scale", "1")
        assert viewport.evaluate("v => [v.scrollLeft, v.scrollTop]") == opened, "Reset is not the view the page opened"
        assert page.evaluate(ON_SCREEN), "after Reset the chosen body is out of sight"
        watch.assert_clean()
    finally:
        context.close()


# --- every page at a phone's and a desktop's size: no sideways scrolling, no axe-core violations ------

AXE_VERSION = "4.14.1"
AXE_DIR = ROOT / "var" / "npm"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
SCREENSHOT_MAX_HEIGHT = 6000  # a whole document would be a 100,000 px picture nobody looks at


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core, installed from the npm registry into var/npm (never committed, never from a CDN)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    manifest = AXE_DIR / "node_modules" / "axe-core" / "package.json"
    installed = manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")).get("version") == AXE_VERSION
    if not installed:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                "!!!!!!!! NPM IS NOT INSTALLED: the accessibility check needs axe-core from the npm registry. "
                "Run: apt-get install -y --no-install-recommends npm !!!!!!!!"
            )
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", f"axe-core@{AXE_VERSION}"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not script.exists():
            pytest.fail(
                f"!!!!!!!! npm COULD NOT INSTALL axe-core@{AXE_VERSION}: the accessibility check cannot run !!!!!!!!\n"
                f"{done.stdout}\n{done.stderr}"
            )
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_pages(server_url, services) -> dict[str, tuple[str, int]]:
    """One of each page a person meets, by name, with the status it answers: real content, every template."""
    store = services.search.store
    longest = max(store.list_documents(), key=lambda d: d["sections"])  # the longest outline of section links
    passage = store.chunks_for(longest["id"])[len(store.chunks_for(longest["id"])) // 2]
    with httpx.Client(base_url=server_url, timeout=60) as http:
        asked = http.post("/ask", data={"question": QUESTION}, follow_redirects=False)
        assert asked.status_code == 303, asked.text[:300]
        chat = asked.headers["location"].split("#")[0]
        conversation = parse_qs(urlsplit(chat).query)["c"][0]
        for question in ("What is the salary of the chair?", PARTNERS, "And how often does it meet?"):
            follow = http.post("/ask", data={"question": question, "conversation_id": conversation})
            assert follow.status_code == 303, follow.text[:300]
    partner = next(r["body"] for r in store.commitments() if r["body"])
    graph = services.graph.payload()
    busiest = max(graph["nodes"], key=lambda n: sum(n["id"] in (e["source"], e["target"]) for e in graph["edges"]))
    return {
        "chat": ("/", 200),
        "chat-answered": (chat, 200),
        "search": ("/search?q=partners", 200),
        "search-no-match": ("/search?q=quorum", 200),
        "search-too-long": ("/search?q=" + "board+" * 400, 422),
        "documents": ("/documents", 200),
        "viewer": (f"/documents/{longest['id']}?start={passage['start']}&end={passage['end']}#passage", 200),
        "graph": ("/graph", 200),
        "graph-members": ("/graph?members=1", 200),
        "graph-focus": (f"/graph?focus={busiest['id']}#drawing", 200),
        "entity": (f"/entities/{busiest['id']}", 200),
        "commitments": ("/commitments", 200),
        "commitments-filtered": (f"/commitments?body={quote(partner)}", 200),
        "commitments-bad-filter": ("/commitments?body=Nobody+at+all", 422),
        "not-found": ("/nope", 404),
        "bad-request": ("/graph?members=7", 422),
    }


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}"""

WIDTHS = """() => {
  const root = document.documentElement;
  const scrolls = (e) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
  const inBox = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return true;
    return false;
  };
  const wider = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !inBox(e))
    .slice(0, 6)
    .map((e) => e.tagName.toLowerCase() + (typeof e.className === "string" && e.className ? "." + e.className : ""));
  return { page: root.scrollWidth, viewport: root.clientWidth, wider: wider };
}"""


LINES_OF = """(selector) => [...document.querySelectorAll(selector)].map((e) => {
  const range = document.createRange();
  range.selectNodeContents(e);
  return { text: e.textContent.trim(), lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
})"""
# The room between a badge's text and its rounded edge, left and right.
BADGE_GAPS = """() => [...document.querySelectorAll(".chip")].flatMap((chip) => {
  const range = document.createRange();
  range.selectNodeContents(chip);
  const text = range.getBoundingClientRect(), box = chip.getBoundingClientRect();
  return [text.left - box.left, box.right - text.right];
})"""


def report_layout(page, name: str, details: dict) -> None:  # type: ignore[no-untyped-def]
    """Small things the issue named: dates that wrapped in the library, a "[1]" badge whose text touched its edge."""
    if name == "documents":
        details["wrapped_dates"] = [d["text"] for d in page.evaluate(LINES_OF, "td.date") if d["lines"] > 1]
    if name == "chat-answered":
        details["badge_gaps"] = page.evaluate(BADGE_GAPS)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_every_page_fits_the_screen_and_passes_axe(browser, server_url, site_pages, axe_source, size):
    viewport = VIEWPORTS[size]
    context = browser.new_context(viewport=viewport, service_workers="block")
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict] = {}
    try:
        for name, (path, status) in site_pages.items():
            response = page.goto(server_url + path)
            assert response is not None and response.status == status, (name, path)
            page.wait_for_load_state("load")
            # An error page's own status is logged as a console error; any other error still counts.
            expected = f"the server responded with a status of {status}"
            watch.console_errors = [m for m in watch.console_errors if status < 400 or expected not in m]
            widths = page.evaluate(WIDTHS)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}-screen.png"))  # what opens on the screen
            page.evaluate("window.scrollTo(0, 0)")  # sticky parts sit where they belong in the whole page
            height = min(SCREENSHOT_MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{size}.png"),
                full_page=True,
                clip={"x": 0, "y": 0, "width": widths["page"], "height": height},
            )
            details: dict = {}
            report_layout(page, name, details)
            page.evaluate(axe_source)  # evaluated through the DevTools protocol: the page's CSP still holds for it
            violations = page.evaluate(AXE_RUN, AXE_TAGS)
            report[name] = {"path": path, **widths, **details, "violations": violations}
    finally:
        context.close()
        (SCREENSHOTS / f"report-{size}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    too_wide = {n: (r["page"], r["wider"]) for n, r in report.items() if r["page"] > r["viewport"]}
    assert report["documents"]["wrapped_dates"] == [], "dates in the document table break over lines"
    assert report["chat-answered"]["badge_gaps"], "no citation badge on the answered chat"
    assert min(report["chat-answered"]["badge_gaps"]) >= 6, "a citation badge's text touches its edge"
    failing = {n: [(v["id"], len(v["nodes"]), v["nodes"][:3]) for v in r["violations"]] for n, r in report.items()}
    failing = {n: v for n, v in failing.items() if v}
    assert too_wide == {}, f"pages wider than the {viewport['width']} px screen: {too_wide}"
    assert failing == {}, f"axe-core ({', '.join(AXE_TAGS)}) found violations at {size} size: {failing}"
    watch.assert_clean()
