"""Checkable facts in Chinese and English text, with normalised values.

A fact's ``value`` is what the faithfulness check compares, so the same fact
written two ways gets the same value:

=========  ==================================  =====================================
kind       written                             value
=========  ==================================  =====================================
money      2500万元 / 二千五百万元 / £40m       ``money:25000000:CNY`` ``money:40000000:GBP``
percent    30% / 百分之三十 / 30 per cent       ``percent:30``
count      500多家 / 60万余人次 / 250 teachers  ``count:500:家`` ``count:600000:人次``
                                               ``count:250:teacher``
year       2022年 / 二〇二二年 / 2022-2025年     ``year:2022`` ``year:2022-2025``
date       2022年8月31日 / 31 August 2022       ``date:2022-08-31`` (``date:2022-08``)
title      《行动计划(2022-2025 年)》           ``title:行动计划（2022-2025年）``
docno      国办发（2019）41号                   ``docno:国办发〔2019〕41号``
org        福田区科技创新局 / Cabinet Office     ``org:福田区科技创新局``
=========  ==================================  =====================================

A title fact's ``text`` and span are the words inside 《》, so it also matches
where the same title is written without brackets.  Amounts are integers
when whole, else minimal decimals; qualifiers such as
最高, 近, 超过, "more than" are not part of a value.  Where readings overlap
the longest wins (a date beats its year, money beats a count); titles are
containers, so the facts inside a 《title》 are kept as well.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from drafter.ingest._fact_patterns import (
    CN_DIGITS,
    COUNT_EN,
    COUNT_ZH,
    CURRENCY,
    DASH,
    DATE_CN,
    DATE_DMY,
    DATE_ISO,
    DATE_MDY,
    DATE_MY,
    DATE_ZH,
    DOCNO,
    DOCNO_LEAD,
    EN_LEAD,
    MONEY_BARE,
    MONEY_CUE,
    MONEY_SYM,
    MONEY_WORD,
    MONEY_ZH,
    MONTHS,
    MULT,
    ORG_EN,
    ORG_GENERIC,
    ORG_JOIN,
    ORG_LEAD,
    ORG_NAME_VERBS,
    ORG_STOP_TAGS,
    ORG_STOP_TOKENS,
    ORG_SUFFIX,
    PERCENT,
    PERCENT_ZH,
    PRIORITY,
    TITLE,
    UNIT_ALIASES,
    YEAR_CN,
    YEAR_EN,
    YEAR_RANGE,
    YEAR_SHORT_RANGE,
    YEAR_ZH,
)
from drafter.types import Fact, FactKind, Lang

__all__ = ["detect_lang", "extract_facts", "fact_values"]


_Cand = tuple[FactKind, str, str, int, int]  # kind, text, value, start, end


def detect_lang(text: str) -> Lang:
    """Guess the language of a text: ``"zh"`` when CJK characters dominate.

    Args:
        text: Any text.

    Returns:
        ``"zh"`` if CJK ideographs are at least a quarter of the letters, else ``"en"``.
    """
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if cjk and cjk * 3 >= latin else "en"


def _fmt(number: Decimal) -> str:
    """Format a decimal as an integer when whole, else with minimal decimals."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _arabic(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def _chinese(raw: str) -> Decimal | None:
    """Convert a Chinese numeral (二千五百万, 一点二亿, 二〇二二) with cn2an."""
    if not any(ch in CN_DIGITS or ch == "十" for ch in raw):
        return None  # 千家万户, 百人: no digit, not a number
    try:
        return Decimal(str(cn2an.cn2an(raw, "normal")))
    except (ValueError, KeyError, IndexError):
        pass
    for mult in ("万亿", "亿", "万"):
        if raw.endswith(mult) and len(raw) > len(mult):
            mantissa = _chinese(raw[: -len(mult)])
            return None if mantissa is None else mantissa * MULT[mult]
    return None


def _number(match: re.Match[str]) -> Decimal | None:
    groups = match.groupdict()
    if groups.get("num"):
        return _arabic(groups["num"])
    if groups.get("cn"):
        return _chinese(groups["cn"])
    return None


def _scaled(match: re.Match[str]) -> Decimal | None:
    number = _number(match)
    mult = match.groupdict().get("mult")
    if number is None:
        return None
    return number * MULT[mult.lower()] if mult else number


