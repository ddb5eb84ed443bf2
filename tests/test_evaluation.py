"""The eval suite runner on a few sample cases over the session's sample store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drafter.compose.base import ComposeContext, get_composer
from drafter.config import Settings
from drafter.errors import InputError
from drafter.eval_records import METRICS, RunResult
from drafter.evaluation import GoldenCase, load_cases, load_config, run_config
from drafter.types import Evidence, Recommendation, Section

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "evals" / "drafting" / "sample.jsonl"
PICK = ("sample-zh_sme_paren", "sample-en_committee_report")
INVENTED = "2030年前投入5亿元"


@pytest.fixture(scope="module")
def cases() -> list[GoldenCase]:
    return [c for c in load_cases(SAMPLE) if c.id in PICK]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_config(ROOT / "evals" / "configs" / "baseline.toml")


@pytest.fixture(scope="module")
def baseline(cases: list[GoldenCase], settings: Settings, sample_store: Path) -> RunResult:
    return run_config(settings, cases, store=sample_store)


def test_metrics_in_range_and_reproducible(cases: list[GoldenCase], settings: Settings,
                                           sample_store: Path, baseline: RunResult) -> None:
    first = baseline
    second = run_config(settings, cases, store=sample_store)
    assert first.model_dump_json() == second.model_dump_json()
    assert {i.item for i in first.items} == set(PICK)
    for item in first.items:
        assert not item.error
        assert list(item.metrics) == list(METRICS)
        assert all(v is None or 0.0 <= v <= 1.0 for v in item.metrics.values())
        assert item.metrics["coverage"] is not None and item.metrics["coverage"] > 0
        assert item.metrics["fact_grounding"] == 1.0  # the extractive composer cites every fact
        assert not item.unsupported
    assert any(i.metrics["recall_at_k"] for i in first.items)


def test_reference_reply_left_out_of_evidence(cases: list[GoldenCase], settings: Settings,
                                              sample_store: Path) -> None:
    from drafter.api import Drafter
    from drafter.evaluation import draft_case

    case = next(c for c in cases if c.id == "sample-zh_sme_paren")
    assert case.reference_reply is not None
    drafter = Drafter(settings.model_copy(update={"store": sample_store}))
    draft, _ = draft_case(case, drafter)
    used = {Path(e.source.path).resolve() for e in draft.evidence.values()}
    assert case.reference_reply not in used
    open_case = GoldenCase(case.id, case.lang, case.proposal, case.recommendations)
    draft, _ = draft_case(open_case, drafter)  # without the exclusion it is found
    assert case.reference_reply in {Path(e.source.path).resolve() for e in draft.evidence.values()}


class _Inventing:
    """The extractive composer, with an invented commitment added to the first sentence."""

    name = "inventing"

    def __init__(self) -> None:
        self.inner = get_composer("extractive")
        self.done = False

    def compose(self, rec: Recommendation, evidence: list[Evidence],
                ctx: ComposeContext) -> Section:
        section = self.inner.compose(rec, evidence, ctx)
        if not self.done and section.sentences:
            first = section.sentences[0]
            first.text = first.text.rstrip("。") + f"，{INVENTED}。"
            self.done = True
        return section

    def describe(self) -> dict[str, Any]:
        return {}


def test_injected_hallucination_lowers_grounding(cases: list[GoldenCase], settings: Settings,
                                                 sample_store: Path, baseline: RunResult) -> None:
    case = [c for c in cases if c.id == "sample-zh_sme_paren"]
    clean = next(i for i in baseline.items if i.item == case[0].id)
    bad = run_config(settings, case, store=sample_store, composer=_Inventing()).items[0]
    assert clean.metrics["fact_grounding"] == 1.0
    assert bad.metrics["fact_grounding"] is not None and bad.metrics["fact_grounding"] < 1.0
    assert any("2030" in u.fact and INVENTED in u.sentence for u in bad.unsupported)
    assert bad.counts["unsupported_facts"] >= 1


def test_missing_proposal_is_an_item_error(cases: list[GoldenCase], settings: Settings,
                                           sample_store: Path, tmp_path: Path) -> None:
    gone = GoldenCase("gone", "zh", tmp_path / "no-such-proposal.txt", ())
    run = run_config(settings, [gone], store=sample_store, suite=lambda: {"b": 0.5, "a": None})
    assert "no-such-proposal.txt" in run.items[0].error
    assert all(v is None for v in run.items[0].metrics.values())
    assert list(run.suite) == ["a", "b"]  # the suite hook's scores, in key order


def test_bad_golden_line_names_file_and_line(tmp_path: Path) -> None:
    good = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "golden.jsonl"
    path.write_text(good + "\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"golden\.jsonl:2"):
        load_cases(path, root=ROOT)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"golden\.jsonl:1"):
        load_cases(path, root=ROOT)
