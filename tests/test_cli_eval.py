"""``drafter eval``: one configuration scored, a candidate gated against a baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.eval_records import RunResult, UnsupportedFact

from .conftest import ROOT

runner = CliRunner()
BASELINE = ROOT / "evals" / "configs" / "baseline.toml"
CANDIDATE = ROOT / "evals" / "configs" / "candidate_top4.toml"


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two golden cases of the sample set (one Chinese, one English)."""
    lines = (ROOT / "evals" / "drafting" / "sample.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [ln for ln in lines if '"sample-zh_talent_yi"' in ln or '"sample-en_committee' in ln]
    assert len(picked) == 2
    path = tmp_path_factory.mktemp("cases") / "two.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


def _eval(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["eval", "--no-checker", *map(str, args)])
    return result.exit_code, result.output


def test_one_configuration_is_scored_and_saved(cases: Path, writable_store: Path,
                                               tmp_path: Path) -> None:
    code, output = _eval("--config", BASELINE, "--cases", cases, "--store", writable_store,
                         "--out", tmp_path)
    assert code == 0, output
    assert "| two | 2 |" in output and "fact_grounding" in output
    run = RunResult.model_validate_json((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert [i.item for i in run.items] == ["sample-en_committee_report", "sample-zh_talent_yi"]
    assert all(i.metrics["fact_grounding"] == 1.0 for i in run.items)


def test_the_gate_fails_a_candidate_with_a_new_unsupported_fact(
        cases: Path, writable_store: Path, tmp_path: Path) -> None:
    code, output = _eval("--config", BASELINE, "--cases", cases, "--store", writable_store,
                         "--out", tmp_path)
    assert code == 0, output
    run = RunResult.model_validate_json((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    worse = run.model_copy(deep=True)
    worse.items[1].unsupported.append(UnsupportedFact(
        recommendation=1, sentence="我局将于2030年前投入5亿元。", fact="5亿元"))
    (tmp_path / "worse.json").write_text(worse.model_dump_json(), encoding="utf-8")
    out = tmp_path / "gate"
    code, output = _eval("--baseline", tmp_path / "baseline.json", "--candidate",
                         tmp_path / "worse.json", "--cases", cases, "--out", out)
    assert code == 1, output
    assert output.startswith("**FAIL") and "5亿元" in output
    report = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert report["passed"] is False and report["new_unsupported"][0]["fact"] == "5亿元"
    assert "<svg" in (out / "comparison.html").read_text(encoding="utf-8")


def test_configurations_are_run_and_compared(cases: Path, writable_store: Path,
                                             tmp_path: Path) -> None:
    code, output = _eval("--baseline", BASELINE, "--candidate", CANDIDATE, "--cases", cases,
                         "--store", writable_store, "--out", tmp_path, "--resamples", "1000")
    assert code == 0, output  # fewer evidence items: no fact goes unsupported
    assert output.startswith("**PASS")
    base = RunResult.model_validate_json((tmp_path / "baseline.json").read_text("utf-8"))
    cand = RunResult.model_validate_json((tmp_path / "candidate.json").read_text("utf-8"))
    assert base.config["settings"]["top_k"] == 8 and cand.config["settings"]["top_k"] == 4


@pytest.mark.parametrize("args, message", [
    (["--baseline", "a.toml"], "give both --baseline and --candidate"),
    (["--cases", "no-such.jsonl"], "no-such.jsonl: no such golden case file"),
    (["--config", "no-such.toml"], "no-such.toml: eval configuration not found"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, cases: Path,
                                          tmp_path: Path) -> None:
    full = args if "--cases" in args else [*args, "--cases", str(cases)]
    code, output = _eval(*full, "--out", tmp_path)
    assert code == 2, output
    assert message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_a_saved_result_that_is_not_one_is_bad_input(cases: Path, tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text('{"items": 3}', encoding="utf-8")
    code, output = _eval("--baseline", tmp_path / "junk.json", "--candidate",
                         tmp_path / "junk.json", "--cases", cases, "--out", tmp_path)
    assert code == 2 and "junk.json: not an eval result" in output
