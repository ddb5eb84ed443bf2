"""Bad input to drafter's commands: one clear line, the right exit code, the store untouched.

``test_bad_input.py`` feeds bad proposal files to ``drafter parse``; this file
feeds bad options, output paths, configurations, golden case files and
queries to ``draft``, ``search``, ``check``, ``eval``, ``runs`` and
``schema``.  Each refused case must exit 2 (bad input) or 1 (the disk or the
store), print exactly one non-empty line on stderr holding the given words
(the file it names among them), print no traceback, and leave the store's
files byte for byte as they were.  A few run as real processes too.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
PROPOSAL = EXAMPLES / "zh_sme_paren.txt"
SAMPLE_CASES = ROOT / "evals" / "drafting" / "sample.jsonl"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """A command line refused with ``code`` and one stderr line holding every one of ``words``.

    ``{tmp}``, ``{store}``, ``{p}`` (a good proposal) and ``{cases}`` (a good golden
    case file) in ``argv`` and ``words`` are filled in; ``setup`` makes files in tmp.
    """

    argv: tuple[str, ...]
    code: int
    words: tuple[str, ...]
    setup: Setup | None = None
    env: dict[str, str] = field(default_factory=dict)


def _file(name: str, data: str | bytes) -> Setup:
    def make(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _dir(name: str) -> Setup:
    return lambda tmp: (tmp / name).mkdir(parents=True, exist_ok=True)


def _toml(body: str) -> Setup:
    return _file("c.toml", body)


def _cases(lines: list[str]) -> Setup:
    return _file("cases.jsonl", "\n".join(lines) + "\n")


def _sample_line() -> str:
    return SAMPLE_CASES.read_text(encoding="utf-8").splitlines()[0]


def _missing_proposal_case(tmp: Path) -> None:
    case = json.loads(_sample_line())
    case["proposal"] = str(tmp / "gone.txt")
    _cases([json.dumps(case, ensure_ascii=False)])(tmp)


KOREAN = ("제안서\n제목: 중소기업 지원 확대에 관한 제안\n"
          "1. 중소기업 대출 이자를 지원하여 주십시오.\n") * 3
RUSSIAN = "Предложение о поддержке малого бизнеса\n1. Увеличить субсидии предприятиям.\n" * 3
JAPANESE = ("提案書\nちゅうしょうきぎょうの しえんを かくだいして ください。\n"
            "よろしく おねがいします。\n") * 3
DEEP = "[" * 100_000 + "]" * 100_000
DRAFT = ("draft", "{p}", "--store", "{store}")
SEARCH = ("search", "贷款贴息", "--store", "{store}")

CASES: dict[str, Case] = {
    # -- the output file of a draft: checked before drafting ------------------------------
    "-o is a folder": Case((*DRAFT, "-o", "{tmp}"), 2, ("{tmp}", "is a folder")),
    "-o x.md is a folder": Case((*DRAFT, "-o", "{tmp}/x.md"), 2, ("x.md", "is a folder"),
                                _dir("x.md")),
    "-o in a missing folder": Case((*DRAFT, "-o", "{tmp}/no/x.md"), 2,
                                   ("{tmp}/no/x.md", "does not exist")),
    "-o under a file": Case((*DRAFT, "-o", "{tmp}/f/x.md"), 2, ("f/x.md", "is not a folder"),
                            _file("f", "x")),
    "--format md -o x.docx": Case((*DRAFT, "--format", "md", "-o", "{tmp}/x.docx"), 2,
                                  ("x.docx", "--format md", "does not match")),
    "--format docx -o x.md": Case((*DRAFT, "--format", "docx", "-o", "{tmp}/x.md"), 2,
                                  ("x.md", "does not match")),
    "--format json -o x.md": Case((*DRAFT, "--format", "json", "-o", "{tmp}/x.md"), 2,
                                  ("x.md", "does not match")),
    "--format md -o x.json": Case((*DRAFT, "--format", "md", "-o", "{tmp}/x.json"), 2,
                                  ("x.json", "does not match")),
    "--format DOCX -o x.md": Case((*DRAFT, "--format", "DOCX", "-o", "{tmp}/x.md"), 2,
                                  ("x.md", "does not match")),
    "--json -o x.md": Case((*DRAFT, "--json", "-o", "{tmp}/x.md"), 2, ("x.md", "--json")),
    "--json -o x.docx": Case((*DRAFT, "--json", "-o", "{tmp}/x.docx"), 2, ("x.docx", "--json")),
    "-o x.txt": Case((*DRAFT, "-o", "{tmp}/x.txt"), 2, ("x.txt", "cannot tell the format")),
    "-o x.pdf": Case((*DRAFT, "-o", "{tmp}/x.pdf"), 2, ("x.pdf", "cannot tell the format")),
    "--format pdf": Case((*DRAFT, "--format", "pdf"), 2, ("unknown format 'pdf'",)),
    "--format html -o x.md": Case((*DRAFT, "--format", "html", "-o", "{tmp}/x.md"), 2,
                                  ("unknown format",)),
    "--format docx, no -o": Case((*DRAFT, "--format", "docx"), 2, ("needs a file",)),
    # -- the proposal of a draft ---------------------------------------------------------------
    "draft a missing file": Case(("draft", "{tmp}/none.txt", "--store", "{store}"), 2,
                                 ("{tmp}/none.txt",)),
    "draft a folder": Case(("draft", "{tmp}/d", "--store", "{store}"), 2, ("{tmp}/d",),
                           _dir("d")),
    "draft an empty file": Case(("draft", "{tmp}/e.txt", "--store", "{store}"), 2,
                                ("{tmp}/e.txt", "empty"), _file("e.txt", "")),
    "draft a Korean proposal": Case(("draft", "{tmp}/k.txt", "--store", "{store}"), 2,
                                    ("{tmp}/k.txt", "Korean", "Hangul"), _file("k.txt", KOREAN)),
    "draft a Russian proposal": Case(("draft", "{tmp}/r.txt", "--store", "{store}"), 2,
                                     ("{tmp}/r.txt", "Cyrillic"), _file("r.txt", RUSSIAN)),
    "draft a Japanese proposal": Case(("draft", "{tmp}/j.txt", "--store", "{store}"), 2,
                                      ("{tmp}/j.txt", "Japanese"), _file("j.txt", JAPANESE)),
    "parse a Korean proposal": Case(("parse", "{tmp}/k.md"), 2, ("{tmp}/k.md", "Korean"),
                                    _file("k.md", KOREAN)),
    "draft --llm without a provider": Case((*DRAFT, "--llm", "bogus"), 2,
                                           ("bogus", "PROVIDER:MODEL")),
    # -- search filters and k ------------------------------------------------------------------
    "--kind proposal": Case((*SEARCH, "--kind", "proposal"), 2, ("proposal", "never cited")),
    "--kind memo": Case((*SEARCH, "--kind", "memo"), 2, ("unknown kind 'memo'",)),
    "--since 2023-13-45": Case((*SEARCH, "--since", "2023-13-45"), 2,
                               ("--since '2023-13-45'", "not a date")),
    "--until 2023-02-30": Case((*SEARCH, "--until", "2023-02-30"), 2, ("2023-02-30",)),
    "--since 2023-00": Case((*SEARCH, "--since", "2023-00"), 2, ("2023-00", "not a date")),
    "--since 0000": Case((*SEARCH, "--since", "0000"), 2, ("0000", "not a date")),
    "--since 2023/01/01": Case((*SEARCH, "--since", "2023/01/01"), 2, ("2023/01/01",)),
    "--until yesterday": Case((*SEARCH, "--until", "yesterday"), 2, ("yesterday",)),
    "--since 2023-1-5": Case((*SEARCH, "--since", "2023-1-5"), 2, ("2023-1-5",)),
    "an empty query": Case(("search", "", "--store", "{store}"), 2, ("query is empty",)),
    "a blank query": Case(("search", "  \t ", "--store", "{store}"), 2, ("query is empty",)),
    "search -k 0": Case((*SEARCH, "-k", "0"), 2, ("-k", "greater than or equal to 1")),
    "search -k 101": Case((*SEARCH, "-k", "101"), 2, ("-k",)),
    "search -k abc": Case((*SEARCH, "-k", "abc"), 2, ("-k", "valid integer")),
    # -- drafter.toml --------------------------------------------------------------------------
    "store = 5": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                      ("{tmp}/c.toml", "'store'", "not 5"), _toml("store = 5\n")),
    "corpus = [1, 2]": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                            ("{tmp}/c.toml", "'corpus'"), _toml("corpus = [1, 2]\n")),
    "corpus = 5": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("'corpus'", "not 5"),
                       _toml("[drafter]\ncorpus = 5\n")),
    "corpus = ''": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("'corpus'",),
                        _toml('corpus = ""\n')),
    "topk": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                 ("{tmp}/c.toml", "unknown setting 'topk'", "top_k"),
                 _toml("[drafter]\ntopk = 3\n")),
    "isuer": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("'isuer'", "'issuer'"),
                  _toml('isuer = "局"\n')),
    "an unknown key like nothing": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                                        ("'zzz'", "drafter/config.py"), _toml("zzz = 1\n")),
    "drafter = 5": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("{tmp}/c.toml", "table"),
                        _toml("drafter = 5\n")),
    "prompts_dir missing": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                                ("prompts_dir", "no prompts folder"),
                                _toml('prompts_dir = "nowhere"\n')),
    "DRAFTER_PROMPTS missing": Case(SEARCH, 2, ("DRAFTER_PROMPTS", "{tmp}/nowhere"),
                                    env={"DRAFTER_PROMPTS": "{tmp}/nowhere"}),
    "top_k = 0": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("{tmp}/c.toml", "top_k"),
                      _toml("top_k = 0\n")),
    "llm_temperature = 'hot'": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                                    ("llm_temperature",), _toml('llm_temperature = "hot"\n')),
    "heading_style = 'x'": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("heading_style",),
                                _toml('heading_style = "x"\n')),
    "stance_labels = 5": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2, ("stance_labels",),
                              _toml("stance_labels = 5\n")),
    "a TOML syntax error": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                                ("{tmp}/c.toml", "cannot read"), _toml("store = \n")),
    "a GBK drafter.toml": Case((*SEARCH, "--config", "{tmp}/c.toml"), 2,
                               ("{tmp}/c.toml", "cannot read"),
                               _file("c.toml", 'issuer = "科技局"\n'.encode("gbk"))),
    "--config missing": Case((*SEARCH, "--config", "{tmp}/none.toml"), 2,
                             ("{tmp}/none.toml", "not found")),
    "DRAFTER_CONFIG with topk": Case(SEARCH, 2, ("{tmp}/c.toml", "topk"),
                                     _toml("topk = 1\n"), env={"DRAFTER_CONFIG": "{tmp}/c.toml"}),
    # -- check ---------------------------------------------------------------------------------
    "check deep JSON": Case(("check", "{tmp}/deep.json", "--store", "{store}"), 2,
                            ("{tmp}/deep.json", "nested too deeply"), _file("deep.json", DEEP)),
    "check a missing file": Case(("check", "{tmp}/none.md", "--store", "{store}"), 2,
                                 ("{tmp}/none.md", "no such file")),
    "check empty JSON": Case(("check", "{tmp}/e.json", "--store", "{store}"), 2,
                             ("{tmp}/e.json", "empty"), _file("e.json", "")),
    "check JSON of no draft": Case(("check", "{tmp}/o.json", "--store", "{store}"), 2,
                                   ("{tmp}/o.json", "not a drafter draft"), _file("o.json", "{}")),
    "check -k 0": Case(("check", "{p}", "-k", "0", "--store", "{store}"), 2, ("-k",)),
    # -- eval ----------------------------------------------------------------------------------
    "eval an empty case file": Case(("eval", "--cases", "{tmp}/cases.jsonl", "--out", "{tmp}/o"),
                                    2, ("{tmp}/cases.jsonl", "no golden cases"), _cases([])),
    "eval blank lines only": Case(("eval", "--cases", "{tmp}/cases.jsonl", "--out", "{tmp}/o"),
                                  2, ("cases.jsonl", "no golden cases"), _cases(["", "  "])),
    "eval a case without its proposal": Case(
        ("eval", "--cases", "{tmp}/cases.jsonl", "--out", "{tmp}/o"), 2,
        ("{tmp}/cases.jsonl", "no proposal file", "gone.txt"), _missing_proposal_case),
    "eval deep JSON": Case(("eval", "--cases", "{tmp}/deep.jsonl", "--out", "{tmp}/o"), 2,
                           ("{tmp}/deep.jsonl", "nested too deeply"), _file("deep.jsonl", DEEP)),
    "eval a line not JSON": Case(("eval", "--cases", "{tmp}/cases.jsonl", "--out", "{tmp}/o"),
                                 2, ("cases.jsonl", "not a golden drafting case"),
                                 _cases(["{not json"])),
    "eval --out a file": Case(("eval", "--cases", "{cases}", "--out", "{tmp}/f"), 2,
                              ("{tmp}/f", "--out must be a folder"), _file("f", "x")),
    "eval --out under a file": Case(("eval", "--cases", "{cases}", "--out", "{tmp}/f/o"), 2,
                                    ("{tmp}/f/o", "cannot create"), _file("f", "x")),
    "eval --cases missing": Case(("eval", "--cases", "{tmp}/none.jsonl"), 2,
                                 ("{tmp}/none.jsonl", "no such golden case file")),
    "eval --baseline alone": Case(("eval", "--baseline", "{tmp}/a.json", "--cases", "{cases}"),
                                  2, ("give both --baseline and --candidate",)),
    "eval a garbage saved result": Case(
        ("eval", "--baseline", "{tmp}/a.json", "--candidate", "{tmp}/a.json", "--cases",
         "{cases}", "--out", "{tmp}/o"), 2, ("{tmp}/a.json", "not an eval result"),
        _file("a.json", "{]")),
    "eval --resamples 5": Case(("eval", "--resamples", "5", "--cases", "{cases}"), 2,
                               ("--resamples",)),
    # -- the rest ------------------------------------------------------------------------------
    "schema nope": Case(("schema", "nope"), 2, ("no schema 'nope'",)),
    "runs -n 0": Case(("runs", "-n", "0", "--store", "{store}"), 2, ("-n",)),
    "runs of a store that is a file": Case(("runs", "--store", "{tmp}/f"), 1,
                                           ("{tmp}/f", "not a folder"), _file("f", "x")),
    "an unknown command": Case(("frobnicate",), 2, ("No such command 'frobnicate'",)),
    "an unknown option": Case((*SEARCH, "--frob"), 2, ("--frob",)),
    "draft without a file": Case(("draft", "--store", "{store}"), 2, ("Missing argument",)),
}

#: Cases that fail, with an exit code, only once everything is drafted (a whole draft each).
AFTER_DRAFT: dict[str, Case] = {
    "-o /dev/full (md)": Case((*DRAFT, "-o", "/dev/full", "--format", "md"), 1,
                              ("/dev/full", "could not be written")),
    "-o /dev/full (docx)": Case((*DRAFT, "-o", "/dev/full", "--format", "docx"), 1,
                                ("/dev/full", "could not be written")),
}


def _fill(text: str, tmp: Path, store: Path) -> str:
    return (text.replace("{tmp}", str(tmp)).replace("{store}", str(store))
            .replace("{p}", str(PROPOSAL)).replace("{cases}", str(SAMPLE_CASES)))


def store_digest(root: Path) -> str:
    """One hash over every file's path and bytes under ``root``."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def assert_one_line(code: int, stdout: str, stderr: str, case: Case, tmp: Path,
                    store: Path) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr + stdout, stderr[-2000:]
    assert code == case.code, (code, stdout[:300], stderr[-1500:])
    assert len(lines) == 1, stderr[-2000:]
    for word in case.words:
        assert _fill(word, tmp, store) in lines[0], lines[0]


