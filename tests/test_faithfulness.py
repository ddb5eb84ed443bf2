"""The deterministic checker: facts compared by normalised value."""

from __future__ import annotations

import pytest

from drafter.faithfulness import check_reply, unsupported
from drafter.ingest.facts import extract_facts
from drafter.types import (
    DraftReply,
    Evidence,
    Proposal,
    Recommendation,
    Section,
    Sentence,
    Source,
)


@pytest.mark.parametrize(("sentence", "source", "bad"), [
    ("给予最高3万元支持。", "给予最高13万元支持。", ["3万元"]),
    ("给予最高2500万元支持。", "单个企业累计最高二千五百万元。", []),
    ("贴息比例不超过30%。", "贴息比例不超过百分之三十。", []),
    ("覆盖160所高校。", "覆盖全国超过160所高校近250名教师。", []),
    ("覆盖16所高校。", "覆盖全国超过160所高校。", ["16所"]),
    ("2023年出台。", "2022年出台。", ["2023年"]),
    ("落实《云岭区人才实施办法》。", "根据《云岭区人才实施办法》，给予补贴。", []),
    ("落实《云岭区人才实施细则》。", "根据《云岭区人才实施办法》，给予补贴。",
     ["云岭区人才实施细则"]),
    ("The fund is £40 million.", "A £40m programme was announced.", []),
    ("The fund is £4 million.", "A £40m programme was announced.", ["£4 million"]),
])
def test_facts_are_compared_by_value(sentence: str, source: str, bad: list[str]) -> None:
    assert unsupported(extract_facts(sentence), source) == bad


def _draft(sections: list[tuple[int, str, int]], recs: int = 3) -> DraftReply:
    """A draft answering ``recs`` recommendations with (recommendation, stance, sentences)."""
    ev = Evidence(id="E1", text="给予最高30万元支持。", score=1.0,
                  source=Source(path="p.txt", title="云岭区若干措施"))
    proposal = Proposal(recommendations=[
        Recommendation(number=i, label=f"{i}.", text=f"建议{i}") for i in range(1, recs + 1)])
    return DraftReply(proposal=proposal, evidence={"E1": ev}, sections=[
        Section(recommendation=n, heading=f"关于建议{n}", stance=stance,  # type: ignore[arg-type]
                sentences=[Sentence(text="给予最高30万元支持。", citations=["E1"])] * k)
        for n, stance, k in sections])


def test_coverage_counts_recommendations_answered_exactly_once() -> None:
    report = check_reply(_draft([(1, "adopted", 1), (2, "undecided", 1), (2, "noted", 1),
                                 (3, "partly", 0)]))
    assert report.recommendations == 3
    assert report.answered == 1  # 2 is answered twice, 3 has no sentences
    assert report.coverage == pytest.approx(1 / 3, abs=1e-4)
    assert report.stance_present == 1.0


def test_stance_share_is_over_answered_sections_and_none_when_no_stance_is_proposed() -> None:
    mixed = check_reply(_draft([(1, "adopted", 1), (2, "undecided", 1), (3, "noted", 2)]))
    assert mixed.answered == 3 and mixed.coverage == 1.0
    assert mixed.stance_present == pytest.approx(2 / 3, abs=1e-4)
    undecided = check_reply(_draft([(1, "undecided", 1), (2, "undecided", 1)]))
    assert undecided.stance_present is None
    assert undecided.uncited_sentences == 0
    nothing = check_reply(_draft([], recs=0))
    assert nothing.coverage is None and nothing.stance_present is None
