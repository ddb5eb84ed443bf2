"""Kill `drafter index` with SIGKILL at random moments; check nothing is lost or doubled.

    python bench/kill_index.py [--runs 20] [--seed 7]

A clean build of the sample corpus gives the reference set of measure ids.
Then, for each run, a fresh store is indexed in part (a first folder, so
that a committed index exists), a full `drafter index` is started in a
subprocess and killed after a random delay, a query is made against the
store, and a completing re-run follows.  After the re-run the store must
hold exactly the reference measures, once each, in the manifest and in
Chroma.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.index.embedders import E5Embedder  # noqa: E402
from drafter.index.store import Store  # noqa: E402

CORPUS = [ROOT / "corpus" / d for d in ("policies", "replies", "en")]


def cli(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTER_CONFIG": "/nonexistent.toml"}
    return subprocess.Popen([sys.executable, "-m", "drafter", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    clean = Store(work / "clean", E5Embedder())
    clean.index(CORPUS)
    full = time.perf_counter() - t
    reference = {m.id for m in clean.measures()}
    print(f"clean build: {len(reference)} measures in {full:.1f} s")
    bad = 0
    for run in range(1, args.runs + 1):
        store = work / f"run{run}"
        Store(store, E5Embedder()).index(CORPUS[:1])
        proc = cli("index", *map(str, CORPUS), "--store", str(store))
        delay = rng.uniform(0.3, 0.5 * full)  # start-up included: runs die mid-way
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        query = cli("search", "新落户支持", "--store", str(store), "--json")
        out, err = query.communicate()
        answered = query.returncode == 0
        rerun = cli("index", *map(str, CORPUS), "--store", str(store))
        rerun.communicate()
        after = Store(store, E5Embedder())
        ids = [m.id for m in after.measures()]
        dupes = len(ids) - len(set(ids))
        missing = len(reference - set(ids))
        extra = len(set(ids) - reference)
        vectors = after.vectors.count()
        ok = answered and rerun.returncode == 0 and dupes == missing == extra == 0 \
            and vectors == len(reference)
        bad += not ok
        print(json.dumps({"run": run, "kill_after_s": round(delay, 2), "killed": killed,
                          "query_ok": answered, "duplicates": dupes, "missing": missing,
                          "extra": extra, "vectors": vectors, "ok": ok}))
    print(f"{args.runs} runs, {bad} failed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
