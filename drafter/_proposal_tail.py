"""Read the end of a proposal: attachments, closing words, signatures, dates.

A proposal ends with some of: closing words ("以上建议，请予审议。", "妥否，请审议",
sometimes run on into the last paragraph), the proposers' names
("张三、李四代表"), a date, and attachments ("附件：1.调研报告"); an English
report may end with an annex.  None of it belongs to the last recommendation.
"""

from __future__ import annotations

import re

from drafter._proposal_head import (
    ADDRESSEE,
    DATE_LINE,
    PROPOSER_LINE,
    TAIL,
    Head,
    real_names,
    split_names,
)
from drafter._proposal_head_en import chair_lines

__all__ = ["CLOSING", "trim_tail"]

_ANNEX_TAIL = 20  # lines at the end that may start the attachments
_ANNEX = re.compile(  # not "Appendix: Government Response" (a response published so)
    r"^(?:附件|附表|附录|(?i:annex|annexe|appendix))(?![\u4e00-\u9fff]{2})(?!.*(?i:response))"
)
_INLINE_CLOSING = re.compile(r"(?<=[。！!？?；;])\s?(?:以上(?:建议|意见|提案|所提)|妥否|当否|此致)")
CLOSING = re.compile(
    r"^(?:以上(?:建议|意见|提案|所提)|妥否|当否|此致|敬礼|特此(?:建议|提案|报告)"
    r"|请.{0,12}(?:审议|研究|采纳|考虑|办理)|(?i:yours (?:sincerely|faithfully)))"
)


def trim_tail(body: list[str], head: Head) -> list[str]:
    """Drop attachments, closing words ("以上建议，请予审议"), dates and signatures at the end."""
    end = len(body)
    annex = next((i for i in range(max(1, end - _ANNEX_TAIL), end) if _ANNEX.match(body[i])), None)
    if annex is not None:
        body = body[:annex]
        end = annex
    for i in range(max(1, end - TAIL), end):
        line = body[i]
        if CLOSING.match(line) and len(line) <= (60 if line.startswith("以上") else 30):
            for after in body[i + 1 :]:
                _signature(after, head)
            end = i
            break
    else:  # "……加强监管。以上建议，请审议。" in one paragraph
        last = body[end - 1] if end else ""
        m = _INLINE_CLOSING.search(last, max(0, len(last) - 80))
        if m is not None:
            body = [*body[: end - 1], last[: m.start()]]
    dated = False
    while end > 1:
        line = body[end - 1]
        signed = chair_lines(line, body[end - 2])  # "Jane Smith MP" / "Chair of the Committee"
        if signed:
            end -= min(signed, end - 1)
            continue
        if DATE_LINE.match(line):
            dated = True
        elif not (_signature(line, head) or (dated and ADDRESSEE.match(line + "："))):
            break  # (an issuer's name above the date goes too)
        end -= 1
    return body[:end]


def _signature(line: str, head: Head) -> bool:
    """Whether ``line`` signs the proposal ("张三、李四代表"); take the names if new."""
    m = PROPOSER_LINE.match(line) if len(line) <= 80 else None
    if m is None or not real_names(m.group("names")):
        return False
    if not head.proposers:
        head.proposers = split_names(m.group("names"))[0]
        head.count_signers(line)
        head.hint(0, m.group("role"))
    return True
