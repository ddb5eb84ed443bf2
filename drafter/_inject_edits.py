"""Harmless paraphrases and invented commitments, for ``inject``.

A paraphrase rewords a sentence and keeps every fact: connectives, 我区→全区,
clause order, and numbers written another way with the same value
(2,500万元 ↔ 2500万元, 500万元 → 5,000,000元, 30% → 百分之三十, £5 million ↔
£5m ↔ £5,000,000, per cent ↔ %, six → 6).  A commitment is an invented clause
with a number, appended to the sentence.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import cn2an

from drafter.types import Lang

Edit = tuple[str, str]

ZH_SWAPS = [
    ("我区", "全区"), ("全区", "我区"), ("同时，", "与此同时，"), ("此外，", "另外，"),
    ("推动", "推进"), ("加快", "加速"), ("进一步", "持续"), ("积极", "主动"), ("并", "并且"),
    ("有效", "切实"), ("不断", "持续"), ("目前，", "当前，"), ("开展", "组织开展"),
]
EN_SWAPS = [
    ("In addition,", "Additionally,"), ("However,", "Nevertheless,"), ("more than", "over"),
    ("approximately", "around"), ("is committed to", "remains committed to"),
    ("will continue to", "shall continue to"), ("in order to", "to"), ("also ", "further "),
    ("We ", "The department "), ("ensure", "make sure"), ("support", "back"),
]
EN_DIGITS = {w: str(i) for i, w in enumerate(
    "two three four five six seven eight nine".split(), start=2)}


def _outside_titles(text: str, old: str) -> int:
    """Where ``old`` first occurs outside any 《title》 (-1 if nowhere)."""
    titles = [m.span() for m in re.finditer(r"《[^《》]*》", text)]
    for m in re.finditer(re.escape(old), text):
        if not any(s <= m.start() < e for s, e in titles):
            return m.start()
    return -1


def _swap_words(text: str, swaps: list[tuple[str, str]]) -> Iterator[Edit]:
    """Connective and wording swaps; the words of a 《title》 are left as they are."""
    for old, new in swaps:
        if old == "并" and re.search(r"[合兼吞]并|并[购入发列]", text):
            continue
        at = _outside_titles(text, old)
        if at >= 0:
            yield text[:at] + new + text[at + len(old):], f"{old} → {new}"


def _zh_numbers(text: str) -> Iterator[Edit]:
    grouped = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\d.,])(?=\s?(?:万|亿)?元|家|人)"
    for m in re.finditer(grouped, text):
        raw = m[1]
        new = raw.replace(",", "") if "," in raw else f"{int(raw):,}"
        if re.fullmatch(r"(?:19|20)\d\d", raw):
            continue
        yield text[: m.start(1)] + new + text[m.end(1):], f"{raw} → {new}"
    for m in re.finditer(r"(?<![\d.,])(\d+)万元", text):
        full = int(m[1]) * 10_000
        new = f"{full:,}元" if int(m[1]) % 2 else f"{full}元"
        yield text[: m.start()] + new + text[m.end():], f"{m[0]} → {new}"
    for m in re.finditer(r"(?<![\d.,])(\d{1,2})[%％]", text):
        new = "百分之" + str(cn2an.an2cn(int(m[1])))
        yield text[: m.start()] + new + text[m.end():], f"{m[0]} → {new}"


def _zh_reorder(text: str) -> Iterator[Edit]:
    """Swap two middle clauses of a list-like sentence (A，B，C，D。 → A，C，B，D。)."""
    if "《" in text:
        return
    parts = text.split("，")
    if len(parts) >= 4:
        i = len(parts) // 2 - 1
        if i >= 1 and not re.search(r"[至到-]$|^[至到-]", parts[i] + parts[i + 1]):
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
            yield "，".join(parts), "clauses reordered"


def _en_numbers(text: str) -> Iterator[Edit]:
    for m in re.finditer(r"£(\d+(?:\.\d+)?)\s?(million|billion|m|bn)\b", text):
        num, mult = m[1], m[2]
        short = {"million": "m", "billion": "bn", "m": "million", "bn": "billion"}[mult]
        sep = "" if len(short) <= 2 else " "
        yield text[: m.start()] + f"£{num}{sep}{short}" + text[m.end():], f"{m[0]} → £{num}{short}"
        if mult in ("million", "m") and "." not in num:
            full = f"£{int(num) * 1_000_000:,}"
            yield text[: m.start()] + full + text[m.end():], f"{m[0]} → {full}"
    for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(\s?per\scent\b|%)", text):
        new = m[1] + ("%" if "per" in m[2] else " per cent")
        yield text[: m.start()] + new + text[m.end():], f"{m[0]} → {new}"
    for m in re.finditer(r"(?<![\d.,£])(\d{1,3}),(\d{3})(?![\d,])", text):
        yield text[: m.start()] + m[1] + m[2] + text[m.end():], f"{m[0]} → {m[1]}{m[2]}"
    for m in re.finditer(rf"\b({'|'.join(EN_DIGITS)})\s(?=[a-z]+s\b)", text):
        yield text[: m.start(1)] + EN_DIGITS[m[1]] + text[m.end(1):], f"{m[1]} → {EN_DIGITS[m[1]]}"


def _edits(text: str, lang: Lang) -> list[Edit]:
    if lang == "zh":
        return [*_swap_words(text, ZH_SWAPS), *_zh_numbers(text), *_zh_reorder(text)]
    return [*_swap_words(text, EN_SWAPS), *_en_numbers(text)]


def paraphrase(text: str, lang: Lang, rng: random.Random) -> Iterator[Edit]:
    """Rewordings of ``text`` that keep every fact (each one change, sometimes two)."""
    edits = _edits(text, lang)
    for new, what in edits:
        more = _edits(new, lang) if rng.random() < 0.3 and len(edits) > 1 else []
        if more and rng.random() < 0.5:
            second = rng.choice(more)
            yield second[0], f"{what}; {second[1]}"
        else:
            yield new, what


ZH_COMMITMENTS = [
    "并将于{year}年前新增投入{n}万元", "计划{year}年底前新建{k}个服务站点",
    "力争到{year}年覆盖率提高到{p}%", "明年起每年安排专项资金{n}万元", "预计新增就业岗位{k}个",
]
EN_COMMITMENTS = [
    "and will invest £{m} million more by {year}",
    "and will create {k} new apprenticeships by {year}",
    "and aims to raise take-up to {p} per cent by {year}",
    "with a further £{n},000 a year from {year}",
    "and will open {k} more hubs",
]


def commitment(text: str, lang: Lang, rng: random.Random) -> Edit | None:
    """``text`` with an invented clause carrying a number; (sentence, the clause)."""
    values = {"year": rng.randint(2025, 2030), "n": rng.choice(range(120, 9000, 37)),
              "k": rng.choice(range(12, 400, 7)), "p": rng.choice(range(35, 99, 3)),
              "m": rng.choice(range(2, 60))}
    template = rng.choice(ZH_COMMITMENTS if lang == "zh" else EN_COMMITMENTS)
    clause = template.format(**values)
    body = text.rstrip()
    end = body[-1:] if body[-1:] in "。；;.!" else ""
    body = body[: len(body) - len(end)]
    sentence = f"{body}，{clause}{end or '。'}" if lang == "zh" else f"{body}, {clause}{end or '.'}"
    return sentence, clause
