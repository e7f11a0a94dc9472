"""Settings from the environment, and the README documenting every setting and CLI subcommand."""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import os
import re
from pathlib import Path

import pytest

import cli
from core.settings import ROOT, Settings

README = ROOT / "README.md"

# Every environment variable Settings.from_env reads, with a value and the field it sets.
ENVIRONMENT = {
    "GOVDOCS_DATA_DIR": ("/srv/govdocs/var", "data_dir", Path("/srv/govdocs/var")),
    "GOVDOCS_CORPUS_DIR": ("/srv/govdocs/corpus", "corpus_dir", Path("/srv/govdocs/corpus")),
    "GOVDOCS_MODEL_PATH": ("/models/minilm", "model_path", "/models/minilm"),
    "GOVDOCS_HOST": ("0.0.0.0", "host", "0.0.0.0"),
    "HOST": ("10.0.0.5", "host", "10.0.0.5"),
    "GOVDOCS_PORT": ("9001", "port", 9001),
    "PORT": ("8080", "port", 8080),
    "GOVDOCS_CHUNK_TOKENS": ("120", "chunk_tokens", 120),
    "GOVDOCS_WORKERS": ("3", "workers", 3),
    "GOVDOCS_REQUESTS_PER_CONNECTION": ("0", "requests_per_connection", 0),
    "GOVDOCS_MAX_BODY_BYTES": ("131072", "max_body_bytes", 131072),
    "GOVDOCS_MAX_CONVERSATIONS": ("500", "max_conversations", 500),
    "GOVDOCS_CONVERSATION_DAYS": ("7", "conversation_days", 7),
}


def test_the_variables_listed_here_are_all_that_from_env_reads():
    source = inspect.getsource(Settings.from_env)
    read = set(re.findall(r"env(?:\.get\(|\[)\"([A-Z_]+)\"", source))

    assert read == set(ENVIRONMENT)
    assert {field for _, field, _ in ENVIRONMENT.values()} == {f.name for f in dataclasses.fields(Settings)}


def test_defaults_without_environment():
    settings = Settings.from_env({})

    assert settings == Settings()
    assert settings.host == "127.0.0.1" and settings.port == 8000
    assert settings.data_dir == ROOT / "var" and settings.corpus_dir == ROOT / "corpus"
    assert settings.db_path == ROOT / "var" / "store.db"
    assert (Path(settings.model_path) / "tokenizer.json").is_file()


@pytest.mark.parametrize("variable", list(ENVIRONMENT))
def test_each_variable_sets_its_field(variable):
    value, field, expected = ENVIRONMENT[variable]
    settings = Settings.from_env({variable: value})

    assert getattr(settings, field) == expected
    default = Settings()
    for other in (f.name for f in dataclasses.fields(Settings)):
        if other != field:
            assert getattr(settings, other) == getattr(default, other), other


def test_data_dir_moves_every_derived_path():
    settings = Settings.from_env({"GOVDOCS_DATA_DIR": "/tmp/govdocs-data"})

    assert settings.db_path == Path("/tmp/govdocs-data/store.db")
    assert settings.chat_db_path == Path("/tmp/govdocs-data/chat.db")
    assert settings.vectors_dir == Path("/tmp/govdocs-data/vectors")


def test_prefixed_variables_win_over_bare_host_and_port():
    settings = Settings.from_env({"GOVDOCS_HOST": "0.0.0.0", "HOST": "10.0.0.5", "GOVDOCS_PORT": "9001", "PORT": "80"})

    assert (settings.host, settings.port) == ("0.0.0.0", 9001)


def test_empty_variables_keep_the_defaults():
    settings = Settings.from_env({name: "" for name in ENVIRONMENT})

    assert settings == Settings()


def test_from_env_reads_the_process_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVDOCS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PORT", "8123")

    settings = Settings.from_env()

    assert settings.data_dir == tmp_path and settings.port == 8123


@pytest.mark.parametrize("variable", ["PORT", "GOVDOCS_PORT"])
@pytest.mark.parametrize("bad", ["eighty", "80.5", "8o8o"])
def test_bad_port_is_a_clear_value_error(variable, bad):
    with pytest.raises(ValueError, match=rf"PORT must be a whole number, got '{re.escape(bad)}'"):
        Settings.from_env({variable: bad})


def test_bad_chunk_tokens_is_a_clear_value_error():
    with pytest.raises(ValueError, match="GOVDOCS_CHUNK_TOKENS"):
        Settings.from_env({"GOVDOCS_CHUNK_TOKENS": "lots"})


@pytest.mark.parametrize("bad", ["0", "two", "-1"])
def test_bad_workers_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match="GOVDOCS_WORKERS must be a whole number from 1 to 64"):
        Settings.from_env({"GOVDOCS_WORKERS": bad})


def test_workers_default_to_one_per_core():
    assert Settings.from_env({}).workers == (os.cpu_count() or 1)


LIMITS = ["GOVDOCS_MAX_BODY_BYTES", "GOVDOCS_MAX_CONVERSATIONS", "GOVDOCS_CONVERSATION_DAYS"]


@pytest.mark.parametrize("variable", LIMITS)
@pytest.mark.parametrize("bad", ["lots", "-5", "0", "1.5"])
def test_bad_limit_is_a_clear_value_error(variable, bad):
    with pytest.raises(ValueError, match=rf"{variable} must be a whole number of at least \d+, got '{re.escape(bad)}'"):
        Settings.from_env({variable: bad})


def test_cli_turns_a_bad_port_into_exit_status_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("PORT", "eighty")

    status = cli.main(["--data-dir", str(tmp_path), "graph"])

    assert status == 2
    assert "error: PORT must be a whole number, got 'eighty'" in capsys.readouterr().err


# --- the README documents every setting and every subcommand -------------------------------------


def subcommands() -> list[str]:
    parser = cli.build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return sorted(actions[0].choices)


def test_cli_has_the_documented_subcommands():
    assert subcommands() == ["ask", "evaluate", "graph", "ingest", "search", "serve"]


def read_readme() -> str:
    assert README.is_file(), f"{README} is missing: it must document every setting and CLI subcommand"
    return README.read_text(encoding="utf-8")


@pytest.mark.parametrize("variable", list(ENVIRONMENT))
def test_readme_documents_every_setting(variable):
    readme = read_readme()
    assert re.search(rf"(?<![A-Z_]){variable}(?![A-Z_])", readme), f"README.md does not mention {variable}"


@pytest.mark.parametrize("command", subcommands())
def test_readme_documents_every_subcommand(command):
    readme = read_readme()
    # "search" and "ask" are ordinary words too: count only a command line or a code span.
    as_command = rf"govdocs(?:\s+--?[\w-]+(?:\s+\S+)?)*\s+{command}\b"
    as_code = rf"`{command}(?:\s[^`]*)?`"
    assert re.search(as_command, readme) or re.search(as_code, readme), f"README.md does not show `govdocs {command}`"
