"""The LLM fakes: the scripted chat model, and the OpenAI-compatible server driven
through LangChain's real OpenAI client (no hosted model is ever called).

The server tests pin what ``langchain_openai.ChatOpenAI`` actually raises or
returns for each fault, which is what the LLM composer has to handle.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from langchain_core.caches import InMemoryCache
from langchain_core.exceptions import (
    ModelAPIError,
    ModelError,
    ModelRateLimitError,
    ModelTimeoutError,
)
from langchain_core.globals import set_llm_cache
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

from drafter.compose.fake import ScriptedChatModel, scripted
from tests.openai_server import FakeOpenAIServer

API_KEY = "sk-test-not-a-real-key-1234"
PROMPT = ChatPromptTemplate.from_messages(
    [
        ("system", "Answer the recommendation from the evidence only; cite ids like [E1]."),
        ("human", "Recommendation: {rec}\nEvidence:\n{evidence}"),
    ]
)
EVIDENCE_ID = re.compile(r"\[E\d+\]")


def _cite_evidence(messages: list[BaseMessage]) -> str:
    """A script item answering with the evidence ids found in the prompt."""
    return "已落实 " + "".join(EVIDENCE_ID.findall(messages[-1].text))


# --- ScriptedChatModel -------------------------------------------------------------


def test_scripted_answers_in_script_order() -> None:
    model = scripted("一是加大投入。", "二是完善机制。")
    first, second = model.invoke("hi"), model.invoke("again")
    assert isinstance(first, AIMessage)
    assert (first.content, second.content) == ("一是加大投入。", "二是完善机制。")
    assert first.response_metadata["model_name"] == "scripted"
    assert model.remaining == 0


def test_scripted_raises_exception_items_then_goes_on() -> None:
    error = TimeoutError("upstream slow")
    model = scripted(error, "after the error")
    with pytest.raises(TimeoutError) as caught:
        model.invoke("hi")
    assert caught.value is error
    assert model.invoke("hi").content == "after the error"


def test_callable_item_sees_the_messages_and_answers_from_them() -> None:
    seen: list[list[BaseMessage]] = []

    def answer(messages: list[BaseMessage]) -> str:
        seen.append(messages)
        return _cite_evidence(messages)

    model = scripted(answer, lambda messages: ValueError(f"{len(messages)} messages"))
    chain = PROMPT | model | StrOutputParser()
    out = chain.invoke({"rec": "加强人才引进", "evidence": "[E3] 人才政策\n[E7] 住房补贴"})
    assert out == "已落实 [E3][E7]"
    assert [type(m) for m in seen[0]] == [SystemMessage, HumanMessage]
    with pytest.raises(ValueError, match="^2 messages$"):  # a returned exception is raised
        chain.invoke({"rec": "x", "evidence": "none"})


def test_exhausted_script_says_how_many_calls_it_answered() -> None:
    model = scripted("only one")
    model.invoke("hi")
    with pytest.raises(RuntimeError, match="script exhausted after 1 calls.*repeat_last=True"):
        model.invoke("hi")
    with pytest.raises(RuntimeError, match="script exhausted after 0 calls"):
        scripted().invoke("hi")


def test_repeat_last_keeps_answering_with_the_last_item() -> None:
    model = scripted("first", "again", repeat_last=True)
    assert [model.invoke("q").content for _ in range(4)] == ["first", "again", "again", "again"]


def test_calls_and_bound_kwargs_are_recorded() -> None:
    model = scripted("a", "b")
    model.invoke([("system", "be brief"), ("human", "question one")])
    model.bind(temperature=0.2, stop=["\n\n"]).invoke("question two")
    calls = model.calls
    assert [[m.text for m in call] for call in calls] == [
        ["be brief", "question one"],
        ["question two"],
    ]
    assert isinstance(calls[0][0], SystemMessage)
    assert model.call_kwargs == [{"stop": None}, {"stop": ["\n\n"], "temperature": 0.2}]
    calls.clear()  # a copy: the record is not changed from outside
    assert len(model.calls) == 2


def test_constructor_accepts_the_settings_real_models_take() -> None:
    model = ScriptedChatModel(script=["x"], model_name="demo", temperature=0, timeout=30)
    assert model._llm_type == "drafter-scripted"
    assert model.asdict() == {
        "model_name": "demo",
        "temperature": 0,
        "timeout": 30,
        "_type": "drafter-scripted",
    }
    assert model.invoke("q").response_metadata["model_name"] == "demo"
    with pytest.raises(TypeError, match="script item 1 is a int"):
        scripted("ok", 42)


def test_lcel_chain_formats_the_prompt_and_parses_to_str() -> None:
    model = scripted("一是……二是……")
    out = (PROMPT | model | StrOutputParser()).invoke({"rec": "R", "evidence": "[E1] text"})
    assert out == "一是……二是……"
    assert model.calls[0][1].text == "Recommendation: R\nEvidence:\n[E1] text"


def test_batch_answers_input_i_with_script_item_i() -> None:
    model = scripted("one", "two", "three")
    chain = PROMPT | model | StrOutputParser()
    inputs = [{"rec": f"rec {i}", "evidence": ""} for i in range(3)]
    assert chain.batch(inputs) == ["one", "two", "three"]
    assert [call[1].text.splitlines()[0] for call in model.calls] == [
        "Recommendation: rec 0",
        "Recommendation: rec 1",
        "Recommendation: rec 2",
    ]

    failing = scripted("a", RuntimeError("b failed"), "c")
    out = failing.batch(["1", "2", "3"], return_exceptions=True)
    assert [getattr(o, "content", None) for o in out] == ["a", None, "c"]
    assert isinstance(out[1], RuntimeError)


def test_ainvoke_and_abatch() -> None:
    model = scripted("async one", "async two", "async three")

    async def run() -> tuple[AIMessage, list[Any]]:
        return await model.ainvoke("q"), await model.abatch(["r", "s"])

    first, rest = asyncio.run(run())
    assert first.content == "async one"
    assert [m.content for m in rest] == ["async two", "async three"]
    assert [call[0].text for call in model.calls] == ["q", "r", "s"]


def test_concurrent_calls_each_take_a_distinct_item() -> None:
    n = 16
    model = scripted(*[f"answer {i}" for i in range(n)])
    barrier = threading.Barrier(n)
    answers: list[str] = []
    lock = threading.Lock()

    def call(i: int) -> None:
        barrier.wait()
        content = model.invoke(f"q {i}").text
        with lock:
            answers.append(content)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert sorted(answers) == sorted(f"answer {i}" for i in range(n))
    assert len(model.calls) == n
    with pytest.raises(RuntimeError, match=f"after {n} calls"):
        model.invoke("one too many")


def test_a_global_llm_cache_does_not_answer_for_the_script() -> None:
    set_llm_cache(InMemoryCache())
    try:
        model = scripted("first", "second")
        assert [model.invoke("same").content, model.invoke("same").content] == ["first", "second"]
    finally:
        set_llm_cache(None)


# --- FakeOpenAIServer through langchain_openai.ChatOpenAI -----------------------------


def _llm(server: FakeOpenAIServer, **overrides: Any) -> ChatOpenAI:
    """The real OpenAI client of LangChain, pointed at the fake server."""
    settings: dict[str, Any] = {
        "model": "local-model",
        "base_url": server.url,
        "api_key": API_KEY,
        "timeout": 0.5,
        "max_retries": 0,
        "temperature": 0,
    }
    return ChatOpenAI(**{**settings, **overrides})


@pytest.fixture
def server_threads() -> Iterator[None]:
    """Fails the test if a server thread outlives its ``with`` block."""
    yield
    left = [t.name for t in threading.enumerate() if t.name.startswith("FakeOpenAIServer")]
    assert left == []


@pytest.mark.usefixtures("server_threads")
def test_good_answer_and_what_the_server_saw() -> None:
    with FakeOpenAIServer([{"content": "一是加大投入。"}]) as server:
        answer = _llm(server).invoke([("system", "sys"), ("human", "hi")])
    assert answer.content == "一是加大投入。"
    assert answer.additional_kwargs == {"refusal": None}
    assert answer.response_metadata["model_name"] == "local-model"
    assert answer.response_metadata["finish_reason"] == "stop"
    assert answer.usage_metadata is not None and answer.usage_metadata["total_tokens"] > 0
    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.body["model"] == "local-model"
    assert request.body["temperature"] == 0
    assert request.body["messages"] == [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "hi"},
    ]
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["x-stainless-read-timeout"] == "0.5"


@pytest.mark.usefixtures("server_threads")
def test_500_raises_internal_server_error() -> None:
    with (
        FakeOpenAIServer([{"status": 500, "body": "model crashed"}]) as server,
        pytest.raises(openai.InternalServerError) as caught,
    ):
        _llm(server).invoke("hi")
    error = caught.value
    assert isinstance(error, ModelAPIError) and error.is_retryable
    assert error.status_code == 500
    assert str(error) == "Error code: 500 - model crashed"
    assert error.body == {
        "message": "model crashed",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    assert len(server.requests) == 1  # max_retries=0: no second try


@pytest.mark.usefixtures("server_threads")
def test_429_raises_rate_limit_error_with_retry_after() -> None:
    with (
        FakeOpenAIServer([{"status": 429}]) as server,
        pytest.raises(openai.RateLimitError) as caught,
    ):
        _llm(server).invoke("hi")
    assert isinstance(caught.value, ModelRateLimitError)
    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "0"


@pytest.mark.usefixtures("server_threads")
def test_slow_server_raises_timeout_before_the_answer_comes() -> None:
    with FakeOpenAIServer([{"delay": 2.0, "content": "too late"}]) as server:
        start = time.monotonic()
        with pytest.raises(openai.APITimeoutError) as caught:
            _llm(server, timeout=0.5).invoke("hi")
        waited = time.monotonic() - start
    assert waited < 2.0  # the client gave up; it did not wait for the answer
    assert isinstance(caught.value, ModelTimeoutError)
    assert not isinstance(caught.value, openai.APIStatusError)
    assert len(server.requests) == 1


@pytest.mark.usefixtures("server_threads")
@pytest.mark.parametrize(
    ("item", "error_type", "message"),
    [
        ({"raw": "this is not json"}, json.JSONDecodeError, "Expecting value"),
        (
            {"raw": "<html>502</html>", "content_type": "text/html"},
            ValueError,
            "Unexpected response type from OpenAI-compatible endpoint",
        ),
        ({"raw": '{"id": "x"}'}, TypeError, "null value for 'choices'"),
    ],
    ids=["not-json", "html", "no-choices"],
)
def test_malformed_response_raises_a_plain_python_error(
    item: dict[str, Any], error_type: type[Exception], message: str
) -> None:
    with FakeOpenAIServer([item]) as server, pytest.raises(error_type, match=message) as caught:
        _llm(server).invoke("hi")
    # Not an openai or LangChain model error: a composer must catch these itself.
    assert not isinstance(caught.value, openai.OpenAIError | ModelError)


@pytest.mark.usefixtures("server_threads")
def test_refusal_comes_back_as_empty_content_and_a_refusal_block() -> None:
    with FakeOpenAIServer([{"refusal": "I can't help with that."}]) as server:
        answer = _llm(server).invoke("hi")
    assert answer.content == ""
    assert answer.text == ""
    assert answer.additional_kwargs == {"refusal": "I can't help with that."}
    assert answer.content_blocks == [{"type": "refusal", "refusal": "I can't help with that."}]
    assert answer.response_metadata["finish_reason"] == "stop"


@pytest.mark.usefixtures("server_threads")
def test_content_fn_answers_from_the_prompt() -> None:
    def cite(body: dict[str, Any]) -> str:
        return "已落实 " + "".join(EVIDENCE_ID.findall(body["messages"][-1]["content"]))

    with FakeOpenAIServer([{"content_fn": cite}]) as server:
        chain = PROMPT | _llm(server) | StrOutputParser()
        out = chain.invoke({"rec": "R", "evidence": "[E2] a\n[E9] b"})
    assert out == "已落实 [E2][E9]"


@pytest.mark.usefixtures("server_threads")
def test_one_retry_recovers_from_a_500() -> None:
    script: list[dict[str, Any]] = [
        {"status": 500, "headers": {"retry-after-ms": "10"}},
        {"content": "second try"},
    ]
    with FakeOpenAIServer(script) as server:
        answer = _llm(server, max_retries=1).invoke("hi")
    assert answer.content == "second try"
    first, second = server.requests
    assert first.body == second.body
    assert second.headers["x-stainless-retry-count"] == "1"


@pytest.mark.usefixtures("server_threads")
def test_exhausted_script_and_failing_content_fn_answer_500() -> None:
    def broken(body: dict[str, Any]) -> str:
        raise KeyError("no such field")

    with FakeOpenAIServer([{"content_fn": broken}]) as server:
        llm = _llm(server)
        with pytest.raises(openai.InternalServerError, match="KeyError"):
            llm.invoke("hi")
        with pytest.raises(openai.InternalServerError, match="script exhausted after 1 requests"):
            llm.invoke("hi")
    assert [type(e) for e in server.handler_errors] == [KeyError]


@pytest.mark.usefixtures("server_threads")
def test_models_endpoint_and_unknown_routes() -> None:
    with FakeOpenAIServer() as server:
        client = openai.OpenAI(base_url=server.url, api_key=API_KEY, max_retries=0, timeout=0.5)
        assert [m.id for m in client.models.list()] == ["local-model"]
        with pytest.raises(openai.NotFoundError):
            client.embeddings.create(model="local-model", input="x")
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/v1/models"),
        ("POST", "/v1/embeddings"),
    ]


def test_script_items_are_checked() -> None:
    with pytest.raises(ValueError, match="needs one of content"):
        FakeOpenAIServer([{"contents": "typo"}])


def test_server_stops_cleanly_with_open_and_stalled_connections() -> None:
    server = FakeOpenAIServer([{"content": "ok"}, {"delay": 30, "content": "never sent"}]).start()
    llm = _llm(server, timeout=0.3)
    assert llm.invoke("hi").content == "ok"  # leaves a keep-alive connection open
    with pytest.raises(openai.APITimeoutError):
        llm.invoke("stall")  # leaves a handler sleeping for 30 s
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 2.0
    assert server.thread is not None and not server.thread.is_alive()
    assert [t for t in threading.enumerate() if t.name.startswith("FakeOpenAIServer")] == []
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=0.5)
    server.stop()  # idempotent
