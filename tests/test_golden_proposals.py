"""Golden proposals: exact recommendation count and boundaries on every file.

``tests/data/proposals/`` holds proposals written for the project (Chinese
提案/建议 of fictional places and English committee reports), one numbering
form or trap per file; ``expected.json`` says, for each file, how many
recommendations it holds, how each one's text begins (after its label) and,
where given, how it ends, what it must and must not contain, how many points
it has, and the header fields.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drafter.errors import InputError
from drafter.proposal import parse_proposal
from drafter.types import Proposal

DATA = Path(__file__).resolve().parent / "data" / "proposals"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (DATA / "expected.json").read_text(encoding="utf-8")
)
CLOSINGS = (
    "以上建议",
    "以上提案",
    "以上意见",
    "此致",
    "敬礼",
    "妥否",
    "当否",
    "请予审议",
    "Yours sincerely",
    "Yours faithfully",
)
HEADER_KEYS = ("title", "number", "proposers", "recipient")


def _parse(name: str) -> Proposal:
    return parse_proposal((DATA / name).read_text(encoding="utf-8"), source_path=name)


def test_the_golden_set_is_complete() -> None:
    """Every file has an expectation and every expectation a file; at least 40 cases."""
    files = {p.name for p in DATA.glob("*.txt")}
    assert files == set(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_count_and_numbering(name: str) -> None:
    exp = EXPECTED[name]
    p = _parse(name)
    got = [(r.label, r.text[:30]) for r in p.recommendations]
    assert len(p.recommendations) == exp["recommendations"], got
    assert [r.number for r in p.recommendations] == list(range(1, exp["recommendations"] + 1))
    assert p.numbering_found is exp["numbering_found"]
    assert p.numbering == exp["numbering"]
    assert len(exp["first_chars"]) == exp["recommendations"]  # the expectation itself


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_boundaries(name: str) -> None:
    """Each recommendation starts where expected and stops before the next one."""
    exp = EXPECTED[name]
    recs = _parse(name).recommendations
    assert len(recs) == exp["recommendations"]
    firsts: list[str] = exp["first_chars"]
    for k, (rec, first) in enumerate(zip(recs, firsts, strict=True)):
        assert rec.text.startswith(first), (k + 1, rec.label, rec.text[:40])
        for later in firsts[k + 1 :]:
            assert later not in rec.text, (k + 1, "runs into a later recommendation", later)
        for closing in CLOSINGS:
            assert closing not in rec.text, (k + 1, "runs into the closing", closing)
    for k, (rec, last) in enumerate(zip(recs, exp.get("last_chars", []), strict=False)):
        assert rec.text.endswith(last), (k + 1, rec.text[-40:])
    for key, needles in exp.get("contains", {}).items():
        for needle in needles:
            assert needle in recs[int(key) - 1].text, (key, needle, recs[int(key) - 1].text)
    for needle in exp.get("absent", []):
        for k, rec in enumerate(recs, 1):
            assert needle not in rec.text, (k, needle, rec.text)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "points" in EXPECTED[n]))
def test_nested_points(name: str) -> None:
    """The inner level of nested numbering becomes each recommendation's points."""
    recs = _parse(name).recommendations
    assert [len(r.points) for r in recs] == EXPECTED[name]["points"]
    for rec in recs:
        for point in rec.points:
            assert point and point in rec.text


@pytest.mark.parametrize(
    "name", sorted(n for n in EXPECTED if any(k in EXPECTED[n] for k in HEADER_KEYS))
)
def test_header(name: str) -> None:
    exp = EXPECTED[name]
    p = _parse(name)
    for key in HEADER_KEYS:
        if key in exp:
            assert getattr(p, key) == exp[key], key


def test_numbering_labels_without_text_are_refused() -> None:
    with pytest.raises(InputError, match="not look like a proposal"):
        parse_proposal("一、\n二、\n三、\n", source_path="labels.txt")
