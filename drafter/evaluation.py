"""The eval suite runner: draft every golden case under one configuration and score it.

A golden case (one line of ``evals/drafting/*.jsonl``, see ``evals/README.md``)
names a proposal, the measures a good reply cites for each recommendation
(document + snippet, located as ``drafter.retrieval_eval`` locates them), an
optional reference reply, facts that must not appear, and optionally the key
facts a reply should state.  ``run_config`` drafts each case over a frozen
index (``eval_store``: one per embedder, shared by baseline and candidate),
with the case's own reference reply left out of retrieval, and returns a
``RunResult`` whose per-item metrics are those of ``drafter.eval_records``.

Everything is deterministic: a fixed "today", no timestamps, floats rounded to
``DIGITS``, so that two runs of one configuration are identical.  Nothing to
score is None, never 0; a case whose draft fails gets ``error`` and None metrics.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from drafter.api import Drafter
from drafter.compose.base import Composer, RunTrace
from drafter.config import Settings, load_settings
from drafter.errors import ConfigError, DrafterError, InputError
from drafter.eval_records import METRICS, ItemResult, RunResult, UnsupportedFact
from drafter.faithfulness import check_reply
from drafter.ingest import load_document
from drafter.ingest.facts import extract_facts
from drafter.pipeline import draft_reply
from drafter.proposal import parse_proposal
from drafter.retrieval_eval import Gold, GoldItem, Span, _locate, score, span_of
from drafter.retrieve import Filters
from drafter.types import DraftReply, Lang

#: The date every eval draft carries, so that drafts do not change with the calendar.
EVAL_TODAY = dt.date(2024, 12, 31)
#: Digits floats are rounded to in a RunResult.
DIGITS = 6
#: Where eval indexes live (one folder per embedder), relative to the working folder.
EVAL_CACHE = Path(".drafter-eval")
#: Fact kinds of a reference reply that count as its key facts (dates and
#: organisations mostly name the reply's own circumstances, not its measures).
KEY_KINDS = frozenset({"money", "percent", "count", "year", "title", "docno"})
#: Settings recorded in a RunResult's ``config``.
RECORDED = ("embedder", "llm", "llm_temperature", "top_k", "reranker", "fusion", "dense_weight",
            "max_measures_per_section", "section_char_budget", "min_relevance", "min_lexical",
            "strong_relevance", "min_score")

Progress = Callable[[str, int, int], None]
Suite = Callable[[], dict[str, float | None]]

_OPENING = re.compile(r"收悉|答复如下|函复如下|如下(?:办理|主办|协办)?意见")
_CLOSING = re.compile(r"^(?:再次|衷心|非常)?感谢|^以上|^此复|^联系人|^附件|^Yours"
                      r"|^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass(frozen=True)
class GoldRecommendation:
    """The measures a good reply cites for one recommendation (none: not answerable)."""

    number: int
    gold: tuple[Gold, ...]


@dataclass(frozen=True)
class GoldenCase:
    """One proposal to draft and what its draft is held to."""

    id: str
    lang: Lang
    proposal: Path
    recommendations: tuple[GoldRecommendation, ...]
    reference_reply: Path | None = None
    forbidden_facts: tuple[str, ...] = ()
    #: Facts the draft should state; None: taken from the reference reply's answer.
    key_facts: tuple[str, ...] | None = None
    note: str = ""


def _repo_of(path: Path) -> Path:
    """The repository holding a golden file (``evals/<set>/x.jsonl``), else the working folder."""
    up = path.resolve().parents
    return up[2] if len(up) > 2 and (up[2] / "evals").is_dir() else Path.cwd()


def resolve(rel: str, root: Path) -> Path:
    """A path of a golden case: relative to ``root`` (the repository) or to ``../shared/data``."""
    for base in (root, root.parent / "shared" / "data"):
        if (base / rel).exists():
            return (base / rel).resolve()
    return (root / rel).resolve()


def load_cases(path: Path, root: Path | None = None) -> list[GoldenCase]:
    """Read a golden drafting set (JSON lines).

    Args:
        path: The ``.jsonl`` file.
        root: What its paths are relative to (default: the repository holding it).

    Raises:
        InputError: the file is unreadable, a line is not JSON or lacks a field, or a
            gold snippet is not in its document (the message names the file and line).
    """
    root = root or _repo_of(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the golden set ({exc})", str(path)) from exc
    cases: list[GoldenCase] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            raw = json.loads(line)
            recs = tuple(GoldRecommendation(int(r["number"]), tuple(
                tuple(_locate(resolve(a["doc"], root), a["snippet"], a.get("unit", "snippet"),
                              where) for a in [g, *g.get("alt", [])])
                for g in r.get("gold", []))) for r in raw["recommendations"])
            ref = raw.get("reference_reply")
            key = raw.get("key_facts")
            cases.append(GoldenCase(
                id=str(raw["id"]), lang=raw.get("lang", "zh"),
                proposal=resolve(raw["proposal"], root),
                recommendations=recs, reference_reply=resolve(ref, root) if ref else None,
                forbidden_facts=tuple(raw.get("forbidden_facts", [])),
                key_facts=tuple(key) if key is not None else None, note=raw.get("note", ""),
            ))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"{where}: not a golden drafting case ({exc!r}); see "
                             "evals/README.md for the fields", str(path)) from None
    return cases


def load_config(path: Path) -> Settings:
    """Settings from an eval configuration (a drafter.toml-like file).

    Raises:
        ConfigError: the file is missing, unreadable or has a wrong value.
    """
    if not path.is_file():
        raise ConfigError(f"{path}: eval configuration not found; see evals/configs/")
    return load_settings(path)


def config_name(path: Path) -> str:
    """The ``[eval] name`` of a configuration file, else its file name without suffix."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
    return str(data.get("eval", {}).get("name") or path.stem)


