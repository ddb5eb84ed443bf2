"""Hybrid retrieval over the sample store."""

from __future__ import annotations

from drafter import Drafter, Filters
from drafter.ingest.facts import extract_facts
from drafter.retrieve import near_duplicate, same_measure
from drafter.types import Measure, Source


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


def _m(i: str, text: str, kind: str = "reply") -> Measure:
    return Measure(id=i, doc_id=i, text=text, start=0, end=len(text),
                   source=Source(path=f"{i}.txt", title=i, kind=kind),  # type: ignore[arg-type]
                   facts=extract_facts(text))


def test_same_measure_restated_at_different_length() -> None:
    short = _m("a", "开源载体建设取得阶段性成效。"
                    "云岭国际开源谷作为全国首个以开源为主题的孵化基地已在我区落地运营。")
    longer = _m("b", "云岭国际开源谷作为全国首个以开源为主题的孵化基地在我区落地运营，"
                     "已与500多家企业开展交流对接。")
    assert same_measure(short, longer)
    policy = _m("p", "新落户支持。对新落户企业按照区级经济贡献的50%给予支持，"
                     "单个企业累计最高2500万元。", "policy")
    quoted = _m("q", "主要包括新落户支持最高2500万元，以产业资金引导企业向我区集聚。")
    assert same_measure(policy, quoted)
    other = _m("o", "资质认证支持。对首次通过资质认证的企业给予资质认证支持最高100万元。", "policy")
    assert not same_measure(policy, other)
    twin = _m("t", "新落户支持。对新落户企业按照区级经济贡献的50%给予支持，"
                   "单个企业累计最高3000万元。", "policy")
    assert not same_measure(policy, twin), "different amounts are different measures"


def test_excluded_documents_give_no_evidence(drafter_sample: Drafter) -> None:
    query = "博士研究生一次性生活补贴"
    found = drafter_sample.search(query, 8)
    path = found[0].source.path
    kept = drafter_sample.search(query, 8, Filters(exclude_paths=frozenset({path})))
    assert kept and all(e.source.path != path for e in kept)
