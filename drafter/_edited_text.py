"""Reading an edited draft's text: sentences, footnote markers, headings and frame lines.

The Markdown that drafter renders, after a person has edited it: paragraphs,
recommendation headings in the forms editors leave them ("**关于建议一：**",
"关于建议一：", "## 关于建议二", "**Recommendation 1**"), footnote markers
``[^n]`` after sentences, footnote lines ``[^n]: … — “passage” (path) `id```,
Sources / Editor notes sections, and the letter's frame around the answers.
"""

from __future__ import annotations

import re

from drafter._genre import CANDIDATE_LINE, RESPONSE_LINE
from drafter.faithfulness import VERIFY_EN, VERIFY_ZH

#: A footnote marker after a sentence: ``[^3]``.
MARKER = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE = re.compile(r"^\s*\[\^([^\]\s]+)\]:\s*(.*)$")
_FN_PASSAGE = re.compile(r"[—-]\s*“(?P<passage>.*)”")
_FN_ID = re.compile(r"`([^`\s]+)`\s*$|^(\S+) \(not in the evidence\)$")
#: The verification marks drafter puts before a sentence.
MARKS = re.compile(rf"{re.escape(VERIFY_ZH)}|{re.escape(VERIFY_EN)}\s*")
_META = re.compile(r"^(?:引用来源|参考来源|来源|资料来源|编辑提示|注释|Sources?|References?|"
                   r"Editor(?:'s|s)? notes?|Notes?)\s*[:：]?$", re.I)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_BOLD_HEAD = re.compile(r"^\s*(?:\*\*|__)(?P<head>[^*_\n]{1,60}?)(?:\*\*|__)\s*(?P<rest>.*)$")
_PLAIN_HEAD = re.compile(
    r"^\s*(?P<head>关于[^：:。，,\n]{0,30}?建议[一二三四五六七八九十百\d]*|"
    r"建议[一二三四五六七八九十百\d]+|关于第[一二三四五六七八九十百\d]+[条点项](?:建议)?|"
    r"Recommendations?\s+\d+[a-z]?)\s*(?:[：:.–—]\s*|$)(?P<rest>.*)$")
#: The placeholder of a recommendation with no evidence (not a sentence to check).
PLACEHOLDER = re.compile(r"^【[^】]*(?:补充|撰写)】$|^\[No measure found[^\]]*\]$")
#: A paragraph that ends as a sentence does (markers after it allowed).
TERMINAL = re.compile(r"[。！？!?.;；…]\s*(?:\[\^[^\]\s]+\])*$")
_CLOSING = re.compile(r"^(?:再次感谢|衷心感谢|感谢您|此复|特此答复|专此答复|Thank you|"
                      r"Yours (?:sincerely|faithfully)|We will keep)", re.I)
_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|"
                   r"[〇零一二三四五六七八九十○]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{0,3}日?|"
                   r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|"
                   r"\d{4}-\d{2}-\d{2})$")
_SALUTATION = re.compile(r"^(?:尊敬的|Dear\b)|^[^。！？.]{1,30}[：:]$")
_OPENING = re.compile(r"收悉|答复如下|现答复|respond to them in turn|^Thank you for\b")
_TITLE = re.compile(r"^(?:关于.*答复|Response to\b)")
_END_COLON = re.compile(r"[：:,，]\s*$")
#: Sentence ends: Chinese 。！？ anywhere; English . ! ? only before a space or the end.
_TERM = re.compile(r"[。！？]+|[.!?]+")
_CLOSERS = "”’\"')）」』】]"
_ABBREV = frozenset({"e.g", "i.e", "eg", "ie", "mr", "mrs", "ms", "dr", "st", "vs", "cf", "fig",
                     "para", "paras", "art", "sec", "approx", "inc", "vol", "ch", "cl", "pp",
                     "p", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                     "oct", "nov", "dec", "prof", "rev", "gov", "dept", "est", "al"})


_WORD_END = re.compile(r"[A-Za-z][A-Za-z.]*$")
#: Characters looked at around a full stop: a paragraph's sentences are split in one pass.
_NEAR = 64


