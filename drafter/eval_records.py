"""What an eval run produces, per golden item and for the suite: the records the gate compares.

``drafter.evaluation`` runs one configuration over the golden items and
returns a ``RunResult``; ``drafter.gate`` compares two of them (baseline and
candidate) item by item.  Every metric is a number where higher is better, or
None when the item has nothing to score ("nothing to score" is never 0).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from drafter.types import Lang

#: The per-item metrics, all "higher is better", in [0, 1].
METRICS: dict[str, str] = {
    "recall_at_k": "gold measures among the evidence retrieved (recall@k)",
    "mrr": "reciprocal rank of the first gold measure retrieved",
    "coverage": "recommendations answered exactly once",
    "fact_grounding": "facts in the draft that occur in their cited evidence",
    "citation_validity": "citations that name evidence of the draft",
    "key_fact_recall": "facts of the reference reply that the draft states",
    "forbidden_fact_free": "1 when no fact that must not appear appears, else 0",
}
#: The metrics whose drop fails the gate.
GATED = ("fact_grounding", "coverage")


class UnsupportedFact(BaseModel):
    """A fact in a draft that its cited evidence does not contain."""

    recommendation: int
    sentence: str
    fact: str


class ItemResult(BaseModel):
    """One golden item drafted and scored under one configuration."""

    item: str
    lang: Lang = "zh"
    metrics: dict[str, float | None] = Field(default_factory=dict)
    unsupported: list[UnsupportedFact] = Field(default_factory=list)
    #: Counts behind the rates (facts, citations, sentences, …), for reports.
    counts: dict[str, int] = Field(default_factory=dict)
    error: str = ""


class RunResult(BaseModel):
    """One configuration over every golden item."""

    config: dict[str, Any] = Field(default_factory=dict)
    items: list[ItemResult] = Field(default_factory=list)
    #: Suite-level scores that are not per item (the checker's accuracy on injected errors).
    suite: dict[str, float | None] = Field(default_factory=dict)
