"""Optional cross-encoder reranking of retrieved candidates (off by default).

A cross-encoder reads the query and each candidate together and scores how
well the candidate answers the query.  It is usually more accurate than the
bi-encoder and BM25 that retrieval fuses, and much slower: every candidate
costs a full transformer pass on CPU, so a query over a few dozen candidates
takes noticeably longer than retrieval alone, and a large model more so.
Rerank a short candidate list only, and leave it off when latency matters.

Models that suit drafter's corpus:

- ``BAAI/bge-reranker-v2-m3``: multilingual, strong on Chinese and English.
- ``maidalun1020/bce-reranker-base_v1`` (bce-reranker-base_v1): Chinese and
  English, smaller and faster.

Nothing here downloads weights.  Fetch a model once
(``huggingface-cli download BAAI/bge-reranker-v2-m3 --local-dir
/models/bge-reranker-v2-m3``) or copy that folder onto an offline machine,
then point drafter at it::

    DRAFTER_RERANKER=/models/bge-reranker-v2-m3      # or ce:/models/...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from drafter.errors import ConfigError
from drafter.index.embedders import load_sentence_transformers

T = TypeVar("T")

MAX_LENGTH = 512
BATCH_SIZE = 32
_OFF = ("", "none")


class Reranker(Protocol):
    """Scores texts against a query; higher is more relevant."""

    name: str

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """One score per text, in the order given."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers ``CrossEncoder`` loaded from disk, on CPU.

    Args:
        model: a local model folder, or the name of a model already in the
            Hugging Face cache.

    Raises:
        MissingExtraError: sentence-transformers is not installed.
        ConfigError: the model cannot be loaded from disk.
    """

    def __init__(self, model: str) -> None:
        self._model: Any = load_sentence_transformers(
            "CrossEncoder", model, what=f"reranker 'ce:{model}'", label="cross-encoder model",
            example="DRAFTER_RERANKER=/models/bge-reranker-v2-m3", max_length=MAX_LENGTH)
        self._model.eval()  # no dropout: the same input always scores the same
        self.name = f"ce:{model}"

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """The model's relevance of each text to ``query``, in the order given."""
        if not texts:
            return []
        scores = self._model.predict(
            [(query, t) for t in texts], batch_size=BATCH_SIZE, show_progress_bar=False
        )
        return [float(s) for s in scores]


def get_reranker(name: str | None) -> Reranker | None:
    """The reranker called ``name``, or None when reranking is off.

    ``None``, ``""`` and ``"none"`` turn reranking off; anything else is a
    cross-encoder model folder or cached name, optionally prefixed ``ce:``.

    Raises:
        MissingExtraError: sentence-transformers is not installed.
        ConfigError: the model cannot be loaded from disk.
    """
    name = (name or "").strip()
    if name.lower() in _OFF:
        return None
    model = name[3:] if name.startswith("ce:") else name
    if not model:
        raise ConfigError("reranker 'ce:' names no model; give 'ce:/path/to/model' or 'none'")
    return CrossEncoderReranker(model)


def rerank(
    reranker: Reranker | None, query: str, items: list[T], text: Callable[[T], str]
) -> list[T]:
    """``items`` ordered by the reranker's score of ``text(item)``, best first.

    Items that score the same keep their order; with no reranker the items
    come back in their order.
    """
    if reranker is None or len(items) < 2:
        return list(items)
    scores = reranker.score(query, [text(item) for item in items])
    if len(scores) != len(items):
        raise ValueError(
            f"reranker '{reranker.name}' returned {len(scores)} scores for {len(items)} texts"
        )
    order = sorted(range(len(items)), key=lambda i: -scores[i])
    return [items[i] for i in order]
