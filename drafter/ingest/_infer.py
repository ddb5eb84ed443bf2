"""What a corpus file is when it has no header: its title, kind, issuer and place.

A reply's title is its own "关于…第N号建议的答复" line, which may be wrapped over
two or three lines ("马关县交通运输局关于马关县第十七届" / "人大一次会议第197号建议的
答复函"), follow the issuer's name on the line before, or be a notice's title
("…第15号建议公示公告").  A policy's is its first line that reads as a title.
Failing those, the file's own metadata (a .docx title, a PDF's title, an HTML
<title>) names it, else a title built from what the text says (the proposal a
reply quotes: "关于《…》的答复"; the plan a notice issues: "现将《…》印发"), else
the document number, else the file's name.  Never a salutation ("张明魁代表："),
a heading ("三、关于对建议内容的答复"), a field ("案由：…") or a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from drafter._numbering import match_label
from drafter._proposal_forms import form_line
from drafter.errors import InputError
from drafter.ingest.clean import unwrap_caps
from drafter.places import place_of
from drafter.proposal import parse_proposal
from drafter.types import DocKind, Lang

__all__ = ["infer_issuer", "infer_kind", "infer_place", "infer_title", "is_fragment"]

_TOP = 12  # lines at the top where a title may be
_MAX_TITLE = 150
_SIMPLE = str.maketrans(
    "關於號覆議建辦規劃計條細決見報復員廳會總銀國務體廣業產資發財辭護環農衛計",
    "关于号复议建办规划计条细决见报复员厅会总银国务体广业产资发财辞护环农卫计",
)
_REPLY_END = re.compile(
    r"(?:答复|复函|答复函|的函|办理意见|主办意见|分办意见|协办意见|会办意见|公示公告|答复摘要)"
    r"(?:[（(][^（）()]{0,40}[）)])?$"
)
_ABOUT = re.compile(r"关于|^对|[局委办厅部府处室心]对")
_ASKED = re.compile(r"第\s?[0-9A-Za-z]{1,20}\s?号|建议|提案|议案|《")
_TITLE_END = re.compile(
    r"(?:答复|复函|的函|通知|意见|办法|措施|规定|方案|计划|规划|说明|建议|提案|议案|决定|报告"
    r"|公告|条例|细则|纲要|指引|指南|清单|决议)(?:[（(][^（）()]{0,40}[）)])?$"
)
_SENTENCE = re.compile(r"[。！？；]|[;!?](?=\s|$)|，.{30,}|(?<=[\u4e00-\u9fff]),.{30,}")
_FIELD_PREFIX = re.compile(r"^.{0,80}?(?:标题|题名|文件名称)\s?[:：]?\s?(?=关于|对)")
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,8}\s?(?:[（(][\u4e00-\u9fff]{1,6}[）)])?\s?[:：]")
_DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,12}\s?[〔\[［【（(]\s?\d{4}\s?[〕\]］】）)]?\s?\d{1,5}\s?[号號]"
)
_DATE = re.compile(
    r"^\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}"
)
_EN_FRAGMENT = re.compile(
    r"(?i)^(?:dear\b|yours\b|recommendation\s\d|conclusion\s\d|contents$|summary$|introduction$"
    r"|background$|published\b|ordered by\b|(?:appendix|annex)\s?\w*:?$"
    r"|(?:(?:appendix|annex)\s?\w*:\s?)?(?:the\s)?government(?:'s)?\sresponse$)"
)
_ISSUED = re.compile(r"现将《([^《》\n]{4,120})》(?:印发|予以印发|发布|转发)")
_META_JUNK = re.compile(r"^(?:microsoft\s+word\s*-\s*|wps\s*-\s*)", re.I)
_META_EMPTY = re.compile(r"(?i)^(?:untitled|document\d*|无标题|新建.*文档|文档\d*|title|标题)$")
_SIGNATURE = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|政府|厅|部|办事处|中心|银行|"
    r"(?:Council|Department|Office|Ministry))$"
)
_QUOTED_REPLY = re.compile(  # "办理复文(摘要): 《泸西县交通运输局对…第35号建议的答复》"
    r"(?:办理复文|答复文件|复文)[^《\n]{0,12}《(?P<t>[^《》\n]{6,120}?(?:答复|复函|答复函|的函))》"
)
_UNIT = r"(?:省|自治区|自治州|自治县|市|州|县|区|旗|乡|镇)"
_NAME_CHAR = r"(?:(?!关于|年度|政协|人大|会议|[对的在届次号第])[\u4e00-\u9fff])"
_SESSION_PLACE = re.compile(  # "个旧市十七届人大", "政协泸西县九届", "泸西县第十六届人民代表大会"
    rf"(?:^|关于|对|政协|在|[\s，,。:：、])(?P<p>{_NAME_CHAR}{{1,16}}?{_UNIT})"
    r"(?:第?[一二三四五六七八九十0-9]{1,4}届|人大|人民代表大会|政协)",
    re.M,
)
_LEADING_PLACE = re.compile(rf"^{_NAME_CHAR}{{1,16}}?{_UNIT}")
_HANDLER = re.compile(
    r"(?:^|\n)\s?(?:承办单位|主办单位|办理单位)\s?[:：]\s?(?P<org>[^\s，,。]{3,40})"
)
_ORG_BEFORE = re.compile(  # "马关县交通运输局关于…", "人力资源社会保障部对…"
    r"^(?P<org>[\u4e00-\u9fff（）() ]{2,80}?"
    r"(?:局|委员会|委|办公室|办公厅|政府|厅|部|办事处|中心|院))\s?(?:关于|对)"
)
_SOURCE_FIELD = re.compile(r"(?:^|\s)(?:信息)?来源\s?[:：]\s?(?P<org>[\u4e00-\u9fff]{3,40})")
_EN_BODY = re.compile(
    r"\b(?:Department\s(?:for|of)\s[A-Z][\w,&' ]{2,60}?(?=[\s,.;)(]|$)|Cabinet Office|Home Office"
    r"|HM Treasury|Government Office for Science|Ministry of [A-Z][\w ]{2,40}?(?=[\s,.;)]|$))"
)


def _simple(text: str) -> str:
    """A few traditional characters read as simplified, for matching only."""
    return text.translate(_SIMPLE)


def _joined(lines: list[str]) -> str:
    """Lines of one wrapped title as one, without the spaces a layout put between CJK."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff0-9第])", "", "".join(lines)).strip()


