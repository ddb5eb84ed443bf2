"""Fact extraction against a hand-labelled set of sentences, per language.

``evals/facts/labelled.jsonl`` holds sentences written for the project in the
register of government replies, policies and committee responses, each with
every fact that should be extracted (rules: ``evals/facts/README.md``).  Facts
are compared as (kind, value) multisets per sentence; precision and recall are
micro-averaged over the sentences of a language and must each reach 0.95.
``bench/facts_eval.py`` prints the same scores per kind, with the errors.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drafter.ingest.facts import extract_facts
from drafter.types import Lang

LABELLED = Path(__file__).resolve().parent.parent / "evals" / "facts" / "labelled.jsonl"
TARGET = 0.95
KINDS = ("money", "percent", "count", "year", "date", "title", "docno", "org")

Pair = tuple[str, str]  # (kind, value)


@dataclass(frozen=True)
class Case:
    """One labelled sentence."""

    line: int
    lang: Lang
    text: str
    facts: tuple[Pair, ...]


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_cases(path: Path = LABELLED) -> list[Case]:
    """The labelled sentences, checked for shape."""
    cases = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        row = json.loads(raw)
        assert row["lang"] in ("zh", "en"), f"line {number}: lang {row['lang']!r}"
        pairs = tuple((f["kind"], f["value"]) for f in row["facts"])
        for kind, value in pairs:
            assert kind in KINDS and value.startswith(kind + ":"), f"line {number}: {value!r}"
        cases.append(Case(number, row["lang"], row["text"], pairs))
    return cases


def score(cases: list[Case]) -> dict[tuple[str, str], Tally]:
    """Tallies keyed by (language, kind), plus (language, "all") and ("all", "all")."""
    tallies: dict[tuple[str, str], Tally] = {}

    def add(lang: str, kind: str, what: str, error: str | None) -> None:
        for key in ((lang, kind), (lang, "all"), ("all", kind), ("all", "all")):
            tally = tallies.setdefault(key, Tally())
            setattr(tally, what, getattr(tally, what) + 1)
            if error:
                tally.errors.append(error)

    for case in cases:
        expected = Counter(case.facts)
        found = Counter((f.kind, f.value) for f in extract_facts(case.text, case.lang))
        where = f"line {case.line}: {case.text}"
        for kind, value in expected | found:
            hit = min(expected[kind, value], found[kind, value])
            for _ in range(hit):
                add(case.lang, kind, "tp", None)
            for _ in range(expected[kind, value] - hit):
                add(case.lang, kind, "fn", f"missed {value!r} in {where}")
            for _ in range(found[kind, value] - hit):
                add(case.lang, kind, "fp", f"spurious {value!r} in {where}")
    return tallies


CASES = load_cases()
TALLIES = score(CASES)


def test_the_labelled_set_is_large_enough_in_both_languages() -> None:
    by_lang = Counter(c.lang for c in CASES)
    assert len(CASES) >= 180 and by_lang["zh"] >= 100 and by_lang["en"] >= 60, by_lang
    assert sum(1 for c in CASES if not c.facts) >= 20  # sentences with nothing to find
    for lang in ("zh", "en"):
        kinds = {k for c in CASES if c.lang == lang for k, _ in c.facts}
        assert kinds >= set(KINDS) - ({"title", "docno"} if lang == "en" else set()), kinds


def test_the_labelled_sentences_are_distinct() -> None:
    texts = [c.text for c in CASES]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_precision_and_recall_reach_the_target(lang: str) -> None:
    tally = TALLIES[lang, "all"]
    assert tally.precision >= TARGET and tally.recall >= TARGET, (
        f"{lang}: precision {tally.precision:.3f}, recall {tally.recall:.3f} "
        f"(target {TARGET}); errors:\n" + "\n".join(tally.errors)
    )


def test_sentences_without_facts_yield_none() -> None:
    spurious = {
        c.text: sorted(f.value for f in extract_facts(c.text, c.lang)) for c in CASES if not c.facts
    }
    assert not {text: found for text, found in spurious.items() if found}
