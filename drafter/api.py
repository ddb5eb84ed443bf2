"""The library entry point: ``Drafter``.

    from drafter import Drafter
    d = Drafter.open(".drafter")
    d.index(["corpus/"])
    draft = d.draft(Path("proposal.docx"))
    print(draft.to_markdown())
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import drafter.compose.extractive  # noqa: F401  (registers the default composer)
from drafter._language import check_language
from drafter.compose.base import Composer, RunTrace, get_composer
from drafter.config import Settings, load_settings
from drafter.errors import InputError
from drafter.index.embedders import Embedder, get_embedder
from drafter.index.store import IndexReport, Progress, Store
from drafter.ingest import read_text
from drafter.ingest.loaders import SUPPORTED_SUFFIXES
from drafter.pipeline import draft_reply
from drafter.proposal import parse_proposal
from drafter.rerank import get_reranker
from drafter.retrieve import Filters, Retriever
from drafter.runlog import RunLog, RunRecord, checks_from
from drafter.types import DraftReply, Evidence, Proposal

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from drafter.judges import Judge


#: ``llm`` values that mean "no model: the extractive composer".
NO_LLM = frozenset({"", "none", "extractive", "off"})


class Drafter:
    """Index a corpus, parse proposals and draft cited replies.

    The composer is, in order: ``composer`` when given (a name or an object),
    else the LLM composer over ``llm`` (a LangChain ``BaseChatModel`` or a
    ``PROVIDER:MODEL`` string) or the ``llm`` setting, else the extractive one.
    A model named by a string is set up on the first draft, so that indexing
    and searching never need its provider package.
    """

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None,
                 embedder: Embedder | None = None, composer: Composer | str | None = None,
                 llm: BaseChatModel | str | None = None) -> None:
        self.settings = settings or load_settings()
        self.embedder = embedder or (store.embedder if store else
                                     get_embedder(self.settings.embedder))
        self.store = store or Store(self.settings.store, self.embedder,
                                    chroma_url=self.settings.chroma_url)
        self._composer = get_composer(composer) if isinstance(composer, str) else composer
        self._llm = llm
        self._judges: list[Judge] | None = None
        #: What the composer did in the latest draft (raw outputs, fallbacks, prompt versions).
        self.last_trace: RunTrace | None = None
        self.retriever = Retriever(self.store, top_k=self.settings.top_k,
                                   reranker=get_reranker(self.settings.reranker),
                                   fusion=self.settings.fusion,
                                   dense_weight=self.settings.dense_weight)

    @property
    def composer(self) -> Composer:
        """The composer drafts use (resolved on first use; see the class docstring)."""
        if self._composer is None:
            self._composer = self._resolve_composer()
        return self._composer

    @property
    def judges(self) -> list[Judge]:
        """The optional judges named by the ``judges`` setting (loaded on first use)."""
        if self._judges is None:
            from drafter.judges import get_judge

            self._judges = [get_judge(spec) for spec in self.settings.judges]
        return self._judges

    def _resolve_composer(self) -> Composer:
        from drafter.chat import chat_model
        from drafter.compose.llm import LLMComposer

        s = self.settings
        llm = self._llm if self._llm is not None else s.llm
        if llm is None or (isinstance(llm, str) and llm.strip().lower() in NO_LLM):
            return get_composer("extractive")
        params: dict[str, Any] = {"temperature": s.llm_temperature, "timeout": s.llm_timeout,
                                  "max_retries": s.llm_max_retries, "attempts": s.llm_attempts}
        if isinstance(llm, str):
            model = chat_model(llm.strip(), temperature=s.llm_temperature, timeout=s.llm_timeout,
                               max_retries=s.llm_max_retries, options=s.llm_options)
            model_id = llm.strip()
        else:
            model, model_id = llm, ""
            params = {"attempts": s.llm_attempts}  # an instance keeps its own settings
        return LLMComposer(model, model_id=model_id, params=params, attempts=s.llm_attempts,
                           max_evidence=s.llm_max_evidence, prompts_dir=s.prompts_dir)

    @classmethod
    def open(cls, path: str | Path | None = None, **overrides: Any) -> Drafter:
        """A drafter over the store at ``path`` (default: settings, then ./.drafter)."""
        return cls(load_settings(store=Path(path) if path else None, **overrides))

    def index(self, paths: Sequence[str | Path], *, rebuild: bool = False,
              progress: Progress | None = None) -> IndexReport:
        """Bring the index in step with the documents under ``paths`` (incremental).

        Paths are made absolute (links kept as they are), so that evidence names its
        file wherever the index is read from.
        """
        return self.store.index([Path(os.path.abspath(p)) for p in paths], rebuild=rebuild,
                                progress=progress)

    def ensure_index(self, progress: Progress | None = None) -> IndexReport | None:
        """Index the configured corpus when the store is empty; None if not needed.

        Raises:
            InputError: the store is empty and the configured corpus does not exist.
        """
        if self.store.exists():
            return None
        missing = [str(p) for p in self.settings.corpus if not Path(p).exists()]
        if missing or not self.settings.corpus:
            raise InputError(
                f"no index in {self.store.root} and no corpus at {', '.join(missing) or '(none)'}"
                "; index your documents with `drafter index PATH...` or set `corpus` in "
                "drafter.toml"
            )
        return self.index(self.settings.corpus, progress=progress)

    def parse(self, source: str | Path) -> Proposal:
        """Parse a proposal given as a path or as its text.

        Raises:
            InputError: no such file, an empty text, or a file that is no proposal
                (written in a language drafter does not draft in, among others).
        """
        return parse_source(source)

    def search(self, query: str, k: int | None = None,
               filters: Filters | Mapping[str, Any] | None = None) -> list[Evidence]:
        """The ``k`` best pieces of evidence for a free query, highest score first.

        The ``k`` are those the hybrid ranking (dense and BM25) puts first; they are
        returned in the order of their ``score`` (cosine similarity to the query), the
        order a reader sees, except that evidence from a superseded policy comes after
        all the rest.  Drafting uses the ranking's own order.

        Args:
            query: Free text.
            k: How many at most, 1 or more (default: the ``top_k`` setting).
            filters: A Filters, or a dict with the keys kind, issuer, since, until.

        Raises:
            InputError: ``k`` below 1, or a bad filter.
            TypeError: ``filters`` neither a Filters nor a dict.
        """
        found = self.retriever.search(query, k, Filters.of(filters))
        return sorted(found, key=lambda e: (bool(e.superseded_by), -e.score))

    def draft(self, source: str | Path | Proposal, *, today: dt.date | None = None,
              progress: Progress | None = None,
              filters: Filters | Mapping[str, Any] | None = None) -> DraftReply:
        """Draft a cited reply to a proposal (a path, its text, or a parsed Proposal).

        ``filters`` restrict the evidence it may cite (issuer, kind, dates, documents left out).
        """
        proposal = source if isinstance(source, Proposal) else self.parse(source)
        composer = self.composer
        trace = RunTrace()
        draft = draft_reply(proposal, self.retriever, composer, self.settings,
                            today=today, progress=progress, trace=trace,
                            filters=Filters.of(filters),
                            judges=self.judges)
        self.last_trace = trace
        self._record(draft, composer, trace)
        return draft

    def _record(self, draft: DraftReply, composer: Composer, trace: RunTrace) -> None:
        """Append the run to the store's run log; a log that cannot be written is only a warning."""
        proposal = draft.proposal
        # A file name that is not UTF-8 (a GBK zip unpacked on Linux) is recorded by its bytes.
        path = os.fsencode(proposal.source_path).decode("utf-8", "backslashreplace")
        proposal = proposal.model_copy(update={"source_path": path})
        record = RunRecord(
            composer=draft.composer,
            model=composer.describe(),
            prompts=dict(trace.prompts),
            proposal={"path": proposal.source_path, "title": proposal.title,
                      "sha256": hashlib.sha256(proposal.model_dump_json().encode()).hexdigest()},
            sections=trace.sections,
            draft=draft.to_dict(),
            checks=checks_from(draft.faithfulness) if draft.faithfulness else {},
            errors=list(trace.errors),
        )
        try:
            RunLog(self.store.root).append(record)
        except OSError as exc:
            warnings.warn(f"{self.store.root}: the run was not recorded ({exc})", stacklevel=3)


def parse_source(source: str | Path) -> Proposal:
    """Parse a proposal given as a path or as its text (see ``Drafter.parse``)."""
    text, where = read_source(source)
    check_language(text, where)
    return parse_proposal(text, source_path=where)


def read_source(source: str | Path) -> tuple[str, str]:
    """A proposal's text and where it came from: a Path is read, a str is a path or the text."""
    if isinstance(source, Path):
        return read_text(source), str(source)
    if not source.strip():
        raise InputError("the proposal is empty: give a file or the proposal's text")
    looks_like_path = "\n" not in source and len(source) < 400 and (
        source.lower().endswith(SUPPORTED_SUFFIXES) or Path(source).exists()
    )
    if looks_like_path:  # read_text names a missing file itself
        return read_text(Path(source)), source
    return source, ""
