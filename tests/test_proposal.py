"""Tests for drafter.proposal: header fields and numbered recommendations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter._numbering import MAX_LINES
from drafter.errors import InputError
from drafter.proposal import parse_proposal
from drafter.types import Proposal

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "data" / "real" / "proposal"
SEED = SHARED / "seeds" / "futian_open_source_reply_2022.txt"
EXAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "examples"


def texts(p: Proposal) -> list[str]:
    return [r.text for r in p.recommendations]


def assert_recs(p: Proposal, starts: list[str], numbering: str | None = None) -> None:
    """Count, numbers 1..n and the first characters of each recommendation."""
    assert len(p.recommendations) == len(starts), texts(p)
    assert [r.number for r in p.recommendations] == list(range(1, len(starts) + 1))
    for rec, start in zip(p.recommendations, starts, strict=True):
        assert rec.text.startswith(start), (rec.label, rec.text[:60], start)
    if numbering is not None:
        assert p.numbering == numbering
        assert p.numbering_found is (numbering != "none")


# --- one form per case: (text, numbering, labels, starts) -------------------------

FORMS = [
    pytest.param(
        "关于加快开源产业发展的建议\n\n建议一：设立开源产业专项资金。\n建议二：建设开源孵化基地。\n"
        "建议三：培养开源人才。",
        "jianyi",
        ["建议一", "建议二", "建议三"],
        ["设立开源", "建设开源", "培养开源"],
        id="jianyi",
    ),
    pytest.param(
        "建议1：加大财政投入。\n建议2：完善考核机制。",
        "jianyi",
        ["建议1", "建议2"],
        ["加大财政", "完善考核"],
        id="jianyi-arabic",
    ),
    pytest.param(
        "关于改善农村道路的提案\n一、加快道路硬化。\n二、完善养护机制。\n三、加强安全管理。",
        "cn_dun",
        ["一、", "二、", "三、"],
        ["加快道路", "完善养护", "加强安全"],
        id="cn_dun",
    ),
    pytest.param(
        "（一）推进数据共享。\n（二）建设统一平台。",
        "cn_paren",
        ["（一）", "（二）"],
        ["推进数据", "建设统一"],
        id="cn_paren-fullwidth",
    ),
    pytest.param(
        "(一)推进数据共享。\n(二)建设统一平台。\n(三)强化安全保障。",
        "cn_paren",
        ["(一)", "(二)", "(三)"],
        ["推进数据", "建设统一", "强化安全"],
        id="cn_paren-ascii",
    ),
    pytest.param(
        "1. 增加公交班次。\n2. 优化线路设置。",
        "arabic",
        ["1.", "2."],
        ["增加公交", "优化线路"],
        id="arabic-dot",
    ),
    pytest.param(
        "1、增加公交班次。\n2、优化线路设置。\n3、延长运营时间。",
        "arabic",
        ["1、", "2、", "3、"],
        ["增加公交", "优化线路", "延长运营"],
        id="arabic-dun",
    ),
    pytest.param(
        "1．增加公交班次。\n2．优化线路设置。",
        "arabic",
        ["1．", "2．"],
        ["增加公交", "优化线路"],
        id="arabic-fullwidth-dot",
    ),
    pytest.param(
        "①建立联席会议制度。\n②设立专项基金。\n③开展年度评估。",
        "circled",
        ["①", "②", "③"],
        ["建立联席", "设立专项", "开展年度"],
        id="circled",
    ),
    pytest.param(
        "第一，加强组织领导。\n第二，加大资金投入。\n第三，强化督查考核。",
        "diyi",
        ["第一", "第二", "第三"],
        ["加强组织", "加大资金", "强化督查"],
        id="diyi-comma",
    ),
    pytest.param(
        "第一、加强组织领导。\n第二、加大资金投入。",
        "diyi",
        ["第一", "第二"],
        ["加强组织", "加大资金"],
        id="diyi-dun",
    ),
    pytest.param(
        "首先，完善顶层设计。\n其次，加大政策扶持。\n再次，优化营商环境。\n最后，加强人才引进。",
        "shouxian",
        ["首先", "其次", "再次", "最后"],
        ["完善顶层", "加大政策", "优化营商", "加强人才"],
        id="shouxian",
    ),
    pytest.param(
        "近年来我区老旧小区加装电梯需求旺盛，但推进缓慢。为此建议：一是简化审批流程；二是加大财政补贴；"
        "三是建立协商机制。",
        "yishi",
        ["一是", "二是", "三是"],
        ["简化审批", "加大财政", "建立协商"],
        id="yishi-inline",
    ),
    pytest.param(
        "Recommendation 1: The Government should publish a strategy.\n"
        "Recommendation 2. Funding should be ring-fenced.",
        "en_recommendation",
        ["Recommendation 1", "Recommendation 2"],
        ["The Government should", "Funding should"],
        id="en-recommendation",
    ),
    pytest.param(
        "The Committee recommends:\n(a) The Department should fund rural hubs.\n"
        "(b) Schools should share computing teachers.\n",
        "en_numbered",
        ["(a)", "(b)"],
        ["The Department should", "Schools should"],
        id="en-lettered",
    ),
    pytest.param(
        "## 一、加大政策支持\n**（一）**设立专项资金。\n## 二、加强人才培养\n支持高校开设课程。",
        "cn_dun",
        ["一、", "二、"],
        ["加大政策支持", "加强人才培养"],
        id="markdown-headings",
    ),
]


@pytest.mark.parametrize(("text", "numbering", "labels", "starts"), FORMS)
def test_each_numbering_form(
    text: str, numbering: str, labels: list[str], starts: list[str]
) -> None:
    p = parse_proposal(text)
    assert_recs(p, starts, numbering)
    assert [r.label for r in p.recommendations] == labels


def test_header_title_number_session_proposers() -> None:
    text = (
        "区政协六届二次会议第20220191号\n"
        "《关于做大做强开源产业助力深圳“双区”建设的建议》\n"
        "麦俊峰、周亮委员\n\n"
        "开源已成为软件产业的重要模式。为此建议：\n"
        "一、设立开源基金会。\n二、出台专项支持政策。\n三、加快人才培养。\n"
    )
    p = parse_proposal(text, "p.txt")
    assert p.title == "关于做大做强开源产业助力深圳“双区”建设的建议"
    assert p.number == "第20220191号"
    assert p.session == "区政协六届二次会议"
    assert p.proposers == ["麦俊峰", "周亮"]
    assert p.proposer_role == "委员"
    assert p.source_path == "p.txt"
    assert p.lang == "zh"
    assert_recs(p, ["设立开源", "出台专项", "加快人才"], "cn_dun")


@pytest.mark.parametrize(
    ("line", "session"),
    [
        ("关于区政协六届二次会议第5号提案", "区政协六届二次会议"),
        ("市七届政协三次会议第94号建议", "市七届政协三次会议"),
        ("在区第七届人民代表大会第三次会议期间提出", "区第七届人民代表大会第三次会议"),
    ],
)
def test_session_forms(line: str, session: str) -> None:
    p = parse_proposal(line + "\n关于加强社区养老服务的建议\n建议增加社区养老服务中心。")
    assert p.session == session
    assert p.title == "关于加强社区养老服务的建议"
    assert_recs(p, ["建议增加社区"], "none")


def test_number_kept_as_written_in_title_line() -> None:
    p = parse_proposal(
        "关于加强校园安全的建议（第94号建议）\n学校周边交通秩序混乱，建议增设护学岗。"
    )
    assert p.number == "第94号"
    assert p.proposer_role == "代表"
    assert_recs(p, ["学校周边"], "none")


@pytest.mark.parametrize(
    ("header", "names", "role"),
    [
        ("提案人：张三、李四", ["张三", "李四"], "委员"),
        ("领衔代表：王五", ["王五"], "代表"),
        ("提出人:赵六, 钱七", ["赵六", "钱七"], "委员"),
        ("刘一、陈二、孙三代表", ["刘一", "陈二", "孙三"], "代表"),
        ("区政协六届四次会议第20240178号\u3000提案人：邓佳琪委员", ["邓佳琪"], "委员"),
    ],
)
def test_proposer_forms(header: str, names: list[str], role: str) -> None:
    p = parse_proposal(f"关于规范停车管理的提案\n{header}\n1.增设停车位。\n2.推行错时共享。")
    assert p.proposers == names
    assert p.proposer_role == role
    assert_recs(p, ["增设停车位", "推行错时"], "arabic")


def test_platform_header_is_metadata_not_recommendation() -> None:
    text = (
        "第197号 从竹林至箐头进村道路硬化建议\n建议号:第197号\n提案人:李树金\n内容:\n"
        "从竹林至箐头进村道路硬化(全长4.5km),覆盖7个村小组,受益人口955人。\n"
        "承办单位:交通运输局\n责任领导:谢欢庆\n交办日期:2017年3月29日\n"
    )
    p = parse_proposal(text)
    assert p.title == "从竹林至箐头进村道路硬化建议"
    assert p.number == "第197号"
    assert p.proposers == ["李树金"]
    assert p.proposer_role == "代表"
    assert p.recipient == "交通运输局"
    assert_recs(p, ["从竹林至箐头进村道路硬化(全长4.5km)"], "none")
    assert "承办单位" not in p.recommendations[0].text
    assert "交办日期" not in p.recommendations[0].text


def test_no_numbering_is_one_recommendation_without_title() -> None:
    text = (
        "关于加强古树名木保护的建议\n\n我市古树名木资源丰富，但保护经费不足，部分古树长势衰弱。"
        "建议市政府设立专项保护经费，建立古树名木档案。"
    )
    p = parse_proposal(text)
    assert p.title == "关于加强古树名木保护的建议"
    assert_recs(p, ["建议市政府设立专项保护经费"], "none")  # from the ask, not the background
    assert p.recommendations[0].label == ""
    assert p.recommendations[0].text.endswith("建立古树名木档案。")


def test_nested_jianyi_with_yishi_points() -> None:
    text = (
        "建议一：加大扶持力度。一是设立专项资金；二是落实税收优惠。\n"
        "建议二：优化发展环境。一是简化审批；二是建设公共服务平台；三是加强知识产权保护。\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["加大扶持力度", "优化发展环境"], "jianyi")
    assert p.recommendations[0].points == ["设立专项资金", "落实税收优惠。"]
    assert [x[:4] for x in p.recommendations[1].points] == ["简化审批", "建设公共", "加强知识"]


def test_nested_cn_dun_with_paren_and_arabic_points() -> None:
    text = (
        "一、强化政策供给\n（一）出台产业集群支持政策。\n（二）设立产业引导基金。\n"
        "二、强化人才支撑\n1. 引进高端人才。\n2. 建设实训基地。\n3. 完善住房保障。\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["强化政策供给", "强化人才支撑"], "cn_dun")
    assert [x[:6] for x in p.recommendations[0].points] == ["出台产业集群", "设立产业引导"]
    assert [x[:4] for x in p.recommendations[1].points] == ["引进高端", "建设实训", "完善住房"]
    assert "设立产业引导基金" in p.recommendations[0].text


def test_background_sections_are_skipped() -> None:
    text = (
        "关于推进智慧养老的提案\n一、基本情况\n我区60岁以上老人达12万人。\n"
        "二、存在问题\n（一）服务供给不足。\n（二）信息化水平低。\n"
        "三、对策建议\n（一）建设智慧养老平台。\n（二）扩大居家养老服务覆盖。\n（三）加强护理人才培养。\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["建设智慧养老", "扩大居家养老", "加强护理人才"], "cn_paren")
    assert all("服务供给不足" not in t for t in texts(p))


def test_restarted_numbering_takes_the_block_after_the_lead_in() -> None:
    text = (
        "当前存在以下问题：\n1. 停车位缺口大。\n2. 收费标准不一。\n3. 执法力量不足。\n"
        "为此，建议：\n1. 新建立体停车库。\n2. 统一收费标准。\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["新建立体停车库", "统一收费标准"], "arabic")


def test_restarted_numbering_without_lead_in_takes_the_last_block() -> None:
    text = (
        "1. 停车位缺口大。\n2. 收费标准不一。\n3. 执法力量不足。\n"
        "1. 新建立体停车库。\n2. 统一收费标准。\n"
    )
    assert_recs(parse_proposal(text), ["新建立体停车库", "统一收费标准"], "arabic")


def test_problem_numbering_then_inline_suggestions() -> None:
    text = (
        "一、基本情况\n全区共有社区卫生服务中心10家。\n二、存在问题\n1. 人员不足。\n2. 设备老化。\n"
        "三、几点建议\n一是增加编制，二是更新设备，三是提高待遇。\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["增加编制", "更新设备", "提高待遇"], "yishi")


def test_closing_words_and_signature_are_not_part_of_the_last_recommendation() -> None:
    text = (
        "关于加强垃圾分类的建议\n一、完善分类设施。\n二、加强宣传引导。\n"
        "以上建议，请予研究。\n张三代表\n2023年1月5日\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["完善分类设施", "加强宣传引导"], "cn_dun")
    assert p.recommendations[1].text == "加强宣传引导。"
    assert p.proposers == ["张三"]


def test_page_break_split_is_rejoined() -> None:
    text = (
        "建议一：针对软件与信息技术服务产业给予专项支\n\n持，包括新落户支持最高2500万元。\n"
        "建议二：加快开源人才培养。"
    )
    p = parse_proposal(text)
    assert_recs(p, ["针对软件", "加快开源"], "jianyi")
    assert "给予专项支持，包括新落户支持最高2500万元" in p.recommendations[0].text


def test_recipient_line() -> None:
    p = parse_proposal("关于完善公园设施的建议\n承办单位：市城市管理局\n1.增加座椅。\n2.增设公厕。")
    assert p.recipient == "市城市管理局"
    assert_recs(p, ["增加座椅", "增设公厕"], "arabic")


# --- the forms real proposals take --------------------------------------------------


T = "关于加强通村公路管理的建议"


@pytest.mark.parametrize(("head", "title", "number", "kind"), [
    (f"新密市人民代表大会代表建议\n{T}\n王建军代表", T, "", "建议"),
    ("政协澄湖区委员会提案\n提案第0058号\n关于支持民营企业发展的提案\n提案单位：区工商联",
     "关于支持民营企业发展的提案", "第0058号", "提案"),
    ("提案专用纸\n案由：关于加快老旧小区加装电梯的提案\n提案人：张三",
     "关于加快老旧小区加装电梯的提案", "", "提案"),
    ("事由:加强对通村公路的管理\n建议人：罗永福", "加强对通村公路的管理", "", "建议"),
    (f"第58号\n{T}\n王建军代表", T, "第58号", "建议"),
    (f"58号\n{T}\n王建军代表", T, "第58号", "建议"),
    (f"{T}\n编号：第58号\n王建军代表", T, "第58号", "建议"),
    ("关于解决饮水困难的议案\n县十八届人大二次会议\n王五等10位代表", "关于解决饮水困难的议案", "",
     "议案"),
])
def test_the_header_in_the_forms_proposals_take(
    head: str, title: str, number: str, kind: str
) -> None:
    """A form's heading is never the title; a field gives it without its key; a number
    on its own line is kept; the kind follows the form's words."""
    p = parse_proposal(f"{head}\n\n通村公路管理薄弱。建议建立村级护路员制度。")
    assert (p.title, p.number, p.kind) == (title, number, kind)
    assert p.proposer_role == ("委员" if kind == "提案" else "代表")


