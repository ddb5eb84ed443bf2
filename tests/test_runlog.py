"""The run log: records round-trip, secrets never reach the file, appends never tear."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import __version__
from drafter.cli import app
from drafter.runlog import RunLog, RunRecord, SectionRecord, checks_from, redact
from drafter.types import FaithfulnessReport, SentenceCheck

from .conftest import ROOT

runner = CliRunner()
SECRETS = ["sk-live-abcdefgh12345678", "abc.def.ghi", "sk-proj-ZYXW98765432abcd",
           "XYZ12345678", "sk-ant-api03-QQQQrrrrSSSS", "hunter2hunter2"]


def make_record(**changes: object) -> RunRecord:
    """A record shaped like the LLM composer's, with two sections and a draft."""
    fields: dict[str, object] = dict(
        composer="llm",
        model={"id": "deepseek-chat", "provider": "openai-compatible",
               "params": {"temperature": 0.2, "timeout": 60, "max_retries": 2, "max_tokens": 800,
                          "base_url": "https://api.deepseek.com/v1"}},
        prompts={"section.zh": "3f2a9c1b"},
        proposal={"path": "proposals/p1.txt", "sha256": "ab" * 32,
                  "title": "关于加快开源生态建设的建议"},
        sections=[
            SectionRecord(recommendation=1, evidence_ids=["m1", "m2"],
                          raw_outputs=['{"sentences": []}', '{"sentences": ["一句"]}'],
                          attempts=2, stance="adopted"),
            SectionRecord(recommendation=2, evidence_ids=["m7"], raw_outputs=["not json"],
                          attempts=3, fallback="invalid JSON after 3 attempts"),
        ],
        draft={"title": "关于加快开源生态建设的建议的答复",
               "sections": [{"heading": "关于建议一"}]},
        checks={"sentences": 4, "unsupported_facts_count": 1, "unsupported_facts": ["30%"]},
    )
    fields.update(changes)
    return RunRecord.model_validate(fields)


def test_append_then_read_round_trips(tmp_path: Path) -> None:
    log = RunLog(tmp_path / "store")  # the folder does not exist yet
    first, second = make_record(), make_record(composer="extractive", model={})
    log.append(first)
    log.append(second)
    assert log.path == tmp_path / "store" / "runs.jsonl"
    back = log.read()
    assert back == [first, second]
    assert back[0].sections[1].raw_outputs == ["not json"]
    assert back[0].draft == first.draft and back[0].drafter_version == __version__
    assert back[0].fallbacks == 1 and back[0].unsupported_facts == 1
    assert len(back[0].run_id) == 32 and back[0].run_id != back[1].run_id
    assert back[0].time.endswith("Z") and back[0].time[:4].isdigit()
    assert log.read(limit=1) == [second] and list(log) == back
    assert RunLog(tmp_path / "elsewhere").read() == []


def test_checks_from_a_faithfulness_report() -> None:
    report = FaithfulnessReport(
        sentences=[SentenceCheck(text="a", citations=["m1"], supported=True),
                   SentenceCheck(text="b", citations=[], supported=False,
                                 unsupported_facts=["5亿元"])],
        supported_rate=0.5, unsupported_facts=["5亿元"], uncited_sentences=1)
    checks = checks_from(report)
    assert checks["sentences"] == 2 and checks["unsupported_facts"] == ["5亿元"]
    assert make_record(checks=checks).unsupported_facts == 1


def test_no_secret_reaches_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SERVICE_API_KEY", "topsecretvalue123")
    monkeypatch.setenv("SHORT_TOKEN", "风险")  # too short to redact: would mangle ordinary text
    record = make_record(
        model={"id": "gpt-4o", "params": {"api_key": "sk-live-abcdefgh12345678",
                                          "temperature": 0, "max_tokens": 500}},
        sections=[SectionRecord(recommendation=1, attempts=1, raw_outputs=[
            "request had Authorization: Bearer abc.def.ghi and key sk-proj-ZYXW98765432abcd;"
            " the service key topsecretvalue123 leaked; 推进风险评估 task-oriented risk-assessment",
            'headers {"x-api-key": "sk-ant-api03-QQQQrrrrSSSS"} password = hunter2hunter2',
        ])],
        errors=["openai: 401 with api_key=XYZ12345678 (check the key)"],
    )
    log = RunLog(tmp_path)
    log.append(record)
    data = log.path.read_bytes()
    for secret in [*SECRETS, "topsecretvalue123"]:
        assert secret.encode() not in data, secret
    text = data.decode("utf-8")
    assert text.count("[REDACTED]") >= 7
    back = log.read()[0]
    assert back.model["params"] == {"api_key": "[REDACTED]", "temperature": 0, "max_tokens": 500}
    assert back.model["id"] == "gpt-4o"
    raw = back.sections[0].raw_outputs[0]
    assert "推进风险评估 task-oriented risk-assessment" in raw, "ordinary text is kept"
    assert "Authorization: [REDACTED]" in raw and "the service key [REDACTED] leaked" in raw
    assert back.errors == ["openai: 401 with api_key=[REDACTED] (check the key)"]
    assert record.model["params"]["api_key"] == "sk-live-abcdefgh12345678", "the caller's copy"


