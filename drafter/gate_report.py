"""The gate's reports: JSON, Markdown, and one self-contained HTML page with a forest plot.

Each renderer leads with the verdict (PASS/FAIL and its reasons), then one
row per metric: baseline and candidate means, the mean paired difference Δ
(candidate − baseline), its bootstrap interval, the number of pairs, and a
marker: ▲ better beyond the interval, ▼ worse beyond it, = within it, — nothing
to compare.  The HTML page draws the same rows as an SVG forest plot (a dot
for Δ, a line for the interval, a vertical line at 0; gated metrics on a
shaded band; red when worse beyond the interval) and needs no other file.
"""

from __future__ import annotations

import html
import json
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.gate import Comparison, MetricComparison

MARKERS = {"better": "▲", "worse": "▼", "same": "=", "none": "—"}
_COLOURS = {"better": "#2e7d32", "worse": "#c62828", "same": "#455a64", "none": "#9e9e9e"}
#: How many items the "changed most" section lists.
TOP_ITEMS = 10


def to_json(cmp: Comparison) -> str:
    """The Comparison as JSON, keys in the records' declared order (stable across runs)."""
    return json.dumps(cmp.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _why(cmp: Comparison) -> str:
    """The reasons it failed, or what passing means."""
    if not cmp.passed:
        return "; ".join(cmp.reasons)
    gated = ", ".join(cmp.gated) or "no gated metric"
    return f"{gated} not worse beyond the interval; no new unsupported facts"


def verdict_line(cmp: Comparison) -> str:
    """"PASS — …" or "FAIL — reason; reason", in one line."""
    return f"{'PASS' if cmp.passed else 'FAIL'} — {_why(cmp)}"


def _num(x: float | None, signed: bool = False) -> str:
    """A metric value for a table: 4 decimals, a true minus sign, "—" for None."""
    if x is None:
        return "—"
    text = f"{x:+.4f}" if signed and round(x, 4) != 0 else f"{abs(x) if x == 0 else x:.4f}"
    return text.replace("-", "−")


def _interval(m: MetricComparison) -> str:
    """"[low, high]" or "—"."""
    if m.low is None or m.high is None:
        return "—"
    return f"[{_num(m.low, True)}, {_num(m.high, True)}]"


def changed_most(cmp: Comparison, limit: int = TOP_ITEMS) -> list[tuple[str, dict[str, float]]]:
    """The items whose largest absolute difference in any metric is largest (ties by id)."""
    per_item: dict[str, dict[str, float]] = {}
    for m in cmp.metrics:
        for item, d in m.diffs.items():
            per_item.setdefault(item, {})[m.metric] = d
    ranked = sorted(per_item.items(),
                    key=lambda kv: (-max((abs(v) for v in kv[1].values()), default=0.0), kv[0]))
    return [(item, diffs) for item, diffs in ranked[:limit]
            if any(abs(v) > 0 for v in diffs.values())]


def _changed_metrics(cmp: Comparison, top: list[tuple[str, dict[str, float]]]) -> list[str]:
    """The metrics, in report order, in which any of ``top`` changed."""
    return [m.metric for m in cmp.metrics
            if any(abs(d.get(m.metric, 0.0)) > 0 for _, d in top)]


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(cmp: Comparison) -> str:
    """The report as Markdown: verdict line, metric table, new facts, items that changed most."""
    pct = f"{cmp.confidence:.0%}".replace("%", " %")
    out = [f"**{verdict_line(cmp)}**", ""]
    out += [f"- note: {n}" for n in cmp.notes]
    out += [f"- {len(cmp.paired)} paired items; paired bootstrap over items, "
            f"{cmp.resamples:,} resamples, seed {cmp.seed}, {pct} percentile interval; "
            f"Δ = candidate − baseline (higher is better); gated: {', '.join(cmp.gated)}", ""]
    out += ["## Metrics", "",
            f"| metric | baseline | candidate | Δ | {pct} interval | n | |",
            "| --- | ---: | ---: | ---: | --- | ---: | :---: |"]
    for m in cmp.metrics:
        name = f"**{m.metric}** (gated)" if m.gated else m.metric
        out.append(f"| {name} | {_num(m.baseline_mean)} | {_num(m.candidate_mean)} | "
                   f"{_num(m.mean_diff, True)} | {_interval(m)} | {m.n} | "
                   f"{MARKERS[m.direction]} |")
    out += ["", "▲ better beyond the interval · ▼ worse beyond it · = within it · "
            "— nothing to compare", "", "## New unsupported facts", ""]
    if cmp.new_unsupported:
        out += ["| item | rec. | fact | sentence |", "| --- | ---: | --- | --- |"]
        out += [f"| {_md_cell(f.item)} | {f.recommendation} | {_md_cell(f.fact)} | "
                f"{_md_cell(f.sentence)} |" for f in cmp.new_unsupported]
    else:
        out.append("None: every unsupported fact of the candidate was already in the baseline.")
    out += ["", "## Items that changed most", ""]
    top = changed_most(cmp)
    shown = _changed_metrics(cmp, top)
    if top:
        out += ["| item | " + " | ".join(shown) + " |",
                "| --- | " + " | ".join("---:" for _ in shown) + " |"]
        out += [f"| {_md_cell(item)} | " + " | ".join(
            _num(d.get(s), True) if s in d else "—" for s in shown) + " |" for item, d in top]
    else:
        out.append("No item changed.")
    left = [*(f"{i} (only in the baseline)" for i in cmp.only_baseline),
            *(f"{i} (only in the candidate)" for i in cmp.only_candidate),
            *(f"{i} ({e})" for i, e in cmp.errored.items())]
    if left:
        out += ["", "## Left out of the pairing", "", *(f"- {_md_cell(x)}" for x in left)]
    return "\n".join(out) + "\n"


def _nice_span(metrics: list[MetricComparison]) -> float:
    """Half-width of the plot's x axis: a round number covering every interval and Δ."""
    vals = [abs(v) for m in metrics for v in (m.low, m.high, m.mean_diff) if v is not None]
    top = max(vals, default=0.0) * 1.1
    if top <= 0.01:
        return 0.01
    step = 10.0 ** math.floor(math.log10(top))
    for k in (1.0, 2.0, 2.5, 5.0, 10.0):
        if k * step >= top:
            return k * step
    return 10.0 * step  # pragma: no cover - the loop always returns


def _short_verdict(cmp: Comparison) -> str:
    """The verdict in a few words, for the chart's heading."""
    if cmp.passed:
        return "PASS: no gated metric worse beyond the interval, no new unsupported fact"
    worse = [m.metric for m in cmp.metrics if m.gated and m.direction == "worse"]
    what = [f"{', '.join(worse)} worse beyond the interval"] if worse else []
    k = len(cmp.new_unsupported)
    what += [f"{k} new unsupported fact{'s' if k != 1 else ''}"] if k else []
    return "FAIL: " + "; ".join(what)


def forest_svg(cmp: Comparison) -> str:
    """The forest plot: one row per metric, Δ as a dot, the interval as a line, 0 as a line."""
    rows = cmp.metrics
    plot_x0, plot_w, text_w, row_h, top = 240, 380, 280, 34, 80
    width = plot_x0 + plot_w + text_w
    height = top + row_h * len(rows) + 30
    span = _nice_span(rows)

    def x(v: float) -> float:
        return round(plot_x0 + (v + span) / (2 * span) * plot_w, 2)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Per-metric difference, candidate minus baseline, with intervals" '
             f'font-family="system-ui, sans-serif" font-size="13">']
    parts.append(f'<text x="10" y="26" font-size="20" font-weight="bold" '
                 f'fill="{_COLOURS["better" if cmp.passed else "worse"]}">'
                 f'{html.escape(_short_verdict(cmp))}</text>')
    for i, m in enumerate(rows):
        y = top + i * row_h
        if m.gated:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" '
                         f'fill="#fff4cc"/>')
    for k in (-1.0, -0.5, 0.0, 0.5, 1.0):
        tx = x(k * span)
        stroke = ('stroke="#212121" stroke-width="1.5"' if k == 0
                  else 'stroke="#e0e0e0" stroke-width="1"')
        parts.append(f'<line x1="{tx}" y1="{top - 6}" x2="{tx}" '
                     f'y2="{top + row_h * len(rows)}" {stroke}/>')
        parts.append(f'<text x="{tx}" y="{top - 12}" text-anchor="middle" fill="#616161">'
                     f'{f"{k * span:+g}".replace("-", "−") if k else "0"}</text>')
    parts.append(f'<text x="{plot_x0 + plot_w / 2}" y="{height - 8}" text-anchor="middle" '
                 f'fill="#616161">Δ = candidate − baseline (right is better)</text>')
    for i, m in enumerate(rows):
        cy = top + i * row_h + row_h / 2
        colour = _COLOURS[m.direction]
        weight = ' font-weight="bold"' if m.gated else ""
        label = html.escape(m.metric) + (" (gated)" if m.gated else "")
        parts.append(f'<text x="10" y="{cy + 4}"{weight} fill="#212121">{label}</text>')
        if m.mean_diff is None or m.low is None or m.high is None:
            parts.append(f'<text x="{plot_x0 + plot_w + 12}" y="{cy + 4}" font-style="italic" '
                         f'fill="{colour}">— nothing to compare</text>')
            continue
        tip = html.escape(f"{m.metric}: Δ {_num(m.mean_diff, True)}, interval {_interval(m)}, "
                          f"n={m.n}")
        parts.append(f'<g><title>{tip}</title>'
                     f'<line x1="{x(m.low)}" y1="{cy}" x2="{x(m.high)}" y2="{cy}" '
                     f'stroke="{colour}" stroke-width="3" stroke-linecap="round"/>'
                     f'<circle cx="{x(m.mean_diff)}" cy="{cy}" r="6" fill="{colour}"/></g>')
        parts.append(f'<text x="{plot_x0 + plot_w + 12}" y="{cy + 4}"{weight} fill="{colour}">'
                     f'{MARKERS[m.direction]} {_num(m.mean_diff, True)} '
                     f'{html.escape(_interval(m))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


_CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#212121;max-width:1000px}
.verdict{padding:14px 18px;border-radius:6px;color:#fff;font-size:20px;font-weight:bold}
.pass{background:#2e7d32}.fail{background:#c62828}
.verdict ul{margin:6px 0 0;font-size:15px;font-weight:normal}
table{border-collapse:collapse;margin:8px 0 18px}
td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.gated{background:#fff4cc}.meta{color:#616161}
"""


def _html_table(head: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    """A table from already-escaped cells; a cell starting with "#" is right-aligned."""
    out = ["<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        cells = "".join(f'<td class="n">{c[1:]}</td>' if c.startswith("#") else f"<td>{c}</td>"
                        for c in row)
        out.append(f"<tr{cls}>{cells}</tr>")
    return "\n".join(out) + "</table>"


def render_html(cmp: Comparison) -> str:
    """One self-contained HTML page: verdict banner, forest plot, and the tables."""
    e = html.escape
    pct = f"{cmp.confidence:.0%}"
    status = "PASS" if cmp.passed else "FAIL"
    reasons = "".join(f"<li>{e(r)}</li>" for r in cmp.reasons)
    body = [f'<div class="verdict {status.lower()}">{status}'
            + (f"<ul>{reasons}</ul>" if reasons else
               f"<ul><li>{e(_why(cmp))}</li></ul>") + "</div>"]
    body += [f'<p class="meta">note: {e(n)}</p>' for n in cmp.notes]
    body.append(f'<p class="meta">{len(cmp.paired)} paired items · paired bootstrap over items, '
                f"{cmp.resamples:,} resamples, seed {cmp.seed}, {pct} percentile interval · "
                f"shaded rows are gated ({e(', '.join(cmp.gated))})</p>")
    body.append(forest_svg(cmp))
    body.append("<h2>Metrics</h2>")
    body.append(_html_table(
        ["metric", "baseline", "candidate", "Δ", f"{pct} interval", "n", ""],
        [[e(m.metric), "#" + _num(m.baseline_mean), "#" + _num(m.candidate_mean),
          "#" + _num(m.mean_diff, True), e(_interval(m)), f"#{m.n}", MARKERS[m.direction]]
         for m in cmp.metrics],
        ["gated" if m.gated else "" for m in cmp.metrics]))
    body.append("<h2>New unsupported facts</h2>")
    if cmp.new_unsupported:
        body.append(_html_table(["item", "rec.", "fact", "sentence"], [
            [e(f.item), f"#{f.recommendation}", f"<b>{e(f.fact)}</b>", e(f.sentence)]
            for f in cmp.new_unsupported]))
    else:
        body.append("<p>None.</p>")
    top = changed_most(cmp)
    shown = _changed_metrics(cmp, top)
    body.append("<h2>Items that changed most</h2>")
    body.append(_html_table(["item", *map(e, shown)], [
        [e(item), *("#" + (_num(d[s], True) if s in d else "—") for s in shown)]
        for item, d in top]) if top else "<p>No item changed.</p>")
    left = [*(f"{i} (only in the baseline)" for i in cmp.only_baseline),
            *(f"{i} (only in the candidate)" for i in cmp.only_candidate),
            *(f"{i} ({err})" for i, err in cmp.errored.items())]
    if left:
        body.append("<h2>Left out of the pairing</h2><ul>"
                    + "".join(f"<li>{e(x)}</li>" for x in left) + "</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{status}: baseline vs candidate</title><style>{_CSS}</style></head>"
            "<body>\n" + "\n".join(body) + "\n</body></html>\n")
