"""Recommendation → Evidence: hybrid retrieval.

1. Dense (Chroma, the query's embedding) and lexical (BM25 over jieba tokens
   and English stems, a measure's tokens including its section heading and
   what its document is about) candidates are fused: by default a weighted
   sum of the two scores scaled over the candidates, or reciprocal rank
   fusion (``fusion="rrf"``); newer documents win ties.  A topic query (a
   heading or a title) also weighs how close each candidate's section
   context is to it.
2. Only measures are returned, and never from a proposal (a file that reads
   as one is indexed for reference only; ``kind="proposal"`` asks for them).
   A recommendation quoted in a past reply, or a heading, that matches the
   query gives way to the measures after it, which answer it
   (``Evidence.via``); problems, stances and fragments go.
3. Filters (issuer, kind, date range) apply; a superseded policy (same
   title, older date) goes after every current measure.
4. An optional cross-encoder reorders what is left (``drafter.rerank``).
5. Near-duplicates (the same measure quoted in a policy and in past replies)
   collapse to one piece of evidence, the policy preferred as the primary
   source and the others kept as corroboration.

Each piece of evidence carries its cosine similarity to the query as its
score and its height above the query's similarity to the whole corpus as
its relevance, which the composer uses to decide whether evidence is weak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from drafter._text import char_bigrams
from drafter.citable import TOPIC_LEAD, passage_kind
from drafter.errors import InputError
from drafter.filters import Filters as Filters  # re-exported: drafter.retrieve.Filters
from drafter.index.base import SearchableStore
from drafter.rerank import Reranker, rerank
from drafter.types import Evidence, Measure, Recommendation

RRF_K = 60
#: Measures taken from after a matching quoted request or heading.
FOLLOWERS = 3
#: The weight of a section's context in ranking for a topic query (calibrated on the
#: real replies' section headings and proposal titles, evals/retrieval/real.jsonl).
CONTEXT_WEIGHT = 0.3
_SENTENCE_END = re.compile(r"[。；;！？!?]|\.\s")


def is_topic(query: str) -> bool:
    """True for a query that names a topic only: a heading or a title, one short phrase.

    Such a query ("关于推进我区会展经济发展的建议", "一、加大资金支持力度") is
    matched against what sections are about as well as against measures,
    since the measures that answer it rarely repeat its words.
    """
    body = query.strip().rstrip("。；;！？!?.")
    if _SENTENCE_END.search(body):
        return False
    return (len(re.findall(r"[\u4e00-\u9fff]", body)) <= 40
            and len(re.findall(r"[A-Za-z]+", body)) <= 12)


#: Only requests and headings this high in the fused list point to their answers.
POINTER_DEPTH = 40
#: Candidates a cross-encoder reranker reorders.
RERANK_DEPTH = 30
_SENTENCE = re.compile(r"[。；！？.;!?]")


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


Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class Ranking:
    """A query's candidate measures in order, with what evidence is made from."""

    measures: list[Measure]
    #: Cosine similarity to the query by measure id (an answer's at least its pointer's).
    sims: dict[str, float]
    #: Measure id → the quoted request or heading it was found through.
    via: dict[str, str]
    #: The query's similarity to the corpus as a whole.
    baseline: float


