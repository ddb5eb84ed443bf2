"""Drafting through a local OpenAI-compatible server and LangChain's real OpenAI client.

Every scenario drafts a whole proposal with ``llm="openai:local-model"`` against
``FakeOpenAIServer`` on 127.0.0.1: good answers, a timeout, HTTP 500/429, a
malformed body, an answer that is not JSON, a refusal, invented numbers and
titles, invented evidence ids, a rejected key.  Each must still give a draft
with every section (the model's, or an extractive fallback with a note), mark
every fact its cited evidence does not hold, and leave a run record that says
what happened and holds no API key.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from drafter import Drafter
from drafter.config import load_settings
from drafter.faithfulness import VERIFY_EN, VERIFY_ZH
from drafter.prompting import load_prompt
from drafter.runlog import RUNS_FILE, RunLog, RunRecord
from drafter.types import DraftReply
from tests.conftest import EXAMPLES, ROOT
from tests.llm_scripts import (
    FAST,
    NOT_JSON,
    answer,
    evidence_lines,
    invented_id,
    invented_number,
    invented_title,
    unmarked_unsupported,
)
from tests.openai_server import FakeOpenAIServer

#: A fake key that must never reach a run record.
KEY = "sk-drafter-fake-4c1e9b27d03a58f6"
ZH = EXAMPLES / "zh_talent_yi.txt"
EN = EXAMPLES / "en_committee_report.txt"
ISSUER, ISSUER_EN = "云岭区科技创新局", "Yunling District Council"


# --- what the scripted model answers ---------------------------------------------------


def good(body: dict[str, Any]) -> str:
    """A well-behaved model: up to two sentences, each taken from the evidence it cites."""
    return answer([(text, [label]) for label, text in evidence_lines(body)[:2]])


GOOD: dict[str, Any] = {"content_fn": good}


# --- the scenarios ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One scenario: the server's script and what the run must show for it.

    ``fallbacks`` gives, per section, "" (drafted by the model) or the start of
    the reason in its run record; ``outputs`` the number of raw answers recorded.
    """

    script: list[dict[str, Any]]
    fallbacks: tuple[str, ...]
    attempts: tuple[int, ...]
    outputs: tuple[int, ...]
    requests: int
    proposal: Path = ZH
    timeout: float = 10.0
    retries: int = 0
    errors: tuple[str, ...] = ()  # regexes, one per error of the run
    marked: int = 0  # sentences the fact check marks
    prompts: tuple[str, ...] = ("section",)
    repeat_last: bool = False
    #: Sections no evidence answers: left for the editor with candidates, the model not asked.
    weak: tuple[int, ...] = ()
    check: Callable[[DraftReply, RunRecord, FakeOpenAIServer], None] | None = field(
        default=None, compare=False)


CALL = "the model call failed: "
DOWN = "the model is not called again in this run: "
INVALID = "the model gave no valid answer in 3 attempt(s): "
DECLINED = "the model declined to answer: I can't help with that."


