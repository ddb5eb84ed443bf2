"""Read a proposal's header: title, number, session, proposers, recipient.

The header is found in three places: platform fields anywhere in the text
("建议号:", "提案人:", "承办单位:", …; :func:`read_meta`), the first lines
(a title such as 《…的建议》, "第20220191号", "区政协六届二次会议", "张三委员";
:func:`read_top`; English reports in :mod:`drafter._proposal_head_en`) and the
last lines (signatures; :mod:`drafter._proposal_tail`).  Each takes the lines it
reads out of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter import _numbering as nb
from drafter._proposal_forms import (
    Kinds,
    form_line,
    is_member_body,
    is_org,
    kind_of_word,
    role_of_kind,
)
from drafter._proposal_head_en import EnTop, read_top_en
from drafter._proposal_split import lead_in
from drafter.types import Lang, ProposalKind

__all__ = [
    "ADDRESSEE",
    "COMMITTEE",
    "DATE_LINE",
    "FIELD_LINE",
    "NUMBER",
    "Head",
    "PROPOSER_LINE",
    "REPLY_TITLE",
    "SESSION",
    "TAIL",
    "TITLE_END",
    "is_meta_line",
    "read_meta",
    "read_top",
    "real_names",
    "settle",
    "split_names",
]

_HEAD = 8  # lines at the top that may hold title, number, session, proposers
TAIL = 8  # lines at the bottom that may hold closing words and signatures

#: A reply's own title ("…第12号建议的答复", "…提案答复的函", "…第21号建议公示公告").
REPLY_TITLE = re.compile(
    r"(?:答复|复函|答复函|的函|办理意见|主办意见|分办意见|协办意见|公示公告|答复摘要|办理情况)"
    r"(?:[（(][^（）()]{0,60}[）)])?$"
)
_SIGNERS = re.compile(r"等\s?([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s?[位名]")
_KIND_END = re.compile(r"(?:建议案|提案|议案|建议)$")
#: A document number on its own line ("泸交函〔2017〕11号", "复政协代表函〔2023〕1号").
_DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,12}\s?(?:〔|\[|［|【|（|\()\s?\d{4}\s?(?:〕|\]|］|】|）|\))?\s?"
    r"[\u4e00-\u9fff]{0,6}\d{0,5}\s?号?(?:[A-D]类)?$"
)
#: Words of a reply's opening or of a sentence that asks: never a header line.
_ASKS = re.compile(r"收悉|答复如下|函复如下|提出的|提交的|所提|现将")
#: A reply's class and publicity marks ("A类", "类别:B", "公开").
_CATEGORY = re.compile(r"^(?:[A-D]类?|公开|主动公开|依申请公开|不予公开)$")
#: "答复时间: 2023-06-12", "来源: …": a field line, whatever its key.
FIELD_LINE = _ANY_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,8}\s?[:：]")
TITLE_END = re.compile(r"(?:建议|提案|议案|建议案|报告|答复|的函)(?:[（(][^（）()]{0,60}[）)])?$")

_META = re.compile(  # "建议号:第197号", "建议内容(摘要):…"
    r"^(?P<key>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z ]{0,13}?)\s*"
    r"(?:[（(][\u4e00-\u9fff]{1,6}[）)])?\s*[:：]\s*(?P<value>.*)$"
)
_KEYS = {
    "number": "建议号 提案号 议案号 案号 提案编号 建议编号 议案编号 提案序号 建议序号",
    "proposer": "提案人 提出人 领衔代表 领衔人 领衔提出人 第一提案人 建议人 提案者 提议人 "
    "提案单位 提出单位 领衔单位 领衔委员 代表姓名 委员姓名 提出者 "
    "submittedby proposer proposers",
    "co": "联名 联名人 联名代表 联名委员 联名提案人 联名提出人 附议 附议人 附议代表 附议委员 "
    "附议提案人 其他提案人 其他联名人 联名者",
    "recipient": "承办单位 主办单位 办理单位 主办 承办",
    "title": "案由 事由 提案题目 建议题目 提案名称 建议名称 提案标题 建议标题 议案标题 议案名称 "
    "议案题目 提案案由 建议案由 议案案由",
    "session": "届次 届别 会议届次",
    "content": "内容 正文 提案内容 建议内容 议案内容 主要内容",
    "reply_ref": "办理复文 答复文件 复文",
    "drop": "交办日期 责任领导 政府督办领导 督办领导 会办单位 协办单位 界别 类别 分类 提交日期 "
    "立案日期 交办单位 办理类型 办理状态 答复日期 联系人 联系电话 工作单位 邮编 提案形式 "
    "提案类型 建议类型 所属界别 代表团 所在代表团 提交时间 立案时间 审查意见 办理时限 办理期限 "
    "公开属性 答复类型 办理结果 办结时间 协商方式 人大代表对办理情况 代表对办理情况 "
    "委员对办理情况 满意度 办理答复 建议答复 提案答复",
}
_WEAK_KEYS = {  # only at the top or bottom of the text, where they are header fields
    "number": "编号 序号",
    "proposer": "代表 委员 姓名 from",
    "recipient": "to 致",
    "title": "标题 题目 议题 主题 title subject",
    "session": "会议",
    "drop": "日期 时间 单位 电话 地址 来源 发布日期 发布时间 date ref reference",
}
_KEY_KIND = {k: kind for kind, keys in _KEYS.items() for k in keys.split()}
_WEAK_KIND = {k: kind for kind, keys in _WEAK_KEYS.items() for k in keys.split()}

_BOOK_TITLE = re.compile(r"《([^《》\n]{2,150}?(?:建议|提案|议案|建议案|报告))》")
_NUMBER = re.compile(
    r"第\s?[0-9A-Za-z０-９](?:[0-9A-Za-z０-９]|[-－](?=[0-9])){0,24}\s?号|第[一二三四五六七八九十百零〇]{1,8}号"
)
_BARE_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,24}\s?号$")
NUMBER = _NUMBER
"""A proposal's number as written in running text ("第197号", "第 JY1000号")."""
_NUMBER_PAREN = re.compile(  # "(72号)", "( 闭18号建议)"
    r"[（(]\s?([\u4e00-\u9fff]?[0-9]{1,12}\s?号)[\u4e00-\u9fff]{0,4}\s?[）)]"
)
_NUMBER_START = re.compile(r"^(?:第\s?[0-9A-Za-z０-９]{1,20}\s?号|[0-9]{1,12}号)\s*")
_NOT_PRE = r"[^\s，。,、：:；;《》“”\"（）()0-9０-９第]"
SESSION = re.compile(
    rf"(?P<pre>{_NOT_PRE}{{0,16}}?)第?[一二三四五六七八九十0-9]{{1,4}}届"
    r"[^\s，。,、：:；;《》“”\"（）()]{0,16}?第?[一二三四五六七八九十0-9]{1,3}次(?:全体)?会议"
)
_SESSION_JUNK = (
    "关于",
    "答复",
    "您在",
    "你在",
    "在",
    "于",
    "对",
    "向",
    "年",
    "的",
    "将",
    "经",
    "是",
)
_NAME_SEP = re.compile(r"[、，,；;/\s]+")
_ROLE_FIRST = re.compile(  # "澄湖区人大代表 周海燕", "市政协委员：张三、李四"
    r"^[\u4e00-\u9fff]{0,12}?(?:人大代表|政协委员)\s?[：:]?\s?"
    r"(?P<names>[\u4e00-\u9fff·]{2,4}(?:[、，,\s]{1,3}[\u4e00-\u9fff·]{2,4}){0,30})$"
)
_NEXT_KEY = re.compile(r"\s(?P<key>[\u4e00-\u9fff]{2,8})\s?[:：]")
PROPOSER_LINE = re.compile(
    r"^(?:尊敬的)?(?P<names>[\u4e00-\u9fff·]{2,4}(?:[、，,\s]{1,3}[\u4e00-\u9fff·]{2,4}){0,30})"
    r"\s?(?:等\s?(?:[0-9一二三四五六七八九十]{1,3}\s?[位名])?\s?)?(?P<role>委员|代表)们?[：:，,]?$"
)
ADDRESSEE = re.compile(
    r"^(?P<org>[\u4e00-\u9fff（）()]{2,40}?(?:政府|局|委员会|委|办公室|办|厅|"
    r"部|院|中心|公司|集团|常委会))[：:]$"
)
DATE_LINE = re.compile(
    r"^(?:\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|\d{4}[-./]\d{1,2}"
    r"[-./]\d{1,2}|\d{1,2}\s[A-Z][a-z]{2,8}\s\d{4}|[A-Z][a-z]{2,8}\s\d{4})$"
)
_INLINE_PROPOSER = re.compile(r"(?:提案人|提出人|领衔代表|领衔人|建议人)\s?[：:]\s?(?P<v>.{1,60})$")
_FORM_WORDS = frozenset({"提案", "建议", "议案", "提案书", "建议书", "政协提案", "人大代表建议"})
COMMITTEE = re.compile(
    r"(?:[A-Z][A-Za-z'&-]{0,30},? (?:(?:and|of|on|for|the) ){0,2}){1,8}"
    r"Committee\b"
)


