"""Read a reply's sections as the recommendations it answers.

An office's reply to a proposal (答复, 办理意见) opens by acknowledging it
("……已收悉，现答复如下：") and then answers its recommendations point by
point under headings that name them: "关于建议一：", "一、关于…",
"（一）针对…的建议", or a paragraph that opens with "关于…".  Some replies
restate the proposal's points instead ("共提出3大问题：一是…二是…三是…") and
answer them in a list of the same length.  Any other numbered list in a reply
("一、我局已督促…", "一是…二是…") is the office's measures for a single
recommendation, so such a reply answers one.
"""

from __future__ import annotations

import re

from drafter._numbering import Label, choose, inline_labels
from drafter._proposal_head import NUMBER, PROPOSER_LINE, Head, real_names, split_names
from drafter._proposal_split import (
    Piece,
    build,
    cut,
    labels_of,
    line_lists,
    piece,
    split_recommendations,
)
from drafter.types import Lang, ProposalKind, Recommendation

__all__ = ["read_reply_head", "split_reply"]

_OPENING = re.compile(
    r"收悉|答复如下|函复如下|(?:如下|以下)(?:办理|答复|主办|协办){0,2}意见|答复意见如下"
)
_AS_FOLLOWS = re.compile(r"(?:如下|以下(?:措施|意见|情况)?)\s?[:：]")
_MIRROR = re.compile(r"(?:关于|针对)")
_ANSWERED = frozenset({"jianyi", "en_recommendation"})  # labels that name a recommendation
_CLOSE = re.compile(  # thanks, or "以上是我局关于……的答复"
    r"^(?:(?:再次|衷心|非常|诚挚|特别)?(?:地|的)?(?:感谢|谢谢)"
    r"|以上(?:是|为|即|就是)?.{0,80}?(?:答复|办理意见|办理情况)[。！!]?$)"
)
_WINDOW = 20  # lines at the top where a reply's opening may be
_ASKED = r"(?:提出|提交|所提|领衔提出|联名提出)(?:的|了)?\s?(?:第\s?[0-9A-Za-z]{1,20}\s?号)?\s?"
_QUOTED = [  # how an opening names the proposal it answers
    re.compile(r"《(?P<t>[^《》\n]{4,160})》"),
    re.compile(_ASKED + r"(?:关于)?[“\"](?P<t>[^“”\"\n]{4,160})[”\"]"),
    re.compile(_ASKED + r"(?P<t>关于[^，,。；;《》“”\"\n]{2,150}?(?:建议案|提案|议案|建议))"),
]
_KIND_AFTER = re.compile(r"[”\"》]?\s?(?:的)?(?P<k>建议案|提案|议案|议事原案|建议)")
_KINDS: dict[str, ProposalKind] = {
    "建议案": "建议", "提案": "提案", "议案": "议案", "议事原案": "议案", "建议": "建议",
}  # fmt: skip
_LEADING_NAMES = re.compile(  # "罗元代表:你提出的…"
    r"^(?:尊敬的)?(?P<names>[\u4e00-\u9fff·]{2,4}(?:[、，,]\s?[\u4e00-\u9fff·]{2,4}){0,30})"
    r"\s?(?:等\s?[0-9一二三四五六七八九十]{0,3}\s?[位名]?)?\s?(?P<role>委员|代表)们?[：:]"
)
_TAIL = 8  # lines at the end where its closing words may be


def split_reply(body: list[str], lang: Lang) -> tuple[str, bool, list[Recommendation]] | None:
    """The recommendations a reply answers, when ``body`` is a reply.

    Args:
        body: The body lines (header and signature already taken out).
        lang: "zh" or "en" (an English response quotes each recommendation
            before answering it: the quotes are the recommendations).

    Returns:
        ``(numbering, numbering_found, recommendations)`` as
        :func:`~drafter._proposal_split.split_recommendations` gives them,
        or None when ``body`` does not open like a reply.
    """
    if lang != "zh":
        return _split_response_en(body)
    at = next((i for i, line in enumerate(body[:_WINDOW]) if _OPENING.search(line[:2000])), None)
    if at is None:
        return None
    opening = body[at]
    m = _AS_FOLLOWS.search(opening)
    after = opening[m.end() :].strip() if m else ""
    rest = ([after] if after else []) + body[at + 1 :]
    end = next(
        (i for i in range(max(0, len(rest) - _TAIL), len(rest)) if _CLOSE.match(rest[i])),
        len(rest),
    )
    rest = rest[:end] or rest
    labels = labels_of(rest)
    found = _mirrored(rest, labels) or _guanyu(rest) or _restated(opening, rest, labels)
    if found is not None:
        return found[0], True, build(found[1], found[0])
    text = piece("\n".join(rest)) or piece(opening)
    return "none", False, [Recommendation(number=1, label="", text=text)]


def _mirrored(rest: list[str], labels: list[Label | None]) -> tuple[str, list[Piece]] | None:
    """Sections whose headings name a recommendation ("关于建议一", "一、关于…")."""
    groups: dict[str, list[Label]] = {}
    for i, lab in enumerate(labels):
        if lab is not None and (
            lab.style in _ANSWERED or _MIRROR.match(rest[i], lab.end, lab.end + 2)
        ):
            groups.setdefault(lab.style, []).append(
                Label(lab.style, lab.value, lab.label, i, lab.end)
            )
    found = choose(groups, strong=frozenset(groups))  # one section naming one is enough
    return None if found is None else (found[0], cut(rest, labels, *found))


