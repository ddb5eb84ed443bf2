"""The baseline-vs-candidate gate: pairing, paired bootstrap, verdict, reports."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from drafter.eval_records import GATED, METRICS, ItemResult, RunResult, UnsupportedFact
from drafter.gate import (
    Comparison,
    MetricComparison,
    assert_no_regression,
    bootstrap_interval,
    compare,
    load_run,
    write_reports,
)
from drafter.gate_report import render_html, render_markdown, to_json


def make_run(grounding: list[float | None], *, coverage: float | None = 1.0,
             unsupported: dict[int, list[str]] | None = None,
             config: dict[str, str] | None = None) -> RunResult:
    """One item per grounding value, ids i00, i01, …; other metrics fixed."""
    items = []
    for i, g in enumerate(grounding):
        facts = (unsupported or {}).get(i, [])
        items.append(ItemResult(
            item=f"i{i:02d}",
            metrics={"fact_grounding": g, "coverage": coverage, "recall_at_k": 0.5,
                     "mrr": None},
            unsupported=[UnsupportedFact(recommendation=1, sentence=f"支持资金{f}。", fact=f)
                         for f in facts]))
    return RunResult(config=config or {"composer": "extractive"}, items=items)


def noisy(n: int, seed: int, shift: float = 0.0) -> list[float | None]:
    """Grounding rates around 0.9 with item-level noise."""
    rng = np.random.default_rng(seed)
    return [float(x) for x in np.clip(0.9 + 0.04 * rng.standard_normal(n) + shift, 0, 1)]


def metric(cmp: Comparison, name: str) -> MetricComparison:
    """The comparison of one metric."""
    return next(m for m in cmp.metrics if m.metric == name)


def test_identical_runs_pass() -> None:
    base = make_run(noisy(50, 1))
    cmp = compare(base, base.model_copy(deep=True))
    assert cmp.passed and cmp.reasons == []
    fg = metric(cmp, "fact_grounding")
    assert fg.n == 50 and fg.mean_diff == 0 and fg.low == 0 and fg.high == 0
    assert fg.direction == "same"
    assert [m.metric for m in cmp.metrics] == list(METRICS)


def test_clearly_worse_grounding_fails_naming_the_metric() -> None:
    g = noisy(50, 2)
    cand = [None if x is None else x - 0.1 for x in g]
    cmp = compare(make_run(g), make_run(cand))
    assert not cmp.passed
    fg = metric(cmp, "fact_grounding")
    assert fg.direction == "worse" and fg.high is not None and fg.high < 0
    assert fg.mean_diff == pytest.approx(-0.1)
    assert len(cmp.reasons) == 1 and cmp.reasons[0].startswith("fact_grounding worse")
    assert metric(cmp, "coverage").direction == "same"


def test_worse_coverage_fails_too() -> None:
    g = noisy(30, 3)
    cmp = compare(make_run(g, coverage=1.0), make_run(g, coverage=0.8))
    assert not cmp.passed and "coverage worse" in cmp.reasons[0]


def test_small_noisy_difference_spanning_zero_passes() -> None:
    base = [0.85] * 40
    # Half the items gain 0.03, half lose 0.03, one gains a little more: mean Δ 0.0001.
    cand: list[float | None] = [0.85 + (0.03 if i % 2 else -0.03) + (0.004 if i == 0 else 0)
                                for i in range(40)]
    cmp = compare(make_run(list(base)), make_run(cand))
    fg = metric(cmp, "fact_grounding")
    assert fg.low is not None and fg.high is not None
    assert fg.low < 0 < fg.high and fg.mean_diff != 0
    assert cmp.passed


def test_new_unsupported_fact_fails_even_when_means_are_equal() -> None:
    g = noisy(20, 6)
    base = make_run(g, unsupported={3: ["2500万元"]})
    cand = make_run(g, unsupported={3: ["2500 万元"], 7: ["2031年"]})
    cmp = compare(base, cand)
    assert metric(cmp, "fact_grounding").mean_diff == 0
    assert not cmp.passed
    # The baseline's own wrong amount (spaces aside) is not new; the candidate's year is.
    assert [(f.item, f.fact) for f in cmp.new_unsupported] == [("i07", "2031年")]
    assert "1 new unsupported fact in 1 item (i07)" in cmp.reasons


def test_unpaired_and_errored_items_are_listed_and_left_out() -> None:
    base = make_run([0.9, 0.9, 0.9, 0.1])
    cand = make_run([0.9, 0.9, 0.9, 0.1, 0.0])
    base.items[0].error = "parse failed"
    cand.items[1].error = "timeout"
    cand.items[3].metrics["fact_grounding"] = 0.0  # i03: worse, but only one item
    cand.items[4].unsupported = [UnsupportedFact(recommendation=1, sentence="s", fact="9亿元")]
    base.items.append(ItemResult(item="only-base", metrics={"fact_grounding": 1.0}))
    cand.items.append(ItemResult(item="only-cand-failed", error="no recommendations"))
    cmp = compare(base, cand)
    assert cmp.paired == ["i02", "i03"]
    assert cmp.only_baseline == ["only-base"] and cmp.only_candidate == ["i04"]
    assert cmp.errored == {"i00": "baseline: parse failed", "i01": "candidate: timeout",
                           "only-cand-failed": "candidate: no recommendations"}
    assert metric(cmp, "fact_grounding").n == 2
    assert cmp.new_unsupported == []  # i04's fact has no baseline to compare with
    assert any("5 items left out of the pairing" in n for n in cmp.notes)
    # What the baseline drafted and the candidate did not is a lost draft: the gate fails.
    assert cmp.lost == ["i01", "only-base"] and not cmp.passed
    assert any("2 items drafted by the baseline but not by the candidate" in r
               for r in cmp.reasons)
    md = render_markdown(cmp)
    assert "## Left out of the pairing" in md and "i01 (candidate: timeout)" in md


def test_none_metrics_are_skipped_not_zero() -> None:
    base = make_run([0.8, None, 0.8, 0.8])
    cand = make_run([0.8, 0.8, None, 0.8])
    cmp = compare(base, cand)
    fg = metric(cmp, "fact_grounding")
    assert fg.n == 2 and fg.baseline_mean == 0.8 and fg.candidate_mean == 0.8
    assert sorted(fg.diffs) == ["i00", "i03"]
    mrr = metric(cmp, "mrr")
    assert mrr.n == 0 and mrr.mean_diff is None and mrr.direction == "none"
    assert cmp.passed


def test_gated_metric_with_nothing_to_compare_is_a_note_not_a_verdict() -> None:
    cmp = compare(make_run([None, None]), make_run([None, None]))
    assert cmp.passed and cmp.reasons == []
    assert "fact_grounding: nothing to compare (no item scored on both sides)" in cmp.notes


def test_deterministic_for_a_seed() -> None:
    base, cand = make_run(noisy(50, 7)), make_run(noisy(50, 8))
    one, two = compare(base, cand, seed=3), compare(base, cand, seed=3)
    assert one == two and to_json(one) == to_json(two)
    other = metric(compare(base, cand, seed=4), "fact_grounding")
    fg = metric(one, "fact_grounding")
    assert (other.low, other.high) != (fg.low, fg.high)
    assert other.low == pytest.approx(fg.low, abs=0.01)
    assert other.mean_diff == fg.mean_diff


def test_interval_contains_the_true_mean_difference() -> None:
    rng = np.random.default_rng(9)
    base = rng.uniform(0.6, 0.9, 60)
    cand = base + 0.05 + 0.02 * rng.standard_normal(60)
    cmp = compare(make_run([float(x) for x in base]), make_run([float(x) for x in cand]))
    fg = metric(cmp, "fact_grounding")
    assert fg.low is not None and fg.high is not None
    assert fg.low < 0.05 < fg.high and fg.direction == "better"
    # The percentile interval of a mean: about ±1.96 standard errors.
    se = float(np.std(cand - base, ddof=1) / np.sqrt(60))
    assert fg.high - fg.low == pytest.approx(2 * 1.96 * se, rel=0.1)


def test_bootstrap_interval_narrows_with_confidence() -> None:
    d = np.linspace(-1, 1, 21)
    wide = bootstrap_interval(d, resamples=5000, seed=0, confidence=0.99)
    narrow = bootstrap_interval(d, resamples=5000, seed=0, confidence=0.5)
    assert wide[0] < narrow[0] < 0 < narrow[1] < wide[1]


def test_bad_arguments_and_duplicate_ids_raise() -> None:
    run = make_run([0.5])
    with pytest.raises(ValueError, match="confidence"):
        compare(run, run, confidence=95)
    with pytest.raises(ValueError, match="resamples"):
        compare(run, run, resamples=0)
    twice = RunResult(items=[*run.items, *run.items])
    with pytest.raises(ValueError, match="appears twice"):
        compare(twice, run)


def failing_comparison() -> Comparison:
    g = noisy(30, 10)
    return compare(make_run(g, config={"composer": "extractive"}),
                   make_run([x - 0.08 for x in g if x is not None],
                            unsupported={2: ["《虚构条例》"]}, config={"composer": "llm"}))


def test_markdown_leads_with_the_verdict_and_has_a_row_per_metric() -> None:
    md = render_markdown(failing_comparison())
    first = md.splitlines()[0]
    assert first.startswith("**FAIL — fact_grounding worse") and "1 new unsupported fact" in first
    for name in METRICS:
        assert re.search(rf"^\| (\*\*)?{name}\b.*\|$", md, re.M), name
    assert "| **fact_grounding** (gated) |" in md and "▼" in md
    assert "| i02 | 1 | 《虚构条例》 | 支持资金《虚构条例》。 |" in md
    assert "## Items that changed most" in md
    ok = render_markdown(compare(make_run([0.9, 0.8]), make_run([0.9, 0.8])))
    assert ok.startswith("**PASS — ")


def test_json_round_trips_with_stable_keys() -> None:
    cmp = failing_comparison()
    text = to_json(cmp)
    data = json.loads(text)
    assert list(data)[:3] == ["passed", "reasons", "notes"]
    assert Comparison.model_validate_json(text) == cmp


def test_html_is_one_self_contained_page_with_a_forest_plot() -> None:
    cmp = failing_comparison()
    page = render_html(cmp)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<svg") == 1
    assert not re.search(r"<(script|link|img)\b|src=|@import|https?://(?!www\.w3\.org/2000/svg)",
                         page)
    assert 'class="verdict fail">FAIL' in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    for name in METRICS:
        assert f">{name}" in svg
    assert svg.count("<circle") == sum(1 for m in cmp.metrics if m.n)
    # fact_grounding drawn red (worse beyond the interval), gated rows shaded.
    assert 'stroke="#c62828"' in svg and svg.count('fill="#fff4cc"') == len(GATED)
    assert "nothing to compare" in svg  # mrr is None everywhere
    ET.fromstring(svg + "</svg>")  # well-formed


def test_write_reports_writes_three_files(tmp_path: Path) -> None:
    paths = write_reports(failing_comparison(), tmp_path / "out")
    assert {p.name for p in paths.values()} == {"comparison.md", "comparison.json",
                                                 "comparison.html"}
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["passed"] is False


def test_assert_no_regression_raises_with_the_report(tmp_path: Path) -> None:
    g = noisy(30, 11)
    base_path = tmp_path / "base.json"
    base_path.write_text(make_run(g).model_dump_json(), encoding="utf-8")
    assert load_run(base_path) == make_run(g)
    assert assert_no_regression(base_path, make_run(g)).passed
    with pytest.raises(AssertionError, match=r"^\*\*FAIL — fact_grounding worse"):
        assert_no_regression(base_path, make_run([x - 0.1 for x in g if x is not None]),
                             resamples=2000)
    with pytest.raises(FileNotFoundError, match="drafter eval"):
        load_run(tmp_path / "missing.json")


def test_a_candidate_that_fails_every_item_fails_the_gate() -> None:
    base = make_run([0.9, 0.8, 1.0])
    cand = make_run([0.9, 0.8, 1.0])
    for item in cand.items:
        item.error, item.metrics = "the model is unavailable", {}
    cmp = compare(base, cand)
    assert not cmp.passed and cmp.lost == ["i00", "i01", "i02"]
