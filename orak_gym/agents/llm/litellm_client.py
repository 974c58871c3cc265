"""Optional client on LiteLLM, for providers without an OpenAI-compatible endpoint
(Anthropic, Gemini, Bedrock, ...). Install ``litellm`` to use it; retries are LiteLLM's own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from orak_gym.agents.llm.base import ChatResult, LLMError, Message
from orak_gym.agents.llm.pricing import cost_usd


def _import_litellm() -> Any:
    try:
        import litellm
    except ImportError as exc:
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("litellm", "litellm", "the LiteLLM client") from exc
    return litellm


class LiteLLMClient:
    """``litellm.completion`` behind the :class:`ChatClient` interface."""

    def __init__(
        self,
        model: str,
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        timeout: float = 60.0,
        num_retries: int = 4,
        prices: Mapping[str, tuple[float, float]] | None = None,
        supports_images: bool = True,
        **kwargs: Any,
    ) -> None:
        _import_litellm()  # fail early and clearly when it is absent
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout = timeout
        self.num_retries = num_retries
        self.prices = dict(prices) if prices is not None else None
        self.supports_images = supports_images
        self.kwargs = kwargs

    def _call_kwargs(
        self, messages: list[Message], temperature: float | None, max_tokens: int | None, schema: Any
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": self.timeout,
            "num_retries": self.num_retries,
            **self.kwargs,
        }
        temp = self.temperature if temperature is None else temperature
        if temp is not None:
            kwargs["temperature"] = temp
        tokens = self.max_tokens if max_tokens is None else max_tokens
        if tokens is not None:
            kwargs["max_tokens"] = tokens
        if schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "response", "schema": schema},
            }
        return kwargs

    def _result(self, response: Any, started: float, structured: bool) -> ChatResult:
        try:
            text = response.choices[0].message.content or ""
        except (AttributeError, IndexError) as exc:
            raise LLMError(f"malformed LiteLLM answer: {exc}") from exc
        usage = getattr(response, "usage", None)
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion = int(getattr(usage, "completion_tokens", 0) or 0)
        return ChatResult(
            text=text,
            model=self.model,
            prompt_tokens=prompt,
            completion_tokens=completion,
            latency_s=time.perf_counter() - started,
            cost_usd=cost_usd(self.model, prompt, completion, self.prices),
            structured=structured,
        )

    def complete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult:
        litellm = _import_litellm()
        started = time.perf_counter()
        try:
            response = litellm.completion(**self._call_kwargs(messages, temperature, max_tokens, json_schema))
        except Exception as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        return self._result(response, started, json_schema is not None)

    async def acomplete(
        self,
        messages: list[Message],
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> ChatResult:
        litellm = _import_litellm()
        started = time.perf_counter()
        try:
            response = await litellm.acompletion(**self._call_kwargs(messages, temperature, max_tokens, json_schema))
        except Exception as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        return self._result(response, started, json_schema is not None)
