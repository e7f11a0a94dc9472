"""The embedding model run by ONNX Runtime, exported once from the packaged torch model and checked against it.

Serving encodes one short query at a time; ONNX Runtime does that in a few milliseconds without importing torch
(start-up and memory), where sentence-transformers costs ~25 ms and a torch import per worker. Ingest exports the
model into the data folder and checks the exported graph against torch on the corpus's own chunks; serving uses it
only when that check passed, and falls back to torch with a warning otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import Settings
from index.embedder import Embedder, SentenceTransformerEmbedder, model_name
from index.generations import open_generation
from index.store import Store
from index.vectors import VectorIndex, chunk_embedding_text

log = logging.getLogger(__name__)

ONNX_FILE = "model.onnx"
CHECK_FILE = "check.json"
# The bar the exported graph must clear on every chunk checked (cosine to the torch vector of the same text).
MIN_COSINE = 0.999
# Bump when the export (graph, opset, pooling) changes, so an old export is redone.
EXPORT_VERSION = "1"


@dataclass(frozen=True)
class OnnxCheck:
    """What ingest found when it compared the exported model with torch."""

    model: str
    model_fingerprint: str
    export_version: str
    chunks_checked: int
    min_cosine: float
    mean_cosine: float
    passed: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def onnx_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "onnx"


def model_fingerprint(model_path: str | Path) -> str:
    """Names, sizes and config text of the model folder's files: another model or another version re-exports."""
    folder = Path(model_path)
    digest = hashlib.sha256(EXPORT_VERSION.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(folder)}\x1f{path.stat().st_size}\x1e".encode())
        if path.suffix == ".json":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _max_tokens(model_path: Path) -> int:
    config = model_path / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    return 256


class OnnxEmbedder:
    """Mean-pooled, unit-length sentence vectors from an exported model.onnx and the model folder's tokenizer.json."""

    batch_size = 32

    def __init__(self, onnx_path: str | Path, model_path: str | Path, threads: int = 1) -> None:
        self.onnx_path = Path(onnx_path)
        self.model_path = Path(model_path)
        self.name = model_name(self.model_path)
        self.dimension = 0
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: set[str] = set()

    def load(self) -> OnnxEmbedder:
        if self._session is not None:
            return self
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # One thread per query: workers already use every core, and one short sentence gains nothing from two.
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            str(self.onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        # The shipped tokenizer.json truncates at 128; the model reads 256 pieces, as sentence-transformers does.
        tokenizer.enable_truncation(max_length=_max_tokens(self.model_path))
        pad_id = tokenizer.token_to_id("[PAD]") or 0
        tokenizer.enable_padding(pad_id=pad_id, pad_token="[PAD]")
        self._tokenizer = tokenizer
        self.dimension = int(self._session.get_outputs()[0].shape[-1])
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = [self._encode_batch(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return np.concatenate(out).astype(np.float32, copy=False)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.asarray([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in encodings], dtype=np.int64),
        }
        (vectors,) = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})
        return np.asarray(vectors, dtype=np.float32)


