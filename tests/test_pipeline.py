"""End to end: every example proposal gets a complete, cited, grounded draft."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from drafter import Drafter, DraftReply
from drafter.ingest.facts import extract_facts

from .conftest import EXAMPLES, example_files

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
DAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def drafts(drafter_sample: Drafter) -> dict[str, DraftReply]:
    return {p.name: drafter_sample.draft(p, today=DAY) for p in example_files()}


def test_examples_are_all_listed() -> None:
    assert {p.name for p in example_files()} == set(EXPECTED)
    assert len([n for n in EXPECTED if n.startswith("zh")]) >= 4
    assert any(n.startswith("en") for n in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_section_per_recommendation(drafts: dict[str, DraftReply], name: str) -> None:
    draft = drafts[name]
    assert len(draft.sections) == EXPECTED[name]["recommendations"]
    assert [s.recommendation for s in draft.sections] == list(
        range(1, len(draft.sections) + 1))
    answered = [s for s in draft.sections if s.sentences]
    assert len(answered) >= len(draft.sections) - 1, "at most one section may lack evidence"
    for s in draft.sections:
        assert s.sentences or s.weak_evidence


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sentence_is_cited_and_every_fact_is_in_its_evidence(
        drafts: dict[str, DraftReply], name: str) -> None:
    draft = drafts[name]
    for section in draft.sections:
        for sent in section.sentences:
            assert sent.citations, sent.text
            cited = " ".join(draft.evidence[c].text for c in sent.citations)
            cited_values = {f.value for f in extract_facts(cited)}
            for fact in extract_facts(sent.text):
                assert fact.value in cited_values or fact.text in cited, (fact, sent.text)
            assert sent.supported is True
    assert draft.faithfulness is not None
    assert draft.faithfulness.unsupported_facts == []
    assert draft.faithfulness.supported_rate in (None, 1.0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_frame_has_the_shape_of_a_reply(drafts: dict[str, DraftReply], name: str) -> None:
    draft = drafts[name]
    if draft.lang == "zh":
        assert draft.salutation.startswith("尊敬的") and draft.salutation.endswith("：")
        assert "已收悉" in draft.opening and draft.opening.endswith("现答复如下：")
        assert draft.sections[0].heading == "关于建议一"
        assert draft.date == "2026年11月27日"
        if draft.proposal.title:
            assert f"《{draft.proposal.title}》" in draft.opening
    else:
        assert draft.salutation.startswith("Dear ")
        assert draft.sections[0].heading == "Recommendation 1"
        assert draft.date == "27 November 2026"
    assert draft.issuer and draft.closing
    md = draft.to_markdown()
    assert md.count("[^") >= 2 * len(draft.evidence)
    body = json.loads(draft.to_json())
    for key in ("proposal", "salutation", "opening", "sections", "closing", "issuer", "date",
                "evidence", "editor_notes", "faithfulness"):
        assert key in body
    sent = next(s for sec in body["sections"] for s in sec["sentences"])
    assert set(sent) >= {"text", "citations", "supported", "unsupported_facts"}
    assert set(body["sections"][0]) >= {"recommendation", "heading", "stance", "sentences"}


def test_an_invented_fact_is_marked(drafts: dict[str, DraftReply]) -> None:
    from drafter.faithfulness import apply_marks, check_reply

    draft = drafts["zh_open_source_jianyi.txt"].model_copy(deep=True)
    sent = next(s for sec in draft.sections for s in sec.sentences)
    sent.text += "另给予每家企业奖励9999万元。"
    report = check_reply(draft)
    assert any("9999万元" in f for f in report.unsupported_facts)
    apply_marks(draft, report)
    assert sent.supported is False
    assert "【待核实】" in draft.to_markdown()


def test_a_proposal_outside_the_corpus_is_flagged(drafter_sample: Drafter,
                                                 tmp_path: Path) -> None:
    text = ("关于加强农村饮用水水源地保护的建议\n尊敬的主席：\n建议一：加快推进山区村庄饮用水水源地"
            "划定与围栏建设。\n建议二：加强畜禽养殖污染对水源地影响的监测。\n")
    draft = drafter_sample.draft(text, today=DAY)
    assert len(draft.sections) == 2
    weak = [s for s in draft.sections if s.weak_evidence]
    assert weak, [s.sentences for s in draft.sections]
    assert any("未找到" in n for n in draft.editor_notes)