@dataclass
class Head:
    """What the top and the metadata fields of a proposal say."""

    title: str = ""
    number: str = ""
    session: str = ""
    proposers: list[str] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # cue strength -> role
    recipient: str = ""
    co_proposers: list[str] = field(default_factory=list)
    kinds: Kinds = field(default_factory=Kinds)
    committee: str = ""
    chair: str = ""
    reply: bool = False  # a reply's own title was among the header lines
    title_field: bool = False  # the title came from a field ("案由:", "建议标题:")
    reply_ref: str = ""  # a field quoting the reply ("办理复文: 《…第35号建议的答复》")
    cue: str = ""  # the header's words that say who sends the text (政协, 人大)
    signers: int = 0  # how many sign, when the text gives a count

    def hint(self, strength: int, role: str) -> None:
        """Note a cue for the proposers' role; the lowest strength number wins."""
        if role:
            self.roles.setdefault(strength, role)

    @property
    def role(self) -> str:
        """The role the strongest cue gives ("委员", "代表", "Committee"), or ""."""
        return self.roles[min(self.roles)] if self.roles else ""

    def count_signers(self, text: str) -> None:
        """Note how many sign when the text says ("张三等10位代表" → 10)."""
        m = _SIGNERS.search(text)
        if m and not self.signers:
            raw = m.group(1)
            self.signers = int(raw) if raw.isdigit() else _cn_count(raw)

    @property
    def kind(self) -> ProposalKind:
        """What the text is (提案, 建议, 议案), as its strongest cue says."""
        return self.kinds.kind


