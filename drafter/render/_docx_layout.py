"""Page, style and font plumbing for the DOCX renderer.

The layouts are data (:class:`Layout`): the Chinese one follows GB/T
9704-2012 (A4, margins 37/35/28/26 mm, body 仿宋 三号 on a 22-line grid,
title 小标宋 二号, headings 黑体 三号, "— 1 —" page numbers on alternate
sides); the English one is a plain A4 letter.  The helpers here write what
python-docx does not expose: East Asian font names (``w:rFonts/@w:eastAsia``,
with the theme attributes that would override them removed), character-based
indents, the document grid, PAGE fields and the font table's fallbacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

#: Schema order of the children this module writes (Word rejects out-of-order XML).
_ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
}


def put(parent: Any, child: Any) -> Any:
    """Insert ``child`` into ``parent`` (a pPr or tblPr) at its schema place, replacing its kind."""
    local = child.tag.rsplit("}", 1)[-1]
    order = _ORDER[parent.tag.rsplit("}", 1)[-1]]
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(local)
    for i, sib in enumerate(parent):
        name = sib.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def w_el(xml: str) -> Any:
    """One WordprocessingML element from its XML (the ``w`` namespace declared)."""
    return parse_xml(re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {nsdecls('w')}", xml,
                            count=1))


@dataclass(frozen=True)
class Font:
    """A font as Word declares it: the East Asian face and the Latin face."""

    east_asia: str
    latin: str
    size: float
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    """Everything about the page that differs between the Chinese and English reply."""

    lang: str
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    body: Font
    title: Font
    heading: Font
    notes: Font
    table: Font
    page_number: Font
    #: Fixed line spacing in points (GB/T: 22 lines a page); None = single.
    line_pt: float | None
    #: First-line indent of body paragraphs, in characters (0 = none).
    indent_chars: int
    #: Space after each body paragraph in points (0 on the Chinese grid).
    space_after_pt: float
    #: Odd pages' numbers right, even pages' left; else centred.
    odd_even: bool
    #: The text either side of the page number.
    page_dash: tuple[str, str]
    #: Fonts not everywhere installed, and the face to show instead.
    fallbacks: tuple[tuple[str, str], ...] = ()


ZH = Layout(
    lang="zh",
    margins_mm=(37, 35, 28, 26),
    body=Font("FangSong_GB2312", "Times New Roman", 16),
    title=Font("方正小标宋简体", "Times New Roman", 22),
    heading=Font("黑体", "Times New Roman", 16),
    notes=Font("楷体", "Times New Roman", 14),
    table=Font("FangSong_GB2312", "Times New Roman", 10.5),
    page_number=Font("宋体", "Times New Roman", 14),
    line_pt=28.95,
    indent_chars=2,
    space_after_pt=0,
    odd_even=True,
    page_dash=("— ", " —"),
    fallbacks=(("FangSong_GB2312", "仿宋"), ("方正小标宋简体", "宋体"),
               ("黑体", "SimHei"), ("楷体", "KaiTi"), ("宋体", "SimSun")),
)

EN = Layout(
    lang="en",
    margins_mm=(25, 25, 25, 25),
    body=Font("Times New Roman", "Times New Roman", 12),
    title=Font("Times New Roman", "Times New Roman", 14, bold=True),
    heading=Font("Times New Roman", "Times New Roman", 12, bold=True),
    notes=Font("Arial", "Arial", 10),
    table=Font("Arial", "Arial", 9),
    page_number=Font("Times New Roman", "Times New Roman", 10),
    line_pt=None,
    indent_chars=0,
    space_after_pt=8,
    odd_even=False,
    page_dash=("", ""),
)


def set_fonts(rpr: Any, font: Font, *, size: bool = True) -> None:
    """Write ``font`` into an ``w:rPr`` element: every script's face, size and weight."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), font.east_asia)
    rfonts.set(qn("w:ascii"), font.latin)
    rfonts.set(qn("w:hAnsi"), font.latin)
    rfonts.set(qn("w:cs"), font.latin)
    if size:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(round(font.size * 2)))


