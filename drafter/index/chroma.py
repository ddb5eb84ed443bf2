"""Vectors in Chroma: embedded ``PersistentClient`` or a server through ``HttpClient``.

Every call into Chroma goes through ``_guard``: whatever Chroma raises (a
damaged database, a server that fails or stops answering) becomes one
``VectorsError`` line naming the database, never a traceback.  The server
client has a timeout on every request (``TIMEOUT_S``).
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from drafter.errors import ConfigError, StoreError

#: The collection of a store built before collections were named per build.
COLLECTION = "drafter_measures"
#: Seconds a Chroma server may take to answer one request.
TIMEOUT_S = 30.0


class VectorsError(StoreError):
    """The Chroma database or server cannot be used."""

    def __init__(self, reason: str, hint: str = "", damaged: bool = True) -> None:
        #: What went wrong, without the advice.
        self.reason = reason
        #: False when the database is sound but may not be written (read-only).
        self.damaged = damaged
        super().__init__(f"{reason}; {hint}" if hint else reason)


#: What to do when an embedded Chroma database cannot be read.
EMBEDDED_HINT = "run `drafter index PATH...` to repair it, or `drafter index --rebuild PATH...`"
SERVER_HINT = "check the Chroma server, then run again"
READONLY_HINT = ("embedded Chroma must write to its folder even to read: make the store "
                 "writable, or serve it with `chroma run` and set DRAFTER_CHROMA_URL")


def _line(exc: BaseException) -> str:
    """An exception as one short line."""
    text = re.sub(r"\s+", " ", str(exc)).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


@contextmanager
def _guard(where: str, hint: str) -> Iterator[None]:
    """Turn whatever Chroma raises into one ``VectorsError`` line naming ``where``."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:  # Chroma's own errors, sqlite's, httpx's: all one line
        text = _line(exc)
        if isinstance(exc, PermissionError) or "readonly" in text.lower():
            raise VectorsError(f"{where}: the Chroma database cannot be written ({text})",
                               READONLY_HINT, damaged=False) from exc
        raise VectorsError(f"{where}: Chroma failed ({text})", hint) from exc


def _server(url: str, settings: Any) -> Any:
    import chromadb
    import httpx

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise ConfigError(f"DRAFTER_CHROMA_URL '{url}' names no host; use http://HOST:PORT")
    scheme = "https" if parsed.scheme == "https" else "http"
    port = parsed.port or 8000
    base = f"{scheme}://{parsed.hostname}:{port}"
    try:  # Chroma's client has no timeout: ask once with ours before handing over
        reply = httpx.get(f"{base}/api/v2/heartbeat", timeout=TIMEOUT_S)
    except httpx.TimeoutException:
        raise StoreError(f"the Chroma server at {url} did not answer within {TIMEOUT_S:g} s; "
                         "check that it is running and not overloaded") from None
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach the Chroma server at {url} ({_line(exc)}); start it "
                         "with `chroma run --path DIR` or unset DRAFTER_CHROMA_URL") from None
    if reply.status_code != 200:
        raise StoreError(f"{url} answered HTTP {reply.status_code} to a Chroma heartbeat; "
                         "is DRAFTER_CHROMA_URL a Chroma server?")
    with _guard(f"the Chroma server at {url}", SERVER_HINT):
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=scheme == "https",
                                     settings=settings)
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # every later request: bounded too
        session.timeout = httpx.Timeout(TIMEOUT_S)
    return client


def _client(path: Path | None, url: str | None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import chromadb
    settings = chromadb.Settings(anonymized_telemetry=False)
    if url:
        return _server(url, settings)
    assert path is not None
    if path.exists() and not path.is_dir():
        raise VectorsError(f"{path}: is a file, not a Chroma folder", EMBEDDED_HINT)
    with _guard(str(path), EMBEDDED_HINT):
        return chromadb.PersistentClient(path=str(path), settings=settings)


def forget_embedded(path: Path) -> None:
    """Delete an embedded Chroma folder and the client this process holds on it.

    Chroma keeps one system per folder for the whole process; only this folder's goes.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    systems = SharedSystemClient._identifier_to_system
    system = systems.pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # a damaged database may fail to close: it is deleted anyway
            pass
    shutil.rmtree(path, ignore_errors=True)


class ChromaVectors:
    """The measure vectors of one store, keyed by measure id, in one collection."""

    def __init__(self, path: Path | None = None, url: str | None = None,
                 collection: str = COLLECTION) -> None:
        self.where = url or str(path)
        self.name = collection
        self._server = bool(url)
        self._client = _client(path, url)
        with self._guard():
            self._col = self._client.get_or_create_collection(
                collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        try:
            self._batch = int(self._client.get_max_batch_size())
        except Exception:
            self._batch = 1000
        self._batch = max(1, min(self._batch, 2000))

    def _guard(self) -> Any:
        return _guard(self.where, SERVER_HINT if self._server else EMBEDDED_HINT)

    def collections(self) -> list[str]:
        """The names of every drafter collection in this database."""
        with self._guard():
            names = [getattr(c, "name", c) for c in self._client.list_collections()]
        return sorted(n for n in names if str(n).startswith(COLLECTION))

    def drop(self, name: str) -> None:
        """Delete another collection of this database (never the open one)."""
        if name != self.name:
            with self._guard():
                self._client.delete_collection(name)

    def count(self) -> int:
        """Number of vectors in the collection."""
        with self._guard():
            return int(self._col.count())

    def ids(self) -> set[str]:
        """Every id in the collection."""
        found: set[str] = set()
        total = self.count()
        with self._guard():
            for offset in range(0, total, self._batch):
                found.update(self._col.get(include=[], limit=self._batch, offset=offset)["ids"])
        return found

    def existing(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` that already has a vector."""
        found: set[str] = set()
        with self._guard():
            for i in range(0, len(ids), self._batch):
                found.update(
                    self._col.get(ids=list(ids[i : i + self._batch]), include=[])["ids"])
        return found

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Write vectors; writing the same id twice leaves one vector (idempotent)."""
        last = {i: n for n, i in enumerate(ids)}  # one id twice in a batch: the last wins
        keep = sorted(last.values())
        if len(keep) < len(ids):
            ids = [ids[n] for n in keep]
            vectors = vectors[keep]
            documents = [documents[n] for n in keep]
            metadatas = [metadatas[n] for n in keep]
        with self._guard():
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
        with self._guard():
            for i in range(0, len(ids), self._batch):
                self._col.delete(ids=list(ids[i : i + self._batch]))

    def query(self, vector: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Nearest ``k`` ids with cosine similarity, best first."""
        if k <= 0:
            return []
        with self._guard():
            res = self._col.query(query_embeddings=[vector.tolist()], n_results=k, where=where,
                                  include=["distances"])
        ids = res["ids"][0]
        dists = res["distances"][0] if res.get("distances") else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def similarity(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` with the stored vectors of ``ids``."""
        if not ids:
            return {}
        with self._guard():
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
        with self._guard():
            for i in range(0, len(ids), self._batch):
                res = self._col.get(ids=list(ids[i : i + self._batch]), include=["embeddings"])
                found = np.asarray(res["embeddings"], dtype=np.float64)
                if found.size:
                    total += found.sum(axis=0)
                    count += len(found)
        return (total / max(count, 1)).astype(np.float32)

    def probe(self, dim: int) -> None:
        """Read the collection end to end once (count, ids, a query): raises if it is damaged."""
        if self.count():
            self.query(np.ones(dim, dtype=np.float32) / np.sqrt(dim), 1)
