"""A generated store of N measures, to time drafter's query path at scale.

    python bench/scaled_store.py [--n 100000] [--work DIR]

The measures are the sample corpus's and the real documents' measures again
and again, each copy with its place names and numbers changed, grouped 20 to
a document, half policies and half replies, dated over ten years.  Facts and
lexical tokens are extracted from each changed text as indexing does.

Vectors: embedding 100,000 passages with e5-small takes about 40 minutes on
two cores and does not change what a query costs, so each copy's vector is
its base measure's real e5 vector with Gaussian noise added (cosine to the
base about 0.95) and normalised; so are the vectors of the section contexts
(what a section is about) that the store keeps in its cache.  Everything on
the query side is real: the query is embedded by e5-small, Chroma's HNSW
index and the BM25 index hold N entries, and drafter's ``Retriever.search``
runs as in production.  The store is written with the store's own manifest
and measure-table code.

Prints p50/p95/max latency of ``Retriever.search`` over the golden queries
(after warm-up, process start-up and store loading excluded), and a
breakdown by stage.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.index.chroma import ChromaVectors  # noqa: E402
from drafter.index.embcache import EmbeddingCache  # noqa: E402
from drafter.index.embedders import E5Embedder  # noqa: E402
from drafter.index.lexical import TOKENIZER, context_of, measure_tokens  # noqa: E402
from drafter.index.manifest import FileEntry, Manifest, Row, commit, write_manifest  # noqa: E402
from drafter.index.store import Store  # noqa: E402
from drafter.ingest import iter_corpus_files, load_document, segment  # noqa: E402
from drafter.ingest.facts import extract_facts  # noqa: E402
from drafter.retrieval_eval import load_golden  # noqa: E402
from drafter.retrieve import Retriever  # noqa: E402
from drafter.types import Measure, Source  # noqa: E402

PER_DOC = 20
_PLACES = re.compile(r"云岭区|云岭|深圳市|深圳|龙岗区|龙华区|马关县|文山州|Yunling|Dunmore")
_SYLLABLES = "东西南北平安和兴华宁长永新福康泰丰清明川岳"


def _place(n: int) -> str:
    a, b = divmod(n, len(_SYLLABLES))
    return _SYLLABLES[a % len(_SYLLABLES)] + _SYLLABLES[b]


def _variant(text: str, copy: int) -> str:
    if copy == 0:
        return text
    place = _place(copy)
    text = _PLACES.sub(lambda m: place + ("区" if m[0].endswith("区") else ""), text)
    return re.sub(r"\d+", lambda m: str(int(m[0]) + copy % 7), text)


def base_measures() -> list[Measure]:
    """Every measure of the sample corpus and of the real documents."""
    dirs = [ROOT / "corpus/policies", ROOT / "corpus/replies", ROOT / "corpus/en"]
    real = ROOT.parent / "shared/data/real"
    dirs += [real / d for d in ("policy", "reply", "en_response") if (real / d).is_dir()]
    return [m for path in iter_corpus_files(dirs) for m in segment(load_document(path))]


def build(root: Path, n: int, seed: int = 0) -> None:
    """Write a store of ``n`` generated measures under ``root``."""
    rng = np.random.default_rng(seed)
    embedder = E5Embedder()
    base = base_measures()
    t0 = time.perf_counter()
    base_vecs = embedder.embed([m.text for m in base])
    print(f"  {len(base)} base measures embedded in {time.perf_counter() - t0:.1f} s")
    rows: list[Row] = []
    files: dict[str, FileEntry] = {}
    vectors = np.empty((n, embedder.dim), dtype=np.float32)
    for i in range(n):
        b = base[i % len(base)]
        copy = i // len(base)
        doc_no = i // PER_DOC
        kind = "policy" if doc_no % 2 else "reply"
        path = f"/scaled/doc{doc_no:06d}.txt"
        doc_id = hashlib.sha1(path.encode()).hexdigest()[:12]
        text = _variant(b.text, copy)
        mid = hashlib.sha1(f"{doc_id}\x00{i}".encode()).hexdigest()[:16]
        source = Source(path=path, title=_variant(b.source.title, copy), kind=kind,
                        issuer=_variant(b.source.issuer, copy),
                        date=f"{2015 + doc_no % 10}-{1 + doc_no % 12:02d}-15",
                        section=_variant(b.source.section, copy))
        m = Measure(id=mid, doc_id=doc_id, text=text, source=source, start=0, end=len(text),
                    facts=extract_facts(text, b.lang), lang=b.lang)
        rows.append(Row(measure=m, tokens=measure_tokens(m)))
        files.setdefault(path, FileEntry(sha256=doc_id, doc_id=doc_id, title=source.title))
        files[path].measure_ids.append(mid)
        v = base_vecs[i % len(base)] + rng.normal(0, 0.012, embedder.dim)
        vectors[i] = v / np.linalg.norm(v)
        if (i + 1) % 20000 == 0:
            print(f"  generated {i + 1} measures ({time.perf_counter() - t0:.0f} s)")
    manifest = Manifest(embedder=embedder.name, dim=embedder.dim, tokenizer=TOKENIZER, files=files)
    root.mkdir(parents=True, exist_ok=True)
    commit(root, manifest, rows)
    seed_contexts(root, embedder, base, [r.measure for r in rows], rng)
    chroma = ChromaVectors(root / "chroma")
    chroma.upsert([r.measure.id for r in rows], vectors, [r.measure.text for r in rows],
                  [r.measure.metadata() for r in rows])
    manifest.vectors_clean = True
    write_manifest(root, manifest)
    print(f"  store written in {time.perf_counter() - t0:.0f} s")


def seed_contexts(root: Path, embedder: E5Embedder, base: list[Measure],
                  measures: list[Measure], rng: np.random.Generator) -> None:
    """Put the section contexts' vectors in the store's cache, derived like the measures'."""
    base_ctx = sorted({context_of(b) for b in base} - {""})
    vectors = dict(zip(base_ctx, embedder.embed(base_ctx), strict=True))
    derived: dict[str, np.ndarray] = {}
    for i, m in enumerate(measures):
        text, origin = context_of(m), context_of(base[i % len(base)])
        if text and origin and text not in derived:
            v = vectors[origin] + rng.normal(0, 0.012, embedder.dim)
            derived[text] = (v / np.linalg.norm(v)).astype(np.float32)
    cache = EmbeddingCache(root, embedder.name, embedder.dim)
    texts = list(derived)
    for i in range(0, len(texts), 5000):
        cache.put(texts[i : i + 5000], np.stack([derived[t] for t in texts[i : i + 5000]]))
    cache.close()
    print(f"  {len(derived)} section contexts derived from {len(base_ctx)} embedded")