def test_co_proposers_are_never_the_title() -> None:
    p = parse_proposal("联名：吕建国、周平\n关于加强通村公路管理的建议\n王建军代表\n\n"
                       "通村公路管理薄弱。建议建立村级护路员制度。")
    assert p.title == "关于加强通村公路管理的建议"
    assert (p.proposers, p.co_proposers) == (["王建军"], ["吕建国", "周平"])
    p = parse_proposal("关于加强通村公路管理的建议\n提案人：王建军\n附议人：吕建国、周平\n\n"
                       "建议建立村级护路员制度。")
    assert p.co_proposers == ["吕建国", "周平"] and "附议人" not in p.recommendations[0].text


@pytest.mark.parametrize(("head", "proposers"), [
    ("提案人：市工商联、张三", ["市工商联", "张三"]),
    ("民革澄湖区委会", ["民革澄湖区委会"]),
    ("澄湖区政协五届四次会议\n经济界别", ["经济界别"]),
    ("提案者：致公党澄湖区总支", ["致公党澄湖区总支"]),
])
def test_a_body_is_a_proposer(head: str, proposers: list[str]) -> None:
    p = parse_proposal(f"关于发展夜间经济的提案\n{head}\n\n建议延长夜市营业时间。")
    assert p.proposers == proposers and p.kind == "提案"