def _meta_kind(line: str, index: int, total: int) -> tuple[str, str, str] | None:
    """``(kind, key, value)`` when ``line`` is a header field such as "建议号:第197号"."""
    if ":" not in line[:16] and "：" not in line[:16]:
        return None
    m = _META.match(line)
    if m is None:
        return None
    key = m.group("key").replace(" ", "").lower()
    kind = _KEY_KIND.get(key)
    if kind is None and (index < 12 or index >= total - TAIL):
        kind = _WEAK_KIND.get(key)
    return None if kind is None else (kind, key, m.group("value").strip(" |｜"))


def is_meta_line(line: str) -> bool:
    return _meta_kind(line, 0, 0) is not None


def _fields(line: str, index: int, total: int) -> list[tuple[str, str, str]]:
    """The header fields on ``line``: one, or several ("领衔代表：张三　附议代表：李四")."""
    out: list[tuple[str, str, str]] = []
    meta = _meta_kind(line, index, total)
    while meta is not None:
        kind, key, value = meta
        cut = None
        if kind != "content":
            cut = next((m for m in _NEXT_KEY.finditer(value) if m.group("key") in _KEY_KIND), None)
        if cut is None:
            out.append(meta)
            break
        out.append((kind, key, value[: cut.start()].strip(" |｜")))
        meta = _meta_kind(value[cut.start() + 1 :], index, total)
    return out


