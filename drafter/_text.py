"""Bigrams: the wording overlap that dedupe, the support score and the evals share."""

from __future__ import annotations

import re
from functools import lru_cache

_PUNCT = re.compile(r"[\s，。；：、！？,.;:!?“”‘’\"'（）()《》【】\-—]+")


@lru_cache(maxsize=16384)
def char_bigrams(text: str) -> frozenset[str]:
    """The text's character bigrams, lower-cased, with spaces and punctuation left out.

    Cached: retrieval compares the same candidates with each other many times.
    """
    flat = _PUNCT.sub("", text.lower())
    return frozenset(flat[i : i + 2] for i in range(len(flat) - 1))


_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z0-9£$€%]+(?:[.,][0-9]+)*")


def grams(text: str) -> frozenset[str]:
    """Character bigrams of Chinese text; word bigrams of other text.

    Letters pair up in any two English sentences, so English is compared by
    pairs of words instead.
    """
    if _CJK.search(text):
        return char_bigrams(text)
    words = _WORD.findall(text.lower())
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's bigrams (``grams``) found in the other: 0..1."""
    ga, gb = grams(a), grams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))
