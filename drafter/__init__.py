"""drafter: draft cited official replies to proposals from an indexed corpus."""

from drafter._version import __version__
from drafter.api import Drafter
from drafter.errors import (
    ComposeError,
    ConfigError,
    DrafterError,
    EmbedderMismatchError,
    InputError,
    MissingExtraError,
    StoreError,
)
from drafter.retrieve import Filters
from drafter.types import (
    Document,
    DraftReply,
    Evidence,
    Fact,
    FaithfulnessReport,
    Measure,
    Proposal,
    Recommendation,
    Section,
    Sentence,
    Source,
)

__all__ = [
    "ComposeError",
    "ConfigError",
    "Document",
    "DraftReply",
    "Drafter",
    "DrafterError",
    "EmbedderMismatchError",
    "Evidence",
    "Fact",
    "FaithfulnessReport",
    "Filters",
    "InputError",
    "Measure",
    "MissingExtraError",
    "Proposal",
    "Recommendation",
    "Section",
    "Sentence",
    "Source",
    "StoreError",
    "__version__",
]
