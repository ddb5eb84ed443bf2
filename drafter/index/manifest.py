"""The store's manifest and measure table, written atomically.

Layout of a store folder::

    manifest.json          the commit point: embedder, version, files and their measure ids
    measures-<hash>.jsonl  every indexed measure with its lexical tokens (named by content)
    chroma/                the vectors (embedded Chroma; absent with a Chroma server), in
                           the collection the manifest names
    embeddings.sqlite      vectors by text (embcache.py): what repairs and rebuilds re-use
    lock                   held while an indexer writes

A new measure table is written under a new name first; the manifest that
names it is then replaced by ``os.replace``.  A crash at any moment leaves
either the old manifest with its table or the new one with its table.  A
table is named by the hash of its content, so a damaged one is known as such.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from drafter.types import Measure

MANIFEST = "manifest.json"
FORMAT = 1


class FileEntry(BaseModel):
    """One indexed file."""

    sha256: str
    doc_id: str
    title: str = ""
    #: The document's kind; a "proposal" is indexed for reference and never cited.
    kind: str = ""
    measure_ids: list[str] = Field(default_factory=list)


class Manifest(BaseModel):
    """What the store holds and how it was built."""

    format: int = FORMAT
    drafter_version: str = ""
    embedder: str = ""
    dim: int = 0
    #: The lexical tokenisation the measure table's tokens were made with.
    tokenizer: str = ""
    #: How files were read and cut into measures (``drafter.ingest.READER``); a store
    #: built by another reader has its files read again on the next index run.
    reader: str = ""
    measures_file: str = ""
    #: The Chroma collection that holds the vectors ("" for stores built before
    #: collections were named: ``drafter.index.chroma.COLLECTION``).  A rebuild fills
    #: a new collection and names it here when it commits.
    collection: str = ""
    #: False from the commit of a new measure table until the vectors of
    #: measures it dropped are deleted from Chroma.
    vectors_clean: bool = False
    files: dict[str, FileEntry] = Field(default_factory=dict)


class Row(BaseModel):
    """A measure and its lexical tokens, one line of the measure table."""

    measure: Measure
    tokens: list[str]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # as any file the user writes: others may read
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_manifest(root: Path) -> Manifest | None:
    """The committed manifest, or None when the store has never been written.

    Raises:
        ValueError: the manifest is a folder or cannot be parsed (the message says why).
        OSError: the manifest cannot be read (permissions).
    """
    path = root / MANIFEST
    if not os.path.lexists(path):
        return None
    if path.is_dir():
        raise ValueError(f"{MANIFEST} is a folder, not a file; move it away")
    return Manifest.model_validate_json(path.read_bytes())


class TableError(ValueError):
    """The measure table is missing, unreadable, or not what the manifest committed."""


def table_name(body: bytes) -> str:
    """The file name of a measure table: its content hash."""
    return f"measures-{hashlib.sha256(body).hexdigest()[:16]}.jsonl"


def check_table(root: Path, manifest: Manifest) -> str:
    """Why the measure table is not the one the manifest committed, or "" when it is."""
    try:
        _table_bytes(root, manifest)
    except TableError as exc:
        return str(exc)
    return ""


def _table_bytes(root: Path, manifest: Manifest) -> bytes:
    name = manifest.measures_file
    try:
        body = (root / name).read_bytes()
    except FileNotFoundError:
        raise TableError(f"the measure table {name} is missing") from None
    except OSError as exc:
        raise TableError(f"the measure table {name} cannot be read ({exc.strerror})") from None
    if table_name(body) != name:
        raise TableError(f"the measure table {name} is damaged (its content changed)")
    return body


def read_rows(root: Path, manifest: Manifest) -> list[Row]:
    """The measure table the manifest names, checked against its content hash.

    Raises:
        TableError: the table is missing, unreadable, or its content is not the
            committed one (truncated, overwritten, edited).
    """
    name = manifest.measures_file
    if not name:
        return []
    body = _table_bytes(root, manifest)
    try:
        return [Row.model_validate_json(line) for line in body.splitlines() if line.strip()]
    except ValueError as exc:
        raise TableError(f"the measure table {name} cannot be parsed ({exc})") from None


def commit(root: Path, manifest: Manifest, rows: list[Row]) -> None:
    """Write the measure table, then the manifest that names it, then drop old tables."""
    body = "".join(row.model_dump_json() + "\n" for row in rows).encode("utf-8")
    name = table_name(body)
    if not (root / name).is_file() or (root / name).read_bytes() != body:
        atomic_write(root / name, body)
    manifest.measures_file = name
    manifest.vectors_clean = False
    write_manifest(root, manifest)
    for old in root.glob("measures-*.jsonl"):
        if old.name != name:
            old.unlink(missing_ok=True)
    for tmp in root.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically."""
    atomic_write(root / MANIFEST, manifest.model_dump_json(indent=1).encode("utf-8"))
