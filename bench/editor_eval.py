"""The editor's eval on real documents: drafts of real proposals scored against real replies.

Indexes the bodies of ``../shared/data/real/`` (headers off, as a user's files
arrive) with the sample corpus, drafts every case of ``evals/real/cases.jsonl``
twice — with its answering reply left out of the index, and kept in (the
ceiling) — and writes ``bench/results/editor_eval.md``: per language and mode
the key-measure recall, on-topic share, padding, wrong "not found" flags,
proposals cited and frame, then one row per case.

    python bench/editor_eval.py [--cache .drafter-eval] [--drafts DIR] [--to-judge FILE]

``--drafts`` writes every draft as Markdown, to read them as an editor would;
``--to-judge`` writes the cited passages nobody has judged yet (JSON lines
ready for ``evals/real/judgements.jsonl`` once a label is filled in).
"""

from __future__ import annotations

import argparse
import json
import time
import tomllib
from pathlib import Path

from drafter._text import overlap
from drafter.api import Drafter
from drafter.config import Settings
from drafter.editor_eval import FOUND, Judgements, load_editor_cases
from drafter.editor_runner import CaseResult, Corpus, build_index, run_cases, summarise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
EVALS = ROOT / "evals" / "real"
OUT = ROOT / "bench" / "results" / "editor_eval.md"
COLUMNS = ("cases", "recommendations", "sentences", "on_topic_share", "padding", "unjudged",
           "flagged", "wrong_flags", "key_measures", "key_recall", "proposal_cited", "frame_ok",
           "errors")


def corpus(cache: Path, evals: Path = EVALS) -> Corpus:
    """The real documents (as body copies under ``cache``) and the sample corpus."""
    offices = evals / "offices.toml"
    superiors = tomllib.loads(offices.read_text("utf-8"))["superiors"] if offices.is_file() \
        else {}
    return Corpus(data=DATA, copies=cache / "real-bodies", repo=ROOT, extra=[ROOT / "corpus"],
                  superiors=superiors)


def evaluate(cache: Path, settings: Settings | None = None, evals: Path = EVALS
             ) -> tuple[dict[str, list[CaseResult]], float]:
    """Both modes over every case; returns the results by mode and the indexing time."""
    settings = settings or Settings()
    c = corpus(cache, evals)
    t0 = time.perf_counter()
    drafter = build_index(c, settings, cache / f"editor-{settings.embedder}")
    t_index = time.perf_counter() - t0
    cases = load_editor_cases(evals / "cases.jsonl")
    judgements = Judgements.load(evals / "judgements.jsonl")
    results = {mode: run_cases(cases, drafter, c, evals / "proposals", judgements, mode)
               for mode in ("left_out", "ceiling")}
    return results, t_index


def table(results: dict[str, list[CaseResult]]) -> list[str]:
    """The summary table: one row per mode and language."""
    lines = ["| mode | lang | " + " | ".join(COLUMNS) + " |",
             "|---|---|" + "---:|" * len(COLUMNS)]
    for mode, res in results.items():
        for lang in ("zh", "en", "all"):
            part = [r for r in res if lang in ("all", r.lang)]
            s = summarise(part)
            lines.append(f"| {mode} | {lang} | " + " | ".join(
                "–" if s[k] is None else str(s[k]) for k in COLUMNS) + " |")
    return lines


def per_case(results: dict[str, list[CaseResult]]) -> list[str]:
    """One row per case: left-out and ceiling side by side."""
    lines = ["| case | recs | keys | found (left out / in) | sentences | on topic | padding | "
             "unjudged | flagged | wrong flags | frame |", "|---|" + "---:|" * 9 + "---|"]
    ceiling = {r.id: r for r in results["ceiling"]}
    for r in results["left_out"]:
        if r.error:
            lines.append(f"| {r.id} | error: {r.error} |" + " |" * 9)
            continue
        c = ceiling[r.id]
        found = f"{sum(x.keys_found for x in r.recs)} / {sum(x.keys_found for x in c.recs)}"
        lines.append(
            f"| {r.id} | {len(r.recs)} | {sum(x.keys for x in r.recs)} | {found} | "
            f"{sum(x.sentences for x in r.recs)} | {sum(x.on_topic for x in r.recs)} | "
            f"{sum(x.padding for x in r.recs)} | {sum(x.unjudged for x in r.recs)} | "
            f"{sum(x.flagged for x in r.recs)} | {sum(x.wrong_flag for x in r.recs)} | "
            f"{'ok' if not r.frame else '; '.join(r.frame)} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=ROOT / ".drafter-eval")
    ap.add_argument("--drafts", type=Path, help="write each draft as Markdown here")
    ap.add_argument("--to-judge", type=Path, help="write unjudged cited passages here")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--evals", type=Path, default=EVALS, help="the cases' folder")
    args = ap.parse_args()
    t0 = time.perf_counter()
    results, t_index = evaluate(args.cache, evals=args.evals)
    elapsed = time.perf_counter() - t0
    lines = ["# The editor's eval on real documents", "",
             "Drafts of the proposals that real replies answer, from an index of the real "
             "documents (text only, as a user's files arrive) and the sample corpus; each "
             "case left out of the index (`left_out`) and kept in (`ceiling`). Labels and "
             "rules: `evals/real/README.md`. Made by `python bench/editor_eval.py`.", "",
             f"Index {t_index:.1f} s; both modes {elapsed - t_index:.1f} s.", "",
             *table(results), "", "## Per case", "", *per_case(results), ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(table(results)))
    if args.drafts:
        for mode, res in results.items():
            folder = args.drafts / mode
            folder.mkdir(parents=True, exist_ok=True)
            for r in res:
                if r.draft is not None:
                    (folder / f"{r.id}.md").write_text(r.draft.to_markdown(), encoding="utf-8")
    if args.to_judge:
        rows = to_judge(results, args.evals, args.cache)
        args.to_judge.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n"
                                         for v in rows), encoding="utf-8")
        print(f"{len(rows)} passages to judge -> {args.to_judge}")


def to_judge(results: dict[str, list[CaseResult]], evals: Path, cache: Path) -> list[dict]:
    """Every passage offered for a recommendation (cited or not) that no label covers yet."""
    cases = {c.id: c for c in load_editor_cases(evals / "cases.jsonl")}
    judgements = Judgements.load(evals / "judgements.jsonl")
    drafter = Drafter(Settings(store=cache / f"editor-{Settings().embedder}"))
    rows: dict[tuple[str, int, str], dict] = {}
    for res in results.values():
        for r in res:
            case = cases[r.id]
            for rec in case.recommendations:
                labelled = [*rec.key, *(a.snippet for a in rec.answers)]
                for eid in r.offered.get(rec.number, []):
                    m = drafter.store.get(eid)
                    if m is None or any(overlap(m.text, k) >= FOUND for k in labelled) \
                            or judgements.get(r.id, rec.number, m.text) is not None:
                        continue
                    rows.setdefault((r.id, rec.number, m.text), {
                        "case": r.id, "rec": rec.number, "recommendation": rec.text,
                        "text": m.text, "source": m.source.path.split("real-bodies/")[-1],
                        "issuer": m.source.issuer, "label": ""})
    return list(rows.values())

if __name__ == "__main__":
    main()
