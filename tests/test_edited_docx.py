"""``drafter check reply.docx``: a rendered DOCX, edited in python-docx as a person does in Word."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from typer.testing import CliRunner

from drafter.cli import app
from drafter.edited import EditCheckReport, EditedSentenceCheck, check_edited, read_edited
from drafter.errors import InputError
from drafter.types import DraftReply

from .conftest import ExampleDrafts as Drafts

ZH_AMOUNT = "对新引进、全职在我区工作且年龄不超过40周岁的博士研究生，给予一次性生活补贴15万元。"
ZH_REPHRASED = ("我区对年龄不超过40周岁、新引进并全职在我区工作的博士研究生，"
                "一次性给予生活补贴15万元。")
ZH_HOUSING = "2021年，全区实际筹集人才住房1200套"
ZH_SERVICE = "提供政策咨询、申报辅导和跟踪服务。"
ZH_RESTATED = "对新设立的国家级博士后科研工作站，我区给予一次性50万元建站支持。"
ZH_INVENTED = "同时，区财政每年安排3000万元设立软件人才发展专项资金。"
EN_GRANTS = "awarded 64 grants worth £6.8 million in total."

runner = CliRunner()


def rendered(drafts: Drafts, lang: str = "zh") -> Any:
    """A fresh python-docx Document of an example draft, ready to edit."""
    from drafter.render.docx import render_docx

    return docx.Document(io.BytesIO(render_docx(drafts.zh if lang == "zh" else drafts.en)))


@pytest.fixture(scope="module")
def drafts(example_drafts: Drafts) -> Drafts:
    """The two example drafts, the drafter that wrote them and its store (see conftest)."""
    return example_drafts


def save(doc: Any, tmp_path: Path, name: str = "reply.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def run_with(doc: Any, part: str) -> Any:
    """The one body run whose text holds ``part``."""
    found = [r for p in doc.paragraphs for r in p.runs if part in r.text]
    assert len(found) == 1, part
    return found[0]


def sentence(report: EditCheckReport, part: str) -> EditedSentenceCheck:
    found = [s for s in report.sentences if part in s.text]
    assert len(found) == 1, [s.text for s in report.sentences]
    return found[0]


def facts(report: EditCheckReport) -> list[tuple[str, str]]:
    return [(u.fact, u.sentence) for u in report.unsupported_facts]


def cited(draft: DraftReply, part: str) -> list[str]:
    return next(s.citations for sec in draft.sections for s in sec.sentences if part in s.text)


def tracked(kind: str, text: str) -> Any:
    """A tracked insertion (``ins``) or deletion (``del``) of one run, as Word writes it."""
    tag = "w:delText" if kind == "del" else "w:t"
    return parse_xml(f'<w:{kind} {nsdecls("w")} w:id="90{len(text)}" w:author="editor" '
                     f'w:date="2026-01-05T10:00:00Z"><w:r><{tag} xml:space="preserve">{text}'
                     f"</{tag}></w:r></w:{kind}>")


# --------------------------------------------------------------------------- untouched


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_untouched_docx_reads_back_every_sentence_and_citation(drafts: Drafts, tmp_path: Path,
                                                               lang: str) -> None:
    draft = drafts.zh if lang == "zh" else drafts.en
    path = save(rendered(drafts, lang), tmp_path)
    read = read_edited(path)
    want = [(sec.heading, s.text, s.citations) for sec in draft.sections for s in sec.sentences]
    assert [(s.section, s.text, s.citations) for s in read.sentences] == want
    assert read.format == "docx" and read.lang == lang
    assert set(read.passages) == {c for _, _, cs in want for c in cs}  # the annex, by id
    assert draft.salutation in read.frame and draft.date in read.frame
    assert draft.title in read.frame and draft.issuer in read.frame
    label = "签发人" if lang == "zh" else "Signed off by"
    assert any(f.startswith(label) for f in read.frame)
    report = check_edited(path, drafts.drafter)
    assert report.ok and report.supported_rate == 1.0
    assert not any(s.found_by_search for s in report.sentences)
    assert all(set(s.cited_from.values()) == {"index"} for s in report.sentences)


def test_annex_passage_stands_in_for_an_id_the_index_lacks(drafts: Drafts,
                                                           tmp_path: Path) -> None:
    """A comment naming evidence the index no longer has is checked against the annex row."""
    old = cited(drafts.zh, ZH_AMOUNT)[0]
    gone = "0000feedbeef0000"
    doc = rendered(drafts)
    for c in doc.comments:
        for p in c.paragraphs:
            for r in p.runs:
                r.text = r.text.replace(old, gone)
    for cell in (c for row in doc.tables[0].rows for c in row.cells):
        for r in (r for p in cell.paragraphs for r in p.runs):
            r.text = r.text.replace(old, gone)
    run_with(doc, ZH_AMOUNT).text = ZH_AMOUNT.replace("15万元", "18万元")
    report = check_edited(save(doc, tmp_path), drafts.drafter)
    s = sentence(report, "18万元")
    assert s.cited_from == {gone: "file"} and not s.found_by_search
    assert facts(report) == [("18万元", ZH_AMOUNT.replace("15万元", "18万元"))]


# --------------------------------------------------------------------------- edits


def test_changed_amount_in_cited_sentence_is_caught(drafts: Drafts, tmp_path: Path) -> None:
    doc = rendered(drafts)
    run_with(doc, ZH_AMOUNT).text = ZH_AMOUNT.replace("15万元", "20万元")
    report = check_edited(save(doc, tmp_path), drafts.drafter)
    assert not report.ok
    assert facts(report) == [("20万元", ZH_AMOUNT.replace("15万元", "20万元"))]
    assert report.unsupported_facts[0].section == "关于建议一"
    s = sentence(report, "20万元")
    assert s.citations == cited(drafts.zh, ZH_AMOUNT) and not s.found_by_search


def test_rephrased_sentence_keeping_its_facts_passes(drafts: Drafts, tmp_path: Path) -> None:
    doc = rendered(drafts)
    run_with(doc, ZH_AMOUNT).text = ZH_REPHRASED
    report = check_edited(save(doc, tmp_path), drafts.drafter)
    s = sentence(report, "我区对年龄不超过40周岁")
    assert report.ok and s.supported is True
    assert s.citations == cited(drafts.zh, ZH_AMOUNT) and not s.found_by_search


def test_deleted_sentence_is_gone_and_its_comment_attaches_to_nothing(drafts: Drafts,
                                                                      tmp_path: Path) -> None:
    doc = rendered(drafts)
    run = run_with(doc, "云岭人才卡")  # between two cited sentences
    run._r.getparent().remove(run._r)  # the comment's range is left empty, as Word leaves it
    read = read_edited(save(doc, tmp_path))
    n = sum(len(s.sentences) for s in drafts.zh.sections)
    assert len(read.sentences) == n - 1
    assert not any("云岭人才卡" in s.text for s in read.sentences)
    housing = next(s for s in read.sentences if ZH_HOUSING in s.text)
    assert housing.citations == cited(drafts.zh, ZH_HOUSING)
    assert all(cited(drafts.zh, "云岭人才卡")[0] not in s.citations for s in read.sentences)
    assert check_edited(Path(read.path), drafts.drafter).ok


def test_added_sentences_without_comment_are_searched(drafts: Drafts, tmp_path: Path) -> None:
    doc = rendered(drafts)
    para = run_with(doc, ZH_SERVICE)._parent
    para.add_run(ZH_RESTATED)  # after the comment's range: no citation
    para.add_run(ZH_INVENTED)
    report = check_edited(save(doc, tmp_path), drafts.drafter)
    restated, invented = sentence(report, "博士后科研工作站"), sentence(report, "3000万元")
    assert restated.found_by_search and restated.supported is True and restated.citations
    assert invented.found_by_search and invented.supported is False
    assert invented.section == "关于建议四"
    assert facts(report) == [("3000万元", ZH_INVENTED)]
    assert sentence(report, ZH_SERVICE).citations == cited(drafts.zh, ZH_SERVICE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_all_comments_deleted_falls_back_to_search(drafts: Drafts, tmp_path: Path,
                                                   lang: str) -> None:
    doc = rendered(drafts, lang)
    body = doc.element.body
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        for el in body.iter(qn(tag)):
            el.getparent().remove(el)
    comments = doc.comments._comments_elm
    for c in list(comments):
        comments.remove(c)
    read = read_edited(save(doc, tmp_path))
    assert read.sentences and not any(s.citations for s in read.sentences)
    report = check_edited(Path(read.path), drafts.drafter)
    assert all(s.found_by_search for s in report.sentences)
    assert report.ok and report.supported_rate == 1.0


def test_tracked_changes_are_read_as_accepted(drafts: Drafts, tmp_path: Path) -> None:
    """Inserted runs count, deleted ones do not, inside a cited sentence and after it."""
    doc = rendered(drafts, "en")
    run = run_with(doc, EN_GRANTS)
    before, after = run.text.split("£6.8 million")
    run.text = before
    run._r.addnext(tracked("del", "£6.8 million"))
    run._r.getnext().addnext(tracked("ins", "£9 million"))
    tail = copy.deepcopy(run._r)
    tail.find(qn("w:t")).text = after
    run._r.getnext().getnext().addnext(tail)
    para = run._parent
    para._p.append(tracked("del", " The Council also spent £99 million on roads."))
    para._p.append(tracked("ins", " Each voucher is worth £7,500."))
    report = check_edited(save(doc, tmp_path), drafts.drafter)
    changed = sentence(report, "£9 million")
    assert "£6.8 million" not in changed.text and not changed.found_by_search
    assert changed.citations == cited(drafts.en, EN_GRANTS)
    assert not any("£99 million" in s.text for s in report.sentences)
    assert [u.fact for u in report.unsupported_facts] == ["£9 million", "£7,500"]
    assert sentence(report, "£7,500").found_by_search


def test_verify_mark_is_read_from_the_comment_and_highlight(drafts: Drafts,
                                                            tmp_path: Path) -> None:
    from drafter.render.docx import render_docx

    draft = drafts.zh.model_copy(deep=True)
    first = draft.sections[0].sentences[0]
    first.supported, first.unsupported_facts = False, ["15万元"]
    path = tmp_path / "reply.docx"
    path.write_bytes(render_docx(draft))
    marks = [(s.text, s.marked) for s in read_edited(path).sentences]
    assert marks[0] == (first.text, True) and not any(m for _, m in marks[1:])


def test_renamed_heading_and_deleted_notes_heading(drafts: Drafts, tmp_path: Path) -> None:
    """A heading renamed in Word still opens a section; notes without their heading stay out."""
    doc = rendered(drafts)
    heading = next(p for p in doc.paragraphs if p.text == "关于建议二")
    heading.runs[0].text = "关于人才住房保障"
    notes = next(p for p in doc.paragraphs if p.text.startswith("编辑提示"))
    notes._p.getparent().remove(notes._p)
    read = read_edited(save(doc, tmp_path))
    assert len(read.sentences) == sum(len(s.sentences) for s in drafts.zh.sections)
    assert next(s for s in read.sentences if ZH_HOUSING in s.text).section == "关于人才住房保障"
    assert not any("核实" in s.text for s in read.sentences)
    assert drafts.zh.date in read.frame and drafts.zh.issuer in read.frame


def test_saved_again_by_libreoffice(drafts: Drafts, tmp_path: Path) -> None:
    """Comments, headings and the annex survive a person's save in LibreOffice Writer."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    doc = rendered(drafts)
    run_with(doc, ZH_AMOUNT).text = ZH_AMOUNT.replace("15万元", "20万元")
    (tmp_path / "in").mkdir()
    edited = save(doc, tmp_path / "in")
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                           str(tmp_path / "out"), str(edited)],
                          capture_output=True, timeout=120, check=False)
    resaved = tmp_path / "out" / "reply.docx"
    assert done.returncode == 0 and resaved.is_file(), done.stderr
    assert resaved.read_bytes() != edited.read_bytes()
    before, after = read_edited(edited), read_edited(resaved)
    assert [(s.section, s.text, s.citations) for s in after.sentences] == [
        (s.section, s.text, s.citations) for s in before.sentences]
    assert after.passages == before.passages
    report = check_edited(resaved, drafts.drafter)
    assert facts(report) == [("20万元", ZH_AMOUNT.replace("15万元", "20万元"))]
    assert not sentence(report, "20万元").found_by_search


