"""Meta-evaluation of the faithfulness checker on injected errors.

``inject.generate`` makes items from grounded sentences: one injected error
each (number, unit, date, title, org, commitment), plus untouched controls
and harmless paraphrases.  Each item goes through the same deterministic
path ``check_reply`` uses, ``unsupported(extract_facts(sentence, lang),
evidence)``; an item is *flagged* when that returns any fact.

Per error kind and language:

* recall = error items of that kind flagged / error items of that kind;
* precision = TP / (TP + FP), where TP are the flagged error items of that
  kind and FP are the flagged controls and paraphrases of the same language
  (a false alarm counts against every kind of its language);
* the false-positive rate = flagged controls and paraphrases / all of them,
  per language and overall.

"Nothing to score" is None: a kind with no items has recall None.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from drafter.faithfulness import unsupported
from drafter.ingest.facts import extract_facts
from drafter.inject import CLEAN_KINDS, ERROR_KINDS, Grounded, InjectedCase, generate
from drafter.types import Lang

LANGS: tuple[Lang, ...] = ("zh", "en")


class ItemVerdict(BaseModel):
    """One item the checker got wrong: a missed error or a false alarm."""

    id: str
    lang: Lang
    kind: str
    sentence: str
    changed_fact: str
    flagged_facts: list[str] = Field(default_factory=list)


class KindScore(BaseModel):
    """The checker's scores on one error kind in one language."""

    kind: str
    lang: Lang
    n: int
    flagged: int
    recall: float | None
    precision: float | None


class MetaEvalReport(BaseModel):
    """Recall and precision of the checker per error kind and language."""

    seed: int
    items: int
    scores: list[KindScore]
    clean: dict[str, int] = Field(default_factory=dict)
    false_alarms_by_lang: dict[str, int] = Field(default_factory=dict)
    fp_rate: dict[str, float | None] = Field(default_factory=dict)
    misses: list[ItemVerdict] = Field(default_factory=list)
    false_alarms: list[ItemVerdict] = Field(default_factory=list)

    def summary(self) -> dict[str, float | None]:
        """Flat scores for ``RunResult.suite``: minima, per kind/language, FP rates."""
        out: dict[str, float | None] = {}
        recalls = [s.recall for s in self.scores if s.recall is not None]
        precisions = [s.precision for s in self.scores if s.precision is not None]
        out["checker_recall_min"] = min(recalls) if recalls else None
        out["checker_precision_min"] = min(precisions) if precisions else None
        out["checker_fp_rate"] = self.fp_rate.get("all")
        for s in self.scores:
            out[f"checker_recall_{s.kind}_{s.lang}"] = s.recall
            out[f"checker_precision_{s.kind}_{s.lang}"] = s.precision
        for lang in LANGS:
            out[f"checker_fp_rate_{lang}"] = self.fp_rate.get(lang)
        return out


def flagged_facts(case: InjectedCase) -> list[str]:
    """What the checker reports as unsupported in ``case`` (the ``check_reply`` path)."""
    return unsupported(extract_facts(case.sentence, case.lang), case.evidence)


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate_checker(seed: int = 0, per_source: int = 2,
                     grounded: list[Grounded] | None = None) -> MetaEvalReport:
    """Run the checker over injected items and score it.

    Args:
        seed: Seed of the item generator; the same seed gives the same numbers.
        per_source: At most this many items of each kind from one sentence.
        grounded: Sentences with evidence to start from (the sample corpus and
            the real documents when ``None``).

    Returns:
        The report: per kind and language n, recall and precision; the
        false-positive rate on controls and paraphrases; every miss and false alarm.
    """
    cases = generate(seed, per_source=per_source, grounded=grounded)
    hits: dict[tuple[str, str], int] = {}
    totals: dict[tuple[str, str], int] = {}
    clean: dict[str, int] = dict.fromkeys(LANGS, 0)
    alarms: dict[str, int] = dict.fromkeys(LANGS, 0)
    misses: list[ItemVerdict] = []
    false_alarms: list[ItemVerdict] = []
    for case in cases:
        found = flagged_facts(case)
        verdict = ItemVerdict(id=case.id, lang=case.lang, kind=case.kind, sentence=case.sentence,
                              changed_fact=case.changed_fact, flagged_facts=found)
        if case.kind in CLEAN_KINDS:
            clean[case.lang] += 1
            if found:
                alarms[case.lang] += 1
                false_alarms.append(verdict)
            continue
        key = (case.kind, case.lang)
        totals[key] = totals.get(key, 0) + 1
        if found:
            hits[key] = hits.get(key, 0) + 1
        else:
            misses.append(verdict)
    scores = []
    for lang in LANGS:
        for kind in ERROR_KINDS:
            n, tp = totals.get((kind, lang), 0), hits.get((kind, lang), 0)
            scores.append(KindScore(kind=kind, lang=lang, n=n, flagged=tp, recall=_rate(tp, n),
                                    precision=_rate(tp, tp + alarms[lang]) if n else None))
    fp_rate: dict[str, float | None] = {lang: _rate(alarms[lang], clean[lang]) for lang in LANGS}
    fp_rate["all"] = _rate(sum(alarms.values()), sum(clean.values()))
    return MetaEvalReport(seed=seed, items=len(cases), scores=scores, clean=clean,
                          false_alarms_by_lang=alarms, fp_rate=fp_rate, misses=misses,
                          false_alarms=false_alarms)