def export_onnx(model_path: str | Path, target: Path) -> Path:
    """Export the sentence-transformers model (transformer, mean pooling, normalisation) to target/model.onnx.

    Needs torch (ingest has it); written beside the target and renamed in, so a reader never sees half a file.
    """
    import torch

    torch_embedder = SentenceTransformerEmbedder(model_path).load()
    transformer = torch_embedder.transformer_model()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            tokens = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    module = Pooled().eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".onnx-", dir=target))
    try:
        # The tracer warns about shape-dependent branches; the check against torch below is what decides.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                module,
                (sample, torch.ones_like(sample), torch.zeros_like(sample)),
                str(staging / ONNX_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["sentence_embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "sequence"},
                    "attention_mask": {0: "batch", 1: "sequence"},
                    "token_type_ids": {0: "batch", 1: "sequence"},
                    "sentence_embedding": {0: "batch"},
                },
                opset_version=17,
                dynamo=False,
            )
        os.replace(staging / ONNX_FILE, target / ONNX_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / ONNX_FILE


def compare(reference: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Row-wise cosine between two sets of unit vectors."""
    if not len(reference):
        return np.zeros(0, dtype=np.float32)
    norms = np.linalg.norm(reference, axis=1) * np.linalg.norm(candidate, axis=1)
    return np.einsum("ij,ij->i", reference, candidate) / np.maximum(norms, 1e-12)


def read_check(data_dir: Path) -> OnnxCheck | None:
    path = onnx_dir(data_dir) / CHECK_FILE
    try:
        return OnnxCheck(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_check(data_dir: Path, check: OnnxCheck) -> None:
    path = onnx_dir(data_dir) / CHECK_FILE
    staging = path.with_name(f".{CHECK_FILE}.{os.getpid()}")
    staging.write_text(json.dumps(check.to_json(), indent=2), encoding="utf-8")
    os.replace(staging, path)


def check_onnx(
    data_dir: Path, model_path: str | Path, texts: list[str], torch_vectors: np.ndarray, threads: int = 2
) -> OnnxCheck:
    """Export the model if this data folder has no current export, then compare it with torch on `texts`.

    `torch_vectors` are the torch model's vectors for `texts` (ingest has just made them). An existing export is
    checked again on the new texts only and its record keeps the lowest cosine ever seen.
    """
    folder = onnx_dir(data_dir)
    fingerprint = model_fingerprint(model_path)
    previous = read_check(data_dir)
    fresh = previous is None or previous.model_fingerprint != fingerprint or not (folder / ONNX_FILE).is_file()
    if fresh:
        export_onnx(model_path, folder)
        previous = None
    cosines = compare(torch_vectors, OnnxEmbedder(folder / ONNX_FILE, model_path, threads=threads).encode(texts))
    before = previous.chunks_checked if previous else 0
    checked = before + len(texts)
    seen = [float(cosines.min())] if len(cosines) else []
    if previous is not None:
        seen.append(previous.min_cosine)
    lowest = min(seen, default=1.0)
    total = float(cosines.sum()) + (previous.mean_cosine * before if previous else 0.0)
    mean = total / checked if checked else 1.0
    check = OnnxCheck(
        model=model_name(model_path),
        model_fingerprint=fingerprint,
        export_version=EXPORT_VERSION,
        chunks_checked=checked,
        min_cosine=lowest,
        mean_cosine=mean,
        passed=lowest >= MIN_COSINE,
    )
    write_check(data_dir, check)
    if not check.passed:
        log.warning(
            "the ONNX export of %s differs from torch (lowest cosine %.5f < %.3f): serving will use torch",
            check.model,
            lowest,
            MIN_COSINE,
        )
    return check


def query_embedder(data_dir: Path, model_path: str | Path) -> Embedder:
    """The embedder serving encodes queries with: ONNX when ingest's check passed, else torch (with a warning)."""
    check = read_check(data_dir)
    onnx_path = onnx_dir(data_dir) / ONNX_FILE
    reason = None
    if check is None or not onnx_path.is_file():
        reason = "no checked ONNX export in the data folder (run govdocs ingest)"
    elif check.model_fingerprint != model_fingerprint(model_path):
        reason = "the ONNX export was made from another model (run govdocs ingest)"
    elif not check.passed:
        reason = f"the ONNX export failed its check against torch (lowest cosine {check.min_cosine:.5f})"
    else:
        try:
            return OnnxEmbedder(onnx_path, model_path).load()
        except ImportError:
            reason = "onnxruntime is not installed"
        except Exception as err:  # a corrupt file must not stop serving: torch still works
            reason = f"the ONNX model could not be loaded ({err})"
    log.warning("encoding queries with torch: %s", reason)
    return SentenceTransformerEmbedder(model_path).load()


def ensure_onnx(settings: Settings, vectors: VectorIndex | None, torch_embedder: Embedder) -> OnnxCheck | None:
    """At ingest: export the model when the data folder has no current export and check it on every chunk of the
    newest generation; otherwise check it on the chunks just embedded. None when there is nothing to check.

    The vectors must be torch's (ingest embeds with SentenceTransformerEmbedder): they are the reference.
    """
    import onnxruntime  # noqa: F401  (fail before exporting: without the runtime an export is of no use)

    folder = onnx_dir(settings.data_dir)
    existing = read_check(settings.data_dir)
    current = (
        existing is not None
        and existing.model_fingerprint == model_fingerprint(settings.model_path)
        and (folder / ONNX_FILE).is_file()
    )
    if current:
        if vectors is None or not vectors.embedded[0]:
            return None
        texts, reference = vectors.embedded
        return check_onnx(settings.data_dir, settings.model_path, texts, reference)
    store = Store(settings.db_path).open()
    try:
        if vectors is None:
            _, vectors = open_generation(store, settings.vectors_dir, torch_embedder.name)
        assert vectors.index is not None
        matrix = vectors.index.reconstruct_n(0, vectors.index.ntotal) if vectors.index.ntotal else np.zeros((0, 0))
        row_of = {chunk_id: i for i, chunk_id in enumerate(vectors.chunk_ids)}
        rows = [r for r in store.all_chunks() if r["id"] in row_of]
    finally:
        store.close()
    texts = [chunk_embedding_text(r) for r in rows]
    reference = np.asarray([matrix[row_of[r["id"]]] for r in rows], dtype=np.float32)
    if os.path.exists(folder / CHECK_FILE):
        os.remove(folder / CHECK_FILE)  # a new export is checked from scratch
    return check_onnx(settings.data_dir, settings.model_path, texts, reference)