# --------------------------------------------------------------------------- Word's own shapes


def contract_docx(tmp_path: Path, build: Callable[[Any], None]) -> Path:
    """A DOCX built by hand: 办理类别 and headings, then what ``build`` adds, then the annex."""
    doc = docx.Document()
    doc.add_paragraph("办理类别：B")
    doc.add_paragraph("关于区六届人大二次会议第32号建议的答复")
    doc.add_paragraph("尊敬的王代表：")
    build(doc)
    doc.add_paragraph("云岭区科技创新局")
    doc.add_paragraph("2026年1月5日")
    doc.add_paragraph("联系人：【    】　　联系电话：【    】")
    doc.add_paragraph("附：引用材料一览")
    table = doc.add_table(rows=2, cols=6)
    for cell, text in zip(table.rows[0].cells, ("序号", "编号", "来源", "章节", "日期", "原文"),
                          strict=True):
        cell.text = text
    row = ("1", "aaaa1111bbbb2222", "云岭区高层次人才引进培育实施办法", "二", "2021-06-18",
           "给予一次性生活补贴15万元。")
    for cell, text in zip(table.rows[1].cells, row, strict=True):
        cell.text = text
    return save(doc, tmp_path)


def test_comment_over_two_sentences_and_a_bare_reference(tmp_path: Path) -> None:
    """A range covering two sentences gives both its ids; a lone reference, the one before it."""

    def build(doc: Any) -> None:
        p = doc.add_paragraph("关于建议一：")
        both = p.add_run("一是给予补贴15万元。二是建设人才住房。")
        doc.add_comment(both, "《办法》 · 二 — “…”\n[evidence: aaaa1111bbbb2222, cccc3333]",
                        author="drafter")
        p.add_run("三是设立窗口。")
        point = doc.add_comment(p.add_run("四是配备专员。"), "[evidence: dddd4444eeee]",
                                author="drafter")
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):  # Word keeps the reference
            for el in list(p._p.iter(qn(tag))):
                if el.get(qn("w:id")) == str(point.comment_id):
                    p._p.remove(el)

    read = read_edited(contract_docx(tmp_path, build))
    got = [(s.section, s.text, s.citations) for s in read.sentences]
    assert got == [("关于建议一", "一是给予补贴15万元。", ["aaaa1111bbbb2222", "cccc3333"]),
                   ("关于建议一", "二是建设人才住房。", ["aaaa1111bbbb2222", "cccc3333"]),
                   ("关于建议一", "三是设立窗口。", []),
                   ("关于建议一", "四是配备专员。", ["dddd4444eeee"])]
    assert read.frame[:3] == ["办理类别：B", "关于区六届人大二次会议第32号建议的答复",
                              "尊敬的王代表："]
    assert "联系人：【    】　　联系电话：【    】" in read.frame
    assert read.passages["aaaa1111bbbb2222"].startswith("给予一次性生活补贴15万元。\n《云岭区")