def test_a_number_in_brackets_after_the_title_is_the_number() -> None:
    p = parse_proposal("关于加快发展托育服务的提案（第0102号）\n张三委员\n\n建议增加普惠托位。")
    assert (p.title, p.number) == ("关于加快发展托育服务的提案", "第0102号")


@pytest.mark.parametrize(("text", "start"), [
    ("我市农村公路里程长，养护资金不足。为此建议市政府设立养护专项资金，建立三级养护体系。",
     "为此建议市政府设立养护专项资金"),
    ("学校周边交通拥堵。恳请县政府在城关小学门口增设护学岗和减速带。", "恳请县政府在城关小学门口"),
    ("老旧小区居民出行难。希望政府加大老旧小区加装电梯补贴力度。", "希望政府加大老旧小区加装电梯"),
    ("羊肝石村饮水困难，群众需到3公里外拉水。恳请县人民政府给予立项解决。", "羊肝石村饮水困难"),
])
def test_a_single_recommendation_starts_where_it_asks(text: str, start: str) -> None:
    """The background before the ask is left out, unless the ask says too little alone."""
    p = parse_proposal("关于改善民生的建议\n\n" + text)
    assert_recs(p, [start], "none")


def test_recommendations_restart_under_a_suggestions_heading() -> None:
    text = ("关于发展冷链物流的建议\n一、基本情况\n果蔬年产量45万吨。\n二、存在问题\n"
            "1.冷库布局分散。\n2.冷藏车不足。\n三、对策建议\n1.建设产地冷链集配中心。\n"
            "2.补贴冷藏车购置。\n3.培育龙头企业。\n")
    assert_recs(parse_proposal(text), ["建设产地", "补贴冷藏车", "培育龙头"], "arabic")