def run_fonts(run: Any, font: Font) -> None:
    """Give one run ``font`` (faces, size, bold) directly, as WPS expects."""
    set_fonts(run._r.get_or_add_rPr(), font)
    run.font.bold = font.bold or None


def _char_indent(paragraph_format: Any, attr: str, chars: float, pt: float) -> None:
    """An indent in characters (``w:firstLineChars`` etc.) with its points as fallback."""
    setattr(paragraph_format, attr, Pt(pt))
    ind = paragraph_format._element.get_or_add_pPr().find(qn("w:ind"))
    name = {"first_line_indent": "w:firstLineChars", "right_indent": "w:rightChars",
            "left_indent": "w:leftChars"}[attr]
    ind.set(qn(name), str(round(chars * 100)))


def indent_chars(paragraph: Any, layout: Layout, *, first: float = 0, right: float = 0,
                 left: float = 0) -> None:
    """Indent ``paragraph`` by whole characters of the body font."""
    pf = paragraph.paragraph_format
    em = layout.body.size
    if first:
        _char_indent(pf, "first_line_indent", first, first * em)
    if right:
        _char_indent(pf, "right_indent", right, right * em)
    if left:
        _char_indent(pf, "left_indent", left, left * em)


def _spacing(pf: Any, layout: Layout, after: float) -> None:
    pf.space_before = Pt(0)
    pf.space_after = Pt(after)
    if layout.line_pt is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(layout.line_pt)
    else:
        pf.line_spacing = 1.15


def _paragraph_style(styles: Any, name: str) -> Any:
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        return style


def setup_styles(doc: Any, layout: Layout) -> None:
    """Document defaults, Normal, Title, Heading 1 and the notes/table styles for ``layout``."""
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, layout.body)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN" if layout.lang == "zh" else "en-GB")
        lang.set(qn("w:val"), "en-GB" if layout.lang == "en" else "en-US")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for el in list(ppr):
        ppr.remove(el)

    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), layout.body)
    _spacing(normal.paragraph_format, layout, layout.space_after_pt)
    normal.paragraph_format.widow_control = False if layout.lang == "zh" else True

    title = _paragraph_style(doc.styles, "Title")
    _restyle(title, layout.title)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title.paragraph_format, layout, layout.space_after_pt)
    if layout.line_pt is not None:  # 二号 lines a little taller than the grid, a blank line after
        title.paragraph_format.line_spacing = Pt(35)
        title.paragraph_format.space_after = Pt(layout.line_pt)
        put(title.element.get_or_add_pPr(), w_el('<w:snapToGrid w:val="0"/>'))
    else:
        title.paragraph_format.space_after = Pt(18)

    heading = _paragraph_style(doc.styles, "Heading 1")
    _restyle(heading, layout.heading)
    _spacing(heading.paragraph_format, layout, 0 if layout.lang == "zh" else 4)
    heading.paragraph_format.keep_with_next = True
    if layout.lang == "en":
        heading.paragraph_format.space_before = Pt(6)

    quote = _paragraph_style(doc.styles, "Drafter Quote")  # a recommendation quoted
    _restyle(quote, layout.body)
    quote.paragraph_format.left_indent = Pt(2 * layout.body.size)
    quote.paragraph_format.space_after = Pt(4)
    # Editor notes end the letter; candidates sit under a section.  Both are shaded grey,
    # for the editor only, and read back by drafter check as not part of the letter.
    for name in ("Drafter Note", "Drafter Candidate"):
        notes = _paragraph_style(doc.styles, name)
        _restyle(notes, layout.notes)
        notes.paragraph_format.space_before = Pt(2)
        notes.paragraph_format.space_after = Pt(2)
        notes.paragraph_format.line_spacing = 1.15
        notes.paragraph_format.left_indent = Pt(layout.notes.size)
        notes.paragraph_format.first_line_indent = Pt(-layout.notes.size)
        pPr = notes.element.get_or_add_pPr()
        put(pPr, w_el('<w:shd w:val="clear" w:color="auto" w:fill="EDEDED"/>'))
        put(pPr, w_el('<w:snapToGrid w:val="0"/>'))

    table = _paragraph_style(doc.styles, "Drafter Table")
    _restyle(table, layout.table)
    table.paragraph_format.space_before = Pt(1)
    table.paragraph_format.space_after = Pt(1)
    table.paragraph_format.line_spacing = 1.0
    table.paragraph_format.first_line_indent = Pt(0)
    put(table.element.get_or_add_pPr(), w_el('<w:snapToGrid w:val="0"/>'))


