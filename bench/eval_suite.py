"""The deterministic eval suite, twice with the baseline configuration.

Builds (or brings up to date) the frozen eval index, runs every golden
drafting case (``evals/drafting/sample.jsonl`` and ``real.jsonl``) twice with
``evals/configs/baseline.toml``, asserts that the two RunResults are identical,
and writes ``bench/results/eval_suite.md`` (times, per-metric means per golden
set) and ``bench/results/eval_baseline.json`` (the RunResult).

    python bench/eval_suite.py [--cache .drafter-eval] [--no-checker]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from drafter.eval_records import METRICS
from drafter.evaluation import eval_store, load_cases, load_config, means, run_config

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=ROOT / ".drafter-eval")
    ap.add_argument("--no-checker", action="store_true", help="leave the checker's accuracy out")
    args = ap.parse_args()
    config = ROOT / "evals" / "configs" / "baseline.toml"
    sets = {name: load_cases(ROOT / "evals" / "drafting" / f"{name}.jsonl")
            for name in ("sample", "real")}
    cases = [c for cs in sets.values() for c in cs]
    t0 = time.perf_counter()
    store = eval_store(load_config(config), root=ROOT, cache=args.cache)
    t_index = time.perf_counter() - t0
    runs, times = [], []
    for _ in range(2):
        t = time.perf_counter()
        runs.append(run_config(config, cases, store=store, suite=not args.no_checker))
        times.append(time.perf_counter() - t)
    identical = runs[0].model_dump_json() == runs[1].model_dump_json()
    assert identical, "two runs of the deterministic suite differ"
    total = t_index + times[0]
    errors = [i for i in runs[0].items if i.error]
    lines = [
        "# Eval suite: the baseline configuration on the golden drafting cases", "",
        f"Cases: {len(sets['sample'])} sample, {len(sets['real'])} real "
        f"({sum(len(c.recommendations) for c in cases)} recommendations); "
        f"{len(errors)} failed to draft. Machine: {os.cpu_count()} CPUs, "
        f"load average at the end {os.getloadavg()[0]:.1f}.", "",
        "| step | seconds |", "|---|---:|",
        f"| index build / update ({store}) | {t_index:.1f} |",
        f"| drafting + scoring, run 1 | {times[0]:.1f} |",
        f"| drafting + scoring, run 2 | {times[1]:.1f} |",
        f"| suite (index + one run) | {total:.1f} |", "",
        f"Two runs identical to the last digit: **{identical}**.", "",
        "| set | " + " | ".join(METRICS) + " |", "|---|" + "---:|" * len(METRICS),
    ]
    for name, cs in sets.items():
        m = means(runs[0], [c.id for c in cs])
        lines.append(f"| {name} | " + " | ".join("–" if m[k] is None else f"{m[k]:.3f}"
                                                 for k in METRICS) + " |")
    if runs[0].suite:
        lines += ["", "Checker accuracy (suite):", ""]
        lines += [f"- {k}: {v}" for k, v in runs[0].suite.items()]
    OUT.mkdir(exist_ok=True)
    (OUT / "eval_suite.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (OUT / "eval_baseline.json").write_text(
        json.dumps(runs[0].model_dump(mode="json"), ensure_ascii=False, indent=1,
                   sort_keys=True) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
