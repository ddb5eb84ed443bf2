"""Check ``evals/real/cases.jsonl`` and write the proposals its cases are drafted from.

Every case is checked against the files it names: the reply, the real proposal
(when paired), each key (an exact, unique substring of the reply's body) and
each answer (an exact, unique substring of another file's body). Bodies are
``drafter.ingest.load_document(path).text``: the text without the header, as a
user's file arrives. Run from the repository root::

    python evals/real/check_cases.py                    # check; exit 1 on any error
    python evals/real/check_cases.py --write-proposals  # (re)write evals/real/proposals/
    python evals/real/check_cases.py --counts           # the counts table of README.md

Paths in the cases are relative to ``../shared/data`` (``real/…``) or to the
repository (``corpus/…``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from drafter.ingest import load_document

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DATA = ROOT.parent / "shared" / "data"
CASES = HERE / "cases.jsonl"
PROPOSALS = HERE / "proposals"

KINDS = {"建议", "提案", "report", ""}
SCOPES = ("own", "superior", "elsewhere")
MIN_SNIPPET = 12
MAX_KEY = 160
_NUM = "一二三四五六七八九十"
_ORG_ENDINGS = ("委员会", "委会", "代表团", "委员组", "Committee")


def resolve(rel: str) -> Path:
    """A case path: ``real/…`` under ``../shared/data``, anything else under the repository."""
    return DATA / rel if rel.startswith("real/") else ROOT / rel


@cache
def body(rel: str) -> str:
    """The body of a file as drafter reads it (header removed, text cleaned)."""
    return load_document(resolve(rel)).text


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    """The cases, one JSON object per line."""
    lines = path.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _snippet_errors(where: str, rel: str, snippet: str) -> list[str]:
    """Errors for one snippet of ``rel``: too short, absent, or not unique."""
    if len(snippet) < MIN_SNIPPET:
        return [f"{where}: snippet shorter than {MIN_SNIPPET} characters: {snippet!r}"]
    count = body(rel).count(snippet)
    if count == 0:
        return [f"{where}: snippet not found in {rel}: {snippet!r}"]
    if count > 1:
        return [f"{where}: snippet occurs {count} times in {rel}: {snippet!r}"]
    return []


def _answer_errors(where: str, case: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    doc = answer.get("doc", "")
    if answer.get("scope") not in SCOPES:
        return [f"{where}: scope {answer.get('scope')!r} is not one of {SCOPES}"]
    if doc in (case["reply"], case.get("proposal")):
        return [f"{where}: an answer cannot come from the case's own reply or proposal"]
    if doc.startswith("real/proposal/") or doc.startswith("corpus/examples/"):
        return [f"{where}: proposals are never evidence: {doc}"]
    if not resolve(doc).is_file():
        return [f"{where}: missing file {doc}"]
    return _snippet_errors(where, doc, answer.get("snippet", ""))


def _recommendation_errors(case: dict[str, Any], n: int, rec: dict[str, Any]) -> list[str]:
    where = f"{case['id']} rec {n}"
    errors = [] if rec.get("number") == n else [f"{where}: numbered {rec.get('number')}"]
    if not str(rec.get("text", "")).strip():
        errors.append(f"{where}: no text")
    for key in rec.get("key", []):
        if len(key) > MAX_KEY:
            errors.append(f"{where}: key longer than {MAX_KEY} characters: {key[:40]!r}…")
        errors += _snippet_errors(f"{where} key", case["reply"], key)
    for answer in rec.get("answers", []):
        errors += _answer_errors(f"{where} answer", case, answer)
    return errors


def case_errors(case: dict[str, Any]) -> list[str]:
    """Everything wrong with one case."""
    cid = case.get("id", "?")
    for field in ("id", "lang", "reply", "recommendations"):
        if not case.get(field):
            return [f"{cid}: missing {field}"]
    if not case.get("title") and not case.get("proposal"):  # a real proposal may have none
        return [f"{cid}: missing title"]
    errors = []
    if case["lang"] not in ("zh", "en"):
        errors.append(f"{cid}: lang {case['lang']!r}")
    if case.get("kind", "") not in KINDS:
        errors.append(f"{cid}: kind {case.get('kind')!r} is not one of {sorted(KINDS)}")
    if cid != f"real-{Path(case['reply']).stem}":
        errors.append(f"{cid}: the id is not real-<reply stem>")
    for rel in (case["reply"], case.get("proposal")):
        if rel and not resolve(rel).is_file():
            errors.append(f"{cid}: missing file {rel}")
    if errors:
        return errors
    keys = [k for r in case["recommendations"] for k in r.get("key", [])]
    errors += [f"{cid}: key listed twice: {k!r}" for k, c in Counter(keys).items() if c > 1]
    for n, rec in enumerate(case["recommendations"], 1):
        errors += _recommendation_errors(case, n, rec)
    if not case.get("proposal"):
        path = PROPOSALS / f"{cid}.txt"
        if not path.is_file():
            errors.append(f"{cid}: no proposal file {path.relative_to(ROOT)}")
        elif path.read_text("utf-8") != proposal_text(case):
            errors.append(
                f"{cid}: {path.relative_to(ROOT)} differs from the case; run with --write-proposals"
            )
    return errors


def _people_line(case: dict[str, Any]) -> list[str]:
    """The proposer line(s) of a Chinese proposal."""
    people = case.get("proposers", [])
    if not people:
        return []
    if people[0].endswith(_ORG_ENDINGS):
        return [("提案单位：" if case["kind"] == "提案" else "提出单位：") + "、".join(people)]
    if case["kind"] == "提案":
        return ["提案人：" + "、".join(people)]
    lines = ["领衔代表：" + people[0]]
    return lines + (["附议代表：" + "、".join(people[1:])] if len(people) > 1 else [])


def proposal_text(case: dict[str, Any]) -> str:
    """The proposal a case is drafted from when no real one is paired."""
    recs = [r["text"].strip() for r in case["recommendations"]]
    if case["lang"] == "en":
        head = [case["title"], *case.get("proposers", [])[:1], case.get("session", "")]
        body_lines = [
            "Recommendations",
            *(f"{r['number']}. {t}" for r, t in zip(case["recommendations"], recs, strict=True)),
        ]
        return "\n".join([h for h in head if h] + [""] + body_lines) + "\n"
    word = "议案" if case["title"].endswith("议案") else case.get("kind") or "建议"
    number = case.get("number", "")
    session = case.get("session", "")
    head = [case["title"]]
    if session or number:
        head.append(f"{session}{number}{word}")
    head += _people_line(case)
    asks = recs if len(recs) == 1 else [f"{_NUM[i]}、{t}" for i, t in enumerate(recs)]
    return "\n".join([*head, "", "建议：", *asks]) + "\n"


def write_proposals(cases: list[dict[str, Any]]) -> int:
    """Write ``proposals/<id>.txt`` for every case without a real proposal; how many."""
    PROPOSALS.mkdir(exist_ok=True)
    written = 0
    for case in cases:
        if not case.get("proposal"):
            (PROPOSALS / f"{case['id']}.txt").write_text(proposal_text(case), "utf-8")
            written += 1
    return written


def counts(cases: list[dict[str, Any]]) -> str:
    """The counts table: cases, recommendations, keys and answers by scope, per language."""
    rows = []
    for lang in ("zh", "en", "all"):
        part = [c for c in cases if lang in ("all", c["lang"])]
        recs = [r for c in part for r in c["recommendations"]]
        scopes = Counter(a["scope"] for r in recs for a in r.get("answers", []))
        rows.append(
            [
                lang,
                len(part),
                len(recs),
                sum(len(r.get("key", [])) for r in recs),
                sum(1 for r in recs if not r.get("key")),
                sum(1 for r in recs if r.get("answers")),
                *(scopes[s] for s in SCOPES),
            ]
        )
    head = [
        "lang",
        "cases",
        "recommendations",
        "keys",
        "recs with no key",
        "recs with answers",
        *(f"answers {s}" for s in SCOPES),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(map(str, r)) + " |" for r in rows])


def main(argv: list[str] | None = None) -> int:
    """Check the cases (and write the proposals or print the counts when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write-proposals", action="store_true")
    parser.add_argument("--counts", action="store_true")
    args = parser.parse_args(argv)
    cases = load_cases()
    if args.write_proposals:
        print(f"wrote {write_proposals(cases)} proposals to {PROPOSALS.relative_to(ROOT)}")
    errors = [f"duplicate id {i}" for i, c in Counter(c.get("id") for c in cases).items() if c > 1]
    for case in cases:
        errors += case_errors(case)
    if args.counts:
        print(counts(cases))
    for error in errors:
        print("ERROR", error, file=sys.stderr)
    print(f"{len(cases)} cases, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
