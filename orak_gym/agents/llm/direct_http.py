"""Chat-completion requests posted straight over aiohttp: the async client's default transport.

Why not the SDK here: with many episodes in flight, the runner's event loop does all the
per-request work in turn, so every millisecond of CPU per call delays every other episode's next
call.  The ``openai`` SDK spends about 0.6 ms of CPU per call building, authenticating and
unwrapping a request that is one JSON ``POST`` (profiled in benchmarks/RESULTS.md); posting the
same body with aiohttp costs about 0.2 ms, and concurrency 64 against a 200 ms server goes from
about 85% to about 94% of the ideal rate.  vLLM's own serving benchmark posts with aiohttp for the
same reason.  The synchronous client, and ``ORAK_GYM_HTTP=sdk`` for this one, keep the SDK.

What the SDK did that matters is kept: the same body and path, ``Authorization: Bearer``, the
caller's default headers, ``$OPENAI_BASE_URL`` when no base URL is given, proxies from the
environment, one timeout per attempt.  Failures come out as :class:`HTTPStatusFailure` (status,
``Retry-After``, the server's message), :class:`TransportTimeout` or :class:`TransportConnectionError`,
which the client classifies and retries exactly as it does the SDK's errors.
"""

from __future__ import annotations

import asyncio
import json
import os
import weakref
from collections.abc import Mapping
from typing import Any

from orak_gym.agents.llm.retry import parse_retry_after
from orak_gym.core.errors import OrakError

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class HTTPStatusFailure(OrakError):
    """The server answered with an error status."""

    def __init__(self, status: int, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class TransportTimeout(OrakError):
    """No complete answer within the timeout."""


class TransportConnectionError(OrakError):
    """The connection could not be made, or broke before the answer was complete."""


def available() -> bool:
    """Whether aiohttp is installed (the ``llm`` extra brings it with ``openai[aiohttp]``)."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


class DirectChatTransport:
    """Posts chat-completion bodies to ``<base_url>/chat/completions``; one aiohttp session per
    event loop (a session belongs to the loop that made it)."""

    def __init__(
        self,
        base_url: str | None,
        api_key: str,
        timeout: float,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        root = (base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.url = f"{root}/chat/completions"
        self.timeout = timeout
        self.headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            **dict(default_headers or {}),
        }
        self.proxy = _environment_proxy(self.url)
        self._sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()

    def _session(self) -> Any:
        loop = asyncio.get_running_loop()
        session = self._sessions.get(loop)
        if session is None or session.closed:
            import aiohttp

            session = aiohttp.ClientSession(
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                connector=aiohttp.TCPConnector(limit=0),  # concurrency is the caller's to bound
                # Proxies come from the environment once (``self.proxy``): aiohttp's ``trust_env``
                # would look them and ~/.netrc up on a worker thread for every request.
                trust_env=False,
            )
            self._sessions[loop] = session
        return session

    async def post(self, body: dict[str, Any]) -> Any:
        """The decoded JSON answer; raises the module's failure classes (or ``ValueError`` for a
        body that is not JSON)."""
        import aiohttp

        data = json.dumps(body).encode("ascii")  # escaped as the SDK does: a lone surrogate still goes out
        try:
            async with self._session().post(self.url, data=data, proxy=self.proxy) as response:
                raw = await response.read()
                if response.status >= 400:
                    raise HTTPStatusFailure(
                        response.status,
                        _error_message(raw, response.reason),
                        parse_retry_after(dict(response.headers)),
                    )
        except asyncio.TimeoutError as exc:
            raise TransportTimeout(f"no answer within {self.timeout:g} s") from exc
        except aiohttp.ClientError as exc:
            raise TransportConnectionError(f"{type(exc).__name__}: {exc}") from exc
        except OSError as exc:
            raise TransportConnectionError(f"{type(exc).__name__}: {exc}") from exc
        return json.loads(raw)

    async def aclose(self) -> None:
        """Closes the running loop's session (call before the loop ends)."""
        session = self._sessions.pop(asyncio.get_running_loop(), None)
        if session is not None:
            await session.close()


def _environment_proxy(url: str) -> str | None:
    """The proxy ``HTTP(S)_PROXY`` / ``NO_PROXY`` name for ``url``, as the SDK would use."""
    import urllib.parse
    import urllib.request

    parts = urllib.parse.urlsplit(url)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.request.getproxies().get(parts.scheme)


def _error_message(raw: bytes, reason: str | None) -> str:
    """The ``error.message`` of an OpenAI-style error body, else the body's start, else the reason."""
    try:
        body = json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", "replace").strip()
        return text[:300] or str(reason or "")
    inner = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(inner, dict) and inner.get("message"):
        return str(inner["message"])
    if isinstance(inner, str):
        return inner
    return json.dumps(body)[:300]
