"""A draft a person has edited → ``EditCheckReport``: are its facts still in the sources?

``read_edited`` reads the draft back (.md as drafter renders it, .json in the
draft contract, .txt as Markdown without footnotes), tolerant of what editors
do: rewritten or added sentences, moved or deleted footnote markers, a deleted
Sources section, removed 【待核实】 / ``[VERIFY]`` marks, changed headings.

``check_edited`` then checks every answer sentence, deterministically:

* a sentence whose footnote markers survived is checked against the evidence
  they name: the measure in the index by its id, else the passage quoted in
  the file's Sources line (or the file's ``evidence`` in JSON);
* a sentence without surviving citations (or whose markers no longer resolve,
  e.g. the Sources section was deleted) is searched for in the index and
  checked against the top-k passages found (``found_by_search``).

Frame lines (title, salutation, opening, closing, issuer, date) are not answer
sentences: they are skipped and listed in the report as such.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from drafter.errors import InputError
from drafter.faithfulness import VERIFY_EN, VERIFY_ZH, cited_text, support_score, unsupported
from drafter.ingest.facts import detect_lang, extract_facts
from drafter.ingest.readers import READERS, sniff
from drafter.types import Evidence, Lang

if TYPE_CHECKING:
    from drafter.api import Drafter

EditedFormat = Literal["md", "json", "txt"]
SUFFIXES: dict[str, EditedFormat] = {".md": "md", ".markdown": "md", ".json": "json",
                                     ".txt": "txt"}


class EditedSentence(BaseModel):
    """One answer sentence of an edited draft, with the citations that survived."""

    text: str
    #: The recommendation heading it sits under ("" before any heading).
    section: str = ""
    #: Evidence ids its surviving markers (or JSON citations) name.
    citations: list[str] = Field(default_factory=list)
    #: Markers with no Sources line ("[^5]"): they name no evidence any more.
    unresolved: list[str] = Field(default_factory=list)
    #: The file still marked it 【待核实】 / [VERIFY].
    marked: bool = False


class EditedDraft(BaseModel):
    """An edited draft as read back: answer sentences, skipped frame lines, cited passages."""

    path: str
    format: EditedFormat
    lang: Lang = "zh"
    sentences: list[EditedSentence] = Field(default_factory=list)
    #: Title, salutation, opening, closing, issuer, date: not checked as answers.
    frame: list[str] = Field(default_factory=list)
    #: Evidence id → the text the file itself gives for it (Sources passage and title).
    passages: dict[str, str] = Field(default_factory=dict)


class EditedSentenceCheck(BaseModel):
    """The verdict on one sentence of an edited draft (the ``check`` contract, extended)."""

    text: str
    section: str = ""
    #: None when there is nothing to check: no fact and no surviving citation.
    supported: bool | None
    unsupported_facts: list[str] = Field(default_factory=list)
    #: Evidence ids it was checked against (surviving citations, else search results).
    citations: list[str] = Field(default_factory=list)
    #: Where each cited text came from: "index", or "file" (the file's own passage).
    cited_from: dict[str, str] = Field(default_factory=dict)
    #: Citations or markers that resolve to nothing (unknown id, marker without Sources line).
    missing_citations: list[str] = Field(default_factory=list)
    found_by_search: bool = False
    support_score: float | None = None


class UnsupportedAt(BaseModel):
    """An unsupported fact and the sentence it sits in."""

    fact: str
    sentence: str
    section: str = ""


class EditCheckReport(BaseModel):
    """Per-sentence faithfulness of an edited draft."""

    path: str
    lang: Lang = "zh"
    sentences: list[EditedSentenceCheck] = Field(default_factory=list)
    supported_rate: float | None = None
    unsupported_facts: list[UnsupportedAt] = Field(default_factory=list)
    #: Frame lines that were skipped (not checked).
    frame_skipped: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no fact is unsupported (the CLI exits 1 otherwise)."""
        return not self.unsupported_facts


# --------------------------------------------------------------------------- reading

