"""Segmenting documents into measures: sections, spans, ids, boilerplate, facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from drafter.ingest import load_document, segment
from drafter.ingest.measures import MAX_CHARS, MAX_CHARS_EN, MIN_CHARS
from drafter.types import Document, Measure

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "data" / "real"
SEED = SHARED / "seeds" / "futian_open_source_reply_2022.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="../shared absent")

BOILERPLATE = ["尊敬的", "收悉", "答复如下", "衷心感谢", "联系人", "联系电话", "2022年8月31日"]


def doc(text: str, kind: str = "reply", doc_id: str = "d1") -> Document:
    return Document(id=doc_id, path="x.txt", title="标题", kind=kind, text=text)  # type: ignore[arg-type]


def by_section(measures: list[Measure]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in measures:
        out.setdefault(m.source.section, []).append(m.text)
    return out


@pytest.fixture(scope="module")
def seed() -> tuple[Document, list[Measure]]:
    document = load_document(SEED)
    return document, segment(document)


def test_seed_sections_are_the_five_recommendations(seed: tuple[Document, list[Measure]]) -> None:
    _, measures = seed
    sections = list(dict.fromkeys(m.source.section for m in measures))
    assert sections == ["关于建议一", "关于建议二", "关于建议三", "关于建议四", "关于建议五"]


def test_seed_spans_are_exact(seed: tuple[Document, list[Measure]]) -> None:
    document, measures = seed
    assert measures
    for m in measures:
        assert document.text[m.start : m.end] == m.text
        for fact in m.facts:
            assert m.text[fact.start : fact.end] == fact.text
    starts = [m.start for m in measures]
    assert starts == sorted(starts) and all(
        a.end <= b.start for a, b in zip(measures, measures[1:], strict=False)
    )


def test_seed_boilerplate_is_not_a_measure(seed: tuple[Document, list[Measure]]) -> None:
    document, measures = seed
    for m in measures:
        assert not any(word in m.text for word in BOILERPLATE), m.text
        assert m.text not in (document.title, document.issuer)
    # yet every recommendation's content is covered
    covered = "".join(m.text for m in measures)
    assert "中国首座开源孵化基地" in covered and "面向信息技术全产业链的国产化" in covered


def test_seed_measure_sizes(seed: tuple[Document, list[Measure]]) -> None:
    _, measures = seed
    assert all(len(m.text) <= MAX_CHARS for m in measures)
    assert sum(len(m.text) >= MIN_CHARS for m in measures) == len(measures)
    assert 12 <= len(measures) <= 30


def test_seed_facts(seed: tuple[Document, list[Measure]]) -> None:
    _, measures = seed
    facts = {s: {v for m in measures if m.source.section == s for v in (f.value for f in m.facts)}
             for s in {m.source.section for m in measures}}  # fmt: skip
    assert {"money:25000000:CNY", "money:10000000:CNY", "count:500:家", "year:2022"} <= facts[
        "关于建议一"
    ]
    assert (
        "title:深圳市福田区培育发展软件与信息服务产业集群行动计划（2022-2025年）"
        in facts["关于建议二"]
    )
    assert {"count:600000:人次", "count:7:门", "count:160:所", "count:250:名"} <= facts[
        "关于建议三"
    ]
    assert "org:新一代信息技术产业知识产权联盟" in facts["关于建议四"]
    assert "org:开放原子开源基金会" in facts["关于建议五"]


def test_seed_page_break_is_repaired_inside_a_measure(seed: tuple[Document, list[Measure]]) -> None:
    _, measures = seed
    assert any("给予专项支持，包括新落户支持最高 2500 万元" in m.text for m in measures)


def test_seed_source(seed: tuple[Document, list[Measure]]) -> None:
    document, measures = seed
    m = measures[0]
    assert (m.doc_id, m.lang) == (document.id, "zh")
    assert (m.source.path, m.source.title, m.source.kind) == (
        document.path,
        document.title,
        "reply",
    )
    assert (m.source.issuer, m.source.date) == ("福田区科技创新局", "2022-08-31")
    assert m.metadata()["section"] == "关于建议一"


def test_ids_are_stable_unique_and_local(
    tmp_path: Path, seed: tuple[Document, list[Measure]]
) -> None:
    _, first = seed
    again = segment(load_document(SEED))
    assert [m.id for m in first] == [m.id for m in again]
    assert len({m.id for m in first}) == len(first)
    copy = tmp_path / SEED.name
    shutil.copy(SEED, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("统一行业数字化工程语言", "统一行业语言"), encoding="utf-8")
    edited = segment(load_document(copy, root=tmp_path))
    original = segment(load_document(SEED, root=SEED.parent))
    changed = {m.id for m in original} ^ {m.id for m in edited}
    assert len(changed) == 2  # only the edited measure's old and new id
    assert [m.id for m in original if m.source.section != "关于建议五"] == [
        m.id for m in edited if m.source.section != "关于建议五"
    ]


def test_identical_texts_get_distinct_ids() -> None:
    same = "我局将加大资金支持力度，设立专项资金。"
    text = f"关于建议一：{same}\n关于建议二：{same}"
    measures = segment(doc(text))
    assert [m.text for m in measures] == ["我局将加大资金支持力度，设立专项资金。"] * 2
    assert measures[0].id != measures[1].id


def test_enumeration_clauses_are_measures() -> None:
    text = (
        "关于建议一：一是加大资金支持力度，设立产业发展专项资金；"
        "二是优化审批流程，将办理时限压缩至5个工作日；三是加强人才引进。"
    )
    measures = segment(doc(text))
    assert [m.text for m in measures] == [
        "一是加大资金支持力度，设立产业发展专项资金；",
        "二是优化审批流程，将办理时限压缩至5个工作日；",
        "三是加强人才引进。",
    ]
    assert all(m.source.section == "关于建议一" for m in measures)


def test_short_fragments_merge_and_long_sentences_split() -> None:
    clause = "支持企业开展技术改造和数字化转型，"
    long_sentence = "关于建议一：" + clause * 40 + "全面提升产业发展水平。同意。"
    d = doc(long_sentence)
    measures = segment(d)
    assert len(measures) >= 3
    assert all(len(m.text) <= MAX_CHARS for m in measures)
    assert all(d.text[m.start : m.end] == m.text for m in measures)
    assert measures[-1].text.endswith("全面提升产业发展水平。同意。")


def test_policy_articles_are_sections_and_short_articles_one_measure() -> None:
    text = (
        "深圳市某区促进产业发展若干措施\n"
        "第一条 为促进产业高质量发展，制定本措施。本措施适用于在本区注册的企业。\n"
        "第二条 对新落户企业给予最高2500万元支持。\n"
        "第三条 本措施自2022年1月1日起施行。"
    )
    measures = segment(doc(text, kind="policy"))
    assert [(m.source.section, m.text) for m in measures] == [
        ("第一条", "为促进产业高质量发展，制定本措施。本措施适用于在本区注册的企业。"),
        ("第二条", "对新落户企业给予最高2500万元支持。"),
        ("第三条", "本措施自2022年1月1日起施行。"),
    ]
    assert measures[1].facts[0].value == "money:25000000:CNY"


def test_policy_numbered_headings_nest() -> None:
    measures = segment(load_document(REAL / "policy" / "gbf_2019_41_whly_xf.txt"))
    sections = by_section(measures)
    # the traditional-character copy is read as simplified
    assert "一、总体目标" in sections
    assert any(s.startswith("二、主要任务 / (一)推出消费惠民措施") for s in sections)
    assert not any("各省、自治区" in m.text for m in measures)  # addressee line


def test_ministry_reply_sections() -> None:
    measures = segment(load_document(REAL / "reply" / "ndrc_2023_00006.txt"))
    assert list(by_section(measures)) == [
        "一、关于建立促进产业园发展的宽松政策环境",
        "二、关于持续提升企业技术创新能力",
    ]
    assert any("money:19800000000000:CNY" in {f.value for f in m.facts} for m in measures)
    assert not any("答复如下" in m.text or "具有很强针对性" in m.text for m in measures)


def test_flattened_web_copy_keeps_content_but_drops_boilerplate_sentences() -> None:
    measures = segment(load_document(REAL / "reply" / "yn_xinping_wlj_2025_guzhou.txt"))
    text = " ".join(m.text for m in measures)
    assert "收集约80件文物" in text and "3·18男人狂欢节" in text
    assert not any(w in text for w in ["答复如下", "再次感谢", "联系人", "2025年9月8日"])


def test_english_response_sections_and_facts() -> None:
    measures = segment(
        load_document(REAL / "en_response" / "uk_dius_ius_committee_last_report_2008.txt")
    )
    sections = by_section(measures)
    assert {"Recommendation 1", "Recommendation 2"} <= set(sections)
    values = {f.value for m in measures if m.source.section == "Recommendation 1" for f in m.facts}
    assert {"money:6300000000:GBP", "percent:2.5", "count:6:month"} <= values
    assert all(m.lang == "en" for m in measures)
    # sentences end at ". " but not inside "e.g. The" style abbreviations
    assert all(not m.text.startswith(("g.", "e.")) for m in measures)


def test_docx_reply_end_to_end(tmp_path: Path) -> None:
    document = docx.Document()
    for line in ["关于区政协第123号提案的答复", "尊敬的张委员：",
                 "您提出的《关于支持开源产业的提案》已收悉，现答复如下：",
                 "关于建议一：我区出台产业集群支持政策，新落户支持最高2500万元。",
                 "关于建议二：2021年举办开源活动，课程触达60万余人次。",
                 "感谢您对我局工作的关心和支持。", "福田区科技创新局", "2022年8月31日",
                 "联系人：李四，联系电话：0755-12345678"]:  # fmt: skip
        document.add_paragraph(line)
    path = tmp_path / "reply.docx"
    document.save(str(path))
    d = load_document(path)
    assert (d.kind, d.issuer, d.date) == ("reply", "福田区科技创新局", "2022-08-31")
    measures = segment(d)
    assert [(m.source.section, m.text) for m in measures] == [
        ("关于建议一", "我区出台产业集群支持政策，新落户支持最高2500万元。"),
        ("关于建议二", "2021年举办开源活动，课程触达60万余人次。"),
    ]


def test_every_real_document_segments_with_exact_spans() -> None:
    total = 0
    for path in sorted(REAL.rglob("*.txt")):
        d = load_document(path)
        measures = segment(d)
        assert measures, path
        total += len(measures)
        for m in measures:
            assert d.text[m.start : m.end] == m.text and m.text.strip() == m.text
            assert len(m.text) <= (MAX_CHARS_EN if m.lang == "en" else MAX_CHARS)
            assert "[... text truncated" not in m.text
    assert total > 200


def test_empty_body_gives_no_measures() -> None:
    assert segment(doc("福田区科技创新局\n2022年8月31日")) == []


def test_policy_purpose_clause_is_not_a_measure() -> None:
    text = (
        "云岭区促进科技创新若干措施\n为提升我区自主创新能力，强化企业科技创新主体地位，制定本措施。\n"
        "一、加大研发投入。对企业研发投入给予最高500万元资助。"
    )
    measures = segment(doc(text, kind="policy"))
    assert [(m.source.section, m.text) for m in measures] == [
        ("一、加大研发投入", "对企业研发投入给予最高500万元资助。")
    ]


def test_a_short_item_heading_joins_its_body_not_the_previous_item() -> None:
    text = ("一是搭建校企合作平台。对共建研究生联合培养基地的给予一次性最高50万元支持。"
            "目前已认定校企联合培养基地8个，其中软件领域5个。二是加强开源人才培养。"
            "2021年开设7门开源鸿蒙师资培训课程，覆盖全国160所高校近250名教师。")
    doc = Document(id="d1", path="r.txt", title="答复", kind="reply", text=text)
    texts = [m.text for m in segment(doc)]
    assert not any(t.endswith("二是加强开源人才培养。") for t in texts), texts
    assert any(t.startswith("二是加强开源人才培养。2021年") for t in texts), texts


def test_a_long_english_sentence_is_not_cut_at_its_commas() -> None:
    sentence = ("The Government is deeply committed to promoting the role of science, and it plays "
                "a central role in the new department, and has featured strongly in the recent "
                "Comprehensive Spending Review, where spending on the public science base will "
                "rise by an annual average rate of 2.5 per cent in real terms to £6.3 billion "
                "by 2010-11, as set out in the allocations published in the autumn.")
    assert 300 < len(sentence) <= MAX_CHARS_EN
    d = Document(id="e", path="r.txt", title="Response", kind="reply", text=sentence)
    assert [m.text for m in segment(d)] == [sentence]


def test_a_chinese_sentence_is_cut_at_a_semicolon_before_a_list_comma() -> None:
    text = ("全面开展宣传教育、分级负责、区域管理" + "、集中整治" * 30 + "；"
            "依法整治未批先建、批后加建以及侵占道路、河道、绿地、广场等违法违规建筑。")
    d = Document(id="z", path="r.txt", title="答复", kind="reply", text=text)
    texts = [m.text for m in segment(d)]
    assert any(t.startswith("依法整治未批先建") for t in texts), texts
    assert not any(t.startswith(("河道", "绿地", "广场")) for t in texts), texts


def test_brackets_hold_their_sentences_together() -> None:
    text = ("（一）推出消费惠民措施。拓展文化和旅游消费信贷业务，创新消费信贷抵质押模式。"
            "（文化和旅游部、财政部和地方各级人民政府负责。以下均需地方各级人民政府负责，不再列出）")
    d = Document(id="z", path="p.txt", title="意见", kind="policy", text=text)
    assert any(m.text.startswith("（文化和旅游部") and m.text.endswith("不再列出）")
               for m in segment(d)), [m.text for m in segment(d)]
    assert not any(m.text.startswith("以下均需") for m in segment(d))


def test_an_attitude_clause_is_cut_from_the_measures_after_it() -> None:
    text = ("加大农村公路建设力度和改善道路通行条件是我局义不容辞的责任，近年来，我们按照一个村小组"
            "至少有一条通村硬化路的目标和原则，大力解决群众出行难问题。")
    d = Document(id="z", path="r.txt", title="答复", kind="reply", text=text)
    assert [m.text for m in segment(d)] == [
        "加大农村公路建设力度和改善道路通行条件是我局义不容辞的责任，",
        "近年来，我们按照一个村小组至少有一条通村硬化路的目标和原则，大力解决群众出行难问题。"]


def test_a_public_notice_reply_starts_after_its_fields() -> None:
    reply = "由于我县通村公路项目资金有限，所以我局积极协调移民资金进行建设。"
    text = ("督办领导：交通运输局副局长某某协商方式：直接见面办理复文（摘要）： 《某县交通运输局"
            "对某县十六届人大六次会议第15号建议的答复》（某交函〔2021〕29号）" + reply +
            "\n感谢您对交通运输工作的关心和支持。")
    d = Document(id="z", path="r.txt", title="公示", kind="reply", text=text)
    assert [m.text for m in segment(d)] == [reply]


def test_the_words_a_stored_copy_was_cut_at_stay_apart() -> None:
    text = ("（一）加快技术改造。重点支持20个市级重大技术改造标杆项目，充分发挥示范引领带动作用。"
            "围绕加快培育在行业中具")
    d = Document(id="z", path="r.txt", title="答复", kind="reply", text=text)
    texts = [m.text for m in segment(d)]
    assert "重点支持20个市级重大技术改造标杆项目，充分发挥示范引领带动作用。" in texts, texts
