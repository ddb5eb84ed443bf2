"""Drafts as an editor judges them: key measures found, on-topic sentences, padding, flags, frame.

A case is a real reply turned around: the proposal it answers (the real one
where it is known, else one written from the reply's own quotes and headings)
is drafted from an index without that reply (leave-one-out, as an office
drafts a new reply), and the draft is held to labels made from the texts:

- ``key``: the concrete measures of the real reply, as exact snippets.  A key
  measure is found when a passage cited in its section, or listed among the
  section's candidates, states it (``FOUND`` of the shorter text's wording).
  Left out, it can only be found where another document restates it; with the
  reply in the index (``ceiling``) it can always be.
- ``answers``: measures in other documents that answer the recommendation,
  with their scope (the replying office's own, a superior's, or elsewhere).
- judgements: whether a passage a draft cited answers the recommendation
  ("answers"), is on its subject without answering it ("related"), or not
  ("off"); a passage that states a key measure or a labelled answer needs none.
  A cited passage nobody has judged is counted and listed, never guessed.

Per recommendation: a sentence is on topic when its evidence answers or is
related; padding when its evidence is judged "off"; a section left without
sentences is a wrong "not found" flag when an own or superior answer is in
the index.  Nothing to score is None, never 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from drafter._text import overlap
from drafter.errors import InputError
from drafter.types import DraftReply, Evidence, Lang

#: Share of the shorter text's wording two passages share when they state the same measure.
FOUND = 0.5
Label = Literal["answers", "related", "off"]
LABELS: tuple[str, ...] = ("answers", "related", "off")


@dataclass(frozen=True)
class Answer:
    """A measure in another document that answers a recommendation."""

    doc: str
    snippet: str
    scope: str = "own"


@dataclass(frozen=True)
class CaseRecommendation:
    """One recommendation of a case and its labels."""

    number: int
    text: str
    key: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class EditorCase:
    """A proposal to draft, the reply that really answered it, and the labels."""

    id: str
    lang: Lang
    reply: str
    proposal: str | None
    title: str = ""
    number: str = ""
    proposers: tuple[str, ...] = ()
    kind: str = ""
    recommendations: tuple[CaseRecommendation, ...] = ()
    note: str = ""


def load_editor_cases(path: Path) -> list[EditorCase]:
    """Read a cases file (JSON lines; ``evals/real/README.md`` gives the fields).

    Raises:
        InputError: the file cannot be read or a line is not a case (file and line named).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the cases ({exc})", str(path)) from exc
    cases = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            recs = tuple(CaseRecommendation(
                number=int(r["number"]), text=str(r.get("text", "")),
                key=tuple(r.get("key", [])),
                answers=tuple(Answer(a["doc"], a["snippet"], a.get("scope", "own"))
                              for a in r.get("answers", [])))
                for r in raw["recommendations"])
            cases.append(EditorCase(
                id=str(raw["id"]), lang=raw.get("lang", "zh"), reply=str(raw["reply"]),
                proposal=raw.get("proposal"), title=raw.get("title", ""),
                number=raw.get("number", ""), proposers=tuple(raw.get("proposers", [])),
                kind=raw.get("kind", ""), recommendations=recs, note=raw.get("note", "")))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{n}: not a case ({exc!r}); see evals/real/README.md",
                             str(path)) from None
    return cases


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Judgements:
    """Labels of cited passages per case and recommendation, read from and saved to JSON lines."""

    labels: dict[tuple[str, int, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Judgements:
        """The judgements in ``path`` (none when it is None or missing).

        Raises:
            InputError: a line is not a judgement.
        """
        out = cls()
        if path is None or not path.is_file():
            return out
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if raw["label"] not in LABELS:
                    raise ValueError(f"label must be one of {', '.join(LABELS)}")
                out.labels[(raw["case"], int(raw["rec"]), _norm(raw["text"]))] = raw["label"]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{path}:{n}: not a judgement ({exc})", str(path)) from None
        return out

    def get(self, case: str, rec: int, text: str) -> str | None:
        """The label of ``text`` cited for recommendation ``rec`` of ``case``, if judged."""
        return self.labels.get((case, rec, _norm(text)))


@dataclass
class RecScore:
    """What one section of a draft got right and wrong."""

    number: int
    sentences: int = 0
    on_topic: int = 0
    padding: int = 0
    unjudged: int = 0
    flagged: bool = False
    wrong_flag: bool = False
    keys: int = 0
    keys_found: int = 0
    keys_findable: int = 0
    candidates: int = 0
    #: Cited passages of proposals (never allowed).
    proposal_cited: int = 0
    #: (passage, source path) cited but not judged, for the labeller.
    to_judge: list[tuple[str, str]] = field(default_factory=list)


def _states(passage: str, snippets: Iterable[str]) -> bool:
    return any(overlap(passage, s) >= FOUND for s in snippets)


def score_section(case: EditorCase, rec: CaseRecommendation, draft: DraftReply,
                  judgements: Judgements, *, left_out: set[str], available: set[str],
                  proposals: set[str]) -> RecScore:
    """Score the section answering ``rec``.

    Args:
        left_out: Resolved paths of documents not in the index for this draft.
        available: Resolved paths of the documents in the index.
        proposals: Resolved paths of the proposals in the data (never to be cited).
    """
    out = RecScore(number=rec.number, keys=len(rec.key))
    section = next((s for s in draft.sections if s.recommendation == rec.number), None)
    answering = [a.snippet for a in rec.answers]
    if section is None:
        return out
    cited = [draft.evidence[c] for s in section.sentences for c in s.citations
             if c in draft.evidence]
    seen = [*cited, *section.candidates]
    out.keys_found = sum(1 for k in rec.key if any(overlap(e.text, k) >= FOUND for e in seen))
    out.candidates = len(section.candidates)
    for sent in section.sentences:
        evs = [draft.evidence[c] for c in sent.citations if c in draft.evidence]
        out.sentences += 1
        out.proposal_cited += sum(1 for e in evs if _resolved(e) in proposals
                                  or e.source.kind == "proposal")
        labels = {_label(case, rec, e, judgements, answering) for e in evs}
        if "answers" in labels or "related" in labels:
            out.on_topic += 1
        elif "off" in labels or not evs:
            out.padding += 1
        else:
            out.unjudged += 1
            out.to_judge.extend((e.text, e.source.path) for e in evs)
    out.flagged = not section.sentences
    own = [a for a in rec.answers if a.scope in ("own", "superior")
           and a.doc not in left_out and a.doc in available]
    out.wrong_flag = out.flagged and bool(own)
    return out


def _label(case: EditorCase, rec: CaseRecommendation, ev: Evidence, judgements: Judgements,
           answering: list[str]) -> str | None:
    if _states(ev.text, rec.key) or _states(ev.text, answering):
        return "answers"
    return judgements.get(case.id, rec.number, ev.text)


def _resolved(ev: Evidence) -> str:
    return str(Path(ev.source.path).resolve())


def frame_errors(case: EditorCase, draft: DraftReply) -> list[str]:
    """The frame fields the draft got wrong: title, number, proposers (those the case labels)."""
    p = draft.proposal
    errors = []
    if case.title and _bare(p.title) != _bare(case.title):
        errors.append(f"title {p.title!r} (expected {case.title!r})")
    if case.number and _digits(p.number) != _digits(case.number):
        errors.append(f"number {p.number!r} (expected {case.number!r})")
    named = [*p.proposers, *getattr(p, "co_proposers", [])]
    if case.proposers and set(named) != set(case.proposers):
        errors.append(f"proposers {named} (expected {list(case.proposers)})")
    return errors


def _bare(title: str) -> str:
    """A title without quotes, spaces and the genre's wrapper (关于…的建议 = …建议)."""
    flat = re.sub(r"[\s《》“”\"'‘’]", "", title)
    return re.sub(r"的(?=(?:建议|提案|议案)$)", "", flat.removeprefix("关于"))


def _digits(number: str) -> str:
    return "".join(re.findall(r"[0-9A-Za-z]", number)).lstrip("0")
