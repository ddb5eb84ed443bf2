"""Baseline vs candidate: paired differences, a paired bootstrap, and the gate.

``compare(baseline, candidate)`` pairs the two runs' items by id, and for
every metric in ``METRICS`` takes the per-item difference (candidate −
baseline) and a percentile interval for its mean from a paired bootstrap
over items: item indices are resampled with replacement, ``resamples``
times, with ``numpy.random.default_rng(seed)``, so the same inputs and seed
give the same ``Comparison``.

The gate fails when, for a metric in ``GATED``, the whole interval lies below
0 (the candidate is worse beyond the interval), when the candidate states an
unsupported fact that the baseline did not, or when it loses a draft (an item
the baseline drafted that the candidate failed on or did not run).  A fact is *new* when its
text (whitespace removed) is not among the baseline's unsupported facts for
the same item: a reworded sentence that keeps the same wrong amount is not a
new error, the same wrong amount moved to another sentence is not either.

Items present on one side only, or with an ``error`` on either side, are
left out of the pairing and listed.  A metric with no item scored on both
sides (``None`` is "nothing to score", never 0) has nothing to compare: it
neither fails nor passes the gate.

``assert_no_regression`` is the same gate for a test (a CI runs it under
pytest); ``write_reports`` writes the Markdown, JSON and HTML reports that
``drafter.gate_report`` renders.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from drafter.eval_records import GATED, METRICS, ItemResult, RunResult
from drafter.gate_report import render_html, render_markdown, to_json

__all__ = [
    "Comparison",
    "MetricComparison",
    "NewUnsupportedFact",
    "assert_no_regression",
    "bootstrap_interval",
    "compare",
    "load_run",
    "write_reports",
]

#: Differences are rounded to this many digits before resampling, so that
#: float noise (0.1 + 0.2 vs 0.3) never reads as a change.
_DIGITS = 12
#: At most this many resampled indices are held in memory at once.
_CHUNK_CELLS = 2_000_000

Direction = Literal["better", "worse", "same", "none"]


class MetricComparison(BaseModel):
    """One metric compared over the paired items.

    ``direction`` is "worse" when the interval's upper bound is below 0,
    "better" when its lower bound is above 0, "same" when it spans 0, and
    "none" when no pair has both values (nothing to compare).
    """

    metric: str
    description: str = ""
    gated: bool = False
    n: int = 0
    baseline_mean: float | None = None
    candidate_mean: float | None = None
    mean_diff: float | None = None
    low: float | None = None
    high: float | None = None
    direction: Direction = "none"
    #: item id → candidate − baseline, for the items scored on both sides (sorted by id).
    diffs: dict[str, float] = Field(default_factory=dict)


class NewUnsupportedFact(BaseModel):
    """An unsupported fact in the candidate's draft that the baseline's draft did not have."""

    item: str
    recommendation: int
    sentence: str
    fact: str


class Comparison(BaseModel):
    """Baseline vs candidate: the verdict first, then what it rests on."""

    passed: bool
    reasons: list[str] = Field(default_factory=list)
    #: What a reader should know that is no reason to fail (nothing to compare, items left out).
    notes: list[str] = Field(default_factory=list)
    resamples: int
    seed: int
    confidence: float
    gated: list[str] = Field(default_factory=list)
    baseline_config: dict[str, Any] = Field(default_factory=dict)
    candidate_config: dict[str, Any] = Field(default_factory=dict)
    paired: list[str] = Field(default_factory=list)
    only_baseline: list[str] = Field(default_factory=list)
    only_candidate: list[str] = Field(default_factory=list)
    #: item id → "baseline: …" / "candidate: …" error text, for items left out because they failed.
    errored: dict[str, str] = Field(default_factory=dict)
    metrics: list[MetricComparison] = Field(default_factory=list)
    new_unsupported: list[NewUnsupportedFact] = Field(default_factory=list)
    #: Items the baseline drafted and the candidate did not (it failed, or did not run them).
    lost: list[str] = Field(default_factory=list)


def bootstrap_interval(diffs: np.ndarray, *, resamples: int, seed: int,
                       confidence: float) -> tuple[float, float]:
    """Percentile interval of the mean of ``diffs`` from a bootstrap over its entries.

    Args:
        diffs: One paired difference per item (at least one).
        resamples: How many resampled means to draw.
        seed: Seed of ``numpy.random.default_rng``.
        confidence: Coverage of the interval, e.g. 0.95.

    Returns:
        The lower and upper percentile of the resampled means.
    """
    n = len(diffs)
    rng = np.random.default_rng(seed)
    rows = max(1, _CHUNK_CELLS // n)
    means = np.empty(resamples, dtype=np.float64)
    for start in range(0, resamples, rows):
        stop = min(resamples, start + rows)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = diffs[idx].mean(axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return round(float(low), _DIGITS), round(float(high), _DIGITS)


def compare(baseline: RunResult, candidate: RunResult, *, resamples: int = 10_000,
            seed: int = 0, confidence: float = 0.95) -> Comparison:
    """Compare two runs item by item and decide whether the candidate may replace the baseline.

    Args:
        baseline: The run of the configuration in use.
        candidate: The run of the configuration proposed.
        resamples: Bootstrap resamples per metric.
        seed: Seed of the bootstrap (the same seed gives the same Comparison).
        confidence: Coverage of the intervals, in (0, 1).

    Returns:
        The Comparison, with ``passed`` and the ``reasons`` it failed for.

    Raises:
        ValueError: ``resamples`` below 1 or ``confidence`` outside (0, 1).
    """
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie in (0, 1), e.g. 0.95, not {confidence}")
    base = _by_id(baseline.items)
    cand = _by_id(candidate.items)
    errored = {k: f"baseline: {base[k].error}" for k in sorted(base) if base[k].error}
    for k in sorted(cand):
        if cand[k].error:
            prefix = f"{errored[k]}; " if k in errored else ""
            errored[k] = f"{prefix}candidate: {cand[k].error}"
    paired = sorted(k for k in base.keys() & cand.keys() if k not in errored)
    pairs = [(base[k], cand[k]) for k in paired]
    metrics = [_compare_metric(name, pairs, resamples=resamples, seed=seed,
                               confidence=confidence) for name in _metric_names(pairs)]
    new = _new_unsupported(pairs)
    cmp = Comparison(
        passed=True, resamples=resamples, seed=seed, confidence=confidence,
        gated=list(GATED), baseline_config=baseline.config, candidate_config=candidate.config,
        paired=paired,
        only_baseline=sorted(base.keys() - cand.keys() - errored.keys()),
        only_candidate=sorted(cand.keys() - base.keys() - errored.keys()),
        errored=errored, metrics=metrics, new_unsupported=new,
        lost=sorted(k for k in base if not base[k].error and (k not in cand or cand[k].error)),
    )
    _judge(cmp)
    return cmp


def _by_id(items: list[ItemResult]) -> dict[str, ItemResult]:
    """Items by id; a duplicated id is a broken run, not something to average over."""
    out: dict[str, ItemResult] = {}
    for it in items:
        if it.item in out:
            raise ValueError(f"item {it.item!r} appears twice in one run: give each item one id")
        out[it.item] = it
    return out


def _metric_names(pairs: list[tuple[ItemResult, ItemResult]]) -> list[str]:
    """``METRICS`` in their order, then any other metric either side reports, sorted."""
    extra = {m for b, c in pairs for m in (*b.metrics, *c.metrics)} - METRICS.keys()
    return [*METRICS, *sorted(extra)]


def _compare_metric(name: str, pairs: list[tuple[ItemResult, ItemResult]], *,
                    resamples: int, seed: int, confidence: float) -> MetricComparison:
    """Means, mean difference and bootstrap interval of one metric over the scored pairs."""
    scored = [(b.item, bv, cv) for b, c in pairs
              if (bv := b.metrics.get(name)) is not None
              and (cv := c.metrics.get(name)) is not None]
    out = MetricComparison(metric=name, description=METRICS.get(name, ""),
                           gated=name in GATED, n=len(scored))
    if not scored:
        return out
    b = np.array([s[1] for s in scored], dtype=np.float64)
    c = np.array([s[2] for s in scored], dtype=np.float64)
    d = np.round(c - b, _DIGITS)
    low, high = bootstrap_interval(d, resamples=resamples, seed=seed, confidence=confidence)
    out.baseline_mean = round(float(b.mean()), _DIGITS)
    out.candidate_mean = round(float(c.mean()), _DIGITS)
    out.mean_diff = round(float(d.mean()), _DIGITS)
    out.low, out.high = low, high
    out.direction = "worse" if high < 0 else "better" if low > 0 else "same"
    out.diffs = {item: float(x) for (item, _, _), x in zip(scored, d, strict=True)}
    return out


def _fact_key(fact: str) -> str:
    """The fact's text without whitespace: what makes two unsupported facts the same."""
    return "".join(fact.split())


