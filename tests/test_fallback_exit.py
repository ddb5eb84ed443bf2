"""A model that cannot be reached: exit 3 unless allowed, exact counts, the endpoint named.

The command runs as a process against a port nothing listens on (the base URL
carrying a password), and in-process against ``FakeOpenAIServer``; the counts
are checked on run traces built by hand too, for every kind of section.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.compose.base import RunTrace
from drafter.config import load_settings
from drafter.model_run import EXIT_FALLBACK, ModelRun
from drafter.runlog import RunLog, SectionRecord
from drafter.types import DraftReply, Proposal
from tests.conftest import EXAMPLES, ROOT
from tests.llm_scripts import answer, evidence_lines
from tests.openai_server import FakeOpenAIServer
from tests.secret_scenarios import KEY, PASSWORD, free_port, leaks, with_password

EN = EXAMPLES / "en_committee_report.txt"
ZH = EXAMPLES / "zh_talent_yi.txt"
runner = CliRunner()
#: A model that answers every section with its first evidence item.
GOOD = {"content_fn": lambda body: answer([(t, [label]) for label, t in evidence_lines(body)[:1]])}


def _config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "drafter.toml"
    path.write_text("[drafter]\nissuer = \"Yunling District Council\"\nllm_timeout = 5\n"
                    f"llm_max_retries = 0\n{extra}", encoding="utf-8")
    return path


def test_an_unreachable_model_exits_3_and_says_where(writable_store: Path,
                                                     tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    env = {**os.environ, "DRAFTER_CONFIG": str(_config(tmp_path)), "OPENAI_API_KEY": KEY,
           "OPENAI_BASE_URL": with_password(url)}
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "draft", str(EN), "--llm", "openai:local-model",
         "--store", str(writable_store), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == EXIT_FALLBACK == 3, result.stderr
    # Recommendation 4 has no evidence to cite: the model is not asked, and is not counted.
    assert ("llm: 0 of 4 section(s) drafted by the model; extractive fallback for 1, 2, 3; "
            "4 left for the editor") in result.stderr
    assert (f"error: openai:local-model at {url} could not be reached for section(s) 1, 2, 3"
            in result.stderr)
    assert "--allow-fallback" in result.stderr and "Traceback" not in result.stderr
    assert leaks(result.stderr + result.stdout) == [] and PASSWORD not in result.stderr
    run = json.loads(result.stdout)["model_run"]
    assert run == {"model": "openai:local-model", "endpoint": url, "drafted_by_model": [],
                   "fallback": [1, 2, 3], "unreached": [1, 2, 3], "not_asked": [4],
                   "why": run["why"], "fallback_allowed": False, "exit_code": 3}
    assert url in run["why"]
    record = RunLog(writable_store).read()[-1]  # the run log tells the fallback run too
    assert [bool(s.fallback) for s in record.sections] == [True, True, True, False]
    assert all(url in e for e in record.errors) and record.errors


def test_allow_fallback_writes_the_draft_and_exits_0(writable_store: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("DRAFTER_CONFIG", str(_config(tmp_path)))
    out = tmp_path / "reply.md"
    result = runner.invoke(app, ["draft", str(EN), "--llm", "openai:local-model", "--store",
                                 str(writable_store), "-o", str(out), "--allow-fallback"])
    assert result.exit_code == 0, result.output
    assert "extractive fallback for 1, 2, 3" in result.output and "error:" not in result.output
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_the_allow_fallback_setting_does_the_same(writable_store: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    config = _config(tmp_path, "allow_fallback = true\n")
    monkeypatch.setenv("DRAFTER_CONFIG", str(config))
    assert load_settings(config).allow_fallback is True
    result = runner.invoke(app, ["draft", str(EN), "--llm", "openai:local-model", "--store",
                                 str(writable_store), "--json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)["model_run"]
    assert (run["unreached"], run["fallback_allowed"], run["exit_code"]) == ([1, 2, 3], True, 0)


def test_a_model_that_answers_exits_0_and_counts_its_sections(
        writable_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CONFIG", str(_config(tmp_path)))
    with FakeOpenAIServer([GOOD], repeat_last=True) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        result = runner.invoke(app, ["draft", str(EN), "--llm", "openai:local-model",
                                     "--store", str(writable_store), "--json"])
    assert result.exit_code == 0, result.output
    assert "llm: 3 of 4 section(s) drafted by the model; 4 left for the editor" in result.output
    run = json.loads(result.stdout)["model_run"]
    assert (run["drafted_by_model"], run["fallback"], run["not_asked"]) == ([1, 2, 3], [], [4])


def test_the_extractive_composer_has_no_model_run(writable_store: Path) -> None:
    result = runner.invoke(app, ["draft", str(ZH), "--store", str(writable_store), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model_run"]["model"] is None
    assert "llm:" not in result.output


def _trace(*fallbacks: tuple[str, int]) -> RunTrace:
    return RunTrace(sections=[SectionRecord(recommendation=n, fallback=f, attempts=a)
                              for n, (f, a) in enumerate(fallbacks, 1)])


def _reply() -> DraftReply:
    return DraftReply(proposal=Proposal(title="t"), composer="llm")


def test_counts_are_exact_for_every_kind_of_section() -> None:
    trace = _trace(("", 1), ("the model call failed: APITimeoutError: timed out", 1),
                   ("the model gave no valid answer in 3 attempt(s): no JSON", 3),
                   ("the model declined to answer: no", 1),
                   ("the model is not called again in this run: down", 0), ("", 0))
    run = ModelRun.of(_reply(), trace, {"id": "openai:m", "base_url": "http://h:1/v1"})
    assert (run.drafted, run.fallback, run.unreached, run.not_asked) == (
        [1], [2, 3, 4, 5], [2, 5], [6])
    assert run.summary() == ("llm: 1 of 6 section(s) drafted by the model; extractive fallback "
                             "for 2, 3, 4, 5; 6 left for the editor (no evidence strong enough "
                             "to cite, the model not asked)")
    assert (run.exit_code(False), run.exit_code(True)) == (3, 0)
    assert run.problem().startswith("openai:m at http://h:1/v1 could not be reached for "
                                    "section(s) 2, 5")


def test_answers_that_fall_back_without_a_failed_call_exit_0() -> None:
    """A model that was reached but declined or answered badly: a fallback, not exit 3."""
    trace = _trace(("the model gave no valid answer in 3 attempt(s): no JSON", 3),
                   ("the model declined to answer: no", 1))
    run = ModelRun.of(_reply(), trace, {"id": "openai:m"})
    assert (run.fallback, run.unreached, run.exit_code(False), run.problem()) == (
        [1, 2], [], 0, "")
