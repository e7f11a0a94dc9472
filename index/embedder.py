"""Embedders: the real sentence-transformers model, and a hash-seeded fake for fast unit tests."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from index.protocols import Embedder  # the Protocol lives with the other backends; imported from here too


def model_name(model_path: str | Path) -> str:
    """The name a vector index records for a model folder (the package's name when the folder is called 'model')."""
    path = Path(model_path)
    return path.name if path.name != "model" else path.parent.name


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers folder), loaded from disk only."""

    batch_size = 32  # faster than 64 on two cores (measured: ~55 passages/s)

    def __init__(self, model_path: str | Path) -> None:
        self.model_path = Path(model_path)
        self.name = model_name(self.model_path)
        self.dimension = 0
        self._model: Any = None

    def load(self) -> SentenceTransformerEmbedder:
        if self._model is not None:
            return self
        if not (self.model_path / "modules.json").exists() and not (self.model_path / "config.json").exists():
            raise FileNotFoundError(
                f"no sentence-transformers model at {self.model_path}; set GOVDOCS_MODEL_PATH to a local model folder"
            )
        # Never reach for the hub: the model ships inside an installed package.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        dimension_of = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension_of())
        return self

    @property
    def max_tokens(self) -> int:
        self.load()
        return int(self._model.max_seq_length)

    def transformer_model(self) -> Any:
        """The underlying Hugging Face transformer (for exporting it)."""
        self.load()
        return self._model[0].auto_model

    def encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


class QueryCache:
    """Remembers the vectors of recent single-text encodes: people repeat questions, and ask repeats its searches."""

    def __init__(self, embedder: Embedder, size: int = 512) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) != 1:
            return self.embedder.encode(texts)
        text = texts[0]
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return vector[None, :]
        vector = self.embedder.encode(texts)[0]
        vector.setflags(write=False)
        with self._lock:
            self._vectors[text] = vector
            if len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector[None, :]


class HashEmbedder:
    """Deterministic bag-of-words vectors: similar word sets give similar vectors. For unit tests only."""

    def __init__(self, dimension: int = 64) -> None:
        self.name = f"hash-{dimension}"
        self.dimension = dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "little")
                out[row, h % self.dimension] += 1.0 if (h >> 31) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out
