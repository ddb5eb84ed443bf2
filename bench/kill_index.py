"""Kill `drafter index` at random moments and damage the store; the next run must put it right.

    python bench/kill_index.py [--rebuilds 20] [--incremental 20] [--changing 5] [--seed 7]
                               [--files 3] [--out bench/results/kill_index.md]

A clean build of part of the sample corpus (the ``--files`` smallest files of
each folder, copied to a scratch folder) gives the reference: its measure ids
and its answers to a few queries.  A working store, a copy of it, then goes
through:

- killed rebuilds: `drafter index --rebuild` killed (SIGKILL) after a random delay;
- killed incremental runs: a file added, one edited and one deleted, `drafter index`
  killed after a random delay, then the files put back as they were;
- a file changing during the run: rewritten again and again while `drafter index`
  reads, then put back;
- each corruption: measure table truncated, garbage or missing; Chroma folder
  deleted, its database garbage or truncated; embedding cache garbage; manifest
  garbage (the way out is `--rebuild`, and the one-line error must say so).

Runs to be killed are `drafter index` processes started warm (drafter
imported, waiting for the word to go), so that the random delay falls in the
run's own work, not in Python's start-up.  After each, a query is made in
process (it must answer or fail with drafter's own error), then a completing
`drafter index` runs (in process after killed runs; as a process, with
`--rebuild` where its one-line error names it, after corruptions).  The store
must then hold exactly the reference measures, once each, in the measure table
and in Chroma (0 lost, 0 duplicated, 0 orphans), and answer every query with
the clean build's results.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.errors import DrafterError  # noqa: E402
from drafter.index.embedders import E5Embedder  # noqa: E402
from drafter.index.store import Store  # noqa: E402

QUERIES = ["新落户支持", "开源教育 课程", "digital skills programme funding", "知识产权 奖励"]
EMBEDDER = E5Embedder()


def cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTER_CONFIG": "/nonexistent.toml"}
    return subprocess.Popen([sys.executable, "-m", "drafter", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def release(store: Path) -> None:
    """Let go of the Chroma system this process holds on ``store`` (a subprocess writes)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(store / "chroma"), None)
    if system is not None:
        try:
            system.stop()
        except AttributeError:
            pass


def answers(store: Path) -> list[list[str]]:
    """The top five ids for each query, read in process."""
    release(store)
    try:
        d = Drafter(load_settings(store=store), store=Store(store, EMBEDDER))
        return [[e.id for e in d.search(q, 5)] for q in QUERIES]
    finally:
        release(store)


def query_outcome(store: Path) -> str:
    """What a query against a store left by a killed run does: answers, or one clear error."""
    try:
        answers(store)
        return "answered"
    except DrafterError:
        return "clear error"
    except Exception as exc:  # a crash: what this bench is here to catch
        return f"CRASH {type(exc).__name__}"


def compare(store: Path, ref_ids: set[str], ref_answers: list[list[str]]) -> dict[str, Any]:
    """The store against the clean build: lost, duplicated, orphan measures and vectors."""
    release(store)
    s = Store(store, EMBEDDER)
    ids = [m.id for m in s.measures()]
    vectors = s.vectors.ids()
    count = s.vectors.count()
    release(store)
    found = answers(store)
    return {"lost": len(ref_ids - set(ids)), "duplicated": len(ids) - len(set(ids)),
            "orphan_measures": len(set(ids) - ref_ids),
            "missing_vectors": len(ref_ids - vectors),
            "orphan_vectors": len(vectors - ref_ids) + (count - len(vectors)),
            "search_same": found == ref_answers}


def finish(store: Path, corpus: list[str]) -> tuple[int, list[str], str]:
    """The completing run (and a rebuild when its one-line error names one)."""
    proc = cli("index", *corpus, "--store", str(store))
    _, err = proc.communicate()
    repaired = [x[len("repaired: "):] for x in err.splitlines() if x.startswith("repaired:")]
    way = "index"
    if proc.returncode == 1 and "--rebuild" in err and "Traceback" not in err:
        proc = cli("index", *corpus, "--store", str(store), "--rebuild")
        _, err2 = proc.communicate()
        err += err2
        way = "index, then --rebuild as its error said"
    if "Traceback" in err:
        way += " (TRACEBACK)"
    return proc.returncode, repaired, way


