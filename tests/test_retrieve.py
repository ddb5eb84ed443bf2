"""Hybrid retrieval over the sample store."""

from __future__ import annotations

from drafter import Drafter, Filters
from drafter.retrieve import near_duplicate


def test_the_amount_is_found_for_its_measure(drafter_sample: Drafter) -> None:
    hits = drafter_sample.search("软件企业新落户支持", k=5)
    assert any("2500万元" in e.text for e in hits[:3]), [e.text for e in hits]


def test_near_duplicates_collapse_to_the_policy(drafter_sample: Drafter) -> None:
    hits = drafter_sample.search("新落户支持最高2500万元", k=8)
    texts = [e.text for e in hits]
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not near_duplicate(a, b), (a, b)
    top = next(e for e in hits if "2500万元" in e.text)
    if top.corroborated_by:
        assert top.source.kind == "policy"


def test_filters_restrict_kind(drafter_sample: Drafter) -> None:
    hits = drafter_sample.search("开源", k=8, filters=Filters(kind="reply"))
    assert hits and all(e.source.kind == "reply" for e in hits)


def test_english_query_finds_english_evidence(drafter_sample: Drafter) -> None:
    hits = drafter_sample.search("digital skills training for small businesses", k=5)
    assert hits and hits[0].source.path.endswith(".txt")
    assert sum(1 for e in hits[:3] if "/en/" in e.source.path) >= 2


def test_near_duplicate_detects_rewording_not_different_measures() -> None:
    a = "新落户支持最高2500万元"
    assert near_duplicate(a, "对新落户企业给予新落户支持最高2500万元")
    assert not near_duplicate(a, "资质认证支持最高100万元")
    assert not near_duplicate("", a)


def test_empty_query_gives_nothing(drafter_sample: Drafter) -> None:
    assert drafter_sample.search("   ") == []
