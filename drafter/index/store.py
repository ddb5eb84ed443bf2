"""The store: Chroma vectors + lexical index + manifest, kept in step.

Indexing is incremental and idempotent.  Unchanged files (same sha256) are
skipped; changed files are re-segmented and their measures replaced; files
that no longer exist on disk are removed.  Vectors are written (upserted by
measure id) before the manifest commits, and orphan vectors are deleted
after it, so a killed indexer leaves a store that answers from the last
committed manifest and a re-run that completes without duplicates
(``writer.py``).  Every run first checks the store against its manifest and
repairs it (``health.py``); reading refuses a store whose measure table or
vectors fall short of the manifest, in one line that says how to repair it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from drafter.errors import EmbedderMismatchError, StoreError
from drafter.index.chroma import COLLECTION, ChromaVectors, forget_embedded
from drafter.index.embcache import EmbeddingCache
from drafter.index.embedders import Embedder
from drafter.index.health import REPAIR
from drafter.index.lexical import (
    TOKENIZER,
    LexicalIndex,
    context_of,
    measure_tokens,
    tokenize,
)
from drafter.index.manifest import (
    Manifest,
    Row,
    TableError,
    read_manifest,
    read_rows,
)
from drafter.index.scan import IndexReport, Progress, proposals
from drafter.index.writer import locked, rebuild_store, update_store
from drafter.ingest.loaders import walk_corpus
from drafter.types import Measure, Source

__all__ = ["IndexReport", "Progress", "Store", "title_key"]


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
        #: Vectors beyond the committed measures (an index run in progress, orphans).
        self._extra = 0

    # -- reading ---------------------------------------------------------

    @property
    def manifest(self) -> Manifest | None:
        """The committed manifest, or None for an empty store."""
        if not self.root.exists():
            return None
        if not self.root.is_dir():
            raise StoreError(f"{self.root}: is a file, not a store folder; give --store a "
                             "folder")
        try:
            return read_manifest(self.root)
        except ValueError as exc:
            raise StoreError(
                f"{self.root}: the manifest is unreadable ({_first_line(exc)}); rebuild with "
                "`drafter index --rebuild PATH...`"
            ) from None
        except OSError as exc:
            raise StoreError(f"{self.root}: the manifest cannot be read ({exc.strerror}); "
                             "check the store's permissions") from None

    def exists(self) -> bool:
        """True when the store holds a committed index."""
        return self.manifest is not None

    def check_embedder(self, manifest: Manifest) -> None:
        """Refuse to mix vectors of two embedders."""
        if manifest.embedder and manifest.embedder != self.embedder.name:
            raise EmbedderMismatchError(str(self.root), manifest.embedder, self.embedder.name)

    @property
    def vectors(self) -> ChromaVectors:
        """The Chroma collection the manifest names (opened on first use)."""
        if self._vectors is None:
            manifest = self.manifest
            self._vectors = self.open_vectors(manifest.collection if manifest else "")
        return self._vectors

    def open_vectors(self, collection: str) -> ChromaVectors:
        """The collection ``collection`` of this store's Chroma database."""
        return ChromaVectors(self.root / "chroma", self.chroma_url, collection or COLLECTION)

    def forget_vectors(self) -> None:
        """Delete an embedded Chroma folder that cannot be read (repairs refill it)."""
        self._vectors = None
        if not self.chroma_url:
            forget_embedded(self.root / "chroma")

    def _load(self) -> list[Row]:
        if self._rows is None:
            manifest = self.manifest
            if manifest is None:
                raise StoreError(
                    f"{self.root}: no index here yet; build one with `drafter index PATH...`"
                )
            self.check_embedder(manifest)
            for attempt in range(2):
                try:
                    rows = read_rows(self.root, manifest)
                    break
                except TableError as exc:
                    newer = self.manifest  # an index run committed meanwhile: read its table
                    if attempt or newer is None or newer.measures_file == manifest.measures_file:
                        raise StoreError(f"{self.root}: {exc}; {REPAIR}") from None
                    manifest = newer
            if manifest.tokenizer != TOKENIZER:  # built by an older drafter: tokens differ
                rows = [Row(measure=r.measure, tokens=measure_tokens(r.measure)) for r in rows]
            committed = sum(len(e.measure_ids) for e in manifest.files.values())
            if committed != len(rows):
                raise StoreError(f"{self.root}: the measure table holds {len(rows)} measures "
                                 f"where the manifest names {committed}; {REPAIR}")
            count = self.vectors.count()
            if count < len(rows):
                raise StoreError(f"{self.root}: the vector database holds {count} vectors "
                                 f"for {len(rows)} measures; {REPAIR}")
            self._extra = count - len(rows)
            self._rows = rows
            self._by_id = {row.measure.id: i for i, row in enumerate(rows)}
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
        # Vectors of no committed measure (an index run in progress) may take places:
        # ask for as many more as there are, so the k best committed ones all come back.
        hits = self.vectors.query(vector, min(k, len(rows)) + self._extra, where)
        found = [(rows[self._by_id[i]].measure, s) for i, s in hits if i in self._by_id]
        return found[:k]

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

    def use_vectors(self, vectors: ChromaVectors | None) -> None:
        """Read and write this collection from now on (None: the one the manifest names)."""
        self._vectors = vectors

    def index(self, paths: Sequence[Path], *, rebuild: bool = False, follow_links: bool = False,
              progress: Progress | None = None) -> IndexReport:
        """Bring the store in step with the files under ``paths``, repairing it first.

        The store is checked before anything is read (``health.repair_before_index``):
        missing vectors are written again, orphans deleted, a damaged measure table
        rebuilt from the files, and each repair is named in ``IndexReport.repaired``.
        A rebuild fills a new collection beside the live one and switches to it when
        its manifest commits, so a rebuild that is killed leaves the old index working
        (``writer.py``).

        Raises:
            InputError: a path is missing or holds no documents; nothing is written.
            EmbedderMismatchError: the store was built with another embedder.
            StoreError: the store cannot be written, or is damaged beyond repair.
        """
        walk = walk_corpus([Path(p) for p in paths], follow_links=follow_links)
        report = IndexReport(skipped=list(walk.skipped), links=list(walk.links))
        with locked(self.root):
            done = (rebuild_store(self, walk.files, report, progress) if rebuild
                    else update_store(self, walk.files, report, progress))
        if done is None:
            return report
        manifest, rows = done
        self._lexical, self._centroid, self._superseded, self._contexts = None, None, None, None
        self._rows, self._by_id = rows, {row.measure.id: i for i, row in enumerate(rows)}
        self._extra = 0
        self.contexts()  # embedded now, not on the first query
        report.measures = len(rows)
        report.proposals = proposals(manifest)
        return report


_TITLE_NOISE = re.compile(r"[\d〇零一二三四五六七八九十]+年?|[（(【\[][^）)】\]]*[）)】\]]|"
                          r"修订|修正|试行|暂行|版|第.{1,3}[次批]|[\s—–\-~～至、]")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n")[0][:200]


def title_key(title: str) -> str:
    """A title without years, versions and bracketed notes: what revisions of it share."""
    return _TITLE_NOISE.sub("", title).lower()
