"""The frame of a reply: salutation, opening, closing, notes."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.reply import assemble
from drafter.types import Proposal, Recommendation

REC = [Recommendation(number=1, label="建议一", text="加强近视防控")]


@pytest.mark.parametrize(("proposers", "role", "session", "expected"), [
    (["陈立新", "刘晓燕"], "委员", "区政协六届四次会议", "尊敬的陈立新、刘晓燕委员："),
    (["许文斌"], "", "区六届人大四次会议", "尊敬的许文斌代表："),
    (["九三学社澄湖区委员会"], "委员", "澄湖区政协五届四次会议", "尊敬的九三学社澄湖区委员会："),
    (["阿依古丽·买买提"], "代表", "", "尊敬的阿依古丽·买买提代表："),
    ([], "", "区政协六届四次会议", "尊敬的委员："),
])
def test_salutation(proposers: list[str], role: str, session: str, expected: str) -> None:
    p = Proposal(title="关于加强近视防控的提案", number="第0102号", session=session,
                 proposers=proposers, proposer_role=role, recommendations=REC)
    draft = assemble(p, [], {}, issuer="澄湖区教育局", today=dt.date(2026, 1, 5))
    assert draft.salutation == expected
    assert draft.date == "2026年1月5日"
    assert draft.title == f"关于{session}第0102号《关于加强近视防控的提案》的答复"
    assert "《关于加强近视防控的提案》（第0102号）已收悉" in draft.opening
    if not proposers:
        assert any("提案人" in n for n in draft.editor_notes)


def test_english_frame_and_placeholder_issuer() -> None:
    p = Proposal(title="Report on Digital Skills", lang="en", proposers=["Scrutiny Committee"],
                 recommendations=[Recommendation(number=1, label="Recommendation 1", text="x")])
    draft = assemble(p, [], {}, today=dt.date(2026, 11, 27))
    assert draft.salutation == "Dear Chair,"  # a committee is written to through its chair
    assert draft.date == "27 November 2026"
    assert draft.issuer == "[Responding body]"
    assert any("responding body" in n for n in draft.editor_notes)


def test_plans_quoted_from_old_documents_are_noted() -> None:
    from drafter.types import Evidence, Section, Sentence, Source

    old = Evidence(id="e1", text="下一步，我局将推动共建实训基地。", score=0.9,
                   source=Source(path="r.txt", title="关于第32号建议的答复", date="2022-06-15"))
    done = Evidence(id="e2", text="已认定校企联合培养基地8个。", score=0.9,
                    source=Source(path="r.txt", title="关于第32号建议的答复", date="2022-06-15"))
    section = Section(recommendation=1, heading="关于建议一", sentences=[
        Sentence(text="已认定校企联合培养基地8个。", citations=["e2"]),
        Sentence(text="下一步，推动共建实训基地。", citations=["e1"])])
    p = Proposal(title="关于人才的提案", proposers=["马文博"], recommendations=REC)
    draft = assemble(p, [section], {"e1": old, "e2": done}, today=dt.date(2026, 11, 27))
    stale = [n for n in draft.editor_notes if "可能已经落实" in n]
    assert len(stale) == 1 and "2022-06-15" in stale[0]


def test_a_measure_from_a_superseded_policy_is_noted_once() -> None:
    from drafter.types import Evidence, Section, Sentence, Source

    src = Source(path="p.txt", title="云岭区数据要素市场培育办法（2021年修订）", kind="policy")
    old = Evidence(id="e1", text="对数据交易平台给予补贴。", score=0.9, source=src,
                   superseded_by="云岭区数据要素市场培育办法（2023年修订）")
    section = Section(recommendation=1, heading="关于建议一", sentences=[
        Sentence(text="对数据交易平台给予补贴。", citations=["e1"]),
        Sentence(text="对数据资产评估给予补贴。", citations=["e1"])])
    p = Proposal(title="关于数据要素的提案", proposers=["马文博"], recommendations=REC)
    draft = assemble(p, [section], {"e1": old}, today=dt.date(2026, 11, 27))
    notes = [n for n in draft.editor_notes if "已由" in n]
    assert notes == ["关于建议一：所引《云岭区数据要素市场培育办法（2021年修订）》已由"
                     "《云岭区数据要素市场培育办法（2023年修订）》取代，请核实该措施是否仍然有效。"]
    current = old.model_copy(update={"superseded_by": ""})
    draft = assemble(p, [section], {"e1": current}, today=dt.date(2026, 11, 27))
    assert not [n for n in draft.editor_notes if "已由" in n]
