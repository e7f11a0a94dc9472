"""HTTP benchmark: a real `govdocs serve` under 1, 16 and 50 concurrent clients, beside one plain torch encode.

`make bench` runs it after the in-process benchmark (evaluation/bench.py); alone:
`python -m evaluation.http_bench [--code DIR] [--workers N]`. It ingests the corpus into a temporary data folder
with `govdocs ingest`, starts `govdocs serve` on a free loopback port, and drives it with keep-alive HTTP clients
(threads in this process, so on a small machine the clients share the cores with the server). Every figure comes
from one run: the ratios divide the server's p95 latencies by the median time of one plain sentence-transformers
encode of one query, measured here before the server starts. `--code DIR` serves another checkout of the project
(for before/after figures); traffic goes to 127.0.0.1 only, and every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from core.settings import ROOT, Settings

# Search queries a person types (abbreviations, typos), and questions for the answer engine.
SEARCHES: tuple[str, ...] = (
    "who chairs the HWB",
    "BCF plan 2017-19 areas of focus",
    "what is the ICP MoU for",
    "how often does the one halton forum meet",
    "ACS programme board membership",
    "independant chair accountable care board",
    "DToC delayed transfers of care targets",
    "whats the budget for domicilary care",
    "rapid acess rehab service RARS",
    "PCN community hub phase 1 teams",
    "iBCF money 2018/19",
    "who signs off the halton better care fund",
    "population health managment",
    "urgent care centre opening hours",
    "dispute resolution under the MoU",
    "when does the memorandum of understanding expire",
    "provider alliance renamed",
    "integrated commissioning group role",
    "pooled budget section 75 agreement",
    "care home quality and CQC ratings",
)
QUESTIONS: tuple[str, ...] = (
    "Who does the Provider Alliance report to?",
    "Who chairs the One Halton Forum?",
    "How often does the Provider Alliance meet?",
    "When does the memorandum of understanding expire?",
    "What are the priorities of the Health and Wellbeing Strategy?",
    "Who are the partners to the MoU?",
    "What is the Better Care Fund?",
    "Who is the accountable officer for the CCG?",
    "What did the Health and Wellbeing Board decide about One Halton?",
    "How much is the iBCF allocation for 2018/19?",
)
MIX = ("search", "search", "search", "ask")  # three searches to one question, as people use the app


@dataclass
class Phase:
    name: str
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"search": [], "ask": []})
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    wall: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + self.errors

    @property
    def throughput(self) -> float:
        return self.requests / self.wall if self.wall else 0.0

    def all_latencies(self) -> list[float]:
        return self.latencies["search"] + self.latencies["ask"]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def say(text: str = "") -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def torch_encode_ms(model_path: str, repeats: int = 3) -> float:
    """Median wall time of one plain sentence-transformers encode of one query, warm, on one torch thread (two
    threads on a busy two-core machine measured 10-30x slower, which would flatter every ratio)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)

    model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
    for q in SEARCHES[:3]:
        model.encode([q])
    times = []
    for _ in range(repeats):
        for q in SEARCHES:
            began = time.perf_counter()
            model.encode([q], normalize_embeddings=True, show_progress_bar=False)
            times.append((time.perf_counter() - began) * 1000)
    del model
    return float(np.median(times))


class Client:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, kind: str, text: str) -> tuple[int, bytes]:
        if kind == "search":
            self.conn.request("GET", "/api/search?" + urlencode({"q": text, "k": 10}))
        else:
            body = json.dumps({"question": text})
            self.conn.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()


def run_phase(port: int, phase: Phase, kinds: tuple[str, ...] = MIX, max_requests: int | None = None) -> Phase:
    """`phase.clients` threads, each sending requests back to back until the time (or request budget) is up."""
    lock = threading.Lock()
    deadline = time.monotonic() + phase.seconds
    budget = [max_requests if max_requests is not None else 10**9]

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                kind = rng.choice(kinds)
                text = rng.choice(SEARCHES if kind == "search" else QUESTIONS)
                began = time.perf_counter()
                try:
                    status, body = client.request(kind, text)
                    ok = status == 200
                except (OSError, http.client.HTTPException) as err:
                    status, body, ok = 0, repr(err).encode(), False
                    client.close()
                    client = Client(port)
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    if ok:
                        phase.latencies[kind].append(elapsed)
                    else:
                        phase.errors += 1
                        if len(phase.error_samples) < 3:
                            phase.error_samples.append(f"{status} {body[:120]!r}")
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(phase.clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=phase.seconds + 120)
    phase.wall = time.perf_counter() - began
    return phase


def process_tree_rss(pid: int) -> dict[int, float]:
    """RSS in MiB of the server process and each of its children (the workers)."""
    rss: dict[int, float] = {}
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
            cmdline = Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" in cmdline:
            continue
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        rss[p] = kib / 1024
    return rss


def rss_line(pid: int) -> str:
    rss = process_tree_rss(pid)
    workers = {p: v for p, v in rss.items() if p != pid} or rss
    return ", ".join(f"{v:.0f}" for _, v in sorted(workers.items())) + " MiB"


