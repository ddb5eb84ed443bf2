"""Golden proposals: exact recommendation count and boundaries on every file.

``tests/data/proposals/`` holds proposals written for the project (Chinese
提案/建议 of fictional places and English committee reports), one numbering
form or trap per file; ``expected.json`` says, for each file, how many
recommendations it holds, how each one's text begins (after its label) and,
where given, how it ends, what it must and must not contain, how many points
it has, and the header fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from drafter.errors import InputError
from drafter.proposal import parse_proposal
from drafter.types import Proposal

DATA = Path(__file__).resolve().parent / "data" / "proposals"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (DATA / "expected.json").read_text(encoding="utf-8")
)
CLOSINGS = (
    "以上建议",
    "以上提案",
    "以上意见",
    "此致",
    "敬礼",
    "妥否",
    "当否",
    "请予审议",
    "Yours sincerely",
    "Yours faithfully",
)
HEADER_KEYS = ("title", "number", "proposers", "recipient")


_CN = "一二三四五六七八九十"
# Each numbering form the issue names, the golden files that use it for their
# recommendations, and the pattern every one of their labels must match.
FORMS: dict[str, tuple[str, list[str]]] = {
    "建议一：/建议二": (
        rf"^建议[{_CN}]+$",
        [
            "zh01_jianyi_colon.txt",
            "zh02_jianyi_heading_nested_yishi.txt",
            "zh35_yian_jianyi_with_arabic_points.txt",
            "zh41_background_then_jianyi.txt",
        ],
    ),
    "建议1：/建议2": (r"^建议\d+$", ["zh19_jianyi_arabic.txt"]),
    "一、二、": (
        rf"^[{_CN}]+、$",
        [
            "zh03_cn_dun.txt",
            "zh17_pdf_page_breaks.txt",
            "zh34_many_items.txt",
            "zh58_inline_closing.txt",
        ],
    ),
    "（一）（二）": (
        rf"^[（(][{_CN}]+[）)]$",
        ["zh04_cn_paren.txt", "zh11_background_sections.txt", "zh48_inline_cn_paren_paragraph.txt"],
    ),
    "1. 2.": (
        r"^\d+\.$",
        [
            "zh05_arabic_dot.txt",
            "zh13_restart_problems_then_suggestions.txt",
            "zh47_inline_arabic_paragraph.txt",
        ],
    ),
    "1、2、": (
        r"^\d+、$",
        ["zh06_arabic_dun.txt", "zh14_platform_header_numbered.txt", "zh52_hard_wrapped_pdf.txt"],
    ),
    "１．２．(full width)": (r"^[０-９]+．$", ["zh32_fullwidth_digits.txt"]),
    "（1）（2）": (r"^（\d+）$", ["zh22_arabic_paren.txt"]),
    "1）2）": (r"^\d+）$", ["zh55_wrapped_title_joint_header.txt"]),
    "①②": (r"^[①-⑳]$", ["zh07_circled.txt", "zh25_circled_inline.txt"]),
    "第一，第二": (rf"^第[{_CN}]+$", ["zh08_diyi.txt", "zh23_diyi_inline.txt"]),
    "一是…二是…三是… in one paragraph": (
        rf"^[{_CN}]+[是要]$",
        ["zh09_yishi_inline.txt", "zh21_background_then_yishi.txt", "zh53_yiyao_inline.txt"],
    ),
    "一是 / 二是 opening lines": (
        rf"^[{_CN}]+是$",
        ["zh20_yishi_lines.txt", "zh39_closing_request_review.txt"],
    ),
    "首先/其次/最后": (
        r"^(?:首先|其次|再次|最后)$",
        ["zh10_shouxian.txt", "zh24_shouxian_inline.txt"],
    ),
    "其一/其二": (rf"^其[{_CN}]+$", ["zh50_org_proposer_qiyi.txt"]),
    "Recommendation 1": (
        r"^Recommendation \d+$",
        [
            "en01_recommendation_n.txt",
            "en04_markdown_recommendations.txt",
            "en07_pdf_artefacts.txt",
            "en09_recommendation_heading_lines.txt",
        ],
    ),
    "We recommend that… paragraphs": (r"^$", ["en02_we_recommend.txt"]),
    "numbered paragraphs in English reports": (
        r"^\d+\.$",
        [
            "en03_numbered_paragraphs.txt",
            "en08_numbered_with_letters.txt",
            "en11_continuous_paragraph_numbers.txt",
            "en13_annex_witnesses.txt",
        ],
    ),
    "(a) (b) / (i) (ii) in English reports": (
        r"^\((?:[a-z]|[ivx]+)\)$",
        ["en05_letters.txt", "en10_roman_numerals.txt"],
    ),
    "bullets (●, -)": (r"^[●-]$", ["zh54_bullets_web_copy.txt", "en12_markdown_dash_bullets.txt"]),
    "no numbering at all": (
        r"^$",
        ["zh15_platform_no_numbering.txt", "zh16_no_numbering_prose.txt", "en06_no_numbering.txt"],
    ),
}


def _parse(name: str) -> Proposal:
    return parse_proposal((DATA / name).read_text(encoding="utf-8"), source_path=name)


def test_the_golden_set_is_complete() -> None:
    """Every file has an expectation and every expectation a file; at least 40 cases."""
    files = {p.name for p in DATA.glob("*.txt")}
    assert files == set(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_numbering_form_is_covered(form: str) -> None:
    """The files listed for a form number their recommendations in that form."""
    pattern, names = FORMS[form]
    assert names
    for name in names:
        labels = [r.label for r in _parse(name).recommendations]
        assert len(labels) == EXPECTED[name]["recommendations"], name
        assert all(re.match(pattern, label) for label in labels), (name, labels)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_count_and_numbering(name: str) -> None:
    exp = EXPECTED[name]
    p = _parse(name)
    got = [(r.label, r.text[:30]) for r in p.recommendations]
    assert len(p.recommendations) == exp["recommendations"], got
    assert [r.number for r in p.recommendations] == list(range(1, exp["recommendations"] + 1))
    assert p.numbering_found is exp["numbering_found"]
    assert p.numbering == exp["numbering"]
    assert len(exp["first_chars"]) == exp["recommendations"]  # the expectation itself


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_boundaries(name: str) -> None:
    """Each recommendation starts where expected and stops before the next one."""
    exp = EXPECTED[name]
    recs = _parse(name).recommendations
    assert len(recs) == exp["recommendations"]
    firsts: list[str] = exp["first_chars"]
    for k, (rec, first) in enumerate(zip(recs, firsts, strict=True)):
        assert rec.text.startswith(first), (k + 1, rec.label, rec.text[:40])
        for later in firsts[k + 1 :]:
            assert later not in rec.text, (k + 1, "runs into a later recommendation", later)
        for closing in CLOSINGS:
            assert closing not in rec.text, (k + 1, "runs into the closing", closing)
    for k, (rec, last) in enumerate(zip(recs, exp.get("last_chars", []), strict=False)):
        assert rec.text.endswith(last), (k + 1, rec.text[-40:])
    for key, needles in exp.get("contains", {}).items():
        for needle in needles:
            assert needle in recs[int(key) - 1].text, (key, needle, recs[int(key) - 1].text)
    for needle in exp.get("absent", []):
        for k, rec in enumerate(recs, 1):
            assert needle not in rec.text, (k, needle, rec.text)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "points" in EXPECTED[n]))
def test_nested_points(name: str) -> None:
    """The inner level of nested numbering becomes each recommendation's points."""
    recs = _parse(name).recommendations
    assert [len(r.points) for r in recs] == EXPECTED[name]["points"]
    for rec in recs:
        for point in rec.points:
            assert point and point in rec.text


@pytest.mark.parametrize(
    "name", sorted(n for n in EXPECTED if any(k in EXPECTED[n] for k in HEADER_KEYS))
)
def test_header(name: str) -> None:
    exp = EXPECTED[name]
    p = _parse(name)
    for key in HEADER_KEYS:
        if key in exp:
            assert getattr(p, key) == exp[key], key


def test_numbering_labels_without_text_are_refused() -> None:
    with pytest.raises(InputError, match="not look like a proposal"):
        parse_proposal("一、\n二、\n三、\n", source_path="labels.txt")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_loader_keeps_the_parse(name: str) -> None:
    """Read as a user's file (through the loader's cleaning), the proposal parses the same."""
    from drafter.ingest import read_text

    direct = _parse(name)
    loaded = parse_proposal(read_text(DATA / name), source_path=name)
    assert (loaded.title, loaded.number, loaded.proposers) == (
        direct.title, direct.number, direct.proposers)
    assert [r.text for r in loaded.recommendations] == [r.text for r in direct.recommendations]