#: A `drafter` process that imports everything, says "ready", then runs the arguments
#: it is sent on one line.
WORKER = """
import json, os, signal, sys
from drafter.cli import app
import drafter.index.writer
if len(sys.argv) > 1:  # die at the commit: the new vectors are written, the manifest is not
    drafter.index.writer.commit = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
print("ready", flush=True)
sys.argv = ["drafter", *json.loads(sys.stdin.readline())]
app()
"""


def killed(args: list[str], delay: float, at_commit: bool = False) -> tuple[bool, float]:
    """Run `drafter ARGS` warm and SIGKILL it ``delay`` seconds into its work.

    Returns whether it died by SIGKILL (ours, or its own at the commit), and how long it ran.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTER_CONFIG": "/nonexistent.toml"}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, *(["commit"] if at_commit else [])],
                            env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdout.readline()
    proc.stdin.write(json.dumps(args) + "\n")
    proc.stdin.flush()
    start = time.perf_counter()
    while proc.poll() is None and time.perf_counter() - start < delay:
        time.sleep(0.02)
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL, time.perf_counter() - start


def complete(store: Path, folders: list[Path]) -> tuple[int, list[str], str]:
    """The completing run after a killed one: `drafter index`'s own code, in process."""
    release(store)
    try:
        report = Store(store, EMBEDDER).index(folders)
        return 0, report.repaired, "index"
    except DrafterError as exc:
        return exc.exit_code, [], f"index failed: {exc}"
    finally:
        release(store)


class Mutation:
    """A file added, one edited, one deleted; ``put_back`` restores the corpus byte for byte."""

    def __init__(self, folder: Path, aside: Path, run: int, rng: random.Random) -> None:
        files = sorted(folder.glob("*.txt"))
        self.edited, self.deleted = rng.sample(files, 2)
        self.saved = self.edited.read_bytes()
        self.new = folder / f"zz_new_{run}.txt"
        self.new.write_text(f"title: 云岭区第{run}批数据企业奖励办法\nkind: policy\n\n"
                            f"第一条 对第{run}批数据企业给予最高{run * 10 + 5}万元奖励。\n",
                            encoding="utf-8")
        self.edited.write_bytes(self.saved + f"\n\n第九十{run}条 新设专项资金{run}亿元。\n"
                                .encode())
        self.moved = aside / self.deleted.name
        self.deleted.rename(self.moved)

    def put_back(self) -> None:
        self.new.unlink()
        self.edited.write_bytes(self.saved)
        self.moved.rename(self.deleted)


def changing_run(folder: Path, store: Path, corpus: list[str], run: int) -> bool:
    """`drafter index` while one file is rewritten again and again; then put back."""
    files = sorted(folder.glob("*.txt"))
    target = files[run % len(files)]
    saved = target.read_bytes()
    other = saved + f"\n\n第八十{run}条 追加安排资金{run}千万元。\n".encode()
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            target.write_bytes(other if n % 2 else saved + b"\n")
            n += 1
            time.sleep(0.002)

    thread = threading.Thread(target=churn)
    thread.start()
    proc = cli("index", *corpus, "--store", str(store))
    proc.communicate()
    stop.set()
    thread.join()
    target.write_bytes(saved)
    return proc.returncode == 0


def _table(store: Path) -> Path:
    return next(store.glob("measures-*.jsonl"))


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "measure table truncated": lambda s: _table(s).write_bytes(_table(s).read_bytes()[:5000]),
    "measure table garbage": lambda s: _table(s).write_bytes(os.urandom(20000)),
    "measure table missing": lambda s: _table(s).unlink(),
    "chroma/ folder deleted": lambda s: shutil.rmtree(s / "chroma"),
    "Chroma database garbage": lambda s: (s / "chroma" / "chroma.sqlite3").write_bytes(
        os.urandom(50000)),
    "Chroma database truncated": lambda s: (s / "chroma" / "chroma.sqlite3").write_bytes(
        (s / "chroma" / "chroma.sqlite3").read_bytes()[:100000]),
    "embedding cache garbage": lambda s: (s / "embeddings.sqlite").write_bytes(
        os.urandom(50000)),
    "manifest garbage": lambda s: (s / "manifest.json").write_bytes(b'{"files": {"x'),
}