def is_fragment(line: str) -> bool:
    """Whether a line can never be a document's title (salutation, heading, field, …)."""
    line = line.strip()
    s = _simple(line)
    return bool(
        len(line) < 4
        or len(line) > _MAX_TITLE
        or line[-1] in "：:,，"
        or line.startswith(("尊敬的", "首页"))
        or re.search(r"[>›»]", line)
        or re.search(r"(?:代表|委员)们?\s?[：:]?$", s)
        or match_label(line) is not None
        or _FIELD.match(line)
        or _DOC_NUMBER.match(s)
        or _DATE.match(line)
        or _SENTENCE.search(line)
        or _EN_FRAGMENT.match(line)
    )


def _reply_title(lines: list[str]) -> str:
    """A reply's own title in the top lines, rejoined when wrapped, with its issuer."""
    for i in range(min(_TOP, len(lines))):
        for span in (1, 2, 3):
            part = lines[i : i + span]
            if any(len(x) > 100 or re.search(r"[，,。；;！？]", x) for x in part):
                break
            if match_label(part[0]) is not None:
                break  # a section heading ("三、关于对建议内容的答复")
            if span > 1 and (not _ABOUT.search(_simple(part[0])) or _DOC_NUMBER.match(part[0])):
                break  # a wrapped title's first line says 关于/对
            cand = _FIELD_PREFIX.sub("", _joined(part))
            s = _simple(cand)
            if _REPLY_END.search(s) and (_ABOUT.search(s) or "公示" in s) and _ASKED.search(s):
                if len(cand) > _MAX_TITLE or _FIELD.match(cand):
                    break
                before = lines[i - 1].strip() if i else ""
                if s.startswith(("关于", "对")) and _issuer_line(before):
                    cand = before + cand
                return cand
    return ""


def _issuer_line(line: str) -> bool:
    """Whether a line is a body's name alone (a signature, or the issuer over a title)."""
    return 3 <= len(line) <= 40 and bool(_SIGNATURE.search(_simple(line))) and not re.search(
        r"[，,。：:；;\s]", line
    )


