"""The frame drafter reads from every real proposal, UK response and 泸西 notice.

``evals/real/frames.jsonl`` holds, for each such file of ``../shared/data/real``,
the frame read from its text alone (the rule is in ``evals/real/FRAMES.md``):
the proposal's title, number, session, kind, proposers, the committee and chair
of an English report, and the salutation and title of the reply drafted to it.
Each file is parsed from its body (header stripped, as a user's file arrives)
and every field must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drafter.frame import frame_en, frame_zh
from drafter.proposal import parse_proposal
from tests.test_real_replies import REAL, read_body

LABELS = Path(__file__).resolve().parents[1] / "evals" / "real" / "frames.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()
]
FIELDS = ("title", "number", "session", "kind", "proposers", "committee", "chair")

needs_data = pytest.mark.skipif(not REAL.is_dir(), reason=f"real test data not present at {REAL}")


def test_every_real_proposal_and_response_is_labelled() -> None:
    """Labels cover every proposal, every UK response and each notice with a proposal."""
    files = {case["file"] for case in CASES}
    assert len(files) == len(CASES)
    if REAL.is_dir():
        wanted = {p.relative_to(REAL).as_posix() for p in REAL.glob("proposal/*.txt")}
        wanted |= {p.relative_to(REAL).as_posix() for p in REAL.glob("en_response/*.txt")}
        notices = {p.relative_to(REAL).as_posix() for p in REAL.glob("reply/yn_luxi_*.txt")
                   if "建议标题" in p.read_text(encoding="utf-8")}
        assert wanted | notices == files


@needs_data
@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_the_frame_read_from_a_real_file(case: dict[str, Any]) -> None:
    p = parse_proposal(read_body(REAL / case["file"]), case["file"])
    assert p.lang == case["lang"]
    got = {f: getattr(p, f) for f in FIELDS if f in case}
    assert got == {f: case[f] for f in FIELDS if f in case}
    title, salutation, _, _ = (frame_en if p.lang == "en" else frame_zh)(p)
    assert (salutation, title) == (case["salutation"], case["reply_title"])
