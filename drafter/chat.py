"""Talking to a chat model: which model, how data is fenced, how answers are read.

Shared by the LLM composer and the LLM judge:

* ``chat_model`` makes a LangChain chat model from ``PROVIDER:MODEL``;
  ``model_id`` and ``model_params`` describe one for run records, with no credentials;
* ``ask`` sends messages and returns the answer's text and any refusal;
  ``error_reason`` says, redacted, why a call failed, and ``endpoint_of`` where it went;
* ``data`` and ``delimiters`` put corpus or proposal text between markers that
  carry a fresh nonce, so that no text can close its block or pose as an item;
  ``instruction_like`` finds words in such text that address a model;
* ``json_value`` / ``json_object`` read the JSON a model was asked for, from a
  fenced block or prose around it; ``AnswerError`` says what is wrong with it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from drafter._safe_text import clip, redact_text
from drafter.errors import ConfigError, MissingExtraError

#: Text that addresses a model rather than a reader ("忽略以上指令", "ignore previous
#: instructions"), or imitates the prompt's own structure (delimiters, evidence labels, an answer).
_INSTRUCTION = re.compile(
    r"(?:忽略|无视|忘记|不要理会|跳过)[^。；\n]{0,8}(?:指令|指示|要求|规则|提示|设定)|"
    r"你(?:现在)?(?:是|扮演)[^。；\n]{0,6}(?:AI|人工智能|助手|模型|机器人)|系统提示|提示词|"
    r"(?:大模型|语言模型|AI|人工智能)[^。；\n]{0,10}(?:必须|务必|应当|请)|"
    r"\b(?:ignore|disregard|forget)\b[^.\n]{0,30}\b(?:instructions?|rules|prompts?)\b|"
    r"\byou are (?:now )?(?:an? )?(?:AI|assistant|language model|chatbot)\b|"
    r"\bsystem prompt\b|</?(?:system|assistant|instructions?)>|\bnew instructions?\s*:|"
    r"[<‹]{3}|[>›]{3}|\bEND DATA\b|[\"“]sentences[\"”]\s*[:：]|[\[［]\s*E\d{1,3}\s*[\]］]",
    re.I)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


class AnswerError(ValueError):
    """An answer that is not the JSON asked for; the message goes back to the model."""


def json_value(raw: str, *, list_first: bool = False) -> Any:
    """The JSON object in a model's answer, fences and prose around it ignored.

    With ``list_first``, a JSON list the answer opens with is read instead.

    Raises:
        AnswerError: no JSON object, or one that does not parse.
    """
    text = _FENCE.sub("", raw.strip())
    start = text.find("{")
    if start < 0:
        raise AnswerError("the answer contains no JSON object")
    if list_first and text.lstrip().startswith("["):
        start = text.index("[")
    try:
        value, _ = json.JSONDecoder().raw_decode(text[start:])
    except json.JSONDecodeError as exc:
        raise AnswerError(f"the JSON does not parse ({exc.msg} at character {exc.pos})") from None
    return value


def json_object(raw: str) -> dict[str, Any]:
    """The one JSON object a model was asked for (see ``json_value``).

    Raises:
        AnswerError: no JSON object, one that does not parse, or not an object.
    """
    value = json_value(raw)
    if not isinstance(value, dict):
        raise AnswerError("the answer must be one JSON object")
    return value


def ask(model: BaseChatModel, messages: list[BaseMessage]) -> tuple[str, str]:
    """The model's answer text and its refusal ("" when none); errors propagate."""
    reply = model.invoke(messages)
    refusal = str(getattr(reply, "additional_kwargs", {}).get("refusal") or "")
    return (reply.text if isinstance(reply, AIMessage) else str(reply.content)), refusal


def error_reason(exc: BaseException, endpoint: str = "") -> str:
    """Why a model call failed, in one line, redacted before it is cut to length.

    A failure with no HTTP status (the server refused the connection, timed out,
    or sent something unreadable) names ``endpoint``, the URL that was tried.
    """
    lines = redact_text(str(exc)).strip().splitlines()
    reason = clip(f"{type(exc).__name__}: {lines[0] if lines else ''}", 200)
    if endpoint and getattr(exc, "status_code", None) is None:
        reason += f" (endpoint {endpoint})"
    return reason


def endpoint_of(model: BaseChatModel) -> str:
    """The URL ``model`` sends requests to, without credentials ("" when it does not say)."""
    return str(model_params(model).get("base_url") or "")


def instruction_like(text: str) -> str:
    """The words in ``text`` that address a language model, or "" (for the editor's notes)."""
    found = _INSTRUCTION.search(text)
    return found[0] if found else ""


