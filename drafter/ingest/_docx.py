"""The text of a Word (.docx) document: paragraphs and tables in order.

Word's automatic list numbering ("1." / "一、" / "（一）" / "①" drawn by Word,
not typed) is not in the paragraph text; it is written back in front of each
numbered paragraph here, because a proposal's recommendations are often
numbered that way.  Tables are laid out row by row (see ``clean.table_row``):
a proposal form's rows become ``字段：值`` lines.

A .docx is a zip whose parts may inflate a thousandfold, so the parts' sizes
and the number of paragraphs and cells are checked against
:mod:`drafter.limits` before the document is read, and list counters past
``MAX_LIST_NUMBER`` are written in digits.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drafter import limits
from drafter.errors import InputError
from drafter.ingest.clean import table_row
from drafter.limits import how_many

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

__all__ = ["check_package", "docx_text", "docx_title"]

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


_MAX_LABEL = 40  # characters of a list label ("第十二章" is four): a file may declare a page

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
                text = text.replace(f"%{lvl + 1}", _draw(spec.fmt, value))
        return text[:_MAX_LABEL]


def _draw(fmt: str, value: int) -> str:
    """A counter's value in a list format; in digits past ``MAX_LIST_NUMBER`` (or below 0)."""
    if not 0 <= value <= limits.MAX_LIST_NUMBER:
        return str(value)
    return _FORMATS.get(fmt, str)(value)


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
                    setattr(spec, attr, int(value) if attr == "start" else value[:_MAX_LABEL])
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _StyleNumbers:
    """``(numId, level)`` of the paragraph styles, each style's chain walked once.

    python-docx looks a style up by a search of the whole style list, for
    every paragraph; a file with many paragraphs and many styles made that
    quadratic.
    """

    styles: dict[str, Any] = field(default_factory=dict)  # styleId → w:style element
    default: str | None = None  # the default paragraph style's id
    cache: dict[str | None, tuple[str | None, int | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: DocxDocument) -> _StyleNumbers:
        """The paragraph styles of ``document`` (none when it has no style part)."""
        found = cls()
        try:
            root = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return found
        for style in root.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId")
            if sid is None or sid in found.styles:
                continue
            found.styles[sid] = style
            default = style.get(f"{_W}default") in ("1", "true", "on")
            if default and style.get(f"{_W}type") == "paragraph" and found.default is None:
                found.default = sid
        return found

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """``(numId, level)`` a paragraph of style ``style_id`` inherits (None where unset)."""
        if style_id not in self.cache:
            sid = style_id if style_id in self.styles else self.default
            chain = []
            for _ in range(10):  # the style chain, guarded against a style based on itself
                style = self.styles.get(sid) if sid else None
                if style is None:
                    break
                chain.append(style)
                based = style.find(f"{_W}basedOn")
                sid = based.get(f"{_W}val") if based is not None else None
            self.cache[style_id] = _numbering_of(chain)
        return self.cache[style_id]


def _numbering_of(elements: list[Any]) -> tuple[str | None, int | None]:
    """The first ``numId`` and the first level that ``elements`` (in order) set."""
    num_id: str | None = None
    level: int | None = None
    for element in elements:
        ppr = element.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is None:
            continue
        ilvl, nid = numpr.find(f"{_W}ilvl"), numpr.find(f"{_W}numId")
        if level is None and ilvl is not None:
            level = int(ilvl.get(f"{_W}val", "0"))
        if num_id is None and nid is not None:
            num_id = nid.get(f"{_W}val")
    return num_id, level


def _num_pr(p: Any, styles: _StyleNumbers) -> tuple[str, int] | None:
    """``(numId, level)`` of a numbered paragraph, from it or from its style chain."""
    num_id, level = _numbering_of([p])
    if num_id is None or level is None:
        inherited_id, inherited_level = styles.numbering(p.style)
        num_id = num_id if num_id is not None else inherited_id
        level = level if level is not None else inherited_level
    if num_id in (None, "0"):  # numId 0 switches numbering off
        return None
    assert num_id is not None
    return num_id, level or 0


def check_package(data: bytes, count: bool = True) -> None:
    """Refuse a .docx that would unpack to far more than it is (a zip bomb).

    Args:
        data: The file's bytes.
        count: Whether to count its paragraphs and cells too (a pass over its XML).

    Raises:
        InputError: Its parts unpack to more than ``MAX_DOCX_UNPACKED_BYTES``
            beyond the file's size, or hold more than ``MAX_DOCX_BLOCKS``
            paragraphs and table cells (no path: the reader adds it).
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # python-docx says the file is damaged
    with package:
        parts = package.infolist()
        unpacked = sum(info.file_size for info in parts)
        if unpacked - len(data) > limits.MAX_DOCX_UNPACKED_BYTES:
            raise InputError(
                f"unpacks to {unpacked / 2**20:,.1f} MB, over the "
                f"{how_many(limits.MAX_DOCX_UNPACKED_BYTES // 2**20)} MB limit for the text of a "
                ".docx (drafter.limits.MAX_DOCX_UNPACKED_BYTES); it is not a document a person "
                "wrote, or split it"
            )
        blocks = 0
        for info in parts if count else []:
            with package.open(info) as part:
                blocks += _count_blocks(part, limits.MAX_DOCX_BLOCKS - blocks)
            if blocks > limits.MAX_DOCX_BLOCKS:
                raise InputError(
                    f"has more than {how_many(limits.MAX_DOCX_BLOCKS)} paragraphs and table cells, "
                    "over the limit (drafter.limits.MAX_DOCX_BLOCKS); split it into smaller "
                    "documents"
                )


def _count_blocks(part: Any, limit: int) -> int:
    """Paragraphs and table cells in one XML part, counting stops past ``limit``."""
    from lxml import etree

    count = 0
    try:
        for _, element in etree.iterparse(
            part, events=("end",), tag=(f"{_W}p", f"{_W}tc"), resolve_entities=False,
            no_network=True, huge_tree=False, recover=False,
        ):
            count += 1
            if count > limit:
                break
            element.clear(keep_tail=False)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError):
        pass  # not XML (an image), or damaged: python-docx judges the parts it reads
    return count


def docx_text(data: bytes) -> str:
    """The text of a .docx file, paragraphs and table rows one per line.

    Args:
        data: The file's bytes.

    Returns:
        The text, automatic list labels written in front of their paragraphs.

    Raises:
        InputError: The file is over a limit of :mod:`drafter.limits` (no
            path: the reader adds it).
        Exception: Whatever python-docx raises on a damaged file.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_package(data)
    document = docx.Document(io.BytesIO(data))
    numbering = _read_numbering(document)
    styles = _StyleNumbers.of(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            where = _num_pr(block._p, styles) if text.strip() else None
            label = numbering.label(*where) if where else ""
            sep = " " if label[-1:].isascii() and label[-1:] in ".)" else ""
            lines.append(label + sep + text.lstrip() if label else text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    """A table's rows as lines, each cell once, a vertically merged cell in every row it spans.

    Read from the XML in one pass: python-docx finds a merged cell's text by
    walking up row by row (quadratic in the rows) and repeats a cell once per
    column it claims to span (``gridSpan`` may say a billion).
    """
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    above: dict[int, list[str]] = {}  # grid column → text of the cell that starts there
    for tr in table._tbl.tr_lst:
        cells: list[list[str]] = []
        column = tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":  # the cell above goes on: Word shows its text here
                text = above.get(column, [""])
            else:
                text = "\n".join(Paragraph(p, table).text for p in tc.p_lst).split("\n")
                above[column] = text
            cells.append(list(text))
            column += max(1, tc.grid_span)
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

    check_package(data, count=False)
    return (docx.Document(io.BytesIO(data)).core_properties.title or "").strip()