def _new_unsupported(pairs: list[tuple[ItemResult, ItemResult]]) -> list[NewUnsupportedFact]:
    """The candidate's unsupported facts whose text the baseline's same item did not have."""
    new: list[NewUnsupportedFact] = []
    for b, c in pairs:
        known = {_fact_key(u.fact) for u in b.unsupported}
        seen: set[tuple[int, str, str]] = set()
        for u in c.unsupported:
            key = (u.recommendation, u.sentence, _fact_key(u.fact))
            if _fact_key(u.fact) in known or key in seen:
                continue
            seen.add(key)
            new.append(NewUnsupportedFact(item=c.item, recommendation=u.recommendation,
                                          sentence=u.sentence, fact=u.fact))
    return new


def _judge(cmp: Comparison) -> None:
    """Fill ``passed``, ``reasons`` and ``notes`` from the metrics and new facts."""
    pct = f"{cmp.confidence:.0%}".replace("%", " %")
    if not cmp.paired:  # a gate that compared nothing has shown nothing
        cmp.reasons.append("no item was drafted by both the baseline and the candidate: "
                           "nothing to compare (check the golden cases and the two runs)")
    for m in cmp.metrics:
        if not m.gated:
            continue
        if m.n == 0:
            cmp.notes.append(f"{m.metric}: nothing to compare (no item scored on both sides)")
        elif m.direction == "worse":
            cmp.reasons.append(
                f"{m.metric} worse: Δ {m.mean_diff:+.4f}, {pct} interval "
                f"[{m.low:+.4f}, {m.high:+.4f}] lies below 0 (n={m.n})")
    if cmp.new_unsupported:
        items = sorted({f.item for f in cmp.new_unsupported})
        k = len(cmp.new_unsupported)
        cmp.reasons.append(
            f"{k} new unsupported fact{'s' if k != 1 else ''} in {len(items)} "
            f"item{'s' if len(items) != 1 else ''} ({', '.join(items[:5])}"
            f"{', …' if len(items) > 5 else ''})")
    # A draft the candidate loses (an error where the baseline drafted, or a case it
    # did not run) is a regression, however good the rest is.
    lost = cmp.lost
    if lost:
        cmp.reasons.append(
            f"{len(lost)} item{'s' if len(lost) != 1 else ''} drafted by the baseline but not "
            f"by the candidate ({', '.join(lost[:5])}{', …' if len(lost) > 5 else ''})")
    left_out = len(cmp.only_baseline) + len(cmp.only_candidate) + len(cmp.errored)
    if left_out:
        cmp.notes.append(
            f"{left_out} item{'s' if left_out != 1 else ''} left out of the pairing "
            f"({len(cmp.only_baseline)} only in the baseline, {len(cmp.only_candidate)} only "
            f"in the candidate, {len(cmp.errored)} with an error)")
    cmp.passed = not cmp.reasons


