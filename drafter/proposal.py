"""Parse a proposal's text into a :class:`~drafter.types.Proposal`.

The parser cleans the lines (page numbers, page-break splits), reads the
header (title, number, session, proposers, recipient and kind, from platform
fields such as "建议号:", "案由:", "联名:" (:mod:`drafter._proposal_head`), from
the first lines, where a form's heading is never the title
(:mod:`drafter._proposal_top`, :mod:`drafter._proposal_forms`; English reports
and responses in :mod:`drafter._proposal_head_en`) and from the signature),
finds the part that holds the recommendations ("三、对策建议", "为此建议：",
"Recommendations", …) and splits it into numbered recommendations in any
common style (:mod:`drafter._proposal_split`, with the label tables in
:mod:`drafter._numbering`).  Background sections are left out.  A text with no
numbering is one recommendation, from the sentence where it asks
(:mod:`drafter._proposal_ask`), and ``numbering_found`` says so.  A reply read as
a proposal gives the proposal it quotes and the recommendations it answers or
quotes (:mod:`drafter._proposal_reply`).

Every step works line by line with anchored or bounded patterns, so time
grows linearly with the size of the text.
"""

from __future__ import annotations

import re

from drafter import _numbering as nb
from drafter import limits
from drafter._proposal_head import (
    ADDRESSEE,
    COMMITTEE,
    FIELD_LINE,
    PROPOSER_LINE,
    REPLY_TITLE,
    SESSION,
    TITLE_END,
    is_meta_line,
    read_meta,
)
from drafter._proposal_reply import read_reply_head, split_reply
from drafter._proposal_split import split_recommendations
from drafter._proposal_tail import CLOSING, trim_tail
from drafter._proposal_top import read_top, settle
from drafter.errors import InputError
from drafter.limits import how_many
from drafter.types import Lang, Proposal

__all__ = ["parse_proposal"]

_SAMPLE = 200_000  # characters looked at to judge the text and its language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_GOOD = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9\s!-/:-@\[-`{-~\u00b0\u00b1\u00b7"
    r"\u00c0-\u00ff\u0370-\u04ff\u2000-\u2bff\u3000-\u30ff\u3200-\u33ff"
    r"\uac00-\ud7af\uff00-\uffef]"
)
_SPACES = str.maketrans(
    {"\u3000": " ", "\u00a0": " ", "\t": " ", "\u200b": None, "\ufeff": None, "\r": "\n"}
)
_PAGE_NO = re.compile(
    r"^(?:[-—–\s]{0,6}\d{1,4}[-—–\s]{0,6}|第\s{0,2}\d{1,4}\s{0,2}页"
    r"(?:\s{0,2}[，,/]?\s{0,2}共\s{0,2}\d{1,4}\s{0,2}页)?"
    r"|(?i:page)\s{1,2}\d{1,4}(?:\s{1,2}of\s{1,2}\d{1,4})?)$"
)
_PAGE_FIRST = frozenset("0123456789-—–第Pp ")
#: Markdown bold: opening ``**`` at the start or after a space or punctuation, none inside.
_BOLD = re.compile(r"(?:^|(?<=[\s（(“：:，,、。；;]))\*\*([^*]+?)\*\*")
_END_PUNCT = "。；;！？!?，,：:、.)）”\"'’》】"


