"""Refuse a proposal written in a language drafter does not draft in, naming its script."""

from __future__ import annotations

import unicodedata
from collections import Counter

from drafter.errors import InputError

#: Scripts a proposal may be written in: Chinese (Han, with CJK punctuation) and English.
READ = frozenset({"CJK", "LATIN"})
#: How much of the text is looked at.
SAMPLE = 20_000
#: Letters of one other script, as a share of all letters, that make a text foreign.
FOREIGN_SHARE = 0.5
_LANGUAGES = {"HANGUL": "Korean", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
              "CYRILLIC": "Cyrillic (Russian, Ukrainian, …)", "ARABIC": "Arabic",
              "HEBREW": "Hebrew", "THAI": "Thai", "GREEK": "Greek", "DEVANAGARI": "Hindi",
              "TIBETAN": "Tibetan", "MONGOLIAN": "Mongolian"}


def _script(ch: str) -> str:
    """The first word of a letter's Unicode name: its script (LATIN, CJK, HANGUL, …)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def check_language(text: str, where: str = "") -> None:
    """Raise when most letters of ``text`` are of one script drafter does not read.

    Raises:
        InputError: e.g. a Korean proposal: "written in Korean (Hangul script);
            drafter drafts replies to Chinese and English proposals".
    """
    scripts = Counter(_script(ch) for ch in text[:SAMPLE] if ch.isalpha())
    total = sum(scripts.values())
    if total < 20:
        return
    script, count = max(((s, n) for s, n in scripts.items() if s not in READ),
                        key=lambda sn: sn[1], default=("", 0))
    if count > FOREIGN_SHARE * total:
        language = _LANGUAGES.get(script, script.title())
        raise InputError(f"the text is written in {language} ({script.title()} script); "
                         "drafter drafts replies to Chinese and English proposals only",
                         path=where or None)