def load_run(path: str | os.PathLike[str]) -> RunResult:
    """Read a ``RunResult`` written as JSON (``RunResult.model_dump_json()``).

    Raises:
        FileNotFoundError: No file at ``path`` (run ``drafter eval`` to write one).
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no eval result here; run `drafter eval` to write one")
    return RunResult.model_validate_json(p.read_text(encoding="utf-8"))


def assert_no_regression(baseline: RunResult | str | os.PathLike[str],
                         candidate: RunResult | str | os.PathLike[str],
                         **kw: Any) -> Comparison:
    """The gate for a test: raise ``AssertionError`` with the Markdown report when it fails.

    Args:
        baseline: A RunResult, or the path of one saved as JSON.
        candidate: Likewise.
        **kw: Passed to ``compare`` (``resamples``, ``seed``, ``confidence``).

    Returns:
        The Comparison, when the gate passes.

    Raises:
        AssertionError: The candidate regressed; the message is the Markdown report.
    """
    base = baseline if isinstance(baseline, RunResult) else load_run(baseline)
    cand = candidate if isinstance(candidate, RunResult) else load_run(candidate)
    cmp = compare(base, cand, **kw)
    if not cmp.passed:
        raise AssertionError(render_markdown(cmp))
    return cmp


def write_reports(cmp: Comparison, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``comparison.md``, ``comparison.json`` and ``comparison.html`` into ``out_dir``.

    Returns:
        The paths written, by format ("md", "json", "html").
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "comparison.md", "json": out / "comparison.json",
             "html": out / "comparison.html"}
    paths["md"].write_text(render_markdown(cmp), encoding="utf-8")
    paths["json"].write_text(to_json(cmp), encoding="utf-8")
    paths["html"].write_text(render_html(cmp), encoding="utf-8")
    return paths