def parse_proposal(text: str, source_path: str = "") -> Proposal:
    """Parse a proposal's text into its header and numbered recommendations.

    Args:
        text: The proposal, already loaded as text (Chinese or English).
        source_path: Where the text came from, for messages and the record.

    Returns:
        The parsed proposal; ``recommendations`` is never empty.

    Raises:
        InputError: The text is empty, longer than ``MAX_PROPOSAL_CHARS``, or is
            not a proposal (mostly non-text, or numbering labels with no text).
    """
    if not text or not text.strip():
        raise InputError("the proposal is empty", path=source_path)
    if len(text) > limits.MAX_PROPOSAL_CHARS:
        raise InputError(
            f"the proposal is {how_many(len(text))} characters long, over the "
            f"{how_many(limits.MAX_PROPOSAL_CHARS)}"
            " a proposal may have (drafter.limits.MAX_PROPOSAL_CHARS); give the proposal "
            "itself, or split the text",
            path=source_path,
        )
    sample = text[:_SAMPLE]
    _check_text(sample, source_path)
    cjk = len(sample) - len(_CJK.sub("", sample))
    latin = len(sample) - len(_LATIN.sub("", sample))
    lang: Lang = "zh" if cjk * 3 >= latin else "en"
    lines = _clean_lines(text, lang)
    head, lines = read_meta(lines)
    body = read_top(lines, head, lang)
    body = trim_tail(body, head)
    if not body and head.title:
        body = [head.title]
    if not body:
        raise InputError(
            "the proposal has a header but no text; check that the file holds the proposal itself",
            path=source_path,
        )
    if lang == "en" and not head.proposers:
        m = COMMITTEE.search("\n".join(line[:300] for line in [head.title, *lines[:3]]))
        if m:
            head.proposers = [re.sub(r"^.*\b[Tt]he ", "", m.group(0))]
            head.committee = head.committee or head.proposers[0]
            head.hint(0, "Committee")
    reply = split_reply(body, lang)
    if lang == "zh" and (reply is not None or head.reply or not head.title):
        read_reply_head(body, head)
    settle(head)
    numbering, found, recs = reply or split_recommendations(body, lang)
    if not any(r.text for r in recs):
        raise InputError(
            "the text does not look like a proposal: it holds numbering labels but no text; "
            "check that the file holds the proposal itself",
            path=source_path,
        )
    return Proposal(
        title=head.title,
        number=head.number,
        session=head.session,
        proposers=head.proposers,
        proposer_role=head.role,
        recipient=head.recipient,
        kind=head.kind,
        co_proposers=head.co_proposers,
        signers=head.signers,
        committee=head.committee,
        chair=head.chair,
        lang=lang,
        numbering=numbering,
        numbering_found=found,
        recommendations=recs,
        source_path=source_path,
    )


def _check_text(sample: str, path: str) -> None:
    """Refuse text that is mostly not text (binary, mojibake, symbols)."""
    bad = len(_GOOD.sub("", sample))
    letters = len(sample) - len(_CJK.sub("", _LATIN.sub("", sample)))
    if bad > 0.25 * len(sample) or letters < 2:
        raise InputError(
            "the text does not look like a proposal (mostly non-text characters); "
            "check the file's encoding, or convert it to plain text first",
            path=path,
        )


def _clean_lines(text: str, lang: Lang) -> list[str]:
    """Strip lines, drop blanks and page numbers, rejoin page-break splits."""
    out: list[list[str]] = []  # each line as parts, joined once at the end
    size = 0
    for raw in text.translate(_SPACES).split("\n"):
        line = raw.strip()
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        if "**" in line:  # markdown emphasis in text copied from a web page ("许**" is a name)
            line = _BOLD.sub(r"\1", line).strip()
        if not line or (line[0] in _PAGE_FIRST and _PAGE_NO.match(line)):
            continue
        if out and _continues(out[-1], size, line, lang):
            if lang == "en" and out[-1][-1].endswith("-"):
                out[-1][-1] = out[-1][-1][:-1]
            elif lang == "en":
                out[-1].append(" ")
            out[-1].append(line)
            size += len(line)
        else:
            out.append([line])
            size = len(line)
    return ["".join(parts) for parts in out]


def _continues(prev: list[str], size: int, line: str, lang: Lang) -> bool:
    """Whether ``line`` is the rest of the line ``prev`` (as parts), cut by a break."""
    last = prev[-1][-1]
    if size < 20 or last in _END_PUNCT:
        return False
    if lang == "en":
        if not ((last.islower() or last in ",;-") and line[0].islower()):
            return False
    elif not (_CJK.match(line[0]) or line[0].isdigit()):
        return False
    if nb.match_label(line) is not None or CLOSING.match(line):
        return False
    if is_meta_line(prev[0][:60]) or is_meta_line(line[:60]):
        return False
    if _field(prev[0]) or _field(line) or _addressed(line):
        return False
    if lang == "zh" and REPLY_TITLE.search(prev[-1]):
        return False
    if lang == "en":
        return True
    if size <= 100 and (prev[0].startswith("关于") or TITLE_END.search(prev[-1])):
        return False  # a title
    if len(line) <= 100 and (line.startswith("关于") or TITLE_END.search(line)):
        return False  # a title after a header line
    return not (size <= 60 and SESSION.search(prev[0]))


def _addressed(line: str) -> bool:
    """Whether ``line`` addresses someone ("李四代表：", "民盟深圳市委会：")."""
    if len(line) > 200 or line[-1] not in "：:":
        return False
    return bool(
        PROPOSER_LINE.match(line)
        or ADDRESSEE.match(line)
        or line[:-1].rstrip().endswith(("代表", "委员", "委会", "代表团"))
    )


def _field(line: str) -> bool:
    """A field line ("生效日期: 2017-06-27"), not a numbered item ("建议一：…")."""
    return FIELD_LINE.match(line) is not None and nb.match_label(line) is None and len(line) < 80
