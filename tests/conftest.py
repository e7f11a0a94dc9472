"""Shared fixtures. The expensive things (the model, the ingested corpus, the app) are session-scoped."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from core.settings import ROOT, Settings

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return Settings.from_env({})


@pytest.fixture(scope="session")
def token_counter(base_settings):
    from ingest.chunks import WordPieceCounter

    return WordPieceCounter(base_settings.model_path).load()


@pytest.fixture()
def make_settings(tmp_path, base_settings):
    """Settings with a fresh data folder and a private copy of the corpus (tests may change it)."""

    def factory(copy_corpus: bool = True) -> Settings:
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        if copy_corpus:
            for f in CORPUS.iterdir():
                shutil.copy(f, corpus / f.name)
        return replace(base_settings, data_dir=tmp_path / "var", corpus_dir=corpus)

    return factory


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory, base_settings) -> Settings:
    data = tmp_path_factory.mktemp("corpus-var")
    return replace(base_settings, data_dir=data)


@pytest.fixture(scope="session")
def corpus_store(corpus_settings, token_counter):
    """The real corpus, ingested once into a throwaway store."""
    from index.store import Store
    from ingest.pipeline import run_ingest

    store = Store(corpus_settings.db_path).open()
    report = run_ingest(corpus_settings.corpus_dir, store, token_counter, corpus_settings.chunk_tokens)
    assert not report.failed, report.failed
    yield store
    store.close()


@pytest.fixture(scope="session")
def embedder(base_settings):
    from index.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(base_settings.model_path).load()


@pytest.fixture(scope="session")
def services(corpus_settings, corpus_store, embedder):
    """Search, graph and answers over the real corpus with the real model."""
    from index.service import SearchService
    from server.app import Services

    search = SearchService.open(corpus_settings, embedder=embedder)
    loaded = Services.open(corpus_settings, search=search)
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def client(corpus_settings, services):
    from fastapi.testclient import TestClient

    from server.app import create_app

    with TestClient(create_app(corpus_settings, services=services)) as test_client:
        yield test_client


def corpus_file(name_start: str) -> Path:
    return next(p for p in CORPUS.iterdir() if p.name.startswith(name_start))


@pytest.fixture()
def engine_over(make_settings, token_counter, embedder):
    """An answer engine over papers a test writes (name -> text), with the real model, beside three short
    unrelated strategies so that word rarity means what it does in a real corpus."""
    from index.service import SearchService
    from index.store import Store
    from ingest.pipeline import run_ingest
    from server.app import Services

    opened = []

    def factory(files: dict[str, str]):
        settings = make_settings(copy_corpus=False)
        for name, topic in (("housing", "affordable homes"), ("transport", "bus routes"), ("schools", "places")):
            text = f"Northby {name.title()} Strategy\n\n1. Purpose\nThis strategy sets out how partners plan {topic}.\n"
            (settings.corpus_dir / f"northby-{name}-strategy.txt").write_text(text, encoding="utf-8")
        for name, text in files.items():
            (settings.corpus_dir / name).write_text(text, encoding="utf-8")
        store = Store(settings.db_path).open()
        assert not run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens).failed
        store.close()
        search = SearchService.open(settings, embedder=embedder)
        loaded = Services.open(settings, search=search)
        opened.append((loaded, search))
        return loaded.answers

    yield factory
    for loaded, search in opened:
        loaded.close()
        search.close()
