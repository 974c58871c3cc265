"""A real local HTTP server speaking the OpenAI chat-completions API, with scripted behaviour.

Tests, the evaluation helper and the benchmarks use it to exercise the real HTTP stack of the LLM
clients (the ``openai`` SDK, connection pooling, timeouts, retries) without a model or a network:

>>> with ScriptedOpenAIServer(default="### Actions\\nup") as server:
...     client = make_client(f"openai:test@{server.base_url}", api_key="x")   # doctest: +SKIP

Each chat request is answered, in order of precedence, by the next scripted ``Reply`` pushed with
``push``; else by a random failure drawn from the configured rates (429, 500, malformed JSON,
dropped connection); else by ``responder(request_body)``; else by ``default``. Every request is
recorded in ``requests`` so tests can assert what was sent.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

ReplyKind = Literal["ok", "malformed", "drop", "error"]


@dataclass
class Reply:
    """One scripted answer: content (str, or a dict sent as JSON text), or a failure."""

    content: str | dict[str, Any] | None = None
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    kind: ReplyKind = "ok"
    #: (prompt_tokens, completion_tokens); estimated from text length when None.
    usage: tuple[int, int] | None = None
    finish_reason: str = "stop"

    @classmethod
    def text(cls, content: str | dict[str, Any], delay_s: float = 0.0) -> Reply:
        return cls(content=content, delay_s=delay_s)

    @classmethod
    def rate_limited(cls, retry_after_s: float | None = None) -> Reply:
        headers = {} if retry_after_s is None else {"Retry-After": f"{retry_after_s:g}"}
        return cls(kind="error", status=429, headers=headers)

    @classmethod
    def server_error(cls, status: int = 500) -> Reply:
        return cls(kind="error", status=status)

    @classmethod
    def error(cls, status: int, message: str = "") -> Reply:
        return cls(kind="error", status=status, content=message)

    @classmethod
    def malformed(cls) -> Reply:
        return cls(kind="malformed")

    @classmethod
    def drop(cls) -> Reply:
        return cls(kind="drop")


@dataclass
class RecordedRequest:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    received_at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("messages", []))

    def text(self) -> str:
        """All text of the request's messages, joined (handy for assertions on prompts)."""
        chunks: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                chunks.append(content)
            elif isinstance(content, list):
                chunks.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
        return "\n".join(chunks)


Responder = Callable[[dict[str, Any]], "str | dict[str, Any] | Reply"]


