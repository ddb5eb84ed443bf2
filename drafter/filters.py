"""Filters on evidence: issuer, kind, date range and documents left out."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from drafter.errors import InputError
from drafter.types import DocKind, Measure

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
#: The kinds of document evidence comes from (a proposal never is).
CITABLE_KINDS = tuple(k for k in get_args(DocKind) if k != "proposal")


def _is_date(value: str) -> bool:
    """True for a real date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Filters:
    """Restrict evidence by issuer, kind or date.

    Dates are ISO strings, a year or a month included whole: ``date_to="2023"``
    keeps everything dated in 2023.  A document without a date passes a date
    filter only when none is set.
    """

    issuer: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    #: Documents left out, by path (an eval keeps an item's own reference reply out).
    exclude_paths: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "exclude_paths",
                           frozenset(os.path.realpath(p) for p in self.exclude_paths))

    @classmethod
    def parse(cls, *, kind: str | None = None, issuer: str | None = None,
              since: str | None = None, until: str | None = None) -> Filters | None:
        """Filters from user input, or None when nothing is set.

        Raises:
            InputError: an unknown kind, ``proposal`` (a proposal is indexed for
                reference only, never cited), or a date that is not a real
                YYYY[-MM[-DD]] date.
        """
        if kind == "proposal":
            raise InputError("--kind proposal: proposals are indexed for reference only and "
                             f"never cited; use one of {', '.join(CITABLE_KINDS)}")
        if kind and kind not in CITABLE_KINDS:
            raise InputError(f"unknown kind '{kind}'; use one of {', '.join(CITABLE_KINDS)}")
        for name, value in (("--since", since), ("--until", until)):
            if value and not _is_date(value):
                raise InputError(f"{name} '{value}' is not a date; use YYYY, YYYY-MM or "
                                 "YYYY-MM-DD (2023, 2023-05 or 2023-05-31)")
        if not (kind or issuer or since or until):
            return None
        return cls(issuer=issuer or None, kind=kind or None, date_from=since or None,
                   date_to=until or None)

    @classmethod
    def of(cls, value: Filters | Mapping[str, Any] | None) -> Filters | None:
        """``value`` as Filters: Filters or None as they are, a dict read by ``parse``.

        A dict takes the keys ``kind``, ``issuer``, ``since`` and ``until``
        (``date_from`` and ``date_to`` too).

        Raises:
            InputError: a dict with an unknown key or a bad value.
            TypeError: anything else.
        """
        if value is None or isinstance(value, Filters):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(f"filters must be a Filters or a dict, not {type(value).__name__}")
        names = {"date_from": "since", "date_to": "until"}
        given = {names.get(str(k), str(k)): v for k, v in value.items()}
        unknown = sorted(set(given) - {"kind", "issuer", "since", "until"})
        if unknown:
            raise InputError(f"unknown filter '{unknown[0]}'; use kind, issuer, since or until")
        bad = [k for k, v in given.items() if v is not None and not isinstance(v, str)]
        if bad:
            raise InputError(f"filter '{bad[0]}' must be text, not {given[bad[0]]!r}")
        return cls.parse(**given)

    def accepts(self, m: Measure) -> bool:
        """True when the measure passes every filter that is set."""
        s = m.source
        if self.exclude_paths and os.path.realpath(s.path) in self.exclude_paths:
            return False
        if self.issuer and self.issuer not in s.issuer:
            return False
        if self.kind and s.kind != self.kind:
            return False
        if self.date_from and (not s.date or s.date < self.date_from):
            return False
        return not (self.date_to and (not s.date or s.date[: len(self.date_to)] > self.date_to))
