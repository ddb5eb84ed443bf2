"""Clean extracted text and repair what page layout broke.

``clean_text`` normalises newlines, spaces and full-width ASCII, removes
invisible characters and lone page-number lines, joins letter-spaced CJK and
joins a sentence that a page break split ("专项支\\n\\n持" → "专项支持").
``unwrap_page`` joins a PDF page's hard-wrapped lines back into paragraphs.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK",
    "CJK_GAP",
    "CJK_PUNCT",
    "HEADER_KEYS",
    "HEADER_LINE",
    "SIGNATURE",
    "clean_text",
    "unwrap_page",
]

HEADER_KEYS = frozenset(
    "title kind issuer date source pairs_with partial note proposal_title proposal_number".split()
)
"""Keys of the ``key: value`` header a corpus file may start with."""
HEADER_LINE = re.compile(r"^([a-z_]+):[ \t]?(.*)$")

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_GAP = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}]) (?=[{CJK}{CJK_PUNCT}])")
"""A single space between two CJK characters (PDF text layers put them there)."""
SIGNATURE = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|政府|厅|部|Council|Department|Office|Ministry)$"
)
"""The end of a line that names an issuing body (a signature)."""

_TERMINAL = "。！？；：…”’」』）)】》.!?;:\"'"
_HEADING = re.compile(
    r"^(?:关于建议|建议[一二三四五六七八九十\d]+[：:]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百\d]+[条章节]|"
    r"附件|抄送|联系人|联系电话|尊敬的|Recommendation\s\d)"
)
_TITLE_END = re.compile(
    r"(?:答复|复函|的函|通知|意见|办法|措施|规定|方案|计划|说明|建议|提案|决定|报告|公告)$"
)
_META_LINE = re.compile(
    r"(?:来源|发布时间|更新时间|时间|提案人|提出人|领衔代表|领衔人|附议人|提案号|建议号|编号|案号|"
    r"会议届次|届次|界别|主办单位|会办单位|协办单位|承办单位|交办日期|联系人|联系电话|联系方式|"
    r"办理类别|签发人|抄送)[:：]|(?:委员|代表)$|^.{0,40}第\s?\d{1,12}\s?号"
)
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}(?:\s*/\s*\d{1,4})?|Page\s\d{1,4}(?:\sof\s\d{1,4})?)$"
)
_SPACED_CJK = re.compile(rf"[{CJK}{CJK_PUNCT}](?: [{CJK}{CJK_PUNCT}]){{2,}}")
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
              for cp in range(r[0], r[1] + 1)}  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def unwrap_page(page: str) -> str:
    """Join a PDF page's hard-wrapped lines back into paragraphs.

    A line as wide as the page's widest (within 15%) that does not end a
    sentence runs on into the next line, unless the next line starts a heading.

    Args:
        page: The text layer of one page, one printed line per line.

    Returns:
        The page's paragraphs, one per line, without page-number lines.
    """
    lines = [ln.strip() for ln in page.split("\n")]
    lines = [ln for ln in lines if ln and not _PAGE_NUMBER.match(ln)]
    width = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    full = False
    for line in lines:
        if out and full and not _HEADING.match(line):
            sep = " " if out[-1][-1].isascii() and line[0].isascii() else ""
            out[-1] += sep + line
        else:
            out.append(line)
        full = len(line) >= 0.85 * width and not line.endswith(tuple(_TERMINAL))
    return "\n".join(out)


def clean_text(text: str) -> str:
    """Normalise extracted text and repair what page layout broke.

    Normalises newlines and full-width ASCII letters/digits, removes invisible
    characters, indentation and lone page-number lines, joins letter-spaced
    CJK ("专 项 支 持"), and joins a line that stops mid-sentence with its
    continuation after blank lines (a page break) unless either is a heading,
    a title, a salutation or a date line.  Hard-wrapped English lines (a
    line continuing in lower case) are joined too.

    Args:
        text: Raw text from a reader.

    Returns:
        The cleaned text, paragraphs separated by blank lines as in the input.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\u00a0", " ")
    text = text.translate(_INVISIBLE).translate(_FULLWIDTH)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\u3000]+", " ", raw).strip() if raw.strip() else ""
        line = _SPACED_CJK.sub(lambda m: m[0].replace(" ", ""), line)
        if not _PAGE_NUMBER.match(line):
            lines.append(line)
    for n in range(len(lines) - 1, 0, -1):  # hard-wrapped English: "…the report\nfrom the…"
        prev, line = lines[n - 1], lines[n]
        header = HEADER_LINE.match(line)
        if header and header[1] in HEADER_KEYS:
            continue
        if line[:1].islower() and prev[-1:].isascii() and re.search(r"[A-Za-z,\-]$", prev):
            lines[n - 1] = prev + ("" if prev.endswith("-") else " ") + line
            del lines[n]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        if line and j > i + 1 and j < len(lines) and _continues(line, lines[j]):
            lines[j] = line + (" " if line[-1].isascii() and line[-1].isalpha() else "") + lines[j]
            i = j
            continue
        out.append(line)
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _continues(line: str, nxt: str) -> bool:
    """Whether ``nxt`` (after blank lines) continues the sentence ``line`` broke off."""
    if line.endswith(tuple(_TERMINAL)) or len(line) < 10:
        return False
    header = HEADER_LINE.match(line)
    if header and header[1] in HEADER_KEYS:  # "date: 2022-08-31" ends a metadata block
        return False
    heading = _HEADING.match(line) and len(line) <= 40 and not re.search("[，。；,;]", line)
    if heading or _HEADING.match(nxt) or _TITLE_END.search(line):
        return False
    if _META_LINE.search(line) or _DATE_LINE.match(line) or _DATE_LINE.match(nxt):
        return False
    if nxt.endswith(("：", ":")) and len(nxt) < 40 or len(line) <= 30 and SIGNATURE.search(line):
        return False  # a salutation follows, or the line is a signature
    if line[-1].isascii() and line[-1].isalpha():
        return nxt[0].islower()
    return bool(re.match(rf"[{CJK}，、。；：,;:）)”0-9]", nxt[0])) and bool(
        re.search(rf"[{CJK}0-9A-Za-z，、,]$", line)
    )
