"""Read a proposal's header: title, number, session, proposers, recipient.

The header is found in three places: platform fields anywhere in the text
("建议号:", "提案人:", "承办单位:", …; :func:`read_meta`, here), the first lines
(a title such as 《…的建议》, "第20220191号", "区政协六届二次会议", "张三委员";
:mod:`drafter._proposal_top`; English reports in :mod:`drafter._proposal_head_en`)
and the last lines (signatures; :mod:`drafter._proposal_tail`).  Each takes the
lines it reads out of the body.  The patterns they share are here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter._proposal_forms import Kinds, is_org, kind_of_word
from drafter.types import ProposalKind

__all__ = [
    "ADDRESSEE",
    "BARE_NUMBER",
    "COMMITTEE",
    "DATE_LINE",
    "FIELD_LINE",
    "NUMBER",
    "NUMBER_START",
    "Head",
    "PROPOSER_LINE",
    "REPLY_TITLE",
    "SESSION",
    "TAIL",
    "TITLE_END",
    "is_meta_line",
    "read_meta",
    "real_names",
    "split_names",
]

TAIL = 8  # lines at the bottom that may hold closing words and signatures

#: A reply's own title ("…第12号建议的答复", "…提案答复的函", "…第21号建议公示公告").
REPLY_TITLE = re.compile(
    r"(?:答复|复函|答复函|的函|办理意见|主办意见|分办意见|协办意见|公示公告|答复摘要|办理情况)"
    r"(?:[（(][^（）()]{0,60}[）)])?$"
)
_SIGNERS = re.compile(r"等\s?([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s?[位名]")
#: "答复时间: 2023-06-12", "来源: …": a field line, whatever its key.
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,8}\s?[:：]")
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

_NUMBER = re.compile(
    r"第\s?[0-9A-Za-z０-９](?:[0-9A-Za-z０-９]|[-－](?=[0-9])){0,24}\s?号|第[一二三四五六七八九十百零〇]{1,8}号"
    r"|闭会?(?:期间)?第?[0-9０-９]{1,12}\s?号"  # a suggestion made between sessions: "闭18号"
)
BARE_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,24}\s?号$")
"""A number alone: "58号", "A12号"."""
NUMBER = _NUMBER
"""A proposal's number as written in running text ("第197号", "第 JY1000号")."""
NUMBER_START = re.compile(r"^(?:第\s?[0-9A-Za-z０-９]{1,20}\s?号|[0-9]{1,12}号)\s*")
_NOT_PRE = r"[^\s，。,、：:；;《》“”\"（）()0-9０-９第]"
SESSION = re.compile(
    rf"(?P<pre>{_NOT_PRE}{{0,16}}?)第?[一二三四五六七八九十0-9]{{1,4}}届"
    r"[^\s，。,、：:；;《》“”\"（）()]{0,16}?第?[一二三四五六七八九十0-9]{1,3}次(?:全体)?会议"
)
_NAME_SEP = re.compile(r"[、，,；;/\s]+")
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
        head.title = NUMBER_START.sub("", value.strip("《》 ")).strip("《》 ")
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
    return "第" + value if BARE_NUMBER.match(value) else value


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


def real_names(names: str) -> bool:
    return not any(w in names for w in ("人大", "政协", "全国", "尊敬", "各位"))
