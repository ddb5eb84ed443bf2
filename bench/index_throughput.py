"""Indexing throughput against the embedder's own rate, and the cost of a no-op re-index.

    python bench/index_throughput.py [--copies 3] [--files 1000]

1. Throughput: the sample corpus (policies, replies, English set) is copied
   ``--copies`` times into a fresh folder and indexed into a fresh store.
   The same measure texts are then embedded alone, in the same batches, by a
   warm embedder.  Both rates are printed with their ratio.
2. Re-index: a store of ``--files`` small files is built, then indexed again
   unchanged; the time of that second run is printed per 1,000 files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.index.embedders import E5Embedder  # noqa: E402
from drafter.index.store import Store  # noqa: E402

CORPUS = [ROOT / "corpus" / d for d in ("policies", "replies", "en")]


def throughput(work: Path, copies: int) -> None:
    docs = work / "docs"
    for k in range(copies):
        for folder in CORPUS:
            dest = docs / f"copy{k}" / folder.name
            shutil.copytree(folder, dest)
    embedder = E5Embedder()
    embedder.embed(["warm up"])
    store = Store(work / "store", embedder)
    t = time.perf_counter()
    report = store.index([docs])
    t_index = time.perf_counter() - t
    texts = [m.text for m in store.measures()]
    t = time.perf_counter()
    for i in range(0, len(texts), 64):
        embedder.embed(texts[i : i + 64])
    t_embed = time.perf_counter() - t
    n = len(texts)
    print(f"measures: {n} from {len(report.added)} files")
    print(f"embedder alone: {n / t_embed:8.1f} measures/s ({t_embed:.1f} s)")
    print(f"drafter index:  {n / t_index:8.1f} measures/s ({t_index:.1f} s)")
    print(f"ratio: {t_embed / t_index:.1%} of the embedder's rate")


def reindex(work: Path, files: int) -> None:
    docs = work / "many"
    docs.mkdir()
    for i in range(files):
        (docs / f"f{i:05d}.txt").write_text(
            f"title: 第{i}号文件\nkind: policy\n\n第一条 对第{i}类企业给予最高{i + 1}万元支持。\n",
            encoding="utf-8")
    store = Store(work / "many-store", E5Embedder())
    t = time.perf_counter()
    store.index([docs])
    first = time.perf_counter() - t
    t = time.perf_counter()
    report = store.index([docs])
    again = time.perf_counter() - t
    assert not report.changed
    print(f"re-index: {files} files built in {first:.1f} s; unchanged re-run {again:.3f} s "
          f"= {again / files * 1000:.3f} s per 1,000 files")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    throughput(work, args.copies)
    reindex(work, args.files)


if __name__ == "__main__":
    main()
