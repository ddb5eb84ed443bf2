"""Malformed input through the real CLI: one clear line and exit 2, or a correct parse.

Every case is a file (or something at a path) that an office might feed to
``drafter parse``.  The expectation says which outcome is right: ``Refused``
(exit 2, exactly one non-empty line on stderr that names the file and says
what is wrong, no traceback, nothing on stdout) or ``Parsed`` (exit 0 and a
check on the JSON).  A few run through a real ``python -m drafter`` process
too, to prove that nothing prints a traceback outside the test runner.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from drafter.cli import app

SEED_TEXT = Path(__file__).resolve().parents[1] / "corpus" / "examples" / "zh_sme_paren.txt"


def proposal_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Refused:
    """Exit 2 with one line naming the file that contains every one of ``words``."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Parsed:
    """Exit 0; ``check`` gets the JSON of the parse."""

    check: Callable[[dict[str, Any]], None]


Make = Callable[[Path], Path]


def _write(name: str, data: bytes | str, encoding: str = "utf-8") -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        return path

    return make


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(lines: list[str], password: str | None = None, text: bool = True) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    if text:
        pdf.setFont("STSong-Light", 12)
        for n, line in enumerate(lines):
            pdf.drawString(60, 780 - 20 * n, line)
    else:  # a scan: only a picture, no text layer
        pdf.setFillGray(0.3)
        pdf.rect(60, 300, 400, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _big_file(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    paragraph = (
        "加大对中小企业贷款贴息和融资担保费补贴力度，扩大应急转贷资金规模。" * 20 + "\n"
    ).encode()
    with path.open("wb") as out:
        out.write(proposal_text().encode())
        for _ in range(50 * 2**20 // len(paragraph) + 1):
            out.write(paragraph)
    return path


def _symlink_loop(tmp: Path) -> Path:
    a, b = tmp / "a.txt", tmp / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _dangling(tmp: Path) -> Path:
    link = tmp / "gone.txt"
    link.symlink_to(tmp / "moved-away.txt")
    return link


def _unreadable(tmp: Path) -> Path:
    path = _write("locked.txt", proposal_text())(tmp)
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who can read any file (root)")
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "proposals.txt"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.txt"
    os.mkfifo(path)
    return path


def _numbered(count: int, body: str) -> str:
    items = "\n".join(f"{n}. 第{n}项建议：{body}" for n in range(1, count + 1))
    return f"关于多项民生实事的建议\n\n提案人：张三委员\n\n为此，建议：\n{items}\n"


def _count(n: int, found: bool = True) -> Callable[[dict[str, Any]], None]:
    def check(data: dict[str, Any]) -> None:
        assert len(data["recommendations"]) == n
        assert data["numbering_found"] is found
        assert all(rec["text"].strip() for rec in data["recommendations"])

    return check


def _has(data: dict[str, Any], words: str) -> None:
    assert any(words in rec["text"] for rec in data["recommendations"])


def _same_as_utf8(data: dict[str, Any]) -> None:
    firsts = [rec["text"][:8] for rec in data["recommendations"]]
    assert firsts == ["完善中小企业融资", "用好知识产权质押", "加快推动中小企业"]
    assert data["title"] == "关于加大中小企业融资和数字化转型支持力度的建议"


def _long_recommendation(data: dict[str, Any]) -> None:
    texts = [rec["text"] for rec in data["recommendations"]]
    assert len(texts) == 2 and len(texts[0]) >= 100_000 and texts[1].startswith("建立")


def _restarting(data: dict[str, Any]) -> None:
    texts = [rec["text"][:6] for rec in data["recommendations"]]
    assert texts == ["加快建设社区", "加强养老护理", "完善养老服务"]


def _one_unnumbered(data: dict[str, Any]) -> None:
    assert len(data["recommendations"]) == 1 and data["numbering_found"] is False
    assert len(data["recommendations"][0]["text"]) >= 100_000


def _title_is_the_recommendation(data: dict[str, Any]) -> None:
    assert data["numbering_found"] is False
    assert [r["text"] for r in data["recommendations"]] == ["关于在云岭路口增设红绿灯的建议"]


RESTARTING = """关于加强社区养老服务的建议

一、基本情况
1. 我区60岁以上老人已达8.6万人，占户籍人口的21%。
2. 全区现有社区养老服务中心12个。
二、存在问题
1. 服务设施不足，部分街道尚无日间照料中心。
2. 专业护理人员缺乏，流动性大。
三、建议
1. 加快建设社区养老服务设施。每个街道至少建成一个日间照料中心。
2. 加强养老护理人才培养。对取得职业资格的护理员给予补贴。
3. 完善养老服务补贴制度。将失能老人纳入补贴范围。
"""
RNG = random.Random(20240601)
NOISE = RNG.randbytes(8192)
HIGH_NOISE = bytes(RNG.randrange(0x80, 0x100) for _ in range(8192))
EBCDIC = "Recommendation 1: the Council should publish its plan. " * 20

CASES: dict[str, tuple[Make, Refused | Parsed]] = {
    "empty": (_write("empty.txt", b""), Refused(("is empty",))),
    "only whitespace": (_write("blank.txt", " \n\t\u3000\n\r\n  "), Refused(("no text",))),
    "only NUL bytes": (_write("zeros.txt", b"\x00" * 4096), Refused(("no text",))),
    "binary data named .txt": (_write("noise.txt", NOISE), Refused(("binary",))),
    "random high bytes, unknown encoding": (
        _write("mojibake.txt", HIGH_NOISE),
        Refused(("encoding",)),
    ),
    "scrambled bytes, unknown encoding": (
        _write("scrambled.txt", bytes(b ^ 0x33 for b in proposal_text().encode())),
        Refused(("cannot be decoded",)),
    ),
    "EBCDIC text (an encoding charset-normalizer knows)": (
        _write("mainframe.txt", EBCDIC, "cp500"),
        Parsed(lambda data: _has(data, "the Council should publish its plan")),
    ),
    "truncated .docx": (
        _write("cut.docx", _docx_bytes(proposal_text())[:3000]),
        Refused(("not a readable .docx", "corrupt or truncated")),
    ),
    ".docx that is a zip of junk": (
        _write("junk.docx", _zip_bytes({"a.bin": NOISE, "b.txt": b"hello"})),
        Refused(("not a readable .docx",)),
    ),
    ".docx that is plain text": (
        _write("text.docx", proposal_text()),
        Refused(("not a readable .docx",)),
    ),
    ".docx with no text": (_write("blank.docx", _docx_bytes("")), Refused(("no text",))),
    ".pdf with no text layer": (
        _write("scan.pdf", _pdf_bytes([], text=False)),
        Refused(("no text layer", "OCR is not supported")),
    ),
    "corrupt .pdf": (
        _write("broken.pdf", b"%PDF-1.7\n" + NOISE),
        Refused(("not a readable PDF",)),
    ),
    "encrypted .pdf": (
        _write("secret.pdf", _pdf_bytes(["关于建议一：加强服务。"], password="s3cret")),
        Refused(("encrypted PDF",)),
    ),
    "50 MB text file": (_big_file, Refused(("MB limit",))),
    "a directory": (_directory, Refused(("is a directory",))),
    "a symlink loop": (_symlink_loop, Refused(("symbolic link loop",))),
    "a dangling symlink": (_dangling, Refused(("broken symbolic link",))),
    "a missing file": (lambda tmp: tmp / "nowhere.txt", Refused(("not found",))),
    "a file without read permission": (_unreadable, Refused(("cannot be read",))),
    "a named pipe": (_fifo, Refused(("not a regular file",))),
    "old binary .doc": (
        _write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + NOISE),
        Refused(("old binary Office file", "save it as .docx")),
    ),
    ".doc holding plain text": (
        _write("plain.doc", proposal_text()),
        Refused(("unsupported file type '.doc'", "save it as .docx")),
    ),
    ".xls spreadsheet": (
        _write("table.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + NOISE),
        Refused(("old binary Office file",)),
    ),
    ".xlsx spreadsheet": (
        _write("table.xlsx", _zip_bytes({"xl/workbook.xml": b"<workbook/>"})),
        Refused(("ZIP archive",)),
    ),
    ".png image": (
        _write("photo.png", b"\x89PNG\r\n\x1a\n" + NOISE),
        Refused(("image", "OCR is not supported")),
    ),
    "a zip archive named .txt": (
        _write("bundle.txt", _zip_bytes({"a.txt": b"hello"})),
        Refused(("ZIP archive",)),
    ),
    "HTML with only scripts and styles": (
        _write(
            "script.html",
            "<html><head><style>p{}</style></head><body><script>"
            "var a = '建议一：不是正文';</script><noscript>请启用脚本</noscript></body></html>",
        ),
        Refused(("no text",)),
    ),  # fmt: skip
    "HTML with only navigation": (
        _write("nav.html", "<body><nav>首页 | 提案</nav><footer>版权所有</footer></body>"),
        Refused(("no text",)),
    ),
    ".md with only markdown syntax": (
        _write("syntax.md", "#\n\n---\n\n* \n\n```\n```\n\n> \n\n| | |\n|---|---|\n"),
        Refused(("no text",)),
    ),
    "only header fields": (
        _write("fields.txt", "提案人：张三委员\n提案编号：第123号\n界别：经济界\n"),
        Refused(("header but no text",)),
    ),
    "only numbering labels": (
        _write("labels.txt", "一、\n二、\n三、\n"),
        Refused(("not look like a proposal",)),
    ),
    "symbols only": (_write("symbols.txt", "。，、；：？！…—" * 50), Refused(("not look like",))),
    "only a title": (
        _write("title.txt", "关于在云岭路口增设红绿灯的建议\n"),
        Parsed(_title_is_the_recommendation),
    ),
    "200 recommendations": (
        _write("many.txt", _numbered(200, "加强社区服务，完善配套设施。")),
        Parsed(_count(200)),
    ),
    "a recommendation of 100,000 characters": (
        _write(
            "long.txt",
            "关于加强社区服务的建议\n\n建议如下：\n一、完善社区配套设施。"
            + "加强社区服务，完善配套设施，" * 7200
            + "\n二、建立长效管护机制。\n",
        ),
        Parsed(_long_recommendation),
    ),
    "mixed numbering that restarts": (_write("restart.txt", RESTARTING), Parsed(_restarting)),
    "one long line without punctuation": (
        _write("line.txt", "加强社区养老服务设施建设" * 20_000),
        Parsed(_one_unnumbered),
    ),
    "UTF-16 without BOM": (
        lambda tmp: _write("nobom.txt", proposal_text(), "utf-16-le")(tmp),
        Parsed(_same_as_utf8),
    ),
    "UTF-16 big-endian without BOM": (
        lambda tmp: _write("nobom-be.txt", proposal_text(), "utf-16-be")(tmp),
        Parsed(_same_as_utf8),
    ),
    "NUL bytes in the middle": (
        lambda tmp: _write(
            "nul.txt",
            proposal_text().encode()[:600] + b"\x00" * 64 + proposal_text().encode()[600:],
        )(tmp),
        Parsed(_same_as_utf8),
    ),
    "old Mac line endings (CR only)": (
        _write("cr.txt", proposal_text().replace("\n", "\r")),
        Parsed(_same_as_utf8),
    ),
    "GBK with CRLF": (
        _write("gbk.txt", proposal_text().replace("\n", "\r\n"), "gbk"),
        Parsed(_same_as_utf8),
    ),
    "a PDF named .txt": (
        _write("export.txt", _pdf_bytes(["关于建议一：加强社区服务。", "建议二：完善配套设施。"])),
        Parsed(_count(2)),
    ),
    "a .docx named .doc": (
        _write("renamed.doc", _docx_bytes(proposal_text())),
        Parsed(_same_as_utf8),
    ),
    "an HTML page named .txt": (
        _write("saved.txt", f"<!DOCTYPE html><html><body><p>{proposal_text()}</p></body></html>"),
        Parsed(lambda data: None),
    ),
}


PARSER_GAPS: dict[str, str] = {}  # cases the proposal parser does not handle yet


def run_cli(path: Path) -> Any:
    return CliRunner().invoke(app, ["parse", str(path), "--json"])


def assert_refused(path: Path, code: int, stdout: str, stderr: str, words: tuple[str, ...]) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert code == 2, (code, stdout[:500], stderr[:2000])
    assert len(lines) == 1, stderr[:2000]
    assert "Traceback" not in stderr and not stdout.strip()
    assert str(path) in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(reason=PARSER_GAPS[case], strict=False))
        if case in PARSER_GAPS
        else case
        for case in CASES
    ],
)
def test_bad_input(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    path = make(tmp_path)
    result = run_cli(path)
    if isinstance(expected, Refused):
        assert_refused(path, result.exit_code, result.stdout, result.stderr, expected.words)
    else:
        assert result.exit_code == 0, (result.exit_code, result.stderr[:2000], result.exception)
        expected.check(json.loads(result.stdout))


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert sum(isinstance(e, Refused) for _, e in CASES.values()) >= 20


@pytest.mark.parametrize("name", ["[bold]草稿[red].txt", "草稿[/x].txt"])
def test_file_name_with_brackets_is_named_as_is(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # "草稿[/x].txt" is the file "x].txt" in a folder "草稿["
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    result = run_cli(path)
    assert_refused(path, result.exit_code, result.stdout, result.stderr, ("is empty",))


SUBPROCESS_CASES = [
    "empty",
    "binary data named .txt",
    "truncated .docx",
    ".pdf with no text layer",
    "corrupt .pdf",
    "a symlink loop",
    "a directory",
    "50 MB text file",
]


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_real_process_prints_one_line_and_no_traceback(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    assert isinstance(expected, Refused)
    path = make(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_RAISE_ERRORS"}
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "parse", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert_refused(path, done.returncode, done.stdout, done.stderr, expected.words)


def test_real_process_parses_a_good_file(tmp_path: Path) -> None:
    path = _write("many.txt", _numbered(200, "加强社区服务。"))(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr[:2000]
    assert len(json.loads(done.stdout)["recommendations"]) == 200