def _run(case: Case, tmp: Path, store: Path) -> tuple[int, str, str]:
    if case.setup:
        case.setup(tmp)
    env = {k: _fill(v, tmp, store) for k, v in case.env.items()}
    result = runner.invoke(app, [_fill(a, tmp, store) for a in case.argv], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample store that every refused case runs against."""
    import shutil

    dest = tmp_path_factory.mktemp("badcli") / "store"
    shutil.copytree(sample_store, dest)
    return dest


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_one_line(name: str, tmp_path: Path, store: Path) -> None:
    case = CASES[name]
    before = store_digest(store)
    code, stdout, stderr = _run(case, tmp_path, store)
    assert_one_line(code, stdout, stderr, case, tmp_path, store)
    assert store_digest(store) == before, "a refused command changed the store"


@pytest.mark.parametrize("name", list(AFTER_DRAFT))
def test_unwritable_output_after_the_draft(name: str, tmp_path: Path,
                                           writable_store: Path) -> None:
    code, stdout, stderr = _run(AFTER_DRAFT[name], tmp_path, writable_store)
    assert_one_line(code, stdout, stderr, AFTER_DRAFT[name], tmp_path, writable_store)


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) + len(AFTER_DRAFT) >= 60


@pytest.mark.skipif(ROOT_USER, reason="root writes anywhere: no permission to refuse")
def test_an_unwritable_output_folder_is_refused_before_drafting(tmp_path: Path,
                                                                store: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    case = Case((*DRAFT, "-o", "{tmp}/locked/x.md"), 2, ("locked/x.md", "permission denied"))
    assert_one_line(*_run(case, tmp_path, store), case, tmp_path, store)


def test_an_html_error_page_becomes_one_line() -> None:
    from drafter._cli_checks import one_line

    page = ("cannot reach the Chroma server at http://h:1 (<!DOCTYPE HTML>\n<html>\n<head>"
            "<title>Error response</title></head>\n<body><h1>404</h1>\n</body>\n</html>\n); "
            "start it")
    assert one_line(page) == ("cannot reach the Chroma server at http://h:1 (an HTML page "
                              "(Error response)); start it")
    assert one_line("a\x1b[31mred\x07\nline") == "a[31mred line"
    assert len(one_line("x" * 5000)) == 400


# -- what is drafted or written in spite of odd input -----------------------------------------


def test_a_title_with_control_characters_makes_a_valid_docx(example_drafts: object,
                                                            tmp_path: Path) -> None:
    import docx

    from drafter.render.docx import render_docx

    draft = example_drafts.zh.model_copy(deep=True)  # type: ignore[attr-defined]
    draft.title = "关于\x01加大\x0b支持\x1b[31m力度\ufffe的答复"
    draft.sections[0].sentences[0].text += "\x00\x08"
    path = tmp_path / "x.docx"
    path.write_bytes(render_docx(draft))
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于加大支持[31m力度的答复" in text
    assert doc.core_properties.title == "关于加大支持[31m力度的答复"


def test_a_gbk_file_name_is_drafted_and_recorded(tmp_path: Path, writable_store: Path) -> None:
    from drafter.runlog import RunLog

    name = os.fsdecode("测试提案".encode("gbk") + b".txt")  # a GBK zip unpacked on Linux
    path = tmp_path / name
    path.write_bytes(PROPOSAL.read_bytes())
    result = runner.invoke(app, ["draft", str(path), "--store", str(writable_store), "-o",
                                 str(tmp_path / "r.docx")])
    assert result.exit_code == 0, (result.stderr[-2000:], result.exception)
    records = RunLog(writable_store).read()
    assert "/\\xb2\\xe2\\xca\\xd4\\xcc" in records[-1].proposal["path"]
    result = runner.invoke(app, ["runs", "--store", str(writable_store), "--json"])
    assert result.exit_code == 0 and "\\\\xb2" in result.stdout


def test_a_single_corpus_folder_is_one_folder(tmp_path: Path) -> None:
    from drafter.config import load_settings

    (tmp_path / "c.toml").write_text('corpus = "docs"\nstore = "s"\n', encoding="utf-8")
    settings = load_settings(tmp_path / "c.toml")
    assert settings.corpus == [tmp_path / "docs"] and settings.store == tmp_path / "s"


def test_eval_tables_are_not_unknown_settings(tmp_path: Path) -> None:
    from drafter.config import load_settings

    (tmp_path / "c.toml").write_text('[eval]\nname = "x"\n\n[drafter]\ntop_k = 4\n',
                                     encoding="utf-8")
    assert load_settings(tmp_path / "c.toml").top_k == 4
    (tmp_path / "d.toml").write_text('top_k = 3\n[eval]\nname = "y"\n', encoding="utf-8")
    assert load_settings(tmp_path / "d.toml").top_k == 3


def test_a_library_keyword_that_is_no_setting_is_refused() -> None:
    from drafter.config import load_settings
    from drafter.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown setting 'topk'; did you mean 'top_k'"):
        load_settings(topk=3)


# -- real processes ----------------------------------------------------------------------------

PROCESS_CASES = ["--format md -o x.docx", "--since 2023-13-45", "topk", "check deep JSON",
                 "eval an empty case file", "search -k 0"]


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_real_process_prints_one_line(name: str, tmp_path: Path, store: Path) -> None:
    case = CASES[name]
    if case.setup:
        case.setup(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_RAISE_ERRORS"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "drafter",
                           *[_fill(a, tmp_path, store) for a in case.argv]],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert_one_line(done.returncode, done.stdout, done.stderr, case, tmp_path, store)


def test_real_process_dev_full_after_a_whole_draft(tmp_path: Path, writable_store: Path) -> None:
    case = AFTER_DRAFT["-o /dev/full (md)"]
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_RAISE_ERRORS"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "drafter",
                           *[_fill(a, tmp_path, writable_store) for a in case.argv]],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert_one_line(done.returncode, done.stdout, done.stderr, case, tmp_path, writable_store)
