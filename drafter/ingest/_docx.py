"""The text of a Word (.docx) document: paragraphs and tables in order.

Word's automatic list numbering ("1." / "一、" / "（一）" / "①" drawn by Word,
not typed) is not in the paragraph text; it is written back in front of each
numbered paragraph here, because a proposal's recommendations are often
numbered that way.  Tables are laid out row by row (see ``clean.table_row``):
a proposal form's rows become ``字段：值`` lines.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drafter.ingest.clean import table_row

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

__all__ = ["docx_text", "docx_title"]

_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 999)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_DIGITS[ones] if ones else "")


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out += numeral * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographDigital": _chinese,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "ideographTraditional": lambda n: _TIANGAN[(n - 1) % 10],
    "ideographZodiac": lambda n: _DIZHI[(n - 1) % 12],
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Word's list definitions and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → levels
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → level → start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId → …
    started: set[str] = field(default_factory=set)  # numIds whose overrides were applied

    def label(self, num_id: str, level: int) -> str:
        """The label of the next paragraph of list ``num_id`` at ``level``."""
        abstract = self.nums.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if abstract is None or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]  # a new item restarts the levels below it
        text = levels[level].text
        if levels[level].fmt == "bullet":
            return ""
        for lvl in range(9):
            if f"%{lvl + 1}" in text:
                spec = levels.get(lvl, _Level())
                value = counters.get(lvl, spec.start)
                text = text.replace(f"%{lvl + 1}", _FORMATS.get(spec.fmt, str)(value))
        return text


def _read_numbering(document: DocxDocument) -> _Numbering:
    from docx.oxml.ns import qn

    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    for abstract in root.iterchildren(qn("w:abstractNum")):
        levels: dict[int, _Level] = {}
        for lvl in abstract.iterchildren(qn("w:lvl")):
            spec = _Level()
            for tag, attr in (("w:start", "start"), ("w:numFmt", "fmt"), ("w:lvlText", "text")):
                child = lvl.find(qn(tag))
                if child is not None and child.get(qn("w:val")) is not None:
                    value: Any = child.get(qn("w:val"))
                    setattr(spec, attr, int(value) if attr == "start" else value)
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = spec
        numbering.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
    for num in root.iterchildren(qn("w:num")):
        num_id = num.get(qn("w:numId"), "")
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None:
            numbering.nums[num_id] = ref.get(qn("w:val"), "")
        for override in num.iterchildren(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                level = int(override.get(qn("w:ilvl"), "0"))
                numbering.overrides.setdefault(num_id, {})[level] = int(start.get(qn("w:val")))
    return numbering


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """``(numId, level)`` of a numbered paragraph, from it or from its style chain."""
    from docx.oxml.ns import qn

    elements = [paragraph._p]
    style = paragraph.style
    for _ in range(10):  # the style chain, guarded against a style based on itself
        if style is None:
            break
        elements.append(style.element)
        style = style.base_style
    num_id: str | None = None
    level: int | None = None
    for element in elements:
        ppr = element.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            continue
        ilvl, nid = numpr.find(qn("w:ilvl")), numpr.find(qn("w:numId"))
        if level is None and ilvl is not None:
            level = int(ilvl.get(qn("w:val"), "0"))
        if num_id is None and nid is not None:
            num_id = nid.get(qn("w:val"))
    if num_id in (None, "0"):  # numId 0 switches numbering off
        return None
    assert num_id is not None
    return num_id, level or 0


def docx_text(data: bytes) -> str:
    """The text of a .docx file, paragraphs and table rows one per line.

    Args:
        data: The file's bytes.

    Returns:
        The text, automatic list labels written in front of their paragraphs.

    Raises:
        Exception: Whatever python-docx raises on a damaged file.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    numbering = _read_numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            where = _num_pr(block) if text.strip() else None
            label = numbering.label(*where) if where else ""
            sep = " " if label[-1:].isascii() and label[-1:] in ".)" else ""
            lines.append(label + sep + text.lstrip() if label else text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[list[str]] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell repeats in every column it spans
                seen.add(id(cell._tc))
                cells.append(cell.text.split("\n"))
        lines.extend(table_row(cells))
    return lines


def docx_title(data: bytes) -> str:
    """The title in a .docx file's core properties ("" when none is set).

    Args:
        data: The file's bytes.

    Returns:
        The title, stripped.
    """
    import docx

    return (docx.Document(io.BytesIO(data)).core_properties.title or "").strip()