def default_corpora(root: Path) -> list[Path]:
    """The sample corpus folders and the real documents (not the proposals) that exist."""
    real = root.parent / "shared" / "data" / "real"
    dirs = [root / "corpus" / d for d in ("policies", "replies", "en")]
    dirs += [real / d for d in ("policy", "reply", "en_response")]
    return [d for d in dirs if d.is_dir()]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "default"


def eval_store(settings: Settings, corpora: Sequence[Path] | None = None,
               root: Path | None = None, *, cache: Path | None = None,
               progress: Progress | None = None) -> Path:
    """The frozen eval index for ``settings.embedder``, built or brought up to date.

    Baseline and candidate with the same embedder share it; the corpus is the
    sample corpus and the real documents (``default_corpora``) unless given.

    Args:
        settings: Whose embedder (and Chroma server, if any) builds the index.
        corpora: Folders or files to index.
        root: The repository (default: the working folder).
        cache: The folder holding one index per embedder (default ``.drafter-eval``).
        progress: Called as indexing proceeds.
    """
    root = root or Path.cwd()
    store = (cache or EVAL_CACHE) / _slug(settings.embedder)
    drafter = Drafter(settings.model_copy(update={"store": store}))
    drafter.index(list(corpora) if corpora is not None else default_corpora(root),
                  progress=progress)
    return store


