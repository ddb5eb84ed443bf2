"""Find the recommendations part of a proposal's body and split it into items.

The part is marked by a heading whose siblings are background sections
("一、基本情况 / 二、存在问题 / 三、对策建议"), by a lead-in ("为此建议：",
"Recommendations") or by nothing (the whole body).  The outermost numbered
list there gives the recommendations and the next list inside each gives its
points; failing line labels, inline markers ("一是…二是…") are used, then
"We recommend …" paragraphs, then one unnumbered recommendation.
"""

from __future__ import annotations

import re

from drafter._numbering import (
    MAX_INLINE,
    MAX_LINES,
    NEVER,
    STOPS,
    Label,
    best_run,
    choose,
    inline_labels,
    match_label,
    public_name,
    trailing_labels,
)
from drafter._proposal_ask import from_the_ask
from drafter.types import Lang, Recommendation

__all__ = [
    "Piece",
    "build",
    "cut",
    "items",
    "labels_of",
    "lead_in",
    "piece",
    "split_recommendations",
]

_REC_KW = re.compile(r"建议|对策|措施|办法|举措|思路|(?i:recommend)")
_BG_KW = re.compile(  # headings of background sections ("一、基本情况", "二、存在的问题")
    r"情况|现状|问题|原因|背景|成效|做法|挑战|不足|困难|分析|意义|必要性|短板|瓶颈"
    r"|成绩|成果|进展|经验|形势|机遇|概况|历程"
    r"|(?i:background|introduction|findings|summary)"
)
_ACTION = re.compile(  # a heading that starts with a verb is an item, not a section
    r"^(?:着力|加快|加强|加大|完善|推进|推动|建立|健全|强化|优化|提升|提高|解决|破解|落实|实施|深化"
    r"|扩大|规范|创新|打造|构建|培育|支持|鼓励|引导|做好|抓好|统筹|坚持|保障|促进|发挥|拓宽|明确"
    r"|制定|设立|开展|增加|减少|降低|化解|补齐|补足|切实|全面|进一步)"
)
_ANSWERING = re.compile(r"针对|为此|对此|鉴于|上述|以上|为解决|就此")  # "针对上述问题："
_REC_END = re.compile(r"(?:建议|对策|思路|意见|的(?:措施|举措|办法))$")  # "推进…发展的建议"
_GENERIC = re.compile(
    r"^(?:几点|对策|具体|相关|主要|工作|意见|和|及|与|的|措施|办法|举措|建议|思路|"
    r"如下|以下|有关|我们|下一步|针对性|解决|改进|政策|几项|一些)+[：:。]?$"
)
_GENERIC_EN = re.compile(
    r"(?i)^(?:summary of |conclusions and |our |key |list of )?"
    r"recommendations?(?: and conclusions)?\s?[:.]?$"
)
_LEAD_SHORT = re.compile(
    r"^(?:为此|因此|对此|据此|鉴于此|综上)[，,]?\s?(?:我们|本人)?(?:特|现)?"
    r"(?:提出|提)?(?:如下|以下)?(?:几点)?建议(?:如下)?[：:]?$"
)
_LEAD_INLINE = re.compile(
    r"(?:建议|对策建议)(?:如下)?\s?[：:]|(?i:\bwe (?:therefore |would )?"
    r"recommend(?: the following)?\s?:)"
)
_WE_RECOMMEND = re.compile(r"(?i)\b(?:we|the committee|this report)\s(?:\w{1,15}\s)?recommends?\b")
_TRIM = " \n\t；;，,、：:"
_JOINER = re.compile(r"[;,；，]\s?(?:and|or|以及)$")


def lead_in(line: str) -> str | None:
    """The text after a recommendations lead-in ("为此建议：", "对策建议").

    Args:
        line: One line of text.

    Returns:
        The rest of the line after the lead-in ("" when the line is only a
        lead-in or a heading), or None when the line is not one.
    """
    if (
        len(line) <= 40
        and _REC_KW.search(line)
        and (_GENERIC.match(line) or _GENERIC_EN.match(line) or _LEAD_SHORT.match(line))
    ):
        return ""
    if len(line) <= 60 and line[-1] in "：:":
        last = re.split(r"[，,。；;.]", line[:-1])[-1]
        if re.search(r"建议|对策|(?i:recommend)", last):
            return ""
    m = _LEAD_INLINE.search(line)
    if m and line[m.end() :].strip():
        return line[m.end() :].strip()
    return None


