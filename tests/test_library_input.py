"""Bad or odd input to the library: clear errors, documented choices, no AttributeError."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import Drafter
from drafter.cli import app
from drafter.config import load_settings
from drafter.errors import ConfigError, InputError
from drafter.eval_records import ItemResult, RunResult
from drafter.gate import compare
from drafter.retrieve import Filters
from drafter.runlog import RunLog, RunRecord

from .conftest import CORPUS, ROOT


def test_parse_of_an_empty_string_says_empty(drafter_sample: Drafter) -> None:
    for text in ("", "   \n"):
        with pytest.raises(InputError, match="the proposal is empty"):
            drafter_sample.parse(text)


def test_parse_names_a_language_drafter_does_not_draft_in(drafter_sample: Drafter) -> None:
    with pytest.raises(InputError, match="Korean"):
        drafter_sample.parse("중소기업 지원 확대에 관한 제안\n1. 대출 이자를 지원하여 주십시오.\n"
                             * 3)


@pytest.mark.parametrize("k", [0, -3, 1.5, True])
def test_search_k_must_be_at_least_one(drafter_sample: Drafter, k: object) -> None:
    with pytest.raises(InputError, match="k must be a whole number of at least 1"):
        drafter_sample.search("贷款贴息", k)  # type: ignore[arg-type]


def test_search_k_one_returns_one(drafter_sample: Drafter) -> None:
    assert len(drafter_sample.search("贷款贴息", 1)) == 1


def test_filters_may_be_a_dict(drafter_sample: Drafter) -> None:
    hits = drafter_sample.search("开源", 8, {"kind": "policy"})
    assert hits and all(e.source.kind == "policy" for e in hits)
    dated = drafter_sample.search("开源", 8, {"since": "2023", "date_to": "2024"})
    assert dated and all("2023" <= e.source.date[:4] <= "2024" for e in dated)


@pytest.mark.parametrize(("filters", "error", "words"), [
    ({"knd": "policy"}, InputError, "unknown filter 'knd'"),
    ({"kind": 5}, InputError, "filter 'kind' must be text"),
    ({"kind": "memo"}, InputError, "unknown kind 'memo'"),
    ({"since": "2023-13-45"}, InputError, "not a date"),
    (5, TypeError, "filters must be a Filters or a dict, not int"),
    (["policy"], TypeError, "not list"),
])
def test_bad_filters_are_clear(drafter_sample: Drafter, filters: object, error: type,
                               words: str) -> None:
    with pytest.raises(error, match=words):
        drafter_sample.search("开源", 8, filters)  # type: ignore[arg-type]


def test_search_results_come_in_the_order_of_their_score(drafter_sample: Drafter) -> None:
    for query in ("开源孵化基地", "贷款贴息", "digital skills hubs", "人才公寓"):
        hits = drafter_sample.search(query, 8)
        current = [e.score for e in hits if not e.superseded_by]
        assert current == sorted(current, reverse=True), (query, current)


def test_evidence_names_its_file_by_an_absolute_path(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "policies" / "yunling_talent_measures_2021.txt", docs)
    monkeypatch.chdir(tmp_path)
    d = Drafter(load_settings(store=tmp_path / "store"))
    d.index(["docs"])
    hits = d.search("人才公寓", 3)
    assert hits and all(os.path.isabs(e.source.path) for e in hits)
    monkeypatch.chdir(ROOT)
    assert all(Path(e.source.path).is_file() for e in hits)


def test_a_keyword_that_is_no_setting_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'max_candidate'.*'max_candidates'"):
        Drafter.open(None, max_candidate=2)


@pytest.mark.parametrize(("body", "words"), [
    ("store = 5\n", "'store': give a path as text"),
    ("corpus = [1, 2]\n", "'corpus': give a path as text"),
    ("corpus = {a = 1}\n", "'corpus': give a folder or a list"),
    ("prompts_dir = 3\n", "'prompts_dir'"),
    ("[drafter]\ntopk = 3\n", "unknown setting 'topk'; did you mean 'top_k'"),
])
def test_mistyped_settings_name_the_file(tmp_path: Path, body: str, words: str) -> None:
    (tmp_path / "c.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as caught:
        load_settings(tmp_path / "c.toml")
    assert str(tmp_path / "c.toml") in str(caught.value)


def _run(*items: str) -> RunResult:
    return RunResult(config={"name": "x"}, items=[
        ItemResult(item=item, lang="zh", metrics={"fact_grounding": 1.0}) for item in items])


@pytest.mark.parametrize(("baseline", "candidate"), [
    (_run(), _run("two")),  # nothing the baseline drafted is lost, nothing is compared
    (_run(), _run()),
])
def test_a_gate_over_no_paired_item_fails(baseline: RunResult, candidate: RunResult) -> None:
    cmp = compare(baseline, candidate, resamples=100)
    assert not cmp.passed and cmp.paired == [] and cmp.lost == []
    assert any("nothing to compare" in r for r in cmp.reasons)


def test_eval_gate_over_no_paired_item_exits_one(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(_run().model_dump_json(), encoding="utf-8")
    (tmp_path / "b.json").write_text(_run("two").model_dump_json(), encoding="utf-8")
    cases = ROOT / "evals" / "drafting" / "sample.jsonl"
    result = CliRunner().invoke(app, [
        "eval", "--baseline", str(tmp_path / "a.json"), "--candidate", str(tmp_path / "b.json"),
        "--cases", str(cases), "--out", str(tmp_path / "o"), "--resamples", "100"])
    assert result.exit_code == 1, result.output
    assert "nothing to compare" in result.stdout


def test_a_run_log_holds_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = os.fsdecode(b"/in/\xb2\xe2\xca\xd4.txt")
    log = RunLog(tmp_path)
    log.append(RunRecord(composer="extractive", proposal={"path": path},
                         draft={"proposal": {"source_path": path}}))
    (record,) = log.read()
    assert log.skipped == 0
    assert record.proposal["path"] == "/in/\\xb2\\xe2\\xca\\xd4.txt"


def test_filters_parse_refuses_proposals_and_false_dates() -> None:
    with pytest.raises(InputError, match="never cited"):
        Filters.parse(kind="proposal")
    for date in ("2023-13", "2023-02-29", "2023-04-31"):
        with pytest.raises(InputError, match="not a date"):
            Filters.parse(since=date)
    assert Filters.parse(since="2024-02-29", until="2024-12") is not None
