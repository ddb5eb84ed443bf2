"""The cases of ``bench/bad_input_sweep.py``: bad input of every kind, as command lines.

In ``argv``, ``env`` and ``names``: ``{w}`` is the case's own folder, ``{good}``
the good store every case shares (hashed before and after each case),
``{store}`` a private copy of it (``scratch=True``), ``{p}`` a good proposal,
``{corpus}`` the sample corpus folders, ``{html}``/``{silent}``/``{closed}`` a
loopback server answering an HTML page / never answering / a closed port,
``{llm_*}`` an OpenAI-compatible server answering garbage, 500s, a leak of the
key, or nothing.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPOSAL = ROOT / "corpus" / "examples" / "zh_sme_paren.txt"
CASES_FILE = ROOT / "evals" / "drafting" / "sample.jsonl"
SECRET = "sk-sweep-9f8e7d6c5b4a39281706"

Setup = Callable[[Path], None]
Post = Callable[[Path, str, str], str | None]


@dataclass(frozen=True)
class Case:
    """One command line, the exit codes that are right for it, and what else must hold.

    A case whose right exit code is non-zero must print exactly one non-empty line
    on stderr (``one_line``), holding ``names`` (the file it is about).
    """

    name: str
    kind: str
    argv: tuple[str, ...]
    expect: tuple[int, ...]
    names: str = ""
    setup: Setup | None = None
    env: dict[str, str] = field(default_factory=dict)
    scratch: bool = False
    one_line: bool = True
    post: Post | None = None


# -- files ------------------------------------------------------------------------------------


def write(name: str, data: str | bytes) -> Setup:
    def make(w: Path) -> None:
        path = w / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def both(*steps: Setup) -> Setup:
    def make(w: Path) -> None:
        for step in steps:
            step(w)
    return make


def folder(name: str) -> Setup:
    return lambda w: (w / name).mkdir(parents=True, exist_ok=True)


def link(name: str, target: str) -> Setup:
    def make(w: Path) -> None:
        (w / name).parent.mkdir(parents=True, exist_ok=True)
        (w / name).symlink_to(target.replace("{w}", str(w)))
    return make


def fifo(name: str) -> Setup:
    def make(w: Path) -> None:
        (w / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(w / name)
    return make


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_body(body_xml: str) -> bytes:
    """A real .docx whose document.xml body is ``body_xml`` (compressed: it may be huge)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["x"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, _ = data.decode().partition("<w:body>")
                data = (head + "<w:body>" + body_xml + "</w:body></w:document>").encode()
            archive.writestr(item.filename, data)
    return out.getvalue()


def pdf_bytes(lines: list[str], *, password: str | None = None, text: bool = True) -> bytes:
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
    else:
        pdf.rect(60, 300, 400, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def proposal_text() -> str:
    return PROPOSAL.read_text(encoding="utf-8")


def numbered(n: int, body: str) -> str:
    return "关于加强社区服务的建议\n" + "".join(f"{i}. {body}\n" for i in range(1, n + 1))


GBK_NAME = os.fsdecode("测试提案".encode("gbk") + b".txt")
KOREAN = "중소기업 지원 확대에 관한 제안\n1. 중소기업 대출 이자를 지원하여 주십시오.\n" * 4
RUSSIAN = "Предложение о поддержке малого бизнеса\n1. Увеличить субсидии предприятиям.\n" * 4
DEEP_JSON = "[" * 100_000 + "]" * 100_000


#: Bad files that are bad for their size.
HUGE = frozenset({"50 MB .txt", "15 MB one line", "5,000 recommendations",
                  "3 million empty paragraphs .docx", "deeply nested .html"})


def _bad_files() -> dict[str, tuple[Setup, str, tuple[int, ...]]]:
    """Proposal files: (setup, the path inside the case folder, right exit codes of parse)."""
    p = proposal_text()
    files: dict[str, tuple[Setup, str, tuple[int, ...]]] = {
        "empty .txt": (write("e.txt", ""), "e.txt", (2,)),
        "whitespace .txt": (write("s.txt", " \n\t\n"), "s.txt", (2,)),
        "binary .txt": (write("b.txt", bytes(range(256)) * 64), "b.txt", (2,)),
        "GBK .txt": (write("g.txt", p.encode("gbk")), "g.txt", (0, 2)),
        "UTF-16 .txt": (write("u.txt", p.encode("utf-16")), "u.txt", (0, 2)),
        "NUL bytes in .txt": (write("n.txt", p.replace("。", "\0。")), "n.txt", (0, 2)),
        "truncated .docx": (lambda w: write("t.docx", docx_bytes(p.split("\n"))[:900])(w),
                            "t.docx", (2,)),
        "zip named .docx": (write("z.docx", _zip({"a.txt": b"x"})), "z.docx", (2,)),
        "text named .docx": (write("x.docx", p), "x.docx", (2,)),
        "empty .docx": (lambda w: write("empty.docx", docx_bytes([]))(w), "empty.docx", (2,)),
        "corrupt .pdf": (write("c.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8), "c.pdf", (2,)),
        "scanned .pdf": (lambda w: write("scan.pdf", pdf_bytes([], text=False))(w),
                         "scan.pdf", (2,)),
        "encrypted .pdf": (lambda w: write("enc.pdf", pdf_bytes(["关于"], password="pw"))(w),
                           "enc.pdf", (2,)),
        "empty .html": (write("e.html", ""), "e.html", (2,)),
        "script-only .html": (write("s.html", "<html><script>alert(1)</script></html>"),
                              "s.html", (2,)),
        "deeply nested .html": (write("d.html", "<div>" * 50_000 + "关于" + "</div>" * 50_000),
                                "d.html", (0, 2)),
        "headings-only .md": (write("h.md", "# 一\n## 二\n### 三\n"), "h.md", (0, 2)),
        "unsupported .xlsx": (write("a.xlsx", b"PK\x03\x04"), "a.xlsx", (2,)),
        "a folder": (folder("dir.txt"), "dir.txt", (2,)),
        "a missing file": (lambda w: None, "missing.txt", (2,)),
        "a symlink loop": (both(link("l1.txt", "{w}/l2.txt"), link("l2.txt", "{w}/l1.txt")),
                           "l1.txt", (2,)),
        "a dangling symlink": (link("dangling.txt", "{w}/nowhere.txt"), "dangling.txt", (2,)),
        "a FIFO": (fifo("pipe.txt"), "pipe.txt", (2,)),
        "a Korean proposal": (write("ko.txt", KOREAN), "ko.txt", (2,)),
        "a Russian proposal": (write("ru.txt", RUSSIAN), "ru.txt", (2,)),
        "50 MB .txt": (write("big.txt", p + "加大贷款贴息力度。" * (50 * 2**20 // 27)),
                       "big.txt", (2,)),
        "15 MB one line": (write("line.txt", "关于" + "加大贷款贴息力度，" * (15 * 2**20 // 27)),
                           "line.txt", (0, 2)),
        "5,000 recommendations": (write("many.txt", numbered(5000, "加强社区服务。")),
                                  "many.txt", (0, 2)),
        "3 million empty paragraphs .docx": (
            lambda w: write("paras.docx", docx_with_body("<w:p/>" * 3_000_000))(w),
            "paras.docx", (0, 2)),
    }
    return files


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def file_cases() -> list[Case]:
    """Every bad proposal file through ``parse`` and through ``draft``."""
    out: list[Case] = []
    for label, (setup, name, codes) in _bad_files().items():
        kind = "huge input" if label in HUGE else "proposal file"
        out.append(Case(f"parse {label}", kind, ("parse", f"{{w}}/{name}"), codes,
                        names=name, setup=setup))
        out.append(Case(f"draft {label}", kind,
                        ("draft", f"{{w}}/{name}", "--store", "{store}"), codes, names=name,
                        setup=setup, scratch=True))
    return out


def odd_but_good_cases() -> list[Case]:
    """Input that is odd but right: drafted, exit 0, no traceback."""
    title = proposal_text().replace("关于", "关于\x01\x1b[31m", 1)
    return [
        Case("draft a GBK file name", "path", ("draft", f"{{w}}/{GBK_NAME}", "--store",
             "{store}", "-o", "{w}/r.md"), (0,), setup=write(GBK_NAME, proposal_text()),
             scratch=True),
        Case("draft a title with control characters to .docx", "proposal file",
             ("draft", "{w}/ctl.txt", "--store", "{store}", "-o", "{w}/r.docx"), (0,),
             setup=write("ctl.txt", title), scratch=True),
        Case("draft a title with control characters to md", "proposal file",
             ("draft", "{w}/ctl.txt", "--store", "{store}"), (0,),
             setup=write("ctl.txt", title), scratch=True),
        Case("parse a title with markup and emoji codes", "proposal file",
             ("parse", "{w}/m.txt"), (0,),
             setup=write("m.txt", proposal_text().replace("关于", "[bold]关于:smile:1:100:5", 1))),
        Case("search a query with a terminal escape", "option",
             ("search", "\x1b[2J贷款", "--store", "{good}"), (0,)),
        Case("search a query with markup", "option",
             ("search", "[bold]贷款[/bold]", "--store", "{good}"), (0,)),
        Case("runs of a fresh store", "store state", ("runs", "--store", "{w}/none"), (0,)),
    ]


def output_cases() -> list[Case]:
    """``draft -o``: folders, missing folders, full disks, formats against extensions."""
    d = ("draft", "{p}", "--store", "{store}")
    rows = [
        ("-o a folder", ("-o", "{w}"), (2,), "{w}", None),
        ("-o x.md that is a folder", ("-o", "{w}/x.md"), (2,), "x.md", folder("x.md")),
        ("-o in a missing folder", ("-o", "{w}/no/x.md"), (2,), "no/x.md", None),
        ("-o under a file", ("-o", "{w}/f/x.md"), (2,), "f/x.md", write("f", "x")),
        ("-o /dev/full (md)", ("-o", "/dev/full", "--format", "md"), (1,), "/dev/full", None),
        ("-o /dev/full (json)", ("-o", "/dev/full", "--json"), (1,), "/dev/full", None),
        ("-o /dev/full (docx)", ("-o", "/dev/full", "--format", "docx"), (1,), "/dev/full",
         None),
        ("--format md -o x.docx", ("--format", "md", "-o", "{w}/x.docx"), (2,), "x.docx", None),
        ("--format docx -o x.md", ("--format", "docx", "-o", "{w}/x.md"), (2,), "x.md", None),
        ("--format json -o x.md", ("--format", "json", "-o", "{w}/x.md"), (2,), "x.md", None),
        ("--json -o x.docx", ("--json", "-o", "{w}/x.docx"), (2,), "x.docx", None),
        ("-o x.txt", ("-o", "{w}/x.txt"), (2,), "x.txt", None),
        ("-o x.pdf", ("-o", "{w}/x.pdf"), (2,), "x.pdf", None),
        ("--format pdf", ("--format", "pdf"), (2,), "pdf", None),
        ("--format docx without -o", ("--format", "docx"), (2,), "-o", None),
        ("-o /proc/x.md", ("-o", "/proc/x.md"), (2,), "/proc/x.md", None),
    ]
    return [Case(f"draft {label}", "output path", (*d, *extra), codes, names=names, setup=setup,
                 scratch=True) for label, extra, codes, names, setup in rows]


def search_cases() -> list[Case]:
    """Filters, k and queries of ``search``."""
    s = ("search", "贷款贴息", "--store", "{good}")
    rows = [
        ("--kind proposal", ("--kind", "proposal"), "proposal"),
        ("--kind memo", ("--kind", "memo"), "memo"),
        ("--since 2023-13-45", ("--since", "2023-13-45"), "2023-13-45"),
        ("--until 2023-02-30", ("--until", "2023-02-30"), "2023-02-30"),
        ("--since 2023-00", ("--since", "2023-00"), "2023-00"),
        ("--since 0000", ("--since", "0000"), "0000"),
        ("--since 2023/01/01", ("--since", "2023/01/01"), "2023/01/01"),
        ("--until yesterday", ("--until", "yesterday"), "yesterday"),
        ("-k 0", ("-k", "0"), "-k"),
        ("-k 101", ("-k", "101"), "-k"),
        ("-k abc", ("-k", "abc"), "-k"),
        ("-k -1", ("-k", "-1"), "-k"),
    ]
    out = [Case(f"search {label}", "option", (*s, *extra), (2,), names=names)
           for label, extra, names in rows]
    out += [Case("search an empty query", "option", ("search", "", "--store", "{good}"), (2,),
                 names="query"),
            Case("search a 40,000-character query", "huge input",
                 ("search", "贷款" * 20_000, "--store", "{good}"), (0, 2))]
    return out
