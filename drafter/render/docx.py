"""DraftReply → a Word document in the official layout, citations as comments.

The Chinese reply follows GB/T 9704-2012 (see ``_docx_layout.ZH``); the English
one is an A4 letter.  The DOCX contract (shared with the edited-draft reader):

- each answer sentence is its own run(s) in its section's body paragraph; a
  sentence with citations carries one Word comment (author "drafter") anchored
  on exactly its runs, listing each cited source as
  ``《title》 · section · date — “passage”`` and ending ``[evidence: id1, id2]``;
- a sentence marked for verification is highlighted yellow and its comment
  starts with ``【待核实】所引材料中没有：…`` / ``[VERIFY] not in the cited sources: …``;
- section headings are their own ``Heading 1`` paragraphs with the exact
  heading text; frame lines (办理类别, 签发人, title, salutation, opening,
  closing, issuer, date, 联系人/联系电话, 抄送) are their own paragraphs;
- after a page break: the editor notes, then the appendix table
  (序号, evidence id, source title, section, date, passage).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from drafter._genre import (
    CANDIDATES_EN,
    CANDIDATES_ZH,
    EMPTY_EN,
    EMPTY_ZH,
    book,
    candidate_line,
    default_stance_labels,
    response_label,
    stance_line,
)
from drafter.render import _docx_layout as lay
from drafter.types import DraftReply, Evidence, Section, Sentence

#: Author of every comment the renderer writes.
AUTHOR = "drafter"

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "category": "办理类别：", "signer": "签发人：", "blank": "【    】",
        "undecided": "待定", "empty": EMPTY_ZH, "candidates": CANDIDATES_ZH,
        "contact": "联系人：", "phone": "联系电话：", "cc": "抄送：",
        "notes": "编辑提示（定稿前删除）", "annex": "附：引用材料一览",
        "not_in": "【待核实】所引材料中没有：", "bad_id": "【待核实】引用了不存在的材料：",
        "unsupported": "【待核实】所引材料不足以支持此句", "sep": "、",
        "missing": "（材料中没有此编号）", "stance": "建议办理类别",
    },
    "en": {
        "category": "Response: ", "signer": "Signed off by: ", "blank": "[    ]",
        "undecided": "to be decided",
        "empty": EMPTY_EN, "candidates": CANDIDATES_EN,
        "contact": "Contact: ", "phone": "Telephone: ", "cc": "cc: ",
        "notes": "Editor notes (delete before sending)", "annex": "Annex: evidence cited",
        "not_in": "[VERIFY] not in the cited sources: ",
        "bad_id": "[VERIFY] cites evidence that does not exist: ",
        "unsupported": "[VERIFY] not supported by the cited sources", "sep": ", ",
        "missing": "(no such evidence)", "stance": "Proposed response",
    },
}
#: The appendix table's column heads (序号, evidence id, title, section, date, passage).
_HEAD = {"zh": ("序号", "编号", "来源", "章节", "日期", "原文"),
         "en": ("No.", "Evidence id", "Source", "Section", "Date", "Passage")}
_ID_FONT = lay.Font("Courier New", "Courier New", 7.5)
_COLS_MM = {"zh": [10.0, 28.0, 29.0, 25.0, 22.0, 42.0], "en": [9.0, 28.0, 31.0, 30.0, 21.0, 41.0]}


def _width(text: str) -> float:
    """Width in body characters: CJK and full-width count 1, the rest half."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.5 for c in text)


def _short_label(label: str) -> str:
    """"B（正在解决或列入计划解决）" → "B"; labels without a bracket stay whole."""
    for bracket in ("（", "("):
        label = label.split(bracket)[0]
    return label.strip()


def category_line(draft: DraftReply, labels: dict[str, str]) -> tuple[str, bool]:
    """The 办理类别 / Response line's value, and whether it is a placeholder.

    One class when every section's proposed stance maps to the same label;
    【待定】 when none is decided; otherwise a bracketed list per recommendation
    for the office to settle.
    """
    t = _TEXT[draft.lang]
    short = [_short_label(labels[s.stance]) if s.stance in labels else "" for s in draft.sections]
    if short and all(short) and len(set(short)) == 1:
        return short[0], False
    if not any(short):
        return t["blank"][0] + t["undecided"] + t["blank"][-1], True
    parts = [f"{s.heading.removeprefix('关于')} {lab or t['undecided']}"
             for s, lab in zip(draft.sections, short, strict=True)]
    joiner = "；" if draft.lang == "zh" else "; "
    return t["blank"][0] + joiner.join(parts) + t["blank"][-1], True


