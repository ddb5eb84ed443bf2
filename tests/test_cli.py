"""The command line: contracts, exit codes, one clear line for bad input."""

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

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
ZH = EXAMPLES / "zh_open_source_jianyi.txt"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run the real ``python -m drafter`` in a fresh process."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("DRAFTER_RAISE_ERRORS", None)
    return subprocess.run([sys.executable, "-m", "drafter", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_json_counts_the_recommendations(name: str) -> None:
    result = runner.invoke(app, ["parse", str(EXAMPLES / name), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) >= {"title", "number", "proposers", "recommendations"}
    assert len(body["recommendations"]) == EXPECTED[name]["recommendations"]
    assert body["title"] and body["proposers"], "title and proposers are read from the header"
    if name.startswith("zh"):
        assert body["number"].startswith("第") and body["number"].endswith("号")
    for rec, head in zip(body["recommendations"], EXPECTED[name]["first_chars"], strict=True):
        assert set(rec) >= {"number", "label", "text"}
        assert rec["text"].startswith(head), (rec["text"][:20], head)


def test_search_json_contract(sample_store: Path) -> None:
    result = runner.invoke(app, ["search", "开源孵化基地", "--json", "--store",
                                 str(sample_store), "-k", "3"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["query"] == "开源孵化基地" and 0 < len(body["results"]) <= 3
    hit = body["results"][0]
    assert set(hit) >= {"id", "text", "score", "source"}
    assert set(hit["source"]) >= {"path", "title", "section"}


def test_draft_writes_json_and_markdown(writable_store: Path, tmp_path: Path) -> None:
    out_json = tmp_path / "reply.json"
    result = runner.invoke(app, ["draft", str(ZH), "-o", str(out_json), "--store",
                                 str(writable_store)])
    assert result.exit_code == 0, result.output
    body = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(body["sections"]) == EXPECTED[ZH.name]["recommendations"]
    assert body["sections"][0]["heading"] == "关于建议一"
    result = runner.invoke(app, ["draft", str(ZH), "--store", str(writable_store)])
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("# 关于") and "[^1]:" in result.stdout


def test_draft_with_no_index_indexes_the_corpus_first(tmp_path: Path) -> None:
    (tmp_path / "drafter.toml").write_text(
        f'[drafter]\ncorpus = ["{ROOT / "corpus" / "en"}"]\n', encoding="utf-8")
    result = run_cli("draft", str(EXAMPLES / "en_committee_report.txt"), cwd=tmp_path,
                     env={"DRAFTER_CONFIG": str(tmp_path / "drafter.toml")})
    assert result.returncode == 0, result.stderr
    assert "indexing" in result.stderr
    assert "Recommendation 1" in result.stdout
    assert (tmp_path / ".drafter" / "manifest.json").exists()


BAD_INPUTS = {
    "missing": None,
    "empty.txt": b"",
    "blank.txt": b"  \n\t \n",
    "binary.txt": bytes(range(256)) * 40,
    "notes.xyz": "建议一：加强支持。".encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_proposals_get_one_line_and_exit_2(name: str, tmp_path: Path,
                                               writable_store: Path) -> None:
    path = tmp_path / name
    if BAD_INPUTS[name] is not None:
        path.write_bytes(BAD_INPUTS[name])  # type: ignore[arg-type]
    before = (writable_store / "manifest.json").read_bytes()
    for command in (["parse", str(path)], ["draft", str(path), "--store", str(writable_store)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
        assert len(lines) == 1 and name in lines[0], result.stderr
        assert "Traceback" not in result.output
    assert (writable_store / "manifest.json").read_bytes() == before


def test_index_of_a_folder_without_documents_exits_2(tmp_path: Path,
                                                     writable_store: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "image.png").write_bytes(b"\x89PNG\r\n")
    before = (writable_store / "manifest.json").read_bytes()
    result = run_cli("index", str(empty), "--store", str(writable_store), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "no documents" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (writable_store / "manifest.json").read_bytes() == before


def test_directory_given_as_proposal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 2 and str(tmp_path) in result.stderr


def test_draft_with_no_index_and_no_corpus_says_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["draft", str(ZH), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "drafter index" in lines[0] and "no corpus" in lines[0]
    assert not (tmp_path / "s" / "manifest.json").exists()


def test_search_filters_and_bad_filter_values(sample_store: Path) -> None:
    result = runner.invoke(app, ["search", "开源", "--kind", "policy", "--since", "2022",
                                 "--json", "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    results = json.loads(result.output)["results"]
    assert results and all(r["source"]["kind"] == "policy" for r in results)
    assert all(r["source"]["date"] >= "2022" for r in results)
    assert all({"relevance", "corroborated_by", "via", "superseded_by"} <= set(r) for r in results)
    bad = runner.invoke(app, ["search", "开源", "--until", "2023/05", "--store", str(sample_store)])
    assert bad.exit_code == 2
    assert "--until '2023/05' is not a date" in bad.output
    assert len(bad.output.strip().splitlines()) == 1


def test_draft_writes_a_docx(writable_store: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "reply.docx"
    result = runner.invoke(app, ["draft", str(EXAMPLES / "zh_talent_yi.txt"), "--store",
                                 str(writable_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "关于建议一" in texts and any(t.startswith("尊敬的") for t in texts)
    assert len(list(document.comments)) >= 4  # the cited sentences carry their sources


@pytest.mark.parametrize("args, message", [
    (["--format", "docx"], "a .docx draft needs a file: -o reply.docx"),
    (["--format", "pdf"], "unknown format 'pdf'"),
    (["-o", "no-such-folder/reply.docx"], "the output folder does not exist"),
])
def test_draft_output_problems_are_found_before_drafting(args: list[str], message: str,
                                                         tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(EXAMPLES / "zh_talent_yi.txt"), "--store",
                                 str(tmp_path / "no-store"), *args])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "no-store").exists()  # nothing was indexed or drafted