def read_meta(lines: list[str]) -> tuple[Head, list[str]]:
    """Take the header fields out of ``lines``; keep the rest (and "内容:" text)."""
    head = Head()
    rest: list[str] = []
    for i, line in enumerate(lines):
        fields = _fields(line, i, len(lines))
        if not fields:
            rest.append(line)
        for kind, key, value in fields:
            _take_field(head, rest, kind, key, value)
    return head, rest


def _take_field(head: Head, rest: list[str], kind: str, key: str, value: str) -> None:
    """Note one header field in ``head`` ("内容:" text goes to ``rest``)."""
    if kind == "content" and value:
        rest.append(value)
    elif kind == "number" and not head.number:
        head.number = _number_value(value)
        head.hint(2, "代表" if key in ("建议号", "议案号") else "")
        head.kinds.hint(1, kind_of_word(key[:2]))
    elif kind == "proposer" and not head.proposers:
        head.proposers, role = split_names(value)
        head.count_signers(value)
        head.hint(0, role)
        head.hint(3, "代表" if "代表" in key or key.startswith("建议") else
                  "委员" if key.startswith("提案") else "")
        head.kinds.hint(3, kind_of_word(key[:2]))
    elif kind == "co" and not head.co_proposers:
        head.co_proposers = split_names(value)[0]
    elif kind == "recipient" and not head.recipient:
        head.recipient = value
    elif kind == "title" and not head.title:
        head.title = _NUMBER_START.sub("", value.strip("《》 ")).strip("《》 ")
        head.title_field = bool(head.title)
        head.kinds.hint(1, kind_of_word(key[:2]))
    elif kind == "reply_ref" and not head.reply_ref:
        head.reply_ref = value
    elif kind == "session" and not head.session:
        head.session = value


def _number_value(value: str) -> str:
    """A number field's value as a number: "201号" → "第201号", "0058" as written."""
    m = _NUMBER.search(value)
    if m:
        return m.group(0).replace(" ", "")
    return "第" + value if _BARE_NUMBER.match(value) else value


def _cn_count(raw: str) -> int:
    """A small count in Chinese numerals ("十一" → 11)."""
    digits = {c: v for v, c in enumerate("零一二三四五六七八九")}
    if "十" not in raw:
        return digits.get(raw, 0)
    tens, _, ones = raw.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


def split_names(value: str) -> tuple[list[str], str]:
    """Names in "麦俊峰、周亮委员" or "李树金（马关县人大代表）", and the role said."""
    role = "委员" if re.search("委员(?!会)", value) else "代表" if "代表" in value else ""
    value = re.sub(r"[（(][^（）()]{0,40}[）)]", "", value)
    names = [re.sub(r"(?:等.{0,4})?(?:委员|代表)们?$", "", n) for n in _NAME_SEP.split(value)]
    names = [n if is_org(n) else re.sub(r"等$", "", n) for n in names]
    return [n for n in names if n], role


def _headingish(line: str) -> bool:
    return len(line) <= 160 and line[-1] not in "。；;！？!?，,.:：" and "。" not in line


def read_top(lines: list[str], head: Head, lang: Lang) -> list[str]:
    """Read title, number, session, proposers from the top lines; return the body."""
    if lang == "en":
        en = EnTop(head.title, head.proposers)
        body = read_top_en(lines, en)
        head.title, head.proposers = en.title, en.proposers
        head.committee, head.chair, head.number, head.session = (
            en.committee, en.chair, head.number or en.number, head.session or en.session)
        head.hint(0, en.role)
        head.kinds.hint(0, "report")
        return body
    top = lines[:_HEAD]
    skip: set[int] = set()
    for i, line in enumerate(top):  # a form's heading ("市人民代表大会代表建议") is never a title
        form = form_line(line)
        if form is not None:
            skip.add(i)
            head.kinds.hint(0, form[0])
            head.hint(1, form[1])
    _find_title(top, head, skip)
    _read_head_lines(top, head, skip)
    _number_and_session(top, head, skip)
    return [line for i, line in enumerate(lines) if i not in skip]


