"""Corpus knowledge comes from the corpus profile: no string literal in package code names a body or
place of a corpus profile or manifest (comments and docstrings may quote examples)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "ingest", "index", "server")
SHARED = ROOT.parent / "shared" / "corpora"


def _corpus_names() -> set[str]:
    names: set[str] = set()
    profiles = [ROOT / "corpus" / "profile.json", *SHARED.glob("*/documents/profile.json")]
    for path in profiles:
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("partnership"):
            names.add(data["partnership"])
        for entry in data.get("entities", ()):
            names.update([entry["canonical"], *entry.get("aliases", ()), *entry.get("contextual", ())])
    manifest = ROOT / "corpus" / "manifest.json"
    for entry in json.loads(manifest.read_text(encoding="utf-8")).get("documents", ()):
        names.update(p.strip() for p in entry.get("publisher", "").split(",") if p.strip())
    national = json.loads((ROOT / "core" / "data" / "aliases.json").read_text(encoding="utf-8"))
    shared = {n for e in national["entities"] for n in (e["canonical"], *e.get("aliases", ()))}
    shared |= {a["abbreviation"] for a in national["abbreviations"]} | {
        a["expansion"] for a in national["abbreviations"]
    }
    # Words any partnership uses ("Senior Responsible Officer", "PMO") are not one corpus's names.
    generic = {"Senior Responsible Officer", "SRO", "PMO", "the Council", "the CCG", "Provider Group"}
    return {n for n in names - shared - generic if len(n) >= 4 and not n.startswith("the ")}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_string_literal_in_package_code_names_a_corpus_body_or_place() -> None:
    names = _corpus_names()
    assert "One Halton" in names and "Halton Borough Council" in names  # the check has something to check
    patterns = [(n, re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.IGNORECASE)) for n in names]
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, text in _string_literals(path):
                found += [f"{path.relative_to(ROOT)}:{line} names {n!r}" for n, p in patterns if p.search(text)]
    assert not found, "\n".join(found)
