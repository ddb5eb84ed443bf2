"""The store: Chroma vectors + lexical index + manifest, kept in step.

Indexing is incremental and idempotent.  Unchanged files (same sha256) are
skipped; changed files are re-segmented and their measures replaced; files
that no longer exist on disk are removed.  Vectors are written (upserted by
measure id) before the manifest commits, and orphan vectors are deleted
after it, so a killed indexer leaves a store that answers from the last
committed manifest and a re-run that completes without duplicates.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drafter._version import __version__
from drafter.errors import EmbedderMismatchError, InputError, StoreError
from drafter.index.chroma import ChromaVectors
from drafter.index.embcache import EmbeddingCache
from drafter.index.embedders import Embedder
from drafter.index.embedding import Embedding
from drafter.index.lexical import (
    TOKENIZER,
    LexicalIndex,
    context_of,
    measure_tokens,
    tokenize,
)
from drafter.index.manifest import (
    FileEntry,
    Manifest,
    Row,
    commit,
    read_manifest,
    read_rows,
    write_manifest,
)
from drafter.ingest import READER, iter_corpus_files, load_document, segment
from drafter.types import Measure, Source

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

    @property
    def changed(self) -> bool:
        """True when a file was added, updated or removed."""
        return bool(self.added or self.updated or self.removed)


class Store:
    """One drafter store folder (or a Chroma server plus that folder)."""

    def __init__(self, root: Path, embedder: Embedder, chroma_url: str | None = None) -> None:
        self.root = Path(root)
        self.embedder = embedder
        self.chroma_url = chroma_url
        self._vectors: ChromaVectors | None = None
        self._rows: list[Row] | None = None
        self._by_id: dict[str, int] = {}
        self._lexical: LexicalIndex | None = None
        self._centroid: np.ndarray | None = None
        self._superseded: dict[str, str] | None = None
        self._contexts: dict[str, np.ndarray] | None = None

    # -- reading ---------------------------------------------------------

    @property
    def manifest(self) -> Manifest | None:
        """The committed manifest, or None for an empty store."""
        if not self.root.is_dir():
            return None
        try:
            return read_manifest(self.root)
        except ValueError as exc:
            raise StoreError(
                f"{self.root}: the manifest is unreadable ({exc}); rebuild with "
                "`drafter index --rebuild PATH...`"
            ) from exc

    def exists(self) -> bool:
        """True when the store holds a committed index."""
        return self.manifest is not None

    def check_embedder(self, manifest: Manifest) -> None:
        """Refuse to mix vectors of two embedders."""
        if manifest.embedder and manifest.embedder != self.embedder.name:
            raise EmbedderMismatchError(str(self.root), manifest.embedder, self.embedder.name)

    @property
    def vectors(self) -> ChromaVectors:
        """The Chroma collection (opened on first use)."""
        if self._vectors is None:
            self._vectors = ChromaVectors(self.root / "chroma", self.chroma_url)
        return self._vectors

    def _load(self) -> list[Row]:
        if self._rows is None:
            manifest = self.manifest
            if manifest is None:
                raise StoreError(
                    f"{self.root}: no index here yet; build one with `drafter index PATH...`"
                )
            self.check_embedder(manifest)
            self._rows = read_rows(self.root, manifest)
            if manifest.tokenizer != TOKENIZER:  # built by an older drafter: tokens differ
                self._rows = [Row(measure=r.measure, tokens=measure_tokens(r.measure))
                              for r in self._rows]
            self._by_id = {row.measure.id: i for i, row in enumerate(self._rows)}
        return self._rows

    def measures(self) -> list[Measure]:
        """Every committed measure, in index order."""
        return [row.measure for row in self._load()]

    def get(self, measure_id: str) -> Measure | None:
        """The committed measure with this id, if any."""
        rows = self._load()
        pos = self._by_id.get(measure_id)
        return rows[pos].measure if pos is not None else None

    def __len__(self) -> int:
        return len(self._load())

    def contexts(self) -> dict[str, np.ndarray]:
        """The vectors of what each section is about (``context_of``), by text.

        Embedded once, at indexing, into the content cache; a store indexed
        by an older drafter embeds its contexts on first use.
        """
        if self._contexts is None:
            texts = sorted({context_of(row.measure) for row in self._load()} - {""})
            cache = EmbeddingCache(self.root, self.embedder.name, self.embedder.dim)
            try:
                found = cache.get(texts)
                missing = [t for t in texts if t not in found]
                for i in range(0, len(missing), 256):
                    batch = missing[i : i + 256]
                    fresh = self.embedder.embed(batch)
                    cache.put(batch, fresh)
                    found.update(zip(batch, np.asarray(fresh), strict=True))
            finally:
                cache.close()
            self._contexts = found
        return self._contexts

    def context_similarity(self, vector: np.ndarray, measures: Sequence[Measure]
                           ) -> dict[str, float]:
        """Cosine similarity of ``vector`` with what each measure's section is about."""
        contexts = self.contexts()
        sims: dict[str, float] = {}
        for m in measures:
            found = contexts.get(context_of(m))
            if found is not None:
                sims[m.id] = float(found @ vector)
        return sims

    def superseded(self) -> dict[str, str]:
        """Documents replaced by a newer one of the same title: doc id → the newer one's title.

        A policy revised or renewed keeps its title but for years and
        revision marks ("…办法（2021年修订）" → "…办法（2023年修订）",
        "…行动计划（2022—2024年）" → "…（2025—2027年）"); the older one is
        superseded.  Only policies are compared: replies share titles by form.
        """
        if self._superseded is None:
            newest: dict[tuple[str, str], Source] = {}
            docs: dict[str, Source] = {}
            for row in self._load():
                src = row.measure.source
                if src.kind == "policy" and src.date and row.measure.doc_id not in docs:
                    docs[row.measure.doc_id] = src
                    key = (title_key(src.title), src.issuer)
                    if key not in newest or src.date > newest[key].date:
                        newest[key] = src
            self._superseded = {
                doc: newest[(title_key(src.title), src.issuer)].title
                for doc, src in docs.items()
                if newest[(title_key(src.title), src.issuer)].date > src.date
            }
        return self._superseded

    def following(self, measure_id: str, n: int) -> list[Measure]:
        """The (up to ``n``) measures after this one in its document and section, in order."""
        rows = self._load()
        pos = self._by_id.get(measure_id)
        if pos is None:
            return []
        first = rows[pos].measure
        out: list[Measure] = []
        for row in rows[pos + 1 : pos + 1 + n]:
            m = row.measure
            if m.doc_id != first.doc_id or (first.source.section
                                             and m.source.section != first.source.section):
                break
            out.append(m)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """The query-side vector of ``text``."""
        return np.asarray(self.embedder.embed([text], query=True)[0])

    def dense(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
              ) -> list[tuple[Measure, float]]:
        """Nearest committed measures by cosine similarity, best first."""
        rows = self._load()
        if not rows:
            return []
        hits = self.vectors.query(vector, min(k, len(rows)), where)
        return [(rows[self._by_id[i]].measure, s) for i, s in hits if i in self._by_id]

    def similarity(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` with the stored vectors of ``ids``."""
        return self.vectors.similarity(vector, ids)

    def baseline(self, vector: np.ndarray, sample: int = 2000) -> float:
        """Similarity of ``vector`` with the corpus as a whole (its mean measure vector).

        Embedders score unrelated text high in absolute terms (e5: ~0.8), so
        relevance is judged by how far a measure stands above this baseline.
        The mean is estimated from up to ``sample`` evenly spaced measures.
        """
        if self._centroid is None:
            rows = self._load()
            step = max(1, len(rows) // sample)
            ids = [row.measure.id for row in rows[::step]]
            self._centroid = self.vectors.mean(ids, self.embedder.dim)
        return float(self._centroid @ vector)

    def _lexical_index(self) -> LexicalIndex:
        """The BM25 index over the committed measures, built on first use."""
        if self._lexical is None:
            self._lexical = LexicalIndex([row.tokens for row in self._load()])
        return self._lexical

    def lexical(self, query: str, k: int) -> list[tuple[Measure, float]]:
        """Best committed measures by BM25."""
        rows = self._load()
        return [(rows[i].measure, s) for i, s in self._lexical_index().query(tokenize(query), k)]

    def term_overlap(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """For each measure id, the IDF-weighted share of the query's words it (or its context)
        holds (``LexicalIndex.overlap``)."""
        index, tokens = self._lexical_index(), tokenize(query)
        return {i: round(index.overlap(tokens, self._by_id[i]), 4)
                for i in ids if i in self._by_id}

    # -- writing ---------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(
                    f"{self.root}: another `drafter index` is writing to this store; "
                    "wait for it to finish, then run again"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def index(self, paths: Sequence[Path], *, rebuild: bool = False,
              progress: Progress | None = None) -> IndexReport:
        """Bring the store in step with the files under ``paths``.

        Raises:
            InputError: a path is missing or holds no documents; nothing is written.
            EmbedderMismatchError: the store was built with another embedder.
        """
        files = iter_corpus_files([Path(p) for p in paths])
        with self._locked():
            old = None if rebuild else self.manifest
            if old is not None:
                self.check_embedder(old)
            if rebuild:
                self.vectors.reset()
            report = IndexReport()
            embedding = Embedding(self, report, progress)
            try:
                entries = self._scan(files, old, report, embedding, progress)
                if old is not None and old.vectors_clean and _current(old) and not report.changed:
                    report.measures = sum(len(e.measure_ids) for e in old.files.values())
                    report.proposals = _proposals(old)
                    return report  # nothing to do: the common case, kept cheap
                embedding.finish()
                manifest, rows = self._plan(entries, old, report)
                self._embed_missing(rows, embedding)
                embedding.finish()
            finally:
                embedding.close()
            commit(self.root, manifest, rows)
            # Vectors of measures that no longer exist go last; until the manifest
            # says they have gone, a re-run looks for them again.
            live = {row.measure.id for row in rows}
            orphans = sorted(self.vectors.ids() - live)
            if orphans:
                self.vectors.delete(orphans)
            manifest.vectors_clean = True
            write_manifest(self.root, manifest)
        self._lexical, self._centroid, self._superseded, self._contexts = None, None, None, None
        self._rows, self._by_id = rows, {row.measure.id: i for i, row in enumerate(rows)}
        self.contexts()  # embedded now, not on the first query
        report.measures = len(rows)
        report.proposals = _proposals(manifest)
        return report

    def _scan(self, files: list[Path], old: Manifest | None, report: IndexReport,
              embedding: Embedding, progress: Progress | None) -> dict[str, Planned]:
        """Hash every file; read and segment only new and changed ones.

        New measures go to ``embedding`` as they are found.  Returns, per file
        key, its manifest entry with the rows of its new measures (None for an
        unchanged file, whose rows are kept).
        """
        entries: dict[str, Planned] = {k: (e, None) for k, e in (old.files if old else {}).items()}
        # A store indexed under another tokenisation or reader is read afresh (vectors come
        # from the cache).
        current = _current(old)
        for key in [k for k in entries if not os.path.exists(k)]:
            report.removed.append(key)
            del entries[key]
        for n, path in enumerate(files, 1):
            key = str(path.resolve())
            if progress:
                progress("reading", n, len(files))
            digest = _sha256(path)
            prior = old.files.get(key) if old else None
            if prior is not None and prior.sha256 == digest and current:
                report.unchanged += 1
                continue
            try:
                doc = load_document(path)
            except InputError as exc:
                report.skipped.append(str(exc))
                continue
            measures = segment(doc)
            entry = FileEntry(sha256=digest, doc_id=doc.id, title=doc.title, kind=doc.kind,
                              measure_ids=[m.id for m in measures])
            entries[key] = (entry, [Row(measure=m, tokens=measure_tokens(m)) for m in measures])
            embedding.add(measures)
            (report.updated if prior is not None else report.added).append(key)
        return entries

    def _plan(self, entries: dict[str, Planned], old: Manifest | None,
              report: IndexReport) -> tuple[Manifest, list[Row]]:
        """The new manifest and measure table: kept rows of unchanged files, new rows of others."""
        old_rows = {row.measure.id: row for row in read_rows(self.root, old)} if old else {}
        files: dict[str, FileEntry] = {}
        rows: list[Row] = []
        seen: set[str] = set()
        for key in sorted(entries):
            files[key], new = entries[key]
            batch = new if new is not None else [
                old_rows[i] for i in files[key].measure_ids if i in old_rows]
            for row in batch:
                if row.measure.id not in seen:
                    seen.add(row.measure.id)
                    rows.append(row)
        manifest = Manifest(drafter_version=__version__, embedder=self.embedder.name,
                            dim=self.embedder.dim, tokenizer=TOKENIZER, reader=READER,
                            files=files)
        return manifest, rows

    def _embed_missing(self, rows: list[Row], embedding: Embedding) -> None:
        """Make sure every row has a vector (unchanged files' vectors may have been lost)."""
        have = self.vectors.existing([row.measure.id for row in rows])
        embedding.submit([row.measure for row in rows if row.measure.id not in have])


_TITLE_NOISE = re.compile(r"[\d〇零一二三四五六七八九十]+年?|[（(【\[][^）)】\]]*[）)】\]]|"
                          r"修订|修正|试行|暂行|版|第.{1,3}[次批]|[\s—–\-~～至、]")


def title_key(title: str) -> str:
    """A title without years, versions and bracketed notes: what revisions of it share."""
    return _TITLE_NOISE.sub("", title).lower()


def _current(old: Manifest | None) -> bool:
    """True when a store was built with today's tokenisation and way of reading files."""
    return old is not None and old.tokenizer == TOKENIZER and old.reader == READER


def _proposals(manifest: Manifest) -> list[str]:
    """The indexed files that read as proposals, by path."""
    return sorted(k for k, e in manifest.files.items() if e.kind == "proposal")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
