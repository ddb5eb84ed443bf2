"""DraftReply → FaithfulnessReport: are the draft's facts in its sources?

Deterministic and offline.  For every sentence of every section: its
citations must name evidence of the draft, and every fact in it (money,
percentages, counts, years and dates, 《titles》, document numbers,
organisations — normalised as the index normalises them) must occur in the
cited evidence.  Facts in the frame (title, salutation, opening) must occur
in the proposal.  "Nothing to score" is None, never 0.
"""

from __future__ import annotations

from collections import Counter

from drafter._text import char_bigrams
from drafter.ingest.facts import extract_facts
from drafter.types import DraftReply, Evidence, Fact, FaithfulnessReport, SentenceCheck

VERIFY_ZH = "【待核实】"
VERIFY_EN = "[VERIFY]"


def support_score(sentence: str, sources: list[str]) -> float | None:
    """Share of the sentence's character bigrams found in its sources (None if empty)."""
    grams = char_bigrams(sentence)
    if not grams or not sources:
        return None
    pool: set[str] = set()
    for text in sources:
        pool |= char_bigrams(text)
    return round(len(grams & pool) / len(grams), 4)


#: Names may be found by their words; numbers only by their normalised value
#: ("3万元" is inside "13万元" but is not the same amount).
_BY_TEXT = frozenset({"title", "org", "docno"})


def unsupported(facts: list[Fact], source_text: str) -> list[str]:
    """The facts whose value does not occur in ``source_text`` (names: nor their words)."""
    if not facts:
        return []
    values = {f.value for f in extract_facts(source_text)}
    flat = source_text.replace(" ", "")
    bad = [f for f in facts if f.value not in values
           and not (f.kind in _BY_TEXT and f.text.replace(" ", "") in flat)]
    titles = [f for f in bad if f.kind == "title"]
    # A fact inside an unsupported 《title》 ("十条" in 《…安居十条》) is that title's error.
    return [f.text for f in bad if f.kind == "title" or not any(
        t.start <= f.start and f.end <= t.end for t in titles)]


def cited_text(ev: Evidence) -> str:
    """What citing ``ev`` vouches for: its passage, its document's title and its issuer."""
    src = ev.source
    return "\n".join([ev.text, f"《{src.title}》" if src.title else "", src.issuer])


def check_reply(draft: DraftReply) -> FaithfulnessReport:
    """Check every sentence of ``draft`` against its cited evidence."""
    checks: list[SentenceCheck] = []
    bad: list[str] = []
    uncited = 0
    for section in draft.sections:
        for sent in section.sentences:
            missing = [c for c in sent.citations if c not in draft.evidence]
            sources = [cited_text(draft.evidence[c]) for c in sent.citations
                       if c in draft.evidence]
            if not sent.citations:
                uncited += 1
            facts = extract_facts(sent.text, draft.lang)
            wrong = unsupported(facts, "\n".join(sources)) if facts else []
            supported: bool | None = not wrong and not missing and bool(sent.citations)
            if not facts and not sent.citations:
                supported = None
            checks.append(SentenceCheck(
                text=sent.text, citations=sent.citations, supported=supported,
                unsupported_facts=wrong, missing_citations=missing,
                support_score=support_score(sent.text, sources),
            ))
            bad.extend(wrong)
    p = draft.proposal
    proposal_text = "\n".join([p.title, p.number, p.session, *p.proposers,
                               *(r.text for r in p.recommendations)])
    for frame in (draft.title, draft.salutation, draft.opening, draft.closing):
        frame_facts = extract_facts(frame, draft.lang)
        bad.extend(unsupported(frame_facts, proposal_text))
    scored = [c for c in checks if c.supported is not None]
    numbers = [r.number for r in p.recommendations]
    answered, stance = answer_coverage(draft)
    return FaithfulnessReport(
        sentences=checks,
        supported_rate=(round(sum(1 for c in scored if c.supported) / len(scored), 4)
                        if scored else None),
        unsupported_facts=bad,
        uncited_sentences=uncited,
        coverage=round(answered / len(numbers), 4) if numbers else None,
        answered=answered,
        recommendations=len(numbers),
        stance_present=stance,
    )


def answer_coverage(draft: DraftReply) -> tuple[int, float | None]:
    """Recommendations answered exactly once, and the share of answers with a stance.

    A recommendation is answered when exactly one section with sentences
    answers it; none, or two, is not.  The stance share is over answered
    sections and None when every stance is "undecided" (no stance proposed).
    """
    numbers = {r.number for r in draft.proposal.recommendations}
    sections = [s for s in draft.sections if s.sentences and s.recommendation in numbers]
    counts = Counter(s.recommendation for s in sections)
    once = [s for s in sections if counts[s.recommendation] == 1]
    if not once or all(s.stance == "undecided" for s in draft.sections):
        return len(once), None
    return len(once), round(sum(1 for s in once if s.stance != "undecided") / len(once), 4)


def apply_marks(draft: DraftReply, report: FaithfulnessReport) -> None:
    """Copy the verdicts onto the draft's sentences and note what the editor must verify."""
    checks = iter(report.sentences)
    mark = VERIFY_EN if draft.lang == "en" else VERIFY_ZH
    for section in draft.sections:
        for sent in section.sentences:
            check = next(checks)
            sent.supported = check.supported
            sent.unsupported_facts = check.unsupported_facts
            if check.unsupported_facts:
                what = "、".join(check.unsupported_facts)
                draft.editor_notes.append(
                    f"{mark} {section.heading}: not in the cited sources: {what}"
                    if draft.lang == "en" else f"{mark} {section.heading}：所引材料中没有：{what}")
            if check.missing_citations:
                what = ", ".join(check.missing_citations)
                draft.editor_notes.append(
                    f"{mark} {section.heading}: cites evidence that does not exist: {what}"
                    if draft.lang == "en" else
                    f"{mark} {section.heading}：引用了不存在的材料 {what}")
    draft.faithfulness = report
