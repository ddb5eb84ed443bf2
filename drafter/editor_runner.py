"""Run the editor's eval: index real documents as a user's files, draft each case, score it.

The documents are indexed as an office's files arrive: the text alone, the
``key: value`` header of a stored copy taken off (``bodies``), so that title,
kind, issuer and place are what drafter reads from the text.  Each case is
drafted as the replying office (its issuer from the reply), dated as the reply
was, with the reply left out of the index (``left_out``) or kept in it
(``ceiling``), and scored by ``drafter.editor_eval``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from drafter.api import Drafter
from drafter.compose.base import RunTrace
from drafter.config import Settings
from drafter.editor_eval import EditorCase, Judgements, RecScore, frame_errors, score_section
from drafter.errors import DrafterError
from drafter.ingest import load_document
from drafter.ingest.loaders import TRUNCATION_MARK, iter_corpus_files
from drafter.pipeline import draft_reply
from drafter.places import place_of
from drafter.proposal import parse_proposal
from drafter.retrieve import Filters
from drafter.types import DraftReply

Mode = Literal["left_out", "ceiling"]
Progress = Callable[[str, int, int], None]
#: The date a case is drafted on when its reply has none.
DEFAULT_DAY = dt.date(2024, 12, 31)


def bodies(src: Path, dest: Path) -> Path:
    """Copy every document under ``src`` to ``dest`` without its header or cut mark.

    Unchanged copies are left alone, so that the index over them stays current.
    Returns ``dest``.
    """
    for path in iter_corpus_files([src]):
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n\n")
        if not sep or not all(":" in line for line in head.splitlines()):
            body = text
        body = body.rstrip()
        if body.endswith(TRUNCATION_MARK):
            body = body[: -len(TRUNCATION_MARK)].rstrip()
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != body + "\n":
            out.write_text(body + "\n", encoding="utf-8")
    return dest


@dataclass
class Corpus:
    """Where an eval's documents are: the stored copies, their bodies, and the extra folders."""

    #: The folder the cases' ``real/...`` paths are relative to (holding ``real/``).
    data: Path
    #: Where the bodies of ``data/real`` are copied.
    copies: Path
    #: The repository the cases' other paths (``corpus/...``) are relative to.
    repo: Path
    #: Further folders indexed with the real documents (the sample corpus).
    extra: Sequence[Path] = ()
    #: Each office's superiors by its place, as it would configure them.
    superiors: dict[str, list[str]] = field(default_factory=dict)

    def path(self, rel: str) -> Path:
        """The indexed file of a case's path (a body copy for ``real/...``)."""
        if rel.startswith("real/"):
            return (self.copies / rel).resolve()
        return (self.repo / rel).resolve()

    def index_paths(self) -> list[Path]:
        """Everything the eval index holds."""
        return [bodies(self.data / "real", self.copies / "real"), *self.extra]


def build_index(corpus: Corpus, settings: Settings, store: Path,
                progress: Progress | None = None) -> Drafter:
    """The eval index at ``store`` (incremental), opened as a Drafter."""
    drafter = Drafter(settings.model_copy(update={"store": store}))
    drafter.index(corpus.index_paths(), progress=progress)
    return drafter


@dataclass
class CaseResult:
    """One case drafted and scored."""

    id: str
    lang: str
    mode: str
    recs: list[RecScore] = field(default_factory=list)
    frame: list[str] = field(default_factory=list)
    error: str = ""
    draft: DraftReply | None = None
    #: Per recommendation, the ids of every piece of evidence retrieval offered.
    offered: dict[int, list[str]] = field(default_factory=dict)


def office_settings(case: EditorCase, corpus: Corpus, settings: Settings,
                    superiors: dict[str, list[str]] | None = None) -> Settings:
    """The settings of the office that really answered ``case``: its issuer, and the superiors
    it would configure (``superiors``: by the office's place)."""
    reply = load_document(corpus.data / case.reply)  # the stored copy's header names it
    key = "issuer_en" if case.lang == "en" else "issuer"
    above = (superiors or {}).get(place_of(reply.issuer), [])
    return settings.model_copy(update={key: reply.issuer, "place": "", "superiors": above})


