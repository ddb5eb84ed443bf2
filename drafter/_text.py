"""Character bigrams: the wording overlap that dedupe and the support score share."""

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
