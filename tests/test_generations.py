"""Index generations: ingest publishes in one step, a running server follows it, a request keeps its generation."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.embedder import HashEmbedder
from index.generations import PREFIX
from index.store import Store
from ingest.pipeline import run_ingest
from ingest.publish import ingest_and_publish
from server.app import create_app
from server.live import LiveServices

MOU_FILE = "2021-one-halton-icp-memorandum-of-understanding.txt"
MOU_ID = "icp-mou-2021"
UPDATE_FILE = "2021-01-20-hwb-report-one-halton-update.txt"


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the texts it was asked to embed."""

    def __init__(self, dimension: int = 32) -> None:
        super().__init__(dimension)
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return super().encode(texts)


class GatedEmbedder(HashEmbedder):
    """The hash embedder, which embeds passages only once the test opens the gate (queries pass straight through)."""

    def __init__(self, dimension: int = 32) -> None:
        super().__init__(dimension)
        self.gate = threading.Event()

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) > 1:
            self.gate.wait(timeout=30)
        return super().encode(texts)


def small_corpus(settings):  # type: ignore[no-untyped-def]
    """Keep the two short papers (the MoU and the 2021 update): fast to ingest again and again."""
    for path in settings.corpus_dir.iterdir():
        if path.suffix == ".txt" and path.name not in (MOU_FILE, UPDATE_FILE):
            path.unlink()
    return settings


def first_generation(settings, token_counter) -> HashEmbedder:  # type: ignore[no-untyped-def]
    """Publish a first generation of the corpus with the fast test embedder, returned for the ingests after."""
    embedder = HashEmbedder(32)
    ingest_and_publish(settings, token_counter, embedder)
    return embedder


def wait_for(condition, timeout: float = 20.0, step: float = 0.05):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def test_ingest_publishes_a_generation_and_embeds_only_new_text(make_settings, token_counter):
    settings = small_corpus(make_settings())
    embedder = CountingEmbedder()

    first = ingest_and_publish(settings, token_counter, embedder)
    store = Store(settings.db_path).open()
    chunks = store.counts()["chunks"]
    row = store.latest_generation()
    assert first.vectors is not None and row is not None
    assert row["folder"] == first.vectors.directory.name and row["folder"].startswith(PREFIX)
    assert row["chunks"] == chunks == len(embedder.texts) == row["embedded"]

    embedder.texts.clear()
    again = ingest_and_publish(settings, token_counter, embedder)
    assert again.vectors is None and embedder.texts == []  # nothing changed: no new generation
    assert store.latest_generation()["id"] == row["id"]

    path = settings.corpus_dir / UPDATE_FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA closing paragraph about pooled budgets.\n", "utf-8")
    changed = ingest_and_publish(settings, token_counter, embedder)
    assert changed.vectors is not None
    newest = store.latest_generation()
    assert newest["id"] == row["id"] + 1
    # Only the changed document's new or changed passages were embedded; the rest kept their vectors.
    assert 0 < len(embedder.texts) == newest["embedded"] < newest["chunks"] // 2
    assert any("pooled budgets" in t for t in embedder.texts)
    store.close()


def test_reused_vectors_equal_fresh_ones(make_settings, token_counter):
    settings = small_corpus(make_settings())
    embedder = first_generation(settings, token_counter)
    (settings.corpus_dir / MOU_FILE).unlink()
    published = ingest_and_publish(settings, token_counter, embedder)
    vectors = published.vectors
    assert vectors is not None and vectors.index is not None and vectors.manifest["embedded"] == 0

    store = Store(settings.db_path).open()
    rows = {r["id"]: r for r in store.all_chunks()}
    store.close()
    from index.vectors import chunk_embedding_text

    reused = vectors.index.reconstruct_n(0, vectors.index.ntotal)
    fresh = embedder.encode([chunk_embedding_text(rows[cid]) for cid in vectors.chunk_ids])
    assert np.allclose(reused, fresh)


def test_readers_see_the_old_store_until_the_ingest_commits(make_settings, token_counter):
    settings = small_corpus(make_settings())
    ingest_and_publish(settings, token_counter, HashEmbedder(32))
    writer = Store(settings.db_path).open()
    reader = Store(settings.db_path).open()
    (settings.corpus_dir / MOU_FILE).unlink()

    with writer.batch():
        run_ingest(settings.corpus_dir, writer, token_counter, settings.chunk_tokens)
        assert writer.counts()["documents"] == 1
        assert reader.counts()["documents"] == 2  # not committed: the old state, whole
        assert MOU_ID in {d["id"] for d in reader.list_documents()}
    assert reader.counts()["documents"] == 1
    writer.close()
    reader.close()


