"""Calibrate when evidence is strong enough to cite: the sample set and the real cases.

For every labelled recommendation the evidence is retrieved once, as a draft
retrieves it, and each piece is labelled: it answers (a gold passage of
``evals/retrieval/sample.jsonl``; a key measure, a labelled answer or an
"answers" judgement of ``evals/real/``), it is off (any evidence of a
recommendation the corpus does not answer; an "off" judgement), or unknown.
Then each setting of the thresholds is replayed on those lists with the
extractive composer's own ``select``:

- wrong flags: recommendations with an answering passage among the evidence
  where nothing is selected;
- padding: selected passages labelled off (and unanswerable recommendations
  that get any);
- precision: selected passages that answer, of those labelled.

    python bench/calibrate.py [--cache .drafter-eval] [--out bench/results/calibration.md]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from drafter._text import overlap
from drafter.api import Drafter
from drafter.compose.base import ComposeContext
from drafter.compose.extractive import select
from drafter.config import Settings
from drafter.editor_eval import FOUND, Judgements, load_editor_cases
from drafter.editor_runner import build_index, office_settings
from drafter.ingest import load_document
from drafter.ingest.facts import detect_lang
from drafter.pipeline import _scoped, office_of
from drafter.proposal import parse_proposal
from drafter.retrieval_eval import load_golden, span_of
from drafter.retrieve import Filters
from drafter.types import Evidence

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
EVALS = ROOT / "evals" / "real"


@dataclass
class Item:
    """One recommendation's evidence and the labels of its pieces."""

    id: str
    lang: str
    evidence: list[Evidence]
    labels: list[str | None]  # "answers", "related", "off" or None (unknown)
    answerable: bool


def sample_items(cache: Path) -> list[Item]:
    """The sample set's recommendations (evals/retrieval/sample.jsonl) and their evidence."""
    settings = Settings(store=cache / "calibrate-sample")
    drafter = Drafter(settings)
    drafter.index([ROOT / "corpus" / d for d in ("policies", "replies", "en")])
    items = []
    for g in load_golden(ROOT / "evals" / "retrieval" / "sample.jsonl", ROOT / "corpus"):
        found = [e for e in drafter.search(g.query) if detect_lang(e.text) == g.lang]
        labels: list[str | None] = []
        for e in found:
            spans = [span_of(m) for m in (drafter.store.get(i) for i in (e.id,
                                                                         *e.corroborated_by))
                     if m is not None]
            hit = any(s.covers(x) for s in spans for gold in g.gold for x in gold)
            labels.append("answers" if hit else ("off" if not g.gold else None))
        items.append(Item(g.id, g.lang, found, labels, bool(g.gold)))
    return items


def real_items(cache: Path) -> list[Item]:
    """The real cases' recommendations, their reply left out, and their evidence."""
    sys.path.insert(0, str(ROOT / "bench"))
    from editor_eval import corpus as real_corpus

    corpus = real_corpus(cache)
    drafter = build_index(corpus, Settings(), cache / f"editor-{Settings().embedder}")
    judgements = Judgements.load(EVALS / "judgements.jsonl")
    items = []
    for case in load_editor_cases(EVALS / "cases.jsonl"):
        settings = office_settings(case, corpus, drafter.settings, corpus.superiors)
        path = (corpus.path(case.proposal) if case.proposal
                else EVALS / "proposals" / f"{case.id}.txt")
        proposal = parse_proposal(load_document(path).text, source_path=str(path))
        office = office_of(proposal, settings)
        left_out = Filters(exclude_paths=frozenset({str(corpus.path(case.reply))}))
        for rec in case.recommendations:
            parsed = next((r for r in proposal.recommendations if r.number == rec.number), None)
            if parsed is None:
                continue
            found = [_scoped(e, office, f"{proposal.title}\n{parsed.text}")
                     for e in drafter.retriever.for_recommendation(parsed, 8, left_out)]
            found = [e for e in found if e.scope != "elsewhere" and detect_lang(e.text) ==
                     case.lang]
            answers = [a.snippet for a in rec.answers if a.scope in ("own", "superior")]
            labels = []
            for e in found:
                if any(overlap(e.text, k) >= FOUND for k in (*rec.key, *answers)):
                    labels.append("answers")
                else:
                    labels.append(judgements.get(case.id, rec.number, e.text))
            items.append(Item(f"{case.id}#{rec.number}", case.lang, found, labels,
                              bool(answers)))
    return items


def replay(items: list[Item], ctx: ComposeContext) -> dict[str, float | int]:
    """The outcome of ``select`` under ``ctx`` on every item."""
    wrong = padding = answering = labelled = selected_total = empty_unanswerable = 0
    for item in items:
        chosen = {e.id for e in select(item.evidence, ctx)}
        labels = dict(zip((e.id for e in item.evidence), item.labels, strict=True))
        has_answer = any(lab == "answers" for lab in item.labels)
        if has_answer and not chosen:
            wrong += 1
        if not item.answerable and not chosen:
            empty_unanswerable += 1
        for eid in chosen:
            selected_total += 1
            if labels[eid] == "off":
                padding += 1
            if labels[eid] is not None:
                labelled += 1
                answering += labels[eid] in ("answers", "related")
    return {"wrong_flags": wrong, "padding": padding, "selected": selected_total,
            "precision": round(answering / labelled, 3) if labelled else float("nan"),
            "unanswerable_empty": empty_unanswerable}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=ROOT / ".drafter-eval")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration.md")
    ap.add_argument("--no-real", action="store_true")
    args = ap.parse_args()
    sets = {"sample": sample_items(args.cache)}
    if not args.no_real and (EVALS / "cases.jsonl").is_file():
        sets["real"] = real_items(args.cache)
    base = ComposeContext()
    cols = ("wrong_flags", "padding", "selected", "precision", "unanswerable_empty")
    lines = ["| min_relevance | min_lexical | strong_relevance | set | lang | "
             + " | ".join(cols) + " |", "|---:|---:|---:|---|---|" + "---:|" * len(cols)]
    grid = [(0.065, 0.0, 0.065), *itertools.product((0.055, 0.06, 0.065), (0.05, 0.1, 0.15),
                                                   (0.08, 0.1, 0.12))]
    for rel, lex, strong in grid:
        ctx = replace(base, min_relevance=rel, min_lexical=lex, strong_relevance=strong)
        for name, items in sets.items():
            for lang in ("zh", "en"):
                r = replay([i for i in items if i.lang == lang], ctx)
                lines.append(f"| {rel} | {lex} | {strong} | {name} | {lang} | "
                             + " | ".join(str(r[k]) for k in cols) + " |")
    head = ("# Calibration of when evidence is cited\n\n"
            "`python bench/calibrate.py`: each setting replayed with the extractive composer's "
            "own `select` on the evidence retrieved once per labelled recommendation "
            "(the sample set's gold; the real cases' key measures, labelled answers and "
            "judgements, each reply left out). The first row is the old rule (dense "
            "relevance alone, 0.065); the defaults are 0.06 / 0.1 / 0.1 (min_score 0.92 "
            "throughout).\n\n")
    print("\n".join(lines))
    args.out.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main()
