"""What the model did in one draft run, counted exactly, for the summary, scripts and exit code.

Each section of a run is one of:

* ``drafted``: the model wrote it (the fact check still marks what it must);
* ``fallback``: the model was asked but the section quotes the evidence instead
  (the call failed, the model declined, or it gave no valid answer);
* ``unreached``: among the fallbacks, those whose model call failed or that were
  not asked because the model had stopped answering (a connection refused, a
  timeout, HTTP 5xx/429 after retries, a rejected key);
* ``not_asked``: nothing strong enough to cite, so no model call: the editor
  writes it (the draft lists candidates under it).

A run with any ``unreached`` section ends with ``EXIT_FALLBACK`` unless
fallbacks are allowed (``--allow-fallback`` or the ``allow_fallback`` setting):
the draft is still written, and a script sees the code and the ``model_run``
block of the JSON output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from drafter._safe_text import json_terminal, redact_text
from drafter.compose.base import RunTrace
from drafter.compose.llm import unreached
from drafter.types import DraftReply

#: Exit code of a draft written although the model could not be reached for a section.
EXIT_FALLBACK = 3


@dataclass(frozen=True)
class ModelRun:
    """The sections of one run by who wrote them (numbers of recommendations)."""

    model: str | None = None
    endpoint: str | None = None
    drafted: list[int] = field(default_factory=list)
    fallback: list[int] = field(default_factory=list)
    unreached: list[int] = field(default_factory=list)
    not_asked: list[int] = field(default_factory=list)
    #: Why the model could not be used, redacted ("" when every call it was sent answered).
    why: str = ""
    #: Why the run stopped calling the model ("" when it did not).
    down: str = ""

    @classmethod
    def of(cls, reply: DraftReply, trace: RunTrace | None, model: dict[str, Any]) -> ModelRun:
        """The run behind ``reply``: its trace and the composer's ``describe()``."""
        if reply.composer != "llm" or trace is None:
            return cls()
        run = cls(model=str(model.get("id") or "") or None,
                  endpoint=str(model.get("base_url") or "") or None,
                  why=redact_text(trace.model_down or (trace.errors[-1] if trace.errors else "")),
                  down=redact_text(trace.model_down))
        for record in trace.sections:
            n = record.recommendation
            if record.fallback:
                run.fallback.append(n)
                if unreached(record.fallback):
                    run.unreached.append(n)
            elif record.attempts:
                run.drafted.append(n)
            else:
                run.not_asked.append(n)
        return run

    def summary(self) -> str:
        """One line for stderr: "llm: 2 of 4 section(s) drafted by the model; …"."""
        total = len(self.drafted) + len(self.fallback) + len(self.not_asked)
        line = f"llm: {len(self.drafted)} of {total} section(s) drafted by the model"
        if self.fallback:
            line += f"; extractive fallback for {_numbers(self.fallback)}"
        if self.not_asked:
            line += (f"; {_numbers(self.not_asked)} left for the editor "
                     "(no evidence strong enough to cite, the model not asked)")
        return line

    def report(self, reply: DraftReply) -> list[str]:
        """The lines for stderr after a model's draft: the summary, and why the model stopped."""
        if self.model is None and not (self.drafted or self.fallback or self.not_asked):
            return []
        flagged = sum(1 for s in reply.sections for sent in s.sentences if sent.supported is False)
        lines = [self.summary() + (f"; {flagged} sentence(s) marked to verify" if flagged else "")]
        return lines + ([f"llm: {self.down}"] if self.down else [])

    def draft_json(self, reply: DraftReply, allow_fallback: bool) -> str:
        """The draft's JSON with this ``model_run`` block, safe to print on a terminal."""
        data = {**reply.to_dict(), "model_run": self.to_dict(allow_fallback)}
        return json_terminal(json.dumps(data, ensure_ascii=False, indent=2))

    def problem(self) -> str:
        """Why the run fails without ``--allow-fallback``; "" when it does not."""
        if not self.unreached:
            return ""
        where = f"{self.model or 'the model'}" + (f" at {self.endpoint}" if self.endpoint else "")
        return (f"{where} could not be reached for section(s) {_numbers(self.unreached)}"
                + (f" ({self.why})" if self.why else "")
                + "; the draft quotes the evidence there instead. Check the server and the key, "
                "or pass --allow-fallback (setting allow_fallback = true) to accept such a draft")

    def exit_code(self, allow_fallback: bool) -> int:
        """``EXIT_FALLBACK`` for a run the model could not serve, unless allowed; else 0."""
        return EXIT_FALLBACK if self.unreached and not allow_fallback else 0

    def to_dict(self, allow_fallback: bool) -> dict[str, Any]:
        """The ``model_run`` block of the draft's JSON output."""
        return {"model": self.model, "endpoint": self.endpoint, "drafted_by_model": self.drafted,
                "fallback": self.fallback, "unreached": self.unreached,
                "not_asked": self.not_asked, "why": self.why,
                "fallback_allowed": allow_fallback, "exit_code": self.exit_code(allow_fallback)}


def _numbers(items: list[int]) -> str:
    return ", ".join(map(str, items))
