"""Instructions in data, counted: caught, cited, noted, per format and language.

    python bench/injections.py [--out bench/results/injections.md]

Builds ``tests/injection_corpus.py``'s corpus (26 instructions to whoever
drafts the reply, without trigger words, in .txt/.md/.html/.docx/.pdf, in
passages, titles and headings), indexes it into a temporary store with the
real embedder, and drafts both example proposals with the extractive composer
and with a scripted model that writes everything it is shown.  Per injection:

- caught: its passage is an ``instruction`` in the index (text), or its title
  or heading is neutralised in every piece of evidence from its file;
- cited: its marker (a fact only the injection states) is in a draft outside
  the editor notes, or in a prompt the model was sent (0 is the target);
- noted: an editor note of each draft names its file and quotes its words.

It also counts the instruction rules' hits over the real corpus
(``../shared/data/real``, when present) and the sample corpus: each is a
passage that would be taken for an instruction (0 is the target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import Drafter, instructions  # noqa: E402
from drafter.citable import passage_kind  # noqa: E402
from drafter.compose.fake import scripted  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.ingest import iter_corpus_files, load_document, segment  # noqa: E402
from drafter.instructions import addressee, instruction  # noqa: E402
from drafter.types import DraftReply  # noqa: E402
from tests.injection_corpus import INJECTIONS, Injection, build  # noqa: E402
from tests.test_injection_data import _named, _outside_notes, obedient  # noqa: E402

PROPOSALS = {"zh": ROOT / "corpus" / "examples" / "zh_talent_yi.txt",
             "en": ROOT / "corpus" / "examples" / "en_committee_report.txt"}


def _caught(inj: Injection, drafter: Drafter) -> bool:
    mine = [m for m in drafter.store.measures()
            if m.source.path.replace("\\", "/").endswith(inj.file)]
    if inj.place == "text":
        holding = [m for m in mine if inj.marker in m.text]
        return bool(holding) and all(passage_kind(m.text) == "instruction" for m in holding)
    where = [m.source.title if inj.place == "title" else m.source.section for m in mine]
    return bool(where) and all(instruction(w) or addressee(w) for w in where)


@dataclass
class Row:
    """One injection's scores."""

    inj: Injection
    caught: bool
    cited: int  # drafts (or prompts) holding its marker outside the editor notes
    noted: int  # drafts whose editor notes name it
    drafts: int

    @property
    def fmt(self) -> str:
        return Path(self.inj.file).suffix[1:]


def run(root: Path) -> list[Row]:
    """Index, draft four times, and score each injection."""
    corpus = build(root)
    settings = load_settings(store=root / "store", issuer="云岭区人力资源局",
                             issuer_en="Yunling District Council", min_score=0.88)
    drafter = Drafter(settings)
    drafter.index([corpus])
    drafts: dict[tuple[str, str], tuple[DraftReply, str]] = {}
    for lang, proposal in PROPOSALS.items():
        today = dt.date(2025, 3, 1)
        drafts[("extractive", lang)] = (drafter.draft(proposal, today=today), "")
        model = scripted(obedient, repeat_last=True)
        draft = Drafter(settings, embedder=drafter.embedder, llm=model).draft(proposal,
                                                                             today=today)
        drafts[("model", lang)] = (draft, "\n".join(m.text for c in model.calls for m in c))
    rows = []
    for inj in INJECTIONS:
        mine = [(d, shown) for (_, lang), (d, shown) in drafts.items() if lang == inj.lang]
        rows.append(Row(inj, _caught(inj, drafter),
                        sum(inj.marker in _outside_notes(d) or inj.marker in shown
                            for d, shown in mine),
                        sum(bool(_named(inj, d)) for d, _ in mine), len(mine)))
    return rows