def test_a_failing_document_inside_a_batch_rolls_back_alone(make_settings, token_counter):
    settings = small_corpus(make_settings())
    (settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    store = Store(settings.db_path).open()
    with store.batch():
        report = run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    assert [name for name, _ in report.failed] == ["broken.pdf"]
    assert store.counts()["documents"] == 2
    store.close()


def test_a_request_in_flight_keeps_its_generation(make_settings, token_counter):
    """An answer being made when an ingest lands reads the old generation to its end, then that one is closed."""
    settings = small_corpus(make_settings())
    embedder = first_generation(settings, token_counter)
    live = LiveServices(settings, embedder=embedder, poll_seconds=0.1)
    live.start()
    try:
        with live.acquire() as in_flight:
            first = in_flight.search.generation
            (settings.corpus_dir / MOU_FILE).unlink()
            ingest_and_publish(settings, token_counter, embedder)
            wait_for(lambda: live.generation > first)
            # Still the old generation, whole: its store snapshot, its vectors, its graph.
            assert in_flight.search.store.counts()["documents"] == 2
            assert in_flight.search.store.get_document(MOU_ID)["id"] == MOU_ID
            hits = in_flight.search.searcher.search("memorandum of understanding partners", 10)
            assert MOU_ID in {h.chunk["document_id"] for h in hits}
            assert len(in_flight.search.vectors.chunk_ids) == in_flight.search.store.counts()["chunks"]
            with live.acquire() as newer:
                assert newer.search.generation > first
                assert newer.search.store.counts()["documents"] == 1
                assert len(newer.search.vectors.chunk_ids) == newer.search.store.counts()["chunks"]
        # The last request of the retired generation is done: its pinned connection is closed.
        assert in_flight.search.store._conn is None
    finally:
        live.close()


def test_a_running_server_stops_citing_a_removed_document(make_settings, token_counter):
    settings = small_corpus(make_settings())
    embedder = first_generation(settings, token_counter)
    live = LiveServices(settings, embedder=embedder, poll_seconds=0.2)
    app = create_app(settings, live=live)
    statuses: list[int] = []
    stop = threading.Event()

    with TestClient(app) as client:
        before = client.get("/api/search", params={"q": "memorandum of understanding"}).json()["results"]
        assert MOU_ID in {r["document"]["id"] for r in before}
        generation = client.get("/healthz").json()["generation"]

        def keep_querying() -> None:
            while not stop.is_set():
                statuses.append(client.get("/api/search", params={"q": "partners of the integrated care"}).status_code)
                statuses.append(client.post("/api/ask", json={"question": "who signed the MoU?"}).status_code)

        querying = threading.Thread(target=keep_querying)
        querying.start()
        try:
            (settings.corpus_dir / MOU_FILE).unlink()
            ingest_and_publish(settings, token_counter, embedder)
            health = wait_for(lambda: (h := client.get("/healthz").json())["generation"] > generation and h)
        finally:
            stop.set()
            querying.join()
        assert health["documents"] == 1
        assert statuses and set(statuses) == {200}, statuses

        after = client.get("/api/search", params={"q": "memorandum of understanding", "k": 50}).json()["results"]
        assert after and MOU_ID not in {r["document"]["id"] for r in after}
        answer = client.post("/api/ask", json={"question": "who are the partners to the memorandum of understanding?"})
        cited = {c["document"]["id"] for c in answer.json()["citations"]} | {
            r["document"]["id"] for r in answer.json()["related"]
        }
        assert MOU_ID not in cited
        assert client.get(f"/api/documents/{MOU_ID}").status_code == 404
        graph = client.get("/api/graph").json()
        assert all(e["document"]["id"] != MOU_ID for edge in graph["edges"] for e in edge.get("evidence", [])), (
            "an edge still rests on the removed document"
        )


def test_start_up_on_a_stale_index_answers_503_then_serves(make_settings, token_counter):
    settings = small_corpus(make_settings())
    store = Store(settings.db_path).open()
    run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)  # stored, never published
    store.close()
    embedder = GatedEmbedder(32)
    app = create_app(settings, live=LiveServices(settings, embedder=embedder, poll_seconds=0.1))

    with TestClient(app) as client:
        waiting = client.get("/healthz")
        assert waiting.status_code == 503
        assert int(waiting.headers["Retry-After"]) > 0
        assert "being built" in waiting.json()["error"]["message"]
        assert client.get("/api/search", params={"q": "board"}).status_code == 503
        embedder.gate.set()
        health = wait_for(lambda: (r := client.get("/healthz")).status_code == 200 and r.json())
        assert health["generation"] >= 1 and health["documents"] == 2
        assert client.get("/api/search", params={"q": "board"}).json()["results"]


def test_conversations_work_across_workers(make_settings, token_counter):
    """Two apps over one data folder, as two worker processes are: a conversation started on one goes on on the
    other, because chat memory lives in SQLite, not in a process."""
    settings = small_corpus(make_settings())
    embedder = first_generation(settings, token_counter)
    one = create_app(settings, live=LiveServices(settings, embedder=embedder))
    two = create_app(settings, live=LiveServices(settings, embedder=embedder))
    with TestClient(one) as first, TestClient(two) as second:
        started = first.post("/api/ask", json={"question": "who does the Provider Alliance report to?"}).json()
        conversation = started["conversation_id"]
        followed = second.post(
            "/api/ask", json={"question": "how often does it meet?", "conversation_id": conversation}
        )
        assert followed.status_code == 200 and followed.json()["conversation_id"] == conversation
        turns = first.get(f"/api/conversations/{conversation}").json()["turns"]
        assert [t["question"] for t in turns] == [
            "who does the Provider Alliance report to?",
            "how often does it meet?",
        ]
        assert second.delete(f"/api/conversations/{conversation}").status_code == 200
        assert first.get(f"/api/conversations/{conversation}").status_code == 404


@pytest.mark.parametrize("rebuild", [False, True])
def test_old_generation_folders_are_pruned(make_settings, token_counter, rebuild):
    settings = small_corpus(make_settings())
    embedder = HashEmbedder(32)
    for _ in range(3):
        ingest_and_publish(settings, token_counter, embedder, rebuild_vectors=True)
    ingest_and_publish(settings, token_counter, embedder, rebuild_vectors=rebuild)
    store = Store(settings.db_path).open()
    named = store.generation_folders()
    store.close()
    on_disk = {p.name for p in settings.vectors_dir.iterdir() if p.name.startswith(PREFIX)}
    assert on_disk == named and len(named) == 2  # the newest and the one before (a server may be on it)
