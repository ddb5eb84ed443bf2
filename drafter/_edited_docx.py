"""Reading an edited DOCX draft back: sentences, the evidence ids of their comments, the annex.

The DOCX that drafter renders carries each cited sentence's evidence in one
Word comment anchored on that sentence, whose last line is
``[evidence: id1, id2]``; the annex table ("附：引用材料一览" / "Annex:
evidence cited") quotes each passage.  A person then edits the file in Word
or WPS: rewrites, deletes and adds sentences, deletes comments, leaves
tracked changes.  ``read_docx`` reads what is left:

* the body paragraphs in order (tables and the editor notes left out);
  tracked changes are read **as if accepted**: inserted runs (``w:ins``,
  ``w:moveTo``) are kept, deleted ones (``w:del``, ``w:moveFrom``) skipped;
* recommendation headings by their wording, in any style;
* frame paragraphs (title, salutation, opening, closing, issuer, date, the
  签发人 / 联系人 / 联系电话 / 抄送 / 办理类别 lines and 【】 placeholders)
  skipped and listed;
* each sentence keeps the evidence ids of every comment whose range overlaps
  it; a sentence no comment touches any more gets none (the checker then
  searches the index for it);
* the annex table gives each evidence id's passage, as the Markdown draft's
  Sources lines do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter import limits
from drafter._edited_text import (
    MARKER,
    MARKS,
    PLACEHOLDER,
    frame_bounds,
    heading_split,
    is_heading,
    split_sentences,
)
from drafter._genre import CANDIDATE_LINE, RESPONSE_LINE
from drafter.errors import InputError
from drafter.faithfulness import VERIFY_EN, VERIFY_ZH
from drafter.ingest._docx import check_package
from drafter.ingest.facts import detect_lang

if TYPE_CHECKING:
    from drafter.edited import EditedDraft, EditedSentence

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Subtrees whose text is not in the accepted document (or is no text at all).
_SKIP = frozenset(_W + t for t in ("del", "moveFrom", "pPr", "rPr", "txbxContent", "instrText",
                                   "delText", "tblPr", "sectPr")) | {_MC + "Fallback"}
_CHARS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
#: The comment line naming the evidence: ``[evidence: id1, id2]``.
EVIDENCE_LINE = re.compile(r"\[\s*evidence\s*[:：]\s*([^\]]*)\]", re.I)
#: Where the letter ends: editor notes, the annex, sources.
_STOP = re.compile(r"^(?:编辑提示|附\s*[：:]|附件|引用来源|引用材料|Editor(?:'s|s)? notes?\b|"
                   r"Annex\b|Sources?\s*[:：]?$|Evidence cited\b)", re.I)
#: Lines of the letter's frame wherever they sit: signatory, contact, copy, result class.
_FRAME_LINE = re.compile(
    r"^(?:(?:签发人|联系人|联系电话|电话|抄送|办理类别|办理结果|主送|答复类别|"
    r"Signed(?: off)?(?: by)?|Signatory|Contact(?: officer)?|Tel(?:ephone)?|Phone|Copy to|cc|"
    r"Category|Response|(?:Government|Council|Department) response)\s*(?:[：:]|$)|[ABC甲乙丙]类$|"
    r"(?:Accepted(?: in part)?|Not accepted|Noted|Partly accepted)\.?$)", re.I)
_BRACKETED = re.compile(r"【[^】]*】|^\[[^\]]*\]$")
#: The renderer's editor-note style: where its heading was deleted, the notes still end the letter.
_NOTE_STYLE = re.compile(r"^Drafter\s*Note", re.I)
#: The renderer's candidates under a section: for the editor, not part of the letter.
_CANDIDATE_STYLE = re.compile(r"^Drafter\s*(?:Candidate|Quote)", re.I)
_HEAD_STYLE = re.compile(r"^(?:Heading|标题)\s*\d", re.I)
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


@dataclass
class _Para:
    text: str
    start: int  # offset of text[0] in the document's running text
    style: str = ""
    highlighted: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Walk:
    """The body as running text: paragraphs, comment ranges, highlighted spans."""

    paras: list[_Para] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    points: dict[str, int] = field(default_factory=dict)
    opened: dict[str, int] = field(default_factory=dict)
    offset: int = 0

    def body(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                self.tables.append(child)
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins",
                         _W + "moveTo"):
                self.body(child)
            else:
                self.mark(child)

    def mark(self, el: Any) -> bool:
        """Record a comment marker at the current offset; False when ``el`` is none."""
        cid = el.get(_W + "id")
        if el.tag == _W + "commentRangeStart":
            self.opened[cid] = self.offset
        elif el.tag == _W + "commentRangeEnd":
            if cid in self.opened:
                self.ranges[cid] = (self.opened.pop(cid), self.offset)
            else:  # its start was deleted: the comment points at where it ends
                self.points.setdefault(cid, self.offset)
        elif el.tag == _W + "commentReference":
            self.points.setdefault(cid, self.offset)
        else:
            return False
        return True

    def paragraph(self, p: Any) -> None:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        para = _Para("", self.offset, style.get(_W + "val", "") if style is not None else "")
        parts: list[str] = []

        def walk(el: Any) -> None:
            for child in el:
                tag = child.tag
                if tag in _SKIP or self.mark(child):
                    continue
                mark = child.find(f"{_W}rPr/{_W}highlight") if tag == _W + "r" else None
                if mark is not None and mark.get(_W + "val") == "yellow":
                    before = self.offset
                    walk(child)
                    para.highlighted.append((before, self.offset))
                    continue
                text = (child.text or "") if tag == _W + "t" else _CHARS.get(tag, "")
                if text:
                    parts.append(text)
                    self.offset += len(text)
                walk(child)

        walk(p)
        para.text = "".join(parts)
        self.paras.append(para)
        self.offset += 1  # the paragraph mark: ranges ending here do not touch the next one


def _cell_text(tc: Any) -> str:
    paras = []
    for p in tc.iter(_W + "p"):
        paras.append("".join(t.text or "" for t in p.iter(_W + "t")
                             if not any(a.tag in (_W + "del", _W + "moveFrom")
                                        for a in t.iterancestors())))
    return "\n".join(x for x in paras if x).strip()


_COLUMNS = {"id": re.compile(r"\bid\b|编号|证据|标识", re.I),
            "title": re.compile(r"title|source|标题|名称|来源|材料|文件", re.I),
            "section": re.compile(r"section|章节|条款|部分|段落", re.I),
            "date": re.compile(r"date|日期|时间", re.I),
            "passage": re.compile(r"passage|text|quote|原文|摘录|内容|引文", re.I)}
_POSITIONS = {"id": 1, "title": 2, "section": 3, "date": 4, "passage": 5}
_ID = re.compile(r"^[0-9a-f]{8,}$|^[\w.:/-]{4,}$", re.I)


def annex_passages(tables: list[Any]) -> dict[str, str]:
    """Evidence id → "passage\\n《title》 · section · date" from the annex table(s).

    A table counts as the annex when its header row has an evidence-id column
    and a passage column (by their names, else the contract's order: 序号/No.,
    evidence id, title, section, date, passage).
    """
    out: dict[str, str] = {}
    for tbl in tables:
        rows = [[_cell_text(tc) for tc in tr.iter(_W + "tc")] for tr in tbl.iter(_W + "tr")]
        if len(rows) < 2 or len(rows[0]) < 3:
            continue
        head = rows[0]
        cols: dict[str, int] = {}
        for name, pattern in _COLUMNS.items():  # the first matching header not yet taken
            found = [i for i, h in enumerate(head) if pattern.search(h) and i not in
                     cols.values()]
            if found:
                cols[name] = found[0]
        if "id" not in cols or "passage" not in cols:
            if len(head) < 6:
                continue
            cols = dict(_POSITIONS)
        for row in rows[1:]:
            get = {k: row[i].strip() if i < len(row) else "" for k, i in cols.items()}
            eid = get.get("id", "")
            if not _ID.match(eid) or not get.get("passage"):
                continue
            title = get.get("title", "")
            if title and not title.startswith("《") and re.search(r"[\u4e00-\u9fff]", title):
                title = f"《{title}》"
            where = " · ".join(x for x in (title, get.get("section", ""), get.get("date", ""))
                               if x)
            passage = get["passage"].strip('“”" ')
            out[eid] = f"{passage}\n{where}".strip()
    return out


def _comment_ids(doc: Any) -> tuple[dict[str, list[str]], set[str]]:
    """Comment id → the evidence ids its ``[evidence: …]`` line names; ids of VERIFY comments."""
    ids: dict[str, list[str]] = {}
    verify: set[str] = set()
    for comment in doc.comments:
        text = comment.text or ""
        cid = str(comment.comment_id)
        found = EVIDENCE_LINE.findall(text)
        if found:
            ids[cid] = [e.strip() for line in found for e in re.split(r"[,，;；\s]+", line)
                        if e.strip()]
        if text.lstrip().startswith((VERIFY_ZH, VERIFY_EN)):
            verify.add(cid)
    return ids, verify


def _open(path: Path, data: bytes) -> Any:
    """The python-docx Document, or an InputError that says what is wrong with the file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an encrypted .docx, or a .doc
        raise InputError("is password-protected (or an old-style .doc); save an unprotected "
                         ".docx copy from Word and check that", path=str(path))
    if not data.startswith(b"PK"):
        raise InputError("is not a Word document (.docx is a zip package); check the file "
                         "or save it again from Word", path=str(path))
    try:
        check_package(data)
    except InputError as exc:  # over a limit of drafter.limits
        raise InputError(str(exc), path=str(path)) from None
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError):
        raise InputError("is a damaged .docx (truncated or corrupt zip); save it again from "
                         "Word", path=str(path)) from None
    except (KeyError, PackageNotFoundError):
        raise InputError("has no Word document part; is it a .docx drafter wrote?",
                         path=str(path)) from None
    except ValueError as exc:
        raise InputError(f"is not a Word document ({exc}); give the .docx draft",
                         path=str(path)) from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"has a damaged document part ({exc.msg}); save it again from Word",
                         path=str(path)) from None


