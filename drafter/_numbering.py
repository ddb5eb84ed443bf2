"""Numbering styles of proposal recommendations: labels, inline markers, runs.

A *label* is the marker in front of a numbered item ("建议一", "一、", "（一）",
"1.", "①", "第一", "一是", "首先", "Recommendation 1", "(a)").  Labels are found
either at the start of a line (:func:`match_label`) or inside running text
(:func:`inline_labels`).  A *run* is a sequence of labels of one style numbered
1, 2, 3, …; :func:`best_run` picks the runs that make up a list and
:func:`choose` the outermost list among several styles.
:mod:`drafter._proposal_split` puts these together for a proposal's body.

Every pattern is anchored or bounded, so matching is linear in the text, and
numbering is looked for in at most ``MAX_LINES`` lines and ``MAX_INLINE``
characters of running text, so a huge input costs little more than reading it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "LAST",
    "MAX_INLINE",
    "MAX_LINES",
    "NEVER",
    "STOPS",
    "Label",
    "best_run",
    "choose",
    "inline_labels",
    "match_label",
    "public_name",
    "trailing_labels",
]

LAST = 0
"""Value of an ordinal that closes a list whatever its position ("最后")."""
MAX_LINES = 20_000
"""Lines searched for numbering; a longer text's rest belongs to its last item."""
MAX_INLINE = 1_000_000
"""Characters searched for inline markers ("一是…二是…") in one stretch of text."""

_CN = "一二三四五六七八九十"
_CN_ANY = "一二三四五六七八九十百零〇两"
_DIG = "0-9０-９"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
_CN_VALUES = {c: v for v, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ORDINALS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "然后": 3, "最后": LAST}
_STRONG = frozenset({"jianyi", "en_recommendation"})
_BULLETS = "●•▪■◆◇○□►➢➤✓√·"
_ROMAN_CHARS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"

# Label patterns, without anchoring; each has groups "label" and "n".
_JIANYI = (
    rf"(?P<label>(?:关于)?建议\s*(?P<n>[{_CN_ANY}]{{1,4}}|[{_DIG}]{{1,3}}))"
    rf"(?=[\s：:，,、）)]|[.．](?![{_DIG}])|$)"
)
_PATTERNS: dict[str, str] = {
    "jianyi": _JIANYI,
    "en_recommendation": (  # "Recommendation 3", "1. Recommendation 1." (a report's paragraph)
        r"(?P<label>(?:[0-9]{1,3}\.\s{1,3})?(?i:recommendation)\s+(?P<n>[0-9]{1,3}))"
        r"(?=[\s:.)\-–—]|$)"
    ),
    "diyi": rf"(?P<label>第(?P<n>[{_CN}]{{1,3}}))(?=[，,、：:．.\s])",
    "cn_paren": rf"(?P<label>[（(]\s*(?P<n>[{_CN}]{{1,3}})\s*[）)])",
    "arabic_paren": rf"(?P<label>[（(]\s*(?P<n>[{_DIG}]{{1,3}})\s*[）)])",
    "en_conclusion": r"(?P<label>(?i:conclusion)\s+(?P<n>[0-9]{1,3}))(?=[\s:.)\-–—]|$)",
    "qiyi": rf"(?P<label>其(?P<n>[{_CN}]{{1,2}}))(?=[，,、：:．.\s])",
    "yishi": rf"(?P<label>(?P<n>[{_CN}]{{1,3}})[是要])(?![否素])",
    "cn_dun": rf"(?P<label>(?P<n>[{_CN}]{{1,3}})\s*(?:、|[.．](?![{_DIG}])))",
    "circled": rf"(?P<label>(?P<n>[{_CIRCLED}]))",
    "shouxian": r"(?P<label>(?P<n>首先|其次|再次|再者|然后|最后))(?=[，,、：:\s])",
    "arabic": rf"(?P<label>(?P<n>[{_DIG}]{{1,3}})\s*(?:[、．]|\.|[)）]))(?![{_DIG}])",
    "en_roman": r"(?P<label>\((?P<n>i{1,3}|iv|vi{0,3}|ix|xi{0,3})\))(?=\s)",
    "roman": (  # "I. II. III." and "Ⅰ、Ⅱ、"
        r"(?P<label>(?P<n>XI{0,3}|XIV|XV|IX|VI{0,3}|IV|I{1,3}|[Ⅰ-Ⅻ])\s?(?:[.、．:]|[)）]))"
        r"(?=\s|[\u4e00-\u9fff])"
    ),
    "en_letter": r"(?P<label>\((?P<n>[a-z])\))(?=\s)",
    "bullet": rf"(?P<label>(?P<n>[{_BULLETS}]|[-*](?=\s)))",
}
_MD = r"(?:#{1,6}\s*)?(?:\*\*\s*)?"
_LINE = re.compile(
    _MD
    + "(?:"
    + "|".join(
        f"(?P<{s}>" + p.replace("?P<label>", f"?P<{s}_label>").replace("?P<n>", f"?P<{s}_n>") + ")"
        for s, p in _PATTERNS.items()
    )
    + ")"
)
_FIRST = frozenset(
    _BULLETS + "-关建RrCc第（(#*首其再然最IVX" + _CN + "0123456789０１２３４５６７８９" + _CIRCLED
    + _ROMAN_CHARS
)
_SEP = re.compile(r"\s{0,8}(?:\*\*)?\s{0,8}[：:，,、.．\-–—]?\s{0,8}(?:\*\*)?\s{0,8}")

