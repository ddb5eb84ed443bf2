"""Shared fixtures: the sample corpus indexed once per session with the real embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter import Drafter
from drafter.config import load_settings

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


@pytest.fixture
def writable_store(sample_store: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store that a test may change."""
    dest = tmp_path / "store"
    shutil.copytree(sample_store, dest)
    return dest


def example_files() -> list[Path]:
    """Every example proposal shipped in corpus/examples."""
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".md", ".docx"})
