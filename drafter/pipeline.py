"""The order of the stages: parse → retrieve → compose → assemble → check.

This is the only module that knows the order; each stage takes the previous
stage's record and returns the next.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import TYPE_CHECKING

from drafter import limits
from drafter._text import grams
from drafter.citable import passage_kind
from drafter.compose.base import ComposeContext, Composer, RunTrace, thresholds
from drafter.compose.extractive import strong
from drafter.compose.timeline import newest_status, status_note
from drafter.config import Settings
from drafter.errors import InputError
from drafter.faithfulness import apply_marks, check_reply
from drafter.ingest.facts import detect_lang
from drafter.instruction_notes import Found, clean_examples, notes, screen
from drafter.limits import cut_text, how_many
from drafter.places import Office, about_elsewhere, place_of, provinces, scope
from drafter.reply import assemble, headings
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
    recs = draftable(proposal)
    long = {r.number: len(r.text) for r in proposal.recommendations
            if len(r.text) > limits.MAX_RECOMMENDATION_CHARS}
    evidence: dict[str, Evidence] = {}
    office = office_of(proposal, settings)
    heading = headings(recs, lang, settings.heading_style)
    mixed = settings.cross_language  # else evidence in another language is only a candidate
    own_words = _own_words(proposal)
    if _indexed(retriever, proposal.source_path):  # the proposal itself is never evidence
        filters = replace(filters or Filters(), exclude_paths=(
            filters.exclude_paths if filters else frozenset()) | {proposal.source_path})
    held_back: dict[int, list[Evidence]] = {}
    older: dict[int, list[tuple[Evidence, Evidence]]] = {}
    # Instructions to the drafter in the sources: never cited, shown neutralised, and noted.
    addressed: dict[int, list[Found]] = {}
    shown = composer.name != "extractive"  # past replies are shown to a model for its voice

    def retrieve(rec: Recommendation) -> list[Evidence]:
        """The evidence the composer may cite; another place's goes to the candidates."""
        subject = f"{proposal.title}\n{rec.text}"
        found = [_scoped(e, office, subject)
                 for e in retriever.for_recommendation(rec, settings.top_k, filters)
                 if not own_words(e.text)]
        found, addressed[rec.number] = screen(
            retriever.store, rec.text, found, pool=2 * retriever.candidates, lang=lang,
            mixed=mixed, accepts=filters.accepts if filters else None)
        held_back[rec.number] = found
        usable, older[rec.number] = newest_status([e for e in found if e.scope != "elsewhere"
                                                   and (mixed or detect_lang(e.text) == lang)])
        return usable

    def context(rec: Recommendation, found: list[Evidence]) -> ComposeContext:
        evidence.update((e.id, e) for e in found)
        record = SectionRecord(recommendation=rec.number, evidence_ids=[e.id for e in found])
        trace.sections.append(record)
        return ComposeContext(
            lang=lang, heading=heading[rec.number],
            max_measures=settings.max_measures_per_section,
            char_budget=settings.section_char_budget, **thresholds(settings),
            examples=tuple(clean_examples(retriever.reply_sections(found), lang,
                                          addressed[rec.number] if shown else [])),
            issuer=issuer,
            record=record, run=trace,
        )

    workers = min(settings.llm_concurrency, len(recs)) if getattr(composer, "parallel", False) \
        else 1
    sections: list[Section] = []
    if workers > 1:
        found_all = _share_out([retrieve(r) for r in recs])
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
            found = [e for e in retrieve(rec)
                     if e.id not in used and not used & set(e.corroborated_by)]
            section = composer.compose(rec, found, context(rec, found))
            for c in (c for sent in section.sentences for c in sent.citations):
                used.add(c)
                used.update(evidence[c].corroborated_by if c in evidence else ())
            sections.append(section)
            if progress:
                progress("drafting", n, len(recs))
    cited = {c for section in sections for sent in section.sentences for c in sent.citations}
    named: set[tuple[str, str, str]] = set()
    for section in sections:  # each source's instruction is named once, where first found
        section.notes.extend(notes(section.heading, addressed.get(section.recommendation, []),
                                   lang, named))
    for record, section in zip(trace.sections, sections, strict=True):
        record.citations = list(dict.fromkeys(c for s in section.sentences for c in s.citations))
        section.candidates = candidates(section, held_back.get(section.recommendation, []),
                                        cited, settings, lang)
        section.notes.extend(status_note(section.heading, old, new, lang)
                             for old, new in older.get(section.recommendation, [])
                             if new.id in record.citations)
        if section.recommendation in long:
            section.notes.append(cut_note(section.heading, long[section.recommendation], lang))
    draft = assemble(proposal, sections, evidence, issuer=issuer, today=today,
                     stance_labels=settings.stance_labels_en if lang == "en"
                     else settings.stance_labels)
    draft.composer = composer.name
    apply_marks(draft, check_reply(draft))
    if judges:
        from drafter.judges import apply_judges

        apply_judges(draft, list(judges))
    return draft


