"""Scoring retrieval against a golden set: recall@k and MRR by text spans.

A golden item is a recommendation (the query) and the passages a good reply
must cite, each named by its document and a snippet of its text, so that a
change in how documents are cut into measures cannot silently break the
labels.  A snippet is located in the document as drafter loads it; a
``unit: "line"`` label stands for the whole line (paragraph) the snippet
starts, which is how the real replies' sections are labelled.  A gold
passage may list ``alt``: the same measure restated in other documents (a
reply reporting on a policy's article); showing any of them finds it.

Every system under test (drafter's hybrid retrieval, dense only, BM25 only,
plain LangChain chunks) returns, per query, a ranked list of results; a
result is the text spans it shows the user (a drafter result also shows the
restatements it folded into it).  A result covers a gold passage when the
two overlap by at least half of the shorter one.  For an item with ``g``
gold passages::

    recall@k = covered gold passages in the top k / min(k, g)
    RR       = 1 / rank of the first result covering any gold passage (0 if none)

Items with no gold passages (recommendations the corpus does not answer)
are left out of recall and MRR; they calibrate the weak-evidence flag.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from drafter.errors import InputError
from drafter.index.store import Store
from drafter.ingest import load_document
from drafter.retrieve import Filters, Retriever
from drafter.types import Measure

#: Share of the shorter of two spans they must have in common for one to cover the other.
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Span:
    """A stretch of a document's loaded text: ``[start, end)`` in ``path``."""

    path: str
    start: int
    end: int

    def covers(self, other: Span) -> bool:
        """True when the spans overlap by at least half of the shorter one."""
        if self.path != other.path:
            return False
        inter = min(self.end, other.end) - max(self.start, other.start)
        shorter = min(self.end - self.start, other.end - other.start)
        return shorter > 0 and inter >= MIN_OVERLAP * shorter


#: One result as the user sees it: the spans it presents (a primary and its restatements).
Result = tuple[Span, ...]
System = Callable[[str], list[Result]]


#: One gold passage: the spans where it is stated (the first, then its restatements).
Gold = tuple[Span, ...]


@dataclass(frozen=True)
class GoldItem:
    """One query of a golden set with its gold passages (none: not answerable)."""

    id: str
    lang: str
    query: str
    gold: tuple[Gold, ...]
    note: str = ""


@lru_cache(maxsize=512)
def _doc_text(path: str) -> str:
    return load_document(Path(path)).text


def _locate(path: Path, snippet: str, unit: str, where: str) -> Span:
    text = _doc_text(str(path.resolve()))
    start = text.find(snippet)
    if start < 0:  # the loader may have joined lines or collapsed spaces
        squeezed = re.sub(r"\s+", "", snippet)
        pattern = r"\s*".join(re.escape(c) for c in squeezed)
        m = re.search(pattern, text)
        if not m:
            raise InputError(f"{where}: snippet not found in {path}: {snippet[:40]!r}")
        start, end = m.start(), m.end()
    else:
        end = start + len(snippet)
    if unit == "line":
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        start, end = line_start, len(text) if line_end < 0 else line_end
    return Span(str(path.resolve()), start, end)


def load_golden(path: Path, root: Path) -> list[GoldItem]:
    """Read a golden set (JSONL); ``doc`` paths are relative to ``root``.

    Raises:
        InputError: a line is not JSON, lacks a field, or names a snippet
            that is not in its document.
    """
    items: list[GoldItem] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            raw = json.loads(line)
            gold = tuple(
                tuple(_locate(root / a["doc"], a["snippet"], a.get("unit", "snippet"), where)
                      for a in [g, *g.get("alt", [])])
                for g in raw["gold"]
            )
            items.append(GoldItem(raw["id"], raw["lang"], raw["query"], gold, raw.get("note", "")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{where}: not a golden item ({exc})") from None
    return items


def score(item: GoldItem, results: Sequence[Result], k: int) -> tuple[float, float]:
    """(recall@k, reciprocal rank) of one item's ranked results."""
    def finds(result: Result, gold: Gold) -> bool:
        return any(s.covers(g) for s in result for g in gold)

    covered = {g for result in results[:k] for g in item.gold if finds(result, g)}
    recall = len(covered) / min(k, len(item.gold))
    rr = next(
        (1.0 / rank for rank, result in enumerate(results, 1)
         if any(finds(result, g) for g in item.gold)),
        0.0,
    )  # fmt: skip
    return recall, rr


@dataclass
class Report:
    """One system's scores on one golden set."""

    system: str
    items: int
    recall: float
    mrr: float
    p50_ms: float
    p95_ms: float
    per_item: dict[str, tuple[float, float]] = field(default_factory=dict)

    def by_lang(self, golden: Iterable[GoldItem], lang: str) -> tuple[float, float]:
        """Mean recall and MRR over the items in ``lang``."""
        ids = {g.id for g in golden if g.lang == lang and g.id in self.per_item}
        if not ids:
            return float("nan"), float("nan")
        pairs = [self.per_item[i] for i in ids]
        return float(np.mean([p[0] for p in pairs])), float(np.mean([p[1] for p in pairs]))


def evaluate(name: str, system: System, golden: Sequence[GoldItem], k: int = 5,
             warmup: int = 2) -> Report:
    """Run ``system`` on every answerable item; time each query (after ``warmup`` runs)."""
    answerable = [g for g in golden if g.gold]
    for item in answerable[:warmup]:
        system(item.query)
    times: list[float] = []
    per_item: dict[str, tuple[float, float]] = {}
    for item in answerable:
        t0 = time.perf_counter()
        results = system(item.query)
        times.append((time.perf_counter() - t0) * 1000)
        per_item[item.id] = score(item, results, k)
    recalls = [r for r, _ in per_item.values()]
    rrs = [rr for _, rr in per_item.values()]
    return Report(
        system=name,
        items=len(answerable),
        recall=float(np.mean(recalls)) if recalls else float("nan"),
        mrr=float(np.mean(rrs)) if rrs else float("nan"),
        p50_ms=float(np.percentile(times, 50)) if times else float("nan"),
        p95_ms=float(np.percentile(times, 95)) if times else float("nan"),
        per_item=per_item,
    )


def span_of(m: Measure) -> Span:
    """The span of a measure in its document."""
    return Span(str(Path(m.source.path).resolve()), m.start, m.end)


def hybrid_system(retriever: Retriever, filters: Filters | None = None) -> System:
    """drafter's retrieval: each result is a measure with the restatements folded into it."""
    store = retriever.store

    def run(query: str) -> list[Result]:
        results: list[Result] = []
        for ev in retriever.search(query, filters=filters):
            ids = [ev.id, *ev.corroborated_by]
            measures = [m for m in (store.get(i) for i in ids) if m is not None]
            results.append(tuple(span_of(m) for m in measures))
        return results

    return run


def dense_system(store: Store, k: int = 8) -> System:
    """Chroma nearest neighbours of the query vector, same embedder, nothing else."""
    return lambda q: [(span_of(m),) for m, _ in store.dense(store.embed_query(q), k)]


def bm25_system(store: Store, k: int = 8) -> System:
    """BM25 over the same measures (jieba tokens and English words), nothing else."""
    return lambda q: [(span_of(m),) for m, _ in store.lexical(q, k)]