def _check_timeout(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    assert draft.sections[1].stance == "undecided"  # a failed call proposes no stance
    assert record.sections[2].fallback == ""  # one slow section does not stop the model


def _check_500_recovered(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    first, second = server.requests[:2]
    assert first.body == second.body  # the client's own retry, not a re-ask
    assert second.headers["x-stainless-retry-count"] == "1"


def _check_reask(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    first, second = (r.body["messages"] for r in server.requests[:2])
    assert len(first) == 2 and len(second) == 4
    assert second[:2] == first  # the same prompt, then the exchange so far
    assert second[2] == {"role": "assistant", "content": NOT_JSON}
    assert second[3]["role"] == "user"
    assert "上一次的输出不符合要求：the answer contains no JSON object" in second[3]["content"]
    assert record.sections[0].raw_outputs[0] == NOT_JSON


def _check_invalid(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    assert record.sections[0].fallback.endswith("sentences: Input should be a valid list")
    # After the fallback the model is asked only for a stance, from its own prompt.
    stance_request = server.requests[3].body["messages"]
    assert "公文审核人员" in stance_request[0]["content"]
    assert draft.sections[0].stance == "noted"
    assert draft.sections[0].stance_reason == "条件尚不具备"
    assert record.sections[0].stance == "noted"
    notes = draft.sections[0].notes
    assert any("模型3次作答均不符合格式要求" in n for n in notes)


def _check_refusal(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    assert record.sections[1].raw_outputs == ["[refusal] I can't help with that."]
    assert any("模型拒绝作答" in n for n in draft.sections[1].notes)


def _check_number(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    [sent] = [s for s in draft.sections[0].sentences if s.supported is False]
    assert sent.unsupported_facts == ["987万元"]
    assert f"{VERIFY_ZH} 关于建议一：所引材料中没有：987万元" in draft.editor_notes
    assert "987万元" in record.checks["unsupported_facts"]


def _check_number_en(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    [sent] = [s for s in draft.sections[0].sentences if s.supported is False]
    assert sent.unsupported_facts == ["£987,654"]
    assert f"{VERIFY_EN} Recommendation 1: not in the cited sources: £987,654" in (
        draft.editor_notes)
    assert f"{VERIFY_EN} The Council will give every applicant £987,654" in draft.to_markdown()
    assert server.requests[0].body["messages"][0]["content"].startswith("You")


def _check_title(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    [sent] = [s for s in draft.sections[0].sentences if s.supported is False]
    assert sent.unsupported_facts == ["云岭区开源人才星火计划实施细则"]
    assert f"{VERIFY_ZH} 关于建议一：所引材料中没有：云岭区开源人才星火计划实施细则" in (
        draft.editor_notes)


def _check_invented_id(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    [sent] = [s for s in draft.sections[0].sentences if s.supported is False]
    assert sent.citations == ["E9"]  # kept as the model wrote it, for the editor to see
    assert "E9" in record.sections[0].citations
    assert f"{VERIFY_ZH} 关于建议一：引用了不存在的材料 E9" in draft.editor_notes
    assert re.search(r"^\[\^\d+\]: E9 \(not in the evidence\)$", draft.to_markdown(), re.M)


def _check_401(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    assert len(server.requests) == 1  # no later section asks again
    assert all(KEY not in note for note in draft.editor_notes)
    assert any("模型在本次运行中已停用" in n for n in draft.sections[3].notes)


def _check_down(draft: DraftReply, record: RunRecord, server: FakeOpenAIServer) -> None:
    assert "failed 2 sections in a row" in record.sections[2].fallback


CASES: dict[str, Case] = {
    "good": Case([GOOD], ("", "", "", ""), (1, 1, 1, 1), (1, 1, 1, 1), 4, repeat_last=True),
    # Recommendation 4 of the English report (5G coverage) has no answer in the corpus.
    "good-en": Case([GOOD], ("", "", "", ""), (1, 1, 1, 0), (1, 1, 1, 0), 3, proposal=EN,
                    repeat_last=True, weak=(4,)),
    "timeout": Case(
        [GOOD, {"delay": 5.0, **GOOD}, GOOD, GOOD], ("", CALL, "", ""), (1, 1, 1, 1),
        (1, 0, 1, 1), 4, timeout=1.0, errors=(r"^recommendation 2: \w*Timeout\w*: ",),
        check=_check_timeout),
    "500-then-ok": Case(
        [{"status": 500, "headers": FAST}, GOOD, GOOD, GOOD, GOOD], ("", "", "", ""),
        (1, 1, 1, 1), (1, 1, 1, 1), 5, retries=1, check=_check_500_recovered),
    "500-persists": Case(
        [GOOD, {"status": 500, "headers": FAST}, {"status": 500, "headers": FAST}, GOOD, GOOD],
        ("", CALL, "", ""), (1, 1, 1, 1), (1, 0, 1, 1), 5, retries=1,
        errors=(r"^recommendation 2: \w+Error: Error code: 500 - scripted error 500$",)),
    "429-persists": Case(
        [GOOD, {"status": 429, "headers": FAST}, {"status": 429, "headers": FAST}, GOOD, GOOD],
        ("", CALL, "", ""), (1, 1, 1, 1), (1, 0, 1, 1), 5, retries=1,
        errors=(r"^recommendation 2: \w+Error: Error code: 429 - scripted error 429$",)),
    "malformed-body": Case(
        [GOOD, {"raw": "not json"}, GOOD, GOOD], ("", CALL, "", ""), (1, 1, 1, 1),
        (1, 0, 1, 1), 4, errors=(r"^recommendation 2: JSONDecodeError: ",)),
    "not-json-then-valid": Case(
        [{"content": NOT_JSON}, GOOD, GOOD, GOOD, GOOD], ("", "", "", ""), (2, 1, 1, 1),
        (2, 1, 1, 1), 5, prompts=("section", "retry"), check=_check_reask),
    "invalid-thrice": Case(
        [{"content": NOT_JSON}, {"content": '{"sentences": [{"text": "我局高度重视。"}]}'},
         {"content": '{"sentences": "我局高度重视。"}'},
         {"content": '{"stance": "noted", "category": "C", "reason": "条件尚不具备"}'},
         GOOD, GOOD, GOOD],
        (INVALID, "", "", ""), (3, 1, 1, 1), (4, 1, 1, 1), 7,
        prompts=("section", "retry", "stance"), check=_check_invalid),
    "refusal": Case(
        [GOOD, {"refusal": "I can't help with that."}, GOOD, GOOD], ("", DECLINED, "", ""),
        (1, 1, 1, 1), (1, 1, 1, 1), 4, check=_check_refusal),
    "invented-number": Case(
        [{"content_fn": invented_number}, GOOD, GOOD, GOOD], ("", "", "", ""), (1, 1, 1, 1),
        (1, 1, 1, 1), 4, marked=1, check=_check_number),
    "invented-number-en": Case(
        [{"content_fn": invented_number}, GOOD, GOOD, GOOD], ("", "", "", ""), (1, 1, 1, 0),
        (1, 1, 1, 0), 3, proposal=EN, marked=1, weak=(4,), check=_check_number_en),
    "invented-title": Case(
        [{"content_fn": invented_title}, GOOD, GOOD, GOOD], ("", "", "", ""), (1, 1, 1, 1),
        (1, 1, 1, 1), 4, marked=1, check=_check_title),
    "invented-evidence-id": Case(
        [{"content_fn": invented_id}, GOOD, GOOD, GOOD], ("", "", "", ""), (1, 1, 1, 1),
        (1, 1, 1, 1), 4, marked=1, check=_check_invented_id),
    "401-model-down": Case(
        [{"status": 401, "body": f"Incorrect API key provided: {KEY}"}],
        (CALL, DOWN, DOWN, DOWN), (1, 0, 0, 0), (0, 0, 0, 0), 1,
        errors=(r"^recommendation 1: \w+Error: Error code: 401 - Incorrect API key provided: ",),
        check=_check_401),
    "500-twice-model-down": Case(
        [{"status": 500}, {"status": 500}], (CALL, CALL, DOWN, DOWN), (1, 1, 0, 0),
        (0, 0, 0, 0), 2, errors=(r"^recommendation 1: \w+Error: Error code: 500 ",
                                 r"^recommendation 2: \w+Error: Error code: 500 "),
        check=_check_down),
}


@pytest.fixture(scope="module")
def llm_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the sample store for this module's drafts (one copy: opening a
    fresh store costs more than a draft); each test reads the run it appended last."""
    dest = tmp_path_factory.mktemp("llm") / "store"
    shutil.copytree(sample_store, dest)
    return dest


# --- checks every scenario shares --------------------------------------------------------


def check_requests(server: FakeOpenAIServer, key: str = KEY) -> None:
    assert server.requests, "the model was never asked"
    for request in server.requests:
        assert (request.method, request.path) == ("POST", "/v1/chat/completions")
        body = request.body
        assert body["model"] == "local-model"
        assert body["temperature"] == 0
        assert [m["role"] for m in body["messages"][:2]] == ["system", "user"]
        assert request.headers["authorization"] == f"Bearer {key}"


def check_run(draft: DraftReply, store: Path, server: FakeOpenAIServer, case: Case) -> RunRecord:
    """What every scenario must show; returns the run record."""
    lang = "en" if case.proposal == EN else "zh"
    mark = VERIFY_EN if lang == "en" else VERIFY_ZH
    # 0 drafts lost: every recommendation has a section with cited sentences.
    assert [s.recommendation for s in draft.sections] == [1, 2, 3, 4]
    assert draft.composer == "llm"
    record = RunLog(store).read()[-1]
    for section, rec, fallback, attempts, outputs in zip(
            draft.sections, record.sections, case.fallbacks, case.attempts, case.outputs,
            strict=True):
        if section.recommendation in case.weak:  # left for the editor, never padded
            assert not section.sentences and section.weak_evidence and section.candidates
            assert (rec.attempts, len(rec.raw_outputs), rec.fallback) == (0, 0, "")
            continue
        assert section.sentences, f"section {section.recommendation} is empty"
        assert all(s.citations for s in section.sentences)
        assert (rec.attempts, len(rec.raw_outputs)) == (attempts, outputs)
        if fallback:
            assert rec.fallback.startswith(fallback), rec.fallback
            note = "quotes the evidence instead" if lang == "en" else "本段改为摘录原文，请润色"
            assert any(note in n for n in section.notes), section.notes
            assert any(note in n for n in draft.editor_notes)
            # Extractive sentences cite only evidence the draft holds.
            assert all(c in draft.evidence for s in section.sentences for c in s.citations)
        else:
            assert rec.fallback == ""
            drafted = json.loads(rec.raw_outputs[-1])["sentences"]
            assert [s.text for s in section.sentences] == [x["text"] for x in drafted]
            assert section.stance in {"adopted", "partly"}
        assert rec.citations == list(dict.fromkeys(
            c for s in section.sentences for c in s.citations))
    # Marks where due, and only there.
    assert unmarked_unsupported(draft) == []
    marked = [s for sec in draft.sections for s in sec.sentences if s.supported is False]
    assert len(marked) == case.marked
    letter = draft.to_markdown().split("\n---\n")[0]
    assert letter.count(mark) == case.marked
    prefix = mark + " " if lang == "en" else mark
    assert all(prefix + s.text in letter for s in marked)
    # The run record.
    assert record.composer == "llm"
    assert record.model["id"] == "openai:local-model"
    assert record.model["provider"] == "openai" and record.model["class"] == "ChatOpenAI"
    assert record.model["base_url"] == server.url
    assert (record.model["timeout"], record.model["max_retries"]) == (case.timeout, case.retries)
    assert record.prompts == {f"{n}.{lang}": load_prompt(n, lang).version for n in case.prompts}
    assert len(record.errors) == len(case.errors), record.errors
    for error, pattern in zip(record.errors, case.errors, strict=True):
        assert re.search(pattern, error), error
    assert record.checks["unsupported_facts_count"] == sum(
        len(s.unsupported_facts) for s in marked)
    assert record.draft is not None and len(record.draft["sections"]) == 4
    assert KEY.encode() not in (store / RUNS_FILE).read_bytes()
    assert len(server.requests) == case.requests
    check_requests(server)
    return record


def drafter_for(store: Path, server: FakeOpenAIServer, case: Case) -> Drafter:
    return Drafter(load_settings(
        store=store, issuer=ISSUER, issuer_en=ISSUER_EN, llm="openai:local-model",
        llm_options={"base_url": server.url}, llm_timeout=case.timeout,
        llm_max_retries=case.retries))


@pytest.mark.parametrize("name", list(CASES))
def test_scenario(name: str, llm_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with FakeOpenAIServer(case.script, repeat_last=case.repeat_last) as server:
        d = drafter_for(llm_store, server, case)
        draft = d.draft(case.proposal)
        record = check_run(draft, llm_store, server, case)
        if case.check:
            case.check(draft, record, server)
    assert server.handler_errors == []
    assert d.last_trace is not None
    assert [s.fallback for s in d.last_trace.sections] == [s.fallback for s in record.sections]
    assert bool(d.last_trace.model_down) == (DOWN in case.fallbacks)


def test_base_url_credentials_stay_out_of_the_record(
        llm_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with FakeOpenAIServer([GOOD], repeat_last=True) as server:
        url = server.url.replace("http://", "http://drafter:pw-9b1f6c4e2a@")
        d = Drafter(load_settings(store=llm_store, issuer=ISSUER, llm="openai:local-model",
                                  llm_options={"base_url": url}, llm_timeout=10.0,
                                  llm_max_retries=0))
        draft = d.draft(ZH)
    assert len(server.requests) == 4
    assert all(not s.fallback for s in d.last_trace.sections)  # type: ignore[union-attr]
    assert [s.recommendation for s in draft.sections] == [1, 2, 3, 4]
    record = RunLog(llm_store).read()[-1]
    assert record.model["base_url"] == server.url
    raw = (llm_store / RUNS_FILE).read_bytes()
    assert b"pw-9b1f6c4e2a" not in raw and KEY.encode() not in raw


# --- the command line ----------------------------------------------------------------


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = ROOT / ".venv" / "bin" / "drafter"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "drafter"]
    return subprocess.run([*cmd, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("with_key", [True, False], ids=["key", "no-key"])
def test_cli_drafts_through_openai_base_url(
        with_key: bool, llm_store: Path, tmp_path: Path) -> None:
    config = tmp_path / "drafter.toml"
    config.write_text(f'[drafter]\nissuer = "{ISSUER}"\nllm_timeout = 20\nllm_max_retries = 0\n',
                      encoding="utf-8")
    with FakeOpenAIServer([GOOD], repeat_last=True) as server:
        env = {**os.environ, "DRAFTER_CONFIG": str(config), "OPENAI_BASE_URL": server.url}
        if with_key:
            env["OPENAI_API_KEY"] = KEY
        result = _cli("draft", str(ZH), "--llm", "openai:local-model",
                      "--store", str(llm_store), env=env)
        assert result.returncode == 0, result.stderr
        check_requests(server, KEY if with_key else "EMPTY")
        assert len(server.requests) == 4
    out = result.stdout
    assert out.startswith("# 关于区政协六届四次会议第20240156号")
    for heading in ("关于建议一", "关于建议二", "关于建议三", "关于建议四"):
        assert f"**{heading}：**" in out
    body = out.split("\n---\n")[0]
    assert re.search(r"\[\^1\]", body) and re.search(r"^\[\^1\]: 《", out, re.M)
    assert VERIFY_ZH not in body
    assert "llm: 4 of 4 section(s) drafted by the model" in result.stderr
    assert KEY not in out + result.stderr

    runs = _cli("runs", "--json", "-n", "1", "--store", str(llm_store), env=env)
    assert runs.returncode == 0, runs.stderr
    [run] = json.loads(runs.stdout)
    assert run["composer"] == "llm"
    assert run["model"]["id"] == "openai:local-model"
    assert [s["fallback"] for s in run["sections"]] == ["", "", "", ""]
    assert KEY.encode() not in (llm_store / RUNS_FILE).read_bytes()


def test_record_names_the_endpoint_given_by_openai_base_url(
        llm_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer([GOOD], repeat_last=True) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        d = Drafter(load_settings(store=llm_store, issuer=ISSUER, llm="openai:local-model",
                                  llm_timeout=10.0, llm_max_retries=0))
        d.draft(ZH)
    assert len(server.requests) == 4  # the endpoint was used ...
    record = RunLog(llm_store).read()[-1]
    assert record.model.get("base_url") == server.url  # ... and the record says which