def _clean(text: str) -> str:
    text = MARKS.sub("", MARKER.sub("", text))
    return _SPACE.sub(" ", _CJK_GAP.sub("", text)).strip()


def _is_frame_line(text: str) -> bool:
    flat = MARKS.sub("", text).strip()
    return bool(_FRAME_LINE.match(flat) or RESPONSE_LINE.match(flat) or _BRACKETED.search(flat)
                ) and not PLACEHOLDER.match(flat)


def read_docx(path: Path, data: bytes | None = None) -> EditedDraft:
    """Read an edited .docx draft into sentences, their comments' evidence ids and the annex.

    Tracked changes a person left unaccepted are read as if accepted:
    inserted text is kept and deleted text skipped.

    Args:
        path: The file (named in errors and in the result).
        data: Its bytes, when already read; else the file is read.

    Returns:
        The draft's answer sentences (section, evidence ids of the comments
        overlapping each, the 【待核实】 / [VERIFY] mark), the frame
        paragraphs skipped and the annex passages by evidence id.

    Raises:
        InputError: missing, empty, not a .docx, encrypted, damaged, or without a
            document part; the message names the file.
    """
    from drafter.edited import EditedDraft, EditedSentence, _raw_bytes

    doc = _open(path, _raw_bytes(path) if data is None else data)
    walk = _Walk()
    try:
        walk.body(doc.element.body)
        comment_ids, verify = _comment_ids(doc)
    except (KeyError, ValueError) as exc:
        raise InputError(f"has a damaged part ({exc}); save it again from Word",
                         path=str(path)) from None
    stop = next((i for i, p in enumerate(walk.paras)
                 if _STOP.match(p.text.strip()) or _NOTE_STYLE.match(p.style)), len(walk.paras))
    lines = [p for p in walk.paras[:stop] if p.text.strip() and not _CANDIDATE_STYLE.match(p.style)
             and not CANDIDATE_LINE.match(p.text)]
    letter = [p for p in lines if not _is_frame_line(p.text)]
    pairs = [(p.text.strip(), heading_split(p.text.strip()) is not None
              or bool(_HEAD_STYLE.match(p.style))) for p in letter]
    start, end = frame_bounds(pairs)
    answers = {id(p) for p in letter[start:end]}
    frame = [p.text.strip() for p in lines if id(p) not in answers]
    # a range emptied by deleting its text names nothing; a lone reference points at its place
    spans = {cid: (a, b) for cid, (a, b) in walk.ranges.items() if a < b}
    spans.update({cid: (pos, pos) for cid, pos in walk.points.items() if cid not in walk.ranges})
    sentences: list[EditedSentence] = []
    section = ""
    for para, (text, head) in zip(letter[start:end], pairs[start:end], strict=True):
        lead = len(para.text) - len(para.text.lstrip())
        split = heading_split(text)
        if split:
            section, skip = split
            body, base = text[skip:], para.start + lead + skip
        elif head or is_heading(text):
            section = _clean(text).rstrip("：:.。 ")
            continue
        else:
            body, base = text, para.start + lead
        at = 0
        for raw in split_sentences(body):
            at = body.find(raw, at)
            lo, hi = base + at, base + at + len(raw)
            at += len(raw)
            clean = _clean(raw)
            if not clean or PLACEHOLDER.match(clean):
                continue
            hits = [cid for cid, (a, b) in spans.items()
                    if (a < hi and b > lo) or (a == b and lo < a <= hi)]
            cites = list(dict.fromkeys(e for cid in sorted(hits, key=lambda c: spans[c])
                                       for e in comment_ids.get(cid, [])))
            marked = (bool(MARKS.search(raw)) or any(c in verify for c in hits)
                      or any(a < hi and b > lo for a, b in para.highlighted))
            sentences.append(EditedSentence(text=clean, section=section, citations=cites,
                                            marked=marked))
        if len(sentences) > limits.MAX_CHECK_SENTENCES:
            break  # read_edited refuses the draft; the rest would cost a pass over the comments
    sample = " ".join(s.text for s in sentences) or " ".join(p.text for p in walk.paras)
    return EditedDraft(path=str(path), format="docx", lang=detect_lang(sample),
                       sentences=sentences, frame=frame, passages=annex_passages(walk.tables))