_MARKER = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE = re.compile(r"^\s*\[\^([^\]\s]+)\]:\s*(.*)$")
_FN_PASSAGE = re.compile(r"[—-]\s*“(?P<passage>.*)”")
_FN_ID = re.compile(r"`([^`\s]+)`\s*$|^(\S+) \(not in the evidence\)$")
_MARKS = re.compile(rf"{re.escape(VERIFY_ZH)}|{re.escape(VERIFY_EN)}\s*")
_META = re.compile(r"^(?:引用来源|参考来源|来源|资料来源|编辑提示|注释|Sources?|References?|"
                   r"Editor(?:'s|s)? notes?|Notes?)\s*[:：]?$", re.I)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_BOLD_HEAD = re.compile(r"^\s*(?:\*\*|__)(?P<head>[^*_\n]{1,60}?)(?:\*\*|__)\s*(?P<rest>.*)$")
_PLAIN_HEAD = re.compile(
    r"^\s*(?P<head>关于[^：:。，,\n]{0,30}?建议[一二三四五六七八九十百\d]*|"
    r"建议[一二三四五六七八九十百\d]+|关于第[一二三四五六七八九十百\d]+[条点项](?:建议)?|"
    r"Recommendations?\s+\d+[a-z]?)\s*(?:[：:.–—]\s*|$)(?P<rest>.*)$")
_PLACEHOLDER = re.compile(r"^【[^】]*(?:补充|撰写)】$|^\[No measure found[^\]]*\]$")
_TERMINAL = re.compile(r"[。！？!?.;；…]\s*(?:\[\^[^\]\s]+\])*$")
_CLOSING = re.compile(r"^(?:再次感谢|衷心感谢|感谢您|此复|特此答复|专此答复|Thank you|"
                      r"Yours (?:sincerely|faithfully)|We will keep)", re.I)
_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[〇零一二三四五六七八九十○]{4}年"
                   r"[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{0,3}日?|"
                   r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|"
                   r"\d{4}-\d{2}-\d{2})$")
_SALUTATION = re.compile(r"^(?:尊敬的|Dear\b)|^[^。！？.]{1,30}[：:]$")
_OPENING = re.compile(r"收悉|答复如下|现答复|respond to them in turn|^Thank you for\b")
_TITLE = re.compile(r"^(?:关于.*答复|Response to\b)")
#: Sentence ends: Chinese 。！？ anywhere; English . ! ? only before a space or the end.
_TERM = re.compile(r"[。！？]+|[.!?]+")
_CLOSERS = "”’\"')）」』】]"
_ABBREV = frozenset({"e.g", "i.e", "eg", "ie", "mr", "mrs", "ms", "dr", "st", "vs", "cf", "fig",
                     "para", "paras", "art", "sec", "approx", "inc", "vol", "ch", "cl", "pp",
                     "p", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                     "oct", "nov", "dec", "prof", "rev", "gov", "dept", "est", "al"})


def _fail(path: Path, message: str) -> InputError:
    return InputError(message, path=str(path))


