"""Renderers: DraftReply → Markdown or JSON text, looked up by format name."""

from __future__ import annotations

from collections.abc import Callable

from drafter.errors import ConfigError
from drafter.render.json import render_json
from drafter.render.markdown import render_markdown
from drafter.types import DraftReply

RENDERERS: dict[str, Callable[[DraftReply], str]] = {
    "json": render_json,
    "md": render_markdown,
}


def render(draft: DraftReply, fmt: str) -> str:
    """Render ``draft`` in format ``fmt`` ("md" or "json").

    Raises:
        ConfigError: the format is unknown.
    """
    if fmt not in RENDERERS:
        raise ConfigError(f"unknown format '{fmt}'; known: {', '.join(sorted(RENDERERS))}")
    return RENDERERS[fmt](draft)
