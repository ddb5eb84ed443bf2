"""The same proposal in every format an office receives gives the same parse.

Each proposal is written out as .txt (UTF-8, UTF-8 with BOM, GBK, UTF-16 LE
and BE with BOM), .md, .docx (header fields in a form table; once with the
numbering typed, once as Word's automatic list numbering), .pdf (a real text
layer in a CJK font, a running header, page numbers and a page break in the
middle of a sentence) and .html (a platform page with navigation, scripts,
styles and hidden elements), and ``drafter parse FILE --json`` must find the
same recommendations, number for number and character for character.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from typer.testing import CliRunner

from drafter.cli import app
from drafter.ingest import read_text

EXAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "examples"

ELDERLY = """关于提升老旧小区适老化改造水平的建议

区六届人大四次会议第72号建议
领衔代表：黄明远
附议代表：林晓、郑家豪、马丽娟

截至2023年底，我区建成于2000年以前的老旧小区共186个，涉及居民4.2万户，其中60岁以上老年人占比超过27%。\
近三年全区已完成老旧小区综合整治71个，但改造内容以管网、外立面和道路为主，加装电梯、无障碍通道、扶手、\
适老化照明等与老年人日常出行密切相关的项目覆盖不足，不少高龄老人长期“悬空”在楼上，下楼就医、买菜十分困难。

为此，建议：

1、将适老化改造纳入老旧小区改造必选内容。一是把加装电梯、坡道和楼梯扶手列入改造清单；二是对出入口、\
单元门厅和公共通道统一进行无障碍改造；三是在小区内合理布设休息座椅和夜间照明。

2、建立适老化改造资金多元投入机制。在用好中央和省级补助资金的基础上，区财政按每部电梯不超过20万元给予补贴，\
同时引导住房公积金、专项维修资金和社会资本参与，探索“居民出一点、企业让一点、政府补一点”的分担办法，\
对低保家庭、特困老人和失能老人家庭给予全额补助，让改造资金不再成为居民意见难以统一的主要障碍，\
并由街道牵头建立加装电梯协调机制，及时化解低层住户与高层住户之间的矛盾纠纷。

3、完善改造后的长效管护。明确电梯等设施的产权和维保责任，推行“物业+保险”维保模式，\
将适老化设施运行情况纳入社区日常巡查。
"""


def _example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


PROPOSALS: dict[str, Callable[[], str]] = {
    "jianyi": lambda: _example("zh_open_source_jianyi.txt"),
    "paren": lambda: _example("zh_sme_paren.txt"),
    "elderly": lambda: ELDERLY,
    "english": lambda: _example("en_committee_report.txt"),
}
"""name → text; each has numbered recommendations of another style."""
EXPECTED_COUNTS = {"jianyi": 6, "paren": 3, "elderly": 3, "english": 4}
LIST_STYLES = {  # the typed label, and the same as Word list numbering (numFmt, lvlText)
    "jianyi": (r"建议[一二三四五六七八九十]+：", "chineseCounting", "建议%1："),
    "paren": (r"（[一二三四五六七八九十]+）", "chineseCounting", "（%1）"),
    "elderly": (r"\d+、", "decimal", "%1、"),
    "english": (r"Recommendation \d+: ", "decimal", "Recommendation %1:"),
}
FIELD = re.compile(r"^(提案编号|会议届次|提案人|界别|主办单位|会办单位|领衔代表|附议代表)：(.+)$")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# --- writers: one proposal text → one file ------------------------------------------


def write_text(path: Path, text: str, encoding: str) -> None:
    if encoding == "gbk":
        try:
            data = text.encode("gbk")
        except UnicodeEncodeError:  # "2023–24": the en dash is in GB18030 only
            data = text.encode("gb18030")
    elif encoding in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        data = bom + text.encode(encoding)
    else:
        data = text.encode(encoding)
    path.write_bytes(data.replace(b"\n", b"\r\n") if encoding == "gbk" else data)


def write_markdown(path: Path, text: str) -> None:
    lines = paragraphs(text)
    out = [f"# {lines[0]}", ""]
    for line in lines[1:]:
        if FIELD.match(line):
            key, value = FIELD.match(line).groups()  # type: ignore[union-attr]
            out += [f"- **{key}**：{value}"]
            continue
        heading = len(line) < 30 and not line.endswith(("。", "."))
        out += ["", f"## {line}" if heading else line, ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _add_list(document: Any, num_fmt: str, lvl_text: str) -> int:
    """Add a one-level list definition to the document; return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(
        qn("w:abstractNum")))  # fmt: skip
    num_id = 1 + max([int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))] + [0])
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{num_fmt}"/><w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
        "</w:lvl></w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum comes before the nums
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return num_id