class ScriptedOpenAIServer:
    """OpenAI-compatible ``/v1/chat/completions`` (and ``/v1/models``) on 127.0.0.1, a free port.

    Args:
        script: replies served first, in order (more can be ``push``-ed at any time).
        responder: called with the request body when no scripted reply is pending.
        default: the answer when there is neither a scripted reply nor a responder.
        latency_s: delay before every answer: seconds, or a (low, high) range drawn uniformly.
        rate_429 / rate_500 / rate_malformed / rate_drop: probabilities of a random failure of each
            kind for unscripted requests (drawn from a ``seed``-ed generator).
        retry_after_s: ``Retry-After`` header sent with random 429s (none when None).
        reject_response_format: answer 400 to requests carrying ``response_format``, like servers
            without structured output.
        api_key: when set, requests without ``Authorization: Bearer <api_key>`` get 401.
    """

    def __init__(
        self,
        script: Iterable[Reply | str] = (),
        *,
        responder: Responder | None = None,
        default: str = "### Reasoning\nNothing to reason about.\n### Actions\nnoop",
        latency_s: float | tuple[float, float] = 0.0,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        rate_malformed: float = 0.0,
        rate_drop: float = 0.0,
        retry_after_s: float | None = None,
        reject_response_format: bool = False,
        api_key: str | None = None,
        seed: int = 0,
    ) -> None:
        self.responder = responder
        self.default = default
        self.latency_s = latency_s
        self.rate_429 = rate_429
        self.rate_500 = rate_500
        self.rate_malformed = rate_malformed
        self.rate_drop = rate_drop
        self.retry_after_s = retry_after_s
        self.reject_response_format = reject_response_format
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._counter = 0
        self.push(*script)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> ScriptedOpenAIServer:
        if self._httpd is not None:
            return self
        handler = _make_handler(self)
        httpd = _Server(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="scripted-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the server is not running; call start() or use it as a context manager")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to give a client as ``base_url`` (ends in ``/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # ------------------------------------------------------------------ scripting
    def push(self, *replies: Reply | str) -> None:
        """Queues replies; plain strings are successful answers."""
        with self._lock:
            for reply in replies:
                self._script.append(reply if isinstance(reply, Reply) else Reply.text(reply))

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat-completion requests received so far (failed ones included)."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def clear(self) -> None:
        """Forgets recorded requests and pending scripted replies."""
        with self._lock:
            self.requests.clear()
            self._script.clear()

    # ------------------------------------------------------------------ decisions (server threads)
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._script:
                return self._script.popleft()
            draw = self._rng.random()
            latency = self._draw_latency()
        for rate, make in (
            (self.rate_429, lambda: Reply.rate_limited(self.retry_after_s)),
            (self.rate_500, Reply.server_error),
            (self.rate_malformed, Reply.malformed),
            (self.rate_drop, Reply.drop),
        ):
            if draw < rate:
                reply = make()
                reply.delay_s = latency
                return reply
            draw -= rate
        if self.reject_response_format and "response_format" in body:
            return Reply.error(400, "response_format is not supported by this server")
        answer: str | dict[str, Any] | Reply = self.responder(body) if self.responder is not None else self.default
        reply = answer if isinstance(answer, Reply) else Reply.text(answer)
        if reply.delay_s == 0.0:
            reply.delay_s = latency
        return reply

    def _draw_latency(self) -> float:
        if isinstance(self.latency_s, tuple):
            low, high = self.latency_s
            return self._rng.uniform(low, high)
        return float(self.latency_s)

    def _completion(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        content = reply.content
        text = json.dumps(content) if isinstance(content, dict) else str(content or "")
        if reply.usage is not None:
            prompt_tokens, completion_tokens = reply.usage
        else:
            prompt_chars = sum(len(json.dumps(m.get("content", ""))) for m in body.get("messages", []))
            prompt_tokens, completion_tokens = prompt_chars // 4 + 1, len(text) // 4 + 1
        with self._lock:
            self._counter += 1
            number = self._counter
        return {
            "id": f"chatcmpl-scripted-{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(body.get("model", "scripted")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


class _Server(ThreadingHTTPServer):
    # The default backlog (5) drops bursts of concurrent connections (the kernel then retries
    # after ~1 s), which would distort concurrency benchmarks.
    request_queue_size = 1024
    daemon_threads = True


def _make_handler(server: ScriptedOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
            return

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every answer.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode("utf-8")
            self._send_raw(status, data, headers)

        def _send_raw(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if server.api_key is None:
                return True
            if self.headers.get("Authorization", "") == f"Bearer {server.api_key}":
                return True
            self._send_json(401, {"error": {"message": "invalid API key", "type": "invalid_request_error"}})
            return False

        def do_GET(self) -> None:
            server._record(RecordedRequest("GET", self.path, _lower(self.headers), None, time.time()))
            if not self._authorised():
                return
            if self.path.rstrip("/").endswith("/models"):
                self._send_json(200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})
            else:
                self._send_json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = None
            server._record(RecordedRequest("POST", self.path, _lower(self.headers), body, time.time()))
            if not self._authorised():
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": f"no route {self.path}"}})
                return
            if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
                self._send_json(400, {"error": {"message": "body must be JSON with a 'messages' list"}})
                return
            reply = server._next_reply(body)
            if reply.delay_s > 0:
                time.sleep(reply.delay_s)
            if reply.kind == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.kind == "malformed":
                self._send_raw(200, b'{"id": "chatcmpl-broken", "choices": [{"message": {"content": "tru')
                return
            if reply.kind == "error":
                message = str(reply.content or f"scripted error {reply.status}")
                self._send_json(
                    reply.status,
                    {"error": {"message": message, "type": "scripted_error", "code": reply.status}},
                    reply.headers,
                )
                return
            self._send_json(reply.status, server._completion(body, reply), reply.headers)

    return Handler


def _lower(headers: Any) -> dict[str, str]:
    """Header names lower-cased, as HTTP treats them case-insensitively."""
    return {str(k).lower(): str(v) for k, v in headers.items()}