def test_comment_range_across_paragraphs(tmp_path: Path) -> None:
    def build(doc: Any) -> None:
        doc.add_paragraph("关于建议二")
        first = doc.add_paragraph().add_run("对博士给予补贴15万元。")
        doc.add_paragraph().add_run("对硕士给予补贴5万元。")
        last = doc.add_paragraph().add_run("对本科生给予补贴2万元。")
        doc.add_comment([first, last], "[evidence: ffff5555]", author="drafter")
        doc.add_paragraph("此后新增的一句没有批注。")

    read = read_edited(contract_docx(tmp_path, build))
    assert [s.citations for s in read.sentences] == [["ffff5555"]] * 3 + [[]]
    assert {s.section for s in read.sentences} == {"关于建议二"}


# --------------------------------------------------------------------------- bad files


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _valid() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def _with_part(name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_valid()))
    return _zip({i: (data if i == name else src.read(i)) for i in src.namelist()})


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"# not a docx\n\nplain text", "not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "password-protected"),
    (b"PK\x03\x04 not really", "damaged"),
    (_zip({"notes.txt": b"x"}), "no Word document part"),
    (_valid()[:1500], "damaged"),
    (_with_part("word/document.xml", b"<w:document"), "damaged document part"),
    (_valid(), "no answer sentences"),
])
def test_bad_docx_raises_input_error(drafts: Drafts, tmp_path: Path, content: bytes,
                                     words: str) -> None:
    path = tmp_path / "reply.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        check_edited(path, drafts.drafter)
    assert str(path) in str(err.value) and words in str(err.value)
    assert err.value.exit_code == 2


# --------------------------------------------------------------------------- the CLI


def test_cli_checks_a_docx(drafts: Drafts, tmp_path: Path) -> None:
    store = ["--store", str(drafts.store)]
    clean = save(rendered(drafts), tmp_path, "clean.docx")
    ok = runner.invoke(app, ["check", str(clean), *store])
    assert ok.exit_code == 0, ok.output
    n = sum(len(s.sentences) for s in drafts.zh.sections)
    assert "unsupported:" not in ok.output and f"{n} sentences, {n} supported" in ok.output

    doc = rendered(drafts)
    run_with(doc, ZH_AMOUNT).text = ZH_AMOUNT.replace("15万元", "20万元")
    bad = runner.invoke(app, ["check", str(save(doc, tmp_path, "edited.docx")), *store])
    assert bad.exit_code == 1, bad.output
    assert "unsupported: 20万元 — 关于建议一" in bad.output

    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    out = runner.invoke(app, ["check", str(broken), *store])
    assert out.exit_code == 2
    assert "broken.docx" in out.output and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1