def test_upper_case_roman_numerals_and_trailing_labels() -> None:
    p = parse_proposal("Recommendations\nI. Fund evening buses.\nII. Pilot demand-responsive "
                       "transport.\nIII. Publish a rural transport plan.\n")
    assert [r.label for r in p.recommendations] == ["I.", "II.", "III."]
    assert p.numbering == "roman"
    p = parse_proposal("Recommendations for Executive Action\nThe Secretary should act. "
                       "(Recommendation 1)\nThe Director should report. (Recommendation 2)\n")
    assert [r.text for r in p.recommendations] == ["The Secretary should act.",
                                                  "The Director should report."]


# --- English ---------------------------------------------------------------------


def test_english_report_recommendations_section() -> None:
    text = (
        "Report on Rural Broadband\nThe Science and Technology Committee\n\n"
        "1. Background\nCoverage in rural areas remains poor.\n"
        "2. Findings\nThe roll-out has been slow.\n"
        "Recommendations\n"
        "1. The Government should publish a delivery plan by 2025.\n"
        "2. Ofcom should report coverage annually.\n"
        "3. Funding should be targeted at the hardest-to-reach premises.\n"
    )
    p = parse_proposal(text)
    assert p.lang == "en"
    assert p.title == "Report on Rural Broadband"
    assert p.proposers == ["Science and Technology Committee"]
    assert p.proposer_role == "Committee"
    assert_recs(p, ["The Government should", "Ofcom should", "Funding should"], "en_numbered")