# Inline markers: the same labels after a boundary character (or none needed).
# A negative look-behind on the complement also matches at the start of text.
_SOFT = r"(?<![^。；;：:！？!?\s，,、])"
_HARD = r"(?<![^。；;：:！？!?\s])"
_INLINE = [  # (style, pattern, substrings of which one must occur for a match)
    (
        "jianyi",
        re.compile(r"(?<![^。；;：:！？!?\s，,、于])" + _JIANYI.replace("(?:关于)?", "")),
        ("建议",),
    ),
    (
        "en_recommendation",
        re.compile(_HARD + _PATTERNS["en_recommendation"]),
        ("ecommendation", "ECOMMENDATION"),
    ),
    ("cn_paren", re.compile(_PATTERNS["cn_paren"]), ("（", "(")),
    ("arabic_paren", re.compile(_PATTERNS["arabic_paren"]), ("（", "(")),
    ("yishi", re.compile(_SOFT + _PATTERNS["yishi"]), ("是", "要")),
    ("qiyi", re.compile(_SOFT + rf"(?P<label>其(?P<n>[{_CN}]{{1,2}}))(?=[，,、：:])"), ("其一",)),
    ("diyi", re.compile(_SOFT + rf"(?P<label>第(?P<n>[{_CN}]{{1,3}}))(?=[，,、：:])"), ("第",)),
    (
        "shouxian",
        re.compile(
            _SOFT + r"(?P<label>(?P<n>首先|其次|再次|再者|然后|最后))"
            r"(?=[，,、：:])"
        ),
        ("首先",),
    ),
    ("circled", re.compile(_PATTERNS["circled"]), tuple(_CIRCLED[:3])),
    ("cn_dun", re.compile(_HARD + rf"(?P<label>(?P<n>[{_CN}]{{1,3}})、)(?![{_CN}])"), ("、",)),
    (
        "arabic",
        re.compile(
            _HARD + rf"(?P<label>(?P<n>[{_DIG}]{{1,3}})(?:[、．]|\.))"
            rf"(?![{_DIG}])"
        ),
        ("1", "１"),
    ),
]

