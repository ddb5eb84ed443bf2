"""Sections drafted at once (``llm_concurrency``): same draft shape, no measure twice."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from langchain_core.messages import BaseMessage

from drafter import Drafter
from drafter.compose.fake import scripted
from drafter.config import load_settings
from drafter.pipeline import _share_out
from drafter.types import Evidence, Source
from tests.conftest import EXAMPLES

ITEM = re.compile(r"^\[(E\d+)\] \(.*?\) (.*)$", re.M)


def _answer(messages: list[BaseMessage]) -> str:
    items = ITEM.findall(str(messages[1].content))
    sentences = [{"text": text[:60].rstrip("，。；") + "。", "citations": [label]}
                 for label, text in items[:3]]
    return json.dumps({"sentences": sentences, "stance": "partly", "reason": "正在推进"},
                      ensure_ascii=False)


def test_sections_are_drafted_at_once_and_share_no_measure(writable_store: Path) -> None:
    # Four calls must be in flight together to pass the barrier; drafted in turn, the
    # first call would wait alone, time out, and its section would fall back.
    barrier = threading.Barrier(4, timeout=10)

    def together(messages: list[BaseMessage]) -> str:
        barrier.wait()
        return _answer(messages)

    model = scripted(together, repeat_last=True)
    d = Drafter(load_settings(store=writable_store, issuer="云岭区科技创新局", llm_concurrency=4),
                llm=model)
    draft = d.draft(EXAMPLES / "zh_talent_yi.txt")
    trace = d.last_trace
    assert trace is not None and len(model.calls) == 4
    assert [s.recommendation for s in draft.sections] == [1, 2, 3, 4]
    assert [r.recommendation for r in trace.sections] == [1, 2, 3, 4]
    assert all(not r.fallback and r.attempts == 1 for r in trace.sections)
    cited = [c for s in draft.sections for sent in s.sentences for c in sent.citations]
    assert cited and len(cited) == len(set(cited))
    assert [r.citations for r in trace.sections] == [
        list(dict.fromkeys(c for sent in s.sentences for c in sent.citations))
        for s in draft.sections]
    offered = [set(r.evidence_ids) for r in trace.sections]
    assert all(not (a & b) for i, a in enumerate(offered) for b in offered[i + 1:])
    assert draft.faithfulness is not None and draft.faithfulness.unsupported_facts == []


def _ev(eid: str, score: float, corroborated_by: tuple[str, ...] = ()) -> Evidence:
    return Evidence(id=eid, text=eid, score=score, source=Source(path="p", title="t"),
                    corroborated_by=list(corroborated_by))


def test_a_shared_measure_goes_to_the_recommendation_it_fits_best() -> None:
    first = [_ev("a", 0.90), _ev("b", 0.80), _ev("c", 0.70, ("d",))]
    second = [_ev("a", 0.95), _ev("b", 0.60), _ev("d", 0.75, ("c",))]
    kept = _share_out([first, second])
    assert [e.id for e in kept[0]] == ["b"]
    assert [e.id for e in kept[1]] == ["a", "d"]  # "d" and "c" are one measure; "d" fits better
