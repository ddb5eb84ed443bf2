"""The order of the stages: parse → retrieve → compose → assemble → check.

This is the only module that knows the order; each stage takes the previous
stage's record and returns the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING

from drafter.compose.base import ComposeContext, Composer, RunTrace
from drafter.config import Settings
from drafter.faithfulness import apply_marks, check_reply
from drafter.reply import assemble, section_heading
from drafter.retrieve import Filters, Retriever
from drafter.runlog import SectionRecord

if TYPE_CHECKING:
    from drafter.judges import Judge
from drafter.types import DraftReply, Evidence, Proposal, Recommendation, Section

Progress = Callable[[str, int, int], None]


def draft_reply(proposal: Proposal, retriever: Retriever, composer: Composer,
                settings: Settings, *, today: dt.date | None = None,
                progress: Progress | None = None, trace: RunTrace | None = None,
                filters: Filters | None = None, judges: Sequence[Judge] = ()) -> DraftReply:
    """Draft a checked reply to ``proposal``; what the composer did goes into ``trace``.

    Sections are composed one after the other, and a measure cited for an
    earlier recommendation is not offered again.  A composer that waits on a
    model (``parallel``) drafts ``llm_concurrency`` sections at once instead;
    a measure found for several recommendations then goes to the one it
    matches best.  ``filters`` restrict the evidence (an eval leaves an item's own
    reference reply out).  Optional ``judges`` add their verdicts to the check.
    """
    trace = trace if trace is not None else RunTrace()
    lang = proposal.lang
    issuer = settings.issuer_en if lang == "en" else settings.issuer
    recs = proposal.recommendations
    evidence: dict[str, Evidence] = {}

    def context(rec: Recommendation, found: list[Evidence]) -> ComposeContext:
        evidence.update((e.id, e) for e in found)
        record = SectionRecord(recommendation=rec.number, evidence_ids=[e.id for e in found])
        trace.sections.append(record)
        return ComposeContext(
            lang=lang, heading=section_heading(rec.number, lang),
            max_measures=settings.max_measures_per_section,
            char_budget=settings.section_char_budget,
            min_relevance=settings.min_relevance, min_score=settings.min_score,
            examples=tuple(retriever.reply_sections(found)), issuer=issuer,
            record=record, run=trace,
        )

    workers = min(settings.llm_concurrency, len(recs)) if getattr(composer, "parallel", False) \
        else 1
    sections: list[Section] = []
    if workers > 1:
        found_all = _share_out([retriever.for_recommendation(r, settings.top_k, filters)
                                for r in recs])
        jobs = [(rec, found, context(rec, found)) for rec, found in zip(recs, found_all,
                                                                        strict=True)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(composer.compose, *job) for job in jobs]
            for n, _ in enumerate(as_completed(futures), 1):
                if progress:
                    progress("drafting", n, len(recs))
            sections = [f.result() for f in futures]
    else:
        used: set[str] = set()
        for n, rec in enumerate(recs, 1):
            found = retriever.for_recommendation(rec, settings.top_k, filters)
            found = [e for e in found if e.id not in used and not used & set(e.corroborated_by)]
            section = composer.compose(rec, found, context(rec, found))
            for c in (c for sent in section.sentences for c in sent.citations):
                used.add(c)
                used.update(evidence[c].corroborated_by if c in evidence else ())
            sections.append(section)
            if progress:
                progress("drafting", n, len(recs))
    for record, section in zip(trace.sections, sections, strict=True):
        record.citations = list(dict.fromkeys(c for s in section.sentences for c in s.citations))
    draft = assemble(proposal, sections, evidence, issuer=issuer, today=today,
                     stance_labels=settings.stance_labels_en if lang == "en"
                     else settings.stance_labels)
    draft.composer = composer.name
    apply_marks(draft, check_reply(draft))
    if judges:
        from drafter.judges import apply_judges

        apply_judges(draft, list(judges))
    return draft


def _share_out(found: list[list[Evidence]]) -> list[list[Evidence]]:
    """Each measure (with its corroborations) stays only with the recommendation it fits best."""
    best: dict[str, tuple[float, int]] = {}
    for i, items in enumerate(found):
        for e in items:
            for key in (e.id, *e.corroborated_by):
                if key not in best or e.score > best[key][0]:
                    best[key] = (e.score, i)
    return [[e for e in items if all(best[k][1] == i for k in (e.id, *e.corroborated_by))]
            for i, items in enumerate(found)]