def _guanyu(rest: list[str]) -> tuple[str, list[Piece]] | None:
    """Unnumbered sections, each opening with "关于…" (two at least)."""
    starts = [i for i, line in enumerate(rest) if line.startswith("关于")]
    if len(starts) < 2:
        return None
    pieces: list[Piece] = []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rest)
        pieces.append(("", rest[i:end], labels_of(rest[i:end])))
    return "guanyu", pieces


def _restated(
    opening: str, rest: list[str], labels: list[Label | None]
) -> tuple[str, list[Piece]] | None:
    """A list answering, one item each, the points the opening restates (一是…二是…)."""
    said = choose(inline_labels(opening[:2000]))
    found = choose(line_lists(labels))
    if said is None or found is None or len(found[1]) != len(said[1]):
        return None
    return found[0], cut(rest, labels, *found)


def read_reply_head(body: list[str], head: Head) -> None:
    """What a reply's opening says of the proposal it answers: its title and kind.

    A reply's own title ("…关于第12号建议的答复") is not the proposal's; the
    opening quotes the proposal ("您提出的《关于…的建议》收悉", "你提出的“关于…的建议”").

    Args:
        body: The body lines (header already taken out).
        head: The header read so far; its title is replaced by the quoted one.
    """
    for k, line in enumerate(body[:_WINDOW]):
        if not (_OPENING.search(line[:2000]) or re.search(_ASKED, line[:200])):
            continue
        _salutation(body[k - 1] if k else "", line, head)
        if not head.number:
            m = NUMBER.search(line[:300])
            head.number = m.group(0).replace(" ", "") if m else ""
        for form in _QUOTED:
            m = form.search(line[:600])
            if m is None:
                continue
            if not head.title_field:
                title = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", m.group("t"))
                head.title = re.sub(r"^关于《(.+)》$", r"\1", title.strip())
            after = _KIND_AFTER.match(line, m.end())
            head.kinds.hint(2, _KINDS.get(after.group("k"), "") if after else "")
            return
        return


def _salutation(before: str, line: str, head: Head) -> None:
    """The proposers a reply addresses, on the line before its opening or at its start."""
    if head.proposers:
        return
    m = PROPOSER_LINE.match(before) if len(before) <= 200 else None
    if m is None:
        m = _LEADING_NAMES.match(line)
    if m is not None and real_names(m.group("names")):
        head.proposers = split_names(m.group("names"))[0]
        head.count_signers(m.group(0))
        head.hint(0, m.group("role"))


_RESPONSE_EN = re.compile(
    r"(?i)\bgovernment(?:['’]s)?\s+response\b|\bresponse\s+to\s+the\b"
    r"|\bthe\s+government\s+(?:welcomes|is\s+grateful|is\s+pleased\s+to\s+respond|responds)"
)
_PARAGRAPH_REF = re.compile(r"\((?:Paragraphs?|Paras?\.?)\s[0-9][0-9,\s–—and-]*\)[.;]?\s*$")
_ANSWER_EN = re.compile(  # where the response to a quoted recommendation begins
    r"^(?:(?:The\s)?(?:Government|Council|Department)(?:['’]s)?\s(?:response|accepts|agrees"
    r"|welcomes|notes|rejects|does\snot|is|has|recognises|will)\b|Response\b|Accepted\b"
    r"|Not\saccepted\b|Agreed\b|Partially\saccepted\b|We\s(?:accept|agree|welcome|note)\b)"
)
_THAT = re.compile(r"(?i)\brecommendations?\s(?:were|was|is|are)\sthat\s?:?\s?"
                   r"|\bcommittee\srecommend(?:s|ed)\sthat\s?:\s?")
_LEADING_NUMBER = re.compile(r"^\(?[0-9]{1,3}[.)]\s*")
_GOES_ON = re.compile(r"(?:;|;\s?and|,\s?and|\band)\s*$")


def _split_response_en(body: list[str]) -> tuple[str, bool, list[Recommendation]] | None:
    """The recommendations an English response quotes, each without its answer."""
    if not any(_RESPONSE_EN.search(line[:400]) for line in body[:_WINDOW]):
        return None
    numbering, found, recs = split_recommendations(body, "en")
    if found and not _ANSWER_EN.match(recs[0].text):  # else the response's own paragraphs
        return numbering, True, [_quoted_only(r) for r in recs]
    listed = _recommended_that(body) or [
        _LEADING_NUMBER.sub("", line) for line in body if _PARAGRAPH_REF.search(line)
    ]
    if listed:
        return "en_quoted", True, [Recommendation(number=k, label="", text=piece(t))
                                   for k, t in enumerate(listed, 1)]
    if found:  # numbered paragraphs of the response itself, no recommendation quoted
        return "none", False, [Recommendation(number=1, label="", text=piece("\n".join(body)))]
    return None


def _quoted_only(rec: Recommendation) -> Recommendation:
    """A quoted recommendation cut before the response that follows it."""
    lines = rec.text.split("\n")
    end = next((k + 1 for k, line in enumerate(lines) if _PARAGRAPH_REF.search(line)), None)
    if end is None:
        end = next((k for k, line in enumerate(lines) if k and _ANSWER_EN.match(line)),
                   len(lines))
    text = piece("\n".join(lines[:end]))
    return rec.model_copy(update={"text": text,
                                  "points": [p for p in rec.points if p in text]})


def _recommended_that(body: list[str]) -> list[str]:
    """Recommendations quoted as a list after "…recommendations were that:"."""
    for k, line in enumerate(body[:_WINDOW * 2]):
        m = _THAT.search(line)
        if m is None:
            continue
        first = line[m.end():].strip()
        items = [first] if first else []
        for nxt in body[k + 1:]:
            if items and not _GOES_ON.search(items[-1]):
                break
            items.append(nxt)
        return items
    return []