def _find_title(top: list[str], head: Head, skip: set[int]) -> None:
    """The title among the first lines: 《…的建议》, "关于…", or a line ending like a title."""
    title_at = -1
    for i, line in enumerate(top[:5]):
        if head.title:
            break
        if i in skip or _not_a_title(line):
            continue
        m = _BOOK_TITLE.search(line[:400])
        if m and _headingish(line):
            head.title, title_at = m.group(1), i
        elif (
            _headingish(line)
            and nb.match_label(line) is None
            and (line.startswith("关于") or TITLE_END.search(line))
            and _has_topic(line)
        ):
            head.title, title_at = _NUMBER_START.sub("", line).strip("《》*"), i
    if title_at >= 0:
        skip.add(title_at)
        if title_at < len(top) - 1 and _wraps(head.title, top[title_at + 1]):
            head.title += top[title_at + 1]
            skip.add(title_at + 1)


def _not_a_title(line: str) -> bool:
    """A salutation, a reply's own title, a proposer's, a field, a document number or a
    body's name: never the title."""
    return bool(
        line.startswith("尊敬的")
        or REPLY_TITLE.search(line)
        or PROPOSER_LINE.match(line)
        or line.rstrip("：:").endswith(("代表", "委员"))
        or is_meta_line(line[:60])
        or _ANY_FIELD.match(line)
        or _DOC_NUMBER.match(line)
        or DATE_LINE.match(line)
        or (ADDRESSEE.match(line + "：") and not TITLE_END.search(line))
    )


def _read_head_lines(top: list[str], head: Head, skip: set[int]) -> None:
    """Take the header lines at the top (number, session, proposers, date, addressee)."""
    for i, line in enumerate(top):
        if i in skip:
            continue
        wrapped = i + 1 < len(top) and _wrapped_reply_title(line, top[i + 1])
        if not wrapped and not _is_head_line(line):
            if (
                not head.title
                and i < 3
                and len(line) >= 5
                and _headingish(line)
                and nb.match_label(line) is None
                and lead_in(line) is None
                and not _not_a_title(line)
            ):
                head.title = line.strip("《》*")
                skip.add(i)
                if i + 1 < len(top) and _wraps(head.title, top[i + 1]):
                    head.title += top[i + 1]
                    skip.add(i + 1)
                continue
            break
        skip.add(i)
        if wrapped:
            skip.add(i + 1)
        _proposers_of(line, head)
        m = ADDRESSEE.match(line)
        if m and is_member_body(m.group("org")):  # a reply to "民盟深圳市委会："
            head.proposers = head.proposers or [m.group("org")]
        elif m and not head.recipient:
            head.recipient = m.group("org")


def _wrapped_reply_title(line: str, nxt: str) -> bool:
    """Whether two lines are one reply title wrapped ("…关于马关县第十七届" /
    "人大一次会议第197号建议的答复函")."""
    both = line + nxt
    return (
        len(both) <= 100
        and REPLY_TITLE.search(nxt) is not None
        and REPLY_TITLE.search(line) is None
        and not re.search(r"[，,。：:]", both)
        and (SESSION.search(both) is not None or _NUMBER.search(both) is not None)
    )


def _proposers_of(line: str, head: Head) -> None:
    """The proposers a header line names ("张三、李四委员", "市政协委员：王五")."""
    if head.proposers:
        return
    head.count_signers(line)
    m = PROPOSER_LINE.match(line)
    if m and real_names(m.group("names")):
        head.proposers = split_names(m.group("names"))[0]
        head.hint(0, m.group("role"))
        return
    m = _ROLE_FIRST.match(line)
    if m and real_names(m.group("names")):
        head.proposers = split_names(m.group("names"))[0]
        head.hint(0, "委员" if "政协" in line else "代表")
        return
    m = _INLINE_PROPOSER.search(line)
    if m:
        head.proposers, role = split_names(m.group("v"))
        head.hint(0, role)