def _money(text: str) -> Iterator[_Cand]:
    for regex in (MONEY_ZH, MONEY_SYM, MONEY_WORD):
        for m in regex.finditer(text):
            amount = _scaled(m)
            cur = m["cur"].strip()
            if amount is not None:
                code = CURRENCY[cur]
                yield "money", m[0], f"money:{_fmt(amount)}:{code}", m.start(), m.end()
    for m in MONEY_BARE.finditer(text):
        amount = _scaled(m)
        if amount is not None and MONEY_CUE.search(text, max(0, m.start() - 10), m.start()):
            yield "money", m[0], f"money:{_fmt(amount)}:CNY", m.start(), m.end()


def _percent(text: str) -> Iterator[_Cand]:
    for m in PERCENT.finditer(text):
        yield "percent", m[0], f"percent:{_fmt(Decimal(m['num'].replace(',', '')))}", *m.span()
    for m in PERCENT_ZH.finditer(text):
        raw = m["cn"]
        value = _arabic(raw) if raw[0].isdigit() else _chinese(raw)
        if value is not None:
            yield "percent", m[0], f"percent:{_fmt(value)}", *m.span()


def _count(text: str) -> Iterator[_Cand]:
    for m in COUNT_ZH.finditer(text):
        unit, tail = m["unit"], text[m.end() : m.end() + 2]
        if m["cn"] and m["cn"] == "一":
            continue  # 一批, 一项: wording, not a count
        if unit == "次" and tail in ("会议", "全会", "大会"):
            continue
        if unit == "届" and tail[:1] in "全人政市区县省中第" + CN_DIGITS:
            continue
        amount = _scaled(m)
        if amount is not None:
            unit = UNIT_ALIASES.get(unit, unit)
            yield "count", m[0], f"count:{_fmt(amount)}:{unit}", *m.span()
    for m in COUNT_EN.finditer(text):
        amount = _arabic(m["num"])
        if amount is not None:
            yield "count", m[0], f"count:{_fmt(amount)}:{_singular(m['unit'].lower())}", *m.span()


