"""Text that leaves the process: secrets redacted, terminals and Markdown kept safe.

One redaction for every way out (stderr, the draft and its notes, the run log):

* ``redact_text`` replaces API keys (``sk-…``, ``sk-ant-…`` and other providers'
  key shapes), ``Bearer`` tokens, ``Authorization`` header values, the value of
  ``key=`` / ``api_key=`` / ``token:`` / ``secret=`` / ``password=`` pairs, the
  user and password of a URL (``https://user:pass@host``), and the value of
  every secret environment variable, whole or cut short, with ``[REDACTED]``;
  a pattern matches as soon as a key's first six characters are there, so a
  secret truncated elsewhere leaves no prefix of six characters or more;
* ``redact`` does the same to a JSON-like value, and also blanks any value
  under a dict key named like a secret (``api_key``, ``authorization``, …);
* ``clip`` redacts first and truncates after, the only safe order.

For the terminal, ``terminal_text`` strips escape sequences and control
characters (bidirectional overrides too) from text a document or a model
wrote; ``SafeConsole`` is a rich console that prints only such text and never
turns ``:100:`` into an emoji.  ``markdown_text`` escapes HTML and the few
Markdown marks that could forge drafter's own structure (footnotes, images,
code spans, headings) in text placed into a Markdown document.
"""

from __future__ import annotations

import os
import re
from typing import Any

from rich.console import Console

REDACTED = "[REDACTED]"

#: Key names whose ``=``/``:`` value is a secret (a prefix such as ``x-``, ``openai_`` or
#: ``client_`` may stand before them): api_key, token, secret, password, access_key…
_KEY_NAME = (r"(?:api[_\-]?key|apikey|token|secret|password|passwd|pwd|access[_\-]?key"
             r"|private[_\-]?key|credentials?)")
_SECRET_TEXT: list[tuple[re.Pattern[str], str]] = [
    # Authorization headers, in prose, Python reprs and JSON: the whole value.
    (re.compile(r"""(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?"""
                r"""[^\s"',;]+""", re.IGNORECASE), rf"\1{REDACTED}"),
    (re.compile(r"\bBearer\s+(?!\[REDACTED\])[A-Za-z0-9._~+/\-]+=*"), f"Bearer {REDACTED}"),
    # Credentials in a URL: scheme://user:pass@host or scheme://token@host.
    (re.compile(r"\b([a-z][a-z0-9+.\-]{0,30}://)[^/\s@]+@", re.IGNORECASE), rf"\1{REDACTED}@"),
    # ... and a URL cut short inside its password (a port is digits only).
    (re.compile(r"\b([a-z][a-z0-9+.\-]{0,30}://)[^/\s:@]+:(?!\d*$)[^/\s@]+$", re.IGNORECASE),
     rf"\1{REDACTED}"),
    # key=value pairs (a quoted value whole); "key" alone only with "=", as prose says "key: …".
    (re.compile(rf"""(?<![A-Za-z0-9])({_KEY_NAME}["']?\s*[:=]\s*)"""
                r"""(?!\[REDACTED\])(?:"[^"]*"?|'[^']*'?|[^\s,;&"'<>)\]}]+)""", re.IGNORECASE),
     rf"\1{REDACTED}"),
    (re.compile(r"""(?<![A-Za-z0-9])(key["']?\s*=\s*)(?!\[REDACTED\])(?:"[^"]*"?|'[^']*'?"""
                r"""|[^\s,;&"'<>)\]}]+)""", re.IGNORECASE), rf"\1{REDACTED}"),
    # Key shapes, matched from their first characters on: OpenAI/Anthropic/DeepSeek sk-…,
    # Google AIza…, GitHub ghp_/github_pat_…, Hugging Face hf_…, Slack xox?-…, AWS AKIA…, JWTs.
    (re.compile(r"(?<![A-Za-z0-9])(?:sk-[A-Za-z0-9_\-]{3,}|AIza[0-9A-Za-z_\-]{2,}"
                r"|gh[pousr]_[A-Za-z0-9]{2,}|github_pat_[A-Za-z0-9_]{1,}|hf_[A-Za-z0-9]{3,}"
                r"|xox[abposr]-[A-Za-z0-9\-]{1,}|AKIA[0-9A-Z]{2,}"
                r"|eyJ[A-Za-z0-9_\-]{3,}(?:\.[A-Za-z0-9_\-]*){0,2})"), REDACTED),
]
_SECRET_KEY = re.compile(r"^(?:.*_)?(?:api_?key|authorization|token|secret|secret_key|password"
                         r"|passwd|private_key|access_key|credentials?)$")
_SECRET_ENV = ("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD", "_ACCESS_KEY", "_PRIVATE_KEY")
_SECRET_ENV_NAMES = {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DEEPSEEK_API_KEY",
                     "DASHSCOPE_API_KEY", "AZURE_OPENAI_API_KEY"}
#: A secret environment value this short is not redacted (it would mangle ordinary text).
MIN_ENV_SECRET = 8
#: The longest part of a secret that may survive anywhere: none of 6 characters or more.
MAX_PREFIX = 5


