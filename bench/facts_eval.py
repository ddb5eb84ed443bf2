"""Fact extraction scored against the hand-labelled set, per language and kind.

    python bench/facts_eval.py [--errors]

Reads ``evals/facts/labelled.jsonl`` (rules in ``evals/facts/README.md``) and
prints, for each language and fact kind, the support (labelled facts),
precision and recall, then the overall rows, then every error (a missed or a
spurious fact, with its sentence) unless ``--no-errors`` is given.  The
scoring is the one tests/test_facts_labelled.py asserts (micro-averaged,
(kind, value) multisets per sentence; target 0.95 each per language).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_facts_labelled import KINDS, TARGET, load_cases, score  # noqa: E402


def main(argv: list[str]) -> int:
    cases = load_cases()
    start = time.perf_counter()
    tallies = score(cases)
    elapsed = time.perf_counter() - start
    langs = sorted({c.lang for c in cases}, reverse=True)
    print(
        f"{len(cases)} sentences: "
        + ", ".join(f"{sum(c.lang == lang for c in cases)} {lang}" for lang in langs)
        + f"; scored in {elapsed:.2f} s\n"
    )
    print(f"{'lang':<5} {'kind':<8} {'support':>7} {'found':>6} {'precision':>9} {'recall':>7}")
    for lang in [*langs, "all"]:
        for kind in [*KINDS, "all"]:
            tally = tallies.get((lang, kind))
            if tally is None:
                continue
            print(
                f"{lang:<5} {kind:<8} {tally.support:>7} {tally.tp + tally.fp:>6} "
                f"{tally.precision:>9.3f} {tally.recall:>7.3f}"
            )
        print()
    failing = [
        lang
        for lang in langs
        if min(tallies[lang, "all"].precision, tallies[lang, "all"].recall) < TARGET
    ]
    if "--no-errors" not in argv:
        errors = tallies["all", "all"].errors
        print(f"{len(errors)} errors" + (":" if errors else ""))
        for error in errors:
            print("  " + error)
    if failing:
        print(f"\nbelow the {TARGET} target: {', '.join(failing)}")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
