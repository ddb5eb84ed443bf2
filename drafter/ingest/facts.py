"""Checkable facts in Chinese and English text, with normalised values.

A fact's ``value`` is what the faithfulness check compares, so the same fact
written two ways gets the same value:

=========  ==================================  =====================================
kind       written                             value
=========  ==================================  =====================================
money      2500万元 / 二千五百万元 / £40m / 2p  ``money:25000000:CNY`` ``money:40000000:GBP``
percent    30% / 百分之三十 / 三成 / 三折       ``percent:30``
           3个百分点 / 3 percentage points      ``percent:3pp``
count      500多家 / 60万余人次 / 250 teachers  ``count:500:家`` ``count:600000:人次``
           six hubs / 3年 / 5个工作日           ``count:6:hub`` ``count:3:年``
year       2022年 / 二〇二二年 / 2022-2025年     ``year:2022`` ``year:2022-2025``
date       2022年8月31日 / 31 August 2022       ``date:2022-08-31`` (``date:2022-08``)
title      《行动计划(2022-2025 年)》           ``title:行动计划（2022-2025年）``
docno      国办发（2019）41号 / 国务院令第722号  ``docno:国办发〔2019〕41号``
org        福田区科技创新局 / Cabinet Office     ``org:福田区科技创新局``
=========  ==================================  =====================================

A title fact's ``text`` and span are the words inside 《》, so it also matches
where the same title is written without brackets.  Amounts are integers
when whole, else minimal decimals; qualifiers such as
最高, 近, 超过, "more than" are not part of a value.  Both ends of a range are
facts, the first taking the second's unit and multiplier (3至5万元 is 30,000
and 50,000 yuan; 2022年8月至12月 is two months of 2022).  Where readings
overlap the longest wins (a date beats its year, money beats a count);
titles are containers, so the facts inside a 《title》 are kept as well.
What counts as a fact, and what does not, is set out with examples in
``evals/facts/README.md``; ``evals/facts/labelled.jsonl`` measures it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from drafter.ingest import _fact_en, _fact_orgs
from drafter.ingest._fact_patterns import (
    APPROX_DIGITS,
    CN_CHARS,
    CN_DIGITS,
    COUNT_YEARS,
    COUNT_ZH,
    CURRENCY,
    DASH,
    DATE_CN,
    DATE_DMY,
    DATE_ISO,
    DATE_MDY,
    DATE_MY,
    DATE_MY_RANGE,
    DATE_ZH,
    DATE_ZH_MONTHS,
    DATE_ZH_TAIL,
    DOCNO,
    DOCNO_LEAD,
    DOCNO_ORDER,
    LEADING_NUMBER,
    MONEY_BARE,
    MONEY_CUE,
    MONEY_PENCE,
    MONEY_SYM,
    MONEY_WORD,
    MONEY_ZH,
    MONTHS,
    MULT,
    NOT_COUNTS,
    PERCENT,
    PERCENT_ZH,
    POINTS,
    PRIORITY,
    RANGE_LEFT,
    TENTHS,
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
    cn = groups.get("cn")
    if cn and not (len(cn) > 1 and set(cn) <= APPROX_DIGITS):  # 两三年, 三五家: "two or three"
        return _chinese(cn)
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
            cn = m.groupdict().get("cn") or ""
            if amount is None and cn[:1] in ("百", "千") and set(cn) <= set("十百千万亿"):
                amount = _chinese("一" + cn)  # 超百亿元, 千万元: a leading 一 left unsaid
            cur = m["cur"].strip()
            if amount is not None:
                code = CURRENCY[cur]
                yield "money", m[0], f"money:{_fmt(amount)}:{code}", m.start(), m.end()
    for m in MONEY_PENCE.finditer(text):  # 2p a litre
        pounds = Decimal(m["num"]) / 100
        yield "money", m[0], f"money:{_fmt(pounds)}:GBP", m.start(), m.end()
    for m in MONEY_BARE.finditer(text):
        amount = _scaled(m)
        if amount is not None and MONEY_CUE.search(text, max(0, m.start() - 10), m.start()):
            yield "money", m[0], f"money:{_fmt(amount)}:CNY", m.start(), m.end()


def _percent(text: str) -> Iterator[_Cand]:
    for m in PERCENT.finditer(text):
        pct = Decimal(m["num"].replace(",", "")) / (10 if m["mille"] else 1)
        yield "percent", m[0], f"percent:{_fmt(pct)}", *m.span()
    for m in PERCENT_ZH.finditer(text):
        raw = m["cn"]
        value = _arabic(raw) if raw[0].isdigit() else Decimal(100) if raw == "百" else _chinese(raw)
        if value is not None:
            yield "percent", m[0], f"percent:{_fmt(value)}", *m.span()
    for m in POINTS.finditer(text):
        value = _number(m)
        if value is not None:
            yield "percent", m[0], f"percent:{_fmt(value)}pp", *m.span()
    for m in TENTHS.finditer(text):
        raw = m["n"]
        value = _arabic(raw) if raw[0].isdigit() else _chinese(raw)
        if value is not None:  # 四折, 4.5折: tenths; 八五折: hundredths
            yield "percent", m[0], f"percent:{_fmt(value * 10 if value < 10 else value)}", *m.span()


def _count(text: str) -> Iterator[_Cand]:
    for m in COUNT_ZH.finditer(text):
        unit, tail = m["unit"], text[m.end() : m.end() + 2]
        if m["cn"] == "一" or (m["cn"] or "") + unit in NOT_COUNTS:
            continue  # 一批, 一项, 四周: wording, not a count
        if unit == "次" and tail in ("会议", "全会", "大会"):
            continue
        if unit == "届" and tail[:1] in "全人政市区县省中第" + CN_DIGITS:
            continue
        amount = _scaled(m)
        if amount is not None:
            unit = UNIT_ALIASES.get(unit, unit)
            yield "count", m[0], f"count:{_fmt(amount)}:{unit}", *m.span()
    for m in COUNT_YEARS.finditer(text):
        amount = None if m["cn"] == "一" else _number(m)
        if amount is not None and amount < 1000:
            yield "count", m[0], f"count:{_fmt(amount)}:年", *m.span()
    for raw, amount, unit, start, end in _fact_en.counts(text):
        yield "count", raw, f"count:{_fmt(amount)}:{unit}", start, end


def _ranges(text: str, cands: list[_Cand]) -> tuple[list[_Cand], set[int]]:
    """Range starts that take their end's unit, and ordinal ranges to drop.

    "3至5年", "3000万至5000万元", "10-15 per cent": the first number is a fact of
    the same kind and unit as the second, with the second's multiplier when
    it has none.  "第3至5条" is an ordinal range: neither end is a count.
    """
    found: list[_Cand] = []
    drop: set[int] = set()
    for i, (kind, raw, value, start, _) in enumerate(cands):
        if kind not in ("money", "percent", "count") or not (
            raw[:1].isdigit() or raw[:1] in CN_CHARS
        ):
            continue
        m = RANGE_LEFT.search(text, max(0, start - 24), start)
        if not m:
            continue
        if text[max(0, m.start() - 2) : m.start()].strip().endswith("第"):
            drop.add(i)
            continue
        left, lead = _scaled(m), LEADING_NUMBER.match(raw)
        if left is None or lead is None:
            continue
        if not m["mult"] and lead["mult"]:
            left *= MULT[lead["mult"].lower()]
        parts = value.split(":")
        right = parts[1].removesuffix("pp")
        if left >= Decimal(right):
            continue
        parts[1] = _fmt(left) + parts[1][len(right) :]
        left_end = m.end("mult") if m["mult"] else m.end("num" if m["num"] else "cn")
        found.append((kind, text[m.start() : left_end], ":".join(parts), m.start(), left_end))
    return found, drop


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
            value = _date_value(year, month, day)
            if value:
                yield "date", m[0], value, *m.span()
    yield from _date_ranges(text)


def _date_value(year: Decimal, month: Decimal, day: Decimal | None) -> str | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    value = f"date:{int(year):04d}-{int(month):02d}"
    return value if day is None else value + f"-{int(day):02d}"


def _date_ranges(text: str) -> Iterator[_Cand]:
    """The ends of ranges written short: 2022年8月至12月, 2023年1—9月, April and June 2024."""
    for regex in (DATE_ZH, DATE_ZH_MONTHS):
        for m in regex.finditer(text):
            tail = DATE_ZH_TAIL.match(text, m.end())
            if not tail or not (tail["m"] or tail["d"] and m.groupdict().get("d")):
                continue
            year, month = Decimal(m["y"]), Decimal(tail["m"] or m["m"])
            value = _date_value(year, month, Decimal(tail["d"]) if tail["d"] else None)
            if value is None:
                continue
            start = tail.start("m") if tail["m"] else tail.start("d")
            yield "date", text[start : tail.end()], value, start, tail.end()
            if regex is DATE_ZH_MONTHS:
                value = _date_value(year, Decimal(m["m"]), None)
                if value:
                    yield "date", m[0].rstrip(), value, m.start(), m.start() + len(m[0].rstrip())
    for m in DATE_MY_RANGE.finditer(text):
        yield "date", m[0], f"date:{m['y']}-{MONTHS[m['m']]:02d}", *m.span()


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
    for m in DOCNO_ORDER.finditer(text):  # 国务院令第722号
        prefix = DOCNO_LEAD.sub("", m["p"])
        if len(prefix) > 1:
            start = m.end("p") - len(prefix)
            yield "docno", text[start : m.end()], f"docno:{prefix}第{int(m['n'])}号", start, m.end()


def _orgs(text: str) -> Iterator[_Cand]:
    for name, start, end in _fact_orgs.orgs(text):
        yield "org", name, "org:" + re.sub(r"\s+", " ", name), start, end


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
    starts, ordinal = _ranges(text, candidates)
    candidates = [c for i, c in enumerate(candidates) if i not in ordinal] + starts
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
