"""Build ``real.jsonl``: golden drafting cases over the real documents in ``../shared/data/real``.

Two kinds of case:

- the proposals paired with their published replies (``pairs_with`` in the
  manifest): the proposal is drafted, the paired reply is the reference, and
  the gold is that reply's answer paragraphs (as ``evals/retrieval/build_real.py``
  labels them, ``unit: "line"``);
- replies whose proposal title the manifest gives and that answer under
  numbered headings ("一、关于…"): the proposal is written from the reply's own
  headings, one recommendation per heading, under the proposal's title (saved in
  ``evals/drafting/proposals/real_*.txt``); the reference is that reply and each
  recommendation's gold is its section's paragraphs.

The reference reply is left out of retrieval when its case is evaluated, so
gold stated only in it cannot be found: such a recommendation's recall is not
scored (None), and the case is scored on coverage, grounding and the
reference's key facts.  Run from the repository root::

    python evals/drafting/build_real.py [../shared/data/real]
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from drafter.ingest import load_document

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REAL = ROOT.parent / "shared" / "data" / "real"
OUT = HERE / "real.jsonl"
#: Plausible facts no real reply here states, for a composer that invents.
FORBIDDEN = ["2030年前投入8亿元", "3000万元", "2035年"]
_NUM = "一二三四五六七八九十"


def _retrieval_builder() -> ModuleType:
    """``evals/retrieval/build_real.py``, whose section and answer rules label the gold."""
    path = ROOT / "evals" / "retrieval" / "build_real.py"
    spec = importlib.util.spec_from_file_location("retrieval_build_real", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold(rb: ModuleType, text: str, rel: str, lines: list[str]) -> list[dict[str, str]]:
    return [{"doc": rel, "snippet": rb._snippet(text, g), "unit": "line"} for g in lines]


def build(real: Path) -> list[dict[str, object]]:
    """Every real case; writes the proposals made from replies' headings as a side effect."""
    rb = _retrieval_builder()
    entries = json.loads((real / "manifest.json").read_text("utf-8"))
    by_id = {e["id"]: e for e in entries}
    base = real.parent
    cases: list[dict[str, object]] = []
    for e in sorted(entries, key=lambda e: e["file"]):
        if e["kind"] != "proposal" or not e.get("pairs_with"):
            continue
        reply = by_id[e["pairs_with"]]
        doc = load_document(real / reply["file"])
        rel = (real / reply["file"]).relative_to(base).as_posix()
        cases.append({
            "id": f"real-{e['id']}", "lang": "zh",
            "proposal": (real / e["file"]).relative_to(base).as_posix(),
            "recommendations": [
                {"number": 1, "gold": _gold(rb, doc.text, rel, rb.answer(doc.text))}],
            "reference_reply": rel, "forbidden_facts": FORBIDDEN,
            "note": f"a deputy's suggestion and its published reply {rel}",
        })
    for e in sorted(entries, key=lambda e: e["file"]):
        title = rb._META.sub("", e.get("proposal_title") or "").strip()
        if e["kind"] != "reply" or not title or title.startswith(("（", "(")):
            continue
        path = real / e["file"]
        doc = load_document(path)
        found = rb.sections(doc.text, "zh")[: len(_NUM)]
        if not found:
            continue
        rel = path.relative_to(base).as_posix()
        proposal = HERE / "proposals" / f"real_{path.stem}.txt"
        body = "\n".join(f"{_NUM[k]}、{heading}。" for k, (heading, _) in enumerate(found))
        proposal.write_text(f"{title}\n\n建议：\n\n{body}\n", encoding="utf-8")
        cases.append({
            "id": f"real-{path.stem}", "lang": "zh",
            "proposal": proposal.relative_to(ROOT).as_posix(),
            "recommendations": [{"number": k, "gold": _gold(rb, doc.text, rel, gold)}
                                for k, (_, gold) in enumerate(found, 1)],
            "reference_reply": rel, "forbidden_facts": FORBIDDEN,
            "note": f"proposal written from the section headings of {rel}",
        })
    return cases


def main() -> None:
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else REAL
    cases = build(real)
    OUT.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                   encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
