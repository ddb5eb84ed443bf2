"""DraftReply → JSON, the machine-readable contract of DESIGN.md."""

from __future__ import annotations

import json

from drafter.types import DraftReply


def render_json(draft: DraftReply, indent: int | None = 2) -> str:
    """The draft as JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(draft.model_dump(mode="json"), ensure_ascii=False, indent=indent)
