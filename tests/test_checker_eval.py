"""The checker measured on injected errors: thresholds per kind and language, determinism."""

from __future__ import annotations

import random

import pytest

from drafter.checker_eval import MetaEvalReport, evaluate_checker, flagged_facts
from drafter.inject import ERROR_KINDS, Grounded, generate, units


@pytest.fixture(scope="module")
def report() -> MetaEvalReport:
    return evaluate_checker(seed=0)


def test_every_kind_and_language_has_items(report: MetaEvalReport) -> None:
    for s in report.scores:
        if s.kind == "title" and s.lang == "en":
            continue  # English documents write no 《titles》
        assert s.n >= 30, (s.kind, s.lang, s.n)
    assert report.clean["zh"] >= 200 and report.clean["en"] >= 100


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_recall_and_precision_per_kind(report: MetaEvalReport, kind: str, lang: str) -> None:
    score = next(s for s in report.scores if s.kind == kind and s.lang == lang)
    if score.n == 0:
        assert score.recall is None and score.precision is None  # nothing to score
        return
    assert score.recall is not None and score.recall >= 0.95, [
        (m.changed_fact, m.sentence) for m in report.misses if m.kind == kind]
    assert score.precision is not None and score.precision >= 0.98, [
        (m.flagged_facts, m.sentence) for m in report.false_alarms if m.lang == lang]


def test_two_runs_are_identical(report: MetaEvalReport) -> None:
    again = evaluate_checker(seed=0)
    assert again.model_dump() == report.model_dump()
    assert again.summary() == report.summary()
    other = generate(seed=1)
    assert [c.sentence for c in other] != [c.sentence for c in generate(seed=0)]


def test_summary_keys_for_the_eval_suite(report: MetaEvalReport) -> None:
    summary = report.summary()
    assert summary["checker_recall_min"] is not None and summary["checker_recall_min"] >= 0.95
    assert summary["checker_precision_min"] is not None
    assert summary["checker_precision_min"] >= 0.98
    assert summary["checker_recall_title_en"] is None
    assert "checker_fp_rate_zh" in summary and "checker_recall_unit_en" in summary


def test_a_sentence_without_facts_gives_only_a_control_and_a_commitment() -> None:
    # Nothing checkable to change: no number, unit, date, title or org item is made.
    g = Grounded(lang="zh", sentence="共有专家若干人。", evidence="共有专家若干人。", origin="x")
    weak = evaluate_checker(seed=0, grounded=[g])
    assert all(s.n == 0 for s in weak.scores if s.kind != "commitment")
    assert next(s for s in weak.scores if s.kind == "commitment" and s.lang == "zh").recall == 1
    assert weak.clean["zh"] == 1 and weak.false_alarms_by_lang["zh"] == 0


def test_unit_swaps_change_the_value_and_are_flagged() -> None:
    g = Grounded(lang="zh", sentence="每家企业最高补贴500万元。",
                 evidence="每家企业最高补贴500万元。", origin="x")
    edits = list(units(g, random.Random(0)))
    assert edits and edits[0][0] == "每家企业最高补贴500亿元。"
    case = next(c for c in generate(seed=0, grounded=[g]) if c.kind == "unit")
    assert flagged_facts(case) == ["500亿元"]
