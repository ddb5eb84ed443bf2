"""Fixed words of the genre that several stages write or read back.

The renderers write them; the readers of edited drafts (``drafter check``)
recognise them, so that what drafter added for the editor is never read as
the office's own sentences.
"""

from __future__ import annotations

import re

from drafter.types import Evidence

#: The body of a section left for the editor (no evidence answers it closely enough).
EMPTY_ZH = "【现有材料中未找到直接答复本条建议的措施，请承办人补充】"
EMPTY_EN = ("[No measure found in the index that answers this recommendation closely; "
            "to be written.]")
#: What introduces the candidates under a section.
CANDIDATES_ZH = "备选材料（供承办人取舍，未写入正文）："
CANDIDATES_EN = "Candidates (for the editor to accept or reject; not in the text):"
#: A candidate line, as rendered and as read back: "备选材料1：…", "Candidate 1: …".
CANDIDATE_LINE = re.compile(r"^\s*(?:>\s*)?(?:备选材料\s*\d+|Candidate\s+\d+|"
                            r"备选材料（|Candidates \()", re.I)


def book(title: str) -> str:
    """A title in book-title marks; a title inside it takes the inner marks: 《…〈…〉…》."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》" if title else ""


def candidate_line(ev: Evidence, n: int, lang: str) -> str:
    """One candidate for the editor: where it is from, how close, and the passage."""
    src = ev.source
    passage = " ".join(ev.text.split())
    if lang == "en":
        where = ", ".join(x for x in (src.issuer, src.date, f"similarity {ev.score:.2f}") if x)
        other = " — another body's measure: attribute it if used" if ev.scope == "elsewhere" \
            else ""
        title = f"{src.title} " if src.title else ""
        return f"Candidate {n}: {title}({where}){other}: “{passage}”"
    where = "，".join(x for x in (src.issuer, src.date, f"相似度{ev.score:.2f}") if x)
    other = "（其他地方或单位的做法，如采用请注明出处）" if ev.scope == "elsewhere" else ""
    title = book(src.title)
    return f"备选材料{n}{other}：{title}（{where}）“{passage}”"


#: English responses quote each recommendation, then give the response under this label.
RESPONSE_LABEL_EN = "Government response"
#: The response line as rendered and read back ("Government response: Accepted in part.").
RESPONSE_LINE = re.compile(r"^\W*(?:Government |Council |Department )?response\W*[:：]", re.I)


def response_label(issuer: str) -> str:
    """"Government response", or "Council response" for a council."""
    return "Council response" if re.search(r"\bCouncil\b", issuer) else RESPONSE_LABEL_EN


def default_stance_labels(lang: str) -> dict[str, str]:
    """The configured defaults: A/B/C labels (zh) or "Accepted" etc. (en)."""
    from drafter.config import Settings

    settings = Settings()
    return dict(settings.stance_labels_en if lang == "en" else settings.stance_labels)


def stance_line(stance: str, labels: dict[str, str]) -> str:
    """The stance under an English response: the label, or the choices for the editor."""
    if stance in labels:
        return labels[stance] + "."
    choices = list(dict.fromkeys(v for k, v in labels.items() if k != "undecided"))
    return "[" + " / ".join(choices) + "]" if choices else "[to be decided]"
