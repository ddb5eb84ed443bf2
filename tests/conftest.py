"""Shared fixtures: the sample corpus indexed once per session with the real embedder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.config import load_settings
from drafter.types import DraftReply

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXAMPLES = CORPUS / "examples"
SHARED = ROOT.parent / "shared"
CORPUS_DIRS = [CORPUS / "policies", CORPUS / "replies", CORPUS / "en"]


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read the repository's drafter.toml or the caller's DRAFTER_* variables."""
    for var in ("DRAFTER_STORE", "DRAFTER_EMBEDDER", "DRAFTER_LLM", "DRAFTER_CHROMA_URL",
                "DRAFTER_ISSUER", "DRAFTER_RERANKER", "DRAFTER_RAISE_ERRORS", "DRAFTER_PROMPTS",
                "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DRAFTER_CONFIG", str(tmp_path / "no-such-drafter.toml"))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample corpus indexed (built once, copied by users that write)."""
    base = tmp_path_factory.mktemp("sample")
    (base / "drafter.toml").write_text("[drafter]\n", encoding="utf-8")
    settings = load_settings(base / "drafter.toml", store=base / "store")
    Drafter(settings).index(CORPUS_DIRS)
    return base / "store"


@pytest.fixture(scope="session")
def drafter_sample(sample_store: Path) -> Drafter:
    """A read-only Drafter over the sample store."""
    return Drafter(load_settings(sample_store.parent / "drafter.toml", store=sample_store,
                                 corpus=CORPUS_DIRS,
                                 issuer="云岭区科技创新局", issuer_en="Yunling District Council"))


@dataclass(frozen=True)
class ExampleDrafts:
    """The Chinese and English example proposals drafted once, the drafter and its store."""

    drafter: Drafter
    store: Path
    zh: DraftReply
    en: DraftReply


@pytest.fixture(scope="session")
def example_drafts(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> ExampleDrafts:
    """zh_talent_yi and en_committee_report drafted by the extractive composer over a private
    copy of the sample store.  Tests that change a draft change a ``model_copy(deep=True)``."""
    store = tmp_path_factory.mktemp("examples") / "store"
    shutil.copytree(sample_store, store)
    drafter = Drafter(load_settings(sample_store.parent / "drafter.toml", store=store,
                                    issuer="云岭区科技创新局",
                                    issuer_en="Yunling District Council"))
    return ExampleDrafts(drafter, store, drafter.draft(EXAMPLES / "zh_talent_yi.txt"),
                         drafter.draft(EXAMPLES / "en_committee_report.txt"))


@pytest.fixture
def writable_store(sample_store: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store that a test may change."""
    dest = tmp_path / "store"
    shutil.copytree(sample_store, dest)
    return dest


def example_files() -> list[Path]:
    """Every example proposal shipped in corpus/examples."""
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".md", ".docx"})
