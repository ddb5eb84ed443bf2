"""Traditional Chinese documents read as simplified, so that queries and drafts match them.

An office writing in simplified characters also keeps documents published in
traditional characters (a ministry's plan copied from a Hong Kong or Taiwan
site, an old scan).  Unconverted, a simplified query misses them lexically
and a draft would quote them in the other script.  A text is converted when a
noticeable share of its Chinese characters are traditional forms; a simplified
text is left exactly as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Share of a text's Chinese characters that must change under conversion to call it traditional.
TRADITIONAL_SHARE = 0.03
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> tuple[str, bool]:
    """``text`` in simplified characters, and whether it was converted.

    >>> simplified("將推動中小企業數字化轉型")
    ('将推动中小企业数字化转型', True)
    """
    cjk = len(_CJK.findall(text))
    if not cjk:
        return text, False
    converted = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if len(converted) != len(text) or changed < TRADITIONAL_SHARE * cjk:
        return text, False
    return converted, True
