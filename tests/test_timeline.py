"""Time in evidence: targets are not results, the newest status wins, passed deadlines are noted."""

from __future__ import annotations

import datetime as dt

from drafter.compose.base import ComposeContext
from drafter.compose.extractive import ExtractiveComposer
from drafter.compose.timeline import (
    due_year,
    is_later,
    is_target,
    newest_status,
    same_programme,
    target_due,
)
from drafter.ingest.facts import extract_facts
from drafter.reply import assemble
from drafter.types import Evidence, Proposal, Recommendation, Source


def _ev(eid: str, text: str, date: str = "2023-01-01", kind: str = "reply",
        section: str = "", title: str = "某文件") -> Evidence:
    return Evidence(id=eid, text=text, score=0.95, relevance=0.2,
                    source=Source(path=f"{eid}.txt", title=title, kind=kind, date=date,
                                  section=section),
                    facts=extract_facts(text, "zh"))


STATUS_2023 = _ev("a", "目前已确定首批试点学校12所，"
                       "其中9所已建成开源创新实验室并开设编程教育课程。", "2023-07-12")
STATUS_2024 = _ev("b", "区教育局推进开源鸿蒙进校园，20所试点学校已全部确定，"
                       "其中18所已建成开源创新实验室。", "2024-06-20")
OTHER = _ev("c", "对企业与高等院校共建的联合培养基地，给予一次性最高50万元支持。", "2021-06-18")
GOAL = _ev("d", "云岭国际开源谷入驻企业达到200家，累计孵化开源项目50个以上。", "2022-11-18",
           kind="policy", section="二、发展目标", title="软件产业集群行动计划（2022-2025年）")


def test_an_older_status_of_the_same_programme_gives_way_to_the_newer() -> None:
    assert same_programme(STATUS_2023, STATUS_2024)
    assert not same_programme(STATUS_2023, OTHER)
    kept, dropped = newest_status([STATUS_2023, OTHER, STATUS_2024])
    assert [e.id for e in kept] == ["c", "b"]
    assert [(old.id, new.id) for old, new in dropped] == [("a", "b")]


def test_the_same_figures_or_an_undated_passage_are_kept() -> None:
    undated = STATUS_2023.model_copy(update={"source": STATUS_2023.source.model_copy(
        update={"date": ""})})
    kept, dropped = newest_status([undated, STATUS_2024])
    assert len(kept) == 2 and not dropped


def test_targets_are_plans_whatever_their_verb() -> None:
    assert is_target(GOAL) and is_later(GOAL, "zh")  # under a plan's 发展目标
    dated = _ev("e", "到2025年，全区建成校企联合培养基地10个。")
    assert is_target(dated) and due_year(dated.text) == 2025
    assert not is_target(OTHER) and not is_later(OTHER, "zh")
    assert target_due(GOAL) == 2025  # the plan's last year
    assert due_year("by 2026, every village should have 5G coverage") == 2026


def test_the_extractive_composer_writes_a_target_as_a_target() -> None:
    rec = Recommendation(number=1, label="建议一", text="加快开源产业集聚")
    section = ExtractiveComposer().compose(rec, [OTHER, GOAL],
                                           ComposeContext(lang="zh", heading="关于建议一"))
    texts = [s.text for s in section.sentences]
    assert texts[-1].startswith("相关规划提出的目标是：云岭国际开源谷入驻企业达到200家")
    assert not any(t.startswith("下一步") and "200家" in t for t in texts)


def test_a_cited_target_whose_year_has_passed_is_noted() -> None:
    rec = Recommendation(number=1, label="建议一", text="加快开源产业集聚")
    section = ExtractiveComposer().compose(rec, [GOAL],
                                           ComposeContext(lang="zh", heading="关于建议一"))
    proposal = Proposal(title="关于加快开源产业集聚的建议", recommendations=[rec])
    late = assemble(proposal, [section], {"d": GOAL}, today=dt.date(2026, 3, 1))
    assert any("目标期限（2025年）已过" in n for n in late.editor_notes)
    early = assemble(proposal, [section], {"d": GOAL}, today=dt.date(2024, 3, 1))
    assert not any("目标期限" in n for n in early.editor_notes)
