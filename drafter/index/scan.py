"""One indexing run's reading: which files changed, and the measure table they make.

Each file is read once: the bytes hashed are the bytes parsed, so a file
that changes while it is read is recorded with the hash of the content
indexed, and the next run sees the change.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter._version import __version__
from drafter.errors import InputError
from drafter.index.lexical import TOKENIZER, measure_tokens
from drafter.index.manifest import FileEntry, Manifest, Row
from drafter.ingest import READER, load_document, segment
from drafter.ingest.loaders import read_file_bytes, shown

if TYPE_CHECKING:
    from drafter.index.embedding import Embedding

Progress = Callable[[str, int, int], None]
#: A file's manifest entry and the rows of its new measures (None: unchanged, keep them).
Planned = tuple[FileEntry, list[Row] | None]


@dataclass
class IndexReport:
    """What one indexing run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    measures: int = 0
    embedded: int = 0
    #: Indexed files that read as proposals: kept for reference, never cited.
    proposals: list[str] = field(default_factory=list)
    #: What was found damaged in the store and put right, one line each.
    repaired: list[str] = field(default_factory=list)
    #: Unchanged files read again because their measures were lost from the store.
    reread: list[str] = field(default_factory=list)
    #: Symbolic links inside the folders, left out (links are followed only when asked).
    links: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when a file was added, updated or removed."""
        return bool(self.added or self.updated or self.removed)

    def health_summary(self) -> dict[str, Any]:
        """The repairs and walk notes of ``drafter index --json``."""
        return {"repaired": self.repaired, "reread": len(self.reread),
                "links_left_out": self.links}

    def reread_note(self) -> str:
        """", N read again" for the summary line when files were read again, else ""."""
        return f", {len(self.reread)} read again" if self.reread else ""

    def notes(self) -> list[str]:
        """Lines for the user: each repair, and the links left out."""
        lines = [f"repaired: {line}" for line in self.repaired]
        if self.links:
            more = " …" if len(self.links) > 5 else ""
            lines.append(f"left out {len(self.links)} symbolic link(s) (index with "
                         f"--follow-links to follow them): {', '.join(self.links[:5])}{more}")
        return lines


def is_current(old: Manifest | None) -> bool:
    """True when a store was built with today's tokenisation and way of reading files."""
    return old is not None and old.tokenizer == TOKENIZER and old.reader == READER


def proposals(manifest: Manifest) -> list[str]:
    """The indexed files that read as proposals, by path."""
    return sorted(k for k, e in manifest.files.items() if e.kind == "proposal")


def scan(files: list[Path], old: Manifest | None, report: IndexReport, embedding: Embedding,
         progress: Progress | None, reread: frozenset[str] = frozenset()
         ) -> dict[str, Planned]:
    """Read every file once; segment only new and changed ones (and those in ``reread``).

    New measures go to ``embedding`` as they are found.  Returns, per file
    key, its manifest entry with the rows of its new measures (None for an
    unchanged file, whose rows are kept).  A file that has gone since the
    walk is removed; one that cannot be read is skipped, with its reason.
    """
    entries: dict[str, Planned] = {k: (e, None) for k, e in (old.files if old else {}).items()}
    # A store indexed under another tokenisation or reader is read afresh (vectors come
    # from the cache).
    current = is_current(old)
    for key in [k for k in entries if not os.path.exists(k)]:
        report.removed.append(key)
        del entries[key]
    keys = [str(path.resolve()) for path in files]
    # Files whose measures were lost and that this walk did not list: read where they are.
    todo = list(zip(files, keys, strict=True)) + [
        (Path(k), k) for k in sorted(reread - set(keys)) if k in entries]
    done: set[str] = set()
    for n, (path, key) in enumerate(todo, 1):
        if progress:
            progress("reading", n, len(todo))
        if key in done:  # two paths to one file
            continue
        done.add(key)
        prior = old.files.get(key) if old else None
        try:
            data = read_file_bytes(path)
        except FileNotFoundError:  # gone since the walk
            if key in entries:
                report.removed.append(key)
                del entries[key]
            continue
        except InputError as exc:
            report.skipped.append(str(exc))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if prior is not None and prior.sha256 == digest and current and key not in reread:
            report.unchanged += 1
            continue
        try:
            doc = load_document(path, data=data)
        except InputError as exc:
            report.skipped.append(str(exc))
            continue
        measures = segment(doc)
        entry = FileEntry(sha256=doc.sha256, doc_id=doc.id, title=doc.title, kind=doc.kind,
                          measure_ids=[m.id for m in measures])
        entries[key] = (entry, [Row(measure=m, tokens=measure_tokens(m)) for m in measures])
        embedding.add(measures)
        if prior is None:
            report.added.append(key)
        elif prior.sha256 != digest or not current:
            report.updated.append(key)
        else:
            report.reread.append(shown(key))
    return entries


def plan(entries: dict[str, Planned], old_rows: dict[str, Row], embedder: str, dim: int,
         collection: str) -> tuple[Manifest, list[Row]]:
    """The new manifest and measure table: kept rows of unchanged files, new rows of others."""
    files: dict[str, FileEntry] = {}
    rows: list[Row] = []
    seen: set[str] = set()
    for key in sorted(entries):
        entry, new = entries[key]
        if new is None and any(i not in old_rows for i in entry.measure_ids):
            continue  # measures lost and the file not read again: it is new to the next run
        files[key] = entry
        batch = new if new is not None else [old_rows[i] for i in entry.measure_ids]
        for row in batch:
            if row.measure.id not in seen:
                seen.add(row.measure.id)
                rows.append(row)
    manifest = Manifest(drafter_version=__version__, embedder=embedder, dim=dim,
                        tokenizer=TOKENIZER, reader=READER, collection=collection, files=files)
    return manifest, rows


def lost_files(old: Manifest, rows: dict[str, Row] | None) -> frozenset[str]:
    """The files of ``old`` whose measures are not all in ``rows`` (None: the table is lost)."""
    return frozenset(k for k, e in old.files.items()
                     if rows is None or any(i not in rows for i in e.measure_ids))