def test_english_we_recommend_paragraphs() -> None:
    text = (
        "Improving school transport\nTo: Department for Education\n\n"
        "Many rural pupils travel over an hour to school.\n"
        "We recommend that the Department extends free transport to sixth-form pupils.\n"
        "Costs have risen sharply since 2020.\n"
        "We also recommend that local authorities publish route reviews every year.\n"
    )
    p = parse_proposal(text)
    assert p.title == "Improving school transport"
    assert p.recipient == "Department for Education"
    assert p.numbering == "en_we_recommend"
    assert_recs(p, ["We recommend that the Department", "We also recommend that local"])


def test_english_lettered_points_inside_recommendations() -> None:
    text = (
        "Recommendation 1: Strengthen oversight, in particular:\n(a) annual audits;\n"
        "(b) a public register.\nRecommendation 2: Review the funding formula.\n"
    )
    p = parse_proposal(text)
    assert_recs(p, ["Strengthen oversight", "Review the funding"], "en_recommendation")
    assert p.recommendations[0].points == ["annual audits", "a public register."]


# --- errors and pathological input ------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n\t  \u3000\n"])
def test_empty_proposal_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="the proposal is empty") as err:
        parse_proposal(text, source_path="in/empty.txt")
    assert err.value.path == "in/empty.txt"
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x03\ufffd\ufffd\x04\x05" * 200,
        "建议一：加强管理".encode().decode("latin-1") * 50,
        "%$#@!&*^~|\\" * 100,
    ],
)
def test_garbage_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="does not look like a proposal"):
        parse_proposal(text, source_path="bin.dat")


