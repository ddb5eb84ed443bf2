"""The order of the stages: parse → retrieve → compose → assemble → check.

This is the only module that knows the order; each stage takes the previous
stage's record and returns the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drafter.compose.base import ComposeContext, Composer
from drafter.config import Settings
from drafter.faithfulness import apply_marks, check_reply
from drafter.reply import assemble, section_heading
from drafter.retrieve import Retriever
from drafter.types import DraftReply, Evidence, Proposal, Section

Progress = Callable[[str, int, int], None]


def draft_reply(proposal: Proposal, retriever: Retriever, composer: Composer,
                settings: Settings, *, today: dt.date | None = None,
                progress: Progress | None = None) -> DraftReply:
    """Draft a checked reply to ``proposal``."""
    lang = proposal.lang
    sections: list[Section] = []
    evidence: dict[str, Evidence] = {}
    used: set[str] = set()
    total = len(proposal.recommendations)
    for n, rec in enumerate(proposal.recommendations, 1):
        found = retriever.for_recommendation(rec, settings.top_k)
        # A measure already cited for an earlier recommendation is not repeated.
        found = [e for e in found if e.id not in used and not used & set(e.corroborated_by)]
        evidence.update((e.id, e) for e in found)
        ctx = ComposeContext(
            lang=lang, heading=section_heading(rec.number, lang),
            max_measures=settings.max_measures_per_section,
            char_budget=settings.section_char_budget,
            min_relevance=settings.min_relevance, min_score=settings.min_score,
        )
        section = composer.compose(rec, found, ctx)
        for sent in section.sentences:
            used.update(sent.citations)
            for c in sent.citations:
                used.update(evidence[c].corroborated_by if c in evidence else ())
        sections.append(section)
        if progress:
            progress("drafting", n, total)
    issuer = settings.issuer_en if lang == "en" else settings.issuer
    draft = assemble(proposal, sections, evidence, issuer=issuer, today=today)
    draft.composer = composer.name
    apply_marks(draft, check_reply(draft))
    return draft
