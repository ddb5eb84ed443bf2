"""Run bad input of every kind through the real CLI and check each answer.

    python bench/bad_input_sweep.py [--only WORD] [--out bench/results/bad_input_sweep.md]

Each case (``bad_input_cases.py``, ``bad_input_env.py``) is one ``python -m
drafter`` process with a 60 s timeout.  A case passes when it printed no
traceback, did not hang, exited with a right code (2 bad input, 1 store or
environment, 0 for odd input that is right), printed exactly one non-empty
line on stderr naming its file when refused, and left the good store's files
byte for byte as they were (the store folder is hashed before and after each
case; a changed store is put back before the next case).  Loopback servers
stand in for a Chroma that is no Chroma and for a hostile model.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bad_input_cases import (  # noqa: E402
    PROPOSAL,
    Case,
    file_cases,
    odd_but_good_cases,
    output_cases,
    search_cases,
)
from bad_input_env import all_env_cases  # noqa: E402

from tests.openai_server import FakeOpenAIServer  # noqa: E402

CORPUS = [ROOT / "corpus" / d for d in ("policies", "replies", "en")]
TIMEOUT = 60


@dataclass
class Outcome:
    case: Case
    code: int | None
    seconds: float
    problems: list[str]

    @property
    def verdict(self) -> str:
        return "ok" if not self.problems else "; ".join(self.problems)


#: Chroma rewrites these on every open (a counter, its sqlite pages): they are compared
#: by what they hold, the vectors' ids, metadata and queue.
_CHROMA_TABLES = ("collections", "segments", "embeddings", "embedding_metadata",
                  "embeddings_queue")


def digest(root: Path) -> str:
    """A hash of what the store holds: every file's bytes, Chroma's by content."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0")
        if path.name == "length.bin":
            continue
        h.update(_sqlite_rows(path) if path.name == "chroma.sqlite3" else path.read_bytes())
    return h.hexdigest()


def _sqlite_rows(path: Path) -> bytes:
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = [repr(db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()).encode()
                for t in _CHROMA_TABLES]
        db.close()
    except sqlite3.Error as exc:
        return f"unreadable: {exc}".encode()
    return b"\0".join(rows)


class _Html(BaseHTTPRequestHandler):
    def _page(self) -> None:
        self.send_error(404, "File not found.")

    do_GET = do_POST = do_PUT = _page

    def log_message(self, *args: object) -> None:
        pass


def servers() -> tuple[dict[str, str], list[object]]:
    """Loopback stand-ins: an HTML page, a silent port, a closed port, hostile models."""
    html = ThreadingHTTPServer(("127.0.0.1", 0), _Html)
    threading.Thread(target=html.serve_forever, daemon=True).start()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)  # accepts connections (the kernel does) and never answers
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    models = {
        "llm_garbage": FakeOpenAIServer([{"raw": "<<not json>>"}], repeat_last=True),
        "llm_500": FakeOpenAIServer([{"status": 500, "body": "upstream failed"}],
                                    repeat_last=True),
        "llm_leak": FakeOpenAIServer([{"status": 401, "body": "bad key sk-sweep-9f8e7d6c5b4a"
                                       "39281706 for api_key=sk-sweep-9f8e7d6c5b4a39281706"}],
                                     repeat_last=True),
        "llm_silent": FakeOpenAIServer([{"delay": 300.0, "content": "late"}], repeat_last=True),
    }
    urls = {"html": f"http://127.0.0.1:{html.server_address[1]}",
            "silent": f"http://127.0.0.1:{silent.getsockname()[1]}",
            "closed": f"http://127.0.0.1:{closed_port}"}
    for name, server in models.items():
        server.__enter__()
        urls[name] = server.url
    return urls, [html, silent, *models.values()]


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def run_case(case: Case, work: Path, good: Path, urls: dict[str, str]) -> Outcome:
    w = work / f"case{abs(hash(case.name)) % 10**8}"
    w.mkdir(parents=True)
    values = {**urls, "w": str(w), "good": str(good), "store": str(w / "store"),
              "p": str(PROPOSAL)}
    if case.scratch:
        shutil.copytree(good, w / "store")
    if case.setup:
        case.setup(w)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DRAFTER_") and k not in {"OPENAI_API_KEY", "OPENAI_BASE_URL"}}
    env.update({"PYTHONPATH": str(ROOT), "DRAFTER_CONFIG": str(w / "no-such.toml"),
                **{k: fill(v, values) for k, v in case.env.items()}})
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "drafter",
                               *[fill(a, values) for a in case.argv]],
                              capture_output=True, cwd=w, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return Outcome(case, None, time.perf_counter() - start, [f"hang (> {TIMEOUT} s)"])
    seconds = time.perf_counter() - start
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    return Outcome(case, done.returncode, seconds, judge(case, done.returncode, out, err,
                                                         values, w))


