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

from drafter.types import Fact, FactKind, Lang

__all__ = ["detect_lang", "extract_facts", "fact_values"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CN_DIGITS = "〇零一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_AR_START = r"(?<!\d)(?<!\d[.,])"
_CN = rf"(?<![{_CN_CHARS}点])[{_CN_CHARS}]{{1,14}}(?:点[{_CN_DIGITS}]{{1,6}})?"
_SP = r"[ \u00a0]?"

_MULT = {
    "千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12,
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12,
}  # fmt: skip
_CURRENCY = {
    "元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD",
    "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "$": "USD", "US$": "USD",
    "£": "GBP", "€": "EUR", "¥": "CNY", "￥": "CNY", "RMB": "CNY", "CNY": "CNY",
    "GBP": "GBP", "USD": "USD", "EUR": "EUR", "pounds": "GBP", "pound": "GBP",
    "dollars": "USD", "euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
}  # fmt: skip
_ZH_CUR = "美元|港元|港币|欧元|英镑|日元|人民币|元"
_ZH_UNITS = (
    "平方公里|平方千米|平方米|平米|立方米|公顷|人次|公里|千米|千瓦|兆瓦|个月|小时|"
    "家|所|名|人|门|个|项|次|场|户|件|批|期|台|套|座|条|辆|届|位|支|类|种|栋|间|张|篇|"
    "款|处|亩|吨|天|km|kW|MW"
)
_UNIT_ALIASES = {"平米": "平方米", "平方千米": "平方公里", "千米": "公里"}
_EN_UNITS = (
    "teachers?|schools?|pupils?|students?|businesses|business|companies|company|firms?|"
    "people|persons?|jobs?|homes?|houses?|households?|families|family|children|child|"
    "projects?|universities|university|colleges?|hospitals?|staff|officers?|employees?|"
    "workers?|apprenticeships?|places?|sites?|hectares?|acres?|kilometres?|kilometers?|"
    "miles?|members?|organisations?|organizations?|councils?|areas?|regions?|centres?|"
    "centers?|programmes?|programs?|schemes?|grants?|loans?|farms?|farmers?|trees?|"
    "visitors?|participants?|applications?|recommendations?|reports?|courses?|events?|"
    "inquiries|inquiry|cases?|countries|country|partners?|patients?|beds?|vehicles?|"
    "buses|routes?|stations?|facilities|facility|hubs?|zones?|parks?|years?|months?|"
    "weeks?|days?"
)
_EN_ADJ = r"(?:(?:new|additional|extra|more|further|local|secondary|primary|grammar)\s)?"
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],  # fmt: skip
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"[-—–－~～]"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_MONEY_ZH = _c(
    rf"(?:{_AR_START}(?P<num>{_AR})|(?P<cn>{_CN})){_SP}"
    rf"(?P<mult>万亿|千万|百万|亿|万|千)?{_SP}(?P<cur>{_ZH_CUR})"
)
_MONEY_BARE = _c(rf"{_AR_START}(?P<num>{_AR}){_SP}(?P<mult>万亿|亿|万)(?![{_CN_CHARS}元])")
_MONEY_CUE = _c(
    r"(?:人民币|资金|经费|补贴|补助|奖励|资助|支持|投入|投资|融资|贷款|拨付|安排|最高|不超过|上限|"
    r"预算|奖补|金额|费用|收入|产值|税收|补偿|基金|给予)"
)
_MONEY_SYM = _c(
    r"(?<![A-Za-z])(?P<cur>US\$|\$|£|€|¥|￥|RMB|CNY|GBP|USD|EUR)"
    rf"{_SP}(?P<num>{_AR})(?:{_SP}(?P<mult>(?i:trillion|billion|million|thousand|bn|tn|m|k))\b)?"
)
_MONEY_WORD = _c(
    rf"{_AR_START}(?P<num>{_AR})\s(?:(?P<mult>trillion|billion|million|thousand)\s)?"
    r"(?P<cur>pounds?|dollars|euros|yuan|renminbi)\b"
)
_PERCENT = _c(rf"{_AR_START}(?P<num>{_AR}){_SP}(?:%|％|per\s?cent\b|percent\b)")
_PERCENT_ZH = _c(rf"百分之(?P<cn>[{_CN_CHARS}]{{1,8}}(?:点[{_CN_DIGITS}]{{1,6}})?|{_AR})")
_COUNT_ZH = _c(
    rf"(?<!第)(?<!第\s)(?:{_AR_START}(?P<num>{_AR})|(?P<cn>{_CN})){_SP}"
    rf"(?P<mult>万|亿)?(?:多|余)?{_SP}(?P<unit>{_ZH_UNITS})"
)
_COUNT_EN = _c(rf"{_AR_START}(?<![£$€])(?P<num>{_AR})\s{_EN_ADJ}(?P<unit>{_EN_UNITS})\b")
_YEAR_RANGE = _c(
    rf"(?<!\d)(?P<a>{_YEAR}){_SP}(?:年{_SP})?(?:{_DASH}|至|到){_SP}(?P<b>{_YEAR})(?!\d){_SP}年?"
)
_YEAR_SHORT_RANGE = _c(rf"(?<![\d.])(?P<a>{_YEAR}){_SP}[-–—/]{_SP}(?P<b>\d{{2}})(?![\d.]|\s?年)")
_YEAR_ZH = _c(rf"(?<![\d.])(?P<a>{_YEAR}){_SP}年")
_YEAR_CN = _c(rf"(?P<cn>[{_CN_DIGITS}]{{4}})年")
_YEAR_EN = _c(rf"(?<![\d£$€.,])(?P<a>{_YEAR})(?![\d]|,\d|\s?%)")
_DATE_ZH = _c(
    rf"(?<![\d.])(?P<y>{_YEAR}){_SP}年{_SP}(?P<m>\d{{1,2}}){_SP}月"
    rf"(?:{_SP}(?P<d>\d{{1,2}}){_SP}[日号])?"
)
_DATE_CN = _c(
    rf"(?P<y>[{_CN_DIGITS}]{{4}})年(?P<m>[一二三四五六七八九十]{{1,2}})月"
    r"(?:(?P<d>[一二三四五六七八九十]{1,3})[日号])?"
)
_DATE_ISO = _c(rf"(?<![\d.])(?P<y>{_YEAR})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?!\d)")
_DATE_DMY = _c(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<m>{_MONTH_RE})\.?,?\s(?P<y>{_YEAR})(?!\d)"
)
_DATE_MDY = _c(
    rf"\b(?P<m>{_MONTH_RE})\.?\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>{_YEAR})(?!\d)"
)
_DATE_MY = _c(rf"\b(?P<m>{_MONTH_RE})\s(?P<y>{_YEAR})(?!\d)")
_TITLE = _c(r"《(?P<t>[^《》\n]{1,200})》")
_DOCNO = _c(
    rf"(?P<p>[{_CJK}]{{1,10}}){_SP}[〔\[【（(﹝［]{_SP}(?P<y>{_YEAR}){_SP}[〕\]】）)﹞］]"
    rf"{_SP}第?{_SP}(?P<n>\d{{1,5}}){_SP}[号號]"
)
_DOCNO_LEAD = _c(
    r"^.*(?:根据|按照|依据|依照|参照|印发|出台|落实|贯彻|执行|文件|关于|见|即|的|和|及|与|、)"
)
_ORG_SUFFIX = _c(
    r"委员会|办公室|办公厅|人民政府|研究院|研究所|基金会|联合会|促进会|商会|协会|联盟|集团|"
    r"公司|银行|大学|学院|中心(?!城|区|任务|工作)|政府|(?<![评编常主])委(?![员托屈婉派任会])|"
    r"(?<![布格大全结开当时变胜败赛定残终僵出入骗饭设])局(?![面势部限长促外内])|"
    r"(?<![大餐客展舞门])厅(?!长)|"
    r"(?<![全内外干东西南北中局头腹底顶背胸上下前后本各俱总支分营服])部(?![署分门件位长委队落属首室])"
)
_ORG_STOP_TOKENS = frozenset(
    "组织 会同 联合 配合 协调 牵头 交由 分别 通过 根据 按照 依托 依据 依照 经 经商 与 及 同 等 "
    "的 是 关于 建议 包括 如 以及 同时 其中 此外 我市 我区 我县 我省 首批 年度 今年 去年 目前 "
    "近年来 下一步 方面 项目 一是 二是 三是 四是 五是 上市 大力 大力支持 支持 有关 相关".split()
)
_ORG_STOP_TAGS = frozenset("d ad i p r m q c ul uj uz ug ud uv y e o tg f".split())
_ORG_NAME_VERBS = frozenset(
    "创新 开发 开放 直辖 建设 协同 管理 监督 发展 改革 服务 研究 促进 保障 孵化 运输 "
    "审计 统计 投资 检验 检疫 执法 监察 检察 招商 融资 担保 引导 培训 设计 检测 认证 "
    "生产 经营 出版 推广 交流 合作 振兴 扶贫 储备 调查 评估 治理 保护 救助 应急 规划 "
    "监管 营销 交易 转化 创业 生 建 设".split()
)
_ORG_JOIN = re.compile(r"[局部委厅院所会司行学心盟团府室][和与及、]")
_ORG_LEAD = re.compile(r"[由经对向在为将把被已了和与及并需且特]+")
_ORG_GENERIC = frozenset(
    "上市 相关 有关 各级 其他 上级 主管 职能 业务 行政 地方 大型 商业 金融 国有 民营 "
    "牵头 责任 成员 承办 主办 协办 办理 派出 直属 下属 所属 监管 管理 各地 各有关 服务 "
    "综合 专门 市级 区级 省级 县级 国家级 多家 部分 全国 中央 基层".split()
)
_ORG_EN_CAPW = r"[A-Z][A-Za-z'’&\-]*"
_ORG_EN_LIST = (
    rf"{_ORG_EN_CAPW}(?:(?:,\s|\s)(?:(?:and|of|for|the|on|&)\s){{0,2}}{_ORG_EN_CAPW}){{0,6}}"
)
_ORG_EN_NAME = rf"{_ORG_EN_CAPW}(?:\s(?:(?:and|of|&)\s)?{_ORG_EN_CAPW}){{0,6}}"
_ORG_EN = _c(
    rf"\b(?:(?:Government\s)?(?:Department|Ministry|Office)\s(?:for|of)\s(?:the\s)?{_ORG_EN_LIST}"
    rf"|University\sof\s{_ORG_EN_NAME}"
    r"|(?:HM|His\sMajesty's|Her\sMajesty's)\sTreasury|House\sof\s(?:Commons|Lords)"
    rf"|{_ORG_EN_NAME}\s(?:Council|University|College|Committee|Agency|Authority|Commission"
    r"|Trust|Institute|Foundation|Bank|Office|Service|Board|Executive|Inspectorate))\b"
)
_EN_LEAD = _c(
    r"^(?:(?:The|A|An|In|As|Our|This|That|Their|By|For|With|From|To|On|At|And|Minister|Secretary"
    r"|State|Rt|Hon|Lord|Lady|Dear)\s(?:(?:of|for|the)\s)*)+"
)
_PRIORITY: dict[str, int] = {
    "date": 0, "money": 1, "percent": 2, "docno": 3, "count": 4, "year": 5, "org": 6,
}  # fmt: skip

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
    if not any(ch in _CN_DIGITS or ch == "十" for ch in raw):
        return None  # 千家万户, 百人: no digit, not a number
    try:
        return Decimal(str(cn2an.cn2an(raw, "normal")))
    except (ValueError, KeyError, IndexError):
        pass
    for mult in ("万亿", "亿", "万"):
        if raw.endswith(mult) and len(raw) > len(mult):
            mantissa = _chinese(raw[: -len(mult)])
            return None if mantissa is None else mantissa * _MULT[mult]
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
    return number * _MULT[mult.lower()] if mult else number


