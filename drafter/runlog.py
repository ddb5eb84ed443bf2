"""The run log: one JSON line per draft run, in ``runs.jsonl`` in the store folder.

A ``RunRecord`` holds what an audit or an eval needs to explain a draft: when
it ran and with which drafter version, the composer and model (id, provider,
parameters), the version hash of every prompt used, the proposal (path,
sha256, title), per recommendation the evidence ids, every raw model answer
and why the section fell back to the extractive composer, the final
``DraftReply`` as a dict, the faithfulness checks, and any errors.

No secret is ever written: ``RunLog.append`` passes the whole record through
``redact`` first (``drafter._safe_text``, the one redaction every output uses),
which replaces API keys, bearer tokens, ``key=value`` credentials, values under
secret-looking dict keys, and the values of secret environment variables, whole
or cut short, with ``"[REDACTED]"``.  Lines are appended under
an exclusive ``fcntl.flock`` and fsynced, so concurrent runs never interleave;
a line torn by a crash is skipped when reading.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from drafter._safe_text import REDACTED as REDACTED  # re-exported: where records say it
from drafter._safe_text import redact as redact
from drafter._version import __version__
from drafter.types import FaithfulnessReport

RUNS_FILE = "runs.jsonl"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SectionRecord(BaseModel):
    """How one recommendation was answered."""

    recommendation: int
    #: The evidence retrieved for it, best first (what the composer could cite).
    evidence_ids: list[str] = Field(default_factory=list)
    #: The ids its sentences cite (an id the model invented stays as it wrote it).
    citations: list[str] = Field(default_factory=list)
    #: Every raw model answer, attempts in order.
    raw_outputs: list[str] = Field(default_factory=list)
    attempts: int = 0
    #: Why the section fell back to the extractive composer; empty if it did not.
    fallback: str = ""
    stance: str = ""


class RunRecord(BaseModel):
    """One draft run: inputs, model, prompts, evidence, outputs and checks."""

    run_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    time: str = Field(default_factory=_now)  # ISO-8601 UTC: 2025-03-01T08:00:00.000Z
    drafter_version: str = __version__
    composer: str  # "extractive" or "llm"
    #: ``id``, ``provider`` and parameters (temperature, timeout, max_retries, base_url, …).
    model: dict[str, Any] = Field(default_factory=dict)
    #: Prompt name → version hash.
    prompts: dict[str, str] = Field(default_factory=dict)
    #: ``path``, ``sha256`` and ``title`` of the proposal.
    proposal: dict[str, Any] = Field(default_factory=dict)
    sections: list[SectionRecord] = Field(default_factory=list)
    #: The final ``DraftReply.to_dict()``; None when the run failed before one existed.
    draft: dict[str, Any] | None = None
    #: See ``checks_from``: sentences, supported_rate, unsupported_facts(_count), ….
    checks: dict[str, Any] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)

    @property
    def fallbacks(self) -> int:
        """How many sections fell back to the extractive composer."""
        return sum(1 for s in self.sections if s.fallback)

    @property
    def unsupported_facts(self) -> int:
        """How many unsupported facts the checks found."""
        count = self.checks.get("unsupported_facts_count")
        return int(count) if count is not None else len(self.checks.get("unsupported_facts", []))


def checks_from(report: FaithfulnessReport) -> dict[str, Any]:
    """The ``checks`` dict of a run from a draft's faithfulness report."""
    return {"sentences": len(report.sentences), "supported_rate": report.supported_rate,
            "unsupported_facts_count": len(report.unsupported_facts),
            "unsupported_facts": list(report.unsupported_facts),
            "uncited_sentences": report.uncited_sentences, "coverage": report.coverage}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_line(data: Any) -> bytes:
    """``data`` as one UTF-8 JSON line.

    A file name that is not UTF-8 (a GBK zip unpacked on Linux) reaches Python with
    its bytes as lone surrogates, which UTF-8 cannot encode: each is written as the
    text ``\\xNN`` of its byte (``\\uDCxx`` for any other lone surrogate).
    """
    def escape(m: re.Match[str]) -> str:
        code = ord(m[0])
        return f"\\\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\\\u{code:04x}"

    return (_LONE_SURROGATE.sub(escape, json.dumps(data, ensure_ascii=False)) + "\n").encode()


class RunLog:
    """The append-only log of draft runs in ``<store>/runs.jsonl``."""

    def __init__(self, store_root: Path) -> None:
        self.path = Path(store_root) / RUNS_FILE
        #: Unreadable lines the last ``read`` skipped.
        self.skipped = 0

    def append(self, record: RunRecord) -> None:
        """Redact ``record`` and append it as one line, safe against concurrent writers."""
        line = _json_line(redact(record.model_dump(mode="json")))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line  # end a line torn by a crash so this one stays whole
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)  # releases the lock

    def read(self, limit: int | None = None) -> list[RunRecord]:
        """The last ``limit`` records (all when None), oldest first; torn lines are skipped."""
        self.skipped = 0
        if (limit is not None and limit <= 0) or not self.path.is_file():
            return []
        with self.path.open("rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH)
            raw = fh.read()
        records: list[RunRecord] = []
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                records.append(RunRecord.model_validate_json(line))
            except ValidationError:
                self.skipped += 1
        return records if limit is None else records[-limit:]

    def __iter__(self) -> Iterator[RunRecord]:
        return iter(self.read())
