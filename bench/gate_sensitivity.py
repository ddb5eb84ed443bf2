"""Gate sensitivity: does the gate fail a candidate with injected facts, and pass a run vs itself?

    python bench/gate_sensitivity.py [--baseline FILE] [--draft] [--proposals DIR ...]
                                     [--trials 100] [--out bench/results/gate_sensitivity.md]

Baseline: ``--baseline`` (a RunResult JSON; default ``bench/results/eval_baseline.json``
when it exists) or, otherwise, the example proposals in ``corpus/examples``
drafted with the extractive composer over a fresh index of the sample corpus,
each draft scored with ``check_reply`` (fact_grounding = 1 − unsupported /
facts, coverage, citation_validity); ``--draft`` drafts them even when the
file exists, and reports both.  ``--proposals DIR`` adds a second,
larger set: the examples plus every proposal in DIR.

Injected trials, for seed in 0..trials-1: pick 10 % of the items (at least
one) at random, append an invented amount or year to one cited sentence of
each picked draft, re-run ``check_reply`` on it, and compare the baseline with
that candidate (bootstrap seed = trial seed).  From a RunResult file without
drafts the injection is made on the record instead (one UnsupportedFact
added, fact_grounding recomputed with one more fact, one unsupported).

Self-comparisons: the baseline against a second drafting of the same
proposals over a second, freshly built index (when drafted here), or against
a copy of itself (from a file), with bootstrap seeds 0..trials-1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.eval_records import ItemResult, RunResult, UnsupportedFact  # noqa: E402
from drafter.faithfulness import check_reply  # noqa: E402
from drafter.gate import Comparison, compare  # noqa: E402
from drafter.ingest.facts import extract_facts  # noqa: E402
from drafter.types import DraftReply  # noqa: E402

CORPUS = [ROOT / "corpus" / d for d in ("policies", "replies", "en")]
EXAMPLES = ROOT / "corpus" / "examples"
SHARE = 0.10


def score(item: str, draft: DraftReply) -> ItemResult:
    """Check ``draft`` and turn the report into the item's record."""
    report = check_reply(draft)
    facts = sum(len(extract_facts(s.text, draft.lang))
                for sec in draft.sections for s in sec.sentences)
    facts += sum(len(extract_facts(t, draft.lang))
                 for t in (draft.title, draft.salutation, draft.opening, draft.closing))
    cites = [c for sec in draft.sections for s in sec.sentences for c in s.citations]
    bad: list[UnsupportedFact] = []
    checks = iter(report.sentences)
    for sec in draft.sections:
        for _ in sec.sentences:
            check = next(checks)
            bad += [UnsupportedFact(recommendation=sec.recommendation, sentence=check.text, fact=f)
                    for f in check.unsupported_facts]
    metrics: dict[str, float | None] = {
        "coverage": report.coverage,
        "fact_grounding": (round(1 - len(report.unsupported_facts) / facts, 6)
                           if facts else None),
        "citation_validity": (round(sum(c in draft.evidence for c in cites) / len(cites), 6)
                              if cites else None),
    }
    return ItemResult(item=item, lang=draft.lang, metrics=metrics, unsupported=bad,
                      counts={"facts": facts, "citations": len(cites)})


def draft_all(paths: list[Path]) -> dict[str, DraftReply]:
    """Index the sample corpus into a fresh store and draft every proposal (extractive)."""
    base = Path(tempfile.mkdtemp())
    (base / "drafter.toml").write_text("[drafter]\n", encoding="utf-8")
    settings = load_settings(base / "drafter.toml", store=base / "store",
                             issuer="云岭区科技创新局", issuer_en="Yunling District Council")
    d = Drafter(settings)
    d.index(CORPUS)
    return {f"{p.parent.name}/{p.name}": d.draft(p) for p in paths}


def invent(draft: DraftReply, rng: np.random.Generator) -> tuple[DraftReply, str]:
    """A copy of ``draft`` with an invented amount or year appended to one cited sentence."""
    out = draft.model_copy(deep=True)
    cited = [s for sec in out.sections for s in sec.sentences if s.citations]
    sent = cited[int(rng.integers(len(cited)))]
    n, year = int(rng.integers(1100, 9900)), int(rng.integers(2036, 2050))
    if out.lang == "en":
        add = (f", with £{n:,} million set aside" if rng.random() < 0.5
               else f", completing the work by {year}")
        sent.text = sent.text.rstrip().rstrip(".;") + add + "."
    else:
        add = f"，另安排专项资金{n}万元" if rng.random() < 0.5 else f"，力争于{year}年前全面完成"
        sent.text = sent.text.rstrip().rstrip("。；;") + add + "。"
    return out, add


def inject_record(item: ItemResult, rng: np.random.Generator) -> ItemResult:
    """Record-level injection: one more fact, unsupported (for a baseline read from a file)."""
    out = item.model_copy(deep=True)
    fact = f"{int(rng.integers(1100, 9900))}万元"
    out.unsupported.append(UnsupportedFact(recommendation=1, sentence=f"（注入）{fact}", fact=fact))
    facts = out.counts.get("facts", 0)
    g = out.metrics.get("fact_grounding")
    out.metrics["fact_grounding"] = round((g * facts) / (facts + 1), 6) if g is not None else 0.0
    out.counts["facts"] = facts + 1
    return out


