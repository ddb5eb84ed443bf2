"""The forms a Chinese proposal's header takes: form lines, kinds, bodies as proposers.

A proposal printed on its form opens with the form's own heading, not with its
title: "新密市人民代表大会代表建议", "政协澄湖区委员会提案", "提案专用纸".  Such a line
says what the text is (a CPPCC member's 提案, an NPC deputy's 建议 or 议案) and
who sends it (委员 or 代表), never what it is about (:func:`form_line`).  The
kind is also told by the session (政协 → 提案, 人大 → 建议), the number's key
("建议号", "提案号") and the title's last word; :class:`Kinds` keeps the
strongest cue.  A proposer may be a body rather than a person (民革市委会,
市工商联, 九三学社…支社, 经济界别, 代表团): :func:`is_org` tells them apart, so that
the reply addresses a body as a body ("尊敬的市工商联：").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.types import ProposalKind

__all__ = ["Kinds", "form_line", "is_member_body", "is_org", "kind_of_word", "role_of_kind"]

_SESSION_WORDS = re.compile(
    r"中国人民政治协商会议|人民代表大会|常务委员会|常委会|政协|人大|委员会|全体会议|会议|"
    r"闭会期间|大会期间|第?[一二三四五六七八九十0-9]{1,4}[届次]|\d{4}\s?年度?|年度"
)
_FORM = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{0,12}?)(?P<who>代表|委员)?(?P<form>建议案|提案|建议|议案)"
    r"(?:书|表|单|登记表|专用纸|专用笺|原件)?"
    r"|(?P<paper>提案|建议|议案)?(?:专用纸|专用笺|登记表|登记单)"
)
_PLACE = re.compile(r"(?:[\u4e00-\u9fff]{0,8}?(?:省|自治区|自治州|市|州|盟|县|区|旗|乡|镇))*")
_INSTITUTION = re.compile(r"人民代表大会|人大|政协|委员会|专用纸|专用笺|登记表|代表|委员")
_PARTIES = (
    "民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|无党派|中国国民党革命委员会|中国民主同盟"
    "|中国民主建国会|中国民主促进会|中国农工民主党|中国致公党|台湾民主自治同盟|工商联|共青团"
    "|妇联|侨联|科协|文联|社科联|残联|总工会|工会"
)
_ORG_END = re.compile(
    r"(?:委员会|委会|工委|支部|总支|支社|党组|学社|联合会|工商联|妇联|侨联|科协|文联|残联|团委"
    r"|界别|小组|专委会|代表团|协会|商会|学会|委员组|联组|工会|党委|研究会|促进会"
    r"|[\u4e00-\u9fff]{2,}界|[\u4e00-\u9fff]{3,}组)$"
)
_ORG_START = re.compile(rf"^(?:{_PARTIES})")
_KIND_WORDS: dict[str, ProposalKind] = {
    "提案": "提案", "建议": "建议", "建议案": "建议", "议案": "议案",
}  # fmt: skip


def kind_of_word(word: str) -> ProposalKind:
    """The kind a form word names ("提案" → 提案, "建议案" → 建议), or ""."""
    return _KIND_WORDS.get(word, "")


def role_of_kind(kind: str) -> str:
    """Who sends a proposal of this kind: 委员 (提案), 代表 (建议, 议案), or ""."""
    return "委员" if kind == "提案" else "代表" if kind in ("建议", "议案") else ""


def form_line(line: str) -> tuple[ProposalKind, str] | None:
    """``(kind, role)`` when ``line`` is a form's heading, not a proposal's title.

    Args:
        line: One stripped line from the top of a proposal.

    Returns:
        The kind and role the heading names ("市人民代表大会代表建议" →
        ("建议", "代表"); "政协澄湖区委员会提案" → ("提案", "委员"); "提案专用纸"
        → ("提案", "委员")), or None when the line is something else.
    """
    if len(line) > 50 or "关于" in line or re.search(r"[。，,：:；;《》“”\"]", line):
        return None
    if not _INSTITUTION.search(line) and not re.search(r"专用|登记", line):
        return None
    core = _SESSION_WORDS.sub("", re.sub(r"\s+", "", line))
    m = _FORM.fullmatch(core)
    if m is None or not _PLACE.fullmatch(m.group("place") or ""):
        return None
    word = m.group("form") or m.group("paper") or ""
    kind = kind_of_word(word)
    cue = line + (m.group("who") or "")
    role = (
        "委员"
        if re.search(r"政协|委员(?!会)", cue)
        else "代表"
        if re.search(r"人大|人民代表|代表", cue)
        else role_of_kind(kind)
    )
    if not kind:
        kind = "提案" if role == "委员" else "建议" if role == "代表" else ""
    return kind, role


def is_org(name: str) -> bool:
    """Whether a proposer's name is a body (民革市委会, 市工商联, 经济界别), not a person.

    >>> is_org("市工商联"), is_org("九三学社澄湖区委员会")
    (True, True)
    >>> is_org("张三"), is_org("阿依古丽·买买提")
    (False, False)
    """
    name = name.strip()
    if not name:
        return False
    if _ORG_END.search(name) or _ORG_START.search(name):
        return True
    return "·" not in name and len(name) > 5


_MEMBER_END = re.compile(
    r"(?:委会|工委|支部|总支|支社|党组|学社|工商联|妇联|侨联|科协|文联|残联|团委|界别|小组|专委会"
    r"|代表团|委员组|联组|[\u4e00-\u9fff]{2,}界|[\u4e00-\u9fff]{3,}组)$"
)


def is_member_body(name: str) -> bool:
    """Whether a body can send a proposal (a party's committee, a sector, a group of
    members, a delegation, a CPPCC committee), unlike a government office.

    >>> is_member_body("民盟深圳市委会"), is_member_body("县政协社会和法制委员会")
    (True, True)
    >>> is_member_body("市城市管理局"), is_member_body("深圳市发展和改革委员会")
    (False, False)
    """
    name = name.strip()
    return bool(_ORG_START.search(name) or "政协" in name or _MEMBER_END.search(name))


@dataclass
class Kinds:
    """Cues for what a proposal is; the lowest strength number wins."""

    cues: dict[int, ProposalKind] = field(default_factory=dict)

    def hint(self, strength: int, kind: ProposalKind) -> None:
        """Note a cue for the kind (ignored when empty or when one as strong is known)."""
        if kind:
            self.cues.setdefault(strength, kind)

    @property
    def kind(self) -> ProposalKind:
        """The kind the strongest cue gives, or ""."""
        return self.cues[min(self.cues)] if self.cues else ""
