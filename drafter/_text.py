"""Character bigrams: the wording overlap that dedupe and the support score share."""

from __future__ import annotations

import re

_PUNCT = re.compile(r"[\s，。；：、！？,.;:!?“”‘’\"'（）()《》【】\-—]+")


def char_bigrams(text: str) -> set[str]:
    """The text's character bigrams, lower-cased, with spaces and punctuation left out."""
    flat = _PUNCT.sub("", text.lower())
    return {flat[i : i + 2] for i in range(len(flat) - 1)}
