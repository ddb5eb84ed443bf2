"""A store that proves itself: manifest, measure table, vectors and cache checked together.

``repair_before_index`` runs at the start of every ``drafter index``: it puts
right what can be put right from the embedding cache and the files (a
damaged cache replaced, an unreadable embedded Chroma folder replaced and
refilled, a damaged measure table rebuilt by reading its files again,
missing vectors written again, orphan vectors and collections left by
killed rebuilds deleted) and names each repair.  ``verify`` only looks, for
``drafter index --verify``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import StoreError
from drafter.index.chroma import EMBEDDED_HINT, VectorsError
from drafter.index.embcache import EmbeddingCache
from drafter.index.manifest import Manifest, TableError, check_table, read_rows

if TYPE_CHECKING:
    from drafter.index.scan import IndexReport
    from drafter.index.store import Store

#: What a damaged store's error tells the user to do.
REPAIR = EMBEDDED_HINT


@dataclass(frozen=True)
class Care:
    """What an index run must do beyond its usual work, after ``repair_before_index``."""

    #: Nothing was found wrong: an unchanged corpus may take the shortcut.
    sound: bool
    #: The committed measure table is intact (its rows can be kept).
    table_ok: bool
    #: Files to read again although unchanged: their measures were lost.
    reread: frozenset[str] = frozenset()


def repair_cache(root: Path, report: IndexReport) -> bool:
    """Replace a damaged embedding cache by an empty one; True when it was sound."""
    problem = EmbeddingCache.check(root)
    if problem:
        EmbeddingCache.reset(root)
        report.repaired.append(f"{problem}: replaced by an empty one")
    return not problem


def _open_vectors(store: Store, report: IndexReport) -> bool:
    """Open and read the collection; replace an unreadable embedded database."""
    try:
        store.vectors.probe(store.embedder.dim)
        return True
    except VectorsError as exc:
        if store.chroma_url or not exc.damaged:
            raise
        store.forget_vectors()
        report.repaired.append(f"{exc.reason}: the Chroma folder was replaced and its vectors "
                               "written again")
        store.vectors.count()
        return False


def repair_before_index(store: Store, old: Manifest | None, report: IndexReport) -> Care:
    """Check the store against its manifest and repair it (see the module docstring)."""
    sound = repair_cache(store.root, report)
    sound = _open_vectors(store, report) and sound
    vectors = store.vectors
    for name in vectors.collections():
        if name != vectors.name:
            vectors.drop(name)
            report.repaired.append(f"collection {name}, left by an interrupted rebuild: "
                                   "deleted")
    if old is None:
        return Care(sound=sound, table_ok=True)
    table = check_table(store.root, old) if old.measures_file else ""
    reread: frozenset[str] = frozenset()
    if table:
        reread = frozenset(old.files)
        report.repaired.append(f"{table}: its {len(reread)} file(s) read again")
    live = {i for e in old.files.values() for i in e.measure_ids}
    ids = vectors.ids()
    missing, orphans = len(live - ids), len(ids - live)
    if missing:
        report.repaired.append(f"{missing} of {len(live)} vectors were missing: written again")
    if orphans:
        report.repaired.append(f"{orphans} orphan vector(s) of measures no longer indexed: "
                               "deleted")
    return Care(sound=sound and not (table or missing or orphans), table_ok=not table,
                reread=reread)


@dataclass
class Health:
    """What ``drafter index --verify`` found: ``healthy`` when ``problems`` is empty."""

    store: str
    measures: int = 0
    vectors: int = 0
    missing_vectors: int = 0
    orphan_vectors: int = 0
    files: int = 0
    #: Indexed files changed or gone since (the next `drafter index` takes them in).
    files_changed: int = 0
    files_missing: int = 0
    embedder: str = ""
    collection: str = ""
    #: Collections left by interrupted rebuilds: harmless, deleted by the next index run.
    leftover_collections: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when nothing is wrong with the store."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``drafter index --verify --json``."""
        return {"healthy": self.healthy, **asdict(self)}

    def to_text(self) -> str:
        """The text form: one line of counts, then one line per problem."""
        state = "healthy" if self.healthy else f"NOT healthy ({len(self.problems)} problem(s))"
        lines = [f"{self.store}: {state}",
                 f"  {self.files} file(s), {self.measures} measures, {self.vectors} vectors"
                 f" ({self.missing_vectors} missing, {self.orphan_vectors} orphan)"]
        if self.files_changed or self.files_missing:
            lines.append(f"  out of date: {self.files_changed} file(s) changed and "
                         f"{self.files_missing} gone since indexing; run `drafter index`")
        if self.leftover_collections:
            lines.append(f"  {len(self.leftover_collections)} collection(s) left by an "
                         "interrupted rebuild (the next `drafter index` deletes them)")
        lines += [f"  problem: {p}" for p in self.problems]
        if self.problems:
            lines.append(f"  {REPAIR}")
        return "\n".join(lines)


def verify(store: Store) -> Health:
    """Look at every part of the store and say what is wrong; nothing is written."""
    health = Health(store=str(store.root))
    try:
        manifest = store.manifest
    except StoreError as exc:
        health.problems.append(str(exc))
        return health
    if manifest is None:
        health.problems.append("no index here (no manifest.json)")
        return health
    health.embedder, health.files = manifest.embedder, len(manifest.files)
    if manifest.embedder and manifest.embedder != store.embedder.name:
        health.problems.append(f"built with embedder '{manifest.embedder}', "
                               f"'{store.embedder.name}' is configured")
    live = {i for e in manifest.files.values() for i in e.measure_ids}
    health.measures = len(live)
    try:
        rows = read_rows(store.root, manifest)
        if {r.measure.id for r in rows} != live or len(rows) != len(live):
            health.problems.append("the measure table does not hold the measures the "
                                   "manifest names")
    except TableError as exc:
        health.problems.append(str(exc))
    cache = EmbeddingCache.check(store.root)
    if cache:
        health.problems.append(cache)
    _verify_vectors(store, live, health)
    _verify_files(manifest, health)
    return health


def _verify_vectors(store: Store, live: set[str], health: Health) -> None:
    try:
        vectors = store.vectors
        health.collection = vectors.name
        vectors.probe(store.embedder.dim)
        ids = vectors.ids()
        leftovers = [n for n in vectors.collections() if n != vectors.name]
    except StoreError as exc:
        health.problems.append(str(exc))
        return
    health.vectors = len(ids)
    health.missing_vectors, health.orphan_vectors = len(live - ids), len(ids - live)
    if health.missing_vectors:
        health.problems.append(f"{health.missing_vectors} measure(s) have no vector")
    if health.orphan_vectors:
        health.problems.append(f"{health.orphan_vectors} vector(s) belong to no measure")
    health.leftover_collections = leftovers


def _verify_files(manifest: Manifest, health: Health) -> None:
    for key, entry in manifest.files.items():
        try:
            with open(key, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            health.files_missing += not os.path.exists(key)
            continue
        health.files_changed += digest != entry.sha256


def verify_command(store: Store, as_json: bool, print_text: Callable[[str], Any],
                   emit: Callable[[Any], None]) -> int:
    """``drafter index --verify``: print the health as text or JSON; 0 healthy, 1 not."""
    health = verify(store)
    if as_json:
        emit(health.to_dict())
    else:
        print_text(health.to_text())
    return 0 if health.healthy else 1
