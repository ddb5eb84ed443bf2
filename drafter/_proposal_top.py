"""Read the first lines of a proposal: title, number, session, proposers, kind.

The first lines may hold a form's heading ("市人民代表大会代表建议": never the
title), the title (《…的建议》, "关于…", wrapped over two lines), the number
("第58号", "58号", "提案第0058号"), the session ("区政协六届二次会议"), the
proposers ("张三、李四委员", "提案单位：区工商联") and, in a reply read as a
proposal, the reply's own title ("…第12号建议的答复", never the proposal's),
its document number, class and date.  :func:`settle` then says what the text is
(提案, 建议, 议案) and who sends it, from the strongest cue.  English reports are
read by :mod:`drafter._proposal_head_en`.
"""

from __future__ import annotations

import re

from drafter import _numbering as nb
from drafter._proposal_forms import form_line, is_member_body, kind_of_word, role_of_kind
from drafter._proposal_head import (
    ADDRESSEE,
    BARE_NUMBER,
    DATE_LINE,
    FIELD_LINE,
    NUMBER,
    NUMBER_START,
    PROPOSER_LINE,
    REPLY_TITLE,
    SESSION,
    TITLE_END,
    Head,
    is_meta_line,
    real_names,
    split_names,
)
from drafter._proposal_head_en import EnTop, read_top_en
from drafter._proposal_split import lead_in
from drafter.types import Lang

__all__ = ["read_top", "settle"]

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
_NUMBER_END = re.compile(r"[（(]\s?第?\s?[0-9A-Za-z]{1,20}\s?号[\u4e00-\u9fff]{0,4}[）)]$")
_BOOK_TITLE = re.compile(r"《([^《》\n]{2,150}?(?:建议|提案|议案|建议案|报告))》")
_NUMBER_PAREN = re.compile(  # "(72号)", "( 闭18号建议)"
    r"[（(]\s?([\u4e00-\u9fff]?[0-9]{1,12}\s?号)[\u4e00-\u9fff]{0,4}\s?[）)]"
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
_ROLE_FIRST = re.compile(  # "澄湖区人大代表 周海燕", "市政协委员：张三、李四"
    r"^[\u4e00-\u9fff]{0,12}?(?:人大代表|政协委员)\s?[：:]?\s?"
    r"(?P<names>[\u4e00-\u9fff·]{2,4}(?:[、，,\s]{1,3}[\u4e00-\u9fff·]{2,4}){0,30})$"
)
_INLINE_PROPOSER = re.compile(r"(?:提案人|提出人|领衔代表|领衔人|建议人)\s?[：:]\s?(?P<v>.{1,60})$")
_FORM_WORDS = frozenset({"提案", "建议", "议案", "提案书", "建议书", "政协提案", "人大代表建议"})
_HEAD = 8  # lines at the top that may hold title, number, session, proposers


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
            head.title, title_at = _NUMBER_END.sub("", NUMBER_START.sub("", line)).strip("《》*"), i
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
        or FIELD_LINE.match(line)
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
        and (SESSION.search(both) is not None or NUMBER.search(both) is not None)
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
        return
    if _body_alone(line):  # "民革澄湖区委会", "经济界别" under the title
        head.proposers = [line]


def _body_alone(line: str) -> bool:
    """A line that is only a body that may propose (a party's committee, a sector)."""
    return (
        len(line) <= 30
        and is_member_body(line)
        and not re.search(r"[，,。：:；;\s]|届|会议", line)
        and form_line(line) is None
    )


def _number_and_session(top: list[str], head: Head, skip: set[int]) -> None:
    """Number and session from the header lines (or a field quoting the reply)."""
    lines = [top[i] for i in sorted(skip)]
    head.reply = head.reply or any(len(x) <= 100 and REPLY_TITLE.search(x) for x in lines)
    header = "\n".join([head.title, *lines])
    first = "\n".join(line[:600] for line in top[:5])
    if not head.number:
        bare = next((x for x in lines if BARE_NUMBER.match(x)), "")
        m = (NUMBER.search(header) or _NUMBER_PAREN.search(header)
             or NUMBER.search(head.reply_ref))
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
        and NUMBER.search(nxt) is None
        and SESSION.search(nxt) is None
    )


def _has_topic(line: str) -> bool:
    """Whether a title-like line says more than its session and number."""
    core = NUMBER.sub("", SESSION.sub("", line))
    return len(re.sub(r"[关于第号的提案建议议案（）()\s]", "", core)) >= 4


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
        or (FIELD_LINE.match(line) and len(line) <= 60)
        or (ADDRESSEE.match(line + "：") and len(line) <= 30)  # the issuer's name alone
        or _body_alone(line)
        or line.startswith("尊敬的")
        or ADDRESSEE.match(line)
        or (PROPOSER_LINE.match(line) and real_names(line))
        or ((m := _ROLE_FIRST.match(line)) is not None and real_names(m.group("names")))
        or (len(line) <= 40 and NUMBER.search(line))
        or BARE_NUMBER.match(line)
        or SESSION.search(line)
    )
