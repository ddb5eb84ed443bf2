"""Check ``evals/real/judgements.jsonl`` against the cases.

Every line must be a JSON object with ``case``, ``rec``, ``text`` and
``label``; the label one of ``answers``, ``related``, ``off``; the case and
its recommendation present in ``cases.jsonl``; the text not empty; a ``why``
only on an ``answers`` line; and no passage judged twice for the same
recommendation. Run from the repository root::

    python evals/real/check_judgements.py            # check; exit 1 on any error
    python evals/real/check_judgements.py --counts   # and print the counts by language
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.jsonl"
JUDGEMENTS = HERE / "judgements.jsonl"
LABELS = ("answers", "related", "off")
FIELDS = {"case", "rec", "text", "label"}


def _lines(path: Path) -> list[tuple[int, str]]:
    return [
        (n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.strip()
    ]


def load_recommendations(path: Path = CASES) -> dict[tuple[str, int], str]:
    """The language of every (case id, recommendation number) of the cases."""
    out: dict[tuple[str, int], str] = {}
    for _, line in _lines(path):
        case = json.loads(line)
        for rec in case["recommendations"]:
            out[(case["id"], int(rec["number"]))] = case["lang"]
    return out


def judgement_errors(n: int, raw: Any, recs: dict[tuple[str, int], str]) -> list[str]:
    """What is wrong with the judgement on line ``n`` (nothing when it is valid)."""
    if not isinstance(raw, dict):
        return [f"line {n}: not a JSON object"]
    missing = FIELDS - raw.keys()
    extra = raw.keys() - FIELDS - {"why"}
    errors = [f"line {n}: missing {', '.join(sorted(missing))}"] if missing else []
    errors += [f"line {n}: unknown field {', '.join(sorted(extra))}"] if extra else []
    if missing:
        return errors
    if raw["label"] not in LABELS:
        errors.append(f"line {n}: label {raw['label']!r} is not one of {', '.join(LABELS)}")
    if not isinstance(raw["rec"], int) or (raw["case"], raw["rec"]) not in recs:
        errors.append(f"line {n}: no recommendation {raw['rec']!r} in case {raw['case']!r}")
    if not isinstance(raw["text"], str) or not raw["text"].strip():
        errors.append(f"line {n}: empty text")
    if "why" in raw and raw["label"] != "answers":
        errors.append(f"line {n}: 'why' on a {raw['label']!r} judgement")
    return errors


def main(argv: list[str] | None = None) -> int:
    """Check the judgements (and print the counts when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", action="store_true")
    args = parser.parse_args(argv)
    recs = load_recommendations()
    errors: list[str] = []
    seen: dict[tuple[str, int, str], int] = {}
    counts: Counter[tuple[str, str]] = Counter()
    lines = _lines(JUDGEMENTS)
    for n, line in lines:
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: not JSON ({exc})")
            continue
        found = judgement_errors(n, raw, recs)
        errors += found
        if found:
            continue
        key = (raw["case"], raw["rec"], raw["text"])
        if key in seen:
            errors.append(f"line {n}: judged already on line {seen[key]}")
        seen[key] = n
        counts[(recs[(raw["case"], raw["rec"])], raw["label"])] += 1
    if args.counts:
        for lang in sorted({lang for lang, _ in counts}):
            row = ", ".join(f"{label} {counts[(lang, label)]}" for label in LABELS)
            print(f"{lang}: {row}")
    for error in errors:
        print("ERROR", error, file=sys.stderr)
    print(f"{len(lines)} judgements, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