def case_day(case: EditorCase, corpus: Corpus) -> dt.date:
    """The date the real reply was written (drafts are dated as it was)."""
    date = load_document(corpus.data / case.reply).date
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return DEFAULT_DAY


def proposal_path(case: EditorCase, corpus: Corpus, proposals: Path) -> Path:
    """The proposal to draft: the real one (its body copy) or the one written for the case."""
    if case.proposal:
        return corpus.path(case.proposal)
    return proposals / f"{case.id}.txt"


def run_case(case: EditorCase, drafter: Drafter, corpus: Corpus, proposals: Path,
             judgements: Judgements, mode: Mode, *, available: set[str],
             proposal_files: set[str]) -> CaseResult:
    """Draft one case as its office would and score every section."""
    result = CaseResult(id=case.id, lang=case.lang, mode=mode)
    reply = str(corpus.path(case.reply))
    left_out = {reply} if mode == "left_out" else set()
    try:
        settings = office_settings(case, corpus, drafter.settings, corpus.superiors)
        path = proposal_path(case, corpus, proposals)
        proposal = parse_proposal(load_document(path).text, source_path=str(path))
        filters = Filters(exclude_paths=frozenset(left_out)) if left_out else None
        trace = RunTrace()
        draft = draft_reply(proposal, drafter.retriever, drafter.composer, settings,
                            today=case_day(case, corpus), trace=trace, filters=filters)
    except DrafterError as exc:
        result.error = str(exc)
        return result
    result.draft = draft
    result.offered = {r.recommendation: list(r.evidence_ids) for r in trace.sections}
    result.frame = frame_errors(case, draft)
    for rec in case.recommendations:
        labelled = replace(rec, answers=tuple(replace(a, doc=str(corpus.path(a.doc)))
                                              for a in rec.answers))
        result.recs.append(score_section(case, labelled, draft, judgements, left_out=left_out,
                                         available=available, proposals=proposal_files))
    return result


def run_cases(cases: Sequence[EditorCase], drafter: Drafter, corpus: Corpus, proposals: Path,
              judgements: Judgements, mode: Mode,
              progress: Progress | None = None) -> list[CaseResult]:
    """Every case drafted and scored in ``mode`` (the index must be built)."""
    manifest = drafter.store.manifest
    available = set(manifest.files) if manifest else set()
    proposal_files = {k for k, e in (manifest.files.items() if manifest else ())
                      if e.kind == "proposal"}
    proposal_files |= {str(corpus.path(c.proposal)) for c in cases if c.proposal}
    out = []
    for n, case in enumerate(cases, 1):
        out.append(run_case(case, drafter, corpus, proposals, judgements, mode,
                            available=available, proposal_files=proposal_files))
        if progress:
            progress(mode, n, len(cases))
    return out


def summarise(results: Sequence[CaseResult]) -> dict[str, float | int | None]:
    """The totals and rates of a set of results (one language, one mode)."""
    recs = [r for res in results for r in res.recs]
    sentences = sum(r.sentences for r in recs)
    keys = sum(r.keys for r in recs)
    return {
        "cases": len(results),
        "errors": sum(1 for r in results if r.error),
        "recommendations": len(recs),
        "sentences": sentences,
        "on_topic_share": round(sum(r.on_topic for r in recs) / sentences, 4)
        if sentences else None,
        "padding": sum(r.padding for r in recs),
        "unjudged": sum(r.unjudged for r in recs),
        "flagged": sum(1 for r in recs if r.flagged),
        "wrong_flags": sum(1 for r in recs if r.wrong_flag),
        "key_measures": keys,
        "key_recall": round(sum(r.keys_found for r in recs) / keys, 4) if keys else None,
        "proposal_cited": sum(r.proposal_cited for r in recs),
        "frame_ok": sum(1 for r in results if not r.frame and not r.error),
    }


def clear(path: Path) -> None:
    """Remove an eval folder (the index and the body copies) to start afresh."""
    shutil.rmtree(path, ignore_errors=True)
