"""Only measures are cited: ``passage_kind`` and ``tense`` on labelled real passages.

``evals/passages/labelled.jsonl`` holds passages of real replies, policies and
proposals as drafter segments them, labelled by kind and tense from the text
alone (rules in ``evals/passages/README.md``).  These tests hold the floors:
what ``passage_kind`` calls a measure is one (precision), and a real measure
is not thrown away (recall), in each language.  ``bench/passages_eval.py``
prints the whole confusion table with every error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.citable import citable, is_plan, is_target, passage_kind, tense

LABELLED = Path(__file__).resolve().parents[1] / "evals" / "passages" / "labelled.jsonl"
KINDS = {"measure", "response", "request", "heading", "problem", "platitude", "stance",
         "fragment", "other"}
TENSES = {"done", "ongoing", "plan", "target", "none"}
#: The target: nothing that is not a measure is called one; a real measure is kept.
MIN_PRECISION, MIN_RECALL = 0.95, 0.85
#: Measured on the held-out split (bench/results/passages.md); they must not fall.
TEST_SPLIT_FLOORS = {"zh": (0.92, 0.95), "en": (0.86, 0.92)}


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def _precision_recall(rows: list[dict[str, str]]) -> tuple[float, float]:
    gold = [r["kind"] == "measure" for r in rows]
    pred = [passage_kind(r["text"]) == "measure" for r in rows]
    hits = sum(g and p for g, p in zip(gold, pred, strict=True))
    return hits / sum(pred), hits / sum(gold)


def test_the_labelled_set_is_real_varied_and_split() -> None:
    rows = _rows()
    for lang, least in (("zh", 300), ("en", 120)):
        part = [r for r in rows if r["lang"] == lang]
        assert len(part) >= least, lang
        assert {r["kind"] for r in part} >= KINDS - {"response"} if lang == "en" else KINDS
        test = sum(r["split"] == "test" for r in part) / len(part)
        assert 0.15 <= test <= 0.3, (lang, test)
    assert len({r["file"] for r in rows}) >= 100
    assert all(r["kind"] in KINDS and r["tense"] in TENSES for r in rows)
    assert all(r["tense"] == "none" for r in rows if r["kind"] != "measure")
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_measures_are_measures_in_each_language(lang: str) -> None:
    precision, recall = _precision_recall([r for r in _rows() if r["lang"] == lang])
    assert precision >= MIN_PRECISION, precision
    assert recall >= MIN_RECALL, recall


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_held_out_split_keeps_its_measured_quality(lang: str) -> None:
    rows = [r for r in _rows() if r["lang"] == lang and r["split"] == "test"]
    precision, recall = _precision_recall(rows)
    least_precision, least_recall = TEST_SPLIT_FLOORS[lang]
    assert precision >= least_precision, precision
    assert recall >= least_recall, recall


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plans_are_told_from_deeds(lang: str) -> None:
    measures = [r for r in _rows() if r["lang"] == lang and r["kind"] == "measure"]
    gold = [r["tense"] in ("plan", "target") for r in measures]
    pred = [is_plan(r["text"], lang) for r in measures]
    hits = sum(g and p for g, p in zip(gold, pred, strict=True))
    assert hits / sum(pred) >= 0.9, hits / sum(pred)  # "下一步" before a deed is the error
    assert hits / sum(gold) >= 0.85, hits / sum(gold)


@pytest.mark.parametrize(("text", "kind"), [
    # what the issue saw cited as measures
    ("但是,目前从财政资金保障上还没有专门的经费预算。", "problem"),
    ("目前该项目资金缺口较大，暂无法实施。", "problem"),
    ("There is currently no dedicated budget for this work.", "problem"),
    ("加大农村公路建设力度和改善道路通行条件是我们义不容辞的责任。", "platitude"),
    ("相信在各方共同努力下，该项目一定会早日落地实施。", "platitude"),
    ("感谢您对交通运输工作的关心和支持。", "platitude"),
    ("县委、县政府高度重视农村公路建设工作。", "platitude"),
    ("We welcome the Committee's report.", "platitude"),
    ("The Government is grateful to the Committee for its work.", "platitude"),
    ("三、关于对建议内容的答复", "heading"),
    ("（二）加大公共数据开发利用力度，加快推进数据要素×行动。", "heading"),
    ("建议内容（摘要）：建议立项硬化某村至某村道路。", "request"),
    ("Recommendation 3: The Government should publish the results every year.", "request"),
    ("and has featured strongly in the recent Comprehensive Spending Review.", "fragment"),
    ("在场地、运营经费、人才团队等方面", "fragment"),
    ("由于我县通村公路项目资金有限", "fragment"),
    ("你所提的该段路我局已纳入项目库，待国家有这方面的投资，就积极立项申报。", "response"),
    ("对于您提出的设定本地企业采购比例的建议，因与公平竞争审查制度不符，我局无法采纳。",
     "response"),
    ("现将《某区中小企业数字化转型专项行动方案》印发给你们，请认真贯彻执行。", "other"),
    # measures stay measures, a difficulty solved or stated first included
    ("由于我县通村公路项目资金有限，所以我局积极协调移民资金进行建设。", "measure"),
    ("近几年来，我们按照一个村小组至少有一条通村硬化路的目标，大力解决群众出行难问题。", "measure"),
    ("2023年，我局对何家村进村主干道进行了路面加宽，路线全长1.75公里。", "measure"),
    ("對新引進的博士研究生，給予一次性生活補貼15萬元。", "measure"),
    ("Design work began in January 2024 with the county highways team.", "measure"),
])
def test_the_genre_s_non_measures(text: str, kind: str) -> None:
    assert passage_kind(text) == kind
    assert citable(text) == (kind == "measure")


@pytest.mark.parametrize(("text", "expected"), [
    ("到2025年，入驻企业达到200家，累计孵化开源项目50个以上。", "target"),
    ("力争到2027年建成10个校企联合培养基地。", "target"),
    ("By 2025 we aim to train 400 teachers.", "target"),
    ("The target is for 2,500 learners to complete a bootcamp by 31 March 2026.", "target"),
    ("下一步，我局将积极争取项目资金，尽快启动建设。", "plan"),
    ("We will publish the results every year.", "plan"),
    ("目前已完成招投标工作，计划7月开工建设。", "done"),
    ("2023年3月，我局印发《行动方案》，将融资支持作为重点任务之一。", "done"),
    ("The first two hubs opened in March 2023; the remaining four will open by September 2024.",
     "done"),
    ("对新认定为国家级专精特新“小巨人”的企业，一次性给予50万元奖励。", "ongoing"),
])
def test_tense_tells_a_target_from_a_result(text: str, expected: str) -> None:
    assert tense(text) == expected
    assert is_plan(text, "en" if text.isascii() else "zh") == (expected in ("plan", "target"))
    assert is_target(text) == (expected == "target")


REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not here")
def test_the_labels_are_of_passages_drafter_still_cuts() -> None:
    from drafter.ingest import load_document, segment

    root = Path(__file__).resolve().parents[1]
    rows = _rows()
    texts: dict[str, set[str]] = {}
    for file in {r["file"] for r in rows}:
        path = REAL / file.removeprefix("real/") if file.startswith("real/") else root / file
        texts[file] = {m.text for m in segment(load_document(path))}
    stale = [r["id"] for r in rows if r["text"] not in texts[r["file"]]]
    assert not stale, f"relabel: {stale[:10]}"
