"""The eval gate under pytest, for a CI that gates an LLM or embedder upgrade.

    DRAFTER_EVAL_BASELINE=evals/configs/baseline.toml \\
    DRAFTER_EVAL_CANDIDATE=my-candidate.toml  pytest evals/test_gate.py

Each variable names an eval configuration (run now, over the golden cases in
``evals/drafting/``) or a result saved by ``drafter eval`` (``.json``).  The
test fails, with the Markdown report as its message, when the candidate's
fact grounding or coverage is worse beyond the bootstrap interval or it
states an unsupported fact the baseline did not.  Without the variables it is
skipped, saying why; the project's own test suite does not collect this folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.eval_cli import run_or_load
from drafter.evaluation import load_cases
from drafter.gate import assert_no_regression

ROOT = Path(__file__).resolve().parent.parent
CASES = [ROOT / "evals" / "drafting" / "sample.jsonl", ROOT / "evals" / "drafting" / "real.jsonl"]


def test_candidate_does_not_regress() -> None:
    baseline = os.environ.get("DRAFTER_EVAL_BASELINE")
    candidate = os.environ.get("DRAFTER_EVAL_CANDIDATE")
    if not baseline or not candidate:
        pytest.skip("set DRAFTER_EVAL_BASELINE and DRAFTER_EVAL_CANDIDATE (eval configurations "
                    "or saved results) to run the gate")
    cases = [c for path in CASES if path.is_file() for c in load_cases(path)]
    base = run_or_load(Path(baseline), cases, checker=False, store=None, progress=None)
    cand = run_or_load(Path(candidate), cases, checker=False, store=None, progress=None)
    assert_no_regression(base, cand,
                         resamples=int(os.environ.get("DRAFTER_EVAL_RESAMPLES", "10000")))
