"""Chat client for every OpenAI-compatible server, on the official ``openai`` SDK.

One class serves OpenAI, vLLM, Ollama, llama.cpp server, LM Studio, DeepSeek and OpenRouter: they
differ only in ``base_url``, API key and model name (see :func:`orak_gym.agents.llm.make_client`).

Asynchronous calls post the body with aiohttp (:mod:`orak_gym.agents.llm.direct_http`: the SDK's
per-call CPU holds back a runner with many episodes in flight); ``ORAK_GYM_HTTP=sdk`` sends them
through the SDK (its aiohttp transport), ``ORAK_GYM_HTTP=httpx`` through the SDK's default httpx
pool. Synchronous calls always use the SDK.

Retries are ours, not the SDK's (``max_retries=0`` there), so that the timing is documented and the
attempt count is recorded: 429, 5xx, timeouts, dropped connections and malformed answers are
retried up to ``retry.max_retries`` times with exponential backoff and jitter, honouring
``Retry-After``; other 4xx fail at once (:class:`LLMRequestError`). After the last attempt the
client raises the ``LLMError`` subclass matching the last failure. Nothing touches the network
until the first call.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
import weakref
from collections.abc import Generator, Mapping
from typing import Any

from orak_gym.agents.llm import direct_http
from orak_gym.agents.llm.base import (
    ChatResult,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMRateLimitError,
    LLMRequestError,
    LLMResponseError,
    LLMServerError,
    LLMTimeoutError,
    Message,
)
from orak_gym.agents.llm.cache import ResponseCache
from orak_gym.agents.llm.pricing import cost_usd
from orak_gym.agents.llm.retry import RetryPolicy, parse_retry_after

_UNDECIDED = object()


def _import_openai() -> Any:
    try:
        import openai
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("openai", "llm", "the OpenAI-compatible LLM client") from exc
    return openai


class OpenAIChatClient:
    """Chat completions against an OpenAI-compatible endpoint, sync (``complete``) and async
    (``acomplete``, on ``AsyncOpenAI``, so many episodes can wait on the LLM at once).

    Args:
        model: the model name the server expects.
        base_url: endpoint root (``.../v1``); the SDK default (OpenAI) when None.
        api_key: the key; when None it is read from the ``api_key_env`` environment variable.
        timeout: seconds for one HTTP attempt.
        retry: backoff settings (see :class:`RetryPolicy`).
        temperature / max_tokens: defaults for every call (a call may override them).
        extra_body: extra JSON fields for servers that take them (vLLM ``repetition_penalty``, ...).
        prices: ``{model prefix: (usd per 1M prompt, usd per 1M completion)}`` overriding the table.
        cache: a directory (or :class:`ResponseCache`) to cache temperature-0 answers; off when None.
        supports_images: whether image parts may be sent (text-only local models: False).
        structured_output: send JSON schemas as ``response_format`` when a caller gives one; turned
            off automatically the first time the server rejects it with a 400.
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        prices: Mapping[str, tuple[float, float]] | None = None,
        cache: str | os.PathLike[str] | ResponseCache | None = None,
        supports_images: bool = True,
        structured_output: bool = True,
        default_headers: Mapping[str, str] | None = None,
        seed: int | None = None,
    ) -> None:
        if not model:
            raise LLMConfigError("a model name is required")
        key = api_key if api_key is not None else os.environ.get(api_key_env)
        if not key:
            raise LLMConfigError(
                f"no API key for {model!r}: pass api_key=... or set the {api_key_env} environment variable"
            )
        self.model = model
        self.base_url = base_url
        self.api_key = key
        self.timeout = float(timeout)
        self.retry = retry or RetryPolicy()
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.extra_body = dict(extra_body or {})
        self.prices = dict(prices) if prices is not None else None
        self.cache = ResponseCache(cache) if isinstance(cache, (str, os.PathLike)) else cache
        self.supports_images = supports_images
        self.structured_output = structured_output
        self.default_headers = dict(default_headers or {})
        self.seed = seed
        self._rng = random.Random()
        self._sync_client: Any = None
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
        self._direct: Any = _UNDECIDED  # the aiohttp transport, or None for the SDK: decided at first use

    def __repr__(self) -> str:
        return f"OpenAIChatClient(model={self.model!r}, base_url={self.base_url!r})"

    # ------------------------------------------------------------------ SDK clients (lazy)
    def _sdk_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"api_key": self.api_key, "timeout": self.timeout, "max_retries": 0}
        if self.base_url:
            kwargs["base_url"] = self.base_url
        if self.default_headers:
            kwargs["default_headers"] = self.default_headers
        return kwargs

    def _sync(self) -> Any:
        if self._sync_client is None:
            self._sync_client = _import_openai().OpenAI(**self._sdk_kwargs())
        return self._sync_client

    def _async(self) -> Any:
        # An AsyncOpenAI's connection pool belongs to one event loop: keep one client per loop.
        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            openai = _import_openai()
            kwargs = self._sdk_kwargs()
            transport = _aiohttp_transport(openai, self.timeout)
            if transport is not None:
                kwargs["http_client"] = transport
            client = openai.AsyncOpenAI(**kwargs)
            self._async_clients[loop] = client
        return client

    def _direct_transport(self) -> direct_http.DirectChatTransport | None:
        """The aiohttp transport for async calls; None when ``ORAK_GYM_HTTP`` asks for the SDK or
        aiohttp is not installed (decided once per client, at its first async call)."""
        if self._direct is _UNDECIDED:
            wanted = os.environ.get("ORAK_GYM_HTTP", "direct").lower() in ("", "direct")
            self._direct = (
                direct_http.DirectChatTransport(self.base_url, self.api_key, self.timeout, self.default_headers)
                if wanted and direct_http.available()
                else None
            )
        return self._direct

    def warm_up(self) -> None:
        """Imports what async calls will use (aiohttp, or the SDK: over a second), so a caller can do
        it on a worker thread instead of blocking its event loop at the first call."""
        if self._direct_transport() is not None:
            import aiohttp  # noqa: F401
        else:
            _import_openai()

    def close(self) -> None:
        """Closes the sync connection pool (async pools close with ``aclose`` or their event loop)."""
        if self._sync_client is not None:
            self._sync_client.close()
            self._sync_client = None

    async def aclose(self) -> None:
        """Closes the async connection pool of the running event loop (call before the loop ends)."""
        client = self._async_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.close()
        if isinstance(self._direct, direct_http.DirectChatTransport):
            await self._direct.aclose()

    # ------------------------------------------------------------------ request building
    def _params(
        self, temperature: float | None, max_tokens: int | None, json_schema: dict[str, Any] | None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {}
        temp = self.temperature if temperature is None else temperature
        if temp is not None:
            params["temperature"] = temp
        tokens = self.max_tokens if max_tokens is None else max_tokens
        if tokens is not None:
            params["max_tokens"] = tokens
        if self.seed is not None:
            params["seed"] = self.seed
        if json_schema is not None and self.structured_output:
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": json_schema.get("title", "response"), "schema": json_schema},
            }
        return params

    def _cache_lookup(self, messages: list[Message], params: dict[str, Any]) -> tuple[str | None, Any]:
        if self.cache is None or params.get("temperature") != 0:
            return None, None
        key = ResponseCache.key(self.model, messages, {**params, "extra_body": self.extra_body})
        return key, self.cache.get(key)

    def _from_cache(self, entry: dict[str, Any], started: float) -> ChatResult:
        return ChatResult(
            text=str(entry.get("text", "")),
            model=str(entry.get("model", self.model)),
            prompt_tokens=int(entry.get("prompt_tokens", 0)),
            completion_tokens=int(entry.get("completion_tokens", 0)),
            latency_s=time.perf_counter() - started,
            cost_usd=0.0,
            attempts=0,
            cached=True,
            finish_reason=entry.get("finish_reason"),
            structured=bool(entry.get("structured", False)),
        )

    def _body(self, messages: list[Message], params: dict[str, Any]) -> dict[str, Any]:
        """The chat-completions request body, sent as is: the SDK's ``post`` skips its recursive
        re-typing of every message (about 1.5 ms of CPU per call, the runner's bottleneck)."""
        return {**self.extra_body, "model": self.model, "messages": messages, **params}

    def _result(self, response: Any, params: dict[str, Any], attempts: int, started: float) -> ChatResult:
        if not isinstance(response, dict):
            raise LLMResponseError(
                f"the server answered {type(response).__name__}, not a JSON object", attempts=attempts
            )
        choices = response.get("choices")
        if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
            raise LLMResponseError("the server answered without any choice", attempts=attempts)
        message = choices[0].get("message") or {}
        text = message.get("content") if isinstance(message, dict) else None
        usage = response.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or 0) if isinstance(usage, dict) else 0
        completion_tokens = int(usage.get("completion_tokens") or 0) if isinstance(usage, dict) else 0
        return ChatResult(
            text=_valid_text(text) if isinstance(text, str) else "",
            model=str(response.get("model") or self.model),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            latency_s=time.perf_counter() - started,
            cost_usd=cost_usd(self.model, prompt_tokens, completion_tokens, self.prices),
            attempts=attempts,
            finish_reason=choices[0].get("finish_reason"),
            structured="response_format" in params,
        )

    def _store(self, key: str | None, result: ChatResult) -> None:
        if key is not None and self.cache is not None:
            self.cache.put(
                key,
                {
                    "text": result.text,
                    "model": result.model,
                    "prompt_tokens": result.prompt_tokens,
                    "completion_tokens": result.completion_tokens,
                    "finish_reason": result.finish_reason,
                    "structured": result.structured,
                },
            )

    # ------------------------------------------------------------------ failure classification
    def _classify(self, exc: BaseException, attempts: int) -> tuple[LLMError, bool, float | None]:
        """(error to raise, whether to retry, Retry-After seconds)."""
        if isinstance(exc, direct_http.HTTPStatusFailure):
            return _status_error(exc.status, exc.message, exc.retry_after, attempts)
        if isinstance(exc, direct_http.TransportTimeout):
            return LLMTimeoutError(f"no answer within {self.timeout:g} s", attempts=attempts), True, None
        if isinstance(exc, direct_http.TransportConnectionError):
            return LLMConnectionError(f"connection failed: {exc}", attempts=attempts), True, None
        if isinstance(exc, ValueError):  # a body that is not JSON
            return LLMResponseError(f"malformed answer: {exc}", attempts=attempts), True, None
        openai = _import_openai()
        if isinstance(exc, openai.APITimeoutError):
            return LLMTimeoutError(f"no answer within {self.timeout:g} s", attempts=attempts), True, None
        if isinstance(exc, openai.APIConnectionError):
            return LLMConnectionError(f"connection failed: {exc}", attempts=attempts), True, None
        if isinstance(exc, openai.APIStatusError):
            retry_after = parse_retry_after(dict(exc.response.headers))
            return _status_error(exc.status_code, _error_message(exc), retry_after, attempts)
        if isinstance(exc, openai.APIResponseValidationError):
            return LLMResponseError(f"malformed answer: {exc}", attempts=attempts), True, None
        return LLMError(f"{type(exc).__name__}: {exc}", attempts=attempts), False, None

    def _structured_refused(self, error: LLMError, params: dict[str, Any]) -> bool:
        """A 400 to a request with ``response_format``: the server lacks structured output."""
        if isinstance(error, LLMRequestError) and error.status in (400, 422) and "response_format" in params:
            self.structured_output = False
            params.pop("response_format", None)
            return True
        return False

    # ------------------------------------------------------------------ calls
    def _exchange(
        self,
        messages: list[Message],
        temperature: float | None,
        max_tokens: int | None,
        json_schema: dict[str, Any] | None,
    ) -> Generator[tuple[str, Any], Any, ChatResult]:
        """Cache, retries and backoff, shared by ``complete`` and ``acomplete``.

        A generator so the logic exists once: it yields ``("post", body)`` (the driver sends back
        the decoded answer, or throws the exception the request raised) and ``("sleep", seconds)``,
        and returns the ``ChatResult``; the two drivers differ only in how they wait.
        """
        started = time.perf_counter()
        params = self._params(temperature, max_tokens, json_schema)
        key, entry = self._cache_lookup(messages, params)
        if entry is not None:
            return self._from_cache(entry, started)
        attempts = 0
        while True:
            attempts += 1
            try:
                response = yield ("post", self._body(messages, params))
                result = self._result(response, params, attempts, started)
            except UnicodeEncodeError:
                # The SDK encodes the body as strict UTF-8: a lone surrogate in the prompt (a game's
                # text, a model program's output) would fail every attempt. Sent as U+FFFD instead.
                if messages is not (clean := _without_surrogates(messages)):
                    messages, attempts = clean, attempts - 1
                    continue
                raise
            except Exception as exc:
                error, retry, retry_after = (
                    (exc, True, None) if isinstance(exc, LLMResponseError) else self._classify(exc, attempts)
                )
                if self._structured_refused(error, params):
                    continue
                if not retry or attempts > self.retry.max_retries:
                    raise error from exc
                yield ("sleep", self.retry.delay(attempts, retry_after, self._rng))
                continue
            self._store(key, result)
            return result

    def complete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult:
        """One chat completion (blocking), retried as documented in the module docstring."""
        exchange = self._exchange(messages, temperature, max_tokens, json_schema)
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                kind, arg = exchange.throw(failure) if failure is not None else exchange.send(reply)
            except StopIteration as done:
                return done.value
            reply, failure = None, None
            if kind == "sleep":
                time.sleep(arg)
                continue
            try:
                reply = self._sync().post("/chat/completions", body=arg, cast_to=object)
            except Exception as exc:
                failure = exc

    async def acomplete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult:
        """``complete`` for asyncio: waits without blocking the event loop."""
        exchange = self._exchange(messages, temperature, max_tokens, json_schema)
        reply: Any = None
        failure: BaseException | None = None
        while True:
            try:
                kind, arg = exchange.throw(failure) if failure is not None else exchange.send(reply)
            except StopIteration as done:
                return done.value
            reply, failure = None, None
            if kind == "sleep":
                await asyncio.sleep(arg)
                continue
            try:
                direct = self._direct_transport()
                if direct is not None:
                    reply = await direct.post(arg)
                else:
                    reply = await self._async().post("/chat/completions", body=arg, cast_to=object)
            except Exception as exc:
                failure = exc


