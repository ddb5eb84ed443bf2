"""DrafterRetriever: drafter's hybrid retrieval as a LangChain retriever, over the real store."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import Drafter, Filters
from drafter.types import Evidence

pytest.importorskip("langchain_core")

from langchain_core.documents import Document  # noqa: E402
from langchain_core.runnables import RunnableLambda  # noqa: E402

from drafter.integrations.langchain import DrafterRetriever  # noqa: E402

QUERY = "开源项目奖励"


def _same(docs: list[Document], evidence: list[Evidence]) -> None:
    assert [d.id for d in docs] == [e.id for e in evidence]
    assert [d.page_content for d in docs] == [e.text for e in evidence]


def test_invoke_returns_the_drafter_search(drafter_sample: Drafter) -> None:
    docs = DrafterRetriever(drafter=drafter_sample).invoke(QUERY)
    evidence = drafter_sample.search(QUERY, 8)
    assert docs and all(isinstance(d, Document) for d in docs)
    _same(docs, evidence)
    assert [d.metadata["id"] for d in docs] == [e.id for e in evidence]
    assert [d.metadata["score"] for d in docs] == [e.score for e in evidence]


def test_metadata_is_complete_and_json_serialisable(drafter_sample: Drafter) -> None:
    docs = DrafterRetriever(drafter=drafter_sample, k=8).invoke(QUERY)
    evidence = {e.id: e for e in drafter_sample.search(QUERY, 8)}
    for doc in docs:
        md, ev = doc.metadata, evidence[doc.id or ""]
        assert isinstance(md["score"], float) and isinstance(md["relevance"], float)
        for key in ("id", "source", "title", "kind", "issuer", "date", "section"):
            assert isinstance(md[key], str)
        assert (md["source"], md["title"], md["kind"], md["date"]) == (
            ev.source.path,
            ev.source.title,
            ev.source.kind,
            ev.source.date,
        )
        assert md["relevance"] == ev.relevance
        assert md["corroborated_by"] == ev.corroborated_by
        assert md["via"] == ev.via and md["superseded_by"] == ev.superseded_by
        assert md["facts"] == [{"kind": f.kind, "text": f.text, "value": f.value} for f in ev.facts]
        json.dumps(md, ensure_ascii=False)
    assert any(d.metadata["facts"] for d in docs)  # 30%, 150万元 in the open-source measure
    assert any(d.metadata["corroborated_by"] for d in docs)  # policies quoted in replies


def test_k_is_respected(drafter_sample: Drafter) -> None:
    docs = DrafterRetriever(drafter=drafter_sample, k=3).invoke(QUERY)
    assert len(docs) == 3
    _same(docs, drafter_sample.search(QUERY, 3))
    with pytest.raises(ValueError):
        DrafterRetriever(drafter=drafter_sample, k=0)


def test_filters_are_respected(drafter_sample: Drafter) -> None:
    unfiltered = DrafterRetriever(drafter=drafter_sample).invoke(QUERY)
    assert {d.metadata["kind"] for d in unfiltered} != {"policy"}  # the filter has work to do
    policy = Filters(kind="policy")
    docs = DrafterRetriever(drafter=drafter_sample, filters=policy).invoke(QUERY)
    assert docs and all(d.metadata["kind"] == "policy" for d in docs)
    _same(docs, drafter_sample.search(QUERY, 8, policy))


def test_works_in_an_lcel_chain_batch_and_async(drafter_sample: Drafter) -> None:
    retriever = DrafterRetriever(drafter=drafter_sample, k=4)
    chain = retriever | RunnableLambda(lambda docs: len(docs))
    assert chain.invoke(QUERY) == len(drafter_sample.search(QUERY, 4)) == 4
    other = "software talent housing subsidy"
    first, second = retriever.batch([QUERY, other])
    _same(first, drafter_sample.search(QUERY, 4))
    _same(second, drafter_sample.search(other, 4))
    _same(asyncio.run(retriever.ainvoke(other)), drafter_sample.search(other, 4))


def test_an_empty_query_returns_nothing(drafter_sample: Drafter) -> None:
    retriever = DrafterRetriever(drafter=drafter_sample)
    assert retriever.invoke("") == []
    assert retriever.invoke("   ") == []


def test_from_store_opens_the_store(sample_store: Path, drafter_sample: Drafter) -> None:
    retriever = DrafterRetriever.from_store(sample_store, k=5, filters=Filters(kind="reply"))
    assert isinstance(retriever.drafter, Drafter)
    assert retriever.drafter.settings.store == sample_store
    _same(retriever.invoke(QUERY), drafter_sample.search(QUERY, 5, Filters(kind="reply")))


def test_without_langchain_core_the_hint_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['langchain_core'] = None\n"
        "import drafter\n"
        "import drafter.integrations.langchain"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "MissingExtraError" in proc.stderr
    assert 'pip install "reply-drafter[llm]"' in proc.stderr