def _title_line(lines: list[str], lang: Lang) -> str:
    """The first top line that reads as a title (a policy's, a report's)."""
    if lang == "en":
        heads = unwrap_caps(lines[:_TOP])
        for line in heads[:4]:
            line = re.sub(r"\s(?:Contents|\(HTML\))$", "", line.strip())
            if not is_fragment(line) and not line.endswith(".") and len(line.split()) >= 2:
                return line
        return ""
    for line in lines[:_TOP]:
        line = line.strip()
        if is_fragment(line) or form_line(line) is not None:
            continue
        if _TITLE_END.search(_simple(line)) or _simple(line).startswith("关于"):
            return line
    return ""


def _meta(title: str) -> str:
    """A metadata title cleaned ("Microsoft Word - …", a site name after "_"), or ""."""
    title = _META_JUNK.sub("", title.strip())
    title = re.sub(r"\.(?:docx?|pdf|wps)$", "", title, flags=re.I)
    parts = [p.strip() for p in re.split(r"\s?[_|｜—–]\s?|\s-\s", title) if p.strip()]
    best = max(parts, key=len, default="")
    return "" if not best or _META_EMPTY.match(best) or is_fragment(best) else best


def infer_title(
    body: str, lang: Lang, stem: str = "", metadata: Callable[[], str] | None = None
) -> str:
    """A file's title from its own lines, its metadata or what it says; never a fragment.

    Args:
        body: The text without a header.
        lang: Its language.
        stem: The file's name without suffix, the last resort.
        metadata: Returns the title the file's metadata gives ("" when none);
            called only when the text's own lines give no title.

    Returns:
        The title.
    """
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()][:40]
    quoted = _QUOTED_REPLY.search(body[:5000]) if lang == "zh" else None
    title = (
        (_reply_title(lines) if lang == "zh" else "")
        or (quoted.group("t") if quoted else "")
        or _title_line(lines, lang)
    )
    if title:
        return title
    title = _meta(metadata()) if metadata is not None else ""
    return title or _described(body, lang, lines) or stem


def _described(body: str, lang: Lang, lines: list[str]) -> str:
    """A title built from what the text says, or its document number, or ""."""
    m = _ISSUED.search(_simple(body[:3000]))
    if m:
        return body[m.start(1) : m.end(1)]
    try:
        p = parse_proposal(body[:20_000])
    except InputError:
        p = None
    kind = infer_kind("", body)
    if p is not None and lang == "en":
        return p.title
    if p is not None and kind == "reply" and (p.title or p.number):
        named = f"《{p.title}》" if p.title else p.kind or "建议"
        number = p.number if not p.number or p.number.startswith("第") or p.number.endswith(
            "号") else f"第{p.number}号"
        return f"{infer_issuer(body, '', kind)}关于{p.session}{number}{named}的答复"
    if p is not None and p.title and not is_fragment(p.title):
        return p.title
    if p is not None and p.number and kind == "proposal":
        who = f"（{'、'.join(p.proposers)}）" if p.proposers else ""
        return f"{p.session}{p.number}{p.kind or '建议'}{who}"
    return next((ln for ln in lines[:_TOP] if _DOC_NUMBER.match(_simple(ln))), "")


_REPLY_CUE = re.compile(
    r"收悉|答复如下|函复如下|(?:如下|以下)(?:办理|答复|主办|协办){1,2}意见|答复意见如下|办理复文"
    r"|现将办理情况|现就.{0,20}答复"
)
_POLICY_CUE = re.compile(
    r"现将《[^》]{2,80}》(?:予以)?印发|印发给你们|(?:提出|制定)(?:以下|如下)意见|请认真贯彻|遵照执行"
)
_PROPOSAL_FIELD = re.compile(
    r"^(?:案由|事由|提案人|领衔代表|领衔人|建议人|提出人|建议号|提案号|议案号|提案编号|建议编号"
    r"|提案内容|建议内容|议案内容|联名|附议人|提案单位)\s?[:：]",
    re.M,
)
_POLICY_TITLE = re.compile(r"办法|措施|规定|方案|计划|意见|通知|若干|条例|细则|规划|决定|纲要|指引")
_EN_REPORT = re.compile(r"(?i)\brecommendation\s\d|\bwe recommend\b|\bthe committee recommends\b")


