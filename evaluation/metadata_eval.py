"""Score inferred document metadata (date, title, body) against a gold file such as dev_metadata.json.

python -m evaluation.metadata_eval /work/shared/corpora/dev-partnerships/documents
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from ingest.loaders import read_raw_lines
from ingest.metadata import HEADER_SEGMENTS, infer_meta
from ingest.pipeline import discover

log = logging.getLogger(__name__)

DEV_GOLD = Path(__file__).resolve().parent / "dev_metadata.json"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9&]+", " ", text.lower().replace(" and ", " & "))).strip()


def _title_problem(title: str, gold: dict[str, Any]) -> str:
    """Why a title is not acceptable, or "" when it is."""
    norm = _norm(title)
    for label in gold.get("title_not", []):
        if _norm(label) and (norm == _norm(label) or norm.startswith(_norm(label) + " ")):
            return f"title {title!r} is (or begins with) the label {label!r}"
    for fragment in gold.get("title_not_contains", []):
        if fragment.lower() in title.lower():
            return f"title {title!r} contains {fragment!r}"
    wanted = gold.get("title_any", [])
    if wanted and not any(_norm(w) in norm for w in wanted):
        return f"title {title!r} has none of {wanted}"
    return ""


def score_metadata(documents: list[dict], gold_path: Path = DEV_GOLD) -> dict:
    """Compare documents (dicts with source_file, title, date and optionally body, as /api/documents gives
    them) with the gold file. Dates: right when in the gold list ("" when that list is empty); dated/undated
    count the gold documents that do and do not state a date. Titles: ok when they contain one of the gold
    words and are none of its labels. Bodies are scored only where the gold lists acceptable ones."""
    gold: dict[str, dict[str, Any]] = json.loads(Path(gold_path).read_text(encoding="utf-8"))["documents"]
    by_file = {d["source_file"]: d for d in documents}
    result: dict[str, Any] = dict.fromkeys(
        ("dates_right", "dated", "undated_right", "undated", "titles_ok", "bodies_right", "with_body"), 0
    )
    result["total"] = len(gold)
    failures: list[str] = []
    for name, want in sorted(gold.items()):
        doc = by_file.get(name)
        if doc is None:
            failures.append(f"{name}: not among the documents")
            result["dated" if want["dates"] else "undated"] += 1
            continue
        date = doc.get("date", "")
        dated = bool(want["dates"])
        result["dated" if dated else "undated"] += 1
        if (date in want["dates"]) if dated else date == "":
            result["dates_right" if dated else "undated_right"] += 1
        else:
            failures.append(f"{name}: date {date!r}, want {' or '.join(want['dates']) or 'none'}")
        problem = _title_problem(doc.get("title", ""), want)
        if problem:
            failures.append(f"{name}: {problem}")
        else:
            result["titles_ok"] += 1
        if "bodies" in want:
            result["with_body"] += 1
            if _norm(doc.get("body", "")) in {_norm(b) for b in want["bodies"]}:
                result["bodies_right"] += 1
            else:
                failures.append(f"{name}: body {doc.get('body', '')!r}, want one of {want['bodies']}")
    result["failures"] = failures
    return result


def infer_folder(folder: Path) -> list[dict]:
    """The metadata ingest infers for each file of a folder, ignoring any manifest."""
    documents = []
    for path in discover(folder):
        raw_lines, _ = read_raw_lines(path)
        meta = infer_meta(path, [line.text for line in raw_lines[: HEADER_SEGMENTS * 2]])
        documents.append({"source_file": meta.source_file, "title": meta.title, "date": meta.date, "body": meta.body})
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the documents the gold file describes")
    parser.add_argument("--gold", type=Path, default=DEV_GOLD)
    args = parser.parse_args(argv)
    scores = score_metadata(infer_folder(args.folder), args.gold)
    json.dump(scores, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
