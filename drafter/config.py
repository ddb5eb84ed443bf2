"""Settings, with every default in one place.

Precedence, lowest first: the defaults below, ``drafter.toml`` in the working
folder (or the file named by ``DRAFTER_CONFIG``), ``DRAFTER_*`` environment
variables, then explicit arguments (CLI flags or library keywords).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from drafter.errors import ConfigError

_ENV = {
    "store": "DRAFTER_STORE",
    "embedder": "DRAFTER_EMBEDDER",
    "llm": "DRAFTER_LLM",
    "chroma_url": "DRAFTER_CHROMA_URL",
    "issuer": "DRAFTER_ISSUER",
    "place": "DRAFTER_PLACE",
    "reranker": "DRAFTER_RERANKER",
    "prompts_dir": "DRAFTER_PROMPTS",
}


class Settings(BaseModel):
    """Everything a user can configure."""

    store: Path = Path(".drafter")
    embedder: str = "e5-small"
    #: ``PROVIDER:MODEL`` for the LLM composer (e.g. openai:gpt-4o-mini); extractive when unset.
    llm: str | None = None
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    #: Seconds one model request may take before the client gives up.
    llm_timeout: float = Field(default=60.0, gt=0)
    #: The client's own retries of a failed request (timeouts, 5xx, 429).
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    #: Answers asked for per section, re-asks after an invalid answer included.
    llm_attempts: int = Field(default=3, ge=1, le=10)
    #: Sections drafted at once by a model (requests in flight).  1 drafts them in order,
    #: which a local server with one slot needs (queued requests would time out); hosted
    #: APIs and vLLM take 4 or more.
    llm_concurrency: int = Field(default=1, ge=1, le=32)
    #: At most this many evidence items go to the model per section.
    llm_max_evidence: int = Field(default=8, ge=1, le=30)
    #: Accept a draft whose model could not be reached for some sections (they quote the
    #: evidence instead) with exit code 0; by default such a run ends with exit code 3.
    allow_fallback: bool = False
    #: Further keyword arguments for the chat model (base_url, max_tokens, …).
    llm_options: dict[str, Any] = Field(default_factory=dict)
    #: Optional judges run on every draft's sentences, off when empty: "nli:<model name or
    #: folder>" (an NLI cross-encoder) or "llm:<provider:model>" (an LLM judge).
    judges: list[str] = Field(default_factory=list)
    #: A folder of prompt templates that win over the shipped ones.
    prompts_dir: Path | None = None
    chroma_url: str | None = None
    corpus: list[Path] = Field(default_factory=lambda: [Path("corpus")])
    #: The replying office ("云岭区科技创新局"); its measures and its locality's are its own.
    issuer: str = ""
    issuer_en: str = ""
    #: The office's locality or level ("马关县", "深圳市福田区", "UK"); read from ``issuer``
    #: when unset, else from the proposal's session ("马关县第十七届人大…").
    place: str = ""
    #: Places or bodies above the office whose measures apply to it ("文山州", "云南省");
    #: national bodies always do.  Measures of other places go to the editor as candidates.
    superiors: list[str] = Field(default_factory=list)
    #: Section headings: "jianyi" (关于建议一：…), "topic" (一、关于<the recommendation's topic>,
    #: as ministries write), or "auto" (topic headings when every recommendation names one).
    heading_style: Literal["jianyi", "topic", "auto"] = "jianyi"
    #: Cite evidence in another language than the proposal's (a corpus mixed on purpose);
    #: by default such evidence is only offered as a candidate.
    cross_language: bool = False
    #: Candidates (备选材料) listed under a section left for the editor.
    max_candidates: int = Field(default=3, ge=0, le=10)
    top_k: int = Field(default=8, ge=1, le=100)
    #: A cross-encoder (local folder or cached name) that reorders evidence; off when empty.
    reranker: str | None = None
    #: How dense and BM25 candidates combine: "convex" (weighted scaled scores) or "rrf".
    fusion: Literal["convex", "rrf"] = "convex"
    #: The dense share of a convex fusion (calibrated on evals/retrieval/).
    dense_weight: float = Field(default=0.6, ge=0.0, le=1.0)
    max_measures_per_section: int = Field(default=5, ge=1, le=20)
    section_char_budget: int = Field(default=600, ge=100, le=5000)
    #: When evidence is strong enough to cite (calibrated on the sample set and the real
    #: cases, both languages: bench/calibrate.py).  It is when it stands ``min_relevance``
    #: above the query's similarity to the whole corpus and holds ``min_lexical`` of the
    #: query's words (by rarity, its heading and document subject included); or stands
    #: ``strong_relevance`` above it whatever its words; or is ``min_score`` similar to the
    #: query outright (a corpus of one subject lifts every query's baseline).
    min_relevance: float = Field(default=0.06, ge=-1.0, le=1.0)
    min_lexical: float = Field(default=0.1, ge=0.0, le=1.0)
    strong_relevance: float = Field(default=0.1, ge=-1.0, le=1.0)
    min_score: float = Field(default=0.92, ge=-1.0, le=1.0)
    stance_labels: dict[str, str] = Field(
        default_factory=lambda: {
            "adopted": "A（已解决或基本解决）",
            "partly": "B（正在解决或列入计划解决）",
            "noted": "C（因条件限制暂不能解决，留作参考）",
            "not_adopted": "C（暂不具备条件）",
        }
    )
    stance_labels_en: dict[str, str] = Field(
        default_factory=lambda: {
            "adopted": "Accepted",
            "partly": "Accepted in part",
            "noted": "Noted",
            "not_adopted": "Not accepted",
        }
    )


#: Tables of a configuration file that are not drafter's settings (an eval's name, tools).
OTHER_TABLES = frozenset({"eval", "tool"})
_PATH_KEYS = ("store", "prompts_dir")


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from file, environment and ``overrides`` (None values are ignored).

    Relative paths in the file (``store``, ``prompts_dir``, ``corpus``) are relative
    to the file's folder; ``corpus`` may be one path or a list of paths.

    Raises:
        ConfigError: the file is unreadable, names an unknown setting (the error
            suggests the closest known one), or a value has the wrong type; or the
            prompts folder (``prompts_dir`` / ``DRAFTER_PROMPTS``) does not exist.
    """
    values: dict[str, Any] = {}
    path = config or Path(os.environ.get("DRAFTER_CONFIG", "drafter.toml"))
    if path.is_file():
        values.update(_read_file(path))
    elif config is not None:
        raise ConfigError(f"{config}: configuration file not found")
    for key, env in _ENV.items():
        if os.environ.get(env):
            values[key] = os.environ[env]
    given = {k: v for k, v in overrides.items() if v is not None}
    _check_keys(given, "argument")
    values.update(given)
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{path}: setting '{where}': {first['msg']}") from exc
    if settings.prompts_dir is not None and not settings.prompts_dir.is_dir():
        origin = "DRAFTER_PROMPTS" if os.environ.get("DRAFTER_PROMPTS") else f"{path}: prompts_dir"
        raise ConfigError(f"{origin}: no prompts folder at {settings.prompts_dir}; create it "
                          "or unset it to use the shipped prompts")
    return settings


