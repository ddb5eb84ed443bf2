"""A scripted chat model: deterministic LangChain answers for tests and demos.

``ScriptedChatModel`` is a real LangChain ``BaseChatModel`` that never calls a
hosted model.  Each call consumes the next item of its script: a ``str`` is the
answer, an exception instance is raised, and a callable receives the messages
and returns either.  It works wherever a chat model does (``invoke``,
``batch``, ``ainvoke``, LCEL chains, ``bind``), so code built on LangChain can
be tested offline, including by other tools' tests::

    from drafter.compose.fake import scripted

    model = scripted("一是……", TimeoutError("slow"), lambda msgs: msgs[-1].text)
    assert model.invoke("hi").content == "一是……"
    assert len(model.calls) == 1

``batch`` and ``abatch`` answer the inputs one after the other, so the i-th
input always gets the i-th script item; the script is consumed under a lock,
so concurrent calls from threads each get a distinct item.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.language_models.base import LangSmithParams
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableConfig
from pydantic import Field, PrivateAttr, field_validator

__all__ = ["ScriptedChatModel", "scripted"]


class ScriptedChatModel(BaseChatModel):
    """A chat model that answers from a script, one item per call.

    Script items:

    * ``str`` – the answer (an ``AIMessage`` with that content);
    * ``AIMessage`` – returned as it is (a copy), e.g. to script tool calls;
    * an exception instance – raised by the call;
    * a callable ``(messages) -> str | Exception`` – its result is used as above,
      so a test can answer according to the prompt.

    When the script is used up the next call raises ``RuntimeError``, unless
    ``repeat_last`` is set, in which case the last item answers every later call.

    Attributes:
        script: The items, consumed in call order.
        repeat_last: Keep answering with the last item once the script is used up.
        model_name: Reported in identifying params and response metadata.
        temperature: Accepted (and recorded) so code that sets it works; unused.
        timeout: Accepted (and recorded) so code that sets it works; unused.
    """

    script: list[Any] = Field(default_factory=list)
    repeat_last: bool = False
    model_name: str = "scripted"
    temperature: float | None = None
    timeout: float | None = None
    # A script is meant to be consumed: a global LLM cache must not answer for it.
    cache: BaseCache | bool | None = Field(default=False, exclude=True)

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _position: int = PrivateAttr(default=0)
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _call_kwargs: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    @field_validator("script")
    @classmethod
    def _check_items(cls, script: list[Any]) -> list[Any]:
        for i, item in enumerate(script):
            if not isinstance(item, str | AIMessage | BaseException) and not callable(item):
                raise TypeError(
                    f"ScriptedChatModel: script item {i} is a {type(item).__name__}; "
                    "use a str, an AIMessage, an exception instance or a callable"
                )
        return script

    @property
    def calls(self) -> list[list[BaseMessage]]:
        """The messages of every call so far, in call order (a copy)."""
        with self._lock:
            return [list(messages) for messages in self._calls]

    @property
    def call_kwargs(self) -> list[dict[str, Any]]:
        """The keyword arguments of every call (``stop`` and bound kwargs), in call order."""
        with self._lock:
            return [dict(kwargs) for kwargs in self._call_kwargs]

    @property
    def remaining(self) -> int:
        """How many script items have not been consumed yet."""
        with self._lock:
            return max(len(self.script) - self._position, 0)

    @property
    def _llm_type(self) -> str:
        return "drafter-scripted"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": self.model_name,
            "temperature": self.temperature,
            "timeout": self.timeout,
        }

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "drafter"
        params["ls_model_name"] = self.model_name
        return params

    def _next_item(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> Any:
        """Record the call and take its script item, atomically."""
        with self._lock:
            self._calls.append(list(messages))
            self._call_kwargs.append(kwargs)
            if self._position < len(self.script):
                item = self.script[self._position]
                self._position += 1
                return item
            if self.repeat_last and self.script:
                return self.script[-1]
            raise RuntimeError(
                f"ScriptedChatModel: script exhausted after {len(self.script)} calls; "
                "give it more items or set repeat_last=True"
            )

    def _answer(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> ChatResult:
        item = self._next_item(messages, kwargs)
        if callable(item):
            item = item(list(messages))
            if not isinstance(item, str | BaseException):
                raise TypeError(
                    "ScriptedChatModel: a callable script item must return a str or an "
                    f"exception instance, not {type(item).__name__}"
                )
        if isinstance(item, BaseException):
            raise item
        metadata = {"model_name": self.model_name, "finish_reason": "stop"}
        if isinstance(item, AIMessage):
            message = item.model_copy(deep=True)
            message.response_metadata = {**metadata, **message.response_metadata}
        else:
            message = AIMessage(content=item, response_metadata=metadata)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._answer(messages, {"stop": stop, **kwargs})

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._answer(messages, {"stop": stop, **kwargs})

    def batch(
        self,
        inputs: list[LanguageModelInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """Answer each input in turn, so input i gets script item i."""
        results: list[Any] = []
        for input_, cfg in zip(inputs, _configs(config, len(inputs)), strict=True):
            try:
                results.append(self.invoke(input_, cfg, **kwargs))
            except Exception as exc:
                if not return_exceptions:
                    raise
                results.append(exc)
        return results

    async def abatch(
        self,
        inputs: list[LanguageModelInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """Answer each input in turn, so input i gets script item i."""
        results: list[Any] = []
        for input_, cfg in zip(inputs, _configs(config, len(inputs)), strict=True):
            try:
                results.append(await self.ainvoke(input_, cfg, **kwargs))
            except Exception as exc:
                if not return_exceptions:
                    raise
                results.append(exc)
        return results


def _configs(
    config: RunnableConfig | Sequence[RunnableConfig] | None, n: int
) -> list[RunnableConfig | None]:
    """One config per input, as ``Runnable.batch`` accepts them."""
    if isinstance(config, Sequence):
        if len(config) != n:
            raise ValueError(f"got {len(config)} configs for {n} inputs; pass one per input")
        return list(config)
    return [config] * n


def scripted(*items: Any, **kw: Any) -> ScriptedChatModel:
    """A ``ScriptedChatModel`` answering with ``items`` in order.

    Args:
        *items: Script items (str, AIMessage, exception instance or callable).
        **kw: Other fields, e.g. ``repeat_last=True`` or ``model_name="demo"``.
    """
    return ScriptedChatModel(script=list(items), **kw)
