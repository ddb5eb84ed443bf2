"""Prompt templates load by name, render every placeholder, and carry a version."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from drafter.errors import ConfigError
from drafter.prompting import load_prompt

ROOT = Path(__file__).resolve().parent.parent
VALUES = {"issuer": "云岭区科技创新局", "recommendation": "建议加大开源项目支持",
          "examples": "（无）", "evidence": "[E1] 对开源项目给予支持。", "section": "……",
          "open": "<<EVIDENCE 7f3a>>", "close": "<<END 7f3a>>", "budget": "600"}


@pytest.mark.parametrize("name", ["section", "stance"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_shipped_template_renders(name: str, lang: str) -> None:
    prompt = load_prompt(name, lang)
    system, user = prompt.render(**VALUES)
    assert "$" not in system + user  # nothing left unfilled
    assert "<<EVIDENCE 7f3a>>" in user and "<<END 7f3a>>" in user
    assert re.fullmatch(r"[0-9a-f]{12}", prompt.version)
    assert "JSON" in system


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_retry_follow_up_has_only_a_user_part_and_carries_the_error(lang: str) -> None:
    prompt = load_prompt("retry", lang)
    system, user = prompt.render(error="sentence(s) 2 cite no evidence")
    assert system == "" and "sentence(s) 2 cite no evidence" in user and "JSON" in user


def test_a_users_folder_wins_and_its_version_differs(tmp_path: Path) -> None:
    shipped = load_prompt("section", "zh")
    own = tmp_path / "section.zh.md"
    own.write_text("<!-- system -->\n你是$issuer的起草人员。\n<!-- user -->\n$recommendation\n",
                   encoding="utf-8")
    mine = load_prompt("section", "zh", tmp_path)
    assert mine.path == str(own) and mine.version != shipped.version
    assert mine.render(issuer="某局", recommendation="建议")[0] == "你是某局的起草人员。"


def test_missing_templates_parts_and_values_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no prompt template 'nosuch.zh.md'"):
        load_prompt("nosuch", "zh")
    (tmp_path / "broken.zh.md").write_text("只有正文，没有分段。\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a"):
        load_prompt("broken", "zh", tmp_path)
    with pytest.raises(ConfigError, match="placeholder 'evidence' has no value"):
        load_prompt("section", "zh").render(issuer="x", recommendation="y", examples="z",
                                            open="a", close="b", budget="600")


def test_every_package_is_listed_for_the_build() -> None:
    """pyproject lists packages by hand (prompts/ is mapped in); a new one must be added."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "drafter").rglob("__init__.py")}
    assert found | {"drafter._prompts"} == listed
    assert config["setuptools"]["package-dir"]["drafter._prompts"] == "prompts"
