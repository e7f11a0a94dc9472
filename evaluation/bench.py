"""Performance benchmark: ingest and index time, warm query latency, the same at 100x scale, peak memory.

Run with `make bench` (or `.venv/bin/python -m evaluation.bench`). Everything is written to temporary
folders that are removed at the end; the project's var/ folder is never touched. No network: the
model is read from the installed package with HF_HUB_OFFLINE=1.

1. The real corpus (Settings.from_env().corpus_dir) is ingested into a fresh data folder with
   run_ingest and the WordPieceCounter; the real SentenceTransformerEmbedder is loaded (timed on its
   own) and VectorIndex.build embeds every chunk.
2. Warm query latency over that store through SearchService.open(...).searcher.search(q, 10):
   hybrid, lexical-only and dense-only, a fixed list of realistic queries repeated.
3. A synthetic corpus 100 times larger: 100 varied copies of every real document written as new
   .txt files and ingested for real with run_ingest (so BM25 runs over a real 100x FTS index).
   Embedding ~60k chunks would take ~20 minutes on two cores, so the big FAISS index is built from
   the real corpus's chunk vectors instead (see build_synthetic_vectors) and the benchmark says so.
4. Peak resident memory of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from core.settings import Settings
from index.embedder import SentenceTransformerEmbedder
from index.onnx_model import ONNX_FILE, OnnxEmbedder, ensure_onnx, onnx_dir
from index.search import HybridSearcher
from index.service import SearchService
from index.store import Store
from index.vectors import INDEX_FILE, MANIFEST_FILE, VectorIndex, chunk_embedding_text
from ingest.chunks import WordPieceCounter
from ingest.manifest import load_manifest, slugify
from ingest.metadata import infer_meta
from ingest.pipeline import IngestReport, discover, run_ingest

K = 10
MODES = ("hybrid", "lexical", "dense")
NOISE_SIGMA = 0.005  # per dimension on 384-d unit vectors: cosine to the source vector ~0.995

# Realistic queries: abbreviations, informal phrasing, typos (marked), none copied from the gold set's wording.
QUERIES: tuple[str, ...] = (
    "who chairs the HWB",
    "BCF plan 2017-19 areas of focus",
    "what is the ICP MoU for",
    "how often does the one halton forum meet",
    "ACS programme board membership",
    "independant chair accountable care board",  # typo
    "DToC delayed transfers of care targets",
    "whats the budget for domicilary care",  # typo
    "rapid acess rehab service RARS",  # typo
    "PCN community hub phase 1 teams",
    "iBCF money 2018/19",
    "who signs off the halton better care fund",
    "CCG governing body delegated authority one halton budget",
    "population health managment",  # typo
    "how deprived is halton compared to england",
    "urgent care centre opening hours",
    "how much did RCAT save",
    "what does discharge to asess mean",  # typo
    "admiral nurses dementia support",
    "dispute resolution under the MoU",
    "when does the memorandum of understanding expire",
    "HBC exec board endorsed one halton vision",
    "provider alliance renamed",
    "what's an SDF",
    "C&M HCP allocation 2020/21",
    "one halton system leadership programme start date",
    "voluntary sector value to the local economy",
    "integrated commissioning group role",
    "what r the six hwb strategy priorities",  # informal
    "place based plan must do's NHS long term plan",
    "reablement and intermediate care beds",
    "mental health crisis support for young people",
    "falls prevention for older people",
    "carers support funding",
    "social prescribing in GP practices",
    "disabled facilities grant DFG",
    "high impact change model hospital discharge",
    "pooled budget section 75 agreement",
    "who is the SRO for one halton",
    "life expectancy gap halton vs national averge",  # typo
    "childrens obesity and healthy weight",
    "care home quality and CQC ratings",
)
WARMUP_QUERIES = ("health and wellbeing board", "better care fund", "integrated care partnership")

# Words the copies may swap with a neighbour: plain alphabetic words of four letters or more.
_WORD = re.compile(r"^[A-Za-z]{4,}$")


def peak_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    raw = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def load_avg() -> str:
    """1-minute load average: on a 2-core machine anything above ~1 means other work competed for the CPU."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


