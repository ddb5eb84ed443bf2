"""Read the top of an English report, motion or response: title, committee, chair.

English committee reports and council motions open with a block of short
heading lines: the body ("Westmere County Council"), the committee ("Health
and Social Care Committee", "Housing Scrutiny Panel"), sometimes a member
("Councillor Margaret Ellison", "Member for Abbey Ward"), then the title
("Report on …", "Review of …", "Motion on …").  The block ends at the first
paragraph of text or at a section heading ("Summary", "Introduction").

A government response to a report names the report rather than opening with
it: "Evidence check: Grammar schools: Government Response to the Committee's
Fourth Report of Session 2016–17", "The Education Committee reported to the
House on Evidence check: Grammar schools (HC 780)", "the House of Commons
Science & Technology Select Committee's 'Last Report'".  :func:`read_response`
reads the report's title, committee, number and session from those forms.  The
chair, when the text names one ("Rt Hon Robert Halfon MP, Chair", a signature
over "Chair of the Committee"), is read from the first and last lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter import _numbering as nb
from drafter._proposal_split import lead_in
from drafter.ingest.clean import unwrap_caps

__all__ = ["EnTop", "chair_lines", "find_chair", "read_response", "read_top_en"]

_HEAD = 8  # lines at the top that may hold the heading block
_LOOK = 16  # lines at the top where a response names the report it answers
_ORGAN = re.compile(
    r"\b(?:Committee|Board|Panel|Group|Commission|Forum|Sub-committee)$"
    r"|^(?:(?:[A-Z][a-z]+|of) )*Committee (?:on|for) (?:the )?[A-Z]"
)
_BODY = re.compile(
    r"\b(?:Council|Assembly|Parliament|Authority|Department|Office|Ministry|Government"
    r"|Executive|Senate|Congress|Legislature|Cabinet|House of (?:Commons|Lords|Representatives)"
    r")$"
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
_EN_HEAD = re.compile(
    r"(?:Published|Presented to|Ordered by|HC \d|HL Paper|Session \d|Ref\b|Report to\b"
    r"|Chair\b|(?:Rt|The Rt) Hon\b)"
)
_DATE = re.compile(r"^(?:\d{1,2}\s)?[A-Z][a-z]{2,8}\s\d{4}$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$")

_Q = "\"'‘’“”"
_COMMITTEE = (
    r"(?:[A-Z][\w'’.-]*,?[ ](?:(?:&|and|of|on|for|the|in)[ ]){0,2}){1,10}"
    r"(?:Select[ ]|Standing[ ]|Scrutiny[ ]|Joint[ ])?Committee"
)
_SESSION = r"Session\s\d{4}[–—-]\d{2,4}"
_NUMBER = re.compile(r"\b(?:HC|HL(?: Paper)?)\s\d{1,5}(?:-[IVX]+)?\b")
_RESPONSE_FORMS = [  # the first form that gives a field gives it
    re.compile(  # Government response to the X Committee's Report on "Title"
        rf"(?i:response)\sto\sthe\s(?P<committee>{_COMMITTEE})(?:['’]s)?\s(?:\w+\s)?"
        rf"(?i:report)(?:\sof\s(?P<session>{_SESSION}))?,?\s(?:on\s|entitled\s|titled\s|:\s)?"
        rf"[{_Q}](?P<title>[^{_Q}\n]{{3,160}})[{_Q}]"
    ),
    re.compile(  # The X Committee reported to the House on Title (HC 780) in its … Session …
        rf"(?P<committee>{_COMMITTEE})\sreported\sto\sthe\sHouse\son\s(?P<title>[^()\n]{{3,160}}?)"
        rf"\s\((?P<number>H[CL][^()]{{1,20}})\)(?:\sin\sits\s\w+\sReport\sof\s"
        rf"(?P<session>{_SESSION}))?"
    ),
    re.compile(  # the X Committee's 'Title'
        rf"\bthe\s(?P<committee>{_COMMITTEE})['’]s\s(?:report\s)?[{_Q}](?P<title>[^{_Q}\n]{{3,160}})"
        rf"[{_Q}]"
    ),
    re.compile(  # Title: Government Response to the X Committee's Nth Report of Session …
        rf"^(?:(?i:appendix)\s\d+:\s)?(?P<title>[^\n]{{3,160}}?):\s(?:The\s)?"
        rf"(?i:government\sresponse)(?:\sto\sthe\s(?:(?P<committee>{_COMMITTEE})|Committee)['’]s"
        rf"\s\w+\sReport(?:\sof\s(?P<session>{_SESSION}))?)?",
        re.M,
    ),
    re.compile(  # Title - X Committee Contents (a parliament page heading)
        rf"^(?P<title>[^\n]{{3,160}}?)\s[-–—]\s(?P<committee>{_COMMITTEE})(?:\sContents)?$",
        re.M,
    ),
    re.compile(  # Government Response to the X Committee report: Title
        rf"(?i:response)\sto\sthe\s(?P<committee>{_COMMITTEE})\s(?i:report):\s"
        rf"(?P<title>[^\n]{{3,160}}?)(?:\s\(HTML\))?$",
        re.M,
    ),
    re.compile(  # the report from the X Committee on …; the X Committee's Report on …
        rf"\b(?:report|Report)\s(?:from|of|by)\sthe\s(?P<committee>{_COMMITTEE})\b"
        rf"|\bthe\s(?P<committee2>{_COMMITTEE})['’]s\s(?:\w+\s)?(?:report|Report)\b"
    ),
]
_HONORIFIC = r"(?:(?:The\s)?Rt\.?\sHon\.?\s|Mr\.?\s|Mrs\.?\s|Ms\.?\s|Miss\s|Dr\.?\s|Sir\s|Dame\s" \
    r"|Lord\s|Baroness\s|Lady\s|Professor\s|Prof\.?\s)"
_NAME = rf"{_HONORIFIC}*[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]+){{0,3}}(?:\s(?:MP|MSP|MS|AM|MLA|QC|KC|" \
    r"OBE|CBE|MBE|DBE|FRS))*"
_CHAIR_INLINE = re.compile(
    rf"^(?P<name>{_NAME}),?\s(?:\(Chair(?:man|woman|person)?\)|[-–—]?\s?Chair(?:man|woman|"
    rf"person)?\b)|^Chair(?:man|woman|person)?(?:\sof\sthe\s[\w ,&']{{0,80}}?Committee)?\s?[:：]"
    rf"\s?(?P<name2>{_NAME})$"
)
_CHAIR_LINE = re.compile(r"^Chair(?:man|woman|person)?(?:,|\sof\b|$)")
_NAME_LINE = re.compile(rf"^{_NAME}$")


@dataclass
class EnTop:
    """What the top says: title, proposers (a committee or a member), role, and the report."""

    title: str = ""
    proposers: list[str] = field(default_factory=list)
    role: str = ""
    committee: str = ""
    chair: str = ""
    number: str = ""
    session: str = ""


def read_top_en(lines: list[str], top: EnTop) -> list[str]:
    """Read title, committee or member from the heading block; return the body.

    Args:
        lines: The text's lines (header fields already taken out).
        top: Where to put what is found; fields already set are kept.

    Returns:
        The lines without the heading lines that were read.
    """
    read_response(lines, top)
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
        elif top.title.isupper() and len(top.title) <= 60 and i - 1 in skip and _REPORT.search(
            line) is None and not _BODY.search(line) and not _ORGAN.search(line):
            top.title = f"{top.title}: {line}"  # "DEFENSE LOGISTICS" / "DOD Should Improve …"
        elif parts and all(_ORGAN.search(p) or _BODY.search(p) for p in parts):
            organ = next((p for p in reversed(parts) if _ORGAN.search(p)), "")
            if organ and not top.committee:
                top.committee = re.sub(r"^[Tt]he ", "", organ)
        elif person is not None:
            if not top.proposers:
                top.proposers, top.role = [person.group("name")], "Councillor"
        elif not top.title:
            top.title = line
        else:
            break
        skip.add(i)
    if top.committee and not top.proposers:
        top.proposers, top.role = [top.committee], "Committee"
    if not top.chair:
        top.chair = find_chair(lines)
    if top.number == "":
        m = _NUMBER.search("\n".join(line[:300] for line in lines[:_LOOK]))
        top.number = m.group(0) if m else ""
    return [line for i, line in enumerate(lines) if i not in skip]


def read_response(lines: list[str], top: EnTop) -> None:
    """Title, committee, number and session of the report a response answers.

    Args:
        lines: The text's lines.
        top: Where to put what is found; fields already set are kept.
    """
    text = "\n".join(unwrap_caps(lines[:_LOOK]))
    for form in _RESPONSE_FORMS:
        for m in form.finditer(text):
            got = {k: v for k, v in m.groupdict().items() if v}
            committee = got.get("committee") or got.get("committee2") or ""
            if "title" in got and not top.title:
                top.title = _title_case(got["title"].strip(" .,:"))
            if committee and not top.committee:
                top.committee = _committee(committee)
            if "number" in got and not top.number:
                top.number = got["number"].strip()
            if "session" in got and not top.session:
                top.session = got["session"]


def find_chair(lines: list[str]) -> str:
    """The committee's chair, when the first or last lines name one, else ""."""
    window = [*lines[:_LOOK], *lines[-8:]] if len(lines) > _LOOK else lines
    for i, line in enumerate(window):
        if len(line) > 160:
            continue
        m = _CHAIR_INLINE.match(line)
        if m:
            return (m.group("name") or m.group("name2") or "").strip()
        if _CHAIR_LINE.match(line) and i > 0 and _NAME_LINE.match(window[i - 1]):
            return window[i - 1].strip()
    return ""


def chair_lines(line: str, before: str = "") -> int:
    """How many lines sign as the chair, ending at ``line``: 1 ("Jane Smith MP, Chair"),
    2 ("Chair of the Committee" under the name given as ``before``), or 0."""
    if len(line) > 160:
        return 0
    if _CHAIR_INLINE.match(line):
        return 1
    return 2 if _CHAIR_LINE.match(line) and _NAME_LINE.match(before) else 0


def _committee(name: str) -> str:
    """A committee's name as the text gives it, without a leading "the" or line break."""
    name = re.sub(r"\s+", " ", name).strip(" ,")
    return re.sub(r"^(?:[Tt]he|[Ii]n|[Aa]nd|[Oo]f) ", "", name)


_SMALL = frozenset("a an and as at by for in of on or the to with".split())


def _title_case(title: str) -> str:
    """A title in capitals ("THE MANAGEMENT OF SECONDARY LEGISLATION") in title case."""
    if not title.isupper():
        return title
    words = title.lower().split()
    return " ".join(
        w if k and w in _SMALL else w[:1].upper() + w[1:] for k, w in enumerate(words)
    )