def answer_text(text: str) -> str:
    """The answer part of a reply: after its opening ("……收悉，现答复如下"), before its closing."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    start = next((n + 1 for n, ln in enumerate(lines[:20]) if _OPENING.search(ln)), 0)
    kept: list[str] = []
    for line in lines[start:]:
        if kept and _CLOSING.search(line):
            break
        kept.append(line)
    return "\n".join(kept)


def key_values(case: GoldenCase) -> set[str]:
    """Normalised values of the facts a draft of ``case`` should state (empty: none known)."""
    if case.key_facts is not None:
        return {f.value for text in case.key_facts for f in extract_facts(text, case.lang)}
    if case.reference_reply is None or not case.reference_reply.exists():
        return set()
    ref = load_document(case.reference_reply)
    return {f.value for f in extract_facts(answer_text(ref.text), case.lang)
            if f.kind in KEY_KINDS}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, DIGITS) if whole else None


def _mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), DIGITS) if vals else None


def _retrieval(case: GoldenCase, draft: DraftReply, trace: RunTrace, drafter: Drafter,
               excluded: set[str], counts: dict[str, int]) -> tuple[float | None, float | None]:
    """Mean recall@k and MRR of the evidence retrieved per recommendation against the gold."""
    gold_by_number = {r.number: r.gold for r in case.recommendations}
    recalls: list[float] = []
    rrs: list[float] = []
    for record in trace.sections:
        # gold stated only in a document left out of retrieval cannot be found: not scored
        gold = tuple(g for g in (tuple(s for s in passage if s.path not in excluded)
                                 for passage in gold_by_number.get(record.recommendation, ()))
                     if g)
        counts["gold"] += len(gold)
        if not gold:
            continue
        results: list[tuple[Span, ...]] = []
        for eid in record.evidence_ids:
            ev = draft.evidence.get(eid)
            ids = [eid, *(ev.corroborated_by if ev else [])]
            measures = [m for m in (drafter.store.get(i) for i in ids) if m is not None]
            results.append(tuple(span_of(m) for m in measures))
        k = max(len(results), 1)
        item = GoldItem(f"{case.id}#{record.recommendation}", case.lang, "", gold)
        recall, rr = score(item, results, k)
        counts["gold_found"] += round(recall * min(k, len(gold)))
        recalls.append(recall)
        rrs.append(rr)
    return _mean(recalls), _mean(rrs)


def score_draft(case: GoldenCase, draft: DraftReply, trace: RunTrace,
                drafter: Drafter) -> ItemResult:
    """Score one draft of ``case`` (``trace``: what retrieval found per recommendation)."""
    counts = dict.fromkeys(("recommendations", "sentences", "cited_sentences", "facts",
                            "unsupported_facts", "citations", "valid_citations", "gold",
                            "gold_found", "gold_excluded", "key_facts", "key_facts_stated",
                            "forbidden_found"), 0)
    report = check_reply(draft)
    excluded = {str(case.reference_reply)} if case.reference_reply else set()
    counts["gold_excluded"] = sum(1 for r in case.recommendations for g in r.gold
                                  if all(s.path in excluded for s in g))
    recall, mrr = _retrieval(case, draft, trace, drafter, excluded, counts)
    counts["recommendations"] = len(draft.proposal.recommendations)
    unsupported: list[UnsupportedFact] = []
    stated: set[str] = set()
    checks = iter(report.sentences)
    for section in draft.sections:
        for sent in section.sentences:
            check = next(checks)
            facts = extract_facts(sent.text, draft.lang)
            stated.update(f.value for f in facts)
            counts["sentences"] += 1
            counts["cited_sentences"] += bool(sent.citations)
            counts["facts"] += len(facts)
            counts["citations"] += len(sent.citations)
            counts["valid_citations"] += sum(1 for c in sent.citations if c in draft.evidence)
            for fact in check.unsupported_facts:
                unsupported.append(UnsupportedFact(recommendation=section.recommendation,
                                                   sentence=sent.text, fact=fact))
    counts["unsupported_facts"] = min(len(unsupported), counts["facts"])
    keys = key_values(case)
    counts["key_facts"] = len(keys)
    counts["key_facts_stated"] = len(keys & stated)
    forbidden = {f.value for text in case.forbidden_facts for f in extract_facts(text, case.lang)}
    counts["forbidden_found"] = len(forbidden & stated)
    metrics: dict[str, float | None] = {
        "recall_at_k": recall,
        "mrr": mrr,
        "coverage": None if report.coverage is None else round(report.coverage, DIGITS),
        "fact_grounding": (round(1 - counts["unsupported_facts"] / counts["facts"], DIGITS)
                           if counts["facts"] else None),
        "citation_validity": _ratio(counts["valid_citations"], counts["citations"]),
        "key_fact_recall": _ratio(counts["key_facts_stated"], counts["key_facts"]),
        "forbidden_fact_free": (float(counts["forbidden_found"] == 0)
                                if case.forbidden_facts else None),
    }
    return ItemResult(item=case.id, lang=case.lang, metrics={m: metrics[m] for m in METRICS},
                      unsupported=unsupported, counts=dict(sorted(counts.items())))


def draft_case(case: GoldenCase, drafter: Drafter,
               today: dt.date = EVAL_TODAY) -> tuple[DraftReply, RunTrace]:
    """Draft ``case``'s proposal with its reference reply left out of retrieval.

    Raises:
        DrafterError: the proposal cannot be read or drafted.
    """
    doc = load_document(case.proposal)  # drops a ``key: value`` header, as a user's file lacks it
    proposal = parse_proposal(doc.text, source_path=str(case.proposal))
    filters = (Filters(exclude_paths=frozenset({str(case.reference_reply)}))
               if case.reference_reply else None)
    trace = RunTrace()
    draft = draft_reply(proposal, drafter.retriever, drafter.composer, drafter.settings,
                        today=today, trace=trace, filters=filters)
    return draft, trace


def checker_suite(seed: int = 0) -> dict[str, float | None]:
    """The checker's accuracy on injected errors from ``drafter.checker_eval`` ({} without it)."""
    try:
        from drafter import checker_eval  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return {}
    summary = checker_eval.evaluate_checker(seed).summary()
    return {str(k): (None if v is None else round(float(v), DIGITS))
            for k, v in sorted(dict(summary).items())
            if v is None or isinstance(v, int | float)}


