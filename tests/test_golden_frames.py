"""Golden proposals: the frame fields the parser reads (kind, session, co-proposers,
signers, committee, chair) and the salutation and title of the reply drafted to it.

``tests/data/proposals/expected.json`` gives them for the files written in the
forms real proposals take (a form's heading, 事由:, 联名:, a number on its own
line, a body as proposer, GAO labels, a committee's chair, a government response);
``tests/test_golden_proposals.py`` checks the recommendations and the title,
number, proposers and recipient of every file.
"""

from __future__ import annotations

from typing import Any

import pytest

from drafter.frame import frame_en, frame_zh
from tests.test_golden_proposals import EXPECTED, _parse

FIELDS = ("kind", "session", "co_proposers", "signers", "committee", "chair")
FRAME = ("salutation", "reply_title")


def _with(keys: tuple[str, ...]) -> list[str]:
    return sorted(n for n, exp in EXPECTED.items() if any(k in exp for k in keys))


def test_the_frame_forms_are_covered() -> None:
    assert len(_with(FIELDS + FRAME)) >= 12


@pytest.mark.parametrize("name", _with(FIELDS + FRAME))
def test_frame_fields(name: str) -> None:
    exp: dict[str, Any] = EXPECTED[name]
    p = _parse(name)
    assert {k: getattr(p, k) for k in FIELDS if k in exp} == {k: exp[k] for k in FIELDS if k in exp}
    title, salutation, _, _ = (frame_en if p.lang == "en" else frame_zh)(p)
    if "salutation" in exp:
        assert salutation == exp["salutation"]
    if "reply_title" in exp:
        assert title == exp["reply_title"]
