"""Clients that send what no honest page sends get a 4xx with a message, never a 5xx, and change nothing stored.

Real requests against the real app (the session's corpus and model): invalid Unicode, bodies over the limit,
cross-origin form posts, a conversation deleted while a question on it is answered, the chat memory's caps,
conversation ids in the access log, and the OpenAPI document against what the routes really return.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from bs4 import BeautifulSoup

from core.errors import InvalidInput, NotFound
from index.conversations import ConversationStore
from index.search import HybridSearcher

SURROGATE_BODY = b'{"question": "\\ud800 board"}'  # valid JSON; "\ud800" is half of a UTF-16 pair
EVIL = "https://evil.example"


def error_of(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text[:300])
    if response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert body["error"]["status"] == status
        return body["error"]["message"]
    assert response.headers["content-type"].startswith("text/html")
    alert = BeautifulSoup(response.text, "html.parser").select_one("main .error[role=alert]")
    assert alert is not None, response.text[:500]
    return alert.get_text(" ", strip=True)


def orphan_turns(services) -> int:
    """Turns whose conversation is gone: what a half-done write would leave."""
    conn = sqlite3.connect(services.conversations.path)
    try:
        return conn.execute(
            "SELECT count(*) FROM turns WHERE conversation_id NOT IN (SELECT id FROM conversations)"
        ).fetchone()[0]
    finally:
        conn.close()


def new_conversation(client) -> str:
    response = client.post("/api/ask", json={"question": "Who chairs the Health and Wellbeing Board?"})
    assert response.status_code == 200
    return response.json()["conversation_id"]


# --- invalid Unicode ------------------------------------------------------------------------------


def test_lone_surrogate_in_a_question_is_a_422_and_leaves_no_conversation(client, services):
    before = services.conversations.count()

    response = client.post("/api/ask", content=SURROGATE_BODY, headers={"content-type": "application/json"})

    message = error_of(response, 422)
    assert "question" in message and "surrogate" in message and "U+D800" in message
    assert services.conversations.count() == before


def test_lone_surrogate_in_a_follow_up_leaves_the_conversation_as_it_was(client, services):
    conversation = new_conversation(client)
    turns = client.get(f"/api/conversations/{conversation}").json()["turns"]
    body = b'{"question": "and \\udfff who?", "conversation_id": "' + conversation.encode() + b'"}'

    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})

    assert "surrogate" in error_of(response, 422)
    assert client.get(f"/api/conversations/{conversation}").json()["turns"] == turns


def test_lone_surrogate_in_a_conversation_id_is_a_422(client, services):
    before = services.conversations.count()
    body = b'{"question": "Who chairs it?", "conversation_id": "\\ud800abc"}'

    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})

    assert "conversation_id" in error_of(response, 422)
    assert services.conversations.count() == before


def test_lone_surrogate_in_a_search_is_refused_by_the_searcher():
    """URLs cannot carry one (they are decoded with replacement), but the CLI's arguments can: bytes that are
    not UTF-8 reach Python as lone surrogates."""
    with pytest.raises(InvalidInput, match=r"the query contains an invalid character .*U\+DCFF"):
        HybridSearcher.validate("\udcff board", 10)


@pytest.mark.parametrize("raw", ["%ED%A0%80%20board", "%FF%FE%20board", "%C0%AF"])
def test_invalid_utf8_in_search_q_is_never_a_5xx(client, raw):
    for path in ("/api/search", "/search"):
        response = client.get(f"{path}?q={raw}")
        assert response.status_code in (200, 422), (path, response.status_code)


def test_bytes_that_are_not_utf8_in_a_form_post_are_read_not_a_5xx(client, services):
    """A form cannot carry a lone surrogate: its bytes are decoded (as Latin-1, or with U+FFFD) and answered."""
    body = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="question"\r\n\r\n'
        b"\xed\xa0\x80 who chairs the board\r\n"
        b"--b0undary--\r\n"
    )
    multipart = client.post(
        "/ask", content=body, headers={"content-type": "multipart/form-data; boundary=b0undary"}, follow_redirects=False
    )
    encoded = client.post(
        "/ask",
        content=b"question=%ED%A0%80+who+chairs+the+board",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    for response in (multipart, encoded):
        assert response.status_code == 303, response.text[:300]
        conversation = response.headers["location"].split("c=", 1)[1].split("#", 1)[0]
        [turn] = services.conversations.turns(conversation)
        assert turn["question"].endswith("who chairs the board")
        turn["question"].encode("utf-8")  # stored as valid text


def test_a_form_post_of_a_question_that_is_refused_shows_it_back_escaped(client, services):
    before = services.conversations.count()
    refused = '<?!> "&" <//>'  # no words in it, and every character HTML cares about
    response = client.post("/ask", data={"question": refused}, follow_redirects=False)
    assert "no words" in error_of(response, 422)
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("input#question")["value"] == refused
    assert services.conversations.count() == before


# --- request bodies over the limit ----------------------------------------------------------------


def test_a_body_over_the_limit_is_a_413_and_is_not_answered(client, services):
    before = services.conversations.count()
    huge = {"question": "Who chairs the board? " + "x" * 70_000}

    response = client.post("/api/ask", json=huge)

    message = error_of(response, 413)
    assert "65,536 bytes" in message and "too large" in message
    assert services.conversations.count() == before


def test_a_chunked_body_over_the_limit_is_a_413(client, services):
    before = services.conversations.count()

    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield b"y" * 4096
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})

    assert "too large" in error_of(response, 413)
    assert services.conversations.count() == before


def test_a_form_post_over_the_limit_is_a_413_page(client):
    response = client.post("/ask", data={"question": "z" * 80_000}, follow_redirects=False)

    assert "65,536 bytes" in error_of(response, 413)


def test_a_content_length_that_is_not_a_number_is_a_400(client):
    response = client.post(
        "/api/ask", content=b'{"question": "hi"}', headers={"content-type": "application/json", "content-length": "x"}
    )
    assert "Content-Length" in error_of(response, 400)


def test_the_limit_is_a_setting(corpus_settings, services):
    from fastapi.testclient import TestClient

    from server.app import create_app

    settings = replace(corpus_settings, max_body_bytes=2048)
    with TestClient(create_app(settings, services=services)) as small:
        assert small.post("/api/ask", json={"question": "Who chairs the board? " + "w" * 3000}).status_code == 413
        ok = small.post("/api/ask", json={"question": "Who chairs the Health and Wellbeing Board?"})
        assert ok.status_code == 200


# --- cross-origin state changes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": EVIL},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "https://sub.testserver"},
        {"referer": f"{EVIL}/page.html"},
        {"origin": "http://testserver.evil.example", "sec-fetch-site": "same-origin"},
    ],
)
def test_cross_origin_form_posts_are_403_and_change_nothing(client, services, headers):
    conversation = new_conversation(client)
    turns = services.conversations.turns(conversation)
    before = services.conversations.count()

    asked = client.post("/ask", data={"question": "Who chairs it?"}, headers=headers, follow_redirects=False)
    followed = client.post(
        "/ask", data={"question": "And who?", "conversation_id": conversation}, headers=headers, follow_redirects=False
    )
    cleared = client.post(f"/conversations/{conversation}/clear", headers=headers, follow_redirects=False)
    deleted = client.delete(f"/api/conversations/{conversation}", headers=headers)
    api_ask = client.post("/api/ask", json={"question": "Who chairs it?"}, headers=headers)

    for response in (asked, followed, cleared):
        assert "another" in error_of(response, 403)
    assert "another" in error_of(deleted, 403)
    assert "another" in error_of(api_ask, 403)
    assert services.conversations.count() == before
    assert services.conversations.turns(conversation) == turns


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts, the test client: no browser, no one's session to abuse
        {"origin": "http://testserver"},
        {"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        {"origin": "null", "sec-fetch-site": "same-origin"},  # a page with a no-referrer policy
        {"referer": "http://testserver/?c=abc"},
        {"sec-fetch-site": "none"},
    ],
)
def test_same_origin_form_posts_are_accepted(client, services, headers):
    asked = client.post(
        "/ask", data={"question": "Who chairs the Health and Wellbeing Board?"}, headers=headers, follow_redirects=False
    )
    assert asked.status_code == 303
    conversation = asked.headers["location"].split("c=", 1)[1].split("#", 1)[0]
    assert services.conversations.exists(conversation)
    cleared = client.post(f"/conversations/{conversation}/clear", headers=headers, follow_redirects=False)
    assert cleared.status_code == 303
    assert not services.conversations.exists(conversation)


def test_reading_from_another_origin_is_not_refused(client):
    assert client.get("/api/documents", headers={"origin": EVIL, "sec-fetch-site": "cross-site"}).status_code == 200


def test_pages_ask_browsers_to_send_their_origin_on_our_own_posts(client):
    # With no-referrer a browser sends "Origin: null" on same-origin posts, which would hide that they are ours.
    assert client.get("/").headers["referrer-policy"] == "same-origin"


# --- one conversation changed from two places at once ----------------------------------------------


def _ask_and_delete_at_once(client, conversation: str) -> tuple[int, int]:
    results: dict[str, int] = {}
    start = threading.Barrier(2)

    def ask() -> None:
        start.wait()
        body = {"question": "Who is on the board?", "conversation_id": conversation}
        results["ask"] = client.post("/api/ask", json=body).status_code

    def delete() -> None:
        start.wait()
        time.sleep(0.01)  # land while the question is being answered
        results["delete"] = client.delete(f"/api/conversations/{conversation}").status_code

    threads = [threading.Thread(target=ask), threading.Thread(target=delete)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results["ask"], results["delete"]


def test_asking_and_deleting_one_conversation_at_once_is_never_a_5xx(client, services):
    statuses = []
    for _ in range(20):
        conversation = new_conversation(client)
        statuses.append(_ask_and_delete_at_once(client, conversation))
        # Whatever the order, the conversation is gone at the end and no turn outlived it.
        assert client.get(f"/api/conversations/{conversation}").status_code == 404
    assert all(a in (200, 404) and d == 200 for a, d in statuses), statuses
    assert orphan_turns(services) == 0


def test_a_follow_up_to_a_conversation_deleted_meanwhile_is_a_404_that_says_so(tmp_path):
    chats = ConversationStore(tmp_path / "chat.db").open()
    conversation = chats.new_id()
    chats.add_turn(conversation, "q", "q", "a", {}, start=True)
    chats.clear(conversation)

    with pytest.raises(NotFound, match="deleted while the question was being answered"):
        chats.add_turn(conversation, "q2", "q2", "a2", {})
    assert chats.count() == 0


# --- the chat memory's caps -----------------------------------------------------------------------


def _started(chats: ConversationStore, n: int) -> list[str]:
    ids = []
    for i in range(n):
        conversation = chats.new_id()
        chats.add_turn(conversation, f"question {i}", f"question {i}", "answer", {}, start=True)
        ids.append(conversation)
    return ids


def test_past_the_cap_the_least_recently_used_conversations_go_first(tmp_path):
    chats = ConversationStore(tmp_path / "chat.db", max_conversations=3).open()
    first, second, third = _started(chats, 3)
    chats.add_turn(first, "again", "again", "answer", {})  # the oldest, used again: now the most recent

    fourth, fifth = _started(chats, 2)

    assert chats.count() == 3
    assert [chats.exists(c) for c in (first, second, third, fourth, fifth)] == [True, False, False, True, True]
    with pytest.raises(NotFound):
        chats.turns(second)
    assert [t["question"] for t in chats.turns(first)] == ["question 0", "again"]


def test_a_conversation_unused_for_longer_than_its_age_is_forgotten(tmp_path):
    path = tmp_path / "chat.db"
    chats = ConversationStore(path, max_age_days=2).open()
    old, recent = chats.new_id(), chats.new_id()
    for conversation in (old, recent):
        chats.add_turn(conversation, "q", "q", "a", {}, start=True)
    chats.conn.execute("UPDATE conversations SET used_at = '2001-01-01T00:00:00+00:00' WHERE id = ?", (old,))

    assert not chats.exists(old) and chats.exists(recent)
    with pytest.raises(NotFound):
        chats.turns(old)
    chats.close()

    reopened = ConversationStore(path, max_age_days=2).open()  # expired ones are deleted, turns and all
    assert reopened.count() == 1
    assert reopened.conn.execute("SELECT count(*) FROM turns").fetchone()[0] == 1
    reopened.close()


def test_an_older_chat_file_gains_the_last_used_column(tmp_path):
    path = tmp_path / "chat.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE conversations (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);"
        "INSERT INTO conversations VALUES ('kept', '2999-01-01T00:00:00+00:00');"
    )
    conn.close()

    chats = ConversationStore(path).open()

    assert chats.exists("kept")
    chats.close()


def test_the_app_caps_conversations_by_its_settings(tmp_path, corpus_settings, services):
    from fastapi.testclient import TestClient

    from server.app import Services, create_app

    settings = replace(corpus_settings, data_dir=tmp_path, max_conversations=2)
    capped = Services.open(settings, search=services.search)
    try:
        with TestClient(create_app(settings, services=capped)) as app_client:
            ids = []
            for _ in range(3):
                ids.append(new_conversation(app_client))
            assert [app_client.get(f"/api/conversations/{c}").status_code for c in ids] == [404, 200, 200]
            assert capped.conversations.count() == 2
    finally:
        capped.close()


# --- conversation ids stay out of the access log ---------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_conversation_ids_stay_out_of_the_access_log(corpus_settings, services):
    """A real uvicorn server, started with access logging as `govdocs serve` starts it."""
    import uvicorn

    from server.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(corpus_settings, services=services), host="127.0.0.1", port=port)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    collected = _Collect()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
            time.sleep(0.1)
        logging.getLogger("uvicorn.access").addHandler(collected)
        asked = httpx.post(f"{url}/api/ask", json={"question": "Who chairs the Health and Wellbeing Board?"})
        conversation = asked.json()["conversation_id"]
        httpx.get(f"{url}/api/conversations/{conversation}")
        httpx.get(f"{url}/", params={"c": conversation})
        httpx.post(f"{url}/ask", data={"question": "And who is on it?", "conversation_id": conversation})
        httpx.post(f"{url}/conversations/{conversation}/clear")
        httpx.delete(f"{url}/api/conversations/{conversation}")
        time.sleep(0.2)
    finally:
        logging.getLogger("uvicorn.access").removeHandler(collected)
        server.should_exit = True
        thread.join(timeout=10)
    lines = collected.lines
    assert len(lines) >= 6, lines
    assert not [line for line in lines if conversation in line]
    assert sum("/conversations/[hidden]" in line for line in lines) >= 3, lines
    assert any("/?c=[hidden]" in line for line in lines), lines


# --- the OpenAPI document says what the routes return ----------------------------------------------


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    return client.get("/openapi.json").json()


HTML_PAGES = ["/", "/search", "/documents", "/documents/{document_id}", "/graph", "/entities/{entity_id}"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_are_declared_as_html(openapi, path):
    responses = openapi["paths"][path]["get"]["responses"]
    assert list(responses["200"]["content"]) == ["text/html"]
    assert all(list(r.get("content", {"text/html": 0})) == ["text/html"] for r in responses.values())


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/ask", "post", {"200", "403", "404", "413", "422"}),
        ("/api/search", "get", {"200", "404", "413", "422"}),
        ("/api/documents/{document_id}", "get", {"200", "404", "422"}),
        ("/api/conversations/{conversation_id}", "delete", {"200", "403", "404", "422"}),
        ("/ask", "post", {"303", "403", "413", "422"}),
        ("/conversations/{conversation_id}/clear", "post", {"303", "403", "413", "422"}),
        ("/conversations/{conversation_id}/latest", "get", {"200", "404", "413", "422"}),
        ("/documents/{document_id}", "get", {"200", "404", "413", "422"}),
    ],
)
def test_routes_declare_their_error_statuses(openapi, path, method, codes):
    declared = set(openapi["paths"][path][method]["responses"])
    assert codes <= declared, codes - declared


def test_json_errors_are_declared_with_the_shape_they_have(openapi, client):
    schema = openapi["paths"]["/api/documents/{document_id}"]["get"]["responses"]["404"]["content"]
    reference = schema["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    declared = openapi["components"]["schemas"][reference]
    actual = client.get("/api/documents/no-such-doc").json()
    assert set(declared["properties"]) == set(actual) == {"error", "detail"}
    detail = openapi["components"]["schemas"][declared["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    assert set(detail["properties"]) == set(actual["error"]) == {"status", "message"}


def test_what_the_schema_forbids_is_refused(client):
    """Cases Schemathesis found: each is now refused with a status the OpenAPI document declares."""
    assert "(date_to) must be a date" in error_of(client.get("/search", params={"date_to": "\x84"}), 422)
    assert "question" in error_of(client.post("/ask", data={}, follow_redirects=False), 422)
    broken = client.post("/api/ask", content=b"\xf3Y\xe98ML", headers={"content-type": "application/json"})
    assert broken.status_code in (400, 422) and "error" in broken.json()


def test_a_405_names_every_method_its_path_allows(client):
    response = client.request("OPTIONS", "/api/conversations/abc")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "DELETE"}
