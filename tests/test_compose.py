"""The extractive composer: grounded, ordered, joined, trimmed, honest about gaps."""

from __future__ import annotations

import pytest

from drafter.compose.base import ComposeContext, get_composer
from drafter.compose.extractive import ExtractiveComposer, trim
from drafter.errors import ConfigError
from drafter.ingest.facts import extract_facts, fact_values
from drafter.types import Evidence, Recommendation, Source

REC = Recommendation(number=1, label="建议一", text="加大对软件企业的资金支持力度")
SRC = Source(path="p.txt", title="若干措施", kind="policy", date="2022-03-01")


def ev(i: str, text: str, relevance: float, lexical: float = 0.3) -> Evidence:
    """Evidence that shares ``lexical`` of the recommendation's words (by default, enough)."""
    return Evidence(id=i, text=text, score=0.8 + relevance, relevance=relevance, lexical=lexical,
                    source=SRC, facts=extract_facts(text))


def test_orders_done_before_next_with_connectives_and_cites_everything() -> None:
    evidence = [
        ev("a", "下一步，我局将继续加大对软件企业的支持力度，力争到2025年产值突破1500亿元。", 0.10),
        ev("b", "2022年出台产业集群支持政策，新落户支持最高2500万元。", 0.09),
        ev("c", "目前已累计兑现企业成长支持资金共计8600万元。", 0.08),
    ]
    section = ExtractiveComposer().compose(REC, evidence, ComposeContext(heading="关于建议一"))
    texts = [s.text for s in section.sentences]
    assert texts[0].startswith("一是") and "2500万元" in texts[0]
    assert texts[1].startswith("二是") and "8600万元" in texts[1]
    assert texts[2].startswith("下一步，我局将继续")
    assert "下一步，下一步" not in texts[2]
    assert [s.citations for s in section.sentences] == [["b"], ["c"], ["a"]]
    for sent in section.sentences:
        cited = next(e for e in evidence if e.id == sent.citations[0])
        assert fact_values(sent.text) <= fact_values(cited.text)


def test_weak_evidence_is_flagged_not_padded() -> None:
    evidence = [ev("x", "农村公路养护资金每公里补助1万元。", 0.02)]
    section = ExtractiveComposer().compose(REC, evidence, ComposeContext(min_relevance=0.065))
    assert section.weak_evidence and section.sentences == []


def test_far_weaker_evidence_is_left_out() -> None:
    evidence = [ev("a", "新落户支持最高2500万元。", 0.12), ev("b", "开展读书会活动。", 0.04)]
    section = ExtractiveComposer().compose(REC, evidence, ComposeContext())
    assert [s.citations for s in section.sentences] == [["a"]]
    assert not section.sentences[0].text.startswith("一是"), "one measure needs no 一是"


def test_length_budget_and_measure_cap() -> None:
    evidence = [ev(str(i), f"第{i}项措施：支持企业开展研发活动，给予资助资金{i}00万元。", 0.1)
                for i in range(1, 9)]
    ctx = ComposeContext(max_measures=3, char_budget=2000)
    assert len(ExtractiveComposer().compose(REC, evidence, ctx).sentences) == 3
    tight = ComposeContext(max_measures=8, char_budget=70)
    assert len(ExtractiveComposer().compose(REC, evidence, tight).sentences) == 2


def test_trim_cuts_at_a_clause_and_strips_enumeration() -> None:
    long = "二是" + "，".join(f"第{i}类企业给予支持" for i in range(40)) + "。"
    cut = trim(long, "zh", limit=60)
    assert not cut.startswith("二是") and cut.endswith("。") and len(cut) <= 61
    assert cut.rstrip("。") in long
    assert trim("（三）落实研发费用加计扣除政策", "zh") == "落实研发费用加计扣除政策。"
    assert (trim("下一步，我局将重点推进以下工作：一是梳理紧缺人才目录，开展精准引才；", "zh")
            == "梳理紧缺人才目录，开展精准引才。")
    assert trim("Secondly, the fund will open in 2025", "en") == "The fund will open in 2025."
    assert trim("- open six hubs in the district;", "en") == "Open six hubs in the district."


def test_english_runs_as_plain_prose_done_then_next() -> None:
    evidence = [ev("e2", "We will open a second hub by 2026.", 0.1),
                ev("e1", "The Council has funded 250 training places.", 0.09)]
    section = ExtractiveComposer().compose(REC, evidence, ComposeContext(lang="en"))
    assert section.sentences[0].text == "The Council has funded 250 training places."
    assert section.sentences[1].text == "We will open a second hub by 2026."


def test_unknown_composer_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="extractive"):
        get_composer("poet")


def test_problem_statements_are_not_cited_as_measures() -> None:
    evidence = [
        ev("p", "我区软件产业仍存在龙头企业数量偏少、开源生态处于起步阶段等问题。", 0.10),
        ev("m", "对新落户企业给予新落户支持最高2500万元。", 0.09),
    ]
    section = ExtractiveComposer().compose(REC, evidence, ComposeContext())
    assert [s.citations for s in section.sentences] == [["m"]]


@pytest.mark.parametrize("text", [
    "加快建设开源孵化载体。",
    "The Council should increase the number of Innovation Vouchers to 1,000 a year.",
    "Digital skills provision should be close to where people live. (Paragraph 24)",
    "该建议有利于引导银行扩大信用贷款投放。经研究，市级层面已设立风险补偿资金。",
])
def test_headings_quoted_recommendations_and_stance_remarks_are_not_cited(text: str) -> None:
    good = ev("m", "对新落户企业给予新落户支持最高2500万元。", 0.09)
    section = ExtractiveComposer().compose(REC, [ev("x", text, 0.10), good], ComposeContext())
    assert [s.citations for s in section.sentences] == [["m"]]


def test_high_similarity_is_cited_even_when_the_corpus_baseline_is_high() -> None:
    road = Evidence(id="r", score=0.93, relevance=0.04, source=SRC,
                    text="按照一个村小组至少有一条通村硬化路的目标，大力解决群众出行难问题。")
    section = ExtractiveComposer().compose(REC, [road], ComposeContext())
    assert [s.citations for s in section.sentences] == [["r"]]
    low = road.model_copy(update={"score": 0.90})
    assert ExtractiveComposer().compose(REC, [low], ComposeContext()).weak_evidence


@pytest.mark.parametrize("text", [
    "目前主要是在修建全县还未通硬化路的进村路，你所提的建议暂不能解决。",
    "你建议中所提的道路属于村小组与村小组之间的连接道路，暂时不能解决。",
])
def test_a_reply_to_someone_else_is_not_cited(text: str) -> None:
    section = ExtractiveComposer().compose(REC, [ev("o", text, 0.10)], ComposeContext())
    assert section.weak_evidence


def test_borderline_evidence_needs_the_recommendations_words() -> None:
    ctx = ComposeContext(heading="关于建议一")
    loose = ev("x", "定期在部门网站公布工作进展情况，每半年公布一次。", 0.07, lexical=0.02)
    assert not ExtractiveComposer().compose(REC, [loose], ctx).sentences  # padding: flagged
    close = ev("y", "对软件企业给予研发投入支持，最高500万元。", 0.07, lexical=0.3)
    assert ExtractiveComposer().compose(REC, [close], ctx).sentences[0].citations == ["y"]
    strong = ev("z", "对软件企业给予研发投入支持，最高500万元。", 0.12, lexical=0.0)
    assert ExtractiveComposer().compose(REC, [strong], ctx).sentences  # a paraphrase, clearly close