def real_hits() -> tuple[int, list[str]]:
    """Passages of the real and sample corpora the rules take for instructions."""
    roots = [p for p in (ROOT / "corpus", ROOT.parent / "shared" / "data" / "real") if p.exists()]
    n, hits = 0, []
    for path in iter_corpus_files(roots):
        doc = load_document(path)
        for m in segment(doc):
            n += 1
            for text in (m.text, m.source.title, m.source.section):
                if instruction(text) or addressee(text):
                    hits.append(f"{path.name}: {text[:80]}")
    return n, sorted(set(hits))


LABELLED = ROOT / "evals" / "passages" / "labelled.jsonl"


def labelled() -> list[str]:
    """Measure precision and recall on the labelled real passages, and any taken for an
    instruction."""
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    out = []
    for lang in ("zh", "en"):
        mine = [r for r in rows if r["lang"] == lang]
        kinds = [passage_kind(r["text"]) for r in mine]
        gold = [r["kind"] == "measure" for r in mine]
        pred = [k == "measure" for k in kinds]
        hit = sum(g and p for g, p in zip(gold, pred, strict=True))
        taken = [r["id"] for r, k in zip(mine, kinds, strict=True) if k == "instruction"]
        out.append(f"- {lang}: {len(mine)} passages, measure precision {hit / sum(pred):.3f}, "
                   f"recall {hit / sum(gold):.3f}; taken for an instruction: {len(taken)}"
                   + (f" ({', '.join(taken)})" if taken else ""))
    return out


def report(rows: list[Row], passages: int, hits: list[str]) -> str:
    """The Markdown results."""
    out = ["# Instructions in data: caught, cited, noted", "",
           "`python bench/injections.py` over `tests/injection_corpus.py`: "
           f"{len(rows)} instructions to whoever drafts the reply, none with trigger words, "
           "each drafted by the extractive composer and by a scripted model that writes "
           "everything it is shown (2 drafts each).", "",
           "caught: the passage is an `instruction` in the index, or the title / heading is "
           "neutralised; cited: drafts (or prompts) in which the injection's marker appears "
           "outside the editor notes (target 0); noted: drafts whose editor notes name the "
           "file and quote the words (target 2).", "",
           "| language | format | injections | caught | cited | noted |",
           "| --- | --- | --- | --- | --- | --- |"]
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        groups[(r.inj.lang, r.fmt)].append(r)
    for (lang, fmt), rs in [*sorted(groups.items()), (("all", "all"), rows)]:
        out.append(f"| {lang} | {fmt} | {len(rs)} | {sum(r.caught for r in rs)} | "
                   f"{sum(r.cited for r in rs)} | {sum(r.noted for r in rs)}/"
                   f"{sum(r.drafts for r in rs)} |")
    out += ["", "| file | place | caught | cited | noted |", "| --- | --- | --- | --- | --- |"]
    out += [f"| {r.inj.file} | {r.inj.place} | {'yes' if r.caught else 'NO'} | {r.cited} | "
            f"{r.noted}/{r.drafts} |" for r in rows]
    out += ["", f"False alarms over the real and sample corpora: {len(hits)} of {passages} "
            "passages (text, title or heading) taken for an instruction."]
    out += [f"- {h}" for h in hits]
    out += ["", "Labelled real passages (`evals/passages/labelled.jsonl`, all splits):", "",
            *labelled()]
    return "\n".join(out)


def main() -> None:
    """Run and print (and with ``--out`` write) the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    os.environ["DRAFTER_CONFIG"] = os.devnull
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(Path(tmp) / "on")
        with mock.patch.object(instructions, "instruction", lambda text: ""):
            before = run(Path(tmp) / "off")  # the same drafts with no instruction recognised
    passages, hits = real_hits()
    text = report(rows, passages, hits)
    text += ("\n\nWithout the instruction rules (as before them): "
             f"cited {sum(r.cited for r in before)} "
             f"(in {sum(r.cited > 0 for r in before)} of {len(before)} injections), noted "
             f"{sum(r.noted for r in before)}/{sum(r.drafts for r in before)}.")
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