def _read_file(path: Path) -> dict[str, Any]:
    """The settings a configuration file sets, paths made relative to its folder.

    Raises:
        ConfigError: unreadable, an unknown key or a path setting that is not text.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
    table = data.get("drafter", {k: v for k, v in data.items() if k not in OTHER_TABLES})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [drafter] must be a table of settings, not a value")
    values = dict(table)
    _check_keys(values, str(path))
    base = path.resolve().parent
    for key in _PATH_KEYS:
        if key in values:
            values[key] = _path(values[key], key, base, path)
    if "corpus" in values:
        corpus = values["corpus"]
        items = [corpus] if isinstance(corpus, str) else corpus
        if not isinstance(items, list):
            raise ConfigError(f"{path}: setting 'corpus': give a folder or a list of folders "
                              f"(\"corpus\" or [\"a\", \"b\"]), not {corpus!r}")
        values["corpus"] = [_path(p, "corpus", base, path) for p in items]
    return values


def _path(value: Any, key: str, base: Path, path: Path) -> Path:
    """A path setting, relative to ``base``; anything but text is a ConfigError."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: setting '{key}': give a path as text (\"folder\"), "
                          f"not {value!r}")
    return Path(value) if Path(value).is_absolute() else base / value


def _check_keys(values: dict[str, Any], where: str) -> None:
    """Refuse a setting drafter does not know, naming the closest known one."""
    known = Settings.model_fields
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else \
                "; see drafter/config.py for the settings"
            raise ConfigError(f"{where}: unknown setting '{key}'{hint}")
