"""Indexing throughput against the embedder's own rate, and the cost of a no-op re-index.

    python bench/index_throughput.py [--copies 3] [--files 1000]

1. Throughput: the sample corpus (policies, replies, English set) is copied
   ``--copies`` times (each copy's sentences marked, so no text repeats) into a
   fresh folder and indexed into a store that has indexed one small file
   first (libraries loaded, as in a long-running process).
   The same measure texts are then embedded alone, in the same batches, by a
   warm embedder.  Both rates are printed with their ratio.
2. Re-index: a store of ``--files`` small files is built, then indexed again
   unchanged; the time of that second run is printed per 1,000 files.
"""

from __future__ import annotations

import argparse
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
    for k in range(copies):  # each copy's texts differ, so the content cache cannot help
        for folder in CORPUS:
            dest = docs / f"copy{k}" / folder.name
            dest.mkdir(parents=True)
            for src in folder.glob("*.txt"):
                text = src.read_text(encoding="utf-8")
                mark = chr(0x4E00 + 7 * k)
                text = text.replace("。", f"（{mark}）。").replace(". ", f" ({k}). ")
                (dest / src.name).write_text(text, encoding="utf-8")
    embedder = E5Embedder()
    embedder.embed(["warm up"])
    store = Store(work / "store", embedder)
    warm = work / "warm"  # one small file first: jieba, Chroma and the cache are loaded
    warm.mkdir()
    (warm / "w.txt").write_text("title: 预热\nkind: policy\n\n第一条 给予最高10万元支持。\n",
                                encoding="utf-8")
    store.index([warm])
    t = time.perf_counter()
    report = store.index([warm, docs])
    t_index = time.perf_counter() - t
    # The index embeds each distinct text once; the embedder alone gets the same texts,
    # in the same batch size, twice (the faster run counts, to be conservative).
    texts = list(dict.fromkeys(m.text for m in store.measures()))
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        for i in range(0, len(texts), 64):
            embedder.embed(texts[i : i + 64])
        runs.append(time.perf_counter() - t)
    t_embed = min(runs)
    n = len(texts)
    print(f"distinct measure texts: {n} ({report.measures} measures, {len(report.added)} files)")
    print(f"embedder alone: {n / t_embed:8.1f} texts/s ({t_embed:.1f} s)")
    print(f"drafter index:  {n / t_index:8.1f} texts/s ({t_index:.1f} s, process start-up "
          "excluded)")
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
