"""Document text reaches Markdown and the terminal as text.

Markdown: HTML in a title, a sentence, a heading, a note or a source shows as
text once rendered (checked with markdown-it, the CommonMark parser rich
ships), and text cannot forge the structure drafter writes: footnotes,
images, links, bold headings, headings.  Terminal: escape sequences and
control characters from a document are stripped, ``1:100:5`` stays digits and
``[bold]`` stays brackets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from drafter._safe_text import json_terminal, markdown_text, terminal_text
from drafter.cli import app
from drafter.types import DraftReply
from tests.conftest import ExampleDrafts

runner = CliRunner()
SCRIPT = "<script>alert('x')</script>"
IMAGE = "![pixel](http://evil.example/p.png)"
LINK = "[click](javascript:alert(1))"
ESC = "\x1b[2J\x1b]0;pwned\x07\x9b31m"


def _hostile(draft: DraftReply) -> DraftReply:
    """A copy of ``draft`` whose document- and model-made text carries HTML and Markdown."""
    hostile = draft.model_copy(deep=True)
    hostile.title = f"关于{SCRIPT}的提案\n# forged heading"
    first = hostile.sections[0]
    first.sentences[0].text += f" {SCRIPT} <img src=x onerror=alert(1)> {IMAGE} {LINK} [^99] `x"
    first.sentences[-1].text += " ** <b>bold</b> &lt; R&D"
    hostile.editor_notes.append(f"{SCRIPT} note {ESC}")
    hostile.closing = "- forged list item\n---"
    for ev in hostile.evidence.values():
        ev.text += f" <iframe src=//evil></iframe> {ESC}"
        ev.source.title += "<style>body{display:none}</style>"
    return hostile


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def _check(draft: DraftReply) -> None:
    original = draft.to_markdown()
    markdown = _hostile(draft).to_markdown()
    html = _html(markdown)
    for tag in ("<script", "<img", "<iframe", "<style", "<b>", 'href="javascript'):
        assert tag not in html, tag
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html  # shown, as text
    assert "\x1b" not in markdown and "\x9b" not in markdown and "\x07" not in markdown
    # drafter's own structure is unchanged: one title, the same bold headings and footnotes.
    assert len(re.findall(r"^# ", markdown, re.M)) == 1
    assert html.count("<h1>") == _html(original).count("<h1>") == 1
    assert html.count("<h2>") == _html(original).count("<h2>")
    assert html.count("<strong>") == _html(original).count("<strong>")
    assert html.count("<li>") == _html(original).count("<li>") + 1  # the note added
    assert html.count("<hr") == _html(original).count("<hr")
    footnotes = re.findall(r"^\[\^(\d+)\]: ", markdown, re.M)
    assert footnotes == re.findall(r"^\[\^(\d+)\]: ", original, re.M)
    assert "\\[^99]" in markdown and not re.search(r"(?<!\\)\[\^99\]", markdown)
    assert "R&D" in markdown and "&amp;lt;" in markdown  # text as typed


def test_markdown_escapes_html_and_keeps_its_structure_zh(example_drafts: ExampleDrafts) -> None:
    _check(example_drafts.zh)


def test_markdown_escapes_html_and_keeps_its_structure_en(example_drafts: ExampleDrafts) -> None:
    _check(example_drafts.en)


def test_ordinary_markdown_is_unchanged(example_drafts: ExampleDrafts) -> None:
    """Official text (Chinese, English, amounts, paths) reads as it did."""
    for text in ("区财政安排专项资金2500万元（含配套）。",
                 "The Council will invest £1.2m in 2024-25.",
                 "corpus/policies/yunling_ip_support_measures_2022.txt", "R&D, 50% of costs"):
        assert markdown_text(text) == text
    assert example_drafts.zh.to_markdown().count("**关于建议") == 4


def test_terminal_text_strips_escape_sequences_and_controls() -> None:
    assert terminal_text(f"a{ESC}b\tc\nd\re\u202eZ") == "ab\tc\nd eZ"
    assert json_terminal('"a\x9bb\x7f"') == '"a\\u009bb\\u007f"'
    assert json.loads(json_terminal(json.dumps("a\x9bb", ensure_ascii=False))) == "a\x9bb"


def _proposal(tmp_path: Path) -> Path:
    path = tmp_path / "p.txt"
    path.write_text(f"关于比例1:100:5与[bold]加粗[/bold]{ESC}的提案\n\n"
                    "区政协六届四次会议　第20240156号\n提案人：马文博委员\n\n"
                    + "软件产业是人才密集型产业，人才是我区建设软件产业的第一资源。" * 12
                    + "\n\n"
                    "建议如下：\n一、加大人才引进力度[red]x[/red] :thumbs_up:。\n"
                    "二、完善人才安居保障。\n", encoding="utf-8")
    return path


def test_parse_prints_document_text_as_text(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(_proposal(tmp_path))])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1:100:5" in out and "💯" not in out and "👍" not in out and ":thumbs_up:" in out
    assert "[bold]加粗[/bold]" in out and "[red]x[/red]" in out
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out


def test_parse_json_escapes_c1_controls(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(_proposal(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    assert "\x9b" not in result.stdout and "\x1b" not in result.stdout
    assert "\x9b" in json.loads(result.stdout)["title"]  # the data itself is kept


def test_an_error_naming_a_hostile_file_prints_no_escape(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / f"no{ESC}:100:[b]x.txt")])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x9b" not in result.output
    assert ":100:[b]x.txt" in result.output
