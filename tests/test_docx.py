"""The DOCX renderer: real drafts from the sample store, real .docx files read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from drafter._genre import EMPTY_ZH
from drafter.faithfulness import apply_marks, check_reply
from drafter.render.docx import BINARY_RENDERERS, category_line, render_docx
from drafter.types import DraftReply

from .conftest import ExampleDrafts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def drafts(example_drafts: ExampleDrafts) -> dict[str, DraftReply]:
    """A zh and an en draft made by the extractive composer (see conftest)."""
    return {"zh": example_drafts.zh, "en": example_drafts.en}


def _open(draft: DraftReply, tmp_path: Path, name: str = "reply.docx") -> docx.document.Document:
    path = tmp_path / name
    draft.to_docx(path)
    return docx.Document(str(path))


def _paragraph(doc: docx.document.Document, text: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in doc.paragraphs if p.text == text)


def _east_asia(run: docx.text.run.Run) -> str | None:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _anchored(doc: docx.document.Document) -> dict[int, str]:
    """Comment id → the text between its range start and end, in document order."""
    open_ids: list[int] = []
    spans: dict[int, str] = {}
    for el in doc.element.body.iter():
        if el.tag == W + "commentRangeStart":
            cid = int(el.get(W + "id"))
            open_ids.append(cid)
            spans[cid] = ""
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(int(el.get(W + "id")))
        elif el.tag == W + "t":
            for cid in open_ids:
                spans[cid] += el.text or ""
    return spans


@pytest.mark.parametrize(("lang", "margins"), [("zh", (37, 35, 28, 26)), ("en", (25, 25, 25, 25))])
def test_page_is_a4_with_the_layout_margins(drafts: dict[str, DraftReply], tmp_path: Path,
                                            lang: str, margins: tuple[int, ...]) -> None:
    section = _open(drafts[lang], tmp_path).sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    got = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [g.mm for g in got] == pytest.approx(margins, abs=0.1)


def test_zh_fonts_are_declared_for_east_asian_text(drafts: dict[str, DraftReply],
                                                   tmp_path: Path) -> None:
    draft = drafts["zh"]
    doc = _open(draft, tmp_path)
    title = _paragraph(doc, draft.title)
    assert title.style.name == "Title" and title.style.paragraph_format.alignment == 1  # centred
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    body = _paragraph(doc, draft.opening)
    assert _east_asia(body.runs[0]) == "FangSong_GB2312" and body.runs[0].font.size.pt == 16
    assert body.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    heading = _paragraph(doc, draft.sections[0].heading)
    assert _east_asia(heading.runs[0]) == "黑体"
    normal = doc.styles["Normal"]
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "FangSong_GB2312"
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rfonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "FangSong_GB2312"
    assert rfonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the name
    ind = body._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_section_heading_is_its_own_heading_paragraph(drafts: dict[str, DraftReply],
                                                           tmp_path: Path, lang: str) -> None:
    draft = drafts[lang]
    doc = _open(draft, tmp_path)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:len(draft.sections)] == [s.heading for s in draft.sections]
    first = _paragraph(doc, draft.sections[0].heading)
    if lang == "en":
        assert first.runs[0].font.bold
    # the answer follows the heading: the section's sentences in order; in English after
    # the recommendation quoted (its own style) and the response line with its stance
    paras = doc.paragraphs
    at = [p._p for p in paras].index(first._p) + 1
    if lang == "en":
        rec = draft.proposal.recommendations[0]
        assert paras[at].style.name == "Drafter Quote" and paras[at].text == rec.text.strip()
        assert paras[at + 1].text.startswith(("Government response: ", "Council response: "))
        assert "Accepted in part" in paras[at + 1].text  # the stance choices for the editor
        at += 2
    sep = " " if lang == "en" else ""
    assert paras[at].text == sep.join(s.text for s in draft.sections[0].sentences)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cited_sentence_has_one_comment_on_its_text(drafts: dict[str, DraftReply],
                                                          tmp_path: Path, lang: str) -> None:
    draft = drafts[lang]
    doc = _open(draft, tmp_path)
    spans = _anchored(doc)
    comments = {c.comment_id: c for c in doc.comments}
    cited = [s for sec in draft.sections for s in sec.sentences if s.citations]
    assert cited and len(comments) == len(cited) == len(spans)
    for sent in cited:
        ids = [cid for cid, text in spans.items() if text == sent.text]
        assert len(ids) == 1, sent.text
        comment = comments[ids[0]]
        assert comment.author == "drafter"
        lines = comment.text.splitlines()
        assert lines[-1] == f"[evidence: {', '.join(sent.citations)}]"
        ev = draft.evidence[sent.citations[0]]
        assert ev.source.title in lines[0] and " ".join(ev.text.split()) in lines[0]


@pytest.mark.parametrize(("lang", "extra", "reason"), [
    ("zh", "，共投入5亿元。", "【待核实】所引材料中没有："),
    ("en", ", worth £5 million.", "[VERIFY] not in the cited sources: "),
])
def test_a_verify_marked_sentence_is_highlighted_and_says_why(
        drafts: dict[str, DraftReply], tmp_path: Path, lang: str, extra: str,
        reason: str) -> None:
    draft = drafts[lang].model_copy(deep=True)
    sent = draft.sections[0].sentences[0]
    sent.text = sent.text.rstrip("。.") + extra
    apply_marks(draft, check_reply(draft))
    assert sent.supported is False
    doc = _open(draft, tmp_path)
    run = next(r for p in doc.paragraphs for r in p.runs if r.text == sent.text)
    assert run.font.highlight_color == 7  # WD_COLOR_INDEX.YELLOW
    cid = next(c for c, text in _anchored(doc).items() if text == sent.text)
    text = doc.comments.get(cid).text
    assert text.startswith(reason) and ("5亿元" in text.splitlines()[0] or "£5 million" in text)
    assert text.splitlines()[-1] == f"[evidence: {', '.join(sent.citations)}]"
    others = [r for p in doc.paragraphs for r in p.runs
              if r.text == draft.sections[0].sentences[1].text]
    assert others and others[0].font.highlight_color is None


@pytest.mark.parametrize(("lang", "title"), [("zh", "附：引用材料一览"),
                                             ("en", "Annex: evidence cited")])
def test_appendix_table_lists_every_cited_evidence_id(drafts: dict[str, DraftReply],
                                                       tmp_path: Path, lang: str,
                                                       title: str) -> None:
    draft = drafts[lang]
    doc = _open(draft, tmp_path)
    annex = _paragraph(doc, title)
    assert annex.paragraph_format.page_break_before or any(
        p.paragraph_format.page_break_before for p in doc.paragraphs
        if p.style.name == "Heading 1" and p.text != draft.sections[0].heading)
    table = doc.tables[-1]
    assert len(table.columns) == 6
    ids = [row.cells[1].text for row in table.rows[1:]]
    cited = {c for sec in draft.sections for s in sec.sentences for c in s.citations}
    assert set(ids) == cited and len(ids) == len(cited)
    first = draft.evidence[ids[0]]
    row = [c.text for c in table.rows[1].cells]
    assert row[0] == "1" and row[2] == first.source.title and row[4] == first.source.date
    # the table comes after the signature block
    body = list(doc.element.body)
    date = _paragraph(doc, draft.date)._p
    assert body.index(table._tbl) > body.index(date)


def test_zh_placeholders_and_category(drafts: dict[str, DraftReply], tmp_path: Path) -> None:
    draft = drafts["zh"].model_copy(deep=True)
    doc = _open(draft, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "办理类别：【待定】" and texts[1] == "签发人：【    】"
    assert "联系人：【    】　　联系电话：【    】" in texts and "抄送：【    】" in texts
    placeholder = next(r for r in doc.paragraphs[1].runs if r.text == "【    】")
    assert placeholder.font.highlight_color is not None
    date = _paragraph(doc, draft.date)
    assert date.alignment == 2 and date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"
    assert _paragraph(doc, draft.issuer).alignment == 2
    labels = {"partly": "B（正在解决或列入计划解决）", "adopted": "A（已解决或基本解决）"}
    for s in draft.sections:
        s.stance = "partly"
    assert category_line(draft, labels) == ("B", False)
    assert _open(draft, tmp_path, "b.docx").paragraphs[0].text == "办理类别：B"
    draft.sections[0].stance = "adopted"
    value, blank = category_line(draft, labels)
    assert blank and value.startswith("【建议一 A；建议二 B")


def test_an_empty_section_asks_for_text(drafts: dict[str, DraftReply], tmp_path: Path) -> None:
    draft = drafts["zh"].model_copy(deep=True)
    draft.sections[1].sentences = []
    doc = _open(draft, tmp_path)
    para = _paragraph(doc, EMPTY_ZH)
    assert para.runs[0].font.highlight_color is not None
    paras = [p._p for p in doc.paragraphs]
    assert doc.paragraphs[paras.index(para._p) - 1].text == draft.sections[1].heading


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_footer_has_a_page_field(drafts: dict[str, DraftReply], tmp_path: Path,
                                 lang: str) -> None:
    doc = _open(drafts[lang], tmp_path)
    section = doc.sections[0]
    footers = [section.footer]
    if lang == "zh":
        assert doc.settings.odd_and_even_pages_header_footer
        footers.append(section.even_page_footer)
    for footer in footers:
        instr = [el.text for el in footer._element.iter(W + "instrText")]
        assert [t.strip() for t in instr] == ["PAGE"]
    odd = section.footer.paragraphs[0]
    if lang == "zh":
        assert odd.text == "— 1 —" and odd.alignment == 2
        assert section.even_page_footer.paragraphs[0].alignment == 0
        assert odd.runs[0].font.size.pt == 14
    else:
        assert odd.alignment == 1


def test_english_letter_frame(drafts: dict[str, DraftReply], tmp_path: Path) -> None:
    draft = drafts["en"]
    doc = _open(draft, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert draft.salutation.startswith("Dear ") and draft.salutation in texts
    assert texts[1] == "Signed off by: [    ]" and "cc: [    ]" in texts
    assert "Contact: [    ]    Telephone: [    ]" in texts
    body = _paragraph(doc, draft.opening)
    assert body.runs[0].font.name == "Times New Roman" and body.runs[0].font.size.pt == 12
    assert BINARY_RENDERERS["docx"] is render_docx
    assert render_docx(draft)[:2] == b"PK"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_both_to_pdf(drafts: dict[str, DraftReply], tmp_path: Path) -> None:
    from pypdf import PdfReader

    paths = [str(drafts[lang].to_docx(tmp_path / f"{lang}.docx")) for lang in ("zh", "en")]
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *paths],
        capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    for lang in ("zh", "en"):
        pdf = tmp_path / f"{lang}.pdf"
        assert pdf.is_file(), proc.stdout + proc.stderr
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 1
        text = reader.pages[0].extract_text()
        assert drafts[lang].salutation.split()[0].rstrip("：,") in text
