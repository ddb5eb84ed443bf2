"""No secret, nor any piece of six characters of one, leaves drafter.

The redaction itself (every form of credential, every cut through one), the
model error line (redacted before it is cut), and the hostile-server
scenarios of ``tests/secret_scenarios.py`` drafted through LangChain's real
``ChatOpenAI`` against ``FakeOpenAIServer``: the draft as Markdown, JSON and
.docx, its notes, the run trace and ``runs.jsonl`` hold none of the secrets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafter import Drafter
from drafter._safe_text import REDACTED, clip, redact, redact_text
from drafter.chat import error_reason
from drafter.config import load_settings
from drafter.model_run import ModelRun
from drafter.runlog import RUNS_FILE, RunLog
from tests.conftest import EXAMPLES, ROOT
from tests.openai_server import FakeOpenAIServer
from tests.secret_scenarios import (
    ECHO,
    KEY,
    PASSWORD,
    SCENARIOS,
    TOKEN,
    free_port,
    leaks,
    with_password,
)

ZH = EXAMPLES / "zh_talent_yi.txt"
ISSUER = "云岭区科技创新局"

#: Every form a credential takes in an error message, a header dump or a model's words.
FORMS = [
    f"Incorrect API key provided: {KEY}.",
    f"Authorization: Bearer {TOKEN}",
    f"{{'Authorization': 'Basic {TOKEN}'}}",
    f'"authorization": "{TOKEN}"',
    f"http://drafter:{PASSWORD}@10.0.0.5:8000/v1",
    f"https://{TOKEN}@git.example.com/repo.git",
    f"https://api.example.com/v1?api_key={TOKEN}&x=1",
    f"key={ECHO}",
    f"key={TOKEN}",
    f"token: {TOKEN}",
    f"access_token={TOKEN}",
    f'"api_key": "{TOKEN}"',
    f"x-api-key: {TOKEN}",
    f"client_secret={TOKEN}",
    f"password = {TOKEN}",
    f"the key {ECHO} leaked",
    f"依据配置 key={ECHO} 作出",
    f"Bearer {TOKEN}",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_of_credential_is_redacted(text: str) -> None:
    clean = redact_text(f"前文 {text} 后文")
    assert leaks(clean) == [], clean
    assert REDACTED in clean and clean.startswith("前文 ") and clean.endswith(" 后文")


@pytest.mark.parametrize("text", [f for f in FORMS if "@git." not in f])
def test_no_piece_of_six_survives_any_cut(text: str) -> None:
    """Whatever cut a text before it is redacted, no 6 characters of a secret are left.

    (Not a token posing as a URL's user cut before its "@": it reads as a host name.)
    """
    for cut in range(len(text) + 1):
        clean = redact_text(text[:cut])
        assert leaks(clean) == [], (cut, clean)


def test_environment_secrets_cut_short_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    value = "Zq81mfK2lz0ppWq7"  # no known key shape: only the environment names it
    monkeypatch.setenv("MY_SERVICE_TOKEN", value)
    for cut in range(len(value) + 1):
        clean = redact_text(f"error for {value[:cut]}")
        assert leaks(clean, (value,)) == [], clean
    assert redact({"note": f"x {value} y"}) == {"note": f"x {REDACTED} y"}


def test_ordinary_text_is_kept() -> None:
    text = ("推进风险评估 task-oriented risk-assessment; max_tokens=500, token_count: 7; "
            "Key: the council will respond; monkey=5; https://platform.example.com/docs?a=1")
    assert redact_text(text) == text


def test_clip_redacts_before_it_cuts() -> None:
    text = "x" * 190 + " " + KEY
    assert leaks(clip(text, 200)) == [] and leaks(text[:200]) == [KEY]  # the cut alone leaks
    assert clip("short", 200) == "short" and clip("abcdef", 4) == "abc…"


def test_a_model_error_is_redacted_before_it_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    for start in range(150, 201):  # the key starts anywhere up to the 200th character
        reason = error_reason(RuntimeError("x" * (start - 1) + " " + KEY + " rejected"))
        assert leaks(reason) == [], reason


def test_an_error_without_status_names_the_endpoint() -> None:
    reason = error_reason(ConnectionError("Connection error."), "http://127.0.0.1:9/v1")
    assert reason == "ConnectionError: Connection error. (endpoint http://127.0.0.1:9/v1)"


# --- hostile servers, through the real client ---------------------------------------------


@pytest.fixture(scope="module")
def secrets_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("secrets") / "store"
    shutil.copytree(sample_store, dest)
    return dest


def _docx_text(path: Path) -> str:
    """Every XML part of a .docx (body, comments, footnotes) as text."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_secret_leaves_a_hostile_server_run(
        name: str, secrets_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = SCENARIOS[name]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    before = (secrets_store / RUNS_FILE).stat().st_size if (secrets_store / RUNS_FILE).exists() \
        else 0
    with FakeOpenAIServer(scenario.script, repeat_last=scenario.repeat_last) as server:
        url = f"http://127.0.0.1:{free_port()}/v1" if scenario.unreachable else server.url
        d = Drafter(load_settings(
            store=secrets_store, issuer=ISSUER, llm="openai:local-model",
            llm_options={"base_url": with_password(url)}, llm_timeout=scenario.timeout,
            llm_max_retries=0))
        draft = d.draft(ZH)
    assert d.last_trace is not None
    run = ModelRun.of(draft, d.last_trace, d.composer.describe())
    assert bool(run.unreached) == scenario.unreached, run
    if scenario.unreached:  # the endpoint is named, without its password
        assert run.endpoint == url and url in run.problem()
    docx = draft.to_docx(tmp_path / "reply.docx")
    log = (secrets_store / RUNS_FILE).read_bytes()[before:].decode("utf-8")
    outputs = {
        "markdown": draft.to_markdown(), "json": draft.to_json(), "docx": _docx_text(docx),
        "notes": "\n".join(draft.editor_notes), "runs.jsonl": log,
        "errors": "\n".join(d.last_trace.errors), "model_down": d.last_trace.model_down,
        "summary": run.summary() + "\n" + run.problem(),
    }
    for where, text in outputs.items():
        assert leaks(text) == [], f"{where}: {leaks(text)}"
    # The hostile server was asked (or, unreachable, never could be).
    assert bool(server.requests) != scenario.unreachable
    assert [s.recommendation for s in RunLog(secrets_store).read()[-1].sections] == [1, 2, 3, 4]


def test_a_stance_reason_echoing_a_key_reaches_the_draft_redacted(
        secrets_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = SCENARIOS["stance-reason-echoes-key"]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with FakeOpenAIServer(scenario.script, repeat_last=True) as server:
        d = Drafter(load_settings(store=secrets_store, issuer=ISSUER, llm="openai:local-model",
                                  llm_options={"base_url": server.url}, llm_max_retries=0))
        draft = d.draft(ZH)
    reasons = [s.stance_reason for s in draft.sections if s.stance_reason]
    assert reasons and all(f"key={REDACTED}" in r and f"token: {REDACTED}" in r for r in reasons)
    assert any(f"key={REDACTED}" in n for n in draft.editor_notes)


def test_the_command_line_leaks_nothing_on_stdout_or_stderr(
        secrets_store: Path, tmp_path: Path) -> None:
    """A 401 echoing the key at the cut, through the CLI as a process: exit 3, nothing leaked."""
    scenario = SCENARIOS["401-key-at-the-cut"]
    with FakeOpenAIServer(scenario.script, repeat_last=True) as server:
        env = {**os.environ, "OPENAI_API_KEY": KEY, "DRAFTER_CONFIG": str(tmp_path / "none"),
               "OPENAI_BASE_URL": with_password(server.url)}
        result = subprocess.run(
            [sys.executable, "-m", "drafter", "draft", str(ZH), "--llm", "openai:local-model",
             "--store", str(secrets_store), "--json"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 3, result.stderr
    assert leaks(result.stdout) == [] and leaks(result.stderr) == [], result.stderr
    assert f"at {server.url} could not be reached" in result.stderr
    assert "Traceback" not in result.stderr
