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
from drafter._proposal_split import Piece, build, cut, labels_of, line_lists, piece
from drafter.types import Lang, Recommendation

__all__ = ["split_reply"]

_OPENING = re.compile(r"收悉|答复如下|函复如下|如下(?:办理|主办|协办)?意见")
_AS_FOLLOWS = re.compile(r"(?:如下|以下(?:措施|意见|情况)?)\s?[:：]")
_MIRROR = re.compile(r"(?:关于|针对)")
_ANSWERED = frozenset({"jianyi", "en_recommendation"})  # labels that name a recommendation
_CLOSE = re.compile(  # thanks, or "以上是我局关于……的答复"
    r"^(?:(?:再次|衷心|非常|诚挚|特别)?(?:地|的)?(?:感谢|谢谢)"
    r"|以上(?:是|为|即|就是)?.{0,80}?(?:答复|办理意见|办理情况)[。！!]?$)"
)
_WINDOW = 20  # lines at the top where a reply's opening may be
_TAIL = 8  # lines at the end where its closing words may be


def split_reply(body: list[str], lang: Lang) -> tuple[str, bool, list[Recommendation]] | None:
    """The recommendations a reply answers, when ``body`` is a reply.

    Args:
        body: The body lines (header and signature already taken out).
        lang: "zh" or "en"; only Chinese replies are read this way.

    Returns:
        ``(numbering, numbering_found, recommendations)`` as
        :func:`~drafter._proposal_split.split_recommendations` gives them,
        or None when ``body`` does not open like a reply.
    """
    if lang != "zh":
        return None
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