def _singular(word: str) -> str:
    if word in ("people", "staff", "children", "businesses", "buses"):
        return {"children": "child", "businesses": "business", "buses": "bus"}.get(word, word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _years(text: str, lang: Lang) -> Iterator[_Cand]:
    for m in YEAR_RANGE.finditer(text):
        if int(m["b"]) > int(m["a"]):
            yield "year", m[0], f"year:{m['a']}-{m['b']}", *m.span()
    for m in YEAR_SHORT_RANGE.finditer(text):
        start, end = int(m["a"]), int(m["a"][:2] + m["b"])
        if end == start + 1:
            yield "year", m[0], f"year:{start}-{end}", *m.span()
    for m in YEAR_ZH.finditer(text):
        yield "year", m[0], f"year:{m['a']}", *m.span()
    for m in YEAR_CN.finditer(text):
        year = _chinese(m["cn"])
        if year is not None and 1900 <= year < 2100:
            yield "year", m[0], f"year:{_fmt(year)}", *m.span()
    if lang == "en":
        for m in YEAR_EN.finditer(text):
            yield "year", m[0], f"year:{m['a']}", *m.span()


def _dates(text: str) -> Iterator[_Cand]:
    regexes: list[tuple[re.Pattern[str], Callable[[str], Decimal | None]]] = [
        (DATE_ZH, _arabic), (DATE_ISO, _arabic), (DATE_CN, _chinese),
        (DATE_DMY, _arabic), (DATE_MDY, _arabic), (DATE_MY, _arabic),
    ]  # fmt: skip
    for regex, convert in regexes:
        for m in regex.finditer(text):
            year = convert(m["y"])
            month_raw = m["m"]
            month = Decimal(MONTHS[month_raw]) if month_raw in MONTHS else convert(month_raw)
            day = convert(m["d"]) if m.groupdict().get("d") else None
            if year is None or month is None or not 1 <= month <= 12:
                continue
            value = f"date:{int(year):04d}-{int(month):02d}"
            if day is not None:
                if not 1 <= day <= 31:
                    continue
                value += f"-{int(day):02d}"
            yield "date", m[0], value, *m.span()


def _titles(text: str) -> Iterator[_Cand]:
    for m in TITLE.finditer(text):
        value = re.sub(r"\s+", "", m["t"]).replace("(", "（").replace(")", "）")
        value = re.sub(DASH, "-", value)
        yield "title", m["t"], f"title:{value}", *m.span("t")


def _docnos(text: str) -> Iterator[_Cand]:
    for m in DOCNO.finditer(text):
        prefix = DOCNO_LEAD.sub("", m["p"])
        if prefix:
            start = m.start("p") + len(m["p"]) - len(prefix)
            value = f"docno:{prefix}〔{m['y']}〕{int(m['n'])}号"
            yield "docno", text[start : m.end()], value, start, m.end()


@lru_cache(maxsize=50_000)
def _tag(text: str) -> tuple[tuple[str, str], ...]:
    """Part-of-speech tags of a short text (jieba, loaded on first use)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


def _org_start(text: str, suffix_start: int) -> int:
    """Where an organisation name ending at ``suffix_start`` begins.

    Walks back over at most 16 CJK characters, stopping at words that cannot
    be part of a name (verbs other than name words like 创新/管理,
    prepositions, pronouns, numerals, 的/等/关于…).
    """
    lo = suffix_start
    while lo > 0 and suffix_start - lo < 16 and "\u3400" <= text[lo - 1] <= "\u9fff":
        lo -= 1
    joins = list(ORG_JOIN.finditer(text, lo, suffix_start))  # 区财政局和区工信局: two names
    lo = joins[-1].end() if joins else lo
    tokens = _tag(text[lo:suffix_start]) if lo < suffix_start else ()
    start = suffix_start
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        if word in ORG_STOP_TOKENS or flag in ORG_STOP_TAGS and word != "和":
            break
        if flag.startswith("v") and flag != "vn" and word not in ORG_NAME_VERBS:
            break
        start -= len(word)
    lead = ORG_LEAD.match(text, start, suffix_start)
    return lead.end() if lead else start


def _orgs(text: str) -> Iterator[_Cand]:
    for m in ORG_SUFFIX.finditer(text):
        start = _org_start(text, m.start())
        body = text[start : m.start()]
        if len(body) < 2 or body in ORG_GENERIC or body[0] in "我本该贵此其各这那每某":
            continue
        yield "org", text[start : m.end()], f"org:{text[start : m.end()]}", start, m.end()
    for m in ORG_EN.finditer(text):
        lead = EN_LEAD.match(m[0])
        name = m[0][lead.end() :] if lead else m[0]
        if " " in name:
            start = m.end() - len(name)
            yield "org", name, "org:" + re.sub(r"\s+", " ", name), start, m.end()


def extract_facts(text: str, lang: Lang | None = None) -> list[Fact]:
    """Find the checkable facts in a text.

    Args:
        text: Chinese or English text (a measure, a sentence, a document).
        lang: ``"zh"`` or ``"en"``; guessed from the text when ``None``.  Bare
            years such as "in 2017" count as facts only in English.

    Returns:
        The facts, sorted by position, with ``start``/``end`` offsets into
        ``text``.  Overlapping readings are resolved to the longest (ties go
        to the more specific kind); facts inside a 《title》 are kept.
    """
    if not text:
        return []
    lang = lang or detect_lang(text)
    candidates: list[_Cand] = [
        *_money(text), *_percent(text), *_count(text), *_years(text, lang),
        *_dates(text), *_docnos(text), *_orgs(text),
    ]  # fmt: skip
    candidates.sort(key=lambda c: (c[3] - c[4], PRIORITY[c[0]], c[3]))
    taken = [False] * (len(text) + 1)
    kept: list[_Cand] = []
    for cand in candidates:
        if not any(taken[cand[3] : cand[4]]):
            kept.append(cand)
            for i in range(cand[3], cand[4]):
                taken[i] = True
    kept.extend(_titles(text))
    kept.sort(key=lambda c: (c[3], c[4]))
    return [
        Fact(kind=kind, text=raw, value=value, start=start, end=end)
        for kind, raw, value, start, end in kept
    ]


def fact_values(text: str, lang: Lang | None = None) -> set[str]:
    """The normalised values of the facts in a text.

    Args:
        text: Chinese or English text.
        lang: ``"zh"``, ``"en"`` or ``None`` to guess.

    Returns:
        The set of ``Fact.value`` strings, e.g. ``{"money:25000000:CNY"}``.
    """
    return {fact.value for fact in extract_facts(text, lang)}