def _raw_text(path: Path) -> str:
    """The file's text as written (markup kept), or an InputError naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "file not found; check the path") from None
    except IsADirectoryError:
        raise _fail(path, "is a directory; give the edited draft (.md, .json or .txt)") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None
    if not data.strip():
        raise _fail(path, "is empty; give the edited draft (.md, .json or .txt)")
    kind = sniff(data[:1024])
    if kind and kind != ".html":
        raise _fail(path, f"is a binary {kind.lstrip('.')} file, not a draft; save the draft "
                    "as Markdown or JSON (`drafter draft -o reply.md`) and check that")
    return READERS[".txt"](path, data)  # decodes; refuses binary data with a next step


def _abbreviation(text: str, dot: int) -> bool:
    """Is the "." at ``dot`` the end of an abbreviation ("No. 5", "e.g.", "J. Smith")?"""
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not word:
        return False
    token = word.group(1)
    after = text[dot + 1:].lstrip()
    if token.lower() in ("no", "nos"):
        return after[:1].isdigit()
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
        while end < n and text[end] in _CLOSERS and not _MARKER.match(text, end):
            end += 1
        while mark := _MARKER.match(text, end):
            end = mark.end()
        if m.group()[-1] in ".!?":
            nxt = text[end:].lstrip()
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


def _sentence(raw: str, section: str, ids: dict[str, str]) -> EditedSentence:
    """A sentence with its markers resolved to evidence ids and marks stripped."""
    marked = bool(_MARKS.search(raw))
    markers = _MARKER.findall(raw)
    text = _MARKS.sub("", _MARKER.sub("", raw)).strip()
    cites = list(dict.fromkeys(ids[m] for m in markers if m in ids))
    lost = list(dict.fromkeys(f"[^{m}]" for m in markers if m not in ids))
    return EditedSentence(text=text, section=section, citations=cites, unresolved=lost,
                          marked=marked)


def _footnotes(lines: list[str]) -> tuple[dict[str, str], dict[str, str]]:
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


def _paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
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

    for raw in lines:
        line = raw.strip()
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
        head = _BOLD_HEAD.match(line) or _PLAIN_HEAD.match(line)
        if head:
            flush()
            out.append((head.group("head").strip().rstrip("：:.。 "), True))
            if head.group("rest").strip():
                buf.append(head.group("rest").strip())
            continue
        buf.append(line)
    flush()
    return out


def _is_frame_tail(text: str) -> bool:
    flat = _MARKS.sub("", text).strip()
    return bool(_CLOSING.match(flat) or _DATE.match(flat)) or (
        len(flat) <= 40 and not _TERMINAL.search(flat) and not _MARKER.search(flat))


def _read_markdown(path: Path, text: str, fmt: EditedFormat) -> EditedDraft:
    lines = text.replace("\r\n", "\n").split("\n")
    ids, passages = _footnotes(lines) if fmt == "md" else ({}, {})
    paras = _paragraphs(lines)
    frame: list[str] = []
    first_head = next((i for i, (_, h) in enumerate(paras) if h), None)
    if first_head is not None:  # everything before the first heading is the frame
        frame += [p for p, _ in paras[:first_head]]
        body = paras[first_head:]
    else:  # no heading: the title, salutation and opening by their wording
        body = list(paras)
        while body and (_TITLE.match(body[0][0]) or _SALUTATION.search(body[0][0])
                        or _OPENING.search(body[0][0])):
            frame.append(body.pop(0)[0])
    tail: list[str] = []
    while body and not body[-1][1] and _is_frame_tail(body[-1][0]):  # closing, issuer, date
        tail.insert(0, body.pop()[0])
    frame += tail
    sentences: list[EditedSentence] = []
    section = ""
    for para, is_head in body:
        if is_head or (not _TERMINAL.search(para) and len(para) <= 40
                       and not _MARKER.search(para)):
            section = para
            continue
        for raw in split_sentences(para):
            sent = _sentence(raw, section, ids)
            if sent.text and not _PLACEHOLDER.match(sent.text):
                sentences.append(sent)
    sample = " ".join(s.text for s in sentences) or text
    return EditedDraft(path=str(path), format=fmt, lang=detect_lang(sample),
                       sentences=sentences, frame=frame, passages=passages)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _read_json(path: Path, text: str) -> EditedDraft:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"is not valid JSON (line {exc.lineno}: {exc.msg}); fix it or check "
                    "the Markdown draft instead") from None
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        raise _fail(path, "is JSON but not a drafter draft (no 'sections' list); give the "
                    "JSON that `drafter draft -o reply.json` wrote")
    passages: dict[str, str] = {}
    for eid, ev in _as_dict(data.get("evidence")).items():
        try:
            passages[eid] = cited_text(Evidence.model_validate(ev))
        except ValueError:  # an edited record: its text, if any, still vouches for itself
            passages[eid] = str(_as_dict(ev).get("text", ""))
    sentences: list[EditedSentence] = []
    for sec in map(_as_dict, sections):
        heading = str(sec.get("heading", ""))
        for item in sec.get("sentences") or []:
            raw = item if isinstance(item, str) else str(_as_dict(item).get("text", ""))
            cites = _as_dict(item).get("citations") or []
            sent = _sentence(raw, heading, {})
            sent.citations = [str(c) for c in cites] if isinstance(cites, list) else []
            if sent.text:
                sentences.append(sent)
    frame = [str(data.get(k, "")) for k in ("title", "salutation", "opening", "closing",
                                            "issuer", "date") if data.get(k)]
    lang = data.get("lang") if data.get("lang") in ("zh", "en") else detect_lang(
        " ".join(s.text for s in sentences) or text)
    return EditedDraft(path=str(path), format="json", lang=lang, sentences=sentences,
                       frame=frame, passages=passages)


def read_edited(path: Path) -> EditedDraft:
    """Read an edited draft (.md, .json or .txt) back into sentences and their citations.

    Args:
        path: The edited draft.

    Returns:
        Its answer sentences (with section, surviving citations, unresolved
        markers), the frame lines skipped, and the passages its Sources quote.

    Raises:
        InputError: the file is missing, empty, binary, unreadable, of another
            type, or JSON that is not a draft; the message names the file.
    """
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise _fail(path, f"cannot check a '{path.suffix or path.name}' file; give the edited "
                    "draft as .md, .json or .txt")
    text = _raw_text(path)
    draft = _read_json(path, text) if fmt == "json" else _read_markdown(path, text, fmt)
    if not draft.sentences:
        raise _fail(path, "holds no answer sentences to check; is it a drafter draft?")
    return draft


# --------------------------------------------------------------------------- checking

def _index_text(drafter: Drafter, eid: str) -> str | None:
    measure = drafter.store.get(eid)
    if measure is None:
        return None
    return cited_text(Evidence(id=measure.id, text=measure.text, score=0.0,
                               source=measure.source, facts=measure.facts))


def check_edited(path: Path, drafter: Drafter, *, k: int = 3) -> EditCheckReport:
    """Check every answer sentence of an edited draft against its evidence.

    A citation is read from the index by its id, else from the passage the
    file quotes for it.  A sentence with no citation that resolves (none left,
    or markers whose Sources lines are gone) is searched for in the index and
    checked against the top ``k`` results; a sentence with some citations
    resolved and some lost is checked against both.

    Args:
        path: The edited draft (.md, .json or .txt).
        drafter: The drafter whose index the draft was written from.
        k: How many search results an uncited sentence is checked against.

    Returns:
        The report; ``report.ok`` is False when any fact is unsupported.

    Raises:
        InputError: the file cannot be read as a draft.
        StoreError: there is no index to check against.
    """
    draft = read_edited(path)
    checks: list[EditedSentenceCheck] = []
    bad: list[UnsupportedAt] = []
    for sent in draft.sentences:
        texts: dict[str, str] = {}
        origin: dict[str, str] = {}
        missing = list(sent.unresolved)
        for eid in sent.citations:
            found = _index_text(drafter, eid)
            if found is None and draft.passages.get(eid):
                found, origin[eid] = draft.passages[eid], "file"
            elif found is not None:
                origin[eid] = "index"
            if found is None:
                missing.append(eid)
            else:
                texts[eid] = found
        cited = list(texts)
        by_search = not texts or bool(missing)
        if by_search:
            for ev in drafter.search(sent.text, k):
                texts.setdefault(ev.id, cited_text(ev))
        facts = extract_facts(sent.text, draft.lang)
        wrong = unsupported(facts, "\n".join(texts.values())) if facts else []
        supported: bool | None = not wrong and bool(texts)
        if not facts and not cited:
            supported = None
        checks.append(EditedSentenceCheck(
            text=sent.text, section=sent.section, supported=supported, unsupported_facts=wrong,
            citations=list(texts), cited_from=origin, missing_citations=missing,
            found_by_search=by_search, support_score=support_score(sent.text, list(texts.values())),
        ))
        bad += [UnsupportedAt(fact=f, sentence=sent.text, section=sent.section) for f in wrong]
    scored = [c for c in checks if c.supported is not None]
    return EditCheckReport(
        path=draft.path, lang=draft.lang, sentences=checks,
        supported_rate=(round(sum(1 for c in scored if c.supported) / len(scored), 4)
                        if scored else None),
        unsupported_facts=bad, frame_skipped=draft.frame,
    )


def render_text(report: EditCheckReport) -> str:
    """The report for a terminal: one line per unsupported fact, then a summary line."""
    lines = []
    for u in report.unsupported_facts:
        where = f"{u.section}: " if u.section else ""
        lines.append(f"unsupported: {u.fact} — {where}{u.sentence}")
    n = len(report.sentences)
    ok = sum(1 for c in report.sentences if c.supported)
    unchecked = sum(1 for c in report.sentences if c.supported is None)
    searched = sum(1 for c in report.sentences if c.found_by_search)
    facts = len(report.unsupported_facts)
    summary = (f"{n} sentence{'s' * (n != 1)}, {ok} supported, "
               f"{facts} unsupported fact{'s' * (facts != 1)}")
    extras = [f"{unchecked} with nothing to check"] if unchecked else []
    extras += [f"{searched} checked by search (no surviving citation)"] if searched else []
    extras += [f"{len(report.frame_skipped)} frame lines not checked"] if report.frame_skipped else []
    return "\n".join([*lines, summary + (f" ({'; '.join(extras)})" if extras else "")])