def _restyle(style: Any, font: Font) -> None:
    """Strip a built-in style's theme fonts and colours and give it ``font``."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:spacing", "w:kern", "w:b", "w:bCs"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    set_fonts(rpr, font)
    style.font.bold = font.bold
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)


def setup_page(doc: Any, layout: Layout) -> None:
    """A4, the layout's margins, the line grid and the page-number footers."""
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = layout.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(22 if layout.lang == "zh" else 12)
    if layout.line_pt is not None:
        sect = section._sectPr
        for el in sect.findall(qn("w:docGrid")):
            sect.remove(el)
        pitch = round(layout.line_pt * 20)
        sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" '
                              f'w:linePitch="{pitch}"/>'))
    if layout.odd_even:
        doc.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer.paragraphs[0], layout, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer.paragraphs[0], layout, WD_ALIGN_PARAGRAPH.LEFT)
    else:
        _page_number(section.footer.paragraphs[0], layout, WD_ALIGN_PARAGRAPH.CENTER)


def _page_number(paragraph: Any, layout: Layout, align: Any) -> None:
    """``— PAGE —`` in the footer, one character in from the outer edge."""
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    em = layout.page_number.size
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(em)
    elif align == WD_ALIGN_PARAGRAPH.LEFT:
        pf.left_indent = Pt(em)
    before, after = layout.page_dash
    if before:
        run_fonts(paragraph.add_run(before), layout.page_number)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()
        run_fonts(run, layout.page_number)
        if kind:
            run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>'))
        elif text == " PAGE ":
            run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve">'
                                    f"{text}</w:instrText>"))
        else:
            run.text = text or ""
    if after:
        run_fonts(paragraph.add_run(after), layout.page_number)


def add_font_fallbacks(doc: Any, layout: Layout) -> None:
    """Declare the layout's fonts in the font table, each with its fallback as ``w:altName``.

    Word and WPS pick the ``altName`` face when the named one is not installed
    (FangSong_GB2312 is missing from most new Windows machines; 仿宋 is there).
    """
    if not layout.fallbacks:
        return
    part = next(p for p in doc.part.package.iter_parts()
                if str(p.partname) == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name, alt in layout.fallbacks:
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
            "</w:font>"))
    part._blob = serialize_part_xml(root)


def highlight(run: Any, color: str = "yellow") -> None:
    """Highlight a run (``w:highlight``) in ``color`` (yellow, lightGray, ...)."""
    rpr = run._r.get_or_add_rPr()
    for el in rpr.findall(qn("w:highlight")):
        rpr.remove(el)
    el = OxmlElement("w:highlight")
    el.set(qn("w:val"), color)
    rpr.append(el)


def cell_widths(table: Any, widths_mm: list[float]) -> None:
    """Fix a table's layout and give every column (grid and cells) its width."""
    tbl = table._tbl
    tblPr = tbl.tblPr
    total = round(sum(widths_mm) / 25.4 * 1440)
    put(tblPr, w_el(f'<w:tblW w:w="{total}" w:type="dxa"/>'))
    put(tblPr, w_el('<w:tblLayout w:type="fixed"/>'))
    put(tblPr, w_el('<w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
                    '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'))
    table.autofit = False
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
        for cell in col.cells:
            cell.width = Mm(w)


def repeat_header(row: Any) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def page_break_before(paragraph: Any) -> None:
    """Start ``paragraph`` on a new page."""
    paragraph.paragraph_format.page_break_before = True
