"""Facts and their normalised values, in Chinese and English."""

from __future__ import annotations

import pytest

from drafter.ingest import extract_facts, fact_values
from drafter.ingest.facts import detect_lang

CASES: list[tuple[str, set[str]]] = [
    # money
    ("新落户支持最高 2500 万元。", {"money:25000000:CNY"}),
    ("给予二千五百万元资助。", {"money:25000000:CNY"}),
    ("奖励25000000元。", {"money:25000000:CNY"}),
    ("资金两千万元。", {"money:20000000:CNY"}),
    ("累计发放贷款19.8万亿元。", {"money:19800000000000:CNY"}),
    ("投资1.2亿元建设。", {"money:120000000:CNY"}),
    ("总投资一点二亿元。", {"money:120000000:CNY"}),
    ("投入十亿元。", {"money:1000000000:CNY"}),
    ("补贴3000元/人。", {"money:3000:CNY"}),
    ("资助最高100万。", {"money:1000000:CNY"}),
    ("获得人民币500万。", {"money:5000000:CNY"}),
    ("安排2,500,000元。", {"money:2500000:CNY"}),
    ("援助300万美元。", {"money:3000000:USD"}),
    ("The grant is $3 million.", {"money:3000000:USD"}),
    ("£40m was allocated.", {"money:40000000:GBP"}),
    ("an additional £40 million", {"money:40000000:GBP"}),
    ("a €2.5bn fund", {"money:2500000000:EUR"}),
    ("40 million pounds", {"money:40000000:GBP"}),
    ("US$1.5 billion", {"money:1500000000:USD"}),
    (
        "£130 million for flood defences and £5m for waste crime",
        {"money:130000000:GBP", "money:5000000:GBP"},
    ),
    # percent
    ("比重达到30%。", {"percent:30"}),
    ("增长30％。", {"percent:30"}),
    ("占百分之三十。", {"percent:30"}),
    ("提高百分之二点五。", {"percent:2.5"}),
    ("rise by 2.5 per cent in real terms", {"percent:2.5"}),
    ("down 12.5 percent", {"percent:12.5"}),
    # count
    ("与500多家企业交流对接。", {"count:500:家"}),
    ("覆盖超过全国超过 160 所高校的近 250 名教师", {"count:160:所", "count:250:名"}),
    ("课程触达 60 万余人次", {"count:600000:人次"}),
    ("超过 4000 人次在线观看", {"count:4000:人次"}),
    ("开设 7 门开源鸿蒙师资培训课程", {"count:7:门"}),
    ("覆盖7个村小组，受益人口955人。", {"count:7:个", "count:955:人"}),
    ("用地面积32.03万平方米", {"count:320300:平方米"}),
    ("院内面积约8700平米", {"count:8700:平方米"}),
    ("3.5千米道路", {"count:3.5:公里"}),
    ("全长4.5km", {"count:4.5:km"}),
    ("连续举办十四届深创赛", {"count:14:届"}),
    ("250 teachers", {"count:250:teacher"}),
    ("12 schools", {"count:12:school"}),
    ("1,200 businesses", {"count:1200:business"}),
    ("3 new hospitals", {"count:3:hospital"}),
    ("over 100 companies", {"count:100:company"}),
    # year
    ("2022年福田区出台政策", {"year:2022"}),
    ("2021 年举办多次开源读书会", {"year:2021"}),
    ("二〇二二年工作要点", {"year:2022"}),
    ("2022-2025年将重点实施", {"year:2022-2025"}),
    ("2022—2025年", {"year:2022-2025"}),
    ("2022至2025年", {"year:2022-2025"}),
    ("2021年至2023年每年遴选", {"year:2021-2023"}),
    ("Fourth Report of Session 2016–17", {"year:2016-2017"}),
    ("in the financial year 2023/24", {"year:2023-2024"}),
    ("founded in 2017 and", {"year:2017"}),
    # date
    ("2022年8月31日", {"date:2022-08-31"}),
    ("2022-08-31", {"date:2022-08-31"}),
    ("2022.8.31", {"date:2022-08-31"}),
    ("2022/8/31", {"date:2022-08-31"}),
    ("31 August 2022", {"date:2022-08-31"}),
    ("August 31, 2022", {"date:2022-08-31"}),
    ("二〇二二年八月三十一日", {"date:2022-08-31"}),
    ("2022年8月", {"date:2022-08"}),
    ("截至2023年7月末", {"date:2023-07"}),
    ("reported in February 2017", {"date:2017-02"}),
    # title
    (
        "加快编制《深圳市福田区培育发展软件与信息服务产业集群行动计划（2022-2025 年）》",
        {
            "title:深圳市福田区培育发展软件与信息服务产业集群行动计划（2022-2025年）",
            "year:2022-2025",
        },
    ),
    (
        "《深圳市培育发展未来产业行动计划(2022-2025年)》",
        {"title:深圳市培育发展未来产业行动计划（2022-2025年）", "year:2022-2025"},
    ),
    ("《纲要》明确提出", {"title:纲要"}),
    # docno
    ("深府〔2022〕1号", {"docno:深府〔2022〕1号"}),
    ("云府规[2022]3号", {"docno:云府规〔2022〕3号"}),
    ("国办发（2019）41号", {"docno:国办发〔2019〕41号"}),
    ("根据国办发〔2019〕41号文件精神", {"docno:国办发〔2019〕41号"}),
    ("工信厅企业〔2020〕10号", {"docno:工信厅企业〔2020〕10号"}),
    ("國辦發〔2019〕41號", {"docno:國辦發〔2019〕41号"}),
    # org
    ("组织区工信局、区财政局等单位研究", {"org:区工信局", "org:区财政局"}),
    ("区财政局和区工信局", {"org:区财政局", "org:区工信局"}),
    ("会同财政部研究", {"org:财政部"}),
    ("推动香港城市大学深圳福田研究院合作", {"org:香港城市大学深圳福田研究院"}),
    ("深圳市发展和改革委员会", {"org:深圳市发展和改革委员会"}),
    ("工业和信息化部等部门出台", {"org:工业和信息化部"}),
    ("由科技部火炬高技术产业开发中心主办", {"org:科技部火炬高技术产业开发中心"}),
    ("the Department for Education said", {"org:Department for Education"}),
    ("Birmingham City Council", {"org:Birmingham City Council"}),
    (
        "the Department for Environment, Food and Rural Affairs (Defra)",
        {"org:Department for Environment, Food and Rural Affairs"},
    ),
    ("HM Treasury agreed", {"org:HM Treasury"}),
    # mixed, from the seed
    (
        "2022 年福田区与荣耀、汇顶、鲲云等近 10 家企业，联合成立“新一代信息技术产业知识产权联盟”",
        {"year:2022", "count:10:家", "org:新一代信息技术产业知识产权联盟"},
    ),
    (
        "重大创新载体建设配套支持最高 2000 万元、R&D 投入支持最高 500 万元",
        {"money:20000000:CNY", "money:5000000:CNY"},
    ),
    # decisions of evals/facts/README.md
    ("比上年下降0.3个百分点", {"percent:0.3pp"}),
    ("fell by 2.5 percentage points", {"percent:2.5pp"}),
    ("租金最低四折", {"percent:40"}),
    ("价格下降约两成", {"percent:20"}),
    ("按八五折收取", {"percent:85"}),
    ("达到百分之百", {"percent:100"}),
    ("资助金额为3至5万元", {"money:30000:CNY", "money:50000:CNY"}),
    ("建设周期3至5年", {"count:3:年", "count:5:年"}),
    ("增长5至10个百分点", {"percent:5pp", "percent:10pp"}),
    ("10-15 per cent", {"percent:10", "percent:15"}),
    ("2023年1—9月", {"date:2023-01", "date:2023-09"}),
    ("2022年8月至12月", {"date:2022-08", "date:2022-12"}),
    ("2022年8月31日至9月30日", {"date:2022-08-31", "date:2022-09-30"}),
    ("between April and June 2024", {"date:2024-04", "date:2024-06"}),
    ("企业240多万家", {"count:2400000:家"}),
    ("共有300余万元", {"money:3000000:CNY"}),
    ("在5个工作日内办结", {"count:5:个工作日"}),
    ("抽检3.2万批次", {"count:32000:批次"}),
    ("six hubs", {"count:6:hub"}),
    ("Twenty-five new community diagnostic centres", {"count:25:centre"}),
    ("250 additional teacher training places", {"count:250:place"}),
    ("1.2 million people", {"count:1200000:people"}),
    ("2p per litre", {"money:0.02:GBP"}),
    ("in the 2023-24 financial year", {"year:2023-2024"}),
    (
        "《优化营商环境条例》（国务院令第722号）",
        {"title:优化营商环境条例", "docno:国务院令第722号"},
    ),
    ("市委、市政府召开会议", {"org:市委", "org:市政府"}),
    ("南方科技大学", {"org:南方科技大学"}),
    ("市住房和建设局", {"org:市住房和建设局"}),
    ("市委组织部", {"org:市委组织部"}),
    ("北京大学深圳研究生院", {"org:北京大学深圳研究生院"}),
    ("经国务院同意", {"org:国务院"}),
    (
        "Birmingham City Council and Leeds City Council",
        {"org:Birmingham City Council", "org:Leeds City Council"},
    ),
    ("The Office for Students will", {"org:Office for Students"}),
    ("the Bank of England", {"org:Bank of England"}),
    # not facts: precision matters more than recall
    ("一波三折", set()),
    ("工作两三年后", set()),
    ("四周均为民房", set()),
    ("第3至5条", set()),
    ("组织12家社区健康服务中心开展义诊", {"count:12:家"}),
    ("各省、自治区、直辖市人民政府", set()),
    ("paragraph 24 sets out", set()),
    ("Year 6 pupils", set()),
    ("COVID-19 cases", set()),
    ("two employer representatives", {"count:2:representative"}),
    ("in 2021 schools reported", {"year:2021"}),
    ("PM2.5年均浓度", set()),
    ("全市近千家企业，其中数百家", set()),
    ("受益人口100万。", set()),
    ("一批企业", set()),
    ("第十五届深创赛", set()),
    ("千家万户", set()),
    ("区政协六届二次会议", set()),
    ("第20220191号", set()),
    ("一是加强统筹，三大体系", set()),
    ("市稳投资工作专班第9次会议召开", set()),
    ("我局高度重视", set()),
    ("优化产业集群布局", set()),
    ("相关部门负责", set()),
    ("赵英军委员提出", set()),
    ("The Committee recommends", set()),
    ("福田区2022出台", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_fact_values(text: str, expected: set[str]) -> None:
    assert fact_values(text) == expected


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    "variants",
    [
        ["2500万元", "2500 万元", "二千五百万元", "两千五百万元", "25000000元", "25,000,000元"],
        ["1.2亿元", "一点二亿元", "120000000元", "12000万元"],
        ["百分之三十", "30%", "30％", "30 per cent"],
        [
            "2022年8月31日",
            "2022-08-31",
            "2022.8.31",
            "31 August 2022",
            "August 31, 2022",
            "二〇二二年八月三十一日",
        ],
        ["2022年", "二〇二二年"],
        ["2022-2025年", "2022—2025年", "2022至2025年", "2022年至2025年"],
        ["60万余人次", "600000人次", "六十万人次"],
        ["£40m", "£40M", "£40 million", "40 million pounds"],
        ["《行动计划（试行）》", "《行动计划(试行)》", "《行动 计划（试行）》"],
        ["深府〔2022〕1号", "深府[2022]1号", "深府（2022）1号", "深府【2022】第1号"],
        ["3个百分点", "三个百分点", "3 percentage points"],
        ["两成", "2成", "20%", "百分之二十"],
        ["三年", "3年"],
    ],
)
def test_the_same_fact_written_two_ways_has_one_value(variants: list[str]) -> None:
    values = [fact_values(v) for v in variants]
    assert len(values[0]) == 1 and all(v == values[0] for v in values), values


def test_spans_point_at_the_fact_text() -> None:
    text = (
        "2022年福田区给予专项支持，包括新落户支持最高 2500 万元，"
        "覆盖超过 160 所高校，见《行动计划》。"
    )
    facts = extract_facts(text)
    assert [f.kind for f in facts] == ["year", "money", "count", "title"]
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text
    assert facts[1].text == "2500 万元" and facts[3].text == "行动计划"  # a title without 《》


def test_a_date_beats_its_year_and_money_beats_a_count() -> None:
    assert [f.kind for f in extract_facts("2022年8月31日")] == ["date"]
    assert [f.value for f in extract_facts("受益60万人，资金60万元")] == [
        "count:600000:人",
        "money:600000:CNY",
    ]


def test_facts_inside_a_title_are_kept() -> None:
    facts = extract_facts("《国务院办公厅关于印发2022年工作要点的通知》")
    assert {f.value for f in facts} == {
        "title:国务院办公厅关于印发2022年工作要点的通知",
        "org:国务院办公厅",
        "year:2022",
    }


def test_bare_years_count_only_in_english() -> None:
    assert fact_values("in 2017 the Government", lang="en") == {"year:2017"}
    assert fact_values("福田区2017推出", lang="zh") == set()


def test_qualifiers_are_not_part_of_values() -> None:
    assert fact_values("最高2500万元") == fact_values("不超过2500万元") == fact_values("2500万元")
    assert fact_values("近250名") == fact_values("超过250名") == fact_values("250名")


def test_empty_text_and_language_guess() -> None:
    assert extract_facts("") == []
    assert detect_lang("新落户支持最高 2500 万元，R&D 投入") == "zh"
    assert detect_lang("The Government accepts this recommendation.") == "en"


def test_pathological_runs_finish() -> None:
    # long digit, numeral, capitalised-word and suffix runs: what backtracking regexes choke on
    text = "1" * 20000 + "万" + "一" * 5000 + "Department " * 2000 + "Abc " * 5000 + "局" * 3000
    facts = extract_facts(text)
    assert all(text[f.start : f.end] == f.text for f in facts)


@pytest.mark.parametrize(("text", "value"), [
    ("同比增长13.2‰", "percent:1.32"),
    ("培育营业收入超百亿元企业", "money:10000000000:CNY"),
    ("投入千万元", "money:10000000:CNY"),
    ("By January, 82 audits had been completed.", "count:82:audit"),
    ("in line with his four priorities", "count:4:priority"),
])
def test_per_mille_bare_hundreds_and_open_english_counts(text: str, value: str) -> None:
    assert value in {f.value for f in extract_facts(text)}


def test_labels_and_years_are_not_open_counts() -> None:
    values = {f.value for f in extract_facts("See paragraph 24 tables; in 2021 schools opened.")}
    assert not any(v.startswith("count:") for v in values)


@pytest.mark.parametrize("text, value", [
    ("Six Digital Skills Hubs will open in libraries", "count:6:hub"),
    ("we funded 40 Academies last year", "count:40:academy"),
    ("two Members of Parliament sit on the board", "count:2:member"),
])
def test_english_counts_behind_capitalised_names(text: str, value: str) -> None:
    assert value in [f.value for f in extract_facts(text, "en")]


@pytest.mark.parametrize("text", ["Table 3 Shows the results", "Year 6 Pupils",
                                  "the 2019 Regulations apply"])
def test_labels_and_years_before_capitalised_words_are_not_counts(text: str) -> None:
    assert not [f for f in extract_facts(text, "en") if f.kind == "count"]


def test_a_changed_count_behind_a_name_is_unsupported() -> None:
    from drafter.faithfulness import unsupported

    evidence = "The Council will open six Digital Skills Hubs by 2026."
    assert unsupported(extract_facts("It will open seven Digital Skills Hubs.", "en"),
                       evidence) == ["seven Digital Skills Hubs"]
    assert unsupported(extract_facts("It will open 6 Digital Skills Hubs.", "en"), evidence) == []
