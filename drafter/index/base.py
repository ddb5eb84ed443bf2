"""What retrieval needs from a store (the ``Store`` in ``store.py`` is the real one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from drafter.types import Measure


class SearchableStore(Protocol):
    """A store that retrieval can query."""

    def embed_query(self, text: str) -> np.ndarray:
        """The query-side vector of ``text``."""
        ...

    def dense(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
              ) -> list[tuple[Measure, float]]:
        """Nearest measures by cosine similarity, best first."""
        ...

    def context_similarity(self, vector: np.ndarray, measures: Sequence[Measure]
                           ) -> dict[str, float]:
        """Cosine similarity of ``vector`` with what each measure's section is about."""
        ...

    def get(self, measure_id: str) -> Measure | None:
        """The measure with this id, if any."""
        ...

    def superseded(self) -> dict[str, str]:
        """Documents replaced by a newer one of the same title: doc id → the newer title."""
        ...

    def following(self, measure_id: str, n: int) -> list[Measure]:
        """Up to ``n`` measures after this one in its document and section, in order."""
        ...

    def lexical(self, query: str, k: int) -> list[tuple[Measure, float]]:
        """Best measures by BM25, best first."""
        ...

    def similarity(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``vector`` with the stored vectors of ``ids``."""
        ...

    def term_overlap(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """Share of the query's words (IDF-weighted) each measure or its context holds."""
        ...

    def baseline(self, vector: np.ndarray) -> float:
        """Similarity of ``vector`` with the corpus as a whole."""
        ...
