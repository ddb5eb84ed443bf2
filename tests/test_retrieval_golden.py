"""The retrieval golden sets: their labels resolve, the scorer counts right, and
drafter's retrieval keeps its measured quality on the sample corpus.

``bench/retrieval.py`` prints the full comparison (dense, BM25, plain
LangChain chunks, drafter) with latencies; this file holds the floor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.errors import InputError
from drafter.retrieval_eval import (
    GoldItem,
    Span,
    bm25_system,
    dense_system,
    evaluate,
    hybrid_system,
    load_golden,
    score,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "evals" / "retrieval" / "sample.jsonl"
REAL_SET = ROOT / "evals" / "retrieval" / "real.jsonl"
REAL = ROOT.parent / "shared" / "data" / "real"

#: Measured on the sample golden set (bench/retrieval.py): drafter 0.912,
#: BM25 alone 0.870, dense alone 0.767.  The floor leaves room for noise only.
MIN_RECALL = 0.90
MIN_MARGIN = 0.03


def test_every_sample_label_resolves_to_its_document() -> None:
    items = load_golden(SAMPLE, ROOT / "corpus")
    assert len(items) >= 60
    assert sum(1 for i in items if i.lang == "en") >= 15
    assert sum(1 for i in items if not i.gold) >= 10  # calibrates the weak-evidence flag
    for item in items:
        for gold in item.gold:
            for span in gold:
                assert span.end > span.start
                assert Path(span.path).is_file()


def test_a_missing_snippet_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    doc = "policies/yunling_talent_measures_2021.txt"
    line = {"id": "x", "lang": "zh", "query": "q",
            "gold": [{"doc": doc, "snippet": "不在文中的话"}]}
    bad.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:1: snippet not found"):
        load_golden(bad, ROOT / "corpus")
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:1: not a golden item"):
        load_golden(bad, ROOT / "corpus")


def test_spans_cover_by_half_of_the_shorter() -> None:
    gold = Span("a", 100, 120)
    assert Span("a", 90, 200).covers(gold)
    assert Span("a", 110, 200).covers(gold)  # 10 of 20 characters
    assert not Span("a", 111, 200).covers(gold)
    assert not Span("b", 100, 120).covers(gold)
    assert Span("a", 100, 104).covers(Span("a", 0, 500))  # a short measure inside a paragraph


def test_recall_and_reciprocal_rank() -> None:
    g1, g2, g3 = (Span("d", 0, 10),), (Span("d", 50, 60), Span("e", 0, 10)), (Span("d", 90, 99),)
    item = GoldItem("i", "zh", "q", (g1, g2, g3))
    miss = (Span("d", 20, 40),)
    results = [miss, (Span("e", 0, 12),), miss, (Span("d", 0, 10),), miss, (Span("d", 90, 99),)]
    recall, rr = score(item, results, k=5)
    assert recall == pytest.approx(2 / 3)  # g2 through its restatement, g1; g3 is sixth
    assert rr == pytest.approx(1 / 2)
    assert score(item, [miss], k=5) == (0.0, 0.0)
    many = GoldItem("m", "zh", "q", tuple((Span("d", i * 10, i * 10 + 5),) for i in range(8)))
    hits = [(Span("d", i * 10, i * 10 + 5),) for i in range(5)]
    assert score(many, hits, k=5)[0] == 1.0  # recall@5 is out of min(5, gold)


def test_drafter_retrieval_keeps_its_quality_on_the_sample_set(drafter_sample: Drafter) -> None:
    items = load_golden(SAMPLE, ROOT / "corpus")
    hybrid = evaluate("drafter", hybrid_system(drafter_sample.retriever), items, k=5, warmup=0)
    dense = evaluate("dense", dense_system(drafter_sample.store), items, k=5, warmup=0)
    lexical = evaluate("bm25", bm25_system(drafter_sample.store), items, k=5, warmup=0)
    assert hybrid.recall >= MIN_RECALL, hybrid.recall
    assert hybrid.recall >= max(dense.recall, lexical.recall) + MIN_MARGIN, (
        hybrid.recall, dense.recall, lexical.recall)
    assert hybrid.mrr > max(dense.mrr, lexical.mrr)
    for lang in ("zh", "en"):
        assert hybrid.by_lang(items, lang)[0] >= 0.8, lang


def test_two_runs_score_the_same(drafter_sample: Drafter) -> None:
    items = load_golden(SAMPLE, ROOT / "corpus")[:20]
    a = evaluate("a", hybrid_system(drafter_sample.retriever), items, k=5, warmup=0)
    b = evaluate("b", hybrid_system(drafter_sample.retriever), items, k=5, warmup=0)
    assert a.per_item == b.per_item


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not here")
def test_the_real_set_is_built_from_the_real_documents() -> None:
    sys.path.insert(0, str(ROOT / "evals" / "retrieval"))
    try:
        import build_real  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    built = build_real.build(REAL)
    stored = [json.loads(line) for line in REAL_SET.read_text(encoding="utf-8").splitlines()]
    assert built == stored, "evals/retrieval/real.jsonl is stale: run build_real.py"
    items = load_golden(REAL_SET, REAL)
    assert len(items) >= 30 and all(i.gold for i in items)