def _money(text: str) -> Iterator[_Cand]:
    for regex in (_MONEY_ZH, _MONEY_SYM, _MONEY_WORD):
        for m in regex.finditer(text):
            amount = _scaled(m)
            cur = m["cur"].strip()
            if amount is not None:
                code = _CURRENCY[cur]
                yield "money", m[0], f"money:{_fmt(amount)}:{code}", m.start(), m.end()
    for m in _MONEY_BARE.finditer(text):
        amount = _scaled(m)
        if amount is not None and _MONEY_CUE.search(text, max(0, m.start() - 10), m.start()):
            yield "money", m[0], f"money:{_fmt(amount)}:CNY", m.start(), m.end()


def _percent(text: str) -> Iterator[_Cand]:
    for m in _PERCENT.finditer(text):
        yield "percent", m[0], f"percent:{_fmt(Decimal(m['num'].replace(',', '')))}", *m.span()
    for m in _PERCENT_ZH.finditer(text):
        raw = m["cn"]
        value = _arabic(raw) if raw[0].isdigit() else _chinese(raw)
        if value is not None:
            yield "percent", m[0], f"percent:{_fmt(value)}", *m.span()


def _count(text: str) -> Iterator[_Cand]:
    for m in _COUNT_ZH.finditer(text):
        unit, tail = m["unit"], text[m.end() : m.end() + 2]
        if m["cn"] and m["cn"] == "一":
            continue  # 一批, 一项: wording, not a count
        if unit == "次" and tail in ("会议", "全会", "大会"):
            continue
        if unit == "届" and tail[:1] in "全人政市区县省中第" + _CN_DIGITS:
            continue
        amount = _scaled(m)
        if amount is not None:
            unit = _UNIT_ALIASES.get(unit, unit)
            yield "count", m[0], f"count:{_fmt(amount)}:{unit}", *m.span()
    for m in _COUNT_EN.finditer(text):
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
    for m in _YEAR_RANGE.finditer(text):
        if int(m["b"]) > int(m["a"]):
            yield "year", m[0], f"year:{m['a']}-{m['b']}", *m.span()
    for m in _YEAR_SHORT_RANGE.finditer(text):
        start, end = int(m["a"]), int(m["a"][:2] + m["b"])
        if end == start + 1:
            yield "year", m[0], f"year:{start}-{end}", *m.span()
    for m in _YEAR_ZH.finditer(text):
        yield "year", m[0], f"year:{m['a']}", *m.span()
    for m in _YEAR_CN.finditer(text):
        year = _chinese(m["cn"])
        if year is not None and 1900 <= year < 2100:
            yield "year", m[0], f"year:{_fmt(year)}", *m.span()
    if lang == "en":
        for m in _YEAR_EN.finditer(text):
            yield "year", m[0], f"year:{m['a']}", *m.span()


