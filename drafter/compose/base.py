"""The composer protocol and its registry.

A composer turns one recommendation and its evidence into a ``Section``.
Composers are looked up by name; an unknown name raises with the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from drafter.errors import ConfigError
from drafter.runlog import SectionRecord
from drafter.types import Evidence, Lang, Recommendation, Section


@dataclass
class RunTrace:
    """What the composers of one draft run leave for its run record.

    The pipeline makes one per run and one ``SectionRecord`` per recommendation;
    a composer adds its raw outputs, attempts and fallbacks there, the prompt
    versions it used, and, when its model stops answering, why (so that the
    remaining sections do not wait on it again).
    """

    sections: list[SectionRecord] = field(default_factory=list)
    prompts: dict[str, str] = field(default_factory=dict)
    #: Why the model is not called again in this run; empty while it is.
    model_down: str = ""
    #: Sections in a row whose model call failed in transport (timeout, 5xx, 429).
    transport_failures: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ComposeContext:
    """What a composer may know beyond the recommendation and its evidence."""

    lang: Lang = "zh"
    heading: str = ""
    max_measures: int = 5
    char_budget: int = 600
    min_relevance: float = 0.06
    min_lexical: float = 0.1
    strong_relevance: float = 0.1
    min_score: float = 0.92
    #: Sections of past replies near this recommendation, for a model's voice only.
    examples: tuple[str, ...] = ()
    issuer: str = ""
    #: Where this section's trace goes (raw outputs, attempts, fallback).
    record: SectionRecord = field(default_factory=lambda: SectionRecord(recommendation=0))
    run: RunTrace = field(default_factory=RunTrace)


#: The settings that decide when evidence is strong enough to cite (``extractive.strong``).
THRESHOLDS = ("min_relevance", "min_lexical", "strong_relevance", "min_score")


def thresholds(settings: Any) -> dict[str, float]:
    """The citing thresholds of ``settings``, as ``ComposeContext`` keyword arguments."""
    return {name: getattr(settings, name) for name in THRESHOLDS}


class Composer(Protocol):
    """Writes one section of a reply."""

    name: str

    def compose(self, rec: Recommendation, evidence: list[Evidence],
                ctx: ComposeContext) -> Section:
        """Return the section answering ``rec`` from ``evidence`` only."""
        ...

    def describe(self) -> dict[str, Any]:
        """The model behind the composer, for run records ({} when there is none)."""
        ...


_REGISTRY: dict[str, Callable[[], Composer]] = {}


def register(name: str, factory: Callable[[], Composer]) -> None:
    """Make a composer available by name."""
    _REGISTRY[name] = factory


def get_composer(name: str) -> Composer:
    """The composer called ``name``.

    Raises:
        ConfigError: no composer has that name.
    """
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"unknown composer '{name}'; known: {known}")
    return _REGISTRY[name]()