def say(text: str = "") -> None:
    print(text, flush=True)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def measure(searcher: HybridSearcher, queries: tuple[str, ...], repeats: int) -> dict[str, dict[str, float]]:
    """Warm latency per mode (ms). Modes are interleaved per query so drift hits them alike."""
    for q in WARMUP_QUERIES:
        for mode in MODES:
            searcher.search(q, K, mode=mode)
    times: dict[str, list[float]] = {m: [] for m in MODES}
    hits: dict[str, list[int]] = {m: [] for m in MODES}
    for _ in range(repeats):
        for q in queries:
            for mode in MODES:
                began = time.perf_counter()
                results = searcher.search(q, K, mode=mode)
                times[mode].append((time.perf_counter() - began) * 1000)
                hits[mode].append(len(results))
    return {
        m: {
            "n": len(times[m]),
            "p50": pct(times[m], 50),
            "p95": pct(times[m], 95),
            "mean": float(np.mean(times[m])),
            "max": max(times[m]),
            "empty": sum(1 for h in hits[m] if h == 0) / repeats,
            "avg_hits": float(np.mean(hits[m])),
        }
        for m in MODES
    }


def print_latency(title: str, stats: dict[str, dict[str, float]], queries: int, repeats: int) -> None:
    say(f"  {title}: {queries} queries x {repeats} repeats, k={K}, warm (latency in ms)")
    say(f"    {'mode':<8} {'n':>4} {'p50':>8} {'p95':>8} {'mean':>8} {'max':>8}  results/query  queries with 0 hits")
    for m in MODES:
        s = stats[m]
        say(
            f"    {m:<8} {int(s['n']):>4} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['mean']:>8.1f} {s['max']:>8.1f}"
            f"  {s['avg_hits']:>13.1f}  {s['empty']:>.0f}"
        )


def vary(text: str, copy_no: int, title: str, seed: str, swaps: int = 3) -> tuple[str, int]:
    """A copy of a document: a 'Copy N of <title>' first line, and a few neighbouring words swapped.

    Swaps happen only inside long prose lines (at least 8 words), between two alphabetic words of 4+
    letters, so headings, numbering and tables keep their shape. Deterministic for (seed, copy_no).
    """
    rng = random.Random(f"{seed}:{copy_no}")
    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines) if len(line.split()) >= 8]
    done = 0
    for i in rng.sample(prose, min(len(prose), swaps * 2)):
        parts = re.split(r"(\s+)", lines[i])  # words at even indices, whitespace at odd ones
        spots = [j for j in range(0, len(parts) - 2, 2) if _WORD.match(parts[j]) and _WORD.match(parts[j + 2])]
        if not spots:
            continue
        j = rng.choice(spots)
        if parts[j] == parts[j + 2]:
            continue
        parts[j], parts[j + 2] = parts[j + 2], parts[j]
        lines[i] = "".join(parts)
        done += 1
        if done >= swaps:
            break
    return f"Copy {copy_no} of {title}\n\n" + "\n".join(lines), done


def write_synthetic_corpus(real_corpus: Path, target: Path, copies: int) -> tuple[dict[str, str], int, int]:
    """Write `copies` varied copies of every real document; returns copy doc id -> real doc id."""
    target.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(real_corpus)
    source_of: dict[str, str] = {}
    total_bytes = swapped = 0
    for path in discover(real_corpus):
        text = path.read_text(encoding="utf-8-sig")
        meta = manifest.get(path.name) or infer_meta(path, text.splitlines()[:40])
        for n in range(1, copies + 1):
            body, done = vary(text, n, meta.title, meta.id)
            name = f"{path.stem}-copy-{n:03d}{path.suffix}"
            (target / name).write_text(body, encoding="utf-8")
            source_of[slugify(Path(name).stem)] = meta.id
            total_bytes += len(body.encode("utf-8"))
            swapped += done
    return source_of, total_bytes, swapped


