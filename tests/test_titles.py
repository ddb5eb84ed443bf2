"""What a file without a header is: title, kind, issuer and place, in every form handled.

A source's title is cited in every footnote, so it must be the document's own
title ("…关于…第N号建议的答复", however wrapped), its metadata title, or a title
built from what it says; never a salutation, a heading, a field or a sentence.
The real files of ``../shared/data/real`` are read without their header and
compared with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from drafter.ingest import load_document
from drafter.ingest._infer import is_fragment
from drafter.places import place_of
from tests.test_real_replies import REAL, read_body


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


REPLY_BODY = ("你提出的“关于修建村组道路的建议”，已交我局研究办理，现答复如下：\n"
              "我局已将该道路纳入计划。\n")


@pytest.mark.parametrize(("text", "title"), [
    ("马关县交通运输局关于马关县第十七届\n人大一次会议第197号建议的答复函\n李树金代表：\n"
     + REPLY_BODY,
     "马关县交通运输局关于马关县第十七届人大一次会议第197号建议的答复函"),
    ("柳林县教育科技局\n关于对县十一届人大四次会议第7号建议的答复\n贾银连等16名代表：\n"
     + REPLY_BODY,
     "柳林县教育科技局关于对县十一届人大四次会议第7号建议的答复"),
    ("镇沅县文化和旅游局关于县十七届人民代表大会第三次会议\n第110号代表建议办理情况\n的答复函\n"
     "肖海代表：\n" + REPLY_BODY,
     "镇沅县文化和旅游局关于县十七届人民代表大会第三次会议第110号代表建议办理情况的答复函"),
    ("泸西县第十六届人民代表大会第六次会议第15号建议公示公告\n来源:泸西县交通运输局\n"
     "建议标题:关于修建村组道路的建议\n建议内容(摘要):建议立项硬化道路。\n"
     "办理复文(摘要): 该项目已纳入计划。\n",
     "泸西县第十六届人民代表大会第六次会议第15号建议公示公告"),
    ("办理情况:\n类别:C\n复政协代表函〔2023〕1号\n关于政协东兰县委员会十二届四次会议\n"
     "第13号提案的答复\n韦善龙委员：\n" + REPLY_BODY,
     "关于政协东兰县委员会十二届四次会议第13号提案的答复"),
])
def test_a_reply_is_titled_from_its_own_title_line(tmp_path: Path, text: str, title: str) -> None:
    doc = load_document(write(tmp_path, "r.txt", text))
    assert (doc.title, doc.kind) == (title, "reply")


def test_a_reply_without_a_title_line_gets_a_built_title(tmp_path: Path) -> None:
    """Salutation first ("张明魁代表："), a heading after it: the title names the proposal."""
    text = ("张明魁代表：\n您提出的《关于加强农村饮水安全的建议》收悉，现答复如下：\n"
            "三、关于对建议内容的答复\n我局已完成3处水源工程。\n元江县水务局\n2024年6月1日\n")
    doc = load_document(write(tmp_path, "r.txt", text))
    assert doc.title == "元江县水务局关于《关于加强农村饮水安全的建议》的答复"
    assert (doc.kind, doc.issuer, doc.place) == ("reply", "元江县水务局", "元江县")
    assert not is_fragment(doc.title)


def test_a_notice_quoting_its_reply_is_titled_by_it(tmp_path: Path) -> None:
    text = ("建议标题:关于修建村组道路的建议\n建议内容(摘要):建议立项硬化道路。\n"
            "承办单位:泸西县交通运输局\n办理复文(摘要): 《泸西县交通运输局对泸西县十六届"
            "人大四次会议第35号建议的答复》(泸交函〔2020〕18号)该项目已开工。\n")
    doc = load_document(write(tmp_path, "n.txt", text))
    assert doc.title == "泸西县交通运输局对泸西县十六届人大四次会议第35号建议的答复"
    assert (doc.kind, doc.issuer, doc.place) == ("reply", "泸西县交通运输局", "泸西县")


def test_metadata_titles_when_the_text_has_none(tmp_path: Path) -> None:
    body = "王五代表：\n您的建议收悉，现答复如下：\n我局已增设公交站点。\n"
    document = docx.Document()
    for line in body.splitlines():
        document.add_paragraph(line)
    document.core_properties.title = "关于增设公交站点的建议的答复"
    document.save(str(tmp_path / "r.docx"))
    assert load_document(tmp_path / "r.docx").title == "关于增设公交站点的建议的答复"
    html = ("<html><head><title>关于增设公交站点的建议的答复_某县人民政府</title></head><body>"
            + "".join(f"<p>{line}</p>" for line in body.splitlines()) + "</body></html>")
    assert load_document(write(tmp_path, "r.html", html)).title == "关于增设公交站点的建议的答复"
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "r.pdf"))
    pdf.setTitle("关于增设公交站点的建议的答复")
    pdf.setFont("STSong-Light", 12)
    for k, line in enumerate(body.splitlines()):
        pdf.drawString(60, 780 - 20 * k, line)
    pdf.save()
    assert load_document(tmp_path / "r.pdf").title == "关于增设公交站点的建议的答复"


def test_a_metadata_title_that_says_nothing_is_not_used(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("王五代表：")
    document.add_paragraph("您的建议收悉，现答复如下：我局已增设公交站点。")
    document.core_properties.title = "Microsoft Word - 文档1"
    document.save(str(tmp_path / "reply_2024_12.docx"))
    doc = load_document(tmp_path / "reply_2024_12.docx")
    assert doc.title == "reply_2024_12" and doc.kind == "reply"


@pytest.mark.parametrize(("text", "kind"), [
    ("案由：关于加强通村公路管理的建议\n领衔代表：王建军\n建议市政府设立养护资金。", "proposal"),
    ("新密市人民代表大会代表建议\n第58号\n关于加强通村公路管理的建议\n王建军代表\n\n"
     "通村公路管理薄弱。建议建立护路员制度。", "proposal"),
    ("提案人：张三\n随着老龄化加剧，社区养老需求增加。\n建议：\n一、增加养老床位。\n二、培育护理人才。",
     "proposal"),
    ("张三代表：\n您提出的《关于加强社区养老的建议》收悉，现答复如下：\n一、关于增加养老床位\n"
     "我局已新增床位200张。", "reply"),
    ("國辦發〔2019〕41號\n各省、自治區、直轄市人民政府：\n為推動消費，現提出以下意見。\n一、總體目標",
     "policy"),
])
def test_kind_from_the_forms_of_the_text(tmp_path: Path, text: str, kind: str) -> None:
    assert load_document(write(tmp_path, "d.txt", text)).kind == kind


@pytest.mark.parametrize(("issuer_line", "place"), [
    ("马关县交通运输局", "马关县"),
    ("深圳市科技创新委员会", "深圳市"),
    ("农业农村部", "国家"),
])
def test_place_is_the_issuers_locality_or_level(
    tmp_path: Path, issuer_line: str, place: str
) -> None:
    text = f"王五代表：\n您的建议收悉，现答复如下：\n已办理。\n{issuer_line}\n2024年5月6日\n"
    doc = load_document(write(tmp_path, "r.txt", text))
    assert (doc.issuer, doc.place) == (issuer_line, place)


def test_place_of_an_english_response_and_of_an_unknown_issuer(tmp_path: Path) -> None:
    en = load_document(write(tmp_path, "en.txt", (
        "Government response to the Education Committee's report\n\nThe Government welcomes "
        "the report.\n\nDepartment for Education\n")))
    assert (en.kind, en.place) == ("reply", "UK")
    unknown = load_document(write(tmp_path, "u.txt", "一份会议纪要\n\n会议讨论了若干事项。"))
    assert (unknown.issuer, unknown.place) == ("", "")


# --- the real files, without their header -----------------------------------------

needs_data = pytest.mark.skipif(not REAL.is_dir(), reason=f"real test data not present at {REAL}")
KIND = {"en_response": "reply"}
#: The text alone does not say what it is: an explanation of a draft policy, with no title,
#: issuer or form; read as "other".
KIND_UNREADABLE = {"policy/sz_lh_swyy_cs_explain.txt"}


def _real() -> list[Path]:
    return sorted(REAL.rglob("*.txt")) if REAL.is_dir() else []


def _header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    tmp = tmp_path_factory.mktemp("bodies")
    out = {}
    for path in _real():
        copy = tmp / path.name
        copy.write_text(read_body(path), encoding="utf-8")
        out[path.relative_to(REAL).as_posix()] = (path, load_document(copy))
    return out


@needs_data
def test_no_real_file_is_titled_by_a_fragment(loaded: dict[str, tuple[Path, object]]) -> None:
    bad = []
    for rel, (path, doc) in loaded.items():
        title = doc.title  # type: ignore[attr-defined]
        want = re.sub(r"\s+", "", _header(path)["title"])
        got = re.sub(r"\s+", "", title)
        partial = got in want and not want.startswith(got) and re.match(r"^第|^[(（]", got)
        if is_fragment(title) and not re.match(r"^\S{1,12}[〔（(]\d{4}", title) or partial:
            bad.append((rel, title))
    assert not bad


@needs_data
def test_real_files_read_as_what_they_are(loaded: dict[str, tuple[Path, object]]) -> None:
    wrong = [(rel, doc.kind) for rel, (path, doc) in loaded.items()  # type: ignore[attr-defined]
             if doc.kind != KIND.get(_header(path)["kind"], _header(path)["kind"])]  # type: ignore[attr-defined]
    assert {rel for rel, _ in wrong} <= KIND_UNREADABLE, wrong


@needs_data
def test_real_replies_name_their_issuer_and_place(loaded: dict[str, tuple[Path, object]]) -> None:
    """Where the text signs or titles itself with its body, issuer and place agree."""
    named = located = 0
    for rel, (path, doc) in loaded.items():
        issuer = doc.issuer  # type: ignore[attr-defined]
        if not rel.startswith("reply/") or not issuer:
            continue
        named += 1
        want = _header(path)["issuer"]
        same = [issuer, issuer.replace("县", "彝族自治县"),
                issuer.replace("资源社会", "资源和社会")]
        assert any(name in want for name in same) or re.split(r"[（(]", want)[0] in issuer, (
            rel, issuer, want)
        place = doc.place  # type: ignore[attr-defined]
        expected = place_of(re.split(r"[（(]", want)[0])
        assert not place or place in want or place.replace("县", "彝族自治县") in want or \
            place == expected, (rel, place, want)
        located += bool(place)
    assert named >= 60 and located >= 55
