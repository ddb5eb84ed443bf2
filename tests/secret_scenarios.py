"""Hostile model servers that echo secrets, for ``test_secrets.py`` and ``bench/secrets_sweep.py``.

Each scenario is a ``FakeOpenAIServer`` script: error messages that quote the
client's key at the point where a 200-character cut would fall, or after a
long message; an ``Authorization`` header echoed back; bodies that are not
JSON and carry a key; answers whose sentences, citations, stance reason or
refusal echo ``key=sk-…``; a timeout and an unreachable endpoint, both named
with a password in the base URL.  ``leaks`` finds any piece of six characters
or more of a secret in a text.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any

from tests.llm_scripts import FAST, answer, evidence_lines

#: The client's key (``OPENAI_API_KEY``).
KEY = "sk-live-4c1e9b27d03a58f6Hq2W"
#: A key the server leaks that is in no environment variable: only its shape gives it away.
ECHO = "sk-proj-Qm7Xw2Lr9Tz4Hc8Vn1BdKe5"
#: A bearer token of no known shape, echoed in an Authorization header.
TOKEN = "tk9Vq2Zr7Lm4Xw8Nc3Bd"
#: The password in the base URL (``http://drafter:PASSWORD@127.0.0.1:…/v1``).
PASSWORD = "pw-7Kd2Rf9Wq1xZ"
SECRETS = (KEY, ECHO, TOKEN, PASSWORD)
#: The shortest piece of a secret that counts as a leak.
PIECE = 6

#: What the client's authentication error says before the server's message.
_AUTH_LINE = "Error code: 401 - "


def leaks(text: str, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """The secrets of which ``PIECE`` characters or more in a row occur in ``text``."""
    return [s for s in secrets if any(s[i:i + PIECE] in text for i in range(len(s) - PIECE + 1))]


def _good(reason: str = "现有政策已部分覆盖", echo_in_text: bool = False) -> dict[str, Any]:
    def fn(body: dict[str, Any]) -> str:
        items = evidence_lines(body)[:2]
        sentences = [(text + (f"（密钥 {ECHO}）" if echo_in_text and n == 0 else ""), [label])
                     for n, (label, text) in enumerate(items)]
        return answer(sentences, reason=reason)
    return {"content_fn": fn}


def _bad_citation(body: dict[str, Any]) -> str:
    (label, text), *_ = evidence_lines(body)
    return json.dumps({"sentences": [{"text": text, "citations": [f"key={ECHO}"]}]},
                      ensure_ascii=False)


@dataclass(frozen=True)
class Scenario:
    """One hostile server: its script, the client's timeout, and whether it is reachable."""

    script: list[dict[str, Any]]
    timeout: float = 10.0
    repeat_last: bool = True
    #: No server at all: the base URL names a port nothing listens on.
    unreachable: bool = False
    #: True when the run falls back because the model could not be reached (exit 3 in the CLI).
    unreached: bool = True


#: The 401 message puts the key where a 200-character cut of the error falls: 9 survive it.
_AT_CUT = "x" * (200 - len(_AUTH_LINE) - 10) + " "

SCENARIOS: dict[str, Scenario] = {
    "401-key-at-the-cut": Scenario(
        [{"status": 401, "body": f"{_AT_CUT}{KEY} is not a valid key"}]),
    "401-key-after-long-text": Scenario(
        [{"status": 401,
          "body": "无效的访问凭证。" * 150 + f" Incorrect API key provided: {KEY}"}]),
    "500-echoes-headers": Scenario(
        [{"status": 500, "headers": FAST,
          "body": f"upstream failed; request headers={{'Authorization': 'Bearer {TOKEN}', "
                  f"'x-api-key': '{ECHO}'}}; " + "detail " * 60}]),
    "429-echoes-a-key-prefix": Scenario(
        [{"status": 429, "headers": FAST,
          "body": f"Rate limit reached for key {ECHO[:12]}… in organization org-1"}]),
    "html-body-echoes-keys": Scenario(
        [{"raw": f"<html><body>502 Bad Gateway: key={ECHO}&user=drafter Authorization: "
                 f"Bearer {TOKEN}</body></html>", "content_type": "text/html"}]),
    "json-body-broken-with-key": Scenario(
        [{"raw": f'{{"error": "api_key={ECHO}", ', "content_type": "application/json"}]),
    "timeout": Scenario([{"delay": 3.0, **_good()}], timeout=1.0),
    "unreachable": Scenario([], unreachable=True),
    "not-json-echoes-keys": Scenario(
        [{"content": f"我的密钥是 {ECHO}，key={KEY}，Authorization: Bearer {TOKEN}"},
         {"content": f"密钥：{ECHO}"}, {"content": f"api_key={ECHO}"},
         {"content": json.dumps({"stance": "noted", "reason": f"key={ECHO}"})},
         _good()], unreached=False),
    "stance-reason-echoes-key": Scenario(
        [_good(reason=f"依据配置 key={ECHO} 作出；token: {TOKEN}")], unreached=False),
    "sentence-echoes-key": Scenario([_good(echo_in_text=True)], unreached=False),
    "citation-echoes-key": Scenario([{"content_fn": _bad_citation}], unreached=False),
    "refusal-echoes-key": Scenario(
        [{"refusal": f"I can't: your key {KEY} is flagged (Authorization: Bearer {TOKEN})"}],
        unreached=False),
}


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def with_password(url: str) -> str:
    """``url`` with ``drafter:PASSWORD@`` as its user information."""
    return url.replace("http://", f"http://drafter:{PASSWORD}@", 1)

