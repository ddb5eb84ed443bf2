"""Clean extracted text and repair what page layout broke.

``clean_text`` normalises newlines, spaces and full-width ASCII, removes
invisible characters and lone page-number lines, joins letter-spaced CJK and
joins a sentence that a page break split ("专项支\\n\\n持" → "专项支持").
``strip_running_lines`` removes running headers and footers (a short line
repeated at the top or bottom of the pages) and ``unwrap_page`` joins a PDF
page's hard-wrapped lines back into paragraphs.
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
    "strip_running_lines",
    "table_row",
    "unwrap_caps",
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
    r"(?:答复|复函|的函|通知|意见|办法|措施|规定|方案|计划|说明|建议|提案|议案|决定|报告|公告)$"
)
_META_LINE = re.compile(
    r"(?:来源|发布时间|更新时间|时间|提案人|提出人|领衔代表|领衔人|附议人|提案号|建议号|编号|案号|"
    r"会议届次|届次|界别|主办单位|会办单位|协办单位|承办单位|交办日期|联系人|联系电话|联系方式|"
    r"办理类别|签发人|抄送|附议代表|附议委员)[:：]|(?:委员|代表)$|^.{0,40}第\s?\d{1,12}\s?号|"
    r"(?:委员|代表)\s+[\u4e00-\u9fff·]{2,4}(?:[、，,\s]+[\u4e00-\u9fff·]{2,4})*$"
)
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}(?:\s*/\s*\d{1,4})?|Page\s\d{1,4}(?:\sof\s\d{1,4})?)$"
)
_SPACED_CJK = re.compile(rf"[{CJK}{CJK_PUNCT}](?: [{CJK}{CJK_PUNCT}]){{2,}}")
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
              for cp in range(r[0], r[1] + 1)}  # fmt: skip
_FULLWIDTH.update({0xFF61: 0x3002, 0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF64: 0x3001})  # ｡｢｣､
_FULLWIDTH_CHAR = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff64]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FORM_KEYS = frozenset(
    "来源 发布时间 更新时间 时间 日期 提案人 提出人 领衔代表 领衔人 "
    "领衔提出人 第一提案人 附议人 附议代表 联名 联名人 联名代表 建议人 "
    "提案者 代表 委员 提案号 建议号 议案号 提案编号 建议编号 编号 "
    "案号 案由 事由 题目 标题 提案题目 建议题目 提案名称 建议名称 "
    "提案标题 建议标题 会议届次 届次 届别 界别 类别 分类 主办单位 "
    "会办单位 协办单位 承办单位 办理单位 交办单位 交办日期 提交日期 "
    "立案日期 联系人 联系电话 联系方式 手机 工作单位 职务 通讯地址 "
    "地址 邮编 邮政编码 办理类别 办理类型 签发人 抄送 内容 正文 "
    "提案内容 建议内容".split()
)
"""Field names of a proposal form, as the first cell of a table row."""
_FIELD = re.compile(r"^([^\s:：]{2,8}(?:\s[^\s:：]{1,4}){0,3})\s*[:：]")
_SMALL_WORDS = frozenset("a an and at by for from in of on or the to with".split())
_EDGE = 2  # lines at the top and at the bottom of a page that may be a running header/footer
_RUNNING_MAX = 60  # longest running header or footer, in characters
_KEEP_ON_FIRST_PAGE = re.compile(r"^(?:关于|《)")  # a title repeated as the running header


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers from the pages of a document.

    A running line is a short line among the first or last two lines of at
    least half of the pages (and of two pages at least); digits are ignored
    when comparing, so "第 3 页 关于…的建议" repeats too.  On the first page a
    running line that looks like the title ("关于…", "《…》") is kept.

    Args:
        pages: The text of each page, in order.

    Returns:
        The pages without their running lines (unchanged when fewer than two).
    """
    if len(pages) < 2:
        return pages
    split = [page.split("\n") for page in pages]
    edges = [_edge_lines(lines) for lines in split]
    counts: dict[str, int] = {}
    for page_edges in edges:
        for key in {_running_key(lines_at) for lines_at in page_edges.values()}:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, (sum(1 for page_edges in edges if page_edges) + 1) // 2)
    running = {key for key, n in counts.items() if n >= need and 0 < len(key) <= _RUNNING_MAX}
    if not running:
        return pages
    out: list[str] = []
    for number, (lines, page_edges) in enumerate(zip(split, edges, strict=True)):
        drop = {
            i
            for i, line in page_edges.items()
            if _running_key(line) in running
            and not (number == 0 and _KEEP_ON_FIRST_PAGE.match(line.strip()))
        }
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out


