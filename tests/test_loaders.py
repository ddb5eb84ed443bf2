"""Loading corpus files: encodings, formats, cleaning, headers, errors."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from drafter.errors import InputError
from drafter.ingest import iter_corpus_files, load_document, loaders, read_text
from drafter.ingest.loaders import SUPPORTED_SUFFIXES, TRUNCATION_MARK, clean_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "data" / "real"
SEED = SHARED / "seeds" / "futian_open_source_reply_2022.txt"
needs_shared = pytest.mark.skipif(
    not REAL.is_dir() or not SEED.is_file(), reason="../shared absent"
)

PARAGRAPH = (
    "关于建议一：一是开源建设方面，中国首座开源孵化基地——深圳·国际开源谷已落户福田。"
    "二是支持政策方面，包括新落户支持最高 2500 万元、R&D 投入支持最高 500 万元等。"
)


def make_pdf(pages: list[list[str]]) -> bytes:
    """Write a minimal PDF whose text layer holds ``pages`` (lists of lines).

    Glyphs are CIDs of an Identity-H Type0 font with a ToUnicode CMap, which is
    how real Chinese PDFs carry text; no font program is needed to extract it.
    """
    chars = sorted({ch for page in pages for line in page for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    pairs = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /T def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    desc = add(
        b"<< /Type /FontDescriptor /FontName /T /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << "
        f"/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {desc} 0 R /DW 1000 >>".encode()
    )
    tounicode = add(stream(cmap))
    font = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H "
        f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {tounicode} 0 R >>".encode()
    )
    parent = len(objects) + 2 * len(pages) + 1
    kids = []
    for page in pages:
        ops = ["BT /F1 12 Tf 14 TL 72 770 Td"]
        ops += ["<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in page]
        content = add(stream("\n".join([*ops, "ET", "0 0 m 100 100 l S"]).encode()))
        kids.append(
            add(
                f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] /Resources "
                f"<< /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    refs = " ".join(f"{k} 0 R" for k in kids)
    assert add(f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()) == parent
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# --- encodings -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-32"])
def test_text_in_any_common_encoding(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "reply.txt", PARAGRAPH, encoding)
    assert read_text(path) == PARAGRAPH


def test_utf16_le_with_bom_written_by_hand(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"\xff\xfe" + PARAGRAPH.encode("utf-16-le"))
    assert read_text(path) == PARAGRAPH


@pytest.mark.parametrize("text", ["新落户支持最高2500万元。", "关于建议一：支持政策", "开源"])
def test_short_gbk_text_is_not_mistaken_for_another_encoding(tmp_path: Path, text: str) -> None:
    # charset-normalizer alone guesses UTF-16-BE for the first of these
    assert read_text(write(tmp_path, "short.txt", text, "gbk")) == text


def test_big5_traditional_text(tmp_path: Path) -> None:
    text = "國務院辦公廳關於進一步激發文化和旅遊消費潛力的意見，各省、自治區、直轄市人民政府。"
    assert read_text(write(tmp_path, "big5.txt", text, "big5")) == text


def test_gbk_file_with_rare_gb18030_character(tmp_path: Path) -> None:
    text = "龙华区𠀋字测试，支持最高100万元。"
    assert read_text(write(tmp_path, "rare.txt", text, "gb18030")) == text


def test_latin1_english_text(tmp_path: Path) -> None:
    path = write(tmp_path, "en.txt", "The café opened in 2019 and employs 12 staff.", "latin-1")
    assert read_text(path) == "The café opened in 2019 and employs 12 staff."


@needs_shared
def test_seed_gbk_copy_reads_like_utf8(tmp_path: Path) -> None:
    original = SEED.read_text(encoding="utf-8")
    path = write(tmp_path, "seed.txt", original, "gbk")
    assert read_text(path) == read_text(SEED)


# --- cleaning ----------------------------------------------------------------------


@needs_shared
def test_seed_page_break_splits_are_repaired() -> None:
    text = read_text(SEED)
    assert "专项支\n" not in text
    assert "给予专项支持，包括新落户支持最高 2500 万元" in text
    assert "通过数字中国、开源工作坊活动" in text
    assert "知识产权管理人员、部门负责人" in text
    # the title, salutation, signature and date stay on their own lines
    lines = text.split("\n")
    assert lines[0].endswith("的答复")
    assert "尊敬的麦俊峰、周亮委员：" in lines
    assert lines[-3:] == ["福田区科技创新局", "", "2022年8月31日"]


@pytest.mark.parametrize(
    "number", ["- 3 -", "— 3 —", "－12－", "第 3 页", "第3页 共10页", "3", "Page 4 of 9"]
)
def test_lone_page_number_lines_are_removed(number: str) -> None:
    text = f"第一段内容。\n{number}\n第二段内容。"
    assert clean_text(text) == "第一段内容。\n第二段内容。"


def test_page_number_between_split_halves_is_removed_and_halves_joined() -> None:
    text = "为企业事业单位知识产权管理人\n\n- 7 -\n\n员提供课程。"
    assert clean_text(text) == "为企业事业单位知识产权管理人员提供课程。"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "关于区政协六届二次会议第20220191号建议的答复\n\n尊敬的麦俊峰委员：",
            "关于区政协六届二次会议第20220191号建议的答复\n\n尊敬的麦俊峰委员：",
        ),
        (
            "一、总体要求\n\n以习近平新时代中国特色社会主义思想为指导。",
            "一、总体要求\n\n以习近平新时代中国特色社会主义思想为指导。",
        ),
        ("福田区科技创新局\n\n2022年8月31日", "福田区科技创新局\n\n2022年8月31日"),
        (
            "2022年8月19日\n\n另外，云岭区新设立专项资金。",
            "2022年8月19日\n\n另外，云岭区新设立专项资金。",
        ),
        (
            "深圳市龙岗区工业和信息化局\n\n另外，龙岗区新设立专项资金。",
            "深圳市龙岗区工业和信息化局\n\n另外，龙岗区新设立专项资金。",
        ),
        (
            "推动形成 ICT 产业事实标准，提升行业协作效率\n\n关于建议五：福田区大力支持。",
            "推动形成 ICT 产业事实标准，提升行业协作效率\n\n关于建议五：福田区大力支持。",
        ),
        (
            "Appendix: Government Response\n\nI am writing in response.",
            "Appendix: Government Response\n\nI am writing in response.",
        ),
    ],
)
def test_headings_titles_and_dates_are_not_joined(before: str, after: str) -> None:
    assert clean_text(before) == after


def test_english_page_break_and_hard_wraps_are_joined() -> None:
    text = (
        "The Government is grateful for the report\nfrom the Committee on the\n\nmanagement of it."
    )
    joined = "The Government is grateful for the report from the Committee on the management of it."
    assert clean_text(text) == joined


def test_letter_spaced_cjk_is_joined_but_spaces_near_latin_and_digits_kept() -> None:
    text = "专 项 支 持 政 策\n新落户支持最高 2500 万元，R&D 投入\n中共中央 国务院"
    assert clean_text(text) == "专项支持政策\n新落户支持最高 2500 万元，R&D 投入\n中共中央 国务院"


def test_fullwidth_ascii_is_halfwidth_but_chinese_punctuation_kept() -> None:
    assert clean_text("ＡＢＣ１２３，最高２５００万元。（一）") == "ABC123，最高2500万元。（一）"


def test_newlines_indentation_and_invisible_characters() -> None:
    text = "\ufeff\u3000\u3000第一段。\r\n\u200b第二段。\r第三段。\n\n\n\n第四段。"
    assert clean_text(text) == "第一段。\n第二段。\n第三段。\n\n第四段。"


# --- formats -----------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于建议一：加大支持力度。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "项目", "金额", "备注"
    table.cell(1, 0).text, table.cell(1, 1).text = "新落户支持", "最高2500万元"
    table.cell(1, 1).merge(table.cell(1, 2))
    document.add_paragraph("福田区科技创新局")
    path = tmp_path / "reply.docx"
    document.save(str(path))
    text = read_text(path)
    assert text.split("\n") == [
        "关于建议一：加大支持力度。",
        "项目 | 金额 | 备注",
        "新落户支持 | 最高2500万元",
        "福田区科技创新局",
    ]


def test_pdf_text_layer_with_page_break_and_page_numbers(tmp_path: Path) -> None:
    pages = [
        ["关于建议一：二是支持政策方面，福田区针", "对软件与信息技术服务产业给予专项支", "- 1 -"],
        ["持，包括新落户支持最高 2500 万元、政", "府产业空间最低四折等。", "- 2 -"],
    ]
    path = write(tmp_path, "reply.pdf", make_pdf(pages))
    assert read_text(path) == (
        "关于建议一：二是支持政策方面，福田区针对软件与信息技术服务产业给予专项支持，"
        "包括新落户支持最高 2500 万元、政府产业空间最低四折等。"
    )


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([[], []]))
    with pytest.raises(InputError, match="no text layer.*OCR is not supported") as err:
        read_text(path)
    assert str(path) in str(err.value)


def test_html_visible_text_only(tmp_path: Path) -> None:
    html = (
        "<html><head><title>t</title><style>p{color:red}</style></head><body>"
        "<script>var x = '不可见';</script><h1>关于建议一</h1>"
        "<p>新落户支持最高&nbsp;2500 万元，\n政府产业空间最低四折。</p><div>第二段<br>第三段</div>"
        "</body></html>"
    )
    text = read_text(write(tmp_path, "page.html", html))
    assert text == "关于建议一\n新落户支持最高 2500 万元，政府产业空间最低四折。\n第二段\n第三段"


def test_html_in_gbk(tmp_path: Path) -> None:
    path = write(tmp_path, "page.htm", "<p>我局高度重视。</p>", "gbk")
    assert read_text(path) == "我局高度重视。"


# --- errors ------------------------------------------------------------------------


def assert_input_error(path: Path, *words: str) -> None:
    with pytest.raises(InputError) as err:
        read_text(path)
    message = str(err.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message
    assert err.value.exit_code == 2


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(tmp_path / "nope.txt", "not found")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert_input_error(tmp_path / "dir.txt", "is a directory")


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    assert_input_error(write(tmp_path, "empty.txt", b""), "empty")
    assert_input_error(write(tmp_path, "blank.md", " \n\u3000\n\t"), "no text")


def test_binary_data(tmp_path: Path) -> None:
    assert_input_error(write(tmp_path, "nul.txt", b"abc\x00\x01\x02def" * 10), "binary")
    assert_input_error(write(tmp_path, "noise.txt", bytes(range(128, 256)) * 20), "binary")


@pytest.mark.parametrize(
    ("name", "hint"), [("data.xyz", ".txt, .md"), ("old.doc", "save it as .docx")]
)
def test_unsupported_suffix_lists_supported_ones(tmp_path: Path, name: str, hint: str) -> None:
    assert_input_error(write(tmp_path, name, "text"), "unsupported file type", hint)


def test_corrupt_and_truncated_docx(tmp_path: Path) -> None:
    assert_input_error(
        write(tmp_path, "bad.docx", b"PK\x03\x04 not really a zip"), "not a readable .docx"
    )
    document = docx.Document()
    document.add_paragraph("内容" * 200)
    full = tmp_path / "full.docx"
    document.save(str(full))
    data = full.read_bytes()
    assert_input_error(write(tmp_path, "cut.docx", data[: len(data) // 2]), "corrupt or truncated")


def test_corrupt_and_truncated_pdf(tmp_path: Path) -> None:
    assert_input_error(
        write(tmp_path, "bad.pdf", b"%PDF-1.4\nthis is not a pdf"), "not a readable PDF"
    )
    data = make_pdf([["第一页内容。"]])
    assert_input_error(write(tmp_path, "cut.pdf", data[:120]), "corrupt or truncated")


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_TEXT_BYTES", 100)
    assert_input_error(write(tmp_path, "big.txt", "字" * 100), "limit")


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_loop(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    assert_input_error(tmp_path / "a.txt", "symbolic link loop")


# --- documents ---------------------------------------------------------------------


@needs_shared
def test_header_is_parsed_and_removed() -> None:
    path = REAL / "reply" / "yn_maguan_jtj_2023_0064.txt"
    doc = load_document(path)
    assert doc.title == "马关县交通运输局关于马关县第十八届人大二次会议第64号建议的答复函"
    assert (doc.kind, doc.issuer, doc.date, doc.lang) == (
        "reply",
        "马关县交通运输局",
        "2023-08-08",
        "zh",
    )
    assert doc.text.startswith("马关县交通运输局关于") and "source:" not in doc.text
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@needs_shared
def test_body_alone_gets_inferred_metadata(tmp_path: Path) -> None:
    body = (
        (REAL / "reply" / "yn_maguan_jtj_2023_0064.txt")
        .read_text(encoding="utf-8")
        .split("\n\n", 1)[1]
    )
    doc = load_document(write(tmp_path, "reply.txt", body, "gbk"))
    assert doc.title == "马关县交通运输局关于马关县第十八届人大二次会议第64号建议的答复函"
    assert (doc.kind, doc.issuer, doc.date) == ("reply", "马关县交通运输局", "2023-08-08")


@needs_shared
def test_seed_without_header() -> None:
    doc = load_document(SEED)
    assert doc.title.startswith("关于区政协六届二次会议第20220191号") and doc.title.endswith(
        "的答复"
    )
    assert (doc.kind, doc.issuer, doc.date, doc.lang) == (
        "reply",
        "福田区科技创新局",
        "2022-08-31",
        "zh",
    )


@needs_shared
def test_partial_file_loses_its_truncation_line() -> None:
    doc = load_document(REAL / "reply" / "sz_stic_2023_20230090.txt")
    assert TRUNCATION_MARK not in doc.text and doc.text.endswith("行业、市")


@needs_shared
def test_english_response_and_traditional_policy() -> None:
    en = load_document(REAL / "en_response" / "uk_dius_ius_committee_last_report_2008.txt")
    assert (en.kind, en.lang, en.date) == ("reply", "en", "2008")
    policy = load_document(REAL / "policy" / "gbf_2019_41_whly_xf.txt")
    assert (policy.kind, policy.lang, policy.issuer) == ("policy", "zh", "国务院办公厅")


@needs_shared
def test_every_real_file_loads() -> None:
    files = iter_corpus_files([REAL])
    assert len(files) == len(list(REAL.rglob("*.txt"))) and all(f.suffix == ".txt" for f in files)
    for path in files:
        doc = load_document(path, root=REAL)
        assert doc.text.strip() and TRUNCATION_MARK not in doc.text and doc.title
        assert doc.kind in ("reply", "policy", "proposal")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("深圳市促进产业发展若干措施\n\n第一条 为了促进产业发展，制定本措施。", "policy"),
        ("管理规定\n\n第一条 总则。", "policy"),
        (
            "Government response to the Committee\n\nThe Government accepts this recommendation.",
            "reply",
        ),
        ("关于加强农村科普工作的提案\n\n建议加大投入。", "proposal"),
        ("一份会议纪要\n\n会议讨论了若干事项。", "other"),
    ],
)
def test_kind_is_inferred_from_the_text(tmp_path: Path, text: str, kind: str) -> None:
    assert load_document(write(tmp_path, "doc.txt", text)).kind == kind


def test_ids_are_stable_and_relative_to_the_root(tmp_path: Path) -> None:
    for corpus in ("a", "b"):
        (tmp_path / corpus / "sub").mkdir(parents=True)
        write(tmp_path / corpus / "sub", "r.txt", "我局高度重视。")
    a = load_document(tmp_path / "a" / "sub" / "r.txt", root=tmp_path / "a")
    b = load_document(tmp_path / "b" / "sub" / "r.txt", root=tmp_path / "b")
    assert a.id == b.id and len(a.id) == 12 and a.path == "sub/r.txt"
    assert load_document(tmp_path / "a" / "sub" / "r.txt").id != a.id


def test_header_without_body_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "h.txt", "title: 标题\nkind: reply\n\n")
    with pytest.raises(InputError, match="no text after it"):
        load_document(path)


# --- corpus walking ----------------------------------------------------------------


def test_iter_corpus_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a/z.docx", "a/y.md", ".hidden/x.txt", "a/.x.txt", "README.md",
                "a/README.md", "notes.json", "c/d/e.html"]:  # fmt: skip
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    os.symlink(root, root / "a" / "loop")  # a directory link back up: not followed
    extra = write(tmp_path, "extra.pdf", b"%PDF")
    found = iter_corpus_files([root, extra, root / "b.txt"])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == [
        "corpus/b.txt",
        "corpus/a/y.md",
        "corpus/a/z.docx",
        "corpus/c/d/e.html",
        "extra.pdf",
    ]
    assert set(SUPPORTED_SUFFIXES) >= {p.suffix for p in found}


def test_iter_corpus_files_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        iter_corpus_files([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("x")
    with pytest.raises(InputError, match=r"no documents found \(supported: .txt, .md"):
        iter_corpus_files([tmp_path / "empty"])
    with pytest.raises(InputError, match="unsupported file type"):
        iter_corpus_files([tmp_path / "empty" / "data.csv"])


def test_copy_of_real_tree_is_walked_like_the_original(tmp_path: Path) -> None:
    if not REAL.is_dir():
        pytest.skip("../shared absent")
    shutil.copytree(REAL, tmp_path / "real")
    ours = [p.relative_to(tmp_path / "real") for p in iter_corpus_files([tmp_path / "real"])]
    assert ours == [p.relative_to(REAL) for p in iter_corpus_files([REAL])]


def test_header_block_is_not_joined_to_an_unpunctuated_first_line(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(
        "title: 云岭区人才实施办法\nkind: policy\nissuer: 云岭区人力资源局\ndate: 2021-06-18\n\n"
        "云岭区人力资源局关于印发《云岭区人才实施办法》的通知\n\n第一条 为引进人才，制定本办法。\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.date == "2021-06-18"
    assert doc.issuer == "云岭区人力资源局"
    assert doc.text.startswith("云岭区人力资源局关于印发")


@pytest.mark.parametrize(
    "meta",
    [
        "区政协六届四次会议第20240178号\u3000提案人：邓佳琪委员",
        "领衔代表：王海",
        "第56号建议",
        "联系电话：0755-12345678",
    ],
)
def test_metadata_lines_are_not_joined_to_the_next_paragraph(tmp_path: Path, meta: str) -> None:
    path = tmp_path / "p.txt"
    path.write_text(
        f"关于降低软件企业成本的提案\n\n{meta}\n\n软件企业以研发人员为主，办公成本偏高。\n",
        encoding="utf-8",
    )
    lines = [ln for ln in read_text(path).splitlines() if ln]
    assert lines[-1] == "软件企业以研发人员为主，办公成本偏高。"


# --- page furniture, forms, lists, markup ---------------------------------------------


def test_running_headers_and_footers_are_removed_from_form_feed_pages() -> None:
    pages = [
        "关于加快开源产业发展的建议\n云岭区政协提案\n建议一：加大扶持，提高对开源项目的支\n"
        "云岭区政协 第 1 页",
        "云岭区政协提案\n持力度。\n建议二：培养人才。\n云岭区政协 第 2 页",
        "云岭区政协提案\n建议三：健全服务。\n云岭区政协 第 3 页",
    ]
    assert clean_text("\x0c".join(pages)).split("\n") == [
        "关于加快开源产业发展的建议",
        "建议一：加大扶持，提高对开源项目的支持力度。",
        "建议二：培养人才。",
        "",
        "建议三：健全服务。",
    ]


def test_a_title_repeated_as_running_header_is_kept_on_the_first_page() -> None:
    pages = ["关于加快开源产业发展的建议\n正文第一页。", "关于加快开源产业发展的建议\n正文第二页。"]
    assert clean_text("\x0c".join(pages)).split("\n") == [
        "关于加快开源产业发展的建议",
        "正文第一页。",
        "",
        "正文第二页。",
    ]


def test_header_field_lines_end_their_paragraph() -> None:
    text = "附议代表：田秀兰、蔡志强、欧阳晨\n\n中小企业是稳增长的重要力量。"
    assert clean_text(text) == text


def test_english_line_ending_in_a_colon_runs_on_in_lower_case() -> None:
    text = "The Fund should be simpler for the smallest firms:\nthe Council should act."
    assert clean_text(text) == (
        "The Fund should be simpler for the smallest firms: the Council should act."
    )


def test_fullwidth_halfwidth_cjk_punctuation_is_normalised() -> None:
    assert clean_text("一､加强服务｡｢试点｣") == "一、加强服务。「试点」"


def test_docx_form_table_rows_become_fields_and_text_frames_keep_paragraphs(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    form = document.add_table(rows=2, cols=4)
    texts = ["提 案 人", "陈立新", "界别：", "科技界", "案由", "加快开源产业发展", "联系电话", ""]
    for cell, text in zip(form._cells, texts, strict=True):
        cell.text = text
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "建议一：加大支持。"
    frame.cell(0, 0).add_paragraph("建议二：培养人才。")
    path = tmp_path / "form.docx"
    document.save(str(path))
    assert read_text(path).split("\n") == [
        "提案人：陈立新",
        "界别：科技界",
        "案由：加快开源产业发展",
        "建议一：加大支持。",
        "建议二：培养人才。",
    ]


def _numbered_docx(path: Path, levels: list[tuple[str, str]], items: list[tuple[int, str]],
                   start: int = 1) -> None:  # fmt: skip
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="{start if n == 0 else 1}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for n, (fmt, text) in enumerate(levels)
    )
    numbering.find(qn("w:num")).addprevious(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for level, text in items:
        numpr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = level
        numpr.get_or_add_numId().val = 90
    document.save(str(path))


def test_docx_multilevel_list_numbering_restarts_inner_levels(tmp_path: Path) -> None:
    path = tmp_path / "list.docx"
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    items = [(0, "基本情况"), (1, "甲"), (1, "乙"), (2, "细节"), (0, "建议"), (1, "丙")]
    _numbered_docx(path, levels, items, start=9)
    assert read_text(path).split("\n") == [
        "九、基本情况", "（一）甲", "（二）乙", "1. 细节", "十、建议", "（一）丙",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "labels"),
    [
        ("decimalEnclosedCircle", ["①", "②", "③"]),
        ("upperRoman", ["I.", "II.", "III."]),
        ("lowerLetter", ["a.", "b.", "c."]),
        ("bullet", ["", "", ""]),
    ],
)
def test_docx_list_number_formats(tmp_path: Path, fmt: str, labels: list[str]) -> None:
    path = tmp_path / "list.docx"
    text = "%1" if fmt == "decimalEnclosedCircle" else "•" if fmt == "bullet" else "%1."
    _numbered_docx(path, [(fmt, text)], [(0, "甲项"), (0, "乙项"), (0, "丙项")])
    got = read_text(path).split("\n")
    items = ["甲项", "乙项", "丙项"]
    assert got == [
        f"{label} {item}" if label.endswith(".") else label + item
        for label, item in zip(labels, items, strict=True)
    ]


def test_html_article_is_preferred_and_pre_keeps_its_lines(tmp_path: Path) -> None:
    html = (
        "<body><div class='top'>云岭区政协提案办理平台</div><article><h1>关于建议的题目</h1>"
        "<pre>建议一：加强服务。\n建议二：完善设施。</pre><span hidden>隐藏</span>"
        "<div aria-hidden='true'>读屏隐藏</div><p class='sr-only'>跳到正文</p></article>"
        "<aside>相关链接</aside></body>"
    )
    assert read_text(write(tmp_path, "a.html", html)).split("\n") == [
        "关于建议的题目",
        "建议一：加强服务。",
        "建议二：完善设施。",
    ]


def test_html_form_table_nested_tables_and_unclosed_cells(tmp_path: Path) -> None:
    html = (
        "<table><tr><td>提案人<td>张三<td>界别<td>经济界"
        "<tr><td>内容<td><table><tr><td>项目</td><td>金额</td></tr></table>建议一：加强。"
        "</table><p>结尾。</p>"
    )
    assert read_text(write(tmp_path, "f.html", html)).split("\n") == [
        "提案人：张三",
        "界别：经济界",
        "内容：项目 | 金额",
        "建议一：加强。",
        "结尾。",
    ]


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    md = (
        "# 关于加强服务的建议\n\n> **提案人**：张三\n\n---\n\n## 一、建议\n\n"
        "- **建议一**：加强[社区](http://x.cn)服务。\n* 建议二：完善`设施`。\n\n"
        "| 项目 | 金额 |\n|---|---:|\n| 补贴 | 20万元 |\n"
    )
    assert [ln for ln in read_text(write(tmp_path, "p.md", md)).split("\n") if ln] == [
        "关于加强服务的建议",
        "提案人：张三",
        "一、建议",
        "建议一：加强社区服务。",
        "建议二：完善设施。",
        "项目 | 金额",
        "补贴 | 20万元",
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    text = PARAGRAPH + "\n" + PARAGRAPH
    assert read_text(write(tmp_path, "nobom.txt", text, encoding)) == text


def test_english_utf16_without_bom_and_stray_nul_bytes(tmp_path: Path) -> None:
    text = "The Council should publish its plan.\nIt should report every six months."
    assert read_text(write(tmp_path, "en.txt", text, "utf-16-le")) == text
    damaged = PARAGRAPH.encode()[:30] + b"\x00" * 100 + PARAGRAPH.encode()[30:]
    assert read_text(write(tmp_path, "nul.txt", damaged)) == PARAGRAPH


def test_mojibake_from_a_wrong_gb18030_reading_is_refused(tmp_path: Path) -> None:
    scrambled = bytes(b ^ 0x33 for b in PARAGRAPH.encode())
    assert_input_error(write(tmp_path, "x.txt", scrambled), "cannot be decoded")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ["password-protected"]),
        ("scan.jpg", b"\xff\xd8\xff\xe0" + bytes(600), ["image", "OCR"]),
        ("letter.rtf", b"{\\rtf1\\ansi hello}", ["RTF"]),
        ("archive.zip", b"PK\x03\x04" + bytes(600), ["ZIP archive"]),
    ],
)
def test_formats_drafter_cannot_read_say_what_to_do(
    tmp_path: Path, name: str, data: bytes, words: list[str]
) -> None:
    assert_input_error(write(tmp_path, name, data), *words)


def test_a_pdf_or_docx_with_the_wrong_suffix_is_read_by_its_content(tmp_path: Path) -> None:
    pdf = write(tmp_path, "export.txt", make_pdf([["关于建议一：加大支持力度。"]]))
    assert read_text(pdf) == "关于建议一：加大支持力度。"
    document = docx.Document()
    document.add_paragraph("建议二：培养人才。")
    document.save(str(tmp_path / "saved.doc"))
    assert read_text(tmp_path / "saved.doc") == "建议二：培养人才。"
    page = write(tmp_path, "page.xls", "<html><body><p>建议三：健全服务。</p></body></html>")
    assert read_text(page) == "建议三：健全服务。"
