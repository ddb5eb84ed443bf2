"""Prompt templates: loaded by name and language, versioned by a hash of their text.

A template is a Markdown file in ``prompts/`` (shipped inside the installed
package as ``drafter/_prompts``) named ``NAME.LANG.md``, with a system part
and a user part under the markers ``<!-- system -->`` and ``<!-- user -->`` (a
template that only follows up a conversation, such as ``retry``, may have no
system part).
Placeholders are ``$name`` (``string.Template``), so JSON braces in a prompt
need no escaping.  Code holds no prompt prose; every run records each
prompt's version, the first 12 hex digits of the SHA-256 of its file.

An office may keep its own templates in a folder (``prompts_dir`` in
drafter.toml or ``DRAFTER_PROMPTS``); a template found there wins.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

import drafter
from drafter.errors import ConfigError

_PACKAGE = Path(drafter.__file__).resolve().parent
#: Where templates are looked for after a user's folder: the installed copy, then the source tree.
SEARCH = (_PACKAGE / "_prompts", _PACKAGE.parent / "prompts")
_PART = re.compile(r"^<!--\s*(system|user)\s*-->\s*$", re.M)


@dataclass(frozen=True)
class Prompt:
    """One template: its parts and the version that run records name."""

    name: str
    lang: str
    system: str
    user: str
    version: str
    path: str

    def render(self, **values: str) -> tuple[str, str]:
        """The system and user messages with every ``$placeholder`` filled.

        Raises:
            ConfigError: a placeholder has no value (the template and the code disagree).
        """
        try:
            return (Template(self.system).substitute(values),
                    Template(self.user).substitute(values))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{self.path}: placeholder {exc} has no value") from None


def load_prompt(name: str, lang: str, directory: Path | None = None) -> Prompt:
    """The template ``NAME.LANG.md`` from ``directory``, else from the shipped prompts.

    Raises:
        ConfigError: no such template, or one without both parts.
    """
    folders = ([Path(directory)] if directory else []) + [p for p in SEARCH if p.is_dir()]
    for folder in folders:
        path = folder / f"{name}.{lang}.md"
        if path.is_file():
            return _parse(name, lang, path)
    where = ", ".join(str(f) for f in folders) or "nowhere (no prompts folder found)"
    raise ConfigError(f"no prompt template '{name}.{lang}.md' in {where}")


def _parse(name: str, lang: str, path: Path) -> Prompt:
    data = path.read_bytes()
    text = data.decode("utf-8")
    parts: dict[str, str] = {}
    marks = list(_PART.finditer(text))
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        parts[mark[1]] = text[mark.end() : end].strip("\n")
    if "user" not in parts:
        raise ConfigError(f"{path}: a template needs a '<!-- user -->' part (and, unless it "
                          "only follows up a conversation, a '<!-- system -->' part)")
    return Prompt(name=name, lang=lang, system=parts.get("system", ""), user=parts["user"],
                  version=hashlib.sha256(data).hexdigest()[:12], path=str(path))