def _env_secrets() -> list[str]:
    values = {v for k, v in os.environ.items()
              if (k in _SECRET_ENV_NAMES or k.upper().endswith(_SECRET_ENV))
              and len(v) >= MIN_ENV_SECRET}
    return sorted(values, key=len, reverse=True)


def _without_value(text: str, value: str) -> str:
    """``text`` with ``value`` replaced, and any piece of it cut short (its first six
    characters or more, where a copy was truncated) too."""
    head = value[:MAX_PREFIX + 1]
    if head not in text:
        return text
    out, start = [], 0
    while (at := text.find(head, start)) >= 0:
        end = at + len(head)
        while end < len(text) and end - at < len(value) and text[end] == value[end - at]:
            end += 1
        out += [text[start:at], REDACTED]
        start = end
    return "".join(out) + text[start:]


def _redact_text(text: str, env: list[str]) -> str:
    for value in env:
        text = _without_value(text, value)
    for pattern, repl in _SECRET_TEXT:
        text = pattern.sub(repl, text)
    return text


def redact_text(text: str) -> str:
    """``text`` with every secret replaced by ``[REDACTED]`` (see the module docstring)."""
    return _redact_text(text, _env_secrets())


def _redact(value: Any, env: list[str]) -> Any:
    if isinstance(value, str):
        return _redact_text(value, env)
    if isinstance(value, dict):
        copy: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key).lower().replace("-", "_")
            secret = _SECRET_KEY.match(name) and item not in (None, "")
            new_key = _redact_text(key, env) if isinstance(key, str) else key
            copy[new_key] = REDACTED if secret else _redact(item, env)
        return copy
    if isinstance(value, list | tuple):
        return [_redact(item, env) for item in value]
    return value


def redact(value: Any) -> Any:
    """A deep copy of a JSON-like ``value`` with every secret replaced by ``"[REDACTED]"``.

    Strings go through ``redact_text``; any non-empty value under a dict key
    named like ``api_key``, ``authorization``, ``*_token``, ``*_secret`` or
    ``password`` is replaced whole.  Secret environment variables (named
    ``*_API_KEY``, ``*_TOKEN``, ``*_SECRET``, ``*_PASSWORD``, …, 8 characters or
    more) are read at call time.
    """
    return _redact(value, _env_secrets())


def clip(text: str, limit: int) -> str:
    """``text`` redacted, then cut to ``limit`` characters ("…" marks the cut)."""
    clean = redact_text(text)
    return clean if len(clean) <= limit else clean[: max(0, limit - 1)].rstrip() + "…"


#: Escape sequences (CSI, OSC, other ESC sequences), then single control characters.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]")
#: C0 controls but tab and newline, DEL, C1 controls, bidirectional overrides and isolates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs and newlines kept).

    A carriage return that ends a line is dropped; one inside a line would let
    the rest overwrite what came before on a terminal, so it becomes a space.
    """
    text = _ESCAPES.sub("", text.replace("\r\n", "\n"))
    return _CONTROLS.sub(lambda m: " " if m[0] == "\r" else "", text)


def json_terminal(text: str) -> str:
    """JSON text with the control characters ``json.dumps`` leaves raw (DEL, C1,
    bidirectional overrides) written as ``\\uXXXX`` escapes: the same JSON value."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class SafeConsole(Console):
    """A rich console that prints document text as text: no control characters, no emoji codes.

    Strings are passed through ``terminal_text`` before rich renders them, so
    the console's own styles (from markup the caller wrote, with document text
    inside ``rich.markup.escape``) still work.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: D102  (rich's signature)
        kwargs.setdefault("emoji", False)
        super().print(*(terminal_text(o) if isinstance(o, str) else o for o in objects),
                      **kwargs)


#: What text placed in a Markdown document must not keep as it is.
_MD_INLINE = re.compile(r"[<>`*]|&(?=#?\w+;)|\\(?=[!-/:-@\[-`{-~])|!(?=\[)|\[(?=\^)|\](?=\()")
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
#: A line that Markdown would read as a heading, list item, rule, quote or table row.
_MD_BLOCK = re.compile(r"^(\s*\d{0,9})(#{1,6}(?=\s|$)|(?<!\d)[-+=|](?=\s|$|[-=|])"
                       r"|(?<=\d)[.)](?=\s|$))", re.M)


def markdown_text(text: str, *, inline: bool = True) -> str:
    """``text`` from a document or a model, made safe to place in drafter's Markdown.

    HTML is escaped (``<script>`` shows as text), control characters go, and
    the marks that could forge drafter's structure are escaped: backticks and
    asterisks (code spans and emphasis that would swallow a footnote marker or
    a bold heading), ``[^`` (a footnote), ``![`` (an image), ``](`` (a link) and a
    line opening like a heading or list.  With ``inline``, line breaks become
    spaces (the text stays on drafter's line).
    """
    text = terminal_text(text)
    if inline:
        text = " ".join(text.split())
    text = _MD_INLINE.sub(lambda m: _MD_ENTITY.get(m[0], "\\" + m[0]), text)
    return _MD_BLOCK.sub(r"\1\\\2", text)
