"""LLM clients: one OpenAI-compatible client (OpenAI, vLLM, Ollama, llama.cpp, LM Studio, DeepSeek,
OpenRouter) and an optional LiteLLM one, behind the :class:`ChatClient` interface.

Importing this package makes no network call and does not import ``openai``.
"""

from orak_gym.agents.llm.base import (
    ChatClient,
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
from orak_gym.agents.llm.openai_client import OpenAIChatClient
from orak_gym.agents.llm.pricing import PRICES_PER_MILLION, cost_usd, price_for
from orak_gym.agents.llm.retry import RetryPolicy, parse_retry_after
from orak_gym.agents.llm.spec import PROVIDERS, make_client, parse_spec

__all__ = [
    "PRICES_PER_MILLION",
    "PROVIDERS",
    "ChatClient",
    "ChatResult",
    "LLMConfigError",
    "LLMConnectionError",
    "LLMError",
    "LLMRateLimitError",
    "LLMRequestError",
    "LLMResponseError",
    "LLMServerError",
    "LLMTimeoutError",
    "Message",
    "OpenAIChatClient",
    "ResponseCache",
    "RetryPolicy",
    "cost_usd",
    "make_client",
    "parse_retry_after",
    "parse_spec",
    "price_for",
]