def build_synthetic_vectors(
    real_store: Store,
    real_vectors: VectorIndex,
    big_store: Store,
    source_of: dict[str, str],
    model_name: str,
    directory: Path,
) -> dict[str, float]:
    """A FAISS flat index over every big-store chunk without running the model.

    Each big chunk gets the real vector of the real chunk whose embedding text is identical (what the
    model would return for it), else the real vector of the same-ordinal chunk of its source document;
    then small deterministic Gaussian noise and re-normalisation, so no two copies are identical.
    The manifest carries the big store's true fingerprint, so SearchService.open loads it as current.
    """
    assert real_vectors.index is not None
    real_matrix = real_vectors.index.reconstruct_n(0, real_vectors.index.ntotal)
    row_of = {cid: i for i, cid in enumerate(real_vectors.chunk_ids)}
    by_text: dict[str, int] = {}
    by_doc: dict[str, list[int]] = {}
    for row in real_store.all_chunks():  # document, ordinal order
        i = row_of[row["id"]]
        by_text.setdefault(chunk_embedding_text(row), i)
        by_doc.setdefault(row["document_id"], []).append(i)
    big_rows = big_store.all_chunks()
    picks = np.empty(len(big_rows), dtype=np.int64)
    exact = 0
    for n, row in enumerate(big_rows):
        found = by_text.get(chunk_embedding_text(row))
        if found is None:
            same_doc = by_doc[source_of[row["document_id"]]]
            found = same_doc[min(int(row["ordinal"]), len(same_doc) - 1)]
        else:
            exact += 1
        picks[n] = found
    matrix = real_matrix[picks].astype(np.float32)
    matrix += np.random.default_rng(0).normal(0.0, NOISE_SIGMA, matrix.shape).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(np.ascontiguousarray(matrix))
    directory.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(directory / INDEX_FILE))
    manifest = {
        "model": model_name,
        "dimension": int(matrix.shape[1]),
        "count": len(big_rows),
        "chunk_ids": [r["id"] for r in big_rows],
        "store_fingerprint": big_store.chunks_fingerprint(),
        "built_seconds": 0.0,
        "synthetic": f"real chunk vectors reused, noise sigma {NOISE_SIGMA}",
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    return {"vectors": len(big_rows), "exact": exact, "approx": len(big_rows) - exact}


def report_line(report: IngestReport) -> str:
    failed = f"; FAILED: {report.failed}" if report.failed else ""
    return f"{report.documents} documents, {report.sections} sections, {report.chunks} chunks{failed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of each document for the scale test")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the query list")
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    bench_began = time.perf_counter()
    base = Settings.from_env()
    rows: list[tuple[str, str]] = []

    say("# govdocs benchmark")
    say(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
        f"faiss {faiss.__version__}"
    )
    say(f"corpus: {base.corpus_dir}   model: {base.model_path}   chunk_tokens: {base.chunk_tokens}")
    start_load = load_avg()
    say(f"1-minute load average at start: {start_load} (other processes on the machine skew every timing)")

    with tempfile.TemporaryDirectory(prefix="govdocs-bench-") as tmp_name:
        tmp = Path(tmp_name)

        # --- 1. ingest + index, real corpus -----------------------------------------------------------
        say("\n## 1. Ingest + index, real corpus (fresh temporary data folder)")
        real = replace(base, data_dir=tmp / "real-data")
        store = Store(real.db_path).open()
        began = time.perf_counter()
        counter = WordPieceCounter(real.model_path).load()
        tokenizer_s = time.perf_counter() - began
        began = time.perf_counter()
        report = run_ingest(real.corpus_dir, store, counter, real.chunk_tokens)
        ingest_s = time.perf_counter() - began
        say(f"  tokenizer load (WordPieceCounter): {tokenizer_s:.2f} s")
        say(f"  run_ingest:                        {ingest_s:.2f} s  ({report_line(report)})")

        began = time.perf_counter()
        import sentence_transformers  # noqa: F401  (timed apart: the import alone pulls torch in)

        import_s = time.perf_counter() - began
        began = time.perf_counter()
        embedder = SentenceTransformerEmbedder(real.model_path).load()
        load_s = time.perf_counter() - began
        say(f"  import sentence_transformers+torch: {import_s:.2f} s")
        say(f"  model load ({embedder.name}, dim {embedder.dimension}): {load_s:.2f} s")
        began, cpu_began = time.perf_counter(), time.process_time()
        manifest = VectorIndex(real.vectors_dir).build(store, embedder)
        build_s = time.perf_counter() - began
        build_cpu = time.process_time() - cpu_began
        rate = manifest["count"] / build_s if build_s else 0.0
        say(
            f"  VectorIndex.build:                 {build_s:.2f} s  ({manifest['count']} chunks, {rate:.0f} passages/s)"
        )
        say(f"    (process CPU time {build_cpu:.1f} s over {build_s:.1f} s wall; load average now {load_avg()})")
        store.close()
        say(f"  peak RSS so far: {peak_mib():.0f} MiB")
        rows += [
            ("Real corpus", f"{report.documents} docs, {report.sections} sections, {report.chunks} chunks"),
            ("Ingest (run_ingest, real corpus)", f"{ingest_s:.2f} s"),
            ("Model import + load", f"{import_s:.2f} s + {load_s:.2f} s"),
            ("Vector build (embed all chunks)", f"{build_s:.2f} s ({rate:.0f} passages/s)"),
        ]

        # --- 2. warm query latency, real corpus -------------------------------------------------------
        say("\n## 2. Query latency, real corpus (SearchService.open(settings, embedder=...).searcher.search(q, 10))")
        began = time.perf_counter()
        service = SearchService.open(real, embedder=embedder, build_if_stale=False)
        say(f"  SearchService.open: {time.perf_counter() - began:.2f} s")
        # This bench measures the default backends, and reads their files.
        assert isinstance(service.store, Store) and isinstance(service.vectors, VectorIndex)
        real_stats = measure(service.searcher, QUERIES, args.repeats)
        print_latency("real corpus", real_stats, len(QUERIES), args.repeats)
        say(f"  peak RSS so far: {peak_mib():.0f} MiB")
        for m in MODES:
            s = real_stats[m]
            rows.append((f"{m.capitalize()} query p50 / p95 (real)", f"{s['p50']:.1f} / {s['p95']:.1f} ms"))

        # The same queries with the encoder serving uses: the model exported to ONNX at ingest (no cache here,
        # so every repeat is encoded again).
        began = time.perf_counter()
        check = ensure_onnx(real, service.vectors, embedder)
        say(
            f"  ONNX export + check: {time.perf_counter() - began:.1f} s; lowest cosine to torch "
            f"{check.min_cosine if check else float('nan'):.6f} over {check.chunks_checked if check else 0} chunks"
        )
        onnx = OnnxEmbedder(onnx_dir(real.data_dir) / ONNX_FILE, real.model_path).load()
        onnx_service = SearchService.open(real, embedder=onnx, build_if_stale=False)
        onnx_stats = measure(onnx_service.searcher, QUERIES, args.repeats)
        print_latency("real corpus, ONNX query encoder", onnx_stats, len(QUERIES), args.repeats)
        onnx_service.close()
        for m in ("hybrid", "dense"):
            s = onnx_stats[m]
            rows.append((f"{m.capitalize()} query p50 / p95 (real, ONNX)", f"{s['p50']:.1f} / {s['p95']:.1f} ms"))
        if check is not None:
            rows.append(
                ("ONNX check: lowest cosine to torch", f"{check.min_cosine:.6f} ({check.chunks_checked} chunks)")
            )

        # --- 3. 100x synthetic corpus -----------------------------------------------------------------
        say(f"\n## 3. Synthetic corpus {args.copies}x larger")
        big_corpus = tmp / "big-corpus"
        began = time.perf_counter()
        source_of, total_bytes, swapped = write_synthetic_corpus(real.corpus_dir, big_corpus, args.copies)
        write_s = time.perf_counter() - began
        say(
            f"  wrote {len(source_of)} files ({total_bytes / 1e6:.1f} MB) in {write_s:.1f} s: {args.copies} copies of "
            f"each real document, each with a first line 'Copy N of <title>' and up to 3 neighbouring words "
            f"swapped (seeded by document and copy; {swapped} swaps in all)"
        )
        big = replace(base, data_dir=tmp / "big-data", corpus_dir=big_corpus)
        big_store = Store(big.db_path).open()
        say(f"  run_ingest over {len(source_of)} files (single process, as `govdocs ingest` does) ...")
        began = time.perf_counter()
        big_report = run_ingest(big.corpus_dir, big_store, counter, big.chunk_tokens)
        big_ingest_s = time.perf_counter() - began
        say(f"  run_ingest:                        {big_ingest_s:.1f} s  ({report_line(big_report)})")
        db_mb = sum(p.stat().st_size for p in big.data_dir.glob("store.db*")) / 1e6
        say(f"  store size on disk: {db_mb:.0f} MB (SQLite + FTS5, WAL included)")
        say(f"  peak RSS so far: {peak_mib():.0f} MiB")

        speed = rate or 55.0
        say(
            f"  NOTE: the big FAISS index is NOT embedded by the model ({big_report.chunks} chunks at ~{speed:.0f} "
            f"passages/s would take ~{big_report.chunks / speed / 60:.0f} min)."
        )
        say("        Each big chunk reuses the real vector of the real chunk with the identical embedding text")
        say(
            f"        (else the same-ordinal chunk of its source document), plus Gaussian noise sigma={NOISE_SIGMA} "
            "per dimension,"
        )
        say("        re-normalised. Same size, dimension and index type (IndexFlatIP) as a real build; BM25 is real.")
        began = time.perf_counter()
        vec_info = build_synthetic_vectors(
            service.store, service.vectors, big_store, source_of, embedder.name, big.vectors_dir
        )
        say(
            f"  synthetic vector index: {vec_info['vectors']:.0f} vectors ({vec_info['exact']:.0f} from identical "
            f"chunk text, {vec_info['approx']:.0f} from the same-ordinal chunk) in {time.perf_counter() - began:.1f} s"
        )
        big_store.close()
        service.close()

        began = time.perf_counter()
        big_service = SearchService.open(big, embedder=embedder, build_if_stale=False)
        big_open_s = time.perf_counter() - began
        assert isinstance(big_service.store, Store) and isinstance(big_service.vectors, VectorIndex)
        # Make sure the searcher really runs over the big store and the big index.
        assert big_service.searcher.store is big_service.store and Path(big_service.store.path) == big.db_path
        assert big_service.searcher.vectors is big_service.vectors
        assert big_service.vectors.index is not None
        assert big_service.vectors.index.ntotal == big_service.store.counts()["chunks"] == big_report.chunks
        probe = {m: big_service.searcher.search("better care fund governance", K, mode=m) for m in MODES}
        assert all(hits and all("-copy-" in h.chunk["document_id"] for h in hits) for hits in probe.values())
        say(
            f"  SearchService.open(big settings): {big_open_s:.1f} s (fingerprint check, FAISS load, analyser over "
            f"{big_report.chunks} chunks); checked: searcher uses {big.db_path.name} in the big data folder, FAISS "
            f"ntotal {big_service.vectors.index.ntotal} = store chunks, hits come from the copies"
        )
        big_stats = measure(big_service.searcher, QUERIES, args.repeats)
        print_latency(f"{args.copies}x synthetic corpus", big_stats, len(QUERIES), args.repeats)
        big_service.close()
        rows += [
            (
                f"Synthetic corpus ({args.copies}x)",
                f"{big_report.documents} docs, {big_report.sections} sections, {big_report.chunks} chunks",
            ),
            (f"Ingest (run_ingest, {args.copies}x)", f"{big_ingest_s:.1f} s"),
            (f"Vector index ({args.copies}x)", "synthetic: real chunk vectors reused + noise (not re-embedded)"),
        ]
        for m in MODES:
            s = big_stats[m]
            rows.append((f"{m.capitalize()} query p50 / p95 ({args.copies}x)", f"{s['p50']:.1f} / {s['p95']:.1f} ms"))

    # --- 4. memory ---------------------------------------------------------------------------------------
    total_s = time.perf_counter() - bench_began
    peak = peak_mib()
    say("\n## 4. Memory")
    say(f"  peak RSS of the process (ru_maxrss): {peak:.0f} MiB")
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    say(f"\nwall time {total_s:.0f} s, process CPU time {cpu.ru_utime + cpu.ru_stime:.0f} s, load average {load_avg()}")
    rows += [
        ("Peak RSS (whole run)", f"{peak:.0f} MiB"),
        ("Benchmark wall time", f"{total_s:.0f} s"),
        ("1-min load average (start / end)", f"{start_load} / {load_avg()}"),
    ]

    say("\n## Summary\n")
    say(
        f"Machine: {os.cpu_count()} CPUs; latency = warm, {len(QUERIES)} queries x {args.repeats}, k={K}, "
        "percentiles by linear interpolation.\n"
    )
    say("| Measure | Value |")
    say("|---|---|")
    for name, value in rows:
        say(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
