"""Query encoding with ONNX Runtime: exported at ingest, checked against torch, served without importing torch."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from core.settings import ROOT
from index.embedder import HashEmbedder, QueryCache, SentenceTransformerEmbedder
from index.onnx_model import (
    CHECK_FILE,
    MIN_COSINE,
    ONNX_FILE,
    OnnxEmbedder,
    compare,
    ensure_onnx,
    onnx_dir,
    query_embedder,
    read_check,
    write_check,
)
from index.store import Store
from ingest.publish import ingest_and_publish

SMALL = ("2021-one-halton-icp-memorandum-of-understanding.txt", "2021-01-20-hwb-report-one-halton-update.txt")
QUESTIONS = [
    "who chairs the HWB",
    "independant chair accountable care board",
    "what's an SDF",
    "When does the memorandum of understanding expire? " * 60,  # past the model's 256 word pieces
]


@pytest.fixture(scope="session")
def onnx_settings(tmp_path_factory, base_settings, token_counter, embedder):
    """Two short papers ingested with the real torch model, and the model exported and checked for serving."""
    root = tmp_path_factory.mktemp("onnx")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (*SMALL, "manifest.json", "profile.json"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    settings = replace(base_settings, data_dir=root / "var", corpus_dir=corpus)
    published = ingest_and_publish(settings, token_counter, embedder)
    check = ensure_onnx(settings, published.vectors, embedder)
    assert check is not None
    return settings


@pytest.mark.slow
def test_the_export_matches_torch_on_every_chunk(onnx_settings):
    check = read_check(onnx_settings.data_dir)
    store = Store(onnx_settings.db_path).open()
    chunks = store.counts()["chunks"]
    store.close()

    assert check is not None and check.passed
    assert check.chunks_checked == chunks > 20
    assert MIN_COSINE <= check.min_cosine <= check.mean_cosine <= 1.0 + 1e-6
    assert (onnx_dir(onnx_settings.data_dir) / ONNX_FILE).is_file()


@pytest.mark.slow
def test_onnx_queries_match_torch_including_truncation(onnx_settings, embedder):
    onnx = OnnxEmbedder(onnx_dir(onnx_settings.data_dir) / ONNX_FILE, onnx_settings.model_path).load()
    one_by_one = np.concatenate([onnx.encode([q]) for q in QUESTIONS])
    batched = onnx.encode(QUESTIONS)  # padded to the longest: the mask must keep padding out of the mean

    assert onnx.name == embedder.name and onnx.dimension == embedder.dimension
    assert compare(embedder.encode(QUESTIONS), one_by_one).min() >= MIN_COSINE
    assert compare(one_by_one, batched).min() >= 0.99999
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_serving_picks_onnx_and_falls_back_to_torch_with_a_warning(onnx_settings, tmp_path, caplog):
    assert isinstance(query_embedder(onnx_settings.data_dir, onnx_settings.model_path), OnnxEmbedder)

    failed = tmp_path / "failed"
    shutil.copytree(onnx_dir(onnx_settings.data_dir), onnx_dir(failed))
    check = read_check(failed)
    assert check is not None
    write_check(failed, replace(check, min_cosine=0.95, passed=False))
    missing = tmp_path / "missing"
    for data_dir, reason in ((failed, "failed its check"), (missing, "no checked ONNX export")):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="index.onnx_model"):
            chosen = query_embedder(data_dir, onnx_settings.model_path)
        assert isinstance(chosen, SentenceTransformerEmbedder)
        assert any(reason in r.getMessage() and "torch" in r.getMessage() for r in caplog.records), caplog.text


@pytest.mark.slow
def test_a_later_ingest_checks_only_the_new_chunks(onnx_settings, token_counter, embedder, tmp_path):
    settings = replace(onnx_settings, data_dir=tmp_path / "var", corpus_dir=tmp_path / "corpus")
    shutil.copytree(onnx_settings.data_dir, settings.data_dir)
    shutil.copytree(onnx_settings.corpus_dir, settings.corpus_dir)
    before = read_check(settings.data_dir)
    assert before is not None
    export = onnx_dir(settings.data_dir) / ONNX_FILE
    exported_at = export.stat().st_mtime_ns
    note = settings.corpus_dir / "2021-06-01-board-note.txt"
    note.write_text("Board note\n\n1. Purpose\n\nThe Provider Alliance will meet monthly from June 2021.\n", "utf-8")

    published = ingest_and_publish(settings, token_counter, embedder)
    check = ensure_onnx(settings, published.vectors, embedder)

    assert published.vectors is not None and 0 < published.vectors.manifest["embedded"] <= 3
    assert check is not None and check.passed
    assert check.chunks_checked == before.chunks_checked + published.vectors.manifest["embedded"]
    assert export.stat().st_mtime_ns == exported_at  # checked, not exported again


@pytest.mark.slow
def test_serving_with_a_good_export_never_imports_torch(onnx_settings):
    script = """
import json, sys
from fastapi.testclient import TestClient
from server.app import create_app
with TestClient(create_app()) as client:
    search = client.get("/api/search", params={"q": "memorandum of understanding partners"})
    ask = client.post("/api/ask", json={"question": "who are the partners to the memorandum of understanding?"})
    print(json.dumps({
        "search": search.status_code, "ask": ask.status_code, "hits": len(search.json()["results"]),
        "torch": sorted(m for m in sys.modules if m == "torch" or m.startswith(("torch.", "sentence_transformers"))),
    }))
"""
    env = {
        **os.environ,
        "GOVDOCS_DATA_DIR": str(onnx_settings.data_dir),
        "GOVDOCS_MODEL_PATH": onnx_settings.model_path,
        "HF_HUB_OFFLINE": "1",
    }
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["search"] == 200 and seen["ask"] == 200 and seen["hits"] > 0
    assert seen["torch"] == []


def test_query_cache_answers_a_repeated_text_without_encoding_again():
    calls: list[list[str]] = []

    class Counting(HashEmbedder):
        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return super().encode(texts)

    cache = QueryCache(Counting(16), size=2)
    first = cache.encode(["who chairs the board"])
    again = cache.encode(["who chairs the board"])
    assert np.array_equal(first, again) and calls == [["who chairs the board"]]
    cache.encode(["a"])
    cache.encode(["b"])  # the oldest falls out
    cache.encode(["who chairs the board"])
    assert len(calls) == 4
    assert cache.encode(["x", "y"]).shape == (2, 16) and calls[-1] == ["x", "y"]  # batches pass straight through


def test_a_corrupt_check_file_means_no_export(tmp_path):
    folder = onnx_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / CHECK_FILE).write_text("{not json", encoding="utf-8")
    assert read_check(tmp_path) is None
