"""The composer protocol and its registry.

A composer turns one recommendation and its evidence into a ``Section``.
Composers are looked up by name; an unknown name raises with the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from drafter.errors import ConfigError
from drafter.types import Evidence, Lang, Recommendation, Section


@dataclass(frozen=True)
class ComposeContext:
    """What a composer may know beyond the recommendation and its evidence."""

    lang: Lang = "zh"
    heading: str = ""
    max_measures: int = 5
    char_budget: int = 600
    min_relevance: float = 0.065
    min_score: float = 0.92


class Composer(Protocol):
    """Writes one section of a reply."""

    name: str

    def compose(self, rec: Recommendation, evidence: list[Evidence],
                ctx: ComposeContext) -> Section:
        """Return the section answering ``rec`` from ``evidence`` only."""
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