def _number_and_session(top: list[str], head: Head, skip: set[int]) -> None:
    """Number and session from the header lines (or a field quoting the reply)."""
    lines = [top[i] for i in sorted(skip)]
    head.reply = head.reply or any(len(x) <= 100 and REPLY_TITLE.search(x) for x in lines)
    header = "\n".join([head.title, *lines])
    first = "\n".join(line[:600] for line in top[:5])
    if not head.number:
        bare = next((x for x in lines if _BARE_NUMBER.match(x)), "")
        m = (_NUMBER.search(header) or _NUMBER_PAREN.search(header)
             or _NUMBER.search(head.reply_ref))
        head.number = (m.group(m.lastindex or 0) if m else "第" + bare if bare else "")
        head.number = head.number.replace(" ", "")
        if re.fullmatch(r"[0-9]{1,12}号", head.number):
            head.number = "第" + head.number
    if not head.session:
        m = (SESSION.search(header) or SESSION.search("".join(lines)) or SESSION.search(first)
             or SESSION.search(head.reply_ref))
        if m:
            pre = m.group("pre")
            cut = max((pre.rfind(j) + len(j) for j in _SESSION_JUNK if j in pre), default=0)
            head.session = m.group(0)[cut:]
    head.cue = head.session or header


def settle(head: Head) -> None:
    """The kind and role the session, the title and the header's words say, when no
    stronger cue (a form's heading, a field's key) has said them."""
    cue = head.cue + head.session
    council = "政协" in cue
    people = "人大" in cue or "人民代表" in cue
    head.hint(1, "委员" if council else "代表" if people else "")
    end = _KIND_END.search(re.sub(r"[（(][^（）()]{0,60}[）)]$", "", head.title))
    word = kind_of_word(end.group(0)) if end else ""
    head.kinds.hint(2, "提案" if council else "")
    head.kinds.hint(3, "议案" if word == "议案" else "")
    head.kinds.hint(4, "建议" if people else "")
    head.kinds.hint(5, word)
    head.hint(4, "委员" if "提案" in head.title else "代表" if "建议" in head.title else "")
    head.kinds.hint(6, "提案" if head.role == "委员" else "建议" if head.role == "代表" else "")
    head.hint(5, role_of_kind(head.kind))


def _wraps(title: str, nxt: str) -> bool:
    """Whether ``nxt`` is the rest of a title wrapped onto a second line ("…的\\n建议")."""
    return (
        not TITLE_END.search(title)
        and len(nxt) <= 60
        and _headingish(nxt)
        and TITLE_END.search(nxt) is not None
        and (title.startswith("关于") or nxt.startswith("的") or len(nxt) <= 4)
        and _NUMBER.search(nxt) is None
        and SESSION.search(nxt) is None
    )


def _has_topic(line: str) -> bool:
    """Whether a title-like line says more than its session and number."""
    core = _NUMBER.sub("", SESSION.sub("", line))
    return len(re.sub(r"[关于第号的提案建议议案（）()\s]", "", core)) >= 4


def real_names(names: str) -> bool:
    return not any(w in names for w in ("人大", "政协", "全国", "尊敬", "各位"))


def _is_head_line(line: str) -> bool:
    """Whether a top line is header matter (number, session, proposers, date, addressee)."""
    if len(line) > 80 or "。" in line or nb.match_label(line) is not None:
        return False
    if DATE_LINE.match(line) or _DOC_NUMBER.match(line):
        return True
    if len(line) <= 100 and REPLY_TITLE.search(line) and not re.search(r"[，,]", line):
        return True
    if _ASKS.search(line) or (len(line) > 30 and re.search(r"[，,]", line)):
        return False  # a reply's opening, or a sentence
    if lead_in(line) is not None:
        return False
    return bool(
        line in _FORM_WORDS
        or _CATEGORY.match(line)
        or (_ANY_FIELD.match(line) and len(line) <= 60)
        or (ADDRESSEE.match(line + "：") and len(line) <= 30)  # the issuer's name alone
        or line.startswith("尊敬的")
        or ADDRESSEE.match(line)
        or (PROPOSER_LINE.match(line) and real_names(line))
        or ((m := _ROLE_FIRST.match(line)) is not None and real_names(m.group("names")))
        or (len(line) <= 40 and _NUMBER.search(line))
        or _BARE_NUMBER.match(line)
        or SESSION.search(line)
    )
