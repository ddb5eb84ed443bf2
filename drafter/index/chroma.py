"""Vectors in Chroma: embedded ``PersistentClient`` or a server through ``HttpClient``."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from drafter.errors import ConfigError, StoreError

COLLECTION = "drafter_measures"


def _client(path: Path | None, url: str | None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import chromadb
    settings = chromadb.Settings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise ConfigError(f"DRAFTER_CHROMA_URL '{url}' names no host; use http://HOST:PORT")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        except Exception as exc:  # connection refused, bad handshake, ...
            raise StoreError(
                f"cannot reach the Chroma server at {url} ({exc}); start it with "
                "`chroma run --path DIR` or unset DRAFTER_CHROMA_URL"
            ) from exc
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaVectors:
    """The measure vectors of one store, keyed by measure id."""

    def __init__(self, path: Path | None = None, url: str | None = None,
                 collection: str = COLLECTION) -> None:
        self._client = _client(path, url)
        self._col = self._client.get_or_create_collection(
            collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        try:
            self._batch = int(self._client.get_max_batch_size())
        except Exception:
            self._batch = 1000
        self._batch = max(1, min(self._batch, 2000))

    def count(self) -> int:
        """Number of vectors in the collection."""
        return int(self._col.count())

    def ids(self) -> set[str]:
        """Every id in the collection."""
        return set(self._col.get(include=[])["ids"])

    def existing(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` that already has a vector."""
        found: set[str] = set()
        for i in range(0, len(ids), self._batch):
            found.update(self._col.get(ids=list(ids[i : i + self._batch]), include=[])["ids"])
        return found

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Write vectors; writing the same id twice leaves one vector (idempotent)."""
        for i in range(0, len(ids), self._batch):
            j = i + self._batch
            self._col.upsert(
                ids=list(ids[i:j]),
                embeddings=vectors[i:j].tolist(),
                documents=list(documents[i:j]),
                metadatas=list(metadatas[i:j]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove vectors by id; unknown ids are ignored."""
        for i in range(0, len(ids), self._batch):
            self._col.delete(ids=list(ids[i : i + self._batch]))

    def query(self, vector: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Nearest ``k`` ids with cosine similarity, best first."""
        if k <= 0:
            return []
        res = self._col.query(
            query_embeddings=[vector.tolist()], n_results=k, where=where, include=["distances"]
        )
        ids = res["ids"][0]
        dists = res["distances"][0] if res.get("distances") else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def similarity(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` with the stored vectors of ``ids``."""
        if not ids:
            return {}
        res = self._col.get(ids=list(ids), include=["embeddings"])
        found = np.asarray(res["embeddings"], dtype=np.float32)
        if found.size == 0:
            return {}
        sims = found @ vector / (np.linalg.norm(found, axis=1) * np.linalg.norm(vector) + 1e-9)
        return {i: float(s) for i, s in zip(res["ids"], sims.tolist(), strict=True)}

    def mean(self, ids: Sequence[str], dim: int) -> np.ndarray:
        """The mean of the stored vectors of ``ids`` (zeros when there are none)."""
        total = np.zeros(dim, dtype=np.float64)
        count = 0
        for i in range(0, len(ids), self._batch):
            res = self._col.get(ids=list(ids[i : i + self._batch]), include=["embeddings"])
            found = np.asarray(res["embeddings"], dtype=np.float64)
            if found.size:
                total += found.sum(axis=0)
                count += len(found)
        return (total / max(count, 1)).astype(np.float32)

    def reset(self) -> None:
        """Drop every vector (used by a rebuild, which may change the dimension)."""
        name = self._col.name
        self._client.delete_collection(name)
        self._col = self._client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
