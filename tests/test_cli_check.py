"""``drafter check``: an edited draft's facts against its sources; exit 1 on an unsupported one."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def test_check_an_edited_draft(writable_store: Path, tmp_path: Path) -> None:
    draft = tmp_path / "reply.md"
    made = runner.invoke(app, ["draft", str(EXAMPLES / "zh_talent_yi.txt"), "--store",
                               str(writable_store), "-o", str(draft)])
    assert made.exit_code == 0, made.output
    clean = runner.invoke(app, ["check", str(draft), "--store", str(writable_store)])
    assert clean.exit_code == 0, clean.output
    assert "unsupported:" not in clean.output and "sentences" in clean.output

    text = draft.read_text(encoding="utf-8")
    assert "15万元" in text
    draft.write_text(text.replace("15万元", "20万元", 1), encoding="utf-8")
    edited = runner.invoke(app, ["check", str(draft), "--store", str(writable_store)])
    assert edited.exit_code == 1, edited.output
    assert "unsupported: 20万元 — 关于建议一" in edited.output

    as_json = runner.invoke(app, ["check", str(draft), "--store", str(writable_store), "--json"])
    assert as_json.exit_code == 1
    report = json.loads(as_json.output)
    assert [u["fact"] for u in report["unsupported_facts"]] == ["20万元"]
    assert {"text", "supported", "unsupported_facts", "citations"} <= set(report["sentences"][0])


def test_check_a_missing_or_unreadable_file_is_bad_input(writable_store: Path,
                                                          tmp_path: Path) -> None:
    missing = runner.invoke(app, ["check", str(tmp_path / "none.md"), "--store",
                                  str(writable_store)])
    assert missing.exit_code == 2 and "none.md: no such file" in missing.output
    (tmp_path / "reply.docx").write_bytes(b"PK\x03\x04 not really")
    wrong = runner.invoke(app, ["check", str(tmp_path / "reply.docx"), "--store",
                                str(writable_store)])
    assert wrong.exit_code == 2 and "reply.docx" in wrong.output
    assert "Traceback" not in missing.output + wrong.output