def infer_kind(title: str, body: str) -> DocKind:
    """reply, proposal, policy or other, from the title and the text's forms.

    A reply opens by acknowledging a proposal ("…收悉，现答复如下"), or is titled
    as one ("…的答复", "…复函", "…公示公告" with the reply's summary); a text in a
    proposal's forms (案由:, 提案人:, 领衔代表:, a form's heading, "建议：…") with no
    reply opening is a proposal, even when it quotes its own 建议 many times.
    """
    head = _simple(body[:1500])
    t = _simple(title)
    if _REPLY_END.search(t) or re.search(r"答复|复函", t) or _REPLY_CUE.search(head):
        return "reply"
    if re.search(r"(?i)government\s+response|response\s+to\s+the\b", title + body[:1500]):
        return "reply"
    lines = [ln.strip() for ln in body[:1500].split("\n") if ln.strip()]
    if (
        _PROPOSAL_FIELD.search(head)
        or any(form_line(ln) is not None for ln in lines[:6])
        or (re.search(r"(?:建议|提案|议案)$", t) and not _POLICY_TITLE.search(t))
    ):
        return "proposal"
    if _POLICY_TITLE.search(t) or re.search(r"^\s*第一条", body, re.M) or _POLICY_CUE.search(head):
        return "policy"
    if re.search(r"(?:^|\n)\s*(?:为此|因此|特)?建议[：:]", head) or _EN_REPORT.search(body[:5000]):
        return "proposal"
    if re.search(r"建议|提案", t):
        return "proposal"
    return "other"


def infer_issuer(body: str, title: str, kind: DocKind = "reply") -> str:
    """Who issued the text: a proposal's proposers; otherwise the body that signs it, else
    the body its title names, else the office a reply notice names as handling it."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if kind == "proposal":
        try:
            return "、".join(parse_proposal(body[:20_000]).proposers)
        except InputError:
            return ""
    tail = lines[-10:]
    for k in range(len(tail) - 1, -1, -1):
        if _issuer_line(tail[k]):
            names = [tail[k]]
            while k > 0 and _issuer_line(tail[k - 1]):
                k -= 1
                names.insert(0, tail[k])
            return "、".join(names)
    for text in (title, *lines[:3]):
        m = _ORG_BEFORE.match(_simple(text))
        if m:
            orgs = [o for o in text[: m.end("org")].split() if _SIGNATURE.search(o)]
            return "、".join(orgs) or text[: m.end("org")].strip()
    m = _SOURCE_FIELD.search("\n".join(lines[:6]))
    if m and _SIGNATURE.search(m.group("org")):
        return m.group("org")
    m = _HANDLER.search(body[:5000]) if kind == "reply" else None
    if m and _SIGNATURE.search(_simple(m.group("org"))):
        return m.group("org")
    m = re.search(r"[（(]([\u4e00-\u9fff]{2,20}(?:局|委|办|厅|部|政府))[）)]$", title)
    if m:
        return m.group(1)
    m = _EN_BODY.search("\n".join(lines[:30]))
    if m:
        return m.group(0).strip()
    if re.search(r"(?i)\bgovernment\s+response\b|\bHM Government\b", body[:3000]):
        return "HM Government"
    return ""


def infer_place(issuer: str, text: str, lang: Lang) -> str:
    """The locality or level of the issuer ("马关县", "国家", "UK"), or "" when unknown.

    Args:
        issuer: The issuing body, when known.
        text: The title and the top of the text: when the issuer says no place,
            the session a reply answers names it ("个旧市十七届人大二次会议" →
            "个旧市"; "十三届全国人大" → "国家").
        lang: The text's language.
    """
    for name in re.split(r"[、,，]", issuer):
        place = place_of(name) or _place_name(name)
        if place:
            return place
    if lang == "en":
        uk = re.search(r"House of (?:Commons|Lords)|Parliament|HM Government", text[:3000])
        return "UK" if uk else ""
    head = _simple(text[:1500])
    if re.search(r"全国人大|全国人民代表大会|全国委员会", head):
        return "国家"
    m = _SESSION_PLACE.search(head)
    return _place_name(m.group("p")) if m else ""


def _place_name(name: str) -> str:
    """The place a name starts with, however long ("镇沅彝族哈尼族拉祜族自治县…")."""
    m = _LEADING_PLACE.match(name)
    if m is None or re.fullmatch(rf"自治{_UNIT}|{_UNIT}", m.group(0)):
        return ""
    return place_of(m.group(0)) or m.group(0)