def _status_error(
    status: int, detail: str, retry_after: float | None, attempts: int
) -> tuple[LLMError, bool, float | None]:
    """429 and 5xx are retried (honouring Retry-After); other statuses fail at once."""
    if status == 429:
        return LLMRateLimitError(f"rate limited (429): {detail}", attempts=attempts, status=status), True, retry_after
    if status >= 500:
        return LLMServerError(f"server error ({status}): {detail}", attempts=attempts, status=status), True, retry_after
    return LLMRequestError(f"request refused ({status}): {detail}", attempts=attempts, status=status), False, None


def _aiohttp_transport(openai: Any, timeout: float) -> Any:
    """With ``ORAK_GYM_HTTP=sdk``, the SDK's aiohttp transport (``openai[aiohttp]``, in the ``llm``
    extra): per call it costs about a third less CPU than the default httpx pool, whose
    request-to-connection assignment grows with the number of requests in flight (measured in
    benchmarks/RESULTS.md).  ``ORAK_GYM_HTTP=httpx`` keeps the SDK's default."""
    if os.environ.get("ORAK_GYM_HTTP", "").lower() == "httpx" or not hasattr(openai, "DefaultAioHttpClient"):
        return None
    try:
        return openai.DefaultAioHttpClient(timeout=timeout)
    except (ImportError, RuntimeError):  # aiohttp is not installed
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(text: str) -> str:
    """The answer with lone surrogates (``\\ud800`` escapes in the server's JSON) replaced by U+FFFD:
    sent back in a later prompt, they would make every following request unencodable."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _without_surrogates(value: Any) -> Any:
    """``value`` (messages: lists, dicts, strings) with lone surrogates replaced by U+FFFD."""
    if isinstance(value, str):
        return _valid_text(value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_surrogates(item) for key, item in value.items()}
    return value


def _error_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(getattr(exc, "message", exc))
