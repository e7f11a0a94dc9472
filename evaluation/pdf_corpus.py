"""Render the text corpus as the PDFs councils publish, to measure ingest on PDFs.

Each corpus/*.txt becomes a multi-page A4 PDF with the document's title as a running header and
"Page N of M" as a footer on every page; manifest.json is copied with the file names changed.
Ingest the result with `GOVDOCS_CORPUS_DIR=OUT_DIR GOVDOCS_DATA_DIR=... python cli.py ingest`.

    python -m evaluation.pdf_corpus OUT_DIR
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from core.settings import ROOT
from evaluation.pdf_writer import A4, paginate, placed_pdf_bytes, wrap_lines

log = logging.getLogger(__name__)

FOOTER = "Page {page} of {pages}"


def render_document(text: str, header: str) -> bytes:
    """One text document as an A4 PDF with a running header and a page footer."""
    return placed_pdf_bytes(paginate(wrap_lines(text.splitlines()), header=header, footer=FOOTER), A4)


def render_corpus(corpus_dir: Path, out_dir: Path, header: str | None = None) -> list[Path]:
    """Write a PDF per text file of the corpus and the manifest that names them; the PDFs written.

    The running header is each document's title, or `header` on every document."""
    manifest_path = corpus_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {"documents": []}
    titles = {entry["file"]: entry.get("title", "") for entry in manifest["documents"]}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(corpus_dir.glob("*.txt")):
        target = out_dir / (source.stem + ".pdf")
        running = header or titles.get(source.name) or source.stem
        target.write_bytes(render_document(source.read_text(encoding="utf-8"), running))
        written.append(target)
    for entry in manifest["documents"]:
        if entry["file"].endswith(".txt"):
            entry["file"] = entry["file"][: -len(".txt")] + ".pdf"
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.pdf_corpus", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the PDFs and manifest.json into")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="text corpus to render")
    parser.add_argument("--header", help="one running header for every document (default: each one's title)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    written = render_corpus(args.corpus, args.out_dir, args.header)
    log.info("wrote %d PDFs and manifest.json to %s", len(written), args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
