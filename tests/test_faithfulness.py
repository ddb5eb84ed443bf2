"""The deterministic checker: facts compared by normalised value."""

from __future__ import annotations

import pytest

from drafter.faithfulness import unsupported
from drafter.ingest.facts import extract_facts


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
