"""Embeddings cached by content: a re-index embeds only text it has not seen.

Vectors are keyed by a hash of the embedder's name and the exact text, in a
SQLite file in the store folder, so a measure that moves (its file renamed,
its position changed) or comes back after an edit is not embedded again.
Each write is one transaction: a killed indexer leaves the cache as it was
before or after the batch, never half-written.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FILE = "embeddings.sqlite"


class EmbeddingCache:
    """Vectors by (embedder, text) hash."""

    def __init__(self, root: Path, embedder: str, dim: int) -> None:
        self._db = sqlite3.connect(root / FILE, timeout=30, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
        self._embedder = embedder
        self._dim = dim
        self._lock = threading.Lock()  # one connection, used by the embed and write threads

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self._embedder}\x00{text}".encode()).hexdigest()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of those ``texts`` that have one, by text."""
        keys = {self._key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        items = list(keys)
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                found_rows = self._db.execute(
                    f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk).fetchall()
            for key, blob in found_rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (self._dim,):
                    found[keys[key]] = vec
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Remember vectors (one transaction)."""
        rows = [(self._key(t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)", rows)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