def test_credentials_in_urls_are_redacted_and_plain_urls_kept() -> None:
    text = redact("APIConnectionError: http://alice:s3cretpw@10.0.0.5:8000/v1 unreachable; "
                  "see https://platform.example.com/docs?a=1")
    assert "alice" not in text and "s3cretpw" not in text
    assert "http://[REDACTED]@10.0.0.5:8000/v1" in text
    assert "https://platform.example.com/docs?a=1" in text


def test_redact_is_a_deep_copy_and_keys_decide() -> None:
    value = {"Authorization": "anything", "client_secret": 12345, "token_count": 7,
             "nested": [{"password": "pw"}, ("Bearer zzzzzzzz",)], "api_key": None}
    clean = redact(value)
    assert clean == {"Authorization": "[REDACTED]", "client_secret": "[REDACTED]",
                     "token_count": 7, "nested": [{"password": "[REDACTED]"},
                                                 ["Bearer [REDACTED]"]], "api_key": None}
    assert value["nested"][0] == {"password": "pw"}  # type: ignore[index]


WRITER = """
import sys
from pathlib import Path
from drafter.runlog import RunLog, RunRecord, SectionRecord
log = RunLog(Path(sys.argv[1]))
for i in range(50):
    log.append(RunRecord(composer=sys.argv[2], errors=["x" * 20000],
                         sections=[SectionRecord(recommendation=i, raw_outputs=["长" * 5000])]))
"""


def test_two_processes_append_whole_lines(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name], env=env)
             for name in ("a", "b")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    lines = (tmp_path / "runs.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 101
    rows = [json.loads(line) for line in lines[:-1]]
    for name in ("a", "b"):
        mine = [r["sections"][0]["recommendation"] for r in rows if r["composer"] == name]
        assert mine == list(range(50))
    assert len(RunLog(tmp_path).read()) == 100


def test_a_torn_line_is_skipped(tmp_path: Path) -> None:
    log = RunLog(tmp_path)
    log.append(make_record())
    with log.path.open("ab") as fh:
        fh.write(b'{"run_id": "dead", "composer": "llm", "sect')  # a crash mid-write
    assert [r.composer for r in log.read()] == ["llm"] and log.skipped == 1
    log.append(make_record(composer="extractive"))  # starts on a line of its own
    assert [r.composer for r in log.read()] == ["llm", "extractive"] and log.skipped == 1


def test_cli_runs_lists_the_latest(tmp_path: Path) -> None:
    log = RunLog(tmp_path / "store")
    for i in range(3):
        log.append(make_record(proposal={"path": f"p{i}.txt", "title": f"提案{i}"}))
    log.append(make_record(composer="extractive", model={}, sections=[],
                           proposal={"path": "only/a/path.txt"}, checks={}))
    result = runner.invoke(app, ["runs", "--store", str(tmp_path / "store"), "-n", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("time")
    records = log.read()
    assert records[2].run_id[:8] in lines[1] and records[3].run_id[:8] in lines[2]
    assert "提案2" in lines[1] and "deepseek-chat" in lines[1]
    assert lines[1].split()[-4:-1] == ["2", "1", "1"], "sections, fallbacks, unsupported"
    assert "only/a/path.txt" in lines[2] and "extractive" in lines[2]
    assert "提案1" not in result.stdout


def test_cli_runs_json_has_no_secret(tmp_path: Path) -> None:
    log = RunLog(tmp_path)
    log.append(make_record(model={"id": "m", "api_key": "sk-live-abcdefgh12345678"},
                           errors=["Authorization: Bearer abc.def.ghi"]))
    result = runner.invoke(app, ["runs", "--store", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert len(body) == 1 and body[0]["model"]["id"] == "m"
    assert body[0]["sections"][1]["fallback"] and body[0]["draft"]["sections"]
    assert not any(s in result.stdout for s in SECRETS)


def test_cli_runs_on_an_empty_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["runs", "--store", str(tmp_path / "none")])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"no runs recorded in {tmp_path / 'none'} yet"
    result = runner.invoke(app, ["runs", "--store", str(tmp_path / "none"), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert not (tmp_path / "none").exists(), "listing creates nothing"


def test_every_draft_run_is_recorded(sample_store: Path, tmp_path: Path) -> None:
    import shutil

    from drafter import Drafter
    from drafter.config import load_settings

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    (tmp_path / "drafter.toml").write_text("[drafter]\n", encoding="utf-8")
    d = Drafter(load_settings(tmp_path / "drafter.toml", store=store))
    example = Path(__file__).resolve().parent.parent / "corpus/examples/zh_talent_yi.txt"
    before = len(RunLog(store).read())  # the shared store may hold other tests' runs
    draft = d.draft(example)
    runs = RunLog(store).read()
    assert len(runs) == before + 1
    run = runs[-1]
    assert run.composer == "extractive" and run.proposal["path"].endswith("zh_talent_yi.txt")
    assert [s.recommendation for s in run.sections] == [
        s.recommendation for s in draft.sections]
    cited = {c for s in draft.sections for sent in s.sentences for c in sent.citations}
    assert {i for s in run.sections for i in s.citations} == cited
    retrieved = {i for s in run.sections for i in s.evidence_ids}
    assert cited < retrieved  # what was retrieved and offered, of which some was cited
    assert run.checks["unsupported_facts_count"] == 0
    assert run.draft is not None and run.draft["title"] == draft.title