def time_scaled(n: int, work: Path, k: int = 8) -> None:
    """Build (once) and time ``Retriever.search`` on a store of ``n`` measures."""
    root = work / f"scaled-{n}"
    print(f"\n### drafter hybrid at {n:,} measures\n")
    if not (root / "manifest.json").exists():
        build(root, n)
    store = Store(root, E5Embedder())
    t0 = time.perf_counter()
    store.measures()
    store.lexical("预热", 1)
    store.baseline(store.embed_query("预热"))
    store.contexts()
    print("  store opened, BM25 built, centroid and contexts loaded: "
          f"{time.perf_counter() - t0:.1f} s")
    retriever = Retriever(store, top_k=k)
    queries = [g.query for g in load_golden(ROOT / "evals/retrieval/sample.jsonl", ROOT / "corpus")]
    real = ROOT.parent / "shared/data/real"
    if real.is_dir():  # headings and titles: topic queries, which also match section contexts
        queries += [g.query for g in load_golden(ROOT / "evals/retrieval/real.jsonl", real)]
    for q in queries:  # warm-up: one pass (Chroma settles its index after a write)
        retriever.search(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        retriever.search(q)
        times.append((time.perf_counter() - t) * 1000)
    print(f"| measures | queries | p50 ms | p95 ms | max ms |\n| --- | --- | --- | --- | --- |\n"
          f"| {len(store):,} | {len(times)} | {np.percentile(times, 50):.1f} | "
          f"{np.percentile(times, 95):.1f} | {max(times):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    time_scaled(args.n, args.work or Path(tempfile.mkdtemp(prefix="drafter-scaled-")))


if __name__ == "__main__":
    main()
