"""The editor's eval on real documents, in the deterministic suite.

Every case of ``evals/real/cases.jsonl`` (a real reply's proposal) is drafted
from an index of the real documents (read as a user's files arrive, header
off) and the sample corpus, with its reply left out and kept in, and scored
against the labels of ``evals/real/`` (``bench/editor_eval.py`` writes the same
numbers to ``bench/results/editor_eval.md``).  The floors are the numbers
reached; a change that lowers one fails here.  A cited passage that no label
covers fails too: judge it (``python bench/editor_eval.py --to-judge FILE``)
rather than let it count as neither on topic nor padding.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from drafter.editor_runner import CaseResult, summarise

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not here")


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("editor_eval_bench",
                                                  ROOT / "bench" / "editor_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[CaseResult]]:
    out, _ = _bench().evaluate(tmp_path_factory.mktemp("editor-eval"))
    return out


def _by(results: dict[str, list[CaseResult]], mode: str, lang: str | None = None
        ) -> dict[str, float | int | None]:
    return summarise([r for r in results[mode] if lang in (None, r.lang)])


def test_every_case_drafts_and_no_proposal_is_ever_cited(
        results: dict[str, list[CaseResult]]) -> None:
    for mode in ("left_out", "ceiling"):
        s = _by(results, mode)
        assert s["cases"] == 93 and s["errors"] == 0, s
        assert s["proposal_cited"] == 0, mode


def test_the_frame_of_every_case_is_right(results: dict[str, list[CaseResult]]) -> None:
    wrong = {r.id: r.frame for r in results["left_out"] if r.frame}
    assert not wrong


def test_every_cited_passage_is_judged(results: dict[str, list[CaseResult]]) -> None:
    for mode in ("left_out", "ceiling"):
        unjudged = [(r.id, s.number, text[:40]) for r in results[mode] for s in r.recs
                    for text, _ in s.to_judge]
        assert not unjudged, f"{mode}: judge these in evals/real/judgements.jsonl: {unjudged}"


@pytest.mark.parametrize(("lang", "padding", "wrong_flags", "on_topic"), [
    ("zh", 0, 3, 0.9),
    ("en", 0, 0, 0.9),
])
def test_drafts_with_the_reply_left_out_do_not_get_worse(
        results: dict[str, list[CaseResult]], lang: str, padding: int, wrong_flags: int,
        on_topic: float) -> None:
    s = _by(results, "left_out", lang)
    assert s["padding"] <= padding, s
    assert s["wrong_flags"] <= wrong_flags, s
    assert s["on_topic_share"] is not None and s["on_topic_share"] >= on_topic, s


def test_with_the_reply_in_the_index_its_key_measures_are_found(
        results: dict[str, list[CaseResult]]) -> None:
    s = _by(results, "ceiling")
    assert s["key_recall"] is not None and s["key_recall"] >= 0.51, s
    assert s["wrong_flags"] <= 1, s