def test_header_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no text") as err:
        parse_proposal("建议号:201号\n提案人:伏正洪\n承办单位:教育局\n", source_path="h.txt")
    assert str(err.value).startswith("h.txt: ")


def test_title_only_is_one_recommendation() -> None:
    p = parse_proposal("关于在城东新区建设一所公办幼儿园的建议\n领衔代表：周敏\n")
    assert p.title == "关于在城东新区建设一所公办幼儿园的建议"
    assert p.proposers == ["周敏"]
    assert_recs(p, ["关于在城东新区建设"], "none")


def test_two_hundred_recommendations() -> None:
    text = "关于全面提升城市治理水平的建议\n" + "\n".join(
        f"{i}. 第{i}项措施：加强第{i}方面工作。" for i in range(1, 201)
    )
    p = parse_proposal(text)
    assert_recs(p, [f"第{i}项措施" for i in range(1, 201)], "arabic")
    assert p.recommendations[-1].label == "200."


def test_hundred_thousand_character_recommendation() -> None:
    long = "加强基层治理能力建设" * 10_000
    p = parse_proposal(f"建议一：{long}\n建议二：完善考核。")
    assert_recs(p, ["加强基层治理", "完善考核"], "jianyi")
    assert len(p.recommendations[0].text) == 100_000


def test_text_beyond_the_numbering_window_stays_in_the_last_recommendation() -> None:
    filler = "\n".join(f"第{i}段说明文字。" for i in range(MAX_LINES))
    p = parse_proposal(f"1. 加强监管。\n2. 完善制度。\n{filler}\n3. 增加投入。")
    assert_recs(p, ["加强监管", "完善制度"], "arabic")
    assert p.recommendations[1].text.endswith("3. 增加投入。")
    assert p.recommendations[1].text.count("\n") == MAX_LINES + 1


