"""Size limits on hostile or huge inputs: each is a clear error or a noted cut (drafter.limits).

The files are real: .docx made with python-docx (its XML rewritten where a
hostile file would be), a zip bomb made by hand, PDFs made with pypdf.  The
inputs are just over each limit, so the tests stay fast; timing is in
``bench/limits.py``.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from drafter import Drafter, limits
from drafter.edited import read_edited
from drafter.errors import InputError
from drafter.ingest import read_text
from drafter.proposal import parse_proposal

ROOT = Path(__file__).resolve().parent.parent


def _numbered_docx(path: Path, fmt: str, start: int, items: list[str]) -> None:
    """A .docx whose paragraphs are one Word list of format ``fmt`` starting at ``start``."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvl = (f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
           '<w:lvlText w:val="%1."/></w:lvl>')
    numbering.find(qn("w:num")).addprevious(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvl}</w:abstractNum>'))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text in items:
        numpr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = 90
    document.save(str(path))


def _with_body(path: Path, body: str | bytes, padding: int = 0) -> None:
    """A real .docx (python-docx's own package) whose document part holds ``body``.

    ``padding`` spaces after the body make the part unpack to that much more.
    """
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    body = body.encode() if isinstance(body, str) else body
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, _, _ = data.partition(b"<w:body>")
                data = (head + b"<w:body>" + body + b" " * padding + b"</w:body></w:document>")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


# --------------------------------------------------------------------------- .docx


@pytest.mark.parametrize("start", [10**6, 10**11])
@pytest.mark.parametrize("fmt", ["upperRoman", "lowerLetter"])
def test_docx_list_numbering_past_the_limit_is_written_in_digits(
        tmp_path: Path, fmt: str, start: int) -> None:
    path = tmp_path / "numbering.docx"
    _numbered_docx(path, fmt, start, ["关于加大中小企业融资支持的建议", "完善人才政策"])
    text = read_text(path)
    assert text.split("\n") == [f"{start}. 关于加大中小企业融资支持的建议",
                                f"{start + 1}. 完善人才政策"]


def test_docx_list_numbering_under_the_limit_is_drawn_as_word_draws_it(tmp_path: Path) -> None:
    path = tmp_path / "roman.docx"
    _numbered_docx(path, "upperRoman", 1999, ["First", "Second"])
    assert read_text(path).split("\n") == ["MCMXCIX. First", "MM. Second"]


def test_docx_with_more_paragraphs_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.docx"
    _with_body(path, "<w:p><w:r><w:t>建议</w:t></w:r></w:p>" * (limits.MAX_DOCX_BLOCKS + 1))
    assert path.stat().st_size < 100_000  # small on disk: the limit is on what it holds
    with pytest.raises(InputError) as caught:
        read_text(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: has more than 100,000 paragraphs")
    assert "MAX_DOCX_BLOCKS" in message and "\n" not in message


def test_docx_under_the_paragraph_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    _with_body(path, "<w:p><w:r><w:t>建议</w:t></w:r></w:p>" * 2000
               + "<w:p><w:r><w:t>完</w:t></w:r></w:p>")
    assert read_text(path).split("\n")[-1] == "完"


def test_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    _with_body(path, "<w:p><w:r><w:t>建议一：加大支持。</w:t></w:r></w:p>",
               padding=limits.MAX_DOCX_UNPACKED_BYTES + 1)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}: unpacks to 64.")  # MB: the parts together
    assert "MB, over the 64 MB limit" in str(caught.value)
    assert "MAX_DOCX_UNPACKED_BYTES" in str(caught.value)