def _dates(text: str) -> Iterator[_Cand]:
    regexes: list[tuple[re.Pattern[str], Callable[[str], Decimal | None]]] = [
        (_DATE_ZH, _arabic), (_DATE_ISO, _arabic), (_DATE_CN, _chinese),
        (_DATE_DMY, _arabic), (_DATE_MDY, _arabic), (_DATE_MY, _arabic),
    ]  # fmt: skip
    for regex, convert in regexes:
        for m in regex.finditer(text):
            year = convert(m["y"])
            month_raw = m["m"]
            month = Decimal(_MONTHS[month_raw]) if month_raw in _MONTHS else convert(month_raw)
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
    for m in _TITLE.finditer(text):
        value = re.sub(r"\s+", "", m["t"]).replace("(", "（").replace(")", "）")
        value = re.sub(_DASH, "-", value)
        yield "title", m["t"], f"title:{value}", *m.span("t")


def _docnos(text: str) -> Iterator[_Cand]:
    for m in _DOCNO.finditer(text):
        prefix = _DOCNO_LEAD.sub("", m["p"])
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
    joins = list(_ORG_JOIN.finditer(text, lo, suffix_start))  # 区财政局和区工信局: two names
    lo = joins[-1].end() if joins else lo
    tokens = _tag(text[lo:suffix_start]) if lo < suffix_start else ()
    start = suffix_start
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        if word in _ORG_STOP_TOKENS or flag in _ORG_STOP_TAGS and word != "和":
            break
        if flag.startswith("v") and flag != "vn" and word not in _ORG_NAME_VERBS:
            break
        start -= len(word)
    lead = _ORG_LEAD.match(text, start, suffix_start)
    return lead.end() if lead else start


def _orgs(text: str) -> Iterator[_Cand]:
    for m in _ORG_SUFFIX.finditer(text):
        start = _org_start(text, m.start())
        body = text[start : m.start()]
        if len(body) < 2 or body in _ORG_GENERIC or body[0] in "我本该贵此其各这那每某":
            continue
        yield "org", text[start : m.end()], f"org:{text[start : m.end()]}", start, m.end()
    for m in _ORG_EN.finditer(text):
        lead = _EN_LEAD.match(m[0])
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
    candidates.sort(key=lambda c: (c[3] - c[4], _PRIORITY[c[0]], c[3]))
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