_PUBLIC = {"en_letter": "en_numbered", "en_roman": "en_numbered"}
_ROMAN = {"i": 1, "v": 5, "x": 10}
STOPS = {"en_recommendation": frozenset({"en_conclusion"})}
"""Styles of labels that end an item of a list without being items ("Conclusion 2")."""
NEVER = frozenset({"en_conclusion"})
"""Styles that never make a list of recommendations."""


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering marker found in text.

    Attributes:
        style: Internal style key ("jianyi", "cn_dun", "arabic", …).
        value: The number the label stands for (``LAST`` for "最后").
        label: The marker as written, without its separator ("建议一", "1.").
        start: Offset of the marker in the searched text.
        end: Offset where the item's own text begins (after the separator).
    """

    style: str
    value: int
    label: str
    start: int
    end: int


def public_name(style: str, lang: str) -> str:
    """The numbering name reported in ``Proposal.numbering``.

    Args:
        style: Internal style key.
        lang: "zh" or "en".

    Returns:
        The public name, e.g. "en_numbered" for "1." in an English report.
    """
    if lang == "en" and style in ("arabic", "arabic_paren", "en_letter", "en_roman"):
        return "en_numbered"
    return _PUBLIC.get(style, style)


@lru_cache(maxsize=4096)
def _value(style: str, raw: str) -> int:
    """Turn the numeral of a label into an int (-1 when it makes no sense)."""
    raw = raw.strip()
    if style == "shouxian":
        return _ORDINALS.get(raw, -1)
    if style == "circled":
        pos = _CIRCLED.find(raw)
        return pos + 1 if pos >= 0 else -1
    if style == "en_letter":
        return ord(raw) - ord("a") + 1
    if style == "bullet":
        return 1  # renumbered by position where a list is looked for
    if style == "roman" and raw in _ROMAN_CHARS:
        return _ROMAN_CHARS.index(raw) + 1
    if style in ("en_roman", "roman"):
        values = [_ROMAN[c] for c in raw.lower()]
        return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
    if raw.isascii() and raw.isdigit():
        return int(raw)
    if raw and all("０" <= c <= "９" for c in raw):
        return int("".join(chr(ord(c) - 0xFEE0) for c in raw))
    total, cur = 0, 0
    for ch in raw:
        if ch in _CN_VALUES:
            cur = _CN_VALUES[ch]
        elif ch == "十":
            total, cur = total + (cur or 1) * 10, 0
        elif ch == "百":
            total, cur = total + (cur or 1) * 100, 0
        else:
            return -1
    return total + cur


def _label(style: str, m: re.Match[str], text: str, prefix: str = "") -> Label:
    label, n = prefix + "label", prefix + "n"
    sep = _SEP.match(text, m.end(label))
    end = sep.end() if sep else m.end(label)
    return Label(style, _value(style, m.group(n)), m.group(label).strip(), m.start(label), end)


def match_label(line: str) -> Label | None:
    """The numbering label at the start of ``line``, if any.

    Args:
        line: One stripped line of text.

    Returns:
        The label, with ``end`` at the start of the item's text, or None.
    """
    if not line or line[0] not in _FIRST:
        return None
    m = _LINE.match(line)
    if m is None or m.lastgroup is None:
        return None
    return _label(m.lastgroup, m, line, m.lastgroup + "_")


def inline_labels(text: str, exclude: frozenset[str] = frozenset()) -> dict[str, list[Label]]:
    """All inline markers in ``text``, grouped by style, in text order.

    Args:
        text: Running text, possibly several lines.
        exclude: Styles not to look for (e.g. the outer level's style).

    Returns:
        A dict from style key to its markers.
    """
    found: dict[str, list[Label]] = {}
    for style, rx, needles in _INLINE:
        if style not in exclude and any(n in text for n in needles):
            labels = [_label(style, m, text) for m in rx.finditer(text)]
            if labels:
                found[style] = labels
    return found


def best_run(labels: Sequence[Label], strong: bool = False) -> tuple[int, list[Label]] | None:
    """The list a sequence of same-style labels forms.

    A run starts at 1 and goes on with each next number (a "最后" closes it);
    a new 1 starts a new run.  Labels out of sequence are left as text.

    Args:
        labels: Labels of one style, in text order.
        strong: Whether a run of one label counts (for "建议一", "Recommendation 1").

    Returns:
        ``(position of the first valid run, the last valid run)``, or None.
        When a list restarts (problems 1-3, then suggestions 1-3) the last
        run is the one kept.
    """
    runs: list[list[Label]] = []
    cur: list[Label] | None = None
    for lab in labels:
        if lab.value == 1:
            cur = [lab]
            runs.append(cur)
        elif cur is not None and (
            lab.value == cur[-1].value + 1 or (lab.value == LAST and cur[-1].value >= 1)
        ):
            cur.append(lab)
            if lab.value == LAST:
                cur = None
    valid = [r for r in runs if len(r) >= (1 if strong else 2)]
    if not valid:
        return None
    return valid[0][0].start, valid[-1]


def choose(
    groups: dict[str, list[Label]], strong: frozenset[str] = _STRONG
) -> tuple[str, list[Label]] | None:
    """The outermost list among several styles: the one that starts first.

    Args:
        groups: Labels by style, each in text order (``start`` is a text
            offset or, for line labels, a line index).
        strong: Styles of which one label makes a list ("建议一").

    Returns:
        ``(style, labels of its run)``, or None when no style forms a list.
    """
    best: tuple[int, str, list[Label]] | None = None
    for style, labels in groups.items():
        found = best_run(labels, strong=style in strong)
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], style, found[1])
    return None if best is None else (best[1], best[2])


_TRAILING = re.compile(r"\(\s?(?i:recommendation|rec\.)\s(?P<n>[0-9]{1,3})\s?\)[.;]?\s*$")


def trailing_labels(lines: Sequence[str]) -> list[Label]:
    """Labels that close their item's line: "… should ensure that … (Recommendation 3)".

    US GAO reports number their recommendations this way.  ``start`` is the
    line index; ``end`` is where the label begins in that line (the item's
    text is the line before it).

    Args:
        lines: The lines to look in.

    Returns:
        The labels, in line order.
    """
    out: list[Label] = []
    for i, line in enumerate(lines):
        m = _TRAILING.search(line, max(0, len(line) - 40))
        if m is not None:
            label = f"Recommendation {m.group('n')}"
            out.append(Label("en_trailing", int(m.group("n")), label, i, m.start()))
    return out