class Retriever:
    """Hybrid retrieval over one store.

    Args:
        store: the index to search.
        top_k: how many pieces of evidence a search returns by default.
        candidates: how many measures each of dense and BM25 retrieval proposes.
        reranker: an optional cross-encoder that reorders the head of the list.
        fusion: how dense and BM25 candidates are combined.  ``"convex"``
            (the default) adds the two scores, each scaled to [0, 1] over the
            candidates, weighted ``dense_weight`` and ``1 - dense_weight``;
            ``"rrf"`` is reciprocal rank fusion, which ignores how far apart
            the scores are.  On the golden sets convex fusion finds more
            (``bench/retrieval.py`` prints both).
        dense_weight: the dense share in convex fusion.
    """

    def __init__(self, store: SearchableStore, top_k: int = 8, candidates: int = 40,
                 reranker: Reranker | None = None, fusion: Fusion = "convex",
                 dense_weight: float = 0.6) -> None:
        self.store = store
        self.top_k = top_k
        self.candidates = candidates
        self.reranker = reranker
        self.fusion = fusion
        self.dense_weight = dense_weight

    def search(self, query: str, k: int | None = None,
               filters: Filters | None = None) -> list[Evidence]:
        """Evidence for a free query, best first: measures only, restatements folded in.

        ``k`` is how many pieces of evidence at most (default ``top_k``); ``filters``
        a Filters or a dict (see ``Filters.of``).

        Raises:
            InputError: ``k`` below 1, or a bad filter.
        """
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise InputError(f"k must be a whole number of at least 1, not {k!r}")
        k = k or self.top_k
        filters = Filters.of(filters)
        query = query.strip()
        if not query:
            return []
        found = self.rank(query, filters)
        if not found.measures:
            return []
        evidence = self._dedupe(found.measures, found.sims, found.via, found.baseline, k,
                                self.store.superseded())
        ids = [i for e in evidence for i in (e.id, *e.corroborated_by)]
        overlap = self.store.term_overlap(query, ids)
        lead = _lead(query)
        on_lead = self.store.term_overlap(lead, ids) if lead != query else overlap
        for e in evidence:  # a restatement's words count for the measure it restates
            group = (e.id, *e.corroborated_by)
            e.lexical = max(overlap.get(i, 0.0) for i in group)
            if not any(on_lead.get(i, 0.0) for i in group):
                e.lexical = round(e.lexical / LEAD_MISS, 4)  # it shares nothing of the main ask
        return evidence

    def rank(self, query: str, filters: Filters | None = None) -> Ranking:
        """Every candidate measure for ``query`` in order, before restatements are folded."""
        vector = self.store.embed_query(query)
        pool = self.candidates * (4 if filters else 1)
        dense = self.store.dense(vector, pool)
        lexical = self.store.lexical(query, pool)
        sims = {m.id: s for m, s in dense}
        sims.update(self.store.similarity(
            vector, list(dict.fromkeys(m.id for m, _ in lexical if m.id not in sims))))
        if self.fusion == "rrf":
            fused = self._fuse([dense, lexical])
        else:
            context = None
            if is_topic(query):  # a heading or a title: match what sections are about, too
                context = self.store.context_similarity(
                    vector, list({m.id: m for m, _ in dense + lexical}.values()))
            fused = self._convex(dense, lexical, sims, context)
        ranked, via = self._answers(fused)
        wants_proposals = filters is not None and filters.kind == "proposal"
        ranked = [m for m in ranked if (filters is None or filters.accepts(m))
                  and (wants_proposals or m.source.kind != "proposal")]
        old = self.store.superseded()
        if old:  # a superseded policy's measures go after every current one
            ranked = [m for m in ranked if m.doc_id not in old] + [
                m for m in ranked if m.doc_id in old]
        if not ranked:
            return Ranking([], {}, {}, 0.0)
        wanted = [m.id for m in ranked] + list(via.values())
        sims.update(self.store.similarity(vector, [i for i in dict.fromkeys(wanted)
                                                   if i not in sims]))
        for mid, pointer in via.items():
            sims[mid] = max(sims.get(mid, 0.0), sims.get(pointer, 0.0))
        if self.reranker is not None:  # the head only: each candidate costs a model pass
            ranked = rerank(self.reranker, query, ranked[:RERANK_DEPTH],
                            lambda m: m.text) + ranked[RERANK_DEPTH:]
        return Ranking(ranked, sims, via, self.store.baseline(vector))

    def _convex(self, dense: list[tuple[Measure, float]], lexical: list[tuple[Measure, float]],
                sims: dict[str, float], context: dict[str, float] | None = None
                ) -> list[Measure]:
        """Candidates by the weighted sum of their scaled cosine and BM25 scores.

        For a topic query, the scaled similarity of each candidate's section
        context (``context``) adds ``CONTEXT_WEIGHT``.
        """
        measures = {m.id: m for hits in (dense, lexical) for m, _ in hits}
        ids = list(measures)
        bm25 = {m.id: s for m, s in lexical}
        cos = _scaled(np.array([sims.get(i, 0.0) for i in ids]))
        lex = _scaled(np.array([bm25.get(i, 0.0) for i in ids]))
        score = self.dense_weight * cos + (1 - self.dense_weight) * lex
        if context:
            floor = min(context.values())
            score = score + CONTEXT_WEIGHT * _scaled(
                np.array([context.get(i, floor) for i in ids]))
        order = sorted(range(len(ids)),
                       key=lambda j: (-round(float(score[j]), 6), _newest(measures[ids[j]])))
        return [measures[ids[j]] for j in order]

    @staticmethod
    def _fuse(lists: list[list[tuple[Measure, float]]]) -> list[Measure]:
        """Reciprocal rank fusion of ranked lists; newer documents first on ties."""
        fused: dict[str, float] = {}
        measures: dict[str, Measure] = {}
        for hits in lists:
            for rank, (m, _) in enumerate(hits):
                measures[m.id] = m
                fused[m.id] = fused.get(m.id, 0.0) + 1.0 / (RRF_K + rank + 1)
        order = sorted(fused, key=lambda i: (-round(fused[i], 6), _newest(measures[i])))
        return [measures[i] for i in order]

    def for_recommendation(self, rec: Recommendation, k: int | None = None,
                           filters: Filters | None = None) -> list[Evidence]:
        """Evidence for one recommendation, queried with its full text (points included)."""
        return self.search(rec.text, k, filters)

    def reply_sections(self, evidence: list[Evidence], n: int = 2, chars: int = 400
                       ) -> list[str]:
        """How past replies answered such a recommendation: up to ``n`` of their passages.

        Each is the best reply evidence of one document with the measures that
        follow it in its section, prefixed by the section heading and cut to
        ``chars``.  A model reads them for the office's voice only.
        """
        out: list[str] = []
        seen: set[str] = set()
        for ev in evidence:
            if ev.source.kind != "reply" or ev.source.path in seen:
                continue
            seen.add(ev.source.path)
            body = "".join([ev.text, *(m.text for m in self.store.following(ev.id, FOLLOWERS))])
            head = f"{ev.source.section}：" if ev.source.section else ""
            out.append((head + body)[:chars])
            if len(out) == n:
                break
        return out

    def _answers(self, ranked: list[Measure]) -> tuple[list[Measure], dict[str, str]]:
        """Measures in rank order; a quoted request or heading gives way to its answer.

        A recommendation quoted in a past reply, or a section heading, is no
        measure, but the measures after it (up to ``FOLLOWERS``, until the
        next request, heading or numbered topic) answer it: they take its
        place in the ranking.  A response (an office's word on a quoted ask,
        in one sentence) stays; problems, stances and fragments are dropped.
        """
        out: list[Measure] = []
        via: dict[str, str] = {}
        seen: set[str] = set()
        for rank, m in enumerate(ranked):
            kind = passage_kind(m.text, bool(m.facts))
            found = [m] if kind in ("measure", "response") else []
            # Only a reply answers what it quotes; a policy's "should" is guidance.
            pointer = kind == "heading" or (kind == "request" and m.source.kind == "reply")
            if pointer and rank < POINTER_DEPTH:
                for f in self.store.following(m.id, 4 * FOLLOWERS):
                    f_kind = passage_kind(f.text, bool(f.facts))
                    if f_kind in ("request", "heading") or TOPIC_LEAD.search(f.text) \
                            or len(found) == FOLLOWERS:
                        break
                    if f_kind in ("measure", "response"):
                        found.append(f)
                        via.setdefault(f.id, m.id)
            for f in found:
                if f.id not in seen:
                    seen.add(f.id)
                    out.append(f)
        return out, via

    @staticmethod
    def _dedupe(ranked: list[Measure], sims: dict[str, float], via: dict[str, str],
                baseline: float, k: int, superseded: dict[str, str]) -> list[Evidence]:
        groups: list[list[Measure]] = []
        for m in ranked:
            for group in groups:
                if same_measure(group[0], m):
                    group.append(m)
                    break
            else:
                if len(groups) < k:  # beyond k a measure can only corroborate
                    groups.append([m])
        out: list[Evidence] = []
        for group in groups[:k]:
            primary = next((m for m in group if m.source.kind == "policy"
                            and m.doc_id not in superseded), group[0])
            others = [m.id for m in group if m.id != primary.id]
            score = max(sims.get(m.id, 0.0) for m in group)
            out.append(Evidence(id=primary.id, text=primary.text, score=round(score, 4),
                                relevance=round(score - baseline, 4),
                                source=primary.source, facts=primary.facts,
                                corroborated_by=others, via=via.get(group[0].id, ""),
                                superseded_by=superseded.get(primary.doc_id, "")))
        return out


