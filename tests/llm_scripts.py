"""Scripted answers for ``FakeOpenAIServer``, and the independent re-check of marks.

The LLM server tests and ``bench/llm_faults.py`` drive the same faults: a
model that copies its evidence, one that invents an amount, a policy title or
an evidence id, one that does not answer in JSON.  Both, and the injection
tests, also count unsupported facts the draft left unmarked, re-extracting the
facts of every sentence here rather than reading the draft's own verdicts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from drafter.faithfulness import cited_text, unsupported
from drafter.ingest.facts import extract_facts
from drafter.types import DraftReply

EVIDENCE_LINE = re.compile(r"^\[(E\d+)\] \(.*?\) (.*)$", re.M)
#: Response headers that make the client retry after 10 ms, not its default backoff.
FAST = {"retry-after-ms": "10"}
NOT_JSON = "好的。我局高度重视人才工作，已出台多项政策。"


def evidence_lines(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The ``[E1] (…) text`` items of the section prompt the server received."""
    return EVIDENCE_LINE.findall(body["messages"][1]["content"])


def english(body: dict[str, Any]) -> bool:
    """True when the request carries the English section prompt."""
    return str(body["messages"][0]["content"]).lstrip().startswith("You")


def answer(sentences: list[tuple[str, list[str]]], stance: str = "partly",
           reason: str = "现有政策已部分覆盖") -> str:
    """A section answer as the model is asked to give it: sentences with their ids."""
    return json.dumps({"sentences": [{"text": t, "citations": c} for t, c in sentences],
                       "stance": stance, "reason": reason}, ensure_ascii=False)


def invented_number(body: dict[str, Any]) -> str:
    """The first evidence item, then an amount no evidence holds."""
    (label, text), *_ = evidence_lines(body)
    if english(body):
        return answer([(text, [label]),
                       ("The Council will give every applicant £987,654 from next year.",
                        [label])], stance="adopted")
    return answer([(text, [label]), ("我局还将对每名紧缺人才给予一次性补贴987万元。", [label])])


def invented_title(body: dict[str, Any]) -> str:
    """The first evidence item, then a policy title no evidence holds."""
    (label, text), *_ = evidence_lines(body)
    return answer([(text, [label]),
                   ("根据《云岭区开源人才星火计划实施细则》，我局将进一步加大支持力度。", [label])])


def invented_id(body: dict[str, Any]) -> str:
    """The first evidence item, then a sentence citing an id the model was not given."""
    (label, text), *_ = evidence_lines(body)
    return answer([(text, [label]), ("我局已会同有关部门开展专项调研。", ["E9"])])


def unmarked_unsupported(draft: DraftReply) -> list[tuple[str, list[str]]]:
    """Sentences left unmarked although a fact is in no cited source, a citation names
    evidence the draft does not hold, or nothing is cited: (text, what is wrong)."""
    bad = []
    for section in draft.sections:
        for sent in section.sentences:
            cited = [draft.evidence[c] for c in sent.citations if c in draft.evidence]
            dangling = [c for c in sent.citations if c not in draft.evidence]
            facts = extract_facts(sent.text, draft.lang)
            wrong = unsupported(facts, "\n".join(cited_text(ev) for ev in cited)) if facts else []
            if (wrong or dangling or not sent.citations) and sent.supported is not False:
                bad.append((sent.text, wrong + dangling))
    return bad
