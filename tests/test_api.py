"""The public surface of the library."""

from __future__ import annotations

import drafter
from drafter import Drafter

from .conftest import EXAMPLES


def test_all_is_sorted_and_complete() -> None:
    assert drafter.__all__ == sorted(drafter.__all__)
    for name in drafter.__all__:
        assert hasattr(drafter, name), name


def test_library_round_trip(drafter_sample: Drafter) -> None:
    proposal = drafter_sample.parse(EXAMPLES / "zh_inline_yishi.txt")
    assert len(proposal.recommendations) >= 2
    draft = drafter_sample.draft(proposal)
    assert draft.to_markdown().startswith("# ")
    assert draft.to_dict()["proposal"]["recommendations"][0]["number"] == 1
    text = (EXAMPLES / "zh_inline_yishi.txt").read_text(encoding="utf-8")
    assert len(drafter_sample.draft(text).sections) == len(proposal.recommendations)
