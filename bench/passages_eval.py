"""What drafter takes a passage for, against the labelled real passages.

    python bench/passages_eval.py [--labels evals/passages/labelled.jsonl] [--out FILE]

Reads ``evals/passages/labelled.jsonl`` (passages of real replies, policies and
proposals as ``drafter.ingest.measures.segment`` cuts them, each labelled by
kind and tense; see ``evals/passages/README.md``) and prints, per language and
split (``train``: the rules were tuned on it; ``test``: held out):

- precision and recall of each kind, "measure" first (what the composer cites);
- the confusion table, labelled kind by row, ``passage_kind`` by column;
- the tense of the labelled measures: ``tense`` against the label, and
  ``is_plan`` / ``is_target`` as yes/no questions;
- every error, with its passage.

``passage_kind`` says "short" for a passage too short to stand alone; it
counts as "fragment" here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import citable  # noqa: E402

KINDS = ["measure", "response", "request", "heading", "problem", "platitude", "stance",
         "fragment", "other"]
TENSES = ["done", "ongoing", "plan", "target"]
_ALIAS = {"short": "fragment"}


def predict(row: dict[str, str]) -> str:
    """The label kind ``passage_kind`` gives a passage."""
    kind = citable.passage_kind(row["text"])
    return _ALIAS.get(kind, kind)


def predict_tense(row: dict[str, str]) -> str:
    """The tense drafter gives a measure (``is_plan`` alone where ``tense`` is missing)."""
    tense: Callable[[str, str], str] | None = getattr(citable, "tense", None)
    if tense is not None:
        return tense(row["text"], row["lang"])
    return "plan" if citable.is_plan(row["text"], row["lang"]) else "done"


def is_target(row: dict[str, str]) -> bool:
    """``is_target`` where drafter has it, else never."""
    fn: Callable[[str, str], bool] | None = getattr(citable, "is_target", None)
    return bool(fn and fn(row["text"], row["lang"]))


def prf(gold: list[str], pred: list[str], kind: str) -> tuple[float, float, int, int]:
    """Precision, recall, labelled count and predicted count of one kind."""
    tp = sum(g == kind and p == kind for g, p in zip(gold, pred, strict=True))
    n_gold, n_pred = gold.count(kind), pred.count(kind)
    return (tp / n_pred if n_pred else 1.0), (tp / n_gold if n_gold else 1.0), n_gold, n_pred


def yes_no(gold: list[bool], pred: list[bool]) -> str:
    """Precision and recall of a yes/no question, as text."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    p, g = sum(pred), sum(gold)
    return (f"precision {tp / p if p else 1.0:.3f} ({tp}/{p}), "
            f"recall {tp / g if g else 1.0:.3f} ({tp}/{g})")


def report(rows: list[dict[str, str]], title: str) -> list[str]:
    """The Markdown section for one language and split."""
    gold = [r["kind"] for r in rows]
    pred = [predict(r) for r in rows]
    out = [f"### {title} ({len(rows)} passages)", "",
           "| kind | labelled | predicted | precision | recall |",
           "| --- | --- | --- | --- | --- |"]
    for kind in KINDS:
        p, r, n_gold, n_pred = prf(gold, pred, kind)
        if n_gold or n_pred:
            out.append(f"| {kind} | {n_gold} | {n_pred} | {p:.3f} | {r:.3f} |")
    cols = [k for k in KINDS if k in pred]
    out += ["", "Confusion (rows: label, columns: `passage_kind`):", "",
            "| label | " + " | ".join(cols) + " |", "|" + " --- |" * (len(cols) + 1)]
    counts = Counter(zip(gold, pred, strict=True))
    for kind in KINDS:
        if kind in gold:
            out.append(f"| {kind} | " + " | ".join(str(counts[kind, c] or "")
                                                   for c in cols) + " |")
    measures = [r for r in rows if r["kind"] == "measure"]
    tenses = [predict_tense(r) for r in measures]
    right = sum(t == r["tense"] for t, r in zip(tenses, measures, strict=True))
    plans = yes_no([r["tense"] in ("plan", "target") for r in measures],
                   [citable.is_plan(r["text"], r["lang"]) for r in measures])
    targets = yes_no([r["tense"] == "target" for r in measures], [is_target(r) for r in measures])
    out += ["", f"Tense of the {len(measures)} labelled measures: "
            f"{right / len(measures) if measures else 1.0:.3f} right; "
            f"`is_plan` {plans}; `is_target` {targets}.", ""]
    errors = [(r, p) for r, p in zip(rows, pred, strict=True) if r["kind"] != p]
    out.append(f"Kind errors ({len(errors)}):" if errors else "Kind errors: none.")
    out += [f"- `{r['id']}` {r['kind']} → **{p}**: {r['text'][:160]}" for r, p in errors]
    wrong = [(r, t) for r, t in zip(measures, tenses, strict=True) if t != r["tense"]]
    out.append("")
    out.append(f"Tense errors ({len(wrong)}):" if wrong else "Tense errors: none.")
    out += [f"- `{r['id']}` {r['tense']} → **{t}**: {r['text'][:160]}" for r, t in wrong]
    return out + [""]


def main() -> None:
    """Print (and with ``--out`` write) the report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=Path, default=ROOT / "evals/passages/labelled.jsonl")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines()]
    lines = ["# Passage kinds and tenses on labelled real passages", "",
             f"`python bench/passages_eval.py` over `{args.labels.relative_to(ROOT)}` "
             f"({len(rows)} passages, {len({r['file'] for r in rows})} files).", ""]
    lines += ["| language | split | passages | measure precision | measure recall |",
              "| --- | --- | --- | --- | --- |"]
    parts = [(lang, split, [r for r in rows if r["lang"] == lang and r["split"] == split])
             for lang in ("zh", "en") for split in ("train", "test")]
    for lang, split, part in parts:
        p, r, _, _ = prf([x["kind"] for x in part], [predict(x) for x in part], "measure")
        lines.append(f"| {lang} | {split} | {len(part)} | {p:.3f} | {r:.3f} |")
    lines.append("")
    for lang, split, part in parts:
        lines += report(part, f"{lang}, {split}")
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