def test_docx_table_cell_spanning_a_billion_columns_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "span.docx"
    cell = ('<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
            "<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>")
    row = "<w:tr>" + cell.format("案由") + cell.format("加快开源产业发展") + "</w:tr>"
    _with_body(path, f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{row}</w:tbl>")
    assert read_text(path) == "案由：加快开源产业发展"


def test_docx_vertically_merged_cell_repeats_in_each_row(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "建议"
    for n, text in enumerate(["加大支持", "培养人才", "优化环境"]):
        table.cell(n, 1).text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_text(path).split("\n") == ["建议 | 加大支持", "建议 | 培养人才", "建议 | 优化环境"]


def test_cli_names_the_file_and_the_limit_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.docx"
    _with_body(path, "<w:p/>" * (limits.MAX_DOCX_BLOCKS + 1))
    done = subprocess.run([sys.executable, "-m", "drafter", "parse", str(path)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                               "DRAFTER_CONFIG": str(tmp_path / "none.toml")})
    assert done.returncode == 2
    lines = done.stderr.strip().split("\n")
    assert len(lines) == 1 and str(path) in lines[0] and "MAX_DOCX_BLOCKS" in lines[0]
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- proposals and drafts

_ASK = "建议加大对中小企业的融资支持力度，设立专项资金扶持科技创新企业发展。"


def test_proposal_over_the_size_limit_is_refused_naming_the_limit() -> None:
    text = "关于支持科技企业发展的建议：" + _ASK * (limits.MAX_PROPOSAL_CHARS // len(_ASK) + 1)
    assert len(text) > limits.MAX_PROPOSAL_CHARS
    with pytest.raises(InputError) as caught:
        parse_proposal(text, source_path="big.txt")
    assert str(caught.value).startswith("big.txt: the proposal is 1,000,0")
    assert "MAX_PROPOSAL_CHARS" in str(caught.value)


def test_proposal_of_one_long_line_under_the_limit_is_one_recommendation() -> None:
    text = "关于支持科技企业发展的建议：" + _ASK * (limits.MAX_PROPOSAL_CHARS // len(_ASK) - 1)
    proposal = parse_proposal(text)
    assert len(proposal.recommendations) == 1
    assert len(proposal.recommendations[0].text) > limits.MAX_PROPOSAL_CHARS - 100


def test_draft_of_more_recommendations_than_the_limit_is_refused(
        drafter_sample: Drafter) -> None:
    count = limits.MAX_RECOMMENDATIONS + 1
    text = "关于支持科技企业发展的建议\n" + "\n".join(f"{n}. 加强融资支持第{n}项。"
                                                  for n in range(1, count + 1))
    proposal = parse_proposal(text, source_path="many.txt")
    assert len(proposal.recommendations) == count  # parsing still shows them all
    with pytest.raises(InputError) as caught:
        drafter_sample.draft(proposal)
    message = str(caught.value)
    assert message.startswith("many.txt: 201 recommendations found, over the 200")
    assert "MAX_RECOMMENDATIONS" in message


def test_long_recommendation_is_cut_for_drafting_with_a_note(drafter_sample: Drafter) -> None:
    long = "对开源基金会项目运营机构提供孵化场地和运营经费支持。" * 200
    assert len(long) > limits.MAX_RECOMMENDATION_CHARS
    text = f"关于加快开源产业发展的建议\n建议一：{long}\n建议二：加强开源人才培养。"
    draft = drafter_sample.draft(text)
    assert draft.proposal.recommendations[0].text == long  # the proposal is quoted whole
    notes = [n for n in draft.editor_notes if "仅前 4,000 字用于检索和起草本节" in n]
    assert len(notes) == 1 and notes[0].startswith(draft.sections[0].heading)
    assert f"原文 {len(long):,} 字" in notes[0]
    assert draft.sections[0].sentences  # evidence was still found from the cut text


def test_cut_text_ends_at_a_sentence_end() -> None:
    text = "第一句话。" * 10 + "没有句号的很长一段" * 10
    cut = limits.cut_text(text, 60)
    assert cut == "第一句话。" * 10
    assert limits.cut_text("short.", 60) == "short."
    assert limits.cut_text("x" * 100, 60) == "x" * 60


# --------------------------------------------------------------------------- drafter check


def test_check_of_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edited.md"
    path.write_bytes(("**关于建议一：**" + _ASK * 10 + "\n\n").encode()
                     * (limits.MAX_CHECK_BYTES // 500 + 1))
    assert path.stat().st_size > limits.MAX_CHECK_BYTES
    with pytest.raises(InputError) as caught:
        read_edited(path)
    assert str(caught.value).startswith(f"{path}: is over the 5 MB an edited draft may have")


def test_check_of_more_sentences_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edited.md"
    sentences = "".join(f"我局第{n}次安排专项资金。" for n in range(limits.MAX_CHECK_SENTENCES + 1))
    path.write_text(f"尊敬的张三委员：\n\n**关于建议一：**{sentences}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_edited(path)
    assert str(caught.value).startswith(f"{path}: holds more than 1,000 sentences")
    assert "MAX_CHECK_SENTENCES" in str(caught.value)


def test_check_of_a_docx_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edited.docx"
    _with_body(path, "<w:p/>" * (limits.MAX_DOCX_BLOCKS + 1))
    with pytest.raises(InputError) as caught:
        read_edited(path)
    assert str(caught.value).startswith(f"{path}: has more than 100,000 paragraphs")


# --------------------------------------------------------------------------- .pdf and .html


def _pdf(path: Path, contents: list[bytes]) -> None:
    """A real PDF, one page per content stream (compressed), text in Helvetica."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject("/F1"): font})})
    streams: dict[bytes, object] = {}
    for content in contents:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = resources
        if content not in streams:  # pages with the same content share one stream
            stream = DecodedStreamObject()
            stream.set_data(content)
            streams[content] = writer._add_object(stream.flate_encode())
        page[NameObject("/Contents")] = streams[content]
    with path.open("wb") as file:
        writer.write(file)


def _text_op(text: str) -> bytes:
    return f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()


def test_pdf_with_more_pages_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pages.pdf"
    _pdf(path, [_text_op("Recommendation 1: fund the programme.")] * (limits.MAX_PDF_PAGES + 1))
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}: has 5,001 pages, over the 5,000")
    assert "MAX_PDF_PAGES" in str(caught.value)


def test_pdf_whose_content_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    padding = b" " * (limits.MAX_PDF_CONTENT_BYTES // 2 + 1)  # spaces: content that draws nothing
    _pdf(path, [_text_op("Fund the programme.") + padding, _text_op("Train staff.") + padding])
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}: has pages whose content unpacks to over 64 MB")


def test_pdf_with_more_text_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    line = "Fund the programme and train staff. " * 100
    pages = limits.MAX_PDF_TEXT_CHARS // (len(line) * 20) + 1
    _pdf(path, [b"BT /F1 12 Tf 72 720 Td " + (f"({line}) Tj " * 20).encode() + b"ET"] * pages)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}: has more than 10,000,000 characters of text")


def test_pdf_under_the_limits_is_read(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    _pdf(path, [_text_op("Recommendation 1: fund the programme."),
                _text_op("Recommendation 2: train staff.")])
    text = read_text(path)
    assert "Recommendation 1: fund the programme." in text
    assert "Recommendation 2: train staff." in text


def test_html_with_more_elements_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tags.html"
    path.write_text("<html><body>" + "<b>" * limits.MAX_HTML_ELEMENTS + "建议一：加大支持。"
                    "</body></html>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value).startswith(f"{path}: has more than 500,000 HTML elements")


def test_check_of_a_docx_with_more_sentences_than_the_limit_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("尊敬的张三委员：")
    for n in range(limits.MAX_CHECK_SENTENCES + 1):
        document.add_paragraph(f"我局第{n}次安排专项资金。")
    path = tmp_path / "edited.docx"
    document.save(str(path))
    with pytest.raises(InputError) as caught:
        read_edited(path)
    assert str(caught.value).startswith(f"{path}: holds more than 1,000 sentences")


# --------------------------------------------------------------------------- linear passes


def test_markdown_line_of_unclosed_markers_is_read_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "markers.md"
    hostile = "**a [b ![c]( <!-- " * 20_000  # every marker opened, none closed
    path.write_text(f"# 关于加快开源产业发展的建议 #\n\n{hostile}\n\n**建议一**：加大[支持](x)。",
                    encoding="utf-8")
    lines = read_text(path).split("\n")
    assert lines[0] == "关于加快开源产业发展的建议"
    assert lines[-1] == "建议一：加大支持。"
    assert len(lines[2]) >= len(hostile.strip()) - 10  # the markers are text, kept


def test_markdown_rules_keep_their_meaning(tmp_path: Path) -> None:
    path = tmp_path / "rules.md"
    path.write_text("## 标题 ##\n\n**粗体**和__下划线__，[链接](http://a)与![图](x.png)"
                    "<!-- 注释 -->完。\n\n*斜体* `code`", encoding="utf-8")
    assert read_text(path).split("\n\n") == ["标题", "粗体和下划线，链接与图完。", "斜体 code"]


def test_english_sentences_of_a_huge_paragraph_are_split_in_one_pass() -> None:
    from drafter._edited_text import split_sentences

    text = "See No. 5 of the report. It costs £2.5 million, e.g. for Mr. Smith. "
    sentences = split_sentences(text * 20_000)
    assert len(sentences) == 40_000
    assert sentences[:2] == ["See No. 5 of the report.",
                             "It costs £2.5 million, e.g. for Mr. Smith."]
