"""The client interface every LLM backend implements, its result type and its errors.

A client turns chat ``messages`` (OpenAI format, text or text+image parts) into a ``ChatResult``
or raises an ``LLMError`` subclass once its retries are spent; it never returns an empty string
to hide a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from orak_gym.core.errors import OrakError

Message = dict[str, Any]


@dataclass
class ChatResult:
    """The answer of one chat completion, with what it cost."""

    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    attempts: int = 1
    cached: bool = False
    finish_reason: str | None = None
    #: True when the answer was produced under a JSON schema (structured output).
    structured: bool = False


@runtime_checkable
class ChatClient(Protocol):
    """What :class:`~orak_gym.agents.policy.LLMPolicy` needs from an LLM backend."""

    model: str
    #: Whether image parts may be sent; the policy drops them (keeping the text) otherwise.
    supports_images: bool

    def complete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult: ...

    async def acomplete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult: ...


class LLMError(OrakError):
    """A chat completion failed for good (after the client's retries)."""

    def __init__(self, message: str, *, attempts: int = 1, status: int | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status = status


class LLMTimeoutError(LLMError):
    """Every attempt ran past the client's timeout."""


class LLMRateLimitError(LLMError):
    """The server kept answering 429 Too Many Requests."""


class LLMServerError(LLMError):
    """The server kept answering 5xx."""


class LLMConnectionError(LLMError):
    """The connection failed or was dropped before an answer arrived."""


class LLMResponseError(LLMError):
    """The server answered something that is not a chat completion (malformed JSON, no choices)."""


class LLMRequestError(LLMError):
    """The server refused the request itself (4xx other than 429): bad model, key, or parameters.

    Not retried: sending the same request again cannot succeed.
    """


class LLMConfigError(LLMError, ValueError):
    """A client could not be built: unknown provider, malformed model spec, missing API key."""
