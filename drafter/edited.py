"""A draft a person has edited → ``EditCheckReport``: are its facts still in the sources?

``read_edited`` reads the draft back (.md as drafter renders it, .json in the
draft contract, .txt as Markdown without footnotes, .docx with one Word comment
per cited sentence: see ``drafter._edited_docx``), tolerant of what editors
do: rewritten or added sentences, moved or deleted footnote markers or
comments, a deleted Sources section or annex, removed 【待核实】 / ``[VERIFY]``
marks, changed headings, unaccepted tracked changes (read as accepted).

``check_edited`` then checks every answer sentence, deterministically:

* a sentence whose footnote markers (or DOCX comments) survived is checked
  against the evidence they name: the measure in the index by its id, else
  the passage quoted in the file's Sources line (the DOCX annex, the JSON
  ``evidence``);
* a sentence without surviving citations (or whose markers no longer resolve,
  e.g. the Sources section was deleted) is searched for in the index and
  checked against the top-k passages found (``found_by_search``).

Frame lines (title, salutation, opening, closing, issuer, date) are not answer
sentences: they are skipped and listed in the report as such.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from drafter import limits
from drafter._edited_text import (
    MARKER,
    MARKS,
    PLACEHOLDER,
    footnotes,
    is_heading,
    paragraphs,
    split_frame,
    split_sentences,
)
from drafter.errors import InputError
from drafter.faithfulness import cited_text, support_score, unsupported
from drafter.ingest.facts import detect_lang, extract_facts
from drafter.ingest.readers import READERS, sniff
from drafter.limits import cut_text, how_many
from drafter.types import Evidence, Lang

if TYPE_CHECKING:
    from drafter.api import Drafter

EditedFormat = Literal["md", "json", "txt", "docx"]
SUFFIXES: dict[str, EditedFormat] = {".md": "md", ".markdown": "md", ".json": "json",
                                     ".txt": "txt", ".docx": "docx"}
KINDS = ".md, .json, .txt or .docx"


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


def _fail(path: Path, message: str) -> InputError:
    return InputError(message, path=str(path))


def _raw_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError naming it (missing, a folder, unreadable, empty)."""
    try:
        with path.open("rb") as file:
            data = file.read(limits.MAX_CHECK_BYTES + 1)
    except FileNotFoundError:
        raise _fail(path, "file not found; check the path") from None
    except IsADirectoryError:
        raise _fail(path, f"is a directory; give the edited draft ({KINDS})") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}); check permissions") from None
    if not data.strip():
        raise _fail(path, f"is empty; give the edited draft ({KINDS})")
    if len(data) > limits.MAX_CHECK_BYTES:
        mb = how_many(limits.MAX_CHECK_BYTES // 2**20)
        raise _fail(path, f"is over the {mb} MB an edited draft may have "
                    "(drafter.limits.MAX_CHECK_BYTES); a drafted reply is tens of "
                    "kilobytes: give the draft itself")
    return data


def _raw_text(path: Path, data: bytes) -> str:
    """The file's text as written (markup kept), or an InputError naming it."""
    kind = sniff(data[:1024])
    if kind == ".zip":
        raise _fail(path, "is a zip package (a Word document?), not text; if it is the "
                    "draft, name it .docx and check that")
    if kind and kind != ".html":
        raise _fail(path, f"is a binary {kind.lstrip('.')} file, not a draft; save the draft "
                    "as Markdown, JSON or .docx (`drafter draft -o reply.md`) and check that")
    return READERS[".txt"](path, data)  # decodes; refuses binary data with a next step


def _sentence(raw: str, section: str, ids: dict[str, str]) -> EditedSentence:
    """A sentence with its markers resolved to evidence ids and marks stripped."""
    marked = bool(MARKS.search(raw))
    markers = MARKER.findall(raw)
    text = MARKS.sub("", MARKER.sub("", raw)).strip()
    cites = list(dict.fromkeys(ids[m] for m in markers if m in ids))
    lost = list(dict.fromkeys(f"[^{m}]" for m in markers if m not in ids))
    return EditedSentence(text=text, section=section, citations=cites, unresolved=lost,
                          marked=marked)


def _read_markdown(path: Path, text: str, fmt: EditedFormat) -> EditedDraft:
    lines = text.replace("\r\n", "\n").split("\n")
    ids, passages = footnotes(lines) if fmt == "md" else ({}, {})
    frame, body = split_frame(paragraphs(lines))
    sentences: list[EditedSentence] = []
    section = ""
    for para, head in body:
        if head or is_heading(para):
            section = para
            continue
        for raw in split_sentences(para):
            sent = _sentence(raw, section, ids)
            if sent.text and not PLACEHOLDER.match(sent.text):
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
    """Read an edited draft (.md, .json, .txt or .docx) back into sentences and citations.

    Args:
        path: The edited draft.

    Returns:
        Its answer sentences (with section, surviving citations, unresolved
        markers), the frame lines skipped, and the passages its Sources (or
        DOCX annex) quote.

    Raises:
        InputError: the file is missing, empty, binary, unreadable, of another
            type, JSON that is not a draft, a .docx that is damaged, encrypted
            or without a document part, or over a limit of :mod:`drafter.limits`
            (size, sentences); the message names the file.
    """
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise _fail(path, f"cannot check a '{path.suffix or path.name}' file; give the edited "
                    f"draft as {KINDS}")
    data = _raw_bytes(path)
    if fmt == "docx":
        from drafter._edited_docx import read_docx

        draft = read_docx(path, data)
    else:
        text = _raw_text(path, data)
        draft = _read_json(path, text) if fmt == "json" else _read_markdown(path, text, fmt)
    if not draft.sentences:
        raise _fail(path, "holds no answer sentences to check; is it a drafter draft?")
    if len(draft.sentences) > limits.MAX_CHECK_SENTENCES:
        raise _fail(path, f"holds more than {how_many(limits.MAX_CHECK_SENTENCES)} sentences, "
                    "more than one check reads "
                    "(drafter.limits.MAX_CHECK_SENTENCES); check the reply in parts")
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
        path: The edited draft (.md, .json, .txt or .docx).
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
            for ev in drafter.search(cut_text(sent.text, limits.MAX_QUERY_CHARS), k):
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
    sents, facts = report.sentences, len(report.unsupported_facts)
    summary = (f"{len(sents)} sentence{'s' * (len(sents) != 1)}, "
               f"{sum(1 for c in sents if c.supported)} supported, "
               f"{facts} unsupported fact{'s' * (facts != 1)}")
    extras = [f"{n} {what}" for n, what in (
        (sum(1 for c in sents if c.supported is None), "with nothing to check"),
        (sum(1 for c in sents if c.found_by_search), "checked by search (no surviving citation)"),
        (len(report.frame_skipped), "frame lines not checked")) if n]
    return "\n".join([*lines, summary + (f" ({'; '.join(extras)})" if extras else "")])