def govdocs(code: Path, data_dir: Path, *args: str, env: dict[str, str]) -> list[str]:
    return [sys.executable, str(code / "cli.py"), "--data-dir", str(data_dir), *args]


def start_server(code: Path, data_dir: Path, port: int, workers: int | None, env: dict[str, str]) -> subprocess.Popen:
    command = govdocs(code, data_dir, "serve", "--port", str(port), env=env)
    if workers is not None:
        command += ["--workers", str(workers)]
    return subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_healthy(port: int, server: subprocess.Popen, timeout: float = 300) -> float:
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.perf_counter() - began
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become healthy in time")


def phase_row(phase: Phase, encode_ms: float, rss: str) -> str:
    lat = phase.all_latencies()
    return (
        f"| {phase.name} | {phase.clients} | {phase.wall:.0f} s | {phase.requests} | {phase.throughput:.1f} | "
        f"{pct(lat, 50):.0f} | {pct(lat, 95):.0f} | {pct(lat, 99):.0f} | {pct(lat, 95) / encode_ms:.1f}x | "
        f"{phase.errors} | {rss} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--workers", type=int, help="passed to govdocs serve --workers (default: its own)")
    parser.add_argument("--soak", type=float, default=60.0, help="seconds of the 50-client phase")
    args = parser.parse_args(argv)
    code = args.code.resolve()
    base = Settings.from_env()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    env["PYTHONPATH"] = str(code)
    env["GOVDOCS_CORPUS_DIR"] = str(base.corpus_dir)

    say(f"\n## HTTP: govdocs serve from {code} (corpus {base.corpus_dir})")
    encode_ms = torch_encode_ms(base.model_path)
    say(f"  one plain torch MiniLM encode of one query (median, this run): {encode_ms:.1f} ms")

    with tempfile.TemporaryDirectory(prefix="govdocs-http-bench-") as tmp:
        data_dir = Path(tmp) / "var"
        began = time.perf_counter()
        subprocess.run(
            govdocs(code, data_dir, "ingest", "--quiet", env=env),
            cwd=code,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        say(f"  govdocs ingest (fresh data folder): {time.perf_counter() - began:.1f} s")
        port = free_port()
        server = start_server(code, data_dir, port, args.workers, env)
        try:
            startup = wait_healthy(port, server)
            say(f"  start-up to the first healthy answer: {startup:.1f} s; RSS per worker idle: {rss_line(server.pid)}")
            run_phase(port, Phase("warm-up", 2, 30), max_requests=40)

            single = {kind: run_phase(port, Phase(kind, 1, 60), kinds=(kind,), max_requests=60) for kind in MIX[2:]}
            search_p95 = pct(single["search"].latencies["search"], 95)
            ask_p95 = pct(single["ask"].latencies["ask"], 95)
            one = run_phase(port, Phase("mixed", 1, 15))
            rss_one = rss_line(server.pid)
            sixteen = run_phase(port, Phase("mixed", 16, 20))
            rss_sixteen = rss_line(server.pid)
            fifty = run_phase(port, Phase("mixed", 50, args.soak))
            rss_fifty = rss_line(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    say(
        "\n| phase | clients | wall | requests | req/s | p50 ms | p95 ms | p99 ms | p95 / encode | errors "
        "| RSS per worker |"
    )
    say("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("search", "ask"):
        phase = single[kind]
        say(phase_row(phase, encode_ms, "-"))
    say(phase_row(one, encode_ms, rss_one))
    say(phase_row(sixteen, encode_ms, rss_sixteen))
    say(phase_row(fifty, encode_ms, rss_fifty))
    scale = sixteen.throughput / one.throughput if one.throughput else float("nan")
    errors = sum(p.errors for p in (*single.values(), one, sixteen, fifty))
    say("\n| bar | figure | target | met |")
    say("|---|---|---|---|")
    bars = [
        ("search p95 / one torch encode", search_p95 / encode_ms, "<= 0.8", search_p95 / encode_ms <= 0.8),
        ("ask p95 / one torch encode", ask_p95 / encode_ms, "<= 2.5", ask_p95 / encode_ms <= 2.5),
        ("16 clients' throughput / one client's", scale, ">= 1.7", scale >= 1.7),
        (
            "16 clients' p95 / one torch encode",
            pct(sixteen.all_latencies(), 95) / encode_ms,
            "<= 15",
            pct(sixteen.all_latencies(), 95) / encode_ms <= 15,
        ),
        ("errors, all phases", errors, "0", errors == 0),
        ("50 clients: p99 (ms)", pct(fifty.all_latencies(), 99), "<= 1500", pct(fifty.all_latencies(), 99) <= 1500),
    ]
    for name, value, target, met in bars:
        say(f"| {name} | {value:.2f} | {target} | {'yes' if met else 'NO'} |")
    for phase in (*single.values(), one, sixteen, fifty):
        for sample in phase.error_samples:
            say(f"  error sample ({phase.name}, {phase.clients} clients): {sample}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
