"""The OpenAI-compatible client against a real local HTTP server: retries, timeouts, errors, cache."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from orak_gym.agents.llm import (
    ChatResult,
    LLMConfigError,
    LLMConnectionError,
    LLMRateLimitError,
    LLMRequestError,
    LLMResponseError,
    LLMServerError,
    LLMTimeoutError,
    OpenAIChatClient,
    RetryPolicy,
    cost_usd,
    make_client,
    parse_retry_after,
    parse_spec,
    price_for,
)
from orak_gym.testing import Reply, ScriptedOpenAIServer


@pytest.fixture
def openai_server() -> Iterator[ScriptedOpenAIServer]:
    """A real OpenAI-compatible HTTP server on 127.0.0.1, scripted per test."""
    with ScriptedOpenAIServer() as server:
        yield server


FAST = RetryPolicy(max_retries=3, base_delay_s=0.01, max_delay_s=0.05)
MESSAGES = [{"role": "user", "content": "hello"}]


def client_for(server: ScriptedOpenAIServer, **kwargs) -> OpenAIChatClient:
    kwargs.setdefault("retry", FAST)
    kwargs.setdefault("timeout", 2.0)
    return OpenAIChatClient("test-model", base_url=server.base_url, api_key="sk-test", **kwargs)


# Every way a call goes out: ``complete`` (the SDK), ``acomplete`` posting with aiohttp (the
# default), and ``acomplete`` through the SDK (``ORAK_GYM_HTTP=sdk``). Each must retry, time out
# and fail in the same way.
WAYS = ["sync", "async-direct", "async-sdk"]


@pytest.fixture(params=WAYS)
def call(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[..., ChatResult]:
    way = request.param
    monkeypatch.setenv("ORAK_GYM_HTTP", "sdk" if way == "async-sdk" else "direct")

    def complete(client: OpenAIChatClient, messages: list[dict], **kwargs: object) -> ChatResult:
        if way == "sync":
            return client.complete(messages, **kwargs)

        async def once() -> ChatResult:
            try:
                return await client.acomplete(messages, **kwargs)
            finally:
                await client.aclose()

        return asyncio.run(once())

    complete.way = way  # type: ignore[attr-defined]
    return complete


def test_answer_usage_and_request_shape(openai_server: ScriptedOpenAIServer, call) -> None:
    openai_server.push(Reply(content="### Actions\nup", usage=(120, 7)))
    client = client_for(
        openai_server,
        temperature=0.0,
        max_tokens=64,
        extra_body={"repetition_penalty": 1.1},
        default_headers={"X-Team": "orak"},
    )
    result = call(client, MESSAGES)
    assert result.text == "### Actions\nup"
    assert (result.prompt_tokens, result.completion_tokens, result.attempts) == (120, 7, 1)
    assert result.latency_s > 0 and not result.cached
    body = openai_server.chat_requests[0].body
    assert body["model"] == "test-model" and body["messages"] == MESSAGES
    assert body["temperature"] == 0.0 and body["max_tokens"] == 64 and body["repetition_penalty"] == 1.1
    assert openai_server.chat_requests[0].headers["authorization"] == "Bearer sk-test"
    assert openai_server.chat_requests[0].headers["x-team"] == "orak"
    assert openai_server.chat_requests[0].path.endswith("/v1/chat/completions")


@pytest.mark.parametrize(
    "failure",
    [Reply.rate_limited(), Reply.server_error(500), Reply.server_error(503), Reply.malformed(), Reply.drop()],
    ids=["429", "500", "503", "malformed-json", "dropped-connection"],
)
def test_transient_failures_are_retried(openai_server: ScriptedOpenAIServer, failure: Reply, call) -> None:
    openai_server.push(failure, "recovered")
    result = call(client_for(openai_server), MESSAGES)
    assert result.text == "recovered"
    assert result.attempts == 2
    assert len(openai_server.chat_requests) == 2


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (Reply.rate_limited, LLMRateLimitError),
        (Reply.server_error, LLMServerError),
        (Reply.malformed, LLMResponseError),
        (Reply.drop, LLMConnectionError),
    ],
)
def test_persistent_failures_raise_after_all_attempts(openai_server, failure, error, call) -> None:
    openai_server.push(*[failure() for _ in range(10)])
    if call.way == "async-sdk" and failure == Reply.drop:
        error = (LLMConnectionError, LLMTimeoutError)  # the SDK's aiohttp transport calls a drop a timeout
    with pytest.raises(error) as caught:
        call(client_for(openai_server), MESSAGES)
    assert caught.value.attempts == FAST.max_retries + 1
    assert len(openai_server.chat_requests) == FAST.max_retries + 1


def test_client_errors_are_not_retried(openai_server: ScriptedOpenAIServer, call) -> None:
    openai_server.push(Reply.error(404, "model 'nope' not found"), "never sent")
    with pytest.raises(LLMRequestError, match="model 'nope' not found") as caught:
        call(client_for(openai_server), MESSAGES)
    assert caught.value.status == 404 and caught.value.attempts == 1
    assert len(openai_server.chat_requests) == 1


def test_retry_after_header_is_honoured(openai_server: ScriptedOpenAIServer, call) -> None:
    openai_server.push(Reply.rate_limited(retry_after_s=0.4), "ok")
    started = time.perf_counter()
    result = call(client_for(openai_server), MESSAGES)
    elapsed = time.perf_counter() - started
    assert result.text == "ok" and result.attempts == 2
    assert elapsed >= 0.4  # the backoff alone would have waited <= 0.01 s
    gap = openai_server.chat_requests[1].received_at - openai_server.chat_requests[0].received_at
    assert gap >= 0.4


def test_timeout_is_retried_then_reported(openai_server: ScriptedOpenAIServer, call) -> None:
    openai_server.push(Reply.text("too late", delay_s=1.0), "in time")
    result = call(client_for(openai_server, timeout=0.3), MESSAGES)
    assert result.text == "in time" and result.attempts == 2

    openai_server.push(*[Reply.text("too late", delay_s=1.0) for _ in range(2)])
    client = client_for(openai_server, timeout=0.3, retry=RetryPolicy(max_retries=1, base_delay_s=0.01))
    with pytest.raises(LLMTimeoutError, match=r"0\.3 s") as caught:
        call(client, MESSAGES)
    assert caught.value.attempts == 2


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=5.0, jitter=0.5)

    class Fixed:
        def __init__(self, value: float) -> None:
            self.value = value

        def random(self) -> float:
            return self.value

    assert [policy.delay(n, rng=Fixed(0.0)) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert policy.delay(2, rng=Fixed(1.0)) == 1.0  # jitter shortens by up to half
    assert policy.delay(1, retry_after=3.0, rng=Fixed(0.0)) == 3.0
    assert policy.delay(1, retry_after=999.0, rng=Fixed(0.0)) == policy.max_retry_after_s
    assert parse_retry_after({"Retry-After": "2"}) == 2.0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    assert parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({}) is None


def test_random_failure_rates_are_survived(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.rate_429 = openai_server.rate_500 = openai_server.rate_malformed = 0.1
    openai_server.rate_drop = 0.1
    client = client_for(openai_server, retry=RetryPolicy(max_retries=8, base_delay_s=0.001, max_delay_s=0.01))
    answers = [client.complete(MESSAGES).text for _ in range(20)]
    assert answers == [openai_server.default] * 20
    assert len(openai_server.chat_requests) > 20  # some were failures that got retried


def test_cache_serves_identical_temperature_zero_calls_without_http(tmp_path, openai_server) -> None:
    openai_server.push(Reply(content="cached answer", usage=(50, 5)), "second answer", "third answer")
    client = client_for(openai_server, cache=tmp_path / "cache", temperature=0.0)
    first = client.complete(MESSAGES)
    second = client.complete(MESSAGES)
    assert len(openai_server.chat_requests) == 1
    assert second.text == first.text == "cached answer"
    assert second.cached and second.attempts == 0 and second.cost_usd == 0.0
    assert (second.prompt_tokens, second.completion_tokens) == (50, 5)
    # a new client on the same directory also hits the cache (it is on disk)
    assert client_for(openai_server, cache=tmp_path / "cache").complete(MESSAGES).cached
    # different messages, or a non-zero temperature, go to the server
    assert client.complete([{"role": "user", "content": "other"}]).text == "second answer"
    assert client.complete(MESSAGES, temperature=0.7).text == "third answer"
    assert len(openai_server.chat_requests) == 3


def test_structured_output_and_fallback_when_unsupported(openai_server: ScriptedOpenAIServer, call) -> None:
    schema = {"title": "action", "type": "object", "properties": {"actions": {"type": "string"}}}
    openai_server.push(Reply(content={"actions": "up"}))
    client = client_for(openai_server)
    result = call(client, MESSAGES, json_schema=schema)
    assert result.structured and result.text == '{"actions": "up"}'
    sent = openai_server.chat_requests[-1].body["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["schema"] == schema

    openai_server.reject_response_format = True
    result = call(client, MESSAGES, json_schema=schema)
    assert not result.structured and not client.structured_output
    assert "response_format" not in openai_server.chat_requests[-1].body


def test_cost_from_the_price_table(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.push(Reply(content="x", usage=(1_000_000, 1_000_000)))
    client = OpenAIChatClient("gpt-4o-mini-2024-07-18", base_url=openai_server.base_url, api_key="k", retry=FAST)
    assert client.complete(MESSAGES).cost_usd == pytest.approx(0.15 + 0.60)
    assert price_for("openai/gpt-4o") == (2.50, 10.00)
    assert price_for("my-local-model") == (0.0, 0.0)
    assert cost_usd("custom", 2_000_000, 0, {"custom": (1.0, 2.0)}) == pytest.approx(2.0)


def test_async_client_runs_requests_concurrently() -> None:
    with ScriptedOpenAIServer(default="ok", latency_s=0.3) as server:
        client = client_for(server)

        async def many() -> tuple[list[str], float]:
            await client.acomplete(MESSAGES)  # warm-up: SDK set-up and first connection
            started = time.perf_counter()
            results = await asyncio.gather(*[client.acomplete(MESSAGES) for _ in range(8)])
            elapsed = time.perf_counter() - started
            await client.aclose()
            return [r.text for r in results], elapsed

        texts, elapsed = asyncio.run(many())
    assert texts == ["ok"] * 8
    assert elapsed < 8 * 0.3 / 2  # sequential would take 2.4 s


def test_async_retries_and_errors(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.push(Reply.drop(), Reply.rate_limited(0.05), "async ok", Reply.error(401, "bad key"))
    client = client_for(openai_server)

    async def once() -> ChatResult:
        try:
            return await client.acomplete(MESSAGES)
        finally:
            await client.aclose()

    result = asyncio.run(once())
    assert result.text == "async ok" and result.attempts == 3
    with pytest.raises(LLMRequestError, match="bad key"):
        asyncio.run(once())  # a second event loop gets its own connection pool


def test_model_specs() -> None:
    assert parse_spec("openai:gpt-4o-mini") == ("openai", "gpt-4o-mini", None)
    assert parse_spec("vllm:Qwen/Qwen2.5-7B-Instruct@http://localhost:8000/v1") == (
        "vllm",
        "Qwen/Qwen2.5-7B-Instruct",
        "http://localhost:8000/v1",
    )
    assert parse_spec("ollama:llama3.2:3b") == ("ollama", "llama3.2:3b", None)
    assert parse_spec("gpt-4o") == ("openai", "gpt-4o", None)
    with pytest.raises(LLMConfigError, match="unknown provider 'foo'"):
        parse_spec("foo:bar")
    with pytest.raises(LLMConfigError, match="malformed"):
        parse_spec("")

    vllm = make_client("vllm:Qwen/Qwen2.5-7B-Instruct@http://10.0.0.5:8000/v1")
    assert (vllm.model, vllm.base_url, vllm.api_key) == (
        "Qwen/Qwen2.5-7B-Instruct",
        "http://10.0.0.5:8000/v1",
        "EMPTY",
    )
    ollama = make_client("ollama:llama3.2", timeout=5)
    assert ollama.base_url == "http://localhost:11434/v1" and ollama.timeout == 5
    assert not make_client("deepseek:deepseek-chat", api_key="k").supports_images
    with pytest.raises(LLMConfigError, match="compat"):
        make_client("compat:model")


def test_openai_spec_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY"):
        make_client("openai:gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    assert make_client("openai:gpt-4o-mini").api_key == "sk-from-env"


def test_spec_client_talks_to_the_server(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.api_key = "secret"
    openai_server.push("hi")
    client = make_client(f"compat:any-model@{openai_server.base_url}", api_key="secret", retry=FAST)
    assert client.complete(MESSAGES).text == "hi"
    wrong = make_client(f"compat:any-model@{openai_server.base_url}", api_key="wrong", retry=FAST)
    with pytest.raises(LLMRequestError, match="401"):
        wrong.complete(MESSAGES)


def test_import_makes_no_network_call_and_does_not_import_openai() -> None:
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise AssertionError('network at import')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import orak_gym.agents, orak_gym.agents.llm\n"
        "from orak_gym.agents import make_client\n"
        "make_client('vllm:m')\n"
        "assert 'openai' not in sys.modules, 'openai imported eagerly'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_non_ascii_and_lone_surrogates_reach_the_server(openai_server: ScriptedOpenAIServer, call) -> None:
    text = "naïve ☃ 한국어 \ud800 end"  # a lone surrogate can come from a game's text or an earlier answer
    result = call(client_for(openai_server), [{"role": "user", "content": text}])
    assert result.text == openai_server.default
    sent = openai_server.chat_requests[0].body["messages"][0]["content"]
    # aiohttp posts JSON escapes as they are; the SDK encodes strictly, so the client sends U+FFFD
    assert sent == (text if call.way == "async-direct" else text.replace("\ud800", "\ufffd"))
    assert len(openai_server.chat_requests) == 1
