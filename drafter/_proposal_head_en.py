"""Read the top of an English report or motion: title, committee, member.

English committee reports and council motions open with a block of short
heading lines: the body ("Westmere County Council"), the committee ("Health
and Social Care Committee", "Housing Scrutiny Panel"), sometimes a member
("Councillor Margaret Ellison", "Member for Abbey Ward"), then the title
("Report on …", "Review of …", "Motion on …").  The block ends at the first
paragraph of text or at a section heading ("Summary", "Introduction").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter import _numbering as nb
from drafter._proposal_split import lead_in

__all__ = ["EnTop", "read_top_en"]

_HEAD = 8  # lines at the top that may hold the heading block
_ORGAN = re.compile(
    r"\b(?:Committee|Board|Panel|Group|Commission|Forum|Sub-committee)$"
    r"|^(?:[A-Z][a-z]+ )?Committee (?:on|for) [A-Z]"
)
_BODY = re.compile(
    r"\b(?:Council|Assembly|Parliament|Authority|Department|Office|Ministry|Government"
    r"|Executive|House of (?:Commons|Lords))$"
)
_PERSON = re.compile(
    r"^(?:Councillor|Cllr\.?|Alderman|Senator|Assembly Member|(?:Mr|Mrs|Ms|Dr)\.?)\s"
    r"(?P<name>[A-Z][\w'’-]{0,30}(?:\s[A-Z][\w'’-]{0,30}){0,3})$"
)
_MEMBER_FOR = re.compile(r"^(?:Member|MP|MLA|MS|AM) for\b")
_SECTION = re.compile(
    r"(?i)^(?:(?:executive )?summary|introduction|background|findings|contents|overview"
    r"|conclusions?(?: and recommendations)?|recommendations?|terms of reference)[:.]?$"
)
_REPORT = re.compile(r"\b(?:Report|Response|Review|Motion) (?:on|of|to|into)\b")
_PARTS = re.compile(r"\s[–—-]\s|\s?\|\s?")
_EN_HEAD = re.compile(r"(?:Published|Presented to|Ordered by|HC \d|Session \d|Ref\b)")
_DATE = re.compile(r"^(?:\d{1,2}\s)?[A-Z][a-z]{2,8}\s\d{4}$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$")


@dataclass
class EnTop:
    """What the heading block says: title, proposers (a committee or a member), role."""

    title: str = ""
    proposers: list[str] = field(default_factory=list)
    role: str = ""


def read_top_en(lines: list[str], top: EnTop) -> list[str]:
    """Read title, committee or member from the heading block; return the body.

    Args:
        lines: The text's lines (header fields already taken out).
        top: Where to put what is found; fields already set are kept.

    Returns:
        The lines without the heading lines that were read.
    """
    skip: set[int] = set()
    for i, line in enumerate(lines[:_HEAD]):
        if len(line) > 120 or line[-1] in ".;:!?," or _SECTION.match(line):
            break
        if nb.match_label(line) is not None or lead_in(line) is not None:
            break
        parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
        person = _PERSON.match(line)
        if _DATE.match(line) or _EN_HEAD.match(line) or _MEMBER_FOR.match(line):
            pass
        elif not top.title and _REPORT.search(line):
            top.title = line
        elif parts and all(_ORGAN.search(p) or _BODY.search(p) for p in parts):
            organ = next((p for p in reversed(parts) if _ORGAN.search(p)), "")
            if organ and not top.proposers:
                top.proposers, top.role = [re.sub(r"^[Tt]he ", "", organ)], "Committee"
        elif person is not None:
            if not top.proposers:
                top.proposers, top.role = [person.group("name")], "Councillor"
        elif not top.title:
            top.title = line
        else:
            break
        skip.add(i)
    return [line for i, line in enumerate(lines) if i not in skip]