@pytest.mark.parametrize(
    "text",
    [
        "一是" * 50_000,
        "1.1.建议" * 20_000,
        "（一）" * 20_000,
        "建议：" * 30_000,
        "关于" + "的" * 100_000,
        "a" * 100_000,
        "1.\n2.\n一、\n（一）\n①",
    ],
)
def test_pathological_input_gives_a_proposal(text: str) -> None:
    p = parse_proposal(text)
    assert p.recommendations
    assert sum(len(r.text) for r in p.recommendations) <= len(text)


# --- real data --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(REAL.glob("*.txt")) if REAL.is_dir() else [], ids=lambda p: p.stem
)
def test_real_single_recommendation_proposals(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    meta = dict(line.split(": ", 1) for line in raw.split("\n\n", 1)[0].splitlines())
    p = parse_proposal(raw.split("\n\n", 1)[1], str(path))
    assert len(p.recommendations) == 1
    assert p.numbering_found is False
    assert p.proposers == [meta["issuer"].split("（")[0]]
    assert p.proposer_role == "代表"
    assert "承办单位" not in p.recommendations[0].text
    assert len(p.recommendations[0].text) > 40


@pytest.mark.skipif(not SEED.exists(), reason="seed reply not present")
def test_seed_reply_sections_mirror_five_recommendations() -> None:
    p = parse_proposal(SEED.read_text(encoding="utf-8"))
    assert p.number == "第20220191号"
    assert p.proposers == ["麦俊峰", "周亮"]
    assert [r.label for r in p.recommendations] == [f"关于建议{n}" for n in "一二三四五"]
    assert "专项支持，包括新落户" in p.recommendations[0].text
    assert p.recommendations[0].points[0].startswith("开源建设方面")
    assert not p.recommendations[4].text.endswith("2022年8月31日")


def _examples() -> list[tuple[str, dict[str, object]]]:
    path = EXAMPLES / "expected.json"
    if not path.exists():
        return []
    return sorted(json.loads(path.read_text(encoding="utf-8")).items())


@pytest.mark.parametrize(("name", "want"), _examples(), ids=lambda v: str(v)[:30])
def test_corpus_examples_match_expected(name: str, want: dict[str, object]) -> None:
    path = EXAMPLES / name
    p = parse_proposal(path.read_text(encoding="utf-8"), str(path))
    assert len(p.recommendations) == want["recommendations"]
    assert p.numbering_found
    assert p.title
    starts = want.get("first_chars")
    if isinstance(starts, list):
        assert_recs(p, [str(x) for x in starts])


def test_a_number_given_between_sessions_and_a_masked_name() -> None:
    p = parse_proposal("关于重新规划西一街城乡小客停靠问题的建议\n"
                       "抚顺市第十七届人民代表大会第二次会议闭18号建议\n领衔代表：郑霞\n\n"
                       "建议：\n重新规划城乡小客车停靠点。")
    assert p.number == "闭18号" and p.session == "抚顺市第十七届人民代表大会第二次会议"
    masked = parse_proposal("关于加大关爱力度的提案\n提案人：许**\n\n建议：加大关爱力度。")
    assert masked.proposers == ["许**"]  # a name masked on publication, not Markdown bold
    bold = parse_proposal("**关于X的提案**\n提案人：许某\n\n**一、加强某事。**\n**二、加大投入。**")
    assert bold.title == "关于X的提案" and [r.text for r in bold.recommendations] == [
        "加强某事。", "加大投入。"]


def test_an_english_committee_named_with_its_remit() -> None:
    p = parse_proposal("The Management of Secondary Legislation\n"
                       "House of Lords Select Committee on the Merits of Statutory Instruments\n\n"
                       "Recommendations\n1. The Government should improve the management of "
                       "secondary legislation.\n2. Departments should explain each instrument.")
    assert p.committee == "House of Lords Select Committee on the Merits of Statutory Instruments"
    assert len(p.recommendations) == 2
