"""An OpenAI-compatible HTTP server on loopback, scripted per request, for tests.

Real OpenAI clients (the ``openai`` SDK, ``langchain_openai.ChatOpenAI``) talk
to it over real HTTP, so tests exercise the client's own status handling,
timeouts, retries and parsing without a hosted model::

    with FakeOpenAIServer([{"content": "一是……"}, {"status": 429}]) as server:
        llm = ChatOpenAI(model="local-model", base_url=server.url, api_key="sk-test")
        assert llm.invoke("hi").content == "一是……"
        assert server.requests[0].body["model"] == "local-model"

Script items (one per ``POST /v1/chat/completions``, consumed in arrival order):

* ``{"content": "..."}`` – a well-formed ``chat.completion``;
* ``{"content_fn": fn}`` – content ``fn(request_body)``;
* ``{"status": 500}`` / ``{"status": 429}`` (optional ``"body"``: the message)
  – an OpenAI-style error; 429 carries ``retry-after: 0``;
* ``{"delay": 2.0, ...}`` – sleep first, then answer as the rest of the item says;
* ``{"raw": "not json"}`` – 200, that body, ``content-type: application/json``
  (or the item's ``"content_type"``);
* ``{"refusal": "I can't help with that."}`` – a message with ``content: null``.

Any item may add ``"headers"``, extra response headers (e.g. ``{"retry-after-ms": "10"}``
so that a client's retry does not wait its default backoff).

When the script is used up the server answers 500 saying so (or repeats the
last item with ``repeat_last=True``).  ``GET /v1/models`` lists one model.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["FakeOpenAIServer", "RecordedRequest"]

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "server_error",
}
_SCRIPT_KEYS = {
    "content",
    "content_fn",
    "status",
    "body",
    "delay",
    "raw",
    "content_type",
    "refusal",
    "headers",
}


@dataclass
class RecordedRequest:
    """One request the server received.

    Attributes:
        method: ``GET`` or ``POST``.
        path: The request path, e.g. ``/v1/chat/completions``.
        headers: Header names lower-cased, e.g. ``headers["authorization"]``.
        body: The parsed JSON body (``None`` when there was none or it was not JSON).
    """

    method: str
    path: str
    headers: dict[str, str]
    body: Any = None


@dataclass
class _State:
    script: list[dict[str, Any]]
    repeat_last: bool
    lock: threading.Lock = field(default_factory=threading.Lock)
    position: int = 0
    requests: list[RecordedRequest] = field(default_factory=list)
    handler_errors: list[BaseException] = field(default_factory=list)
    #: Set by ``stop``: cuts ``delay`` sleeps short.
    stopping: threading.Event = field(default_factory=threading.Event)
    #: Open client connections and the threads serving them, closed and joined by ``stop``.
    connections: dict[threading.Thread, socket.socket] = field(default_factory=dict)

    def next_item(self) -> dict[str, Any] | None:
        with self.lock:
            if self.position < len(self.script):
                item = self.script[self.position]
                self.position += 1
                return item
            if self.repeat_last and self.script:
                return self.script[-1]
            return None


def _completion(body: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    """A ``chat.completion`` object as the OpenAI API returns it."""
    content = message.get("content") or ""
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    prompt_tokens = max(1, prompt_chars // 4)
    completion_tokens = max(1, len(content) // 4)
    return {
        "id": f"chatcmpl-fake{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "unknown"),
        "system_fingerprint": "fp_fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", **message},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _error(status: int, message: str) -> dict[str, Any]:
    """An OpenAI-style error body."""
    return {
        "error": {
            "message": message,
            "type": _ERROR_TYPES.get(status, "api_error"),
            "param": None,
            "code": None,
        }
    }


def _make_handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Stay quiet: pytest shows failures, not access logs."""

        def _record(self) -> RecordedRequest:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            request = RecordedRequest(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            with state.lock:
                state.requests.append(request)
            return request

        def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
            headers = {"content-type": "application/json", **(headers or {})}
            try:
                self.send_response(status)
                self.send_header("content-length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.close_connection = True  # the client gave up (e.g. its timeout)

        def _send_json(
            self, status: int, obj: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            self._send(status, json.dumps(obj, ensure_ascii=False).encode(), headers)

        def do_GET(self) -> None:  # noqa: N802
            """``GET /v1/models``: one model, for clients that probe."""
            self._record()
            if self.path.rstrip("/") == "/v1/models":
                model = {
                    "id": "local-model",
                    "object": "model",
                    "created": 0,
                    "owned_by": "drafter-tests",
                }
                self._send_json(200, {"object": "list", "data": [model]})
            else:
                self._send_json(404, _error(404, f"no route GET {self.path}"))

        def do_POST(self) -> None:  # noqa: N802
            """``POST /v1/chat/completions``: the next script item."""
            request = self._record()
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(404, _error(404, f"no route POST {self.path}"))
                return
            item = state.next_item()
            if item is None:
                self._send_json(
                    500,
                    _error(
                        500,
                        f"FakeOpenAIServer: script exhausted after {len(state.script)} "
                        "requests; give it more items or repeat_last=True",
                    ),
                )
                return
            try:
                self._answer(item, request.body if isinstance(request.body, dict) else {})
            except Exception as exc:  # a bad script item or content_fn: say so, keep serving
                with state.lock:
                    state.handler_errors.append(exc)
                self._send_json(500, _error(500, f"FakeOpenAIServer: {exc!r}"))

        def _answer(self, item: dict[str, Any], body: dict[str, Any]) -> None:
            if item.get("delay") and state.stopping.wait(float(item["delay"])):
                return  # stop() was called while sleeping
            headers: dict[str, str] = dict(item.get("headers") or {})
            if "status" in item:
                status = int(item["status"])
                message = item.get("body") or f"scripted error {status}"
                if status == 429:
                    headers = {"retry-after": "0", **headers}
                self._send_json(status, _error(status, message), headers)
            elif "raw" in item:
                if "content_type" in item:
                    headers["content-type"] = item["content_type"]
                self._send(200, str(item["raw"]).encode(), headers)
            elif "refusal" in item:
                self._send_json(
                    200, _completion(body, {"content": None, "refusal": item["refusal"]}), headers
                )
            else:
                content = item["content_fn"](body) if "content_fn" in item else item["content"]
                self._send_json(
                    200, _completion(body, {"content": content, "refusal": None}), headers
                )

    return Handler


class _Server(ThreadingHTTPServer):
    """A threading server that keeps each connection and its thread until it ends."""

    def __init__(self, state: _State) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), _make_handler(state))

    def process_request(self, request: Any, client_address: Any) -> None:
        def serve() -> None:
            try:
                self.process_request_thread(request, client_address)
            finally:
                with self.state.lock:
                    self.state.connections.pop(thread, None)

        thread = threading.Thread(
            target=serve, name=f"FakeOpenAIServer:{self.server_address[1]}:conn", daemon=True
        )
        # Registered by the accepting thread, so after shutdown() none is missed.
        with self.state.lock:
            self.state.connections[thread] = request
        thread.start()


class FakeOpenAIServer:
    """An OpenAI-compatible chat-completions server on ``127.0.0.1``, in a thread.

    Args:
        script: One dict per chat-completions request (see the module docstring).
        repeat_last: Answer with the last item once the script is used up.

    Attributes:
        url: The base URL to give a client, ``http://127.0.0.1:PORT/v1``.
    """

    def __init__(self, script: Iterable[dict[str, Any]] = (), *, repeat_last: bool = False) -> None:
        items = list(script)
        for i, item in enumerate(items):
            unknown = set(item) - _SCRIPT_KEYS
            if unknown or not set(item) & {"content", "content_fn", "status", "raw", "refusal"}:
                raise ValueError(
                    f"FakeOpenAIServer: script item {i} {item!r} needs one of content, "
                    f"content_fn, status, raw, refusal (known keys: {sorted(_SCRIPT_KEYS)})"
                )
        self._state = _State(script=items, repeat_last=repeat_last)
        self._httpd = _Server(self._state)
        self.port: int = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._state.lock:
            return list(self._state.requests)

    @property
    def handler_errors(self) -> list[BaseException]:
        """Exceptions raised by script items (e.g. a failing ``content_fn``)."""
        with self._state.lock:
            return list(self._state.handler_errors)

    @property
    def thread(self) -> threading.Thread | None:
        """The thread serving requests, ``None`` before ``start``."""
        return self._thread

    def start(self) -> FakeOpenAIServer:
        """Serve in a daemon thread; returns ``self``."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"FakeOpenAIServer:{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: close the listening socket and every open connection, join threads.

        Idempotent.  Afterwards no thread of this server is alive and the port
        accepts no connection.
        """
        self._state.stopping.set()
        if self._thread is not None and self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()
        with self._state.lock:
            open_connections = list(self._state.connections.items())
        for thread, conn in open_connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)  # wakes a handler waiting on keep-alive
            except OSError:
                pass  # already closed by its handler
            thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