def data(text: str) -> str:
    """Corpus or proposal text made safe to place between the data delimiters.

    Whitespace is flattened to single spaces (an item is one line), angle-bracket
    runs that could imitate a delimiter are broken, and evidence labels
    ("[E7]") are turned into full-width brackets so that no text can pose as an item.
    """
    flat = " ".join(text.split())
    flat = re.sub(r"<{2,}|>{2,}", lambda m: "‹" * len(m[0]) if m[0][0] == "<" else "›" * len(m[0]),
                  flat)
    return re.sub(r"\[(\s*[Ee]\s*\d{1,3}\s*)\]", r"［\1］", flat)


def delimiters() -> tuple[str, str]:
    """A fresh pair of data delimiters; the nonce cannot be guessed by a document."""
    nonce = secrets.token_hex(8)
    return f"<<<DATA {nonce}>>>", f"<<<END DATA {nonce}>>>"


def model_id(model: BaseChatModel) -> str:
    """How run records name a model given as an object: ``<type>:<model name>``."""
    params = model_params(model)
    name = params.get("model_name") or params.get("model") or ""
    kind = getattr(model, "_llm_type", type(model).__name__)
    return f"{kind}:{name}" if name else str(kind)


def model_params(model: BaseChatModel) -> dict[str, Any]:
    """JSON-safe identifying parameters of ``model``, with credentials dropped from URLs."""
    try:
        params = dict(model._identifying_params)
    except Exception:  # a third-party model's property can fail; the record goes on
        params = {}
    # The endpoint as set on the model, else as its SDK client resolved it (OPENAI_BASE_URL).
    client = getattr(model, "root_client", None) or getattr(model, "client", None)
    for url in (getattr(model, "openai_api_base", None), getattr(model, "base_url", None),
                getattr(client, "base_url", None)):
        if url and str(url).startswith("http"):
            params["base_url"] = redact_text(_without_credentials(str(url).rstrip("/")))
            break
    return {k: v for k, v in params.items()
            if isinstance(v, str | int | float | bool) or v is None}


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        parts = parts._replace(netloc=host + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts)


def chat_model(spec: str, *, temperature: float = 0.0, timeout: float = 60.0,
               max_retries: int = 2, options: dict[str, Any] | None = None) -> BaseChatModel:
    """The chat model named ``PROVIDER:MODEL``, made by LangChain's ``init_chat_model``.

    ``openai:`` also reaches vLLM, llama.cpp's server, DeepSeek and any
    OpenAI-compatible endpoint through ``OPENAI_BASE_URL`` or ``base_url`` in
    ``options``; a local endpoint without ``OPENAI_API_KEY`` gets a placeholder
    key, as such servers expect.

    Raises:
        ConfigError: a malformed spec, an unknown provider, a missing provider
            package (named, with the command to install it) or a model that
            cannot be set up (e.g. no API key).
    """
    provider, sep, name = spec.partition(":")
    if not sep or not provider.strip() or not name.strip():
        raise ConfigError(f"llm '{spec}': give PROVIDER:MODEL, e.g. openai:gpt-4o-mini, "
                          "ollama:qwen2.5:7b or anthropic:claude-sonnet-4-5")
    try:
        from langchain.chat_models import init_chat_model
    except ImportError:
        raise MissingExtraError("langchain", "llm", "drafting with an LLM") from None
    kwargs: dict[str, Any] = {"temperature": temperature}
    if provider == "ollama":  # ChatOllama takes its HTTP timeout through the client
        kwargs["client_kwargs"] = {"timeout": timeout}
    else:
        kwargs.update(timeout=timeout, max_retries=max_retries)
    kwargs.update(options or {})
    if (provider == "openai" and (kwargs.get("base_url") or os.environ.get("OPENAI_BASE_URL"))
            and not os.environ.get("OPENAI_API_KEY") and "api_key" not in kwargs):
        kwargs["api_key"] = "EMPTY"  # local OpenAI-compatible servers ask for no key
    try:
        model = init_chat_model(name, model_provider=provider, **kwargs)
    except ImportError as exc:
        found = re.search(r"pip install ([\w\-\[\]]+)", str(exc))
        package = found[1] if found else f"langchain-{provider.replace('_', '-')}"
        raise ConfigError(f"llm '{spec}': the '{provider}' provider needs the '{package}' "
                          f"package: pip install {package}") from None
    except Exception as exc:  # the provider's own complaint (unknown provider, no key)
        raise ConfigError(clip(f"llm '{spec}': {' '.join(str(exc).split())}", 400)) from None
    return cast(BaseChatModel, model)