def _rec_part(
    lines: list[str], labels: list[Label | None]
) -> tuple[list[str], list[Label | None]] | None:
    """The lines of the recommendations part, when the proposal marks one."""
    bg_styles: set[str] = set()
    for i, lab in enumerate(labels):
        if lab is None or lab.style in ("jianyi", "en_recommendation"):
            continue
        heading = re.split(r"[：:]", lines[i][lab.end : lab.end + 40], maxsplit=1)[0]
        if len(heading) > 20 or "。" in heading:
            continue
        after = lines[i][lab.end + len(heading) + 1 :].strip()  # "三、对策建议：一是…"
        heading = heading.strip("* ")
        if _background(heading):
            bg_styles.add(lab.style)
        elif _REC_KW.search(heading) and (
            _GENERIC.match(heading)
            or _GENERIC_EN.match(heading)
            or (lab.style in bg_styles and "关于" not in heading and _REC_END.search(heading))
        ):
            end = next(
                (
                    k
                    for k in range(i + 1, len(lines))
                    if (o := labels[k]) is not None and o.style == lab.style and o.value > lab.value
                ),
                len(lines),
            )
            first = [after] if after else []
            if first or end > i + 1:
                return first + lines[i + 1 : end], labels_of(first) + labels[i + 1 : end]
    stop = next(
        (
            i
            for i, lab in enumerate(labels)
            if lab is not None and lab.style in ("jianyi", "en_recommendation")
        ),
        len(lines),
    )
    for i in range(stop):
        rest = lead_in(lines[i]) if labels[i] is None else None
        if rest is not None and (rest or i + 1 < len(lines)):
            first = [rest] if rest else []
            return first + lines[i + 1 :], labels_of(first) + labels[i + 1 :]
    return None


def _background(heading: str) -> bool:
    """Whether a section heading names background ("基本情况", "存在的问题"), not an action."""
    return (
        bool(_BG_KW.search(heading)) and not _REC_KW.search(heading) and not _ACTION.match(heading)
    )


def _heading(lines: list[str]) -> str:
    """The heading an item's first line gives ("存在的问题" in "存在的问题：…"), or ""."""
    heading = re.split(r"[：:]", lines[0][:40], maxsplit=1)[0].strip("* ") if lines else ""
    return "" if len(heading) > 20 or "。" in heading else heading


def labels_of(lines: list[str]) -> list[Label | None]:
    return [match_label(line) for line in lines]


def split_recommendations(body: list[str], lang: Lang) -> tuple[str, bool, list[Recommendation]]:
    """Find the recommendations part of a proposal's body and split it.

    Args:
        body: The body lines (header, metadata and closing words removed).
        lang: "zh" or "en".

    Returns:
        ``(numbering, numbering_found, recommendations)``; with no numbering,
        the recommendations part (or the whole body) is one recommendation.
    """
    if len(body) > MAX_LINES:  # the rest goes to the last item as plain text
        body = [*body[: MAX_LINES - 1], "\n".join(body[MAX_LINES - 1 :])]
    trailing = best_run(trailing_labels(body), strong=True)
    if trailing is not None:  # "… (Recommendation 3)"
        return "en_recommendation", True, [
            Recommendation(number=k, label=lab.label, text=piece(body[lab.start][: lab.end]))
            for k, lab in enumerate(trailing[1], 1)
        ]
    labels = labels_of(body)
    part = _rec_part(body, labels)
    lines, labs = part if part is not None else (body, labels)
    found = _split(lines, labs, lang)
    if found is None and part is not None:
        found = _numbered_on(lines, labs, lang)
    if found is not None:
        return found[0], True, found[1]
    text = from_the_ask(piece("\n".join(lines)), lang)
    return "none", False, [Recommendation(number=1, label="", text=text)]


def _numbered_on(
    lines: list[str], labels: list[Label | None], lang: Lang
) -> tuple[str, list[Recommendation]] | None:
    """A recommendations part numbered on from the text before it ("3. … 4. …").

    Reports that number every paragraph go on counting into their
    recommendations; the part must open with the list (after at most two
    lines of introduction).
    """
    start = next((lab for lab in labels[:3] if lab is not None), None)
    if start is None:
        return None
    run: list[Label] = []
    for i, lab in enumerate(labels):
        if lab is not None and lab.style == start.style and lab.value == start.value + len(run):
            run.append(Label(lab.style, lab.value, lab.label, i, lab.end))
    if len(run) < 2:
        return None
    return public_name(start.style, lang), build(cut(lines, labels, start.style, run), start.style)


def _split(
    lines: list[str], labels: list[Label | None], lang: Lang
) -> tuple[str, list[Recommendation]] | None:
    """Split lines into recommendations: line labels, then inline markers."""
    style, pieces = items(lines, labels)
    lead = 0  # "一、存在的问题" before the items: background, not a recommendation
    while lead < len(pieces) - 1 and _background(_heading(pieces[lead][1])):
        lead += 1
    pieces = pieces[lead:]
    if not pieces and lang == "en":
        paras = [line for line in lines if _WE_RECOMMEND.search(line[:400])]
        if paras:
            return "en_we_recommend", [
                Recommendation(number=k, label="", text=p) for k, p in enumerate(paras, 1)
            ]
    if not pieces:
        return None
    return public_name(style, lang), build(pieces, style)


Piece = tuple[str, list[str], list[Label | None]]
"""An item of a list: its label, its lines, and the labels at the start of those lines."""


