"""The extractive composer: a reply section built only from evidence text.

It keeps the measures that answer the recommendation (those close in score
to the best one and above the weak-evidence floor), orders them as replies
do — what has been done, then what will be done next (下一步) — joins them
with the genre's connectives (一是…二是…, 下一步; English replies run as plain
prose, as UK government responses do), trims each to
its leading clauses within a length budget, and cites every sentence.  It
never writes a fact of its own: every sentence is evidence text with a
connective in front, so it is grounded by construction.  The stance is left
to the editor.
"""

from __future__ import annotations

import re
from typing import Any

import cn2an

from drafter.citable import citable
from drafter.compose.base import ComposeContext, register
from drafter.compose.timeline import due_year, is_later, is_target
from drafter.types import Evidence, Recommendation, Section, Sentence

#: Evidence this far below the best relevance is not about the same thing.
RELEVANCE_MARGIN = 0.03
MAX_MEASURE_CHARS = 220

_LEAD_ZH = re.compile(
    r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|此外|另外|同时|与此同时|"
    r"（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d{1,2}[.、．)）]|[①-⑳])[，,：:\s]*"
)
_LEAD_EN = re.compile(
    r"^(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Finally|In addition|Additionally|Also|"
    r"Furthermore|Moreover|\(?[a-z0-9]{1,2}[.)]|\d+(?:\.\d+)+|[-•·*])[,:]?\s+"
)
_NEXT_LEAD = re.compile(r"^(?:下一步|下阶段|今后|接下来|Looking ahead|Next)[，,：:\s]*")
#: "我局将重点推进以下工作：一是…" — an announcing clause before an enumeration.
_INTRO_ZH = re.compile(
    r"^[^。；：:]{0,40}[：:](?=[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d[.、．])"
)
_CLAUSE_CUT = re.compile(r"[，；,;]")
_END = "。！？.!?"


def trim(text: str, lang: str, limit: int = MAX_MEASURE_CHARS) -> str:
    """Strip enumeration leads and cut an overlong measure at a clause boundary."""
    body = text.strip()
    lead = _LEAD_EN if lang == "en" else _LEAD_ZH
    for _ in range(2):
        body = _NEXT_LEAD.sub("", lead.sub("", body)).strip()
        if lang == "zh":
            body = _INTRO_ZH.sub("", body)
    if len(body) > limit:
        cuts = [m.start() for m in _CLAUSE_CUT.finditer(body, 0, limit)]
        if cuts and cuts[-1] > limit // 3:
            body = body[: cuts[-1]]
    body = body.rstrip("，,；;：: ")
    if lang == "en" and body[:1].islower():
        body = body[0].upper() + body[1:]
    if body and body[-1] not in _END:
        body += "." if lang == "en" else "。"
    return body


def strong(e: Evidence, ctx: ComposeContext) -> bool:
    """True when evidence is close enough to the recommendation to cite.

    Dense similarity alone lets loosely related measures through (a reporting
    schedule for a 5G coverage ask) and misses paraphrases; so evidence counts
    when it stands ``min_relevance`` above the query's similarity to the whole
    corpus *and* holds ``min_lexical`` of the query's words (by rarity, its
    heading and document subject included), or stands ``strong_relevance`` above
    it, or is ``min_score`` similar outright (a corpus of one subject, such as a
    county's road replies, lifts the baseline of every query).
    """
    return (e.relevance >= ctx.strong_relevance or e.score >= ctx.min_score
            or (e.relevance >= ctx.min_relevance and e.lexical >= ctx.min_lexical))


def select(evidence: list[Evidence], ctx: ComposeContext, *,
           margin: float = RELEVANCE_MARGIN, limit: int | None = None) -> list[Evidence]:
    """The evidence worth citing: measures that are strong (``strong``), and close to the best.

    Of the strong, those within ``margin`` of the best relevance are kept, at
    most ``limit`` (``ctx.max_measures`` by default).
    """
    chosen = [e for e in evidence if citable(e.text, bool(e.facts)) and strong(e, ctx)]
    if not chosen:
        return []
    best = max(e.relevance for e in chosen)
    keep = [e for e in chosen if e.relevance >= best - margin]
    return keep[: limit or ctx.max_measures]


class ExtractiveComposer:
    """Selects, orders, trims and joins evidence; no model involved."""

    name = "extractive"

    def describe(self) -> dict[str, Any]:
        """No model: an empty description."""
        return {}

    def select(self, evidence: list[Evidence], ctx: ComposeContext) -> list[Evidence]:
        """The evidence this composer cites (see ``select``)."""
        return select(evidence, ctx)

    def compose(self, rec: Recommendation, evidence: list[Evidence],
                ctx: ComposeContext) -> Section:
        """Write the section for ``rec`` from ``evidence``."""
        chosen = self.select(evidence, ctx)
        section = Section(recommendation=rec.number, heading=ctx.heading)
        if not chosen:
            section.weak_evidence = True
            return section
        done = [e for e in chosen if not is_later(e, ctx.lang)]
        later = [e for e in chosen if is_later(e, ctx.lang)]
        used = 0
        for n, ev in enumerate(done):
            body = trim(ev.text, ctx.lang)
            if len(done) > 1 and ctx.lang == "zh":
                body = f"{cn2an.an2cn(n + 1)}是{body}"
            if section.sentences and used + len(body) > ctx.char_budget:
                break
            section.sentences.append(Sentence(text=body, citations=[ev.id]))
            used += len(body)
        for n, ev in enumerate(later):
            body = trim(ev.text, ctx.lang)
            if ctx.lang == "zh" and is_target(ev) and due_year(ev.text) is None:
                body = f"相关规划提出的目标是：{body}"  # a plan's target, not a step taken
            elif ctx.lang == "zh":
                body = ("下一步，" if n == 0 else "同时，") + body
            if section.sentences and used + len(body) > ctx.char_budget:
                break
            section.sentences.append(Sentence(text=body, citations=[ev.id]))
            used += len(body)
        return section


register("extractive", ExtractiveComposer)