def _abbreviation(text: str, dot: int) -> bool:
    """Is the "." at ``dot`` the end of an abbreviation ("No. 5", "e.g.", "J. Smith")?"""
    word = _WORD_END.search(text, max(0, dot - _NEAR), dot)
    token = word.group() if word else ""
    if token.lower() in ("no", "nos"):
        return text[dot + 1:dot + 1 + _NEAR].lstrip()[:1].isdigit()
    return token.lower() in _ABBREV or (len(token) == 1 and token.isupper())


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; footnote markers stay with their sentence.

    Chinese sentences end at 。！？; English ones at . ! ? followed by a space
    (or the end) and not closing an abbreviation ("No. 5", "e.g.", "Mr.") nor
    followed by a lower-case word; decimals ("£2.5 million") never split.
    """
    out: list[str] = []
    start, n = 0, len(text)
    for m in _TERM.finditer(text):
        if m.start() < start:
            continue
        end = m.end()
        while end < n and text[end] in _CLOSERS and not MARKER.match(text, end):
            end += 1
        while mark := MARKER.match(text, end):
            end = mark.end()
        if m.group()[-1] in ".!?":
            nxt = text[end:end + _NEAR].lstrip()
            if end < n and not text[end].isspace():
                continue
            if m.group() == "." and _abbreviation(text, m.start()):
                continue
            if nxt[:1].islower():
                continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def footnotes(lines: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Footnote number → evidence id, and evidence id → the passage the line quotes."""
    ids: dict[str, str] = {}
    passages: dict[str, str] = {}
    for line in lines:
        m = _FOOTNOTE.match(line)
        if not m:
            continue
        body = m.group(2).strip()
        found = _FN_ID.search(body)
        if not found:
            continue
        eid = found.group(1) or found.group(2)
        ids[m.group(1)] = eid
        quoted = _FN_PASSAGE.search(body)
        if quoted:  # the passage, and where it is from (its 《title》 vouches for the title)
            where = body[: quoted.start()].strip()
            passages[eid] = f"{quoted.group('passage')}\n{where}"
    return ids, passages


def paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """(paragraph, is_heading) in order; Sources / Editor notes sections and footnotes left out."""
    out: list[tuple[str, bool]] = []
    buf: list[str] = []
    meta = False

    def flush() -> None:
        if buf:
            joined = buf[0]
            for line in buf[1:]:  # soft-wrapped lines: no space between Chinese characters
                cjk = joined[-1:] >= "\u3000" or line[:1] >= "\u3000"
                joined += line if cjk else " " + line
            out.append((joined, False))
            buf.clear()

    prev = ""
    for raw in lines:
        line = raw.strip()
        prev, before = line, prev
        atx = _ATX.match(raw)
        if atx:
            flush()
            meta = bool(_META.match(atx.group(2)))
            if not meta and atx.group(2):
                out.append((atx.group(2), len(atx.group(1)) > 1 or bool(out)))
            continue
        if meta or _FOOTNOTE.match(raw) or re.fullmatch(r"(?:[-*_=]\s*){3,}", line):
            if not meta:
                flush()
            continue
        if not line:
            flush()
            continue
        if line.startswith(">") or CANDIDATE_LINE.match(line) or RESPONSE_LINE.match(line):
            flush()  # quoted text, candidates, the response line: not the office's sentences
            continue
        head = _BOLD_HEAD.match(line) or _PLAIN_HEAD.match(line)
        if head:
            flush()
            out.append((head.group("head").strip().rstrip("：:.。 "), True))
            if head.group("rest").strip():
                buf.append(head.group("rest").strip())
            continue
        wrapped = len(before) > 20 and not (TERMINAL.search(before)
                                             or _END_COLON.search(before))
        if buf and not (wrapped and not _DATE.match(line)):
            flush()  # one paragraph a line, unless the line was wrapped mid-sentence
        buf.append(line)
    flush()
    return out


def is_frame_tail(text: str) -> bool:
    """Closing, issuer or date: what may end the letter after the last answer."""
    flat = MARKS.sub("", text).strip()
    return bool(_CLOSING.match(flat) or _DATE.match(flat)) or (
        len(flat) <= 40 and not TERMINAL.search(flat) and not MARKER.search(flat))


def frame_bounds(paras: list[tuple[str, bool]]) -> tuple[int, int]:
    """Where the answers start and end in (paragraph, is_heading) pairs: ``paras[start:end]``.

    Everything before the first heading is frame; without any heading, the
    leading title, salutation and opening are found by their wording.  The
    trailing closing, issuer and date are found by their wording or, for the
    issuer, as a short line that is no sentence.
    """
    start = next((i for i, (_, h) in enumerate(paras) if h), None)
    if start is None:
        start = 0
        while start < len(paras) and (_TITLE.match(paras[start][0])
                                      or _SALUTATION.search(paras[start][0])
                                      or _OPENING.search(paras[start][0])):
            start += 1
    end = len(paras)
    while end > start and not paras[end - 1][1] and is_frame_tail(paras[end - 1][0]):
        end -= 1
    return start, end


def split_frame(paras: list[tuple[str, bool]]) -> tuple[list[str], list[tuple[str, bool]]]:
    """The frame lines (title, salutation, opening; closing, issuer, date) and the answers."""
    start, end = frame_bounds(paras)
    return [p for p, _ in paras[:start] + paras[end:]], paras[start:end]


def heading_split(text: str) -> tuple[str, int] | None:
    """A recommendation heading at the start of ``text``: (heading, where the rest starts).

    "关于建议一：对……" → ("关于建议一", 6); "Recommendation 2" → ("Recommendation 2", 16).
    """
    m = _PLAIN_HEAD.match(text)
    if not m:
        return None
    return m.group("head").strip().rstrip("：:.。 "), m.start("rest")


def is_heading(para: str) -> bool:
    """A short line that is no sentence (a heading the patterns did not know)."""
    return not TERMINAL.search(para) and len(para) <= 40 and not MARKER.search(para)
