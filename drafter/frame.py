"""The frame of a reply: its title, salutation, opening and closing, from the proposal.

Chinese: 关于<session><number>《<title>》的答复 (the kind, 提案/建议/议案, stands in for a
missing title); the salutation addresses persons with their role ("尊敬的张三、李四委员："),
bodies as bodies ("尊敬的市工商联："), and both when both sign ("尊敬的民革市委会、张三委员：");
the opening names the proposal and its number.  English: "Government Response to the
Education Committee's report 'Evidence check: Grammar schools'", addressed to the chair
when the report names one ("Dear Ms Smith,", "Dear Robert Halfon,"), else "Dear Chair,".
Every word here comes from the proposal; the issuing body and date come from settings.
"""

from __future__ import annotations

import re

from drafter._proposal_forms import is_org, role_of_kind
from drafter.types import Proposal

__all__ = ["PERSON", "dear", "frame_en", "frame_zh", "role"]

#: A person's name: two to four Chinese characters (a dot for names from minorities).
PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
_KINDS = ("提案", "建议", "议案")
_MAX_NAMED = 5  # persons named in a salutation before "等N位"
_HON = re.compile(r"^(?:The\s)?Rt\.?\sHon\.?\s|^Right\sHonourable\s")
_POST = re.compile(r"(?:,?\s(?:MP|MSP|MS|AM|MLA|QC|KC|OBE|CBE|MBE|DBE|FRS|PC))+$")
_SURNAME_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Professor", "Prof", "Lord", "Baroness",
                   "Lady", "Councillor", "Cllr")
_FIRST_NAME_TITLES = ("Sir", "Dame")


def role(p: Proposal) -> str:
    """委员 or 代表: as the proposal says, else as its kind, session or number says."""
    if p.proposer_role in ("委员", "代表"):
        return p.proposer_role
    if p.kind in _KINDS:
        return role_of_kind(p.kind)
    hint = p.session + p.number
    return "代表" if ("人大" in hint or "人民代表" in hint or "建议" in p.number) else "委员"


def _kind(p: Proposal) -> str:
    """What the proposal is called in the reply: 提案, 建议 or 议案."""
    return p.kind if p.kind in _KINDS else "建议" if role(p) == "代表" else "提案"


def _number(raw: str) -> str:
    """"第58号" for "58", "0058" or "第58号"; a number with its own 号 stays as written."""
    if not raw or raw.startswith("第") or raw.endswith("号"):
        return raw
    return f"第{raw}号"


def _addressees(p: Proposal) -> tuple[str, str]:
    """Whom the reply addresses ("市工商联", "张三、李四委员") and how it says "you"."""
    r = role(p)
    names = list(dict.fromkeys([*p.proposers, *p.co_proposers]))
    orgs = [n for n in names if is_org(n) or not (PERSON.match(n) or len(n) <= 5)]
    persons = [n for n in names if n not in orgs]
    parts = ["、".join(orgs)] if orgs else []
    count = max(p.signers, len(names))
    if len(persons) > _MAX_NAMED:
        parts.append(f"{persons[0]}等{count}位{r}")
    elif persons and count > len(names):
        parts.append("、".join(persons) + f"等{count}位{r}")
    elif persons:
        parts.append("、".join(persons) + r)
    if not parts:
        return r, "您"
    you = "贵单位" if orgs and not persons else "你们" if len(names) > 1 else "您"
    return "、".join(parts), you


def frame_zh(p: Proposal) -> tuple[str, str, str, str]:
    """Title, salutation, opening and closing of a Chinese reply to ``p``."""
    kind = _kind(p)
    title_part = f"《{p.title}》" if p.title else kind
    number = _number(p.number)
    title = f"关于{p.session}{number}{title_part}的答复"
    who, you = _addressees(p)
    salutation = f"尊敬的{who}："
    where = f"在{p.session}" if p.session else ""
    named = f"{title_part}（{number}）" if number and p.title else f"{number}{title_part}"
    opening = (
        f"衷心感谢{you}对我们工作的关心和支持。{you}{where}提出的{named}已收悉。"
        f"我们高度重视，结合工作职能对{kind}进行了认真研究，现答复如下："
    )
    closing = f"再次感谢{you}对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。"
    return title, salutation, opening, closing


def dear(name: str) -> str:
    """How a letter greets a named person ("Rt Hon Robert Halfon MP" → "Robert Halfon",
    "Ms Jane Smith" → "Ms Smith", "Sir Bernard Jenkin" → "Sir Bernard")."""
    name = _POST.sub("", _HON.sub("", name.strip())).strip()
    first, _, rest = name.partition(" ")
    bare = first.rstrip(".")
    if bare in _SURNAME_TITLES and rest:
        surname = re.split(r"\sof\s", rest)[0].split()[-1]
        return f"{'Councillor' if bare == 'Cllr' else bare} {surname}"
    if bare in _FIRST_NAME_TITLES and rest:
        return f"{bare} {rest.split()[0]}"
    return name


def frame_en(p: Proposal, issuer: str = "") -> tuple[str, str, str, str]:
    """Title, salutation, opening and closing of an English response to ``p``."""
    who = "Council" if re.search(r"\bCouncil\b", issuer) else "Government"
    report = f"'{p.title}'" if p.title else ""
    if p.committee and report:
        title = f"{who} Response to the {p.committee}'s report {report}"
    elif report:
        title = f"{who} Response to {report}"
    elif p.committee:
        title = f"{who} Response to the {p.committee}'s report"
    else:
        title = f"{who} Response"
    if p.chair:
        salutation = f"Dear {dear(p.chair)},"
    elif p.proposer_role == "Councillor" and p.proposers:
        salutation = f"Dear Councillor {p.proposers[0]},"
    else:
        salutation = "Dear Chair,"
    named = (f"the {p.committee}'s report {report}" if p.committee and report
             else f"the report {report}" if report else "your report")
    ref = f" ({p.number})" if p.number and p.number.startswith(("HC", "HL")) else ""
    opening = (
        f"Thank you for {named}{ref}. We have considered each of its recommendations "
        "carefully and respond to them in turn below."
    )
    closing = (
        "Thank you again for the Committee's work. We will keep the Committee informed of "
        "progress." if p.committee else
        "Thank you again for raising these matters. We will keep you informed of progress."
    )
    return title, salutation, opening, closing
