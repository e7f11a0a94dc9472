"""The `govdocs` command: ingest, serve, search, ask, graph, evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from core.errors import GovDocsError
from core.settings import Settings

log = logging.getLogger("govdocs")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "data_dir", None):
        settings = replace(settings, data_dir=Path(args.data_dir))
    if getattr(args, "corpus", None):
        settings = replace(settings, corpus_dir=Path(args.corpus))
    if getattr(args, "host", None):
        settings = replace(settings, host=args.host)
    if getattr(args, "port", None):
        settings = replace(settings, port=args.port)
    if getattr(args, "workers", None):
        settings = replace(settings, workers=args.workers)
    return settings


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.embedder import SentenceTransformerEmbedder
    from ingest.chunks import WordPieceCounter
    from ingest.publish import ingest_and_publish

    settings = _settings(args)
    embedder = SentenceTransformerEmbedder(settings.model_path)
    published = ingest_and_publish(
        settings,
        WordPieceCounter(settings.model_path).load(),
        embedder,
        rebuild_vectors=args.rebuild_vectors,
        show_progress=not args.quiet,
    )
    report = published.report
    for _name, reason in report.failed:
        print(f"FAILED {reason}", file=sys.stderr)
    if published.vectors is not None:
        manifest = published.vectors.manifest
        reused = manifest["count"] - manifest["embedded"]
        print(
            f"vector index: {manifest['embedded']} chunks embedded, {reused} reused, "
            f"in {manifest['built_seconds']:.1f} s (generation {published.vectors.directory.name})"
        )
    else:
        print("vector index: up to date")
    _check_onnx(settings, published.vectors, embedder)
    print(f"ingest: {report.summary()}")
    return 1 if report.failed else 0


def _check_onnx(settings: Settings, vectors, embedder) -> None:  # type: ignore[no-untyped-def]
    """Export the model for serving (once) and check it against torch on the chunks just embedded."""
    from index.onnx_model import ensure_onnx

    try:
        check = ensure_onnx(settings, vectors, embedder)
    except ImportError as err:
        print(f"query encoder: torch (ONNX export unavailable: {err})")
        return
    if check is None:
        return
    verdict = "ONNX Runtime" if check.passed else "torch (the ONNX export failed its check)"
    print(f"query encoder: {verdict}; lowest cosine to torch {check.min_cosine:.6f} over {check.chunks_checked} chunks")


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.http_protocol import IMPORT_STRING

    settings = _settings(args)
    # Each worker process builds its own app from the environment: hand it the settings this command resolved.
    os.environ["GOVDOCS_DATA_DIR"] = str(settings.data_dir)
    os.environ["GOVDOCS_CORPUS_DIR"] = str(settings.corpus_dir)
    if settings.model_path:
        os.environ["GOVDOCS_MODEL_PATH"] = settings.model_path
    print(f"serving on http://{settings.host}:{settings.port} with {settings.workers} worker(s)", flush=True)
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        http=IMPORT_STRING,
        log_level="info",
    )
    return 0


def _open_services(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from server.app import Services

    return Services.open(_settings(args))


def cmd_search(args: argparse.Namespace) -> int:
    from index.search import SearchFilters, hit_json

    services = _open_services(args)
    searcher = services.search.searcher
    filters = SearchFilters(args.document, args.kind, args.date_from, args.date_to)
    hits = searcher.search(args.query, args.k, filters)
    results = [hit_json(h) for h in hits]
    if args.json:
        body = {
            "query": args.query,
            "no_match": searcher.no_match(args.query, filters),
            "unmatched_words": searcher.unmatched_words(args.query, filters),
            "results": results,
        }
        print(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    if not results:
        print("No passages found.")
    for i, r in enumerate(results, 1):
        where = f"{r['document']['title']} ({r['document']['date']}) § {r['section']['path']}"
        print(f"{i}. {where}  [score {r['score']:.4f}]")
        print(textwrap.indent(textwrap.fill(r["text"], 100), "   "))
        print(f"   {r['url']}\n")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    services = _open_services(args)
    result = services.answers.ask(args.question, args.conversation)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    from server.sources import plain_text

    # The text the chat's "Copy answer with sources" gives: sources numbered by card, links to this server.
    settings = _settings(args)
    print(plain_text(args.question, result.to_json(), f"http://{settings.host}:{settings.port}"), end="")
    if result.abstained and result.related:
        print("\nRelated passages:")
        for r in result.related:
            print(f" - {r['document']['title']} ({r['document']['date']}) § {r['section']['path']}")
    print(f"\nconversation: {result.conversation_id}")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from index.graph import GraphIndex
    from index.store import Store
    from server.diagram import to_dot

    settings = _settings(args)
    store = Store(settings.db_path).open()
    payload = GraphIndex(store).load().payload()
    text = (
        to_dot(payload, include_membership=args.members)
        if args.format == "dot"
        else json.dumps(payload, indent=2, ensure_ascii=False)
    )
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output} ({len(payload['nodes'])} nodes, {len(payload['edges'])} edges)")
    else:
        print(text)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from evaluation.runner import run_evaluation

    settings = _settings(args)
    questions = Path(args.questions) if args.questions else None
    if questions is not None and not questions.is_file():
        print(f"error: no question file at {questions}", file=sys.stderr)
        return 2
    corpus = None
    if args.set:
        from evaluation.corpus_set import MissingCorpusSet, corpus_set

        try:
            corpus = corpus_set(args.set).check()
        except MissingCorpusSet as err:
            print(f"\n!!!!!!!! EVALUATION SET MISSING: {err} !!!!!!!!\n", file=sys.stderr)
            return 1
    outcome = run_evaluation(settings, baselines=not args.no_baselines, questions_path=questions, corpus=corpus)
    print(outcome.markdown)
    print(f"\nwrote {outcome.json_path} and {outcome.markdown_path}")
    if outcome.failures:
        print("\nTHRESHOLDS MISSED:\n" + "\n".join(f" - {f}" for f in outcome.failures), file=sys.stderr)
        return 1
    if questions is not None:
        print("report only: the thresholds hold for the gold set")
    else:
        print(f"all evaluation thresholds met{f' for {corpus.name}' if corpus else ''}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govdocs", description="Offline assistant over partnership documents")
    parser.add_argument("--data-dir", help="where the store and index live (default: var/, or GOVDOCS_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="ingest the corpus folder and build the search index")
    p.add_argument("--corpus", help="corpus folder (default: corpus/, or GOVDOCS_CORPUS_DIR)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--rebuild-vectors", action="store_true", help="re-embed every chunk even if nothing changed")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1, or HOST)")
    p.add_argument("--port", type=int, help="port (default 8000, or PORT)")
    p.add_argument("--workers", type=int, help="server processes (default: one per core, or GOVDOCS_WORKERS)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="search the documents")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5, help="how many passages (1-50)")
    p.add_argument("--document", help="only this document id")
    p.add_argument("--kind", help="only documents of this kind")
    p.add_argument("--date-from", help="only documents dated on or after (YYYY[-MM[-DD]])")
    p.add_argument("--date-to", help="only documents dated on or before")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="ask a question and get a cited answer")
    p.add_argument("question")
    p.add_argument("--conversation", help="continue this conversation id")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("graph", help="export the knowledge graph as JSON or Graphviz DOT")
    p.add_argument("--format", choices=("json", "dot"), default="json")
    p.add_argument("--members", action="store_true", help="include membership edges in DOT")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("evaluate", help="score search and answers on the gold set; non-zero exit below thresholds")
    p.add_argument("--no-baselines", action="store_true", help="skip the BM25-only and naive dense baselines")
    p.add_argument("--questions", help="score another question set in the gold format (report only, no thresholds)")
    p.add_argument(
        "--set",
        help="the store holds another corpus: score its questions, edges and metadata against its thresholds "
        "(a set name such as dev-partnerships, or a folder in that format)",
    )
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return int(args.func(args))
    except GovDocsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