def build(pieces: list[Piece], style: str) -> list[Recommendation]:
    """Recommendations from the items of a list; the next list inside each gives its points.

    Args:
        pieces: The items, in order.
        style: The list's style (not looked for again inside the items).

    Returns:
        The recommendations, numbered from 1.
    """
    return [
        Recommendation(
            number=k,
            label=label,
            text=piece("\n".join(sub)),
            points=[piece("\n".join(p[1])) for p in items(sub, subl, style)[1]],
        )
        for k, (label, sub, subl) in enumerate(pieces, 1)
    ]


def items(lines: list[str], labels: list[Label | None], outer: str = "") -> tuple[str, list[Piece]]:
    """The outermost numbered list in ``lines`` (styles other than ``outer``).

    Args:
        lines: The lines to look in.
        labels: The line label at the start of each line, or None.
        outer: The style of the list these lines are an item of, if any.

    Returns:
        ``(style, [(label, lines of the item, their labels)])``; no items when
        there is no list.
    """
    groups = _without_background_lists(lines, line_lists(labels, outer))
    bullets = groups.pop("bullet", None)
    found = choose(groups) or (choose({"bullet": bullets}) if bullets else None)
    if found is not None:
        return found[0], cut(lines, labels, *found)
    text = "\n".join(lines)
    found = choose(inline_labels(text[:MAX_INLINE], exclude=frozenset({outer})))
    if found is None:
        return "", []
    style, run = found
    pieces: list[Piece] = []
    for k, lab in enumerate(run):
        end = run[k + 1].start if k + 1 < len(run) else len(text)
        pieces.append((lab.label, [text[lab.end : end]], [None]))
    return style, pieces


def _without_background_lists(
    lines: list[str], groups: dict[str, list[Label]]
) -> dict[str, list[Label]]:
    """Leave out lists that a background line introduces ("存在以下问题：1.… 2.…")."""
    out: dict[str, list[Label]] = {}
    for style, group in groups.items():
        keep: list[Label] = []
        skipping = 0  # the next number of a background list being left out
        for lab in group:
            if lab.value == 1 and lab.start > 0 and _background_lead(lines[lab.start - 1]):
                skipping = 2
            elif skipping and lab.value == skipping:
                skipping += 1
            else:
                skipping = 0
                keep.append(lab)
        out[style] = keep
    return out


def _background_lead(line: str) -> bool:
    """Whether ``line`` introduces a list of background ("主要问题有：", "存在以下情况：")."""
    if not line or line[-1] not in "：:":
        return False
    clause = re.split(r"[，,。；;]", line[-60:-1])[-1]
    return _background(clause) and _ANSWERING.search(clause) is None


def line_lists(labels: list[Label | None], outer: str = "") -> dict[str, list[Label]]:
    """Line labels grouped by style, each with ``start`` set to its line index.

    Args:
        labels: The line label at the start of each line, or None.
        outer: A style to leave out (the list these lines are an item of).

    Returns:
        Labels by style, in line order, ready for :func:`~drafter._numbering.choose`.
    """
    groups: dict[str, list[Label]] = {}
    for i, lab in enumerate(labels):
        if lab is None or lab.style == outer or lab.style in NEVER:
            continue
        group = groups.setdefault(lab.style, [])
        value = len(group) + 1 if lab.style == "bullet" else lab.value  # bullets in order
        group.append(Label(lab.style, value, lab.label, i, lab.end))
        if lab.style == "en_roman" and len(lab.label) == 3:  # "(i)" may be the letter after "(h)"
            letter = ord(lab.label[1]) - ord("a") + 1
            groups.setdefault("en_letter", []).append(
                Label("en_letter", letter, lab.label, i, lab.end)
            )
    return groups


def cut(lines: list[str], labels: list[Label | None], style: str, run: list[Label]) -> list[Piece]:
    """Cut ``lines`` into the items of a list whose labels (``start`` = line index) are ``run``.

    Args:
        lines: The lines the list is in.
        labels: The line label at the start of each line, or None.
        style: The list's style.
        run: The list's labels, in order.

    Returns:
        The items, each from its label to the next (or to a stop such as "Conclusion 2").
    """
    pieces: list[Piece] = []
    stops = STOPS.get(style, frozenset())
    for k, lab in enumerate(run):
        end = run[k + 1].start if k + 1 < len(run) else len(lines)
        if stops:  # "Conclusion 2" ends "Recommendation 1" without being one
            end = next(
                (
                    j
                    for j in range(lab.start + 1, end)
                    if (o := labels[j]) is not None and o.style in stops
                ),
                end,
            )
        first = lines[lab.start][lab.end :]
        sub = ([first] if first else []) + lines[lab.start + 1 : end]
        pieces.append(
            (
                lab.label,
                sub,
                labels_of(sub[:1]) + labels[lab.start + 1 : end]
                if first
                else labels[lab.start + 1 : end],
            )
        )
    return pieces


def piece(text: str) -> str:
    """An item's text without the separators and list joiners ("; and") around it."""
    text = text.strip(_TRIM)
    m = _JOINER.search(text, max(0, len(text) - 8))
    return text[: m.start()].rstrip(_TRIM) if m else text