def search_outcome(store: Path) -> str:
    """`drafter search` on a damaged store, as a process: its exit code and first line."""
    proc = cli("search", QUERIES[0], "--store", str(store), "-k", "3")
    out, err = proc.communicate()
    if "Traceback" in err:
        return "TRACEBACK"
    if proc.returncode == 0:
        return "answered"
    lines = [x for x in err.splitlines() if x.strip()]
    return f"exit {proc.returncode}, {len(lines)} line(s): {lines[0][:150] if lines else ''}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--incremental", type=int, default=20)
    parser.add_argument("--changing", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files", type=int, default=3, help="Smallest files per folder.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "kill_index.md")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="kill-index-"))
    folders = []
    for name in ("policies", "replies", "en"):
        folder = work / "corpus" / name
        folder.mkdir(parents=True)
        for f in sorted((ROOT / "corpus" / name).glob("*.txt"),
                        key=lambda p: p.stat().st_size)[: args.files]:
            shutil.copy(f, folder / f.name)
        folders.append(folder)
    corpus = [str(f) for f in folders]
    aside = work / "aside"
    aside.mkdir()
    clean = work / "clean"
    Store(clean, EMBEDDER).index(folders)
    release(clean)
    ref_ids = {m.id for m in Store(clean, EMBEDDER).measures()}
    ref_answers = answers(clean)
    store = work / "store"
    shutil.copytree(clean, store)
    _, full = killed(["index", *corpus, "--store", str(store), "--rebuild"], 600)
    print(f"clean build: {len(ref_ids)} measures; a rebuild by the CLI takes {full:.1f} s "
          "after start-up", flush=True)
    rows: list[dict[str, Any]] = []

    def record(kind: str, detail: str, outcome: str, extra: dict[str, Any]) -> None:
        rc, repaired, way = (finish(store, corpus) if kind == "corruption"
                             else complete(store, folders))
        row = {"kind": kind, "detail": detail, "query": outcome, "rerun_rc": rc, "way": way,
               "repaired": repaired, **compare(store, ref_ids, ref_answers), **extra}
        row["ok"] = (rc == 0 and row["search_same"] and "TRACEBACK" not in way
                     and "CRASH" not in outcome and "TRACEBACK" not in outcome
                     and not any(row[k] for k in ("lost", "duplicated", "orphan_measures",
                                                  "missing_vectors", "orphan_vectors")))
        rows.append(row)
        print(kind, detail, "ok" if row["ok"] else f"FAILED {row}", flush=True)

    for _ in range(args.rebuilds):
        delay = rng.uniform(0.05, full * 1.1)
        was_killed, _ = killed(["index", *corpus, "--store", str(store), "--rebuild"], delay)
        record("rebuild", f"killed after {delay:.1f} s" if was_killed else "completed",
               query_outcome(store), {"killed": was_killed})
    change = Mutation(folders[0], aside, 0, rng)  # how long a run with changes takes
    _, inc_full = killed(["index", *corpus, "--store", str(store)], 600)
    change.put_back()
    complete(store, folders)
    print(f"an incremental run with changes takes {inc_full:.1f} s after start-up", flush=True)
    for run in range(1, args.incremental + 1):
        change = Mutation(folders[run % 3], aside, run, rng)
        # every fourth run dies at its commit, its new vectors written; the others at random
        at_commit = run % 4 == 0
        delay = 600 if at_commit else rng.uniform(0.05, 1.1) * inc_full
        was_killed, _ = killed(["index", *corpus, "--store", str(store)], delay, at_commit)
        change.put_back()
        record("incremental, files put back",
               "killed at its commit" if at_commit else
               f"killed after {delay:.1f} s" if was_killed else "completed",
               query_outcome(store), {"killed": was_killed})
    for run in range(1, args.changing + 1):
        ran = changing_run(folders[run % 3], store, corpus, run)
        record("file changing during the run", "run exit 0" if ran else "run failed",
               query_outcome(store), {"killed": False})
    for name, damage in CORRUPTIONS.items():
        damage(store)
        record("corruption", name, search_outcome(store), {"killed": False})
    elapsed = time.perf_counter() - start
    write_report(args.out, rows, (len(ref_ids), sum(len(list(f.glob("*.txt")))
                                                    for f in folders)), (full, inc_full),
                 elapsed, args.seed)
    bad = sum(not r["ok"] for r in rows)
    print(f"{len(rows)} scenarios, {bad} failed, {elapsed:.0f} s; wrote {args.out}")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if bad else 0)


