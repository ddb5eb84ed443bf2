"""Embeddings cached by content: a re-index embeds only text it has not seen.

Vectors are keyed by a hash of the embedder's name and the exact text, in a
SQLite file in the store folder, so a measure that moves (its file renamed,
its position changed) or comes back after an edit is not embedded again.
Each write is one transaction: a killed indexer leaves the cache as it was
before or after the batch, never half-written.

The cache only saves work: a damaged or unreadable cache file is never an
error.  ``EmbeddingCache`` then answers every lookup with a miss and drops
writes (``broken`` says why), and ``reset`` replaces the file.
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
        self._embedder = embedder
        self._dim = dim
        self._lock = threading.Lock()  # one connection, used by the embed and write threads
        #: Why the cache is not used (damaged, unreadable), or "" when it is.
        self.broken = ""
        self._db: sqlite3.Connection | None = None
        try:
            self._db = sqlite3.connect(root / FILE, timeout=30, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
            self._db.execute("SELECT key FROM vec LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            self._fail(exc)

    def _fail(self, exc: sqlite3.Error) -> None:
        self.broken = f"the embedding cache {FILE} cannot be used ({exc})"
        if self._db is not None:
            self._db.close()
            self._db = None

    @staticmethod
    def check(root: Path) -> str:
        """Why the cache file in ``root`` is damaged, or "" when it is sound (or absent)."""
        path = root / FILE
        if not path.exists():
            return ""
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
                result = db.execute("PRAGMA quick_check").fetchone()
            db.close()
        except sqlite3.Error as exc:
            return f"the embedding cache {FILE} cannot be used ({exc})"
        if not result or result[0] != "ok":
            return f"the embedding cache {FILE} is damaged ({result[0] if result else '?'})"
        return ""

    @staticmethod
    def reset(root: Path) -> None:
        """Replace a damaged cache file by an empty one."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            (root / f"{FILE}{suffix}").unlink(missing_ok=True)

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
                if self._db is None:
                    return found
                try:
                    found_rows = self._db.execute(
                        f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk).fetchall()
                except sqlite3.Error as exc:
                    self._fail(exc)
                    return found
            for key, blob in found_rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (self._dim,):
                    found[keys[key]] = vec
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Remember vectors (one transaction)."""
        rows = [(self._key(t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._lock:
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)", rows)
            except sqlite3.Error as exc:
                self._fail(exc)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
