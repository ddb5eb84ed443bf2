"""DraftReply → Markdown with footnote citations.

Each sentence is followed by footnote markers for the evidence it cites;
the footnotes give the source title, section, path and the exact passage.
Sentences with unsupported facts carry a verification mark.

Every text that comes from a document, a proposal, a model or the settings
goes through ``markdown_text``: HTML in it shows as text, and it cannot forge
the structure drafter writes (headings, footnotes, bold headings, quotes).
"""

from __future__ import annotations

from drafter._genre import (
    CANDIDATES_EN,
    CANDIDATES_ZH,
    EMPTY_EN,
    EMPTY_ZH,
    book,
    candidate_line,
    default_stance_labels,
    response_label,
    stance_line,
)
from drafter._safe_text import markdown_text as md
from drafter.faithfulness import VERIFY_EN, VERIFY_ZH
from drafter.types import DraftReply, Section, Sentence


def _sentence(sent: Sentence, numbers: dict[str, int], mark: str) -> str:
    refs = "".join(f"[^{numbers[c]}]" for c in sent.citations if c in numbers)
    flag = f"{mark}" if sent.unsupported_facts or sent.supported is False else ""
    return f"{flag}{md(sent.text)}{refs}"


def _candidates(section: Section, lang: str) -> list[str]:
    """The candidates under a section, as a quote block the editor accepts or deletes."""
    if not section.candidates:
        return []
    lines = [f"> {CANDIDATES_EN if lang == 'en' else CANDIDATES_ZH}", ">"]
    for n, ev in enumerate(section.candidates, 1):
        lines += [f"> {md(candidate_line(ev, n, lang))}", ">"]
    return [*lines[:-1], ""]


def render_markdown(draft: DraftReply) -> str:
    """The draft as Markdown: letter first, then editor notes and sources."""
    en = draft.lang == "en"
    mark = VERIFY_EN + " " if en else VERIFY_ZH
    numbers: dict[str, int] = {}
    for section in draft.sections:
        for sent in section.sentences:
            for c in sent.citations:
                numbers.setdefault(c, len(numbers) + 1)
    out = [f"# {md(draft.title)}", "", md(draft.salutation), "", md(draft.opening), ""]
    for section in draft.sections:
        body = (" " if en else "").join(_sentence(s, numbers, mark) for s in section.sentences)
        if not body:
            body = EMPTY_EN if en else EMPTY_ZH
        sep = ". " if en else "："
        heading = md(section.heading)
        if en:
            out += [f"**{heading}**", ""]
            rec = draft.recommendation(section.recommendation)
            if rec is not None:  # the recommendation quoted, then the response to it
                out += [*(f"> {md(line)}" if line.strip() else ">"
                          for line in rec.text.strip().split("\n")), ""]
            labels = draft.stance_labels or default_stance_labels("en")
            stance = md(stance_line(section.stance, labels))
            out += [f"*{response_label(draft.issuer)}:* {stance}", "", body, ""]
        elif section.heading.startswith("关于建议"):
            out += [f"**{heading}{sep}**{body}", ""]
        else:  # "一、关于…": a heading line of its own, as such replies are laid out
            out += [f"**{heading}**", "", body, ""]
        out += _candidates(section, draft.lang)
    out += [md(draft.closing), "", md(draft.issuer), "", md(draft.date), ""]
    if draft.editor_notes:
        out += ["---", "", "## Editor notes" if en else "## 编辑提示", ""]
        out += [f"- {md(note)}" for note in draft.editor_notes]
        out.append("")
    if numbers:
        out += ["## Sources" if en else "## 引用来源", ""]
        for eid, n in numbers.items():
            ev = draft.evidence.get(eid)
            if ev is None:
                out.append(f"[^{n}]: {md(eid)} (not in the evidence)")
                continue
            src = ev.source
            where = " · ".join(x for x in (book(src.title) if not en else src.title,
                                           src.issuer, src.section, src.date) if x)
            out.append(f"[^{n}]: {md(where)} — “{md(ev.text)}” ({md(src.path)}) `{md(eid)}`")
        out.append("")
    return "\n".join(out)