def why(cmp: Comparison) -> str:
    """Which rule failed the comparison: "fact", "interval", "both" or "pass"."""
    fact = bool(cmp.new_unsupported)
    interval = any(m.gated and m.direction == "worse" for m in cmp.metrics)
    return {(True, True): "both", (True, False): "fact", (False, True): "interval",
            (False, False): "pass"}[(fact, interval)]


def run_set(name: str, baseline: RunResult, drafts: dict[str, DraftReply] | None,
            rerun: RunResult, trials: int) -> list[str]:
    """Injected trials and self-comparisons over one baseline; the Markdown section."""
    items = [it for it in baseline.items if not it.error]
    k = max(1, round(SHARE * len(items)))
    # A reply with no cited sentence (nothing retrieved) has no sentence to falsify.
    pool = [it for it in items if drafts is None
            or any(s.citations for sec in drafts[it.item].sections for s in sec.sentences)]
    outcomes: Counter[str] = Counter()
    missed = 0
    t0 = time.perf_counter()
    for seed in range(trials):
        rng = np.random.default_rng(seed)
        picked = sorted(rng.choice(len(pool), size=k, replace=False).tolist())
        cand_items = list(baseline.items)
        for i in picked:
            it = pool[i]
            if drafts is None:
                new = inject_record(it, rng)
            else:
                new = score(it.item, invent(drafts[it.item], rng)[0])
                missed += len(new.unsupported) <= len(it.unsupported)
            cand_items[baseline.items.index(it)] = new
        cmp = compare(baseline, RunResult(config=baseline.config, items=cand_items), seed=seed)
        outcomes[why(cmp)] += 1
    t_inj = time.perf_counter() - t0
    self_pass = sum(compare(baseline, rerun, seed=s).passed for s in range(trials))
    identical = rerun.items == baseline.items
    failed = trials - outcomes["pass"]
    zh = sum(it.lang == "zh" for it in items)
    grounding = [it.metrics.get("fact_grounding") for it in items]
    scored = [g for g in grounding if g is not None]
    lines = [
        f"## {name}", "",
        f"- items: {len(items)} ({zh} Chinese, {len(items) - zh} English); "
        f"baseline fact_grounding mean {np.mean(scored):.4f} over {len(scored)} scored items, "
        f"{sum(len(it.unsupported) for it in items)} unsupported facts in the baseline",
        f"- injected into {k} item{'s' if k != 1 else ''} per trial, picked among the "
        f"{len(pool)} with a cited sentence "
        + ("(record level: the baseline came from a file without drafts)" if drafts is None
           else "(an invented amount or year appended to one cited sentence, "
                "then `check_reply` re-run)"),
        "",
        "| check | result | target |", "| --- | ---: | ---: |",
        f"| injected candidate fails | **{failed} / {trials}** | >= 95 / 100 |",
        f"| … through a new unsupported fact only | {outcomes['fact']} | |",
        f"| … through the fact_grounding/coverage interval only | {outcomes['interval']} | |",
        f"| … through both | {outcomes['both']} | |",
        f"| baseline vs its re-run passes (bootstrap seeds 0..{trials - 1}) "
        f"| **{self_pass} / {trials}** | >= 95 / 100 |",
    ]
    if drafts is not None:
        lines.append(f"| injected facts the checker did not flag | {missed} | 0 |")
    lines += ["",
              f"Re-run identical to the baseline item by item: {'yes' if identical else 'no'} "
              + ("(drafted again over a second, freshly built index)." if drafts is not None
                 else "(a copy of the file: nothing was re-drafted)."),
              f"{trials} injected comparisons took {t_inj:.1f} s (10,000 resamples each).", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path,
                        default=ROOT / "bench" / "results" / "eval_baseline.json")
    parser.add_argument("--proposals", type=Path, action="append", default=[])
    parser.add_argument("--draft", action="store_true",
                        help="draft the proposals here even when --baseline exists")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench" / "results" / "gate_sensitivity.md")
    args = parser.parse_args()
    out = ["# Gate sensitivity", "",
           "Generated by `python bench/gate_sensitivity.py"
           + " --draft" * args.draft
           + "".join(f" --proposals {p}" for p in args.proposals) + "`. "
           "The gate fails when a gated metric (fact_grounding, coverage) is worse beyond its "
           "95 % paired-bootstrap interval or any new unsupported fact appears.", ""]
    if args.baseline.is_file():
        base = RunResult.model_validate_json(args.baseline.read_text(encoding="utf-8"))
        out += run_set(f"Baseline from {args.baseline.name}", base, None,
                       base.model_copy(deep=True), args.trials)
    sets = [("Example proposals (corpus/examples)", sorted(EXAMPLES.glob("*.txt")))]
    if args.proposals:
        more = [p for d in args.proposals for p in sorted(d.glob("*.txt"))]
        names = ", ".join(str(d.relative_to(ROOT) if d.is_relative_to(ROOT) else d)
                          for d in args.proposals)
        sets.append((f"Examples plus {names}", sets[0][1] + more))
    for name, paths in sets if args.draft or not args.baseline.is_file() else []:
        t0 = time.perf_counter()
        drafts, again = draft_all(paths), draft_all(paths)
        t_draft = time.perf_counter() - t0
        base = RunResult(config={"composer": "extractive"},
                         items=[score(i, d) for i, d in drafts.items()])
        rerun = RunResult(config={"composer": "extractive"},
                          items=[score(i, d) for i, d in again.items()])
        out += run_set(name, base, drafts, rerun, args.trials)
        out.append(f"Indexing and drafting twice took {t_draft:.0f} s.\n")
    text = "\n".join(out).rstrip() + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
