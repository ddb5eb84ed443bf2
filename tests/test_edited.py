"""Checking a draft a person has edited: real drafts, edited as editors do, on the real index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafter.edited import (
    EditCheckReport,
    EditedSentenceCheck,
    check_edited,
    read_edited,
    render_text,
    split_sentences,
)
from drafter.errors import InputError
from drafter.faithfulness import apply_marks, check_reply
from drafter.ingest.facts import extract_facts

from .conftest import ExampleDrafts as Drafts

ZH_AMOUNT = "对新引进、全职在我区工作且年龄不超过40周岁的博士研究生，给予一次性生活补贴15万元。"
ZH_HOUSING = "2021年，全区实际筹集人才住房1200套"
ZH_RESTATED = "对新设立的国家级博士后科研工作站，我区给予一次性50万元建站支持。"
ZH_INVENTED = "同时，区财政每年安排3000万元设立软件人才发展专项资金。"
EN_GRANTS = "awarded 64 grants worth £6.8 million in total."
EN_RESTATED = ("The Yunling SME Innovation Fund is worth £25 million over four years, "
               "from 2023 to 2027.")
EN_INVENTED = "The Council will also fund 75 new apprenticeships at a cost of £3.2 million."


@pytest.fixture(scope="module")
def drafts(example_drafts: Drafts) -> Drafts:
    """The two example drafts and the drafter that wrote them (see conftest)."""
    return example_drafts


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(drafts: Drafts, tmp_path: Path, name: str, text: str) -> EditCheckReport:
    return check_edited(write(tmp_path, name, text), drafts.drafter)


def sentence(report: EditCheckReport, part: str) -> EditedSentenceCheck:
    found = [s for s in report.sentences if part in s.text]
    assert len(found) == 1, [s.text for s in report.sentences]
    return found[0]


def marker_after(md: str, text: str) -> str:
    """The footnote markers that follow ``text`` in ``md``."""
    m = re.search(re.escape(text) + r"((?:\[\^\d+\])+)", md)
    assert m, text
    return m.group(1)


# --------------------------------------------------------------------------- untouched

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_untouched_draft_is_all_supported(drafts: Drafts, tmp_path: Path, lang: str) -> None:
    draft = drafts.zh if lang == "zh" else drafts.en
    report = check(drafts, tmp_path, "reply.md", draft.to_markdown())
    n = sum(len(s.sentences) for s in draft.sections)
    assert report.ok and report.unsupported_facts == []
    assert len(report.sentences) == n and report.supported_rate == 1.0
    assert not any(s.found_by_search for s in report.sentences)
    cited = [c for s in draft.sections for sent in s.sentences for c in sent.citations]
    assert [c for s in report.sentences for c in s.citations] == cited
    assert draft.salutation in report.frame_skipped and draft.date in report.frame_skipped
    heads = [s.heading for s in draft.sections if s.sentences]
    assert list(dict.fromkeys(s.section for s in report.sentences)) == heads
    assert render_text(report).splitlines()[0].startswith(f"{n} sentences, {n} supported, "
                                                          "0 unsupported facts")


def test_untouched_json_is_all_supported(drafts: Drafts, tmp_path: Path) -> None:
    report = check(drafts, tmp_path, "reply.json", drafts.zh.to_json())
    assert report.ok and report.supported_rate == 1.0
    assert all(set(s.cited_from.values()) == {"index"} for s in report.sentences)


# --------------------------------------------------------------------------- Markdown edits

def test_changed_amount_in_cited_sentence_is_listed(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.zh.to_markdown().replace("生活补贴15万元", "生活补贴20万元")
    report = check(drafts, tmp_path, "reply.md", md)
    assert not report.ok
    [bad] = report.unsupported_facts
    first = drafts.zh.sections[0].sentences[0].text  # "一是对新引进…15万元。"
    assert ZH_AMOUNT in first
    assert bad.fact == "20万元" and bad.sentence == first.replace("15万元", "20万元")
    assert bad.section == "关于建议一"
    s = sentence(report, "生活补贴20万元")
    assert s.supported is False and not s.found_by_search  # checked against its citation
    text = render_text(report)
    assert "20万元" in text and ZH_AMOUNT.replace("15", "20") in text
    assert "1 unsupported fact" in text.splitlines()[-1]


def test_deleted_marker_on_correct_sentence_is_found_by_search(drafts: Drafts,
                                                               tmp_path: Path) -> None:
    md = drafts.zh.to_markdown()
    marks = marker_after(md, "优先面向软件企业配租。")
    housing_id = next(s.citations[0] for sec in drafts.zh.sections for s in sec.sentences
                      if ZH_HOUSING in s.text)
    report = check(drafts, tmp_path, "reply.md",
                   md.replace("优先面向软件企业配租。" + marks, "优先面向软件企业配租。"))
    s = sentence(report, ZH_HOUSING)
    assert s.found_by_search and s.supported is True and housing_id in s.citations
    assert report.ok


def test_new_uncited_sentence_with_invented_number(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.zh.to_markdown()
    service = "提供政策咨询、申报辅导和跟踪服务。"
    after = service + marker_after(md, service)
    md = md.replace(after, after + ZH_INVENTED)
    report = check(drafts, tmp_path, "reply.md", md)
    s = sentence(report, "3000万元")
    assert s.found_by_search and s.supported is False and s.section == "关于建议四"
    assert [(u.fact, u.sentence) for u in report.unsupported_facts] == [("3000万元", ZH_INVENTED)]
    assert len(s.citations) >= 1  # what the search found is reported


def test_new_sentence_restating_a_corpus_measure_is_supported(drafts: Drafts,
                                                              tmp_path: Path) -> None:
    md = drafts.zh.to_markdown().replace("**关于建议四：**", "**关于建议四：**" + ZH_RESTATED)
    report = check(drafts, tmp_path, "reply.md", md)
    s = sentence(report, "博士后科研工作站")
    assert s.found_by_search and s.supported is True and s.citations
    assert report.ok


def test_removed_sources_section_falls_back_to_search(drafts: Drafts, tmp_path: Path) -> None:
    """Markers whose Sources lines are gone name nothing: those sentences are searched for."""
    md = drafts.zh.to_markdown()
    cut = md[: md.index("## 引用来源")].replace("生活补贴15万元", "生活补贴25万元")
    report = check(drafts, tmp_path, "reply.md", cut)
    assert all(s.found_by_search and s.missing_citations for s in report.sentences)
    assert sentence(report, "生活补贴25万元").missing_citations == ["[^1]"]
    # the untouched sentences are all found again; the changed amount is not
    assert [u.fact for u in report.unsupported_facts] == ["25万元"]
    assert [s.text for s in report.sentences if s.supported is False] == [
        drafts.zh.sections[0].sentences[0].text.replace("15万元", "25万元")]
    # a sentence without facts has nothing to check once its citation is gone: None, not False
    unscored = [s.text for s in report.sentences if s.supported is None]
    assert unscored and not any(extract_facts(t, "zh") for t in unscored)


def test_id_gone_from_index_uses_the_quoted_passage(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.zh.to_markdown()
    eid = drafts.zh.sections[0].sentences[0].citations[0]
    report = check(drafts, tmp_path, "reply.md", md.replace(f"`{eid}`", "`0000000000000000`"))
    s = sentence(report, "生活补贴15万元")
    assert s.cited_from == {"0000000000000000": "file"} and s.supported is True
    assert not s.found_by_search


def test_removed_verify_mark_does_not_hide_a_wrong_fact(drafts: Drafts, tmp_path: Path) -> None:
    draft = drafts.zh.model_copy(deep=True)
    first = draft.sections[0].sentences[0]
    first.text = first.text.replace("15万元", "18万元")
    apply_marks(draft, check_reply(draft))
    marked = draft.to_markdown()
    assert "【待核实】" + first.text in marked
    for name, text in (("marked.md", marked), ("unmarked.md", marked.replace("【待核实】", ""))):
        report = check(drafts, tmp_path, name, text)
        assert [(u.fact, u.sentence) for u in report.unsupported_facts] == [("18万元", first.text)]
        assert not report.ok


def test_headings_rewritten_by_the_editor(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.zh.to_markdown()
    md = md.replace("**关于建议一：**", "关于建议一：")
    md = md.replace("**关于建议三：**", "**关于建议三**\n")
    md = md.replace("**关于建议二：**", "## 关于建议二\n\n")
    report = check(drafts, tmp_path, "reply.md", md)
    assert report.ok and len(report.sentences) == sum(len(s.sentences)
                                                      for s in drafts.zh.sections)
    assert sentence(report, "生活补贴15万元").section == "关于建议一"
    assert sentence(report, ZH_HOUSING).section == "关于建议二"
    assert sentence(report, "最高50万元").section == "关于建议三"


def test_txt_has_no_footnotes_and_is_checked_by_search(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.zh.to_markdown()
    two = md[: md.index("**关于建议三")] + md[md.index("再次感谢"): md.index("---")]
    body = re.sub(r"\[\^\d+\]", "", two).replace("**", "")
    report = check(drafts, tmp_path, "reply.txt", body.replace("15万元", "16万元"))
    written = sum(len(s.sentences) for s in drafts.zh.sections[:2])
    assert len(report.sentences) == written and all(s.found_by_search for s in report.sentences)
    assert [u.fact for u in report.unsupported_facts] == ["16万元"]
    assert sentence(report, ZH_HOUSING).section == "关于建议二"
    assert "云岭区科技创新局" in report.frame_skipped


# --------------------------------------------------------------------------- English

def test_english_edits(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.en.to_markdown()
    assert "£25 million" not in md and "apprenticeships" not in md
    edited = (md.replace(EN_GRANTS, EN_GRANTS.replace("£6.8 million", "£8.6 million"))
              .replace("**Recommendation 4**\n\n", "Recommendation 4\n\n" + EN_RESTATED + " ")
              .replace("**Recommendation 2**\n\n", "**Recommendation 2**\n\n" + EN_INVENTED + " "))
    report = check(drafts, tmp_path, "reply.md", edited)
    facts = {u.fact: u for u in report.unsupported_facts}
    assert set(facts) >= {"£8.6 million", "£3.2 million"}
    assert facts["£8.6 million"].section == "Recommendation 3"
    assert not sentence(report, "£8.6 million").found_by_search
    invented = sentence(report, "apprenticeships")
    assert invented.found_by_search and invented.supported is False
    restated = sentence(report, "£25 million")
    assert restated.found_by_search and restated.supported is True
    assert restated.section == "Recommendation 4"
    assert all("Recommendation" in u.section for u in report.unsupported_facts)


def test_english_sentence_splitting() -> None:
    text = ("Grants under No. 5 of the scheme total £2.5 million, e.g. for software. "
            "Mr. Smith agreed.[^3] The U.K. view is noted! Is it done? yes it is. Done.")
    assert split_sentences(text) == [
        "Grants under No. 5 of the scheme total £2.5 million, e.g. for software.",
        "Mr. Smith agreed.[^3]",
        "The U.K. view is noted!",
        "Is it done? yes it is.",
        "Done.",
    ]
    assert split_sentences("一是补贴15万元。[^1]二是“云岭人才卡”。”[^2]下一步，加快建设！") == [
        "一是补贴15万元。[^1]", "二是“云岭人才卡”。”[^2]", "下一步，加快建设！"]


# --------------------------------------------------------------------------- JSON edits

def test_json_edited_the_same_ways(drafts: Drafts, tmp_path: Path) -> None:
    data = json.loads(drafts.zh.to_json())
    sents = [s for sec in data["sections"] for s in sec["sentences"]]
    sents[0]["text"] = sents[0]["text"].replace("15万元", "20万元")  # changed amount, cited
    housing = next(s for s in sents if ZH_HOUSING in s["text"])
    housing_id = housing["citations"][0]
    housing["citations"] = []  # deleted citation on a correct sentence
    data["sections"][-1]["sentences"].append({"text": "【待核实】" + ZH_INVENTED, "citations": []})
    data["sections"][-1]["sentences"].append({"text": ZH_RESTATED})
    lost = next(s for s in sents if "开源鸿蒙师资培训课程" in s["text"])
    lost["citations"] = ["ffffffffffffffff"]  # an id neither in the index nor in the file
    report = check(drafts, tmp_path, "reply.json", json.dumps(data, ensure_ascii=False))
    assert sorted(u.fact for u in report.unsupported_facts) == ["20万元", "3000万元"]
    assert sentence(report, "3000万元").text == ZH_INVENTED  # the mark is stripped
    h = sentence(report, ZH_HOUSING)
    assert h.found_by_search and h.supported and housing_id in h.citations
    assert sentence(report, "博士后科研工作站").supported is True
    gone = sentence(report, "开源鸿蒙师资培训课程")
    assert gone.missing_citations == ["ffffffffffffffff"] and gone.found_by_search
    assert gone.supported is True
    assert sentence(report, "生活补贴20万元").section == "关于建议一"


def test_report_follows_the_check_contract(drafts: Drafts, tmp_path: Path) -> None:
    md = drafts.en.to_markdown().replace("£6.8 million", "£9 million")
    report = check(drafts, tmp_path, "reply.md", md)
    out = json.loads(report.model_dump_json())
    assert {"sentences", "supported_rate", "unsupported_facts", "path"} <= set(out)
    assert {"text", "supported", "unsupported_facts", "citations", "section",
            "found_by_search", "support_score"} <= set(out["sentences"][0])
    assert out["unsupported_facts"][0]["fact"] == "£9 million"
    assert "£9 million" in out["unsupported_facts"][0]["sentence"]
    scored = [s for s in out["sentences"] if s["supported"] is not None]
    assert out["supported_rate"] == round((len(scored) - 1) / len(scored), 4)  # one changed


# --------------------------------------------------------------------------- bad files

@pytest.mark.parametrize("name, content, words", [
    ("missing.md", None, "not found"),
    ("empty.md", b"", "empty"),
    ("blank.json", b"  \n", "empty"),
    ("binary.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("noise.txt", bytes(range(256)) * 8, "binary"),
    ("list.json", b"[1, 2, 3]", "not a drafter draft"),
    ("other.json", b'{"query": "x", "results": []}', "not a drafter draft"),
    ("broken.json", b'{"sections": [', "not valid JSON"),
    ("reply.pdf", b"%PDF-1.4\n", ".md, .json, .txt or .docx"),
    ("notes.md", "# 标题\n\n尊敬的马文博委员：\n".encode(), "no answer sentences"),
])
def test_bad_files_raise_input_error(drafts: Drafts, tmp_path: Path, name: str,
                                     content: bytes | None, words: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as err:
        check_edited(path, drafts.drafter)
    assert str(path) in str(err.value) and words in str(err.value)
    assert err.value.exit_code == 2


def test_directory_raises_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "draft.md"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        read_edited(folder)


def test_plain_text_one_paragraph_a_line(tmp_path: Path) -> None:
    """A .txt typed by hand: no blank lines, a soft-wrapped sentence, the frame at both ends."""
    text = ("关于第20240156号提案的答复\n尊敬的马文博委员：\n您提出的提案已收悉。现答复如下：\n"
            "关于建议一：对新引进的博士研究生，给予一次性\n生活补贴15万元。【待核实】下一步加快建设。\n"
            "二、关于人才住房\n全区筹集人才住房1200套。\n此复。\n云岭区科技创新局\n2026年11月27日\n")
    draft = read_edited(write(tmp_path, "reply.txt", text))
    assert [(s.section, s.text) for s in draft.sentences] == [
        ("关于建议一", "对新引进的博士研究生，给予一次性生活补贴15万元。"),
        ("关于建议一", "下一步加快建设。"),
        ("二、关于人才住房", "全区筹集人才住房1200套。"),
    ]
    assert draft.sentences[1].marked and draft.lang == "zh"
    assert draft.frame == ["关于第20240156号提案的答复", "尊敬的马文博委员：",
                           "您提出的提案已收悉。现答复如下：", "此复。", "云岭区科技创新局",
                           "2026年11月27日"]
