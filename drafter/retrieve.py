"""Recommendation → Evidence: hybrid retrieval.

Dense (Chroma) and lexical (BM25) candidates are fused by reciprocal rank
fusion.  Near-duplicates (the same measure quoted in a policy and in past
replies) collapse to one piece of evidence, the policy preferred as the
primary source and the others kept as corroboration.  Newer documents win
ties.  Each piece of evidence carries its cosine similarity to the query as
its score, which the composer uses to decide whether evidence is weak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter._text import char_bigrams
from drafter.citable import passage_kind
from drafter.index.base import SearchableStore
from drafter.rerank import Reranker, rerank
from drafter.types import Evidence, Measure, Recommendation

RRF_K = 60
#: Measures taken from after a matching quoted request or heading.
FOLLOWERS = 3
_SENTENCE = re.compile(r"[。；！？.;!?]")


@dataclass(frozen=True)
class Filters:
    """Restrict evidence by issuer, kind or date (ISO strings compare in order)."""

    issuer: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def accepts(self, m: Measure) -> bool:
        """True when the measure passes every filter that is set."""
        s = m.source
        if self.issuer and self.issuer not in s.issuer:
            return False
        if self.kind and s.kind != self.kind:
            return False
        if self.date_from and (not s.date or s.date < self.date_from):
            return False
        return not (self.date_to and s.date and s.date > self.date_to)


def near_duplicate(a: str, b: str, threshold: float = 0.6) -> bool:
    """True when two texts say the same thing (character-bigram overlap)."""
    sa, sb = char_bigrams(a), char_bigrams(b)
    if not sa or not sb:
        return False
    inter = len(sa & sb)
    return inter / min(len(sa), len(sb)) >= 0.85 or inter / len(sa | sb) >= threshold


#: Measures whose checkable facts nest need only this much wording in common.
FACT_OVERLAP = 0.35
_KEY_FACTS = ("money", "percent", "count")


#: Share of the shorter text's wording found in the longer one that makes a restatement.
CONTAINED = 0.7


def same_measure(a: Measure, b: Measure) -> bool:
    """True when two measures state the same thing, perhaps at different length.

    Measures whose amounts, percentages or counts conflict are never the same.
    Otherwise either their wording nearly coincides; or most of the shorter
    one's wording (or of its main sentence) is in the longer one and it states
    no amount, percentage or count that the longer one lacks; or the amounts,
    percentages and counts of one are all in the other and a good part of the
    wording is shared (a policy article and a reply that quotes it).
    """
    short, long_ = (a, b) if len(a.text) <= len(b.text) else (b, a)
    fs = {f.value for f in short.facts if f.kind in _KEY_FACTS}
    fl = {f.value for f in long_.facts if f.kind in _KEY_FACTS}
    if fs and fl and not (fs <= fl or fl <= fs):
        return False  # different amounts: different measures, however alike the wording
    if near_duplicate(a.text, b.text):
        return True
    ss, sl = char_bigrams(short.text), char_bigrams(long_.text)
    if not ss or not sl:
        return False
    contained = len(ss & sl) / len(ss)
    if fs <= fl:
        core = char_bigrams(max(_SENTENCE.split(short.text), key=len))
        if contained >= CONTAINED or (len(core) >= 15 and len(core & sl) / len(core) >= 0.8):
            return True
    return bool(fs) and bool(fl) and (fs <= fl or fl <= fs) and contained >= FACT_OVERLAP


class Retriever:
    """Hybrid retrieval over one store."""

    def __init__(self, store: SearchableStore, top_k: int = 8, candidates: int = 40,
                 reranker: Reranker | None = None) -> None:
        self.store = store
        self.top_k = top_k
        self.candidates = candidates
        self.reranker = reranker

    def search(self, query: str, k: int | None = None,
               filters: Filters | None = None) -> list[Evidence]:
        """Evidence for a free query, best first: measures only, restatements folded in."""
        k = k or self.top_k
        query = query.strip()
        if not query:
            return []
        vector = self.store.embed_query(query)
        pool = self.candidates * (4 if filters else 1)
        dense = self.store.dense(vector, pool)
        lexical = self.store.lexical(query, pool)
        fused: dict[str, float] = {}
        measures: dict[str, Measure] = {}
        for hits in (dense, lexical):
            for rank, (m, _) in enumerate(hits):
                measures[m.id] = m
                fused[m.id] = fused.get(m.id, 0.0) + 1.0 / (RRF_K + rank + 1)
        order = sorted(fused, key=lambda i: (-round(fused[i], 6), _newest(measures[i])))
        ranked, via = self._answers([measures[i] for i in order], filters)
        if not ranked:
            return []
        sims = {m.id: s for m, s in dense}
        wanted = [m.id for m in ranked] + list(via.values())
        sims.update(self.store.similarity(vector, [i for i in dict.fromkeys(wanted)
                                                   if i not in sims]))
        for mid, pointer in via.items():
            sims[mid] = max(sims.get(mid, 0.0), sims.get(pointer, 0.0))
        if self.reranker is not None:
            ranked = rerank(self.reranker, query, ranked, lambda m: m.text)
        baseline = self.store.baseline(vector)
        return self._dedupe(ranked, sims, via, baseline, k)

    def for_recommendation(self, rec: Recommendation, k: int | None = None,
                           filters: Filters | None = None) -> list[Evidence]:
        """Evidence for one recommendation, queried with its full text (points included)."""
        return self.search(rec.text, k, filters)

    def _answers(self, ranked: list[Measure], filters: Filters | None
                 ) -> tuple[list[Measure], dict[str, str]]:
        """Measures in rank order; a quoted request or heading gives way to its answer.

        A recommendation quoted in a past reply, or a section heading, is no
        measure but says what the measures after it answer: they take its
        place in the ranking (up to ``FOLLOWERS``, until the next request or
        heading).  Problems and fragments are dropped; so is whatever the
        filters reject.
        """
        out: list[Measure] = []
        via: dict[str, str] = {}
        seen: set[str] = set()
        for m in ranked:
            kind = passage_kind(m.text, bool(m.facts))
            if kind == "measure":
                found = [m]
            elif kind in ("request", "heading"):
                found = []
                for f in self.store.following(m.id, 4 * FOLLOWERS):
                    f_kind = passage_kind(f.text, bool(f.facts))
                    if f_kind in ("request", "heading") or len(found) == FOLLOWERS:
                        break
                    if f_kind == "measure":
                        found.append(f)
                        via.setdefault(f.id, m.id)
            else:
                continue
            for f in found:
                if f.id not in seen and (filters is None or filters.accepts(f)):
                    seen.add(f.id)
                    out.append(f)
        return out, via

    @staticmethod
    def _dedupe(ranked: list[Measure], sims: dict[str, float], via: dict[str, str],
                baseline: float, k: int) -> list[Evidence]:
        groups: list[list[Measure]] = []
        for m in ranked:
            for group in groups:
                if same_measure(group[0], m):
                    group.append(m)
                    break
            else:
                groups.append([m])
        out: list[Evidence] = []
        for group in groups[:k]:
            primary = next((m for m in group if m.source.kind == "policy"), group[0])
            others = [m.id for m in group if m.id != primary.id]
            score = max(sims.get(m.id, 0.0) for m in group)
            out.append(Evidence(id=primary.id, text=primary.text, score=round(score, 4),
                                relevance=round(score - baseline, 4),
                                source=primary.source, facts=primary.facts,
                                corroborated_by=others, via=via.get(group[0].id, "")))
        return out


def _newest(m: Measure) -> str:
    # Sort key: a later date sorts first.
    return "".join(chr(0x10FFFF - ord(c)) for c in (m.source.date or "0"))
