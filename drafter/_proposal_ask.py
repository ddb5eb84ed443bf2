"""Where a single unnumbered recommendation starts: the sentence that asks.

A proposal with no numbered list often tells its background first ("我市农村
公路里程长，养护资金不足。") and asks later ("建议市政府设立养护专项资金…",
"为此，恳请县人民政府…", "希望得到解决").  The recommendation is the asking part;
the background before it is left out, unless the ask says too little on its own
("恳请县政府给予立项解决。"), when the whole text stays the recommendation.
"""

from __future__ import annotations

import re

__all__ = ["from_the_ask"]

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*\n?")
_ASK = re.compile(
    r"^(?:(?:为此|因此|对此|据此|鉴于此|鉴于以上情况|综上所述|综上|故|现|特|同时|所以)[，,、]?\s?)*"
    r"(?:(?:我们|本人|我)?(?:特|现|郑重)?(?:建议|恳请|希望|请求|呼吁|提议|强烈要求|要求|敬请|请)"
    r"|(?:特|现|故)?向[^。！？]{2,60}?(?:提出|提)(?:以下|如下)?建议)"
)
_EN_ASK = re.compile(
    r"^(?:We\s(?:therefore\s|also\s|further\s|strongly\s)?(?:recommend|urge|ask|call\son|propose)"
    r"|(?:This|The)\s(?:council|Council|Committee|committee)\s(?:therefore\s)?"
    r"(?:asks|calls\son|recommends|urges|requests|resolves))\b"
)
_GENERIC = re.compile(
    r"建议|恳请|希望|请求|呼吁|提议|要求|敬请|为此|因此|对此|我们|本人|特|现|请|"
    r"[县市区州省]委|[县市区州省](?:人民)?政府|上级|有关部门|相关部门|领导|党委|政府|"
    r"给予|予以|给以|立项|解决|支持|帮助|重视|尽快|早日|及时|协调|考虑|研究|落实|实施|"
    r"得到|项目|资金|问题|以上|上述|此事|该|的|和|并|对|把|将|为|能|能够|一下|一些|"
    r"[，,。！？!?；;、\s]"
)
_ENOUGH = 6  # characters the ask must say beyond its cue and generic words


def from_the_ask(text: str, lang: str) -> str:
    """``text`` from the sentence where its ask starts, or whole when it asks at once.

    Args:
        text: A single unnumbered recommendation (background and ask).
        lang: "zh" or "en".

    Returns:
        The text from the first sentence (after the first) that opens with an
        ask, when the ask says enough on its own; else ``text`` unchanged.
    """
    sentences = _SENTENCE.findall(text[:20_000])
    if len(sentences) < 2:
        return text
    ask = _EN_ASK if lang == "en" else _ASK
    for k, sentence in enumerate(sentences[1:], 1):
        if ask.match(sentence.strip()):
            rest = text[sum(len(s) for s in sentences[:k]) :].strip()
            if lang == "en" or len(_GENERIC.sub("", rest)) >= _ENOUGH:
                return rest
            return text
    return text
