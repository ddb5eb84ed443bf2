"""Split a ``Document`` into ``Measure``\\ s, the retrieval unit.

A measure is one concrete action or policy statement: roughly a sentence, or
one clause of a "一是…；二是…" enumeration, 20–300 characters.  Each keeps the
heading it sits under (``Source.section``: "关于建议二", "一、关于…",
"二、主要任务 / （一）推出消费惠民措施", "Recommendation 3"), its exact
character span in ``Document.text`` and its facts.  The parts of a reply that
are not measures (title block, salutation, "…已收悉…现答复如下", thanks,
signature, date, 联系人/联系电话) are left out, as whole lines where they
stand alone and as sentences where a web copy ran them into one paragraph.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator

from drafter.ingest.facts import detect_lang, extract_facts
from drafter.types import Document, Measure, Source

__all__ = ["MAX_CHARS", "MAX_CHARS_EN", "MIN_CHARS", "segment"]

MIN_CHARS = 20
"""Fragments shorter than this are merged with a neighbour."""
MAX_CHARS = 300
"""Chinese pieces longer than this are split, at a semicolon or colon before a comma."""
MAX_CHARS_EN = 600
"""The same for English, whose characters carry less each: a whole sentence of a UK
response often runs past 300, and a cut at its comma leaves "and …" fragments."""

_CN_NUM = "一二三四五六七八九十百零〇"
_HEADINGS: list[tuple[int, re.Pattern[str], bool]] = [
    # (level, pattern with the marker as group 1, whether the rest may be a short title)
    (1, re.compile(rf"^(关于第?建议[{_CN_NUM}\d]+)"), False),
    (1, re.compile(rf"^(建议[{_CN_NUM}\d]+)(?=[：:])"), False),
    (1, re.compile(rf"^([{_CN_NUM}]+、)"), True),
    (1, re.compile(rf"^(第[{_CN_NUM}\d]+章)"), True),
    (1, re.compile(r"^(?:\d{1,3}\.\s*)?(Recommendation\s\d+)\b[.:]?", re.I), False),
    (2, re.compile(r"^(Government response)\b[.:]?", re.I), False),
    (2, re.compile(rf"^([（(][{_CN_NUM}]+[）)])"), True),
    (2, re.compile(rf"^(第[{_CN_NUM}\d]+条)"), False),
    (3, re.compile(r"^(\d{1,2}[.．、])(?!\d)"), True),
    (3, re.compile(r"^([（(]\d{1,2}[）)])"), True),
]
_SKIP_LINE = re.compile(
    r"^(?:联系人|联系电话|联系单位|联系方式|电话|手机|传真|邮编|地址|电子邮箱|抄送|附件\d*|签发人|"
    r"信息来源|来源|发布时间|更新时间|时间)\s*(?:及[^:：]{0,6})?[:：]|^首页\s*>|"
    r"^Yours\s(?:sincerely|faithfully)|"
    r"^[\d\-—–()（）\s,，、/]+$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|"
    r"^\d{4}-\d{1,2}-\d{1,2}$|^(?:\d{1,2}\s)?[A-Z][a-z]+\s\d{4}$"
)
_SALUTATION = re.compile(
    r"^(?:尊敬的.{1,40}|.{1,40}(?:代表|委员|同志|先生|女士|单位|部门|会|局|委|厅|政府))[：:]$|^Dear\b"
)
_OPENING = re.compile(
    r"收悉|答复如下|(?:函复|回复)如下|办理(?:情况|意见)如下|现答复|现将.{0,20}答复"
)
_PRAISE = re.compile(
    r"^(?:您|你|本提案|该提案|本建议|该建议).{0,200}(?:意义|价值|针对性|前瞻性|借鉴)"
)
_SIGNATURE = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|政府|厅|部|中心|Council|Department|Office|Ministry)$"
)
_BOILERPLATE = re.compile(
    r"^(?:(?:首先|最后|在此|再次)[,，]?\s?)?(?:再次)?(?:衷心|非常|特别|诚挚|真诚|由衷)?(?:地)?感谢|"
    r"^谢谢|表示(?:衷心的?|诚挚的?)?感谢|^以上(?:答复|回复|意见)[^。]{0,12}(?:不妥|不当)|审签。|"
    r"对以上答复[^。]{0,20}意见|欢迎.{0,12}(?:监督|指导|批评|提出|继续|关注)|"
    r"希望.{0,12}(?:继续|今后|以后|多提).{0,20}(?:支持|关注|意见|建议)|联系人|联系电话|联系单位|"
    r"收悉|答复如下|(?:函复|回复)如下|办理(?:情况|意见)如下|现答复|^\d{4}年\d{1,2}月\d{1,2}日$|^以上是.{0,60}答复|"
    r"反馈意见表|^(?:您|你)们?(?:在|提出).{0,120}(?:已交|交由|责成|转交|交办|研究办理)|"
    r"^为.{0,150}[，,]\s?(?:特)?制定本(?:措施|办法|方案|计划|规定|细则|意见|条例)。?$"
)
#: A public notice of a handled suggestion runs its fields together ("督办领导:…协商方式:…
#: 办理复文(摘要): 《…的答复》(…〔2021〕29号)由于…"): the reply's text starts after them.
_REPLY_FIELD = re.compile(
    r"(?:办理复文|答复(?:内容|正文|全文)|办理(?:结果|情况))\s*(?:[（(]摘要[）)])?\s*[:：]\s*"
    r"(?:《?[^《》:：]{4,80}(?:答复|复函|回复|意见)》\s*"
    r"(?:[（(][^（）()\d]{0,12}〔\d{4}〕?\d{0,4}号?[）)]?)?[。.]?)?")
_ZH_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+")
_EN_BREAK = re.compile(
    r"(?<=[.!?;])[\"”’)]?\s+(?=[A-Z“\"‘(\[·•])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]{2,}\s)")
_EN_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|e\.g|i\.e|etc|cf|vs|para|paras|Rt|Hon|Cm|Cmnd|HC)|\b[A-Z])\.$"
)
_COMMA = re.compile(r"[，,、]")
_BREAKS = (re.compile(r"[；;：:]\s?"), re.compile(r"[，,]\s?"), re.compile(r"、"))
_OPEN, _CLOSE = re.compile(r"[（(]"), re.compile(r"[）)]")
#: "加大农村公路建设力度…是我局义不容辞的责任，": an attitude that opens a sentence of measures.
_ATTITUDE_LEAD = re.compile(
    r"[^，,。；]{4,40}(?:[，,][^，,。；]{2,30})?是[^，,。；]{0,30}(?:义不容辞|应尽|必然|重要|首要|根本)"
    r"[^，,。；]{0,12}"
    r"(?:责任|职责|使命|任务|要求|举措|途径|保障|意义|所需|所想)[，,]")
_TERMINAL = tuple("。！？；.!?;")
_CLOSED = (*_TERMINAL, *"：:”’」』）)\"")


def _heading(line: str) -> tuple[int, str, int] | None:
    """The heading that starts ``line``: (level, label, offset of the text after it)."""
    for level, pattern, titled in _HEADINGS:
        m = pattern.match(line)
        if not m:
            continue
        rest = line[m.end() :]
        if not titled:
            label = m[1].strip()
            colon = re.match(r"^[^：:。，,]{0,60}[：:]", rest)
            if colon and level == 1 and "关于" in label:
                label += rest[: colon.end() - 1]  # 关于建议一“…”：
                rest = rest[colon.end() :]
            skip = len(rest) - len(rest.lstrip("：:，,.、 "))
            return level, label, len(line) - len(rest) + skip
        if len(line) <= 40 and not line.endswith(_TERMINAL):
            return level, line, len(line)
        stop = re.search(r"[。：:]", rest)
        if stop and stop.start() <= 25 and not _COMMA.search(rest[: stop.start()]):
            return level, m[1] + rest[: stop.start()], m.end() + stop.end()
        if level < 3:
            return level, m[1].strip(), m.start(1)  # the marker stays in the measure text
        return None  # "1.…" with a long text is an item of content, not a heading
    return None


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each non-empty line, stripped, with its start offset."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            yield pos + raw.index(stripped[0]), stripped
        pos += len(raw) + 1


def _paragraphs(doc: Document) -> Iterator[tuple[int, str, str]]:
    """The content paragraphs of a document: (start, text, section)."""
    levels: dict[int, str] = {}
    preamble, numbered = True, False
    for start, line in _lines(doc.text):
        if _SKIP_LINE.match(line) or line == doc.title or _SALUTATION.match(line):
            continue
        field = _REPLY_FIELD.search(line, 0, 200)
        if field:
            if len(line) - field.end() < MIN_CHARS:
                continue  # "办理结果:A类"
            start, line = start + field.end(), line[field.end() :]
        found = _heading(line)
        if found:
            level, label, offset = found
            levels = {k: v for k, v in levels.items() if k < level} | {level: label}
            preamble, numbered = False, True
            if offset < len(line):
                yield start + offset, line[offset:], _section(levels)
            continue
        if line.endswith(("答复如下：", "答复如下:")) and not preamble and len(line) <= 150:
            levels = {k: v for k, v in levels.items() if k < 2} | {2: line.rstrip("：:")}
            continue
        if len(line) <= MAX_CHARS and (_OPENING.search(line) or preamble and _PRAISE.match(line)):
            continue  # "…已收悉…现答复如下：", "您提出的建议…具有重要意义"
        if (
            preamble
            and len(line) <= 200
            and (line.endswith(("：", ":")) or not line.endswith(_TERMINAL))
        ):
            continue  # title block and addressee line
        english = detect_lang(line) == "en"
        short = len(line) <= (80 if english else 40)
        if short and not line.endswith(_TERMINAL) and not (not english and _COMMA.search(line)):
            if _SIGNATURE.search(line) or line == doc.issuer or preamble:
                continue  # signature, or the title block before the salutation
            level = 3 if numbered else 1
            levels = {k: v for k, v in levels.items() if k < level} | {level: line}
            continue
        preamble = False
        yield start, line, _section(levels)


def _section(levels: dict[int, str]) -> str:
    return " / ".join(levels[k] for k in sorted(levels))


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (zh at 。！？；, en at ". " before a capital).

    A Chinese sentence does not end inside brackets: "（…负责。以下…不再列出）" is one.
    """
    if detect_lang(text) == "zh":
        spans: list[tuple[int, int]] = []
        depth = 0
        for m in _ZH_SENTENCE.finditer(text):
            if depth > 0 and spans and m.end() - spans[-1][0] <= MAX_CHARS:
                spans[-1] = (spans[-1][0], m.end())
            else:
                spans.append(m.span())
                depth = 0  # an unclosed bracket ends with its sentence's room
            depth = max(0, depth + len(_OPEN.findall(m[0])) - len(_CLOSE.findall(m[0])))
    else:
        spans, last = [], 0
        for m in _EN_BREAK.finditer(text):
            if not _EN_ABBREV.search(text[last : m.start()]):
                spans.append((last, m.start()))
                last = m.end()
        spans.append((last, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        if e > s:
            out.append((s, e))
    return out


def _split_long(text: str, s: int, e: int, limit: int) -> list[tuple[int, int]]:
    """Split an overlong span into pieces of at most ``limit`` characters.

    The cut is at the last semicolon or colon that leaves a piece of at least
    ``MIN_CHARS``, else at the last comma, else at the last enumeration comma
    (、): a list ("侵占道路、河道、绿地、") is cut only when nothing else is left.
    """
    pieces: list[tuple[int, int]] = []
    cur = s
    while e - cur > limit:
        cut = cur + limit
        for breaks in _BREAKS:
            cuts = [m.end() for m in breaks.finditer(text, cur + MIN_CHARS, cur + limit)]
            if cuts:
                cut = cuts[-1]
                break
        pieces.append((cur, cut))
        cur = cut
        while cur < e and text[cur].isspace():
            cur += 1
    pieces.append((cur, e))
    return pieces


def _lead_split(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut an attitude clause from the front of a sentence ("…是我局义不容辞的责任，近年来…")."""
    m = _ATTITUDE_LEAD.match(text, s, e)
    if m and e - m.end() >= MIN_CHARS:
        return [(s, m.end()), (m.end(), e)]
    return [(s, e)]


_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[，、]|"
    r"\d{1,2}[.、．]|[①-⑳]|(?:First|Second|Third|Fourth|Fifth)(?:ly)?\b)"
)


def _merge(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Merge fragments shorter than ``MIN_CHARS`` into adjacent neighbours.

    A short fragment that opens an enumeration item ("二是加强开源人才培养。")
    is the heading of what follows, so it joins the next span, never the
    previous item.  The words a stored copy was cut off at ("…带动作用。围绕加快培育
    在行业中具") stay apart from the whole sentence before them.
    """
    out: list[tuple[int, int]] = []
    head = False  # the last span is a short item heading waiting for its body
    for s, e in spans:
        opens_item = bool(_ENUM_START.match(text[s:e]))
        if out:
            ps, pe = out[-1]
            adjacent = not text[pe:s].strip()
            short = pe - ps < MIN_CHARS or e - s < MIN_CHARS
            cut = e == len(text) and not text[s:e].endswith(_CLOSED) \
                and text[ps:pe].endswith(_TERMINAL)
            if adjacent and e - ps <= limit and (head or (short and not opens_item and not cut)):
                out[-1] = (ps, e)
                head = False
                continue
        out.append((s, e))
        head = opens_item and e - s < MIN_CHARS
    return out


def _pieces(text: str, whole: bool) -> list[tuple[int, int]]:
    """Measure spans in a paragraph; ``whole`` keeps a short paragraph as one."""
    limit = MAX_CHARS_EN if detect_lang(text) == "en" else MAX_CHARS
    if whole and len(text) <= limit:
        return [(0, len(text))]
    spans = [
        span for s, e in _sentences(text) if not _BOILERPLATE.search(text[s:e])
        for lead in _lead_split(text, s, e)
        for span in _split_long(text, *lead, limit)
    ]  # fmt: skip
    return [(s, e) for s, e in _merge(text, spans, limit) if len(re.findall(r"\w", text[s:e])) >= 4]


_QUOTED = re.compile(r"《([^《》]{4,80}(?:建议|提案|议案|意见|报告))》")


def _subject(doc: Document) -> str:
    """The proposal a reply answers, when its opening quotes the title ("《关于…的建议》")."""
    if doc.kind != "reply":
        return ""
    head = doc.text[:600]
    m = _QUOTED.search(head)
    return m[1] if m and m[1] not in doc.title else ""


def segment(doc: Document) -> list[Measure]:
    """Split a document into measures.

    Args:
        doc: A loaded document (reply, policy, proposal or other).

    Returns:
        The measures in document order.  ``doc.text[m.start:m.end] == m.text``
        for each; ``id`` is stable for the same file, text and position among
        identical texts; fact offsets are relative to ``m.text``.
    """
    seen: Counter[str] = Counter()
    measures: list[Measure] = []
    subject = _subject(doc)
    for start, para, section in _paragraphs(doc):
        whole = doc.kind == "policy" and re.search(r"第[^ /]{1,6}条$", section) is not None
        for s, e in _pieces(para, whole):
            text = para[s:e]
            norm = re.sub(r"\s+", "", text)
            ordinal = seen[norm]
            seen[norm] += 1
            digest = hashlib.sha1(f"{doc.id}\x00{norm}\x00{ordinal}".encode()).hexdigest()
            lang = detect_lang(text)
            measures.append(
                Measure(
                    id=digest[:16],
                    doc_id=doc.id,
                    text=text,
                    source=Source(
                        path=doc.path,
                        title=doc.title,
                        kind=doc.kind,
                        issuer=doc.issuer,
                        place=doc.place,
                        date=doc.date,
                        section=section,
                        subject=subject,
                    ),  # fmt: skip
                    start=start + s,
                    end=start + e,
                    facts=extract_facts(text, lang),
                    lang=lang,
                )
            )
    return measures
