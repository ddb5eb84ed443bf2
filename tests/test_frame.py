"""The frame of a reply from the proposal: title, salutation, opening, in every form."""

from __future__ import annotations

import pytest

from drafter.frame import dear, frame_en, frame_zh, role
from drafter.proposal import parse_proposal
from drafter.types import Proposal


@pytest.mark.parametrize(("proposers", "co", "role_", "kind", "expected"), [
    (["市工商联"], [], "委员", "提案", "尊敬的市工商联："),
    (["民革市委会", "民盟市委会"], [], "", "提案", "尊敬的民革市委会、民盟市委会："),
    (["农工党澄湖区第一支部"], [], "委员", "提案", "尊敬的农工党澄湖区第一支部："),
    (["经济界别"], [], "委员", "提案", "尊敬的经济界别："),
    (["马关县代表团"], [], "代表", "建议", "尊敬的马关县代表团："),
    (["张三", "李四"], [], "委员", "提案", "尊敬的张三、李四委员："),
    (["民革市委会", "张三"], [], "委员", "提案", "尊敬的民革市委会、张三委员："),
    (["王五"], ["赵六", "钱七"], "代表", "建议", "尊敬的王五、赵六、钱七代表："),
    (["甲一", "乙二", "丙三", "丁四", "戊五", "己六"], [], "代表", "建议", "尊敬的甲一等6位代表："),
    ([], [], "", "建议", "尊敬的代表："),
    ([], [], "", "提案", "尊敬的委员："),
])
def test_salutation_addresses_bodies_as_bodies(
    proposers: list[str], co: list[str], role_: str, kind: str, expected: str
) -> None:
    p = Proposal(title="关于加强近视防控的提案", proposers=proposers, co_proposers=co,
                 proposer_role=role_, kind=kind)  # type: ignore[arg-type]
    assert frame_zh(p)[1] == expected


def test_a_body_is_thanked_as_a_body() -> None:
    p = Proposal(title="关于支持民营经济的提案", proposers=["市工商联"], kind="提案")
    opening = frame_zh(p)[2]
    assert opening.startswith("衷心感谢贵单位")
    assert "贵单位提出的《关于支持民营经济的提案》" in opening


@pytest.mark.parametrize(("p", "title"), [
    (Proposal(title="加强对通村公路的管理", number="58", session="县十八届人大一次会议",
              kind="建议"), "关于县十八届人大一次会议第58号《加强对通村公路的管理》的答复"),
    (Proposal(number="第0058号", session="区政协六届二次会议", kind="提案"),
     "关于区政协六届二次会议第0058号提案的答复"),
    (Proposal(number="闭18号", kind="建议"), "关于闭18号建议的答复"),
    (Proposal(title="关于解决饮水困难的议案", number="第4号", kind="议案"),
     "关于第4号《关于解决饮水困难的议案》的答复"),
])
def test_title_names_the_kind_and_keeps_the_number(p: Proposal, title: str) -> None:
    assert frame_zh(p)[0] == title


def test_the_opening_names_the_proposal_by_title_or_by_number() -> None:
    titled = Proposal(title="关于加强通村公路管理的建议", number="第58号",
                      session="县十八届人大一次会议", kind="建议", proposers=["王五"])
    assert "您在县十八届人大一次会议提出的《关于加强通村公路管理的建议》（第58号）已收悉" in (
        frame_zh(titled)[2])
    untitled = titled.model_copy(update={"title": ""})
    assert "您在县十八届人大一次会议提出的第58号建议已收悉" in frame_zh(untitled)[2]


def test_kind_gives_the_role_when_the_text_does_not() -> None:
    assert role(Proposal(kind="提案")) == "委员"
    assert role(Proposal(kind="建议")) == "代表"
    assert role(Proposal(kind="议案")) == "代表"
    assert role(Proposal(kind="提案", proposer_role="代表")) == "代表"


@pytest.mark.parametrize(("chair", "greeting"), [
    ("Rt Hon Robert Halfon MP", "Robert Halfon"),
    ("Ms Jane Smith", "Ms Smith"),
    ("Dr Sarah Wollaston MP", "Dr Wollaston"),
    ("Sir Bernard Jenkin MP", "Sir Bernard"),
    ("Baroness Hayter of Kentish Town", "Baroness Hayter"),
    ("Lord Norton of Louth", "Lord Norton"),
])
def test_the_chair_is_greeted_by_name(chair: str, greeting: str) -> None:
    assert dear(chair) == greeting


def test_english_frame_names_the_report_and_its_committee() -> None:
    p = Proposal(lang="en", title="Evidence check: Grammar schools",
                 committee="Education Committee", number="HC 780", kind="report",
                 proposers=["Education Committee"])
    title, salutation, opening, _ = frame_en(p)
    assert title == ("Government Response to the Education Committee's report "
                     "'Evidence check: Grammar schools'")
    assert salutation == "Dear Chair,"
    assert "(HC 780)" in opening
    p = p.model_copy(update={"chair": "Rt Hon Robert Halfon MP"})
    assert frame_en(p)[1] == "Dear Robert Halfon,"
    assert frame_en(p, issuer="Westmere County Council")[0].startswith("Council Response")


def test_a_councillors_motion_is_answered_to_the_councillor() -> None:
    p = parse_proposal("Councillor Margaret Ellison\nMember for Abbey Ward\n\n"
                       "Motion on street lighting in Abbey Ward\n\n"
                       "This council asks the Cabinet Member to restore full street lighting.")
    assert frame_en(p)[1] == "Dear Councillor Margaret Ellison,"


def test_a_body_heading_is_never_the_title() -> None:
    """ "The Senate" over a committee report is the body, not the report's title."""
    p = parse_proposal("The Senate\nStanding Committee on Rural Affairs\n\n"
                       "Report on rural health services\n\nSummary\n\n"
                       "Recommendation 1: The Government should fund rural clinics.\n"
                       "Recommendation 2: The Government should train rural nurses.\n")
    assert p.title == "Report on rural health services"
    assert p.committee == "Standing Committee on Rural Affairs"
    title, salutation, _, _ = frame_en(p)
    assert "The Senate" not in title and salutation == "Dear Chair,"


REPORT = ("Report on rural buses\nTransport Committee\n\nRecommendations\n"
          "1. The Council should fund evening buses.\n"
          "2. The Council should pilot demand-responsive transport.\n")


@pytest.mark.parametrize(("top", "end", "chair", "greeting"), [
    ("", "\nRt Hon Jane Smith MP\nChair of the Committee\n", "Rt Hon Jane Smith MP",
     "Dear Jane Smith,"),
    ("Chair: Ms Jane Smith\n", "", "Ms Jane Smith", "Dear Ms Smith,"),
    ("Cllr Peter Hughes (Chair)\n", "", "Cllr Peter Hughes", "Dear Councillor Hughes,"),
    ("", "\nDr Sarah Jones, Chair, Transport Committee\n", "Dr Sarah Jones", "Dear Dr Jones,"),
    ("", "", "", "Dear Chair,"),
])
def test_the_chair_is_read_where_the_report_names_one(
    top: str, end: str, chair: str, greeting: str
) -> None:
    p = parse_proposal(top + REPORT + end)
    assert (p.chair, p.committee) == (chair, "Transport Committee")
    assert frame_en(p)[1] == greeting
    assert p.recommendations[-1].text == "The Council should pilot demand-responsive transport."