def write_docx(path: Path, text: str, list_style: tuple[str, str, str] | None = None) -> None:
    """Title and body as paragraphs, the header fields as a form table (two per row)."""
    document = docx.Document()
    lines = paragraphs(text)
    fields = [FIELD.match(line).groups() for line in lines if FIELD.match(line)]  # type: ignore[union-attr]
    num_id = _add_list(document, *list_style[1:]) if list_style else 0
    table_done = False
    for line in lines:
        if FIELD.match(line):
            if not table_done:
                table = document.add_table(rows=(len(fields) + 1) // 2, cols=4)
                for i, (key, value) in enumerate(fields):
                    table.cell(i // 2, 2 * (i % 2)).text = key
                    table.cell(i // 2, 2 * (i % 2) + 1).text = value
                table_done = True
            continue
        label = re.match(list_style[0], line) if list_style else None
        if label:
            paragraph = document.add_paragraph(line[label.end() :].lstrip())
            numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = 0
            numpr.get_or_add_numId().val = num_id
        else:
            document.add_paragraph(line)
    document.save(str(path))


def _wrap(line: str, english: bool) -> list[str]:
    if not english:
        return [line[i : i + 30] for i in range(0, len(line), 30)]
    out, current = [], ""
    for word in line.split():
        if current and len(current) + 1 + len(word) > 90:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current]


def pdf_pages(text: str) -> list[list[str]]:
    """The printed lines of each page; the first page ends in the middle of a sentence."""
    english = not re.search(r"[\u4e00-\u9fff]", text)
    printed: list[tuple[str, bool]] = []  # (line, ends its paragraph)
    for paragraph in paragraphs(text):
        wrapped = _wrap(paragraph, english)
        printed += [(line, n == len(wrapped) - 1) for n, line in enumerate(wrapped)]
    long_paragraph = max(range(len(printed) - 1), key=lambda n: (not printed[n][1], -n))
    first = max(i for i in range(long_paragraph + 1) if not printed[i][1] or i == 0)
    lines = [line for line, _ in printed]
    pages = [lines[: first + 1]]
    pages += [lines[i : i + 30] for i in range(first + 1, len(lines), 30)]
    return pages


def write_pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    english = not re.search(r"[\u4e00-\u9fff]", text)
    font, size, step = ("Helvetica", 10, 16) if english else ("STSong-Light", 14, 22)
    header = "Scrutiny Committee report" if english else "云岭区政协提案 （内部资料）"
    pages = pdf_pages(text)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(pages, 1):
        pdf.setFont(font, 9)
        pdf.drawString(60, 805, header)
        pdf.setFont(font, size)
        y = 770
        for line in lines:
            pdf.drawString(60, y, line)
            y -= step
        pdf.setFont(font, 9)
        footer = f"Page {number} of {len(pages)}" if english else f"— {number} —"
        pdf.drawCentredString(297, 30, footer)
        pdf.showPage()
    pdf.save()


def write_html(path: Path, text: str) -> None:
    """A page as saved from a proposal platform: chrome, scripts and styles around it."""
    lines = paragraphs(text)
    fields = [FIELD.match(line).groups() for line in lines if FIELD.match(line)]  # type: ignore[union-attr]
    rows = "".join(
        "<tr>" + "".join(f"<th>{k}</th><td>{html.escape(v)}</td>" for k, v in fields[i : i + 2])
        + "</tr>"
        for i in range(0, len(fields), 2)
    )  # fmt: skip
    body = [f"<h1 class='title'>{html.escape(lines[0])}</h1>"]
    if rows:
        body.append(f"<table class='form'>{rows}</table>")
    for line in lines[1:]:
        if not FIELD.match(line):
            body.append(f"<p style='text-indent:2em'>&#12288;&#12288;{html.escape(line)}</p>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(lines[0])} - 提案办理平台</title>
<style>.nav li {{ display: inline }} p {{ line-height: 2 }}</style>
<script>var fake = "建议一：这是脚本里的文字，不是建议。";</script>
</head><body>
<div id="top-nav" class="site-nav"><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/ta">提案工作</a></li><li><a href="/jy">建议办理</a></li></ul></div>
<nav><a href="/help">使用帮助</a> | <a href="/login">登录</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 提案查询 &gt; 提案详情</div>
<div class="content">
{chr(10).join(body)}
</div>
<div style="display:none">建议二：隐藏的文字</div>
<div class="share-bar">分享到：微信 微博</div>
<footer>版权所有 © 云岭区政协办公室 技术支持：某某公司</footer>
<script type="text/javascript">console.log("（一）统计代码");</script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


FORMATS: dict[str, Callable[[Path, str, str], None]] = {
    "utf-8.txt": lambda p, t, n: write_text(p, t, "utf-8"),
    "utf-8-bom.txt": lambda p, t, n: write_text(p, t, "utf-8-sig"),
    "gbk.txt": lambda p, t, n: write_text(p, t, "gbk"),
    "utf-16-le.txt": lambda p, t, n: write_text(p, t, "utf-16-le"),
    "utf-16-be.txt": lambda p, t, n: write_text(p, t, "utf-16-be"),
    "md": lambda p, t, n: write_markdown(p, t),
    "docx": lambda p, t, n: write_docx(p, t),
    "list.docx": lambda p, t, n: write_docx(p, t, LIST_STYLES[n]),
    "pdf": lambda p, t, n: write_pdf(p, t),
    "html": lambda p, t, n: write_html(p, t),
}


# --- the checks ---------------------------------------------------------------------


def parse_json(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def recommendations(data: dict[str, Any]) -> list[tuple[int, str]]:
    return [(rec["number"], rec["text"]) for rec in data["recommendations"]]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("baseline")
    out = {}
    for name, text in PROPOSALS.items():
        path = folder / f"{name}.txt"
        write_text(path, text(), "utf-8")
        out[name] = parse_json(path)
    return out


@pytest.mark.parametrize("name", PROPOSALS)
def test_baseline_finds_every_recommendation(
    baselines: dict[str, dict[str, Any]], name: str
) -> None:
    data = baselines[name]
    assert len(data["recommendations"]) == EXPECTED_COUNTS[name]
    assert data["numbering_found"] is True


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", PROPOSALS)
def test_every_format_gives_the_same_recommendations(
    tmp_path: Path, baselines: dict[str, dict[str, Any]], name: str, fmt: str
) -> None:
    path = tmp_path / f"{name}.{fmt}"
    FORMATS[fmt](path, PROPOSALS[name](), name)
    data = parse_json(path)
    expected = baselines[name]
    assert recommendations(data) == recommendations(expected)
    assert (data["title"], data["number"], data["proposers"]) == (
        expected["title"],
        expected["number"],
        expected["proposers"],
    )


@pytest.mark.parametrize("name", PROPOSALS)
def test_pdf_page_break_falls_mid_sentence_and_is_repaired(tmp_path: Path, name: str) -> None:
    text = PROPOSALS[name]()
    pages = pdf_pages(text)
    last = pages[0][-1]
    assert len(pages) >= 2 and not last.endswith(("。", ".", "：", ":", "；"))
    path = tmp_path / f"{name}.pdf"
    write_pdf(path, text)
    loaded = read_text(path)
    joint = last[-4:] + pages[1][0][:4]
    assert joint in loaded.replace(" ", "") or joint.replace(" ", "") in loaded.replace(" ", "")
    assert "—" not in loaded.replace("——", "") and "Page 1 of" not in loaded
    assert "云岭区政协提案" not in loaded and "Scrutiny Committee report" not in loaded


def test_html_chrome_scripts_and_hidden_text_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    write_html(path, PROPOSALS["jianyi"]())
    loaded = read_text(path)
    for noise in ("首页", "登录", "当前位置", "脚本里", "隐藏", "分享到", "版权所有", "统计代码"):
        assert noise not in loaded
    assert loaded.split("\n")[:3] == [
        "关于加快开源产业发展的建议",
        "提案编号：第20240123号",
        "会议届次：区政协六届四次会议",
    ]


def test_docx_list_numbering_is_written_back(tmp_path: Path) -> None:
    path = tmp_path / "list.docx"
    write_docx(path, PROPOSALS["paren"](), LIST_STYLES["paren"])
    lines = read_text(path).split("\n")
    labelled = [line[:3] for line in lines if line.startswith("（")]
    assert labelled == ["（一）", "（二）", "（三）"]
