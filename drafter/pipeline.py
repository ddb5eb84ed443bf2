"""The order of the stages: parse → retrieve → compose → assemble → check.

This is the only module that knows the order; each stage takes the previous
stage's record and returns the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drafter.compose.base import ComposeContext, Composer, RunTrace
from drafter.config import Settings
from drafter.faithfulness import apply_marks, check_reply
from drafter.reply import assemble, section_heading
from drafter.retrieve import Retriever
from drafter.runlog import SectionRecord
from drafter.types import DraftReply, Evidence, Proposal, Section

Progress = Callable[[str, int, int], None]


def draft_reply(proposal: Proposal, retriever: Retriever, composer: Composer,
                settings: Settings, *, today: dt.date | None = None,
                progress: Progress | None = None, trace: RunTrace | None = None) -> DraftReply:
    """Draft a checked reply to ``proposal``; what the composer did goes into ``trace``."""
    trace = trace if trace is not None else RunTrace()
    lang = proposal.lang
    issuer = settings.issuer_en if lang == "en" else settings.issuer
    sections: list[Section] = []
    evidence: dict[str, Evidence] = {}
    used: set[str] = set()
    total = len(proposal.recommendations)
    for n, rec in enumerate(proposal.recommendations, 1):
        found = retriever.for_recommendation(rec, settings.top_k)
        # A measure already cited for an earlier recommendation is not repeated.
        found = [e for e in found if e.id not in used and not used & set(e.corroborated_by)]
        evidence.update((e.id, e) for e in found)
        record = SectionRecord(recommendation=rec.number, evidence_ids=[e.id for e in found])
        trace.sections.append(record)
        ctx = ComposeContext(
            lang=lang, heading=section_heading(rec.number, lang),
            max_measures=settings.max_measures_per_section,
            char_budget=settings.section_char_budget,
            min_relevance=settings.min_relevance, min_score=settings.min_score,
            examples=tuple(retriever.reply_sections(found)), issuer=issuer,
            record=record, run=trace,
        )
        section = composer.compose(rec, found, ctx)
        record.citations = list(dict.fromkeys(c for s in section.sentences for c in s.citations))
        for sent in section.sentences:
            used.update(sent.citations)
            for c in sent.citations:
                used.update(evidence[c].corroborated_by if c in evidence else ())
        sections.append(section)
        if progress:
            progress("drafting", n, total)
    draft = assemble(proposal, sections, evidence, issuer=issuer, today=today,
                     stance_labels=settings.stance_labels_en if lang == "en"
                     else settings.stance_labels)
    draft.composer = composer.name
    apply_marks(draft, check_reply(draft))
    return draft
