"""Organisation names in Chinese and English text, for ``facts``.

A Chinese name ends in a body word (局, 委员会, 中心, 大学, …) and begins where
walking back from it meets a word that cannot be part of a name (a verb
other than name words like 创新/管理, a preposition, a pronoun, a numeral,
的/等/关于…).  A one-character level names a government (市政府, 区委); a
counted name is a kind, not a body (12家社区健康服务中心).  English names
come from ``_fact_en``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

from drafter.ingest import _fact_en
from drafter.ingest._fact_patterns import (
    ORG_COUNTED,
    ORG_GENERIC,
    ORG_JOIN,
    ORG_LEAD,
    ORG_LEVEL_SUFFIXES,
    ORG_LEVELS,
    ORG_NAME_VERBS,
    ORG_NAMES,
    ORG_PLACE_WORDS,
    ORG_STOP_TAGS,
    ORG_STOP_TOKENS,
    ORG_SUFFIX,
)

#: First characters that make a name a reference (我局, 该中心, 各委员会), not a name.
_REFERENCE = "我本该贵此其各这那每某"


@lru_cache(maxsize=50_000)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """Part-of-speech tags of a short text (jieba, loaded on first use)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


def _org_start(text: str, suffix_start: int) -> int:
    """Where an organisation name ending at ``suffix_start`` begins (at most 16 CJK back)."""
    lo = suffix_start
    while lo > 0 and suffix_start - lo < 16 and "\u3400" <= text[lo - 1] <= "\u9fff":
        lo -= 1
    joins = list(ORG_JOIN.finditer(text, lo, suffix_start))  # 区财政局和区工信局: two names
    lo = joins[-1].end() if joins else lo
    tokens = tag(text[lo:suffix_start]) if lo < suffix_start else ()
    start = suffix_start
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        if word in ORG_STOP_TOKENS or (
            flag in ORG_STOP_TAGS and word != "和" and word not in ORG_PLACE_WORDS
        ):
            break
        if flag.startswith("v") and flag != "vn" and word not in ORG_NAME_VERBS:
            break
        start -= len(word)
    lead = ORG_LEAD.match(text, start, suffix_start)
    return lead.end() if lead else start


def _joined(text: str, pos: int, end: int) -> bool:
    """True when jieba reads ``text[pos]`` as the end of a word begun before it (城市)."""
    lo = max(0, pos - 3)
    if lo == pos or not "\u3400" <= text[pos - 1] <= "\u9fff":
        return False
    if text[pos - 1] in "辖轄":  # 直辖市, 直轄市 (a script jieba's dictionary lacks)
        return True
    offset = lo
    for word, _ in tag(text[lo:end]):
        if offset < pos < offset + len(word):
            return True
        offset += len(word)
    return False


def orgs(text: str) -> Iterator[tuple[str, int, int]]:
    """Organisation names as (name, start, end), overlapping readings included."""
    for m in ORG_SUFFIX.finditer(text):
        start = _org_start(text, m.start())
        body = text[start : m.start()]
        level = bool(body) and body in ORG_LEVELS and m[0] in ORG_LEVEL_SUFFIXES  # 市政府
        if level and _joined(text, start, m.end()):
            continue  # 直辖市人民政府, 城市人民政府: the level is the end of a word
        if (len(body) < 2 and not level) or body in ORG_GENERIC or body[0] in _REFERENCE:
            continue
        if ORG_COUNTED.search(text, max(0, start - 4), start):
            continue  # 12家社区健康服务中心: a kind of body, not a name
        yield text[start : m.end()], start, m.end()
    for m in ORG_NAMES.finditer(text):  # names with no body word of their own
        yield m[0], m.start(), m.end()
    yield from _fact_en.orgs(text)