def draftable(proposal: Proposal) -> list[Recommendation]:
    """The recommendations to draft, each cut to ``MAX_RECOMMENDATION_CHARS`` for drafting.

    Raises:
        InputError: The proposal has more than ``MAX_RECOMMENDATIONS``.
    """
    recs = proposal.recommendations
    if len(recs) > limits.MAX_RECOMMENDATIONS:
        raise InputError(
            f"{how_many(len(recs))} recommendations found, over the {limits.MAX_RECOMMENDATIONS} "
            "one draft answers (drafter.limits.MAX_RECOMMENDATIONS); check with `drafter "
            "parse` that the numbering found is the proposal's, or answer it in parts",
            path=proposal.source_path or None,
        )
    return [r if len(r.text) <= limits.MAX_RECOMMENDATION_CHARS else r.model_copy(update={
        "text": cut_text(r.text, limits.MAX_RECOMMENDATION_CHARS),
        "points": [cut_text(p, limits.MAX_RECOMMENDATION_CHARS) for p in r.points]}) for r in recs]


def cut_note(heading: str, length: int, lang: str) -> str:
    """The editor's note on a recommendation cut for drafting."""
    if lang == "en":
        return (f"{heading}: the recommendation is {how_many(length)} characters long; only "
                f"its first {how_many(limits.MAX_RECOMMENDATION_CHARS)} were used to find evidence "
                "and draft this section. Read the rest and complete the answer.")
    return (f"{heading}：该建议原文 {how_many(length)} 字，仅前 "
            f"{how_many(limits.MAX_RECOMMENDATION_CHARS)} 字用于检索和起草本节，"
            "请阅读其余内容并补充答复。")


def office_of(proposal: Proposal, settings: Settings) -> Office:
    """The replying office: the settings' issuer and place, else the proposal's session place."""
    issuer = settings.issuer_en if proposal.lang == "en" else settings.issuer
    place = settings.place or place_of(issuer) or place_of(proposal.session)
    return Office.of(issuer, place, tuple(settings.superiors))


def _indexed(retriever: Retriever, path: str) -> bool:
    """True when the file at ``path`` is in the retriever's index."""
    manifest = getattr(retriever.store, "manifest", None) if path else None
    return manifest is not None and os.path.realpath(path) in manifest.files


def _scoped(e: Evidence, office: Office, subject: str = "") -> Evidence:
    """The evidence with its scope; a superior's measure for another province is elsewhere's,
    and so is any measure for another province than the one the proposal (``subject``) names."""
    where = scope(e.source.issuer, e.source.place, office)
    if where != "elsewhere" and (where == "superior" or provinces(subject)) \
            and about_elsewhere(e.text, office, subject):
        where = "elsewhere"
    return e.model_copy(update={"scope": where})


def _own_words(proposal: Proposal) -> Callable[[str], bool]:
    """A test for passages that restate the proposal being answered (its words are no evidence)."""
    words = grams("\n".join([proposal.title, *(r.text for r in proposal.recommendations),
                              *(p for r in proposal.recommendations for p in r.points)]))

    def restates(text: str) -> bool:
        mine = grams(text)
        return len(mine) >= 8 and len(mine & words) / len(mine) >= OWN_WORDS

    return restates


#: Share of a passage's wording found in the proposal that makes it the proposal's own words.
OWN_WORDS = 0.8


def candidates(section: Section, found: list[Evidence], cited: set[str],
               settings: Settings, lang: str) -> list[Evidence]:
    """What the editor may accept or reject under a section (备选材料), best first.

    A section left without sentences lists the best uncited measures found for
    it, however weak; a drafted one lists only the strong measures of other
    places or bodies, which a reply never states as the office's own.
    """
    pool = [e for e in found if e.id not in cited and not cited & set(e.corroborated_by)
            and passage_kind(e.text, bool(e.facts)) in ("measure", "response")]
    if section.sentences:
        gate = ComposeContext(**thresholds(settings))
        pool = [e for e in pool if e.scope == "elsewhere" and strong(e, gate)]
    elif not settings.cross_language:  # a passage in another language is a poor candidate
        pool = [e for e in pool if detect_lang(e.text) == lang] or pool
    return pool[: settings.max_candidates]


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
