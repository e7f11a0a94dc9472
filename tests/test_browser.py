"""End to end in a real browser: Debian's Chromium driven by Playwright against a real uvicorn server.

Never `playwright install`: the browser is the system one (apt-get install chromium). Screenshots go to
var/screenshots/ at the repository root so a person can look at what the test saw.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

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
    expect(page.locator("#conversation .welcome")).to_have_count(0)
    expect(page.locator("#question")).to_have_value("")
    assert "/?c=" in page.url
    conversation = page.locator("input[name=conversation_id]").input_value()
    assert conversation and conversation in page.url
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)

    chip = citation.locator("a.chip")
    href = chip.get_attribute("href")
    assert href and href.startswith("/documents/") and href.endswith("#passage")
    chip.click()
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

    page.goto(server_url + "/graph")
    expect(page.locator("table.facts tbody tr").first).to_be_visible()
    if page.locator("figure.diagram svg").count():
        expect(page.locator("figure.diagram svg")).to_be_visible()
        expect(page.locator("figure.diagram svg a").first).to_be_attached()
    page.screenshot(path=str(SCREENSHOTS / "graph.png"))

    watch.assert_clean()
    for name in ("chat.png", "viewer.png", "graph.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000, name


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
