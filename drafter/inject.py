"""Injected errors for measuring the faithfulness checker.

A grounded sentence is a measure's own text (or one clause of it) and its
evidence is that measure as a draft cites it (passage, 《document title》,
issuer).  ``generate`` makes one item per injection, deterministically from a
seed:

==========  =============================================================
kind        what changes
==========  =============================================================
number      an amount, percentage or count gets another value
unit        the multiplier or unit: 万↔亿, 千↔万, thousand↔million, %↔‰
date        a year, or the month or day of a dated year, is shifted
title       a 《title》 is replaced by another real one or an invented one
org         an organisation is replaced by another real one
commitment  an invented clause with a number is appended
control     nothing (the sentence as grounded)
paraphrase  wording changes that keep every fact (连接词, 30%→百分之三十, £5m…)
==========  =============================================================

The spans to change are found by this module's own patterns, not by the
extractor under test, so a number the extractor overlooks is still changed.
An item is made only when the change really alters a checkable fact: the
new value is written nowhere in the evidence.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cn2an

from drafter._inject_edits import commitment, paraphrase
from drafter.ingest import extract_facts, iter_corpus_files, load_document, segment
from drafter.types import Lang, Measure

InjectKind = Literal[
    "number", "unit", "date", "title", "org", "commitment", "control", "paraphrase"
]
ERROR_KINDS: tuple[InjectKind, ...] = ("number", "unit", "date", "title", "org", "commitment")
CLEAN_KINDS: tuple[InjectKind, ...] = ("control", "paraphrase")

#: Where the sample corpus and the real documents live, relative to the project root.
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "corpus" / "policies", ROOT / "corpus" / "replies",
                   ROOT / "corpus" / "en", ROOT.parent / "shared" / "data" / "real")


@dataclass(frozen=True)
class Grounded:
    """A sentence and the evidence it is grounded in."""

    lang: Lang
    sentence: str
    evidence: str
    origin: str
    issuer: str = ""


@dataclass(frozen=True)
class InjectedCase:
    """One generated item: a sentence, its evidence, and what was changed (if anything)."""

    id: str
    lang: Lang
    kind: InjectKind
    sentence: str
    evidence: str
    changed_fact: str  # "old → new"; "" for controls and paraphrases


_ZH_UNITS = (
    "平方公里|平方米|公顷|人次|家次|场次|个工作日|工作日|个月|小时|公里|千瓦|"
    "家|所|名|人|个|项|次|场|户|件|批|期|台|套|座|条|辆|位|支|类|种|栋|间|张|篇|亩|吨|天|周|倍|份|年"
)
_CN = "〇零一二两三四五六七八九十百千"
ZH_NUMBER = re.compile(
    rf"(?<![\d.,第{_CN}])(?P<n>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN}]{{1,8}})"
    rf"\s?(?:多|余)?(?P<m>万亿|千万|亿|万|千)?(?:多|余)?\s?"
    rf"(?P<u>%|％|个百分点|(?:人民币)?元|{_ZH_UNITS})(?![级代])"
    rf"|百分之(?P<p>[{_CN}]{{1,6}}|\d+(?:\.\d+)?)"
)
_LABEL_EN = re.compile(
    r"(?i:(?:round|paragraph|para|recommendation|section|page|year|clause|chapter|annex|table|"
    r"figure|no|phase|stage|level|tier|part|article|rule|question)s?\.?\s)\Z"
)
_STOP_EN = frozenset(
    "this these those its his has was is as us thus plus less across always perhaps whereas "
    "various previous serious does yes its".split()
)
EN_WORDS = {w: i for i, w in enumerate(
    "two three four five six seven eight nine ten eleven twelve".split(), start=2)}
EN_NUMBER = re.compile(
    r"(?P<cur>£|\$|€)\s?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<m>million|billion|thousand|m|bn|k)\b)?"
    r"|(?<![\d.,£$€])(?P<pn>\d+(?:\.\d+)?)\s?(?P<pu>%|per\scent\b|percent\b)"
    r"|(?<![\w£$€.,/-])(?P<cn>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(EN_WORDS) +
    r")(?:\s(?P<cm>million|thousand))?\s(?P<noun>(?:(?!(?:of|the|and|to|in|for|an?|on|at|by|with|from|or)\s)[a-z][a-z-]+\s){0,2}[a-z]{3,}s)\b"
)
YEAR_ZH = re.compile(r"(?<![\d.])(?:19|20)\d\d(?=\s?年|\s?[-—–至到]\s?(?:19|20)\d\d\s?年)")
YEAR_EN = re.compile(r"(?<![\d£$€.,])(?:19|20)\d\d(?![\d%]|,\d| per cent)")
DATE_ZH = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月(?:\s?(\d{1,2})\s?[日号])?")
_MONTHS = ("January February March April May June July August September October November "
           "December").split()
DATE_EN = re.compile(rf"\b(?:(\d{{1,2}})\s)?({'|'.join(_MONTHS)})\s((?:19|20)\d\d)\b")
TITLE = re.compile(r"《([^《》\n]{2,80})》")
_DOC_TYPES = ("实施细则", "管理办法", "行动计划", "实施方案", "若干措施", "指导意见", "工作方案",
              "发展规划", "暂行办法", "条例", "通知")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(",", "")


def absent(new: str, evidence: str) -> bool:
    """True when ``new`` is written nowhere in ``evidence`` (spaces and commas ignored)."""
    return _flat(new) not in _flat(evidence)


def _new_number(raw: str, rng: random.Random) -> str | None:
    """Another number written the way ``raw`` is (commas, decimals, Chinese numerals)."""
    if raw in EN_WORDS:
        choices = [w for w in EN_WORDS if w != raw]
        return rng.choice(choices)
    if raw[0].isdigit():
        digits = raw.replace(",", "")
        if "." in digits:
            places = len(digits.split(".")[1])
            value = float(digits)
            new = value + rng.choice([1, 2, 3, 5]) * 10 ** -places * rng.choice([1, 3, 7])
            out = f"{new:.{places}f}"
        else:
            value_i = int(digits)
            step = max(1, 10 ** max(0, len(digits) - 2))
            out = str(value_i + rng.choice([1, 2, 3, 4, 6]) * step
                      if rng.random() < 0.7 or value_i < 3 else value_i * rng.choice([2, 3]))
        if "," in raw:
            out = f"{int(out):,}" if "." not in out else out
        return out if out.replace(",", "") != digits else None
    try:
        value_c = int(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
    if value_c < 2 or len(raw) > 1 and set(raw) <= set("一二两三四五六七八九"):
        return None  # 一批, 两三年: wording, not a count
    new_c = value_c + rng.choice([1, 2, 3]) * max(1, 10 ** (len(str(value_c)) - 1))
    return str(cn2an.an2cn(new_c))


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


Edit = tuple[str, str]  # (new sentence, "old → new")


def numbers(g: Grounded, rng: random.Random) -> Iterator[Edit]:
    """Change the number of an amount, percentage or count."""
    regex = ZH_NUMBER if g.lang == "zh" else EN_NUMBER
    for m in regex.finditer(g.sentence):
        group = next(k for k in ("n", "p", "pn", "cn") if m.groupdict().get(k))
        if g.lang == "en" and group == "cn" and (
            _LABEL_EN.search(g.sentence, max(0, m.start() - 16), m.start())
            or re.fullmatch(r"(?:19|20)\d\d", m["cn"]) or m["noun"].split()[-1] in _STOP_EN
        ):
            continue
        if g.lang == "zh" and group == "n" and m["u"] == "年" and (
            not m["n"].isdigit() and len(m["n"]) > 2 or m["n"].isdigit() and int(m["n"]) > 99
        ):
            continue
        new = _new_number(m[group], rng)
        if new is None:
            continue
        s, e = m.span(group)
        span = _replace(m[0], s - m.start(), e - m.start(), new)
        if absent(span, g.evidence) and absent(new, g.evidence):
            yield _replace(g.sentence, s, e, new), f"{m[0]} → {span}"


UNIT_SWAPS = {
    "万亿": "亿", "千万": "亿", "亿": "万", "万": "亿", "千": "万", "%": "‰", "％": "‰",
    "thousand": "million", "million": "billion", "billion": "million", "m": "bn", "bn": "m",
    "k": "m",
}


def units(g: Grounded, rng: random.Random) -> Iterator[Edit]:
    """Swap a multiplier or unit: 万↔亿, 千↔万, thousand↔million, million↔billion, %→‰."""
    regex = ZH_NUMBER if g.lang == "zh" else EN_NUMBER
    for m in regex.finditer(g.sentence):
        for group in ("m", "u", "cm", "pu"):
            old = m.groupdict().get(group)
            if not old or old not in UNIT_SWAPS:
                continue
            if g.lang == "en" and group == "cm" and m["noun"].split()[-1] in _STOP_EN:
                continue
            new = UNIT_SWAPS[old]
            s, e = m.span(group)
            span = _replace(m[0], s - m.start(), e - m.start(), new)
            if absent(span, g.evidence):
                yield _replace(g.sentence, s, e, new), f"{m[0]} → {span}"
            break


def dates(g: Grounded, rng: random.Random) -> Iterator[Edit]:
    """Shift a year, or the month or day of a date that names its year."""
    text = g.sentence
    if rng.random() < 0.5:
        for m in (DATE_ZH if g.lang == "zh" else DATE_EN).finditer(text):
            day, month = (m[3], m[2]) if g.lang == "zh" else (m[1], m[2])
            if day and rng.random() < 0.5:
                new_day = str((int(day) + rng.choice([1, 2, 5])) % 28 + 1)
                if new_day == day:
                    continue
                s, e = m.span(3 if g.lang == "zh" else 1)
                new = new_day
            elif g.lang == "zh":
                new = str(int(month) % 12 + 1)
                s, e = m.span(2)
            else:
                new = _MONTHS[(_MONTHS.index(month) + rng.choice([1, 2, 4])) % 12]
                s, e = m.span(2)
            span = _replace(m[0], s - m.start(), e - m.start(), new)
            if absent(span, g.evidence):
                yield _replace(text, s, e, new), f"{m[0]} → {span}"
    for m in (YEAR_ZH if g.lang == "zh" else YEAR_EN).finditer(text):
        new = str(int(m[0]) + rng.choice([-2, -1, 1, 2, 3]))
        if absent(new, g.evidence):
            yield _replace(text, *m.span(), new), f"{m[0]} → {new}"


def invent_title(title: str, rng: random.Random) -> str:
    """A plausible title that no document carries: another document type, or another place."""
    for kind in _DOC_TYPES:
        if title.endswith(kind):
            other = rng.choice([k for k in _DOC_TYPES if k != kind])
            return title[: -len(kind)] + other
    lead = rng.choice(["云岭区", "全市", "关于进一步"])
    return lead + title + rng.choice(["实施细则", "补充通知"])


def titles(g: Grounded, rng: random.Random, pool: list[str]) -> Iterator[Edit]:
    """Replace a 《title》 with another real title of the corpus, or with an invented one."""
    for m in TITLE.finditer(g.sentence):
        old = m[1]
        real = [t for t in pool if t != old and old not in t and t not in old]
        candidates = [rng.choice(real)] if real else []
        candidates.append(invent_title(old, rng))
        for new in candidates:
            if absent(new, g.evidence):
                yield _replace(g.sentence, *m.span(1), new), f"《{old}》 → 《{new}》"


def orgs(g: Grounded, rng: random.Random, pool: dict[Lang, list[str]]) -> Iterator[Edit]:
    """Replace an organisation named in the sentence with another real one of the corpus."""
    names = pool[g.lang]
    seen: set[str] = set()
    for old in sorted((n for n in names if n in g.sentence), key=len, reverse=True):
        if any(old in s for s in seen):
            continue
        seen.add(old)
        others = [n for n in names if old not in n and n not in old and absent(n, g.evidence)]
        if not others:
            continue
        new = rng.choice(others)
        start = g.sentence.index(old)
        yield _replace(g.sentence, start, start + len(old), new), f"{old} → {new}"


def commitments(g: Grounded, rng: random.Random) -> Iterator[Edit]:
    """Append an invented commitment with a number."""
    made = commitment(g.sentence, g.lang, rng)
    if made and all(absent(n, g.evidence) for n in re.findall(r"\d[\d,]*", made[1])
                    if not re.fullmatch(r"(?:19|20)\d\d", n)):
        yield made


def load_grounded(sources: Iterable[Path] = DEFAULT_SOURCES) -> list[Grounded]:
    """Every measure of the given corpus folders as a grounded sentence with its evidence."""
    measures: list[Measure] = []
    for root in sources:
        if root.exists():
            for path in iter_corpus_files([root]):
                measures.extend(segment(load_document(path)))
    out = []
    for m in measures:
        src = m.source
        evidence = "\n".join([m.text, f"《{src.title}》" if src.title else "", src.issuer])
        issuer = src.issuer if src.kind != "proposal" else ""  # a proposal's is a person
        out.append(Grounded(lang=m.lang, sentence=m.text, evidence=evidence, origin=m.id,
                            issuer=issuer))
    return out


def _pools(grounded: list[Grounded]) -> tuple[list[str], dict[Lang, list[str]]]:
    title_pool: set[str] = set()
    org_pool: dict[Lang, set[str]] = {"zh": set(), "en": set()}
    for g in grounded:
        title_pool.update(TITLE.findall(g.evidence))
        names = [g.issuer, *(f.text for f in extract_facts(g.sentence, g.lang) if f.kind == "org")]
        org_pool[g.lang].update(n for n in names if _proper_name(n, g.lang))
    return sorted(title_pool), {k: sorted(v) for k, v in org_pool.items()}


_KIND_WORDS = re.compile(
    r"^(?:省级|市级|区级|县级|国家级|国家|各|两个|一个|多个|新型|数字|智慧|教育|产业)"
)


def _proper_name(name: str, lang: Lang) -> bool:
    """A name that names one body (福田区科技创新局), not a kind of body (省级工程技术研究中心)."""
    if lang == "en":
        return len(name.split()) >= 2
    return len(name) >= 4 and not _KIND_WORDS.match(name) and not re.search(r"[（(）)]", name)


def _clause(g: Grounded, rng: random.Random) -> Grounded:
    """Half the time, one clause of the measure (split at ；;。) rather than all of it."""
    parts = [p for p in re.split(r"(?<=[；;。])", g.sentence) if len(p.strip()) > 12]
    if len(parts) > 1 and rng.random() < 0.5:
        return Grounded(g.lang, rng.choice(parts).strip(), g.evidence, g.origin)
    return g


def generate(seed: int = 0, per_source: int = 2,
             grounded: list[Grounded] | None = None) -> list[InjectedCase]:
    """Make injected, control and paraphrase items from grounded sentences.

    Args:
        seed: Seed of the ``random.Random`` every choice is drawn from.
        per_source: At most this many items of each kind from one sentence.
        grounded: The sentences to start from; the sample corpus and the real
            documents when ``None``.

    Returns:
        The items, in a fixed order for a given seed and corpus.
    """
    rng = random.Random(seed)
    grounded = load_grounded() if grounded is None else grounded
    title_pool, org_pool = _pools(grounded)
    makers: dict[InjectKind, Callable[[Grounded], Iterator[Edit]]] = {
        "number": lambda g: numbers(g, rng),
        "unit": lambda g: units(g, rng),
        "date": lambda g: dates(g, rng),
        "title": lambda g: titles(g, rng, title_pool),
        "org": lambda g: orgs(g, rng, org_pool),
        "commitment": lambda g: commitments(g, rng),
        "paraphrase": lambda g: paraphrase(g.sentence, g.lang, rng),
    }
    cases: list[InjectedCase] = []
    for i, whole in enumerate(grounded):
        g = _clause(whole, rng)
        cases.append(InjectedCase(f"{i}-control", g.lang, "control", g.sentence, g.evidence, ""))
        for kind, make in makers.items():
            edits = [e for e in make(g) if e[0] != g.sentence]
            for j, (sentence, changed) in enumerate(
                rng.sample(edits, min(per_source, len(edits)))
            ):
                cases.append(InjectedCase(f"{i}-{kind}-{j}", g.lang, kind, sentence,
                                          g.evidence, "" if kind == "paraphrase" else changed))
    return cases
