"""Writing a store: one writer at a time, repairs first, vectors before the manifest.

``update_store`` is an incremental run: the store is repaired
(``health.repair_before_index``), changed files are read, their vectors
written (upserted by measure id), then the measure table and manifest
committed, then the vectors of measures that went are deleted.
``rebuild_store`` fills a new collection beside the live one; the commit of
its manifest is the switch, and the old collection is dropped after it.  A
run killed at any moment leaves the last committed index answering.
"""

from __future__ import annotations

import fcntl
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import StoreError
from drafter.index.chroma import COLLECTION, VectorsError
from drafter.index.embedding import Embedding
from drafter.index.health import repair_before_index, repair_cache
from drafter.index.manifest import (
    MANIFEST,
    Manifest,
    Row,
    TableError,
    commit,
    read_rows,
    write_manifest,
)
from drafter.index.scan import IndexReport, Progress, is_current, plan, proposals, scan

if TYPE_CHECKING:
    from drafter.index.store import Store

Done = tuple[Manifest, list[Row]]


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the store's lock; turn what the file system refuses into one ``StoreError``."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(f"{root}: is a file, not a store folder; give --store a folder"
                         ) from None
    except OSError as exc:
        raise StoreError(f"{root}: the store folder cannot be created ({exc.strerror})"
                         ) from None
    lock = root / "lock"
    if lock.is_dir():
        raise StoreError(f"{lock}: is a folder, not the store's lock file; move it away")
    try:
        fh = open(lock, "a+")  # noqa: SIM115  (closed below)
    except OSError as exc:
        raise StoreError(f"{root}: the store cannot be written ({exc.strerror}); "
                         "give a writable --store") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"{root}: another `drafter index` is writing to this store; "
                "wait for it to finish, then run again"
            ) from None
        try:
            yield
        except OSError as exc:
            raise StoreError(f"{root}: writing the store failed ({exc.strerror}); "
                             "the index last committed is kept") from exc
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def update_store(store: Store, files: list[Path], report: IndexReport,
                 progress: Progress | None) -> Done | None:
    """An incremental run; None when nothing changed and the store is sound."""
    old = store.manifest
    if old is not None:
        store.check_embedder(old)
    care = repair_before_index(store, old, report)
    embedding = Embedding(store, report, progress)
    try:
        entries = scan(files, old, report, embedding, progress, care.reread)
        if (old is not None and care.sound and old.vectors_clean and is_current(old)
                and not report.changed and not report.reread):
            report.measures = sum(len(e.measure_ids) for e in old.files.values())
            report.proposals = proposals(old)
            return None  # nothing to do: the common case, kept cheap
        embedding.finish()
        kept = _old_rows(store.root, old) if care.table_ok else {}
        manifest, rows = plan(entries, kept, store.embedder.name, store.embedder.dim,
                              store.vectors.name)
        _embed_missing(store, rows, embedding)
        embedding.finish()
    finally:
        embedding.close()
    _commit(store, manifest, rows)
    return manifest, rows


def rebuild_store(store: Store, files: list[Path], report: IndexReport,
                  progress: Progress | None) -> Done:
    """Index ``files`` afresh into a new collection; switch to it at the commit."""
    if (store.root / MANIFEST).is_dir():
        raise StoreError(f"{store.root / MANIFEST}: is a folder, not a file; move it away")
    repair_cache(store.root, report)
    name = f"{COLLECTION}_{secrets.token_hex(4)}"
    try:
        target = store.open_vectors(name)
    except VectorsError as exc:
        if store.chroma_url or not exc.damaged:
            raise
        store.forget_vectors()
        report.repaired.append(f"{exc.reason}: the Chroma folder was replaced")
        target = store.open_vectors(name)
    store.use_vectors(target)
    embedding = Embedding(store, report, progress)
    try:
        entries = scan(files, None, report, embedding, progress)
        embedding.finish()
        manifest, rows = plan(entries, {}, store.embedder.name, store.embedder.dim, name)
        _embed_missing(store, rows, embedding)
        embedding.finish()
    except BaseException:
        store.use_vectors(None)  # the live collection is still the old one
        raise
    finally:
        embedding.close()
    _commit(store, manifest, rows)
    for other in target.collections():
        target.drop(other)  # the old collection, and any left by killed rebuilds
    return manifest, rows


def _commit(store: Store, manifest: Manifest, rows: list[Row]) -> None:
    """Commit the table and manifest, then delete the vectors of measures that went.

    Until the manifest says the orphans have gone, a re-run looks for them again.
    """
    commit(store.root, manifest, rows)
    live = {row.measure.id for row in rows}
    orphans = sorted(store.vectors.ids() - live)
    if orphans:
        store.vectors.delete(orphans)
    manifest.vectors_clean = True
    write_manifest(store.root, manifest)


def _old_rows(root: Path, old: Manifest | None) -> dict[str, Row]:
    if old is None:
        return {}
    try:
        return {row.measure.id: row for row in read_rows(root, old)}
    except TableError:
        return {}


def _embed_missing(store: Store, rows: list[Row], embedding: Embedding) -> None:
    """Make sure every row has a vector (unchanged files' vectors may have been lost)."""
    have = store.vectors.existing([row.measure.id for row in rows])
    embedding.submit([row.measure for row in rows if row.measure.id not in have])