def flagged(sent: Sentence) -> bool:
    """Whether the sentence is marked for verification."""
    return sent.supported is False or bool(sent.unsupported_facts)


def comment_text(draft: DraftReply, sent: Sentence) -> str:
    """The comment for one sentence: the reason to verify (if any), the sources, the ids."""
    t = _TEXT[draft.lang]
    lines: list[str] = []
    missing = [c for c in sent.citations if c not in draft.evidence]
    if flagged(sent):
        if sent.unsupported_facts:
            lines.append(t["not_in"] + t["sep"].join(sent.unsupported_facts))
        if missing:
            lines.append(t["bad_id"] + ", ".join(missing))
        if not lines:
            lines.append(t["unsupported"])
    for eid in sent.citations:
        ev = draft.evidence.get(eid)
        lines.append(f"{eid} {t['missing']}" if ev is None else source_line(ev, draft.lang))
    lines.append(f"[evidence: {', '.join(sent.citations)}]")
    return "\n".join(lines)


def source_line(ev: Evidence, lang: str) -> str:
    """``《title》 · section · date — “passage”`` (the title unbracketed in English)."""
    src = ev.source
    title = book(src.title) if lang == "zh" else src.title
    where = " · ".join(x for x in (title, src.issuer, src.section, src.date) if x)
    passage = " ".join(ev.text.split())
    return f"{where} — “{passage}”" if where else f"“{passage}”"