def write_report(out: Path, rows: list[dict[str, Any]], size: tuple[int, int],
                 runs: tuple[float, float], elapsed: float, seed: int) -> None:
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    lines = ["# Killed and damaged index runs (bench/kill_index.py)", "",
             f"Part of the sample corpus ({size[1]} files, {size[0]} measures), seed {seed}; "
             f"a CLI rebuild takes {runs[0]:.1f} s after start-up and an incremental run "
             f"with changes {runs[1]:.1f} s; kills fall at random in 0-110% of that, except "
             "that every fourth incremental run is killed at its commit (its new vectors "
             "written, its manifest not); the "
             f"whole bench took {elapsed:.0f} s on a shared machine.  "
             "After each scenario a "
             "completing `drafter index` ran; the store is compared with a clean build "
             "(measure table and Chroma ids) and answers "
             f"{len(QUERIES)} queries (top 5) as the clean build does.", "",
             "| scenario | runs | killed | ok | lost | duplicated | orphan measures | "
             "missing vectors | orphan vectors | search as clean |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind in kinds:
        group = [r for r in rows if r["kind"] == kind]
        lines.append(
            f"| {kind} | {len(group)} | {sum(r['killed'] for r in group)} | "
            f"{sum(r['ok'] for r in group)} | "
            + " | ".join(str(sum(r[k] for r in group)) for k in (
                "lost", "duplicated", "orphan_measures", "missing_vectors", "orphan_vectors"))
            + f" | {sum(r['search_same'] for r in group)}/{len(group)} |")
    lines += ["", "Queries right after a killed run (in process): "
              + ", ".join(f"{o} {n}" for o, n in _counts(
                  r["query"] for r in rows if r["kind"] != "corruption").items()), "",
              "## Corruptions", "",
              "| damage | `drafter search` on the damaged store | way out | repaired | ok |",
              "| --- | --- | --- | --- | --- |"]
    for r in rows:
        if r["kind"] == "corruption":
            lines.append(f"| {r['detail']} | {r['query']} | {r['way']} | "
                         f"{'; '.join(r['repaired']) or '-'} | {'yes' if r['ok'] else 'NO'} |")
    lines += ["", "## Repairs named by the completing run after killed runs", ""]
    for kind in kinds[:-1]:
        said = _counts(_repair_kind(x) for r in rows if r["kind"] == kind
                       for x in r["repaired"])
        lines.append(f"- {kind}: " + (", ".join(f"{k} ({n})" for k, n in said.items())
                                      or "none needed"))
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines).replace(str(ROOT), ".")
    out.write_text(re.sub(r"[^ ]*/kill-index-[^/ ]+/", "WORK/", text) + "\n", encoding="utf-8")


def _repair_kind(line: str) -> str:
    """A repair line without its numbers and names: what kind of repair it was."""
    for words, kind in (("orphan", "orphan vectors deleted"),
                        ("vectors were missing", "missing vectors written again"),
                        ("interrupted rebuild", "collection of a killed rebuild deleted"),
                        ("measure table", "measure table rebuilt from the files"),
                        ("embedding cache", "embedding cache replaced"),
                        ("Chroma", "Chroma folder replaced")):
        if words in line:
            return kind
    return line


def _counts(items: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in items:
        found[item] = found.get(item, 0) + 1
    return found


if __name__ == "__main__":
    main()