#: How much less a passage's words count when none of them is in the recommendation's lead.
LEAD_MISS = 2.0
_LEAD_END = re.compile(r"[。；;！？!?]|[.:](?=\s)")


def _lead(query: str) -> str:
    """The clause that states the recommendation's main ask ("…should have 5G coverage").

    Chinese recommendations open with their ask ("加快提升开源孵化载体能级。…"); English
    ones often open with the problem, so the first clause that asks (should, must, …) is
    taken there.  Numbers are left out: a year says nothing of the subject.
    """
    body = re.sub(r"^\s*Recommendation\s+\d+[.:]?\s*", "", query.strip(), flags=re.I)
    clauses = [c.strip() for c in _LEAD_END.split(body) if c.strip()]
    if not clauses:
        return query
    lead = clauses[0]
    if not re.search(r"[\u4e00-\u9fff]", body):
        lead = next((c for c in clauses if _ASKS_EN.search(c)), "")
    else:  # "规范提档夜间经济发展，完善…，营造…": the first ask, when it names a subject
        first = re.split(r"[，,]", lead)[0]
        if len(re.findall(r"[\u4e00-\u9fff]", first)) >= 6 and not _OPENER.match(first):
            lead = first
    lead = re.sub(r"\d+", " ", lead)
    return lead if len(lead.strip()) >= 4 else query


#: A first clause that only leads in ("为此", "近年来", "一是要…" opens the ask itself).
_OPENER = re.compile(r"(?:为此|因此|同时|此外|近年来|目前|当前|随着|针对|鉴于|根据|按照|为了?)")
_ASKS_EN = re.compile(r"\b(?:should|must|recommend\w*|needs? to|ought to|call on|urge)\b", re.I)


def _scaled(x: np.ndarray) -> np.ndarray:
    """Scores scaled to [0, 1] over the candidates (all zero when they are all equal)."""
    if x.size == 0:
        return x
    span = float(x.max() - x.min())
    return (x - x.min()) / span if span > 0 else np.zeros_like(x)


def _newest(m: Measure) -> str:
    # Sort key: a later date sorts first.
    return "".join(chr(0x10FFFF - ord(c)) for c in (m.source.date or "0"))
