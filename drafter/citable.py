"""Which passages a reply can cite: measures, not requests, headings or problems.

Past replies quote the recommendations they answer ("Recommendation 3: The
Government should…", "关于建议一…"), open sections with bare headings
("第三，关于数字政府建设中的本地软件企业参与。") and describe problems ("仍存在…等问题").
Such passages are often the closest match to a new recommendation, yet none
of them says what an office did or will do.  Retrieval uses them as
pointers to the answer that follows them; the composer never cites them.  A
"response" answers a proposer's own words in the same sentence ("对于您提出
的“…”的建议，因…，我局无法采纳"): retrieval returns it, as the office's word
on that very ask, but a new reply cannot quote its address to another
proposer, so the extractive composer does not cite it.
"""

from __future__ import annotations

import re
from typing import Literal

PassageKind = Literal["measure", "response", "request", "heading", "problem", "stance", "short"]

#: Statements of a problem, not of a measure ("仍存在…等问题", "有待提升").
_PROBLEM = re.compile(
    r"存在[^。；]{0,60}(?:问题|不足|短板|瓶颈)|有待(?:提升|加强|提高|完善)|尚未|仍然?不足|"
    r"\b(?:challenges? remain|remains? a (?:concern|challenge)|there (?:is|are) (?:still )?"
    r"(?:a )?(?:shortage|lack|gap))", re.I)
#: A recommendation quoted in a past reply, or a reply's word on another proposal.
_REQUEST = re.compile(
    r"^(?:The (?:\w+ ){0,3}(?:Council|Government|Department|Committee|Ministry)\b[^.]{0,40}"
    r"\bshould\b|We recommend|建议|该(?:建议|提案)|此(?:建议|提案)|您(?:的|提出的)?(?:建议|提案))"
    r"|\(Paragraph \d+\)|[你您][^，。；,;]{0,6}提(?:出)?的", re.I)
#: Where a reply answers a proposer's own words in the same sentence: "对于您提出的“…”的建议，
#: 因…，我局无法采纳", "该建议有利于…。经研究，市级层面已设立…".
_ADDRESSED = re.compile(r"^(?:对于|关于|针对)?(?:您|你|该|此)[^，。；]{0,40}(?:建议|提案|意见)")
_DECISION = re.compile(r"已|将|正在|目前|暂不|无法|不予|采纳|按照|纳入|设立|可按")
#: "第三，关于…。", "一、关于…", "Recommendation 4": a heading that names a topic.
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+[，,、]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?"
    r"(?:关于|针对)[^。；，,]{2,40}[。：:]?$"
    r"|^(?:Recommendation|Conclusion) \d+[.:]?$", re.I)
#: "Response: Accepted." — a stance on a recommendation, which says nothing of what is done.
_STANCE = re.compile(
    r"^(?:(?:Government )?Response|Answer|答复|办理(?:结果|意见)|结论)?\s*[:：]?\s*"
    r"(?:(?:Not |Partly |Partially )?(?:accepted|agreed)(?: in (?:part|principle|full))?|"
    r"Noted|Rejected|"
    r"(?:部分)?采纳|不予?采纳|留作参考|暂不具备条件)\s*[.。]?$", re.I)
#: A measure that opens with a new numbered topic ("第四，关于…。我区已…") starts another answer.
TOPIC_LEAD = re.compile(
    r"^(?:第[一二三四五六七八九十]+[，,、]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
    r"\s*(?:关于|针对)|^(?:\d{1,3}\.\s+)?Recommendation \d+", re.I)
#: A bare heading ("加快建设开源孵化载体。") says what, not how; it is no measure.
MIN_CITABLE_CHARS = 16


def passage_kind(text: str, has_facts: bool = False) -> PassageKind:
    """What a passage is: a measure, or a request, heading, problem or fragment."""
    text = text.strip()
    if _HEADING.search(text):
        return "heading"
    if _STANCE.search(text):
        return "stance"
    if len(text) < MIN_CITABLE_CHARS and not has_facts:
        return "short"
    addressed = _ADDRESSED.search(text)
    if addressed:
        rest = re.split(r"[，。；]", text[addressed.end():], maxsplit=1)[-1]
        if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 12 and _DECISION.search(rest):
            return "response"
        return "request"  # praise or a restatement of the proposer's words
    if _REQUEST.search(text) or re.search(r"\bshould\b", text, re.I):
        # In English, "should" marks a recommendation or advice, not something done.
        return "request"
    if _PROBLEM.search(text):
        return "problem"
    return "measure"


def citable(text: str, has_facts: bool = False) -> bool:
    """True when the passage states a measure that a reply can cite."""
    return passage_kind(text, has_facts) == "measure"


_DONE_ZH = re.compile(r"已|目前|截至|累计|先后|共计|出台|成立|举办|开设")
_NEXT_ZH = re.compile(r"下一步|下阶段|今后|接下来|将|计划|拟|力争|争取|到20\d\d年")
_DONE_EN = re.compile(r"\b(?:has|have|had|was|were|since|so far|to date)\b", re.I)
_NEXT_EN = re.compile(r"\b(?:will|plan(?:s|ned)? to|intend|next year|by 20\d\d)\b", re.I)


def is_plan(text: str, lang: str) -> bool:
    """True when a measure states what will be done (下一步, 将, will), not what was done."""
    if lang == "en":
        return bool(_NEXT_EN.search(text)) and not _DONE_EN.search(text)
    if text.startswith(("下一步", "下阶段", "今后", "接下来")):
        return True
    return bool(_NEXT_ZH.search(text)) and not _DONE_ZH.search(text)
