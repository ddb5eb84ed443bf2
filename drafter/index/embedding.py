"""The indexer's embedding pipeline: new measures embedded and written on worker threads."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from drafter.index.embcache import EmbeddingCache
from drafter.types import Measure

if TYPE_CHECKING:
    from drafter.index.store import IndexReport, Progress, Store


class Embedding:
    """Embeds and writes new measures on a worker thread while files are still being read.

    The embedder (C code, no GIL held) runs beside segmentation, and the
    writes to the cache and to Chroma run on a third thread beside the next
    batch's embedding, so indexing goes nearly at the embedder's own rate.
    Measures are sent in batches; vectors come from the content cache when
    the same text was embedded before, and every batch is upserted by id
    (idempotent).
    """

    def __init__(self, store: Store, report: IndexReport, progress: Progress | None,
                 batch: int = 64) -> None:
        self._store = store
        self._report = report
        self._progress = progress
        self._batch = batch
        self._pending: list[Measure] = []
        self._futures: list[Future[int]] = []
        self._sent = self._done = 0
        # Opened on first use, so that a run with nothing to embed opens nothing.
        self._pool: ThreadPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._writes: list[Future[None]] = []
        self._cache: EmbeddingCache | None = None

    def add(self, measures: list[Measure]) -> None:
        """Queue measures; a full batch goes to the worker at once."""
        self._pending.extend(measures)
        while len(self._pending) >= self._batch:
            self.submit(self._pending[: self._batch])
            del self._pending[: self._batch]

    def submit(self, measures: list[Measure]) -> None:
        """Send measures to the worker now."""
        if measures and self._pool is None:
            _ = self._store.vectors  # Chroma is opened on this thread, before the worker
            self._cache = EmbeddingCache(self._store.root, self._store.embedder.name,
                                         self._store.embedder.dim)
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-embed")
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-write")
        for i in range(0, len(measures), self._batch):
            chunk = measures[i : i + self._batch]
            self._sent += len(chunk)
            assert self._pool is not None
            self._futures.append(self._pool.submit(self._write, chunk))

    def _write(self, chunk: list[Measure]) -> int:
        assert self._cache is not None
        texts = [m.text for m in chunk]
        cached = self._cache.get(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in cached]
        fresh = self._store.embedder.embed(todo) if todo else np.zeros((0, 0), np.float32)
        cached.update(zip(todo, np.asarray(fresh), strict=True))
        vectors = np.stack([cached[t] for t in texts])
        assert self._writer is not None  # writes go on beside the next batch's embedding
        self._writes.append(self._writer.submit(self._store_batch, chunk, vectors, todo, fresh))
        return len(todo)

    def _store_batch(self, chunk: list[Measure], vectors: np.ndarray, todo: list[str],
                     fresh: np.ndarray) -> None:
        assert self._cache is not None
        if todo:
            self._cache.put(todo, fresh)
        self._store.vectors.upsert([m.id for m in chunk], vectors, [m.text for m in chunk],
                                   [m.metadata() for m in chunk])
        self._done += len(chunk)
        if self._progress:
            self._progress("embedding", self._done, self._sent)

    def finish(self) -> None:
        """Send what is queued and wait for every batch; re-raise a worker's error."""
        if self._pending:
            self.submit(self._pending)
            self._pending = []
        try:
            for future in self._futures:
                self._report.embedded += future.result()
            for write in self._writes:
                write.result()
        finally:
            self._futures, self._writes = [], []

    def close(self) -> None:
        """Stop the worker (dropping batches not started) and close the cache."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
        if self._cache is not None:
            self._cache.close()
