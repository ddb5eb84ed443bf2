"""The faithfulness checker measured on injected errors, per kind and language.

    python bench/checker_eval.py [--seed N]

Generates items from the sample corpus and the real documents
(``drafter.inject``: one injected error each, plus controls and
paraphrases), runs the checker on them (``drafter.checker_eval``), prints a
table of n, recall and precision per error kind × language, the
false-positive rate on controls and paraphrases, every miss and false
alarm, and writes the same to ``bench/results/checker_eval.md``.

Precision = TP / (TP + FP): TP are the flagged error items of the kind, FP
the flagged controls and paraphrases of the same language.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.checker_eval import MetaEvalReport, evaluate_checker  # noqa: E402


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.4f}"


def render(report: MetaEvalReport, seconds: float) -> str:
    """The report as Markdown."""
    lines = [
        "# Checker on injected errors", "",
        f"Seed {report.seed}; {report.items} items from the sample corpus and "
        "`../shared/data/real/`; "
        f"checked in {seconds:.1f} s (`python bench/checker_eval.py`).", "",
        "Recall = flagged error items / error items of the kind. Precision = TP / (TP + FP), "
        "FP = controls and paraphrases of the same language that the checker flags. "
        "Targets: recall >= 0.95, precision >= 0.98. English documents carry no 《titles》, "
        "so English title has nothing to score (—).", "",
        "| kind | lang | n | flagged | recall | precision |", "|---|---|---:|---:|---:|---:|",
    ]
    for s in report.scores:
        lines.append(f"| {s.kind} | {s.lang} | {s.n} | {s.flagged} | {_fmt(s.recall)} | "
                     f"{_fmt(s.precision)} |")
    lines += ["", "| clean items (controls + paraphrases) | n | flagged | FP rate |",
              "|---|---:|---:|---:|"]
    alarms, rate = report.false_alarms_by_lang, report.fp_rate
    for lang in ("zh", "en"):
        lines.append(f"| {lang} | {report.clean.get(lang, 0)} | {alarms.get(lang, 0)} | "
                     f"{_fmt(rate.get(lang))} |")
    lines.append(f"| all | {sum(report.clean.values())} | {sum(alarms.values())} | "
                 f"{_fmt(rate.get('all'))} |")
    lines += ["", f"## Misses ({len(report.misses)})", ""]
    lines += [f"- {m.kind}/{m.lang} `{m.id}`: {m.changed_fact} — {m.sentence}"
              for m in report.misses] or ["None."]
    lines += ["", f"## False alarms ({len(report.false_alarms)})", ""]
    lines += [f"- {m.kind}/{m.lang} `{m.id}`: flagged {m.flagged_facts} — {m.sentence}"
              for m in report.false_alarms] or ["None."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = evaluate_checker(seed=args.seed)
    text = render(report, time.perf_counter() - start)
    print(text)
    out = ROOT / "bench" / "results" / "checker_eval.md"
    out.write_text(text, encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