def _edge_lines(lines: list[str]) -> dict[int, str]:
    """The first and last ``_EDGE`` non-blank lines of a page, by index."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return {i: lines[i] for i in filled[:_EDGE] + filled[-_EDGE:]}


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def table_row(cells: list[list[str]]) -> list[str]:
    """Lay out one table row as text lines.

    A row of form fields ("提案人 | 陈立新 | 界别 | 经济界", each label a
    known field name) becomes one ``label：value`` line per field, as the
    field would read in running text; a row with one cell (a text frame)
    gives that cell's paragraphs; any other row is one line, cells joined
    by " | ".

    Args:
        cells: The row's cells, each as its paragraphs; a merged cell once.

    Returns:
        The row's lines (none for an empty row).
    """
    cells = [[" ".join(par.split()) for par in cell if par.strip()] for cell in cells]
    labels = [re.sub(r"[\s:：]+", "", " ".join(cell)) for cell in cells[0::2]]
    if len(cells) >= 2 and len(cells) % 2 == 0 and all(key in _FORM_KEYS for key in labels):
        lines: list[str] = []
        for label, value in zip(labels, cells[1::2], strict=True):
            if value:
                lines += [f"{label}：{value[0]}", *value[1:]]
        return lines
    if len(cells) == 1:
        return cells[0]
    row = " | ".join(" ".join(cell) for cell in cells if cell)
    return [row] if row else []


def unwrap_page(page: str) -> str:
    """Join a PDF page's hard-wrapped lines back into paragraphs.

    A line as wide as the page's widest (within 15%) that does not end a
    sentence runs on into the next line, unless one of them is a heading, a
    title, a header field or a date line.

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
        if out and full and _wraps_into(out[-1], line):
            sep = " " if out[-1][-1].isascii() and line[0].isascii() else ""
            out[-1] += sep + line
        else:
            out.append(line)
        full = len(line) >= 0.85 * width and not line.endswith(tuple(_TERMINAL))
    return "\n".join(out)


def _wraps_into(line: str, nxt: str) -> bool:
    """Whether the full-width ``line`` may run on into ``nxt`` (the next printed line)."""
    if _HEADING.match(nxt) or _DATE_LINE.match(nxt) or _is_field(nxt) or _is_field(line):
        return False
    if _TITLE_END.search(line) and (line.startswith("关于") or len(line) <= 40):
        return False
    if nxt[0].isupper() and line[-1].isascii():  # an English title does not run on
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if w not in _SMALL_WORDS]
        capitalised: int = sum(w[0].isupper() for w in words)
        return capitalised < 0.8 * len(words)
    return True


def _is_field(line: str) -> bool:
    """Whether ``line`` is a header field such as "提案人：张三" or "会议届次：…"."""
    field = _FIELD.match(line)
    return bool(field and re.sub(r"\s", "", field[1]) in _FORM_KEYS) or bool(
        _META_LINE.search(line[:60]) and len(line) <= 60
    )


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" in text:  # form feeds separate the pages of text exported from a PDF
        text = "\n\n".join(strip_running_lines(text.split("\x0c")))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\u00a0", " ")
    text = _INVISIBLE.sub("", text)
    text = _FULLWIDTH_CHAR.sub(lambda m: chr(_FULLWIDTH[ord(m[0])]), text)
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
        if line[:1].islower() and prev[-1:].isascii() and re.search(r"[A-Za-z,;:\-]$", prev):
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
    if len(nxt) <= 60 and _META_LINE.search(nxt):  # a header field follows the title
        return False
    if _is_field(line):  # "附议代表：张三、李四"
        return False
    if nxt.endswith(("：", ":")) and len(nxt) < 40 or len(line) <= 30 and SIGNATURE.search(line):
        return False  # a salutation follows, or the line is a signature
    if line[-1].isascii() and line[-1].isalpha():
        return nxt[0].islower()
    return bool(re.match(rf"[{CJK}，、。；：,;:）)”0-9]", nxt[0])) and bool(
        re.search(rf"[{CJK}0-9A-Za-z，、,]$", line)
    )


def unwrap_caps(lines: list[str]) -> list[str]:
    """Rejoin a capitalised heading wrapped over lines ("APPENDIX 3: THE … SECONDARY")."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].isupper() and line.isupper() and len(out[-1]) >= 20:
            out[-1] += " " + line
        else:
            out.append(line)
    return out