class _Builder:
    """Writes one draft into a fresh python-docx Document."""

    def __init__(self, draft: DraftReply, labels: dict[str, str]) -> None:
        self.draft = draft
        self.labels = labels
        self.layout = lay.EN if draft.lang == "en" else lay.ZH
        self.t = _TEXT[draft.lang]
        self.doc: Any = Document()
        body = self.doc.element.body
        for p in list(body.iterchildren(tag="{*}p")):
            body.remove(p)
        lay.setup_styles(self.doc, self.layout)
        lay.setup_page(self.doc, self.layout)
        lay.add_font_fallbacks(self.doc, self.layout)
        props = self.doc.core_properties
        props.title, props.author = draft.title, AUTHOR
        props.language = "zh-CN" if draft.lang == "zh" else "en-GB"
        props.comments = "Drafted by drafter: each cited sentence's sources are in its comment."

    # -- small pieces -------------------------------------------------------------------

    def para(self, text: str = "", *, style: str | None = None, font: lay.Font | None = None,
             align: Any = None) -> Any:
        p = self.doc.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        if text:
            self.run(p, text, font)
        return p

    def run(self, p: Any, text: str, font: lay.Font | None = None, *,
            mark: str | None = None) -> Any:
        r = p.add_run(text)
        lay.run_fonts(r, font or self.layout.body)
        if mark:
            lay.highlight(r, mark)
        return r

    def labelled(self, p: Any, pairs: list[tuple[str, str, bool]],
                 font: lay.Font | None = None) -> None:
        """Runs of "label：value", the value highlighted grey when it is a placeholder."""
        for label, value, blank in pairs:
            self.run(p, label, font)
            self.run(p, value, font, mark="lightGray" if blank else None)

    # -- the letter ---------------------------------------------------------------------

    def head(self) -> None:
        zh = self.draft.lang == "zh"
        right = WD_ALIGN_PARAGRAPH.RIGHT
        value, blank = category_line(self.draft, self.labels)
        p = self.para(align=right)
        self.labelled(p, [(self.t["category"], value, blank)],
                      self.layout.heading if zh else None)
        p = self.para(align=right)
        self.labelled(p, [(self.t["signer"], self.t["blank"], True)])
        if not zh and self.draft.date:
            self.para(self.draft.date, align=right)
        title = self.para(style="Title")
        title.paragraph_format.space_before = Pt(self.layout.line_pt or 12)
        self.run(title, self.draft.title, self.layout.title)
        self.para(self.draft.salutation)
        self.body(self.draft.opening)

    def body(self, text: str) -> Any:
        p = self.para(text)
        if self.layout.indent_chars:
            lay.indent_chars(p, self.layout, first=self.layout.indent_chars)
        return p

    def sections(self) -> None:
        zh = self.draft.lang == "zh"
        for section in self.draft.sections:
            h = self.para(style="Heading 1")
            self.run(h, section.heading, self.layout.heading)
            if self.layout.indent_chars:
                lay.indent_chars(h, self.layout, first=self.layout.indent_chars)
            if not zh:
                self.response_head(section)
            p = self.body("")
            if not section.sentences:
                self.run(p, self.t["empty"], mark="yellow")
            for i, sent in enumerate(section.sentences):
                if i and not zh:
                    self.run(p, " ")
                r = self.run(p, sent.text, mark="yellow" if flagged(sent) else None)
                if sent.citations or flagged(sent):
                    self.doc.add_comment(r, text=comment_text(self.draft, sent),
                                         author=AUTHOR, initials="dr")
            self.candidates(section)

    def response_head(self, section: Section) -> None:
        """An English response: the recommendation quoted, then the response and its stance."""
        rec = self.draft.recommendation(section.recommendation)
        if rec is not None:
            for line in (ln for ln in rec.text.split("\n") if ln.strip()):
                quote = self.para(style="Drafter Quote")
                self.run(quote, line.strip(), self.layout.body).italic = True
        p = self.para()
        self.run(p, f"{response_label(self.draft.issuer)}: ", self.layout.body).bold = True
        line = stance_line(section.stance, self.labels)
        self.run(p, line, mark="lightGray" if section.stance not in self.labels else None)

    def candidates(self, section: Section) -> None:
        """The candidates under a section, shaded: the editor accepts or deletes them."""
        if not section.candidates:
            return
        lines = [self.t["candidates"], *(candidate_line(ev, n, self.draft.lang)
                                         for n, ev in enumerate(section.candidates, 1))]
        for line in lines:
            self.run(self.para(style="Drafter Candidate"), line, self.layout.notes)

    def tail(self) -> None:
        zh = self.draft.lang == "zh"
        d = self.draft
        closing = self.body(d.closing)
        closing.paragraph_format.keep_with_next = True  # no signature alone on a page
        if zh:
            issuer = self.para(d.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
            issuer.paragraph_format.keep_with_next = True
            issuer.paragraph_format.space_before = Pt(2 * (self.layout.line_pt or 0))
            shift = 4 + (_width(d.date) - _width(d.issuer)) / 2
            if shift > 0:
                lay.indent_chars(issuer, self.layout, right=shift)
            date = self.para(d.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
            lay.indent_chars(date, self.layout, right=4)
        else:
            issuer = self.para(d.issuer)
            issuer.paragraph_format.space_before = Pt(18)
        contact = self.para()
        contact.paragraph_format.space_before = Pt(self.layout.line_pt or 12)
        if self.layout.indent_chars:
            lay.indent_chars(contact, self.layout, first=self.layout.indent_chars)
        gap = "　　" if zh else "    "
        self.labelled(contact, [(self.t["contact"], self.t["blank"], True),
                                (gap + self.t["phone"], self.t["blank"], True)])
        cc = self.para()
        small = lay.Font(self.layout.body.east_asia, self.layout.body.latin, 14) if zh else None
        self.labelled(cc, [(self.t["cc"], self.t["blank"], True)], small)
        if zh:
            cc.paragraph_format.space_before = Pt(self.layout.line_pt or 0)
            lay.indent_chars(cc, self.layout, left=1, right=1)
            lay.put(cc._p.get_or_add_pPr(), lay.w_el(
                '<w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
                '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'))

    # -- after the page break -----------------------------------------------------------

    def notes(self) -> bool:
        d = self.draft
        sep = "：" if d.lang == "zh" else ": "
        items = list(d.editor_notes)
        for s in d.sections:
            if s.stance in self.labels and s.stance_reason:
                items.append(f"{s.heading}{sep}{self.t['stance']} {self.labels[s.stance]}"
                             f" — {s.stance_reason}")
            items.extend(f"{s.heading}{sep}{note}" for note in s.notes)
        if not items:
            return False
        h = self.para(style="Heading 1")
        self.run(h, self.t["notes"], self.layout.heading)
        lay.page_break_before(h)
        for item in items:
            p = self.para(style="Drafter Note")
            self.run(p, "• " if d.lang == "en" else "● ", self.layout.notes)
            self.run(p, item, self.layout.notes)
        return True

    def cited_ids(self) -> list[str]:
        ids: list[str] = []
        for s in self.draft.sections:
            for sent in s.sentences:
                ids.extend(c for c in sent.citations if c not in ids)
        return ids

    def appendix(self, after_break: bool) -> None:
        ids = self.cited_ids()
        if not ids:
            return
        h = self.para(style="Heading 1")
        self.run(h, self.t["annex"], self.layout.heading)
        if not after_break:
            lay.page_break_before(h)
        else:
            h.paragraph_format.space_before = Pt(self.layout.line_pt or 12)
        table = self.doc.add_table(rows=1, cols=6)
        table.style = self.doc.styles["Table Grid"]
        head_font = lay.Font(self.layout.heading.east_asia, self.layout.table.latin,
                             self.layout.table.size, bold=True)
        for cell, text in zip(table.rows[0].cells, _HEAD[self.draft.lang], strict=True):
            self._cell(cell, text, head_font)
        lay.repeat_header(table.rows[0])
        for n, eid in enumerate(ids, 1):
            ev = self.draft.evidence.get(eid)
            src = ev.source if ev else None
            values = [str(n), eid, src.title if src else self.t["missing"],
                      src.section if src else "", src.date if src else "",
                      " ".join(ev.text.split()) if ev else ""]
            row = table.add_row()
            for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                self._cell(cell, text, _ID_FONT if i == 1 else self.layout.table)
        lay.cell_widths(table, _COLS_MM[self.draft.lang])

    def _cell(self, cell: Any, text: str, font: lay.Font) -> None:
        p = cell.paragraphs[0]
        p.style = self.doc.styles["Drafter Table"]
        self.run(p, text, font)

    def build(self) -> bytes:
        self.head()
        self.sections()
        self.tail()
        had_notes = self.notes()
        self.appendix(had_notes)
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render_docx(draft: DraftReply, *, stance_labels: dict[str, str] | None = None) -> bytes:
    """The draft as a .docx file's bytes (GB/T 9704 layout for zh, an A4 letter for en).

    Args:
        draft: The draft reply to render.
        stance_labels: Stance → label (e.g. "partly" → "B（正在解决或列入计划解决）");
            defaults to the configured labels for the draft's language.

    Returns:
        The bytes of a Word document that Word, WPS and LibreOffice open.
    """
    labels = stance_labels if stance_labels is not None else (
        draft.stance_labels or default_stance_labels(draft.lang))
    safe = DraftReply.model_validate(xml_safe(draft.model_dump()))
    return _Builder(safe, xml_safe(labels)).build()


#: Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates,
#: U+FFFE and U+FFFF); a document may carry them into a title or a passage.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def xml_safe(value: Any) -> Any:
    """A copy of a JSON-like ``value`` whose strings XML can hold.

    Control characters go; a lone surrogate (a byte of a file name that is not
    UTF-8) becomes U+FFFD.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", _XML_ILLEGAL.sub("", value))
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(v) for v in value]
    return value


def write_docx(draft: DraftReply, path: str | Path, *,
               stance_labels: dict[str, str] | None = None) -> Path:
    """Render ``draft`` as .docx and write it to ``path``; returns the path."""
    out = Path(path)
    out.write_bytes(render_docx(draft, stance_labels=stance_labels))
    return out


#: Binary renderers by format name (the text ones are ``drafter.render.RENDERERS``).
BINARY_RENDERERS: dict[str, Callable[[DraftReply], bytes]] = {"docx": render_docx}
