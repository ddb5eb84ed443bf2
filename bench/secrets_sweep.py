"""Hostile model servers against the command line: does any secret leave drafter?

    .venv/bin/python bench/secrets_sweep.py [--out bench/results/secrets.md]

Indexes the sample corpus into a temporary store once, then, for every
scenario of ``tests/secret_scenarios.py`` (errors echoing the key at the
200-character cut and after long text, echoed Authorization headers, HTML and
broken JSON bodies carrying keys, a timeout, an unreachable endpoint, answers
whose sentences, citations, stance reason or refusal echo ``key=sk-…``), runs
``drafter draft`` as a process three times against a fresh ``FakeOpenAIServer``
(through LangChain's real ``ChatOpenAI``): ``--json`` to stdout, ``-o
reply.md`` and ``-o reply.docx``.  The key is in ``OPENAI_API_KEY`` and the
base URL carries a password.

Per scenario it counts, in stdout, stderr, the Markdown, the JSON, every XML
part of the .docx, the editor notes and the new lines of ``runs.jsonl``, the
secrets of which six characters or more in a row appear (``leaks``), and the
``[REDACTED]`` marks (evidence that something was echoed and caught); and it
gives the exit codes (3: the model could not be reached; 0: it answered).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.runlog import RUNS_FILE  # noqa: E402
from tests.openai_server import FakeOpenAIServer  # noqa: E402
from tests.secret_scenarios import (  # noqa: E402
    KEY,
    SCENARIOS,
    SECRETS,
    Scenario,
    free_port,
    leaks,
    with_password,
)

PROPOSAL = ROOT / "corpus" / "examples" / "zh_talent_yi.txt"
CORPUS = [ROOT / "corpus" / p for p in ("policies", "replies", "en")]
CHANNELS = ("stdout", "stderr", "markdown", "json", "docx", "notes", "runs.jsonl")


def _docx_text(path: Path) -> str:
    if not path.is_file():
        return ""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _draft(scenario: Scenario, store: Path, work: Path, args: list[str]
           ) -> subprocess.CompletedProcess[str]:
    config = work / "drafter.toml"
    config.write_text(f'[drafter]\nissuer = "云岭区科技创新局"\nllm_timeout = {scenario.timeout}\n'
                      "llm_max_retries = 0\n", encoding="utf-8")
    with FakeOpenAIServer(scenario.script, repeat_last=scenario.repeat_last) as server:
        url = f"http://127.0.0.1:{free_port()}/v1" if scenario.unreachable else server.url
        env = {**os.environ, "DRAFTER_CONFIG": str(config), "OPENAI_API_KEY": KEY,
               "OPENAI_BASE_URL": with_password(url)}
        return subprocess.run(
            [sys.executable, "-m", "drafter", "draft", str(PROPOSAL), "--llm",
             "openai:local-model", "--store", str(store), *args],
            cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False)


def sweep(name: str, scenario: Scenario, store: Path, work: Path) -> dict[str, object]:
    """One scenario through the CLI three times; what leaked where."""
    log = store / RUNS_FILE
    start = log.stat().st_size if log.exists() else 0
    texts = {c: "" for c in CHANNELS}
    codes = []
    for args in (["--json"], ["-o", str(work / "reply.md")], ["-o", str(work / "reply.docx")]):
        result = _draft(scenario, store, work, args)
        codes.append(result.returncode)
        texts["stdout"] += result.stdout
        texts["stderr"] += result.stderr
        if args == ["--json"] and result.stdout.strip():
            texts["json"] = result.stdout
            texts["notes"] = "\n".join(json.loads(result.stdout).get("editor_notes", []))
    texts["markdown"] = (work / "reply.md").read_text("utf-8") if (work / "reply.md").exists() \
        else ""
    texts["docx"] = _docx_text(work / "reply.docx")
    texts["runs.jsonl"] = log.read_bytes()[start:].decode("utf-8")
    traceback = "Traceback" in texts["stderr"]
    return {"name": name, "codes": codes, "traceback": traceback,
            "leaks": {c: len(leaks(t)) for c, t in texts.items()},
            "redacted": sum(t.count("[REDACTE") for t in texts.values()),  # a cut mark too
            "expected": 3 if scenario.unreached else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/secrets.md")
    args = parser.parse_args()
    rows = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        store = base / "store"
        Drafter(load_settings(store=store)).index(CORPUS)
        for name, scenario in SCENARIOS.items():
            work = base / name
            work.mkdir()
            rows.append(sweep(name, scenario, store, work))
            print(rows[-1], flush=True)
    total = sum(sum(r["leaks"].values()) for r in rows)  # type: ignore[union-attr, misc]
    lines = [
        "# Secrets sweep: hostile model servers through the command line", "",
        "`bench/secrets_sweep.py`: every scenario of `tests/secret_scenarios.py`, "
        "`drafter draft` run as a process three times (`--json`, `-o reply.md`, "
        "`-o reply.docx`) against a fresh `FakeOpenAIServer` on 127.0.0.1 through "
        "LangChain's real `ChatOpenAI`; the key in `OPENAI_API_KEY`, a password in the "
        f"base URL. Secrets watched: {len(SECRETS)} (the client's key, a key only the "
        "server knows, a bearer token of no known shape, the URL password); a leak is "
        "any 6 characters of one in a row.", "",
        f"Scenarios: {len(rows)}; processes: {3 * len(rows)}; secrets or pieces of 6+ "
        f"characters found: **{total}**; tracebacks: "
        f"{sum(1 for r in rows if r['traceback'])}; runs with the wrong exit code: "
        f"{sum(1 for r in rows if any(c != r['expected'] for c in r['codes']))}"  # type: ignore[attr-defined]
        f" ({time.monotonic() - began:.0f} s).", "",
        "| scenario | exit codes (json, md, docx) | expected | " + " | ".join(CHANNELS)
        + " | [REDACTED] marks |",
        "|---|---|---|" + "---|" * len(CHANNELS) + "---|",
    ]
    for r in rows:
        cells = " | ".join(str(r["leaks"][c]) for c in CHANNELS)  # type: ignore[index]
        lines.append(f"| {r['name']} | {', '.join(map(str, r['codes']))} | {r['expected']} | "  # type: ignore[call-overload]
                     f"{cells} | {r['redacted']} |")
    lines += ["", "Leak columns count the secrets (of 4) found in that output. Exit 3: the "
              "draft was written but the model could not be reached for a section "
              "(`--allow-fallback` makes it 0); exit 0: the model answered, its echoes redacted."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
