"""Time `drafter draft` on every example proposal with a warm index.

    python bench/e2e.py [--store DIR]

Builds (or reuses) an index of the sample corpus, then drafts each example
several times in one process and prints the median and worst time per
example, plus the time of a cold `drafter draft` process (start-up included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = args.store or Path(tempfile.mkdtemp()) / "store"
    settings = load_settings(ROOT / "drafter.toml", store=store)
    settings.corpus = [ROOT / p for p in ("corpus/policies", "corpus/replies", "corpus/en")]
    d = Drafter(settings)
    t0 = time.perf_counter()
    report = d.index(settings.corpus)
    print(f"index: {report.measures} measures, {report.embedded} embedded, "
          f"{time.perf_counter() - t0:.2f} s")
    examples = sorted((ROOT / "corpus" / "examples").glob("*.txt"))
    d.draft(examples[0])  # warm the embedder, Chroma and the BM25 index
    print(f"{'example':<32} {'median s':>9} {'max s':>7}")
    for path in examples:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            d.draft(path)
            times.append(time.perf_counter() - t)
        print(f"{path.name:<32} {statistics.median(times):>9.3f} {max(times):>7.3f}")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "drafter", "draft", str(examples[0]), "--store",
                    str(store)], cwd=ROOT, check=True, capture_output=True)
    print(f"cold process, warm index: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
