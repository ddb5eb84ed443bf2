"""A LangChain retriever over a drafter store.

    from drafter.integrations.langchain import DrafterRetriever
    retriever = DrafterRetriever.from_store(".drafter", k=5)
    docs = retriever.invoke("开源项目奖励")          # list[Document], best first
    chain = retriever | (lambda docs: "\\n".join(d.page_content for d in docs))
    context = chain.invoke("软件产业扶持政策")

Each ``Document`` is one piece of evidence from ``Drafter.search`` (hybrid
retrieval, near-duplicates merged): ``page_content`` is the measure's text,
``id`` its evidence id, and ``metadata`` holds its score, relevance, source
(``source`` is the file path, as LangChain loaders use it), corroborating
evidence ids, the quoted recommendation it answers (``via``), the policy
that replaced its own (``superseded_by``) and checkable facts, all
JSON-serialisable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field

from drafter.errors import MissingExtraError
from drafter.types import Evidence

try:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
except ImportError as exc:  # pragma: no cover - langchain-core ships with drafter
    raise MissingExtraError("langchain-core", "llm", "drafter's LangChain retriever") from exc

__all__ = ["DrafterRetriever", "evidence_to_document"]


class DrafterRetriever(BaseRetriever):
    """Evidence from a ``drafter.Drafter`` as LangChain ``Document``\\ s.

    Attributes:
        drafter: the ``drafter.Drafter`` to search.
        k: how many pieces of evidence to return.
        filters: a ``drafter.Filters`` restricting issuer, kind or date, or None.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    drafter: Any
    k: int = Field(default=8, ge=1)
    filters: Any = None

    @classmethod
    def from_store(
        cls,
        path: str | Path | None = None,
        *,
        k: int = 8,
        filters: Any = None,
        **overrides: Any,
    ) -> DrafterRetriever:
        """A retriever over the store at ``path`` (default: settings, then ./.drafter).

        ``overrides`` are drafter settings (``embedder=...``, ``chroma_url=...``).

        Raises:
            ConfigError: a setting is wrong or the embedder cannot load.
        """
        from drafter.api import Drafter

        return cls(drafter=Drafter.open(path, **overrides), k=k, filters=filters)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        evidence: list[Evidence] = self.drafter.search(query, self.k, self.filters)
        return [evidence_to_document(ev) for ev in evidence]


def evidence_to_document(ev: Evidence) -> Document:
    """One piece of evidence as a LangChain ``Document`` with JSON-serialisable metadata."""
    src = ev.source
    metadata: dict[str, Any] = {
        "id": ev.id,
        "score": ev.score,
        "relevance": ev.relevance,
        "source": src.path,
        "title": src.title,
        "kind": src.kind,
        "issuer": src.issuer,
        "date": src.date,
        "section": src.section,
        "corroborated_by": list(ev.corroborated_by),
        "via": ev.via,
        "superseded_by": ev.superseded_by,
        "facts": [{"kind": f.kind, "text": f.text, "value": f.value} for f in ev.facts],
    }
    return Document(id=ev.id, page_content=ev.text, metadata=metadata)
