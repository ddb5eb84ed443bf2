"""Parse every real reply and proposal in ../shared/data/real and compare the counts.

    python bench/parse_real.py

For each file the manifest lists (policies aside) it prints how many
recommendations the manifest says the text answers, how many the parser
finds, the numbering it saw, the verdict and the parse time; then the
agreement rate over the replies whose manifest gives a plain count.  The
reading of the files and of the manifest is the one tests/test_real_replies.py
uses, so the rate here is the rate that test holds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.proposal import parse_proposal  # noqa: E402
from tests.test_real_replies import REAL, cases, read_body  # noqa: E402


def main() -> int:
    if not REAL.is_dir():
        print(f"no real data at {REAL}")
        return 1
    rows = []
    agree = counted = bounds_ok = bounds = 0
    for case in cases():
        text = read_body(REAL / case.file)
        start = time.perf_counter()
        p = parse_proposal(text, case.file)
        ms = (time.perf_counter() - start) * 1000
        n = len(p.recommendations)
        if case.exact is not None:
            ok = n == case.exact
            verdict = "agree" if ok else "DISAGREE"
            if case.kind != "proposal":
                counted += 1
                agree += ok
        elif case.at_least is not None:
            ok = n >= case.at_least
            verdict = f">={case.at_least} ok" if ok else f"BELOW {case.at_least}"
            bounds += 1
            bounds_ok += ok
        else:
            verdict = "not counted"
        rows.append((case.file, str(case.answered), str(n), p.numbering, verdict, f"{ms:.1f}"))
    head = ("file", "manifest", "found", "numbering", "verdict", "ms")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    rate = agree / counted if counted else 0.0
    print(f"\nagreement on replies with a plain count: {agree}/{counted} = {rate:.1%}")
    print(f"lower bounds met on replies cut short: {bounds_ok}/{bounds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