def run_config(config: Path | Settings, cases: Sequence[GoldenCase], *,
               store: Path | None = None, progress: Progress | None = None,
               suite: Suite | bool = False, composer: Composer | None = None,
               today: dt.date = EVAL_TODAY) -> RunResult:
    """Draft and score every case under one configuration.

    Args:
        config: An eval configuration file or Settings.
        cases: The golden cases (``load_cases``).
        store: The frozen index to draft from (default: ``eval_store`` for the embedder).
        progress: Called as ``progress("eval", n, total)`` after each case.
        suite: Suite-level scores: True adds the checker's accuracy (``checker_suite``)
            when its module exists; a callable returns them itself.
        composer: A composer object instead of the configuration's (tests, fault injection).
        today: The date the drafts carry.

    Returns:
        The RunResult: one ItemResult per case, in the order given.
    """
    name = config_name(config) if isinstance(config, Path) else "settings"
    settings = load_config(config) if isinstance(config, Path) else config
    store = store or eval_store(settings)
    settings = settings.model_copy(update={"store": store})
    drafter = Drafter(settings, composer=composer)
    items: list[ItemResult] = []
    for n, case in enumerate(cases, 1):
        try:
            draft, trace = draft_case(case, drafter, today)
            items.append(score_draft(case, draft, trace, drafter))
        except DrafterError as exc:
            items.append(ItemResult(item=case.id, lang=case.lang, error=str(exc),
                                    metrics=dict.fromkeys(METRICS)))
        if progress:
            progress("eval", n, len(cases))
    scores = (checker_suite() if suite is True else suite() if callable(suite) else {})
    recorded = settings.model_dump(mode="json", include=set(RECORDED))
    return RunResult(
        config={"name": name, "file": str(config) if isinstance(config, Path) else "",
                "composer": drafter.composer.name, "today": today.isoformat(),
                "store": str(store), "settings": dict(sorted(recorded.items()))},
        items=items, suite=dict(sorted(scores.items())),
    )


def means(run: RunResult, ids: Iterable[str] | None = None) -> dict[str, float | None]:
    """Per-metric mean over the items (only ``ids`` when given) that have a score."""
    keep = set(ids) if ids is not None else None
    items = [i for i in run.items if keep is None or i.item in keep]
    return {m: _mean(v for i in items if (v := i.metrics.get(m)) is not None) for m in METRICS}