def judge(case: Case, code: int, out: str, err: str, values: dict[str, str],
          w: Path) -> list[str]:
    problems = []
    if "Traceback" in out + err:
        last = [ln for ln in err.splitlines() if ln.strip()][-1:] or [""]
        problems.append(f"traceback ({last[0][:120]})")
    if code not in case.expect:
        problems.append(f"exit {code}, expected {'/'.join(map(str, case.expect))}")
    lines = [ln for ln in err.splitlines() if ln.strip()]
    if code and case.one_line and "Traceback" not in err:
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr")
        names = fill(case.names, values)
        if names and not any(names in ln for ln in lines):
            problems.append(f"stderr does not name {Path(names).name or names}")
    if case.post:
        found = case.post(w, out, err)
        if found:
            problems.append(found)
    return problems


def report(outcomes: list[Outcome], path: Path, build_s: float) -> str:
    ok = sum(1 for o in outcomes if not o.problems)
    hangs = sum(1 for o in outcomes if o.code is None)
    tracebacks = sum(1 for o in outcomes if any(p.startswith("traceback") for p in o.problems))
    changed = sum(1 for o in outcomes if "changed the good store" in o.verdict)
    kinds = sorted({o.case.kind for o in outcomes})
    lines = ["# Bad input through the CLI", "",
             f"`python bench/bad_input_sweep.py`: {len(outcomes)} cases, each one "
             f"`python -m drafter` process (timeout {TIMEOUT} s), against a good store of the "
             f"sample corpus (built in {build_s:.0f} s) hashed before and after each case.", "",
             f"**{ok} ok, {len(outcomes) - ok} failed**: {tracebacks} tracebacks, {hangs} hangs, "
             f"{changed} changes to the good store, "
             f"{sum(1 for o in outcomes if any(p.startswith('exit') for p in o.problems))} "
             "wrong exit codes, "
             f"{sum(1 for o in outcomes if any('stderr' in p for p in o.problems))} "
             "unclear error lines.", "",
             "| kind | cases | ok |", "| --- | ---: | ---: |"]
    for kind in kinds:
        mine = [o for o in outcomes if o.case.kind == kind]
        lines.append(f"| {kind} | {len(mine)} | {sum(1 for o in mine if not o.problems)} |")
    lines += ["", "| case | kind | exit | s | verdict |", "| --- | --- | ---: | ---: | --- |"]
    for o in outcomes:
        verdict = o.verdict.replace("|", "\\|")
        lines.append(f"| {o.case.name.replace('|', '/')} | {o.case.kind} | "
                     f"{'–' if o.code is None else o.code} | {o.seconds:.1f} | {verdict} |")
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" /
                        "bad_input_sweep.md")
    args = parser.parse_args()
    cases = (file_cases() + odd_but_good_cases() + output_cases() + search_cases()
             + all_env_cases())
    cases = [c for c in cases if args.only in c.name]
    work = Path(tempfile.mkdtemp(prefix="drafter-sweep-"))
    from drafter import Drafter
    from drafter.config import load_settings

    start = time.perf_counter()
    pristine = work / "pristine"
    os.environ["DRAFTER_CONFIG"] = str(work / "no-such.toml")
    Drafter(load_settings(store=pristine)).index(CORPUS)
    build_s = time.perf_counter() - start
    good = work / "good"
    shutil.copytree(pristine, good)
    clean = digest(good)
    urls, _keep = servers()
    outcomes: list[Outcome] = []
    for n, case in enumerate(cases, 1):
        outcome = run_case(case, work, good, urls)
        if digest(good) != clean:
            outcome.problems.append("changed the good store")
            shutil.rmtree(good)
            shutil.copytree(pristine, good)
        outcomes.append(outcome)
        print(f"{n:3}/{len(cases)} {outcome.seconds:5.1f}s exit {outcome.code} "
              f"{case.name}: {outcome.verdict}", flush=True)
    text = report(outcomes, args.out, build_s)
    print(text.split("\n\n")[2])
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
