"""Model spec strings (``provider:model[@base_url]``) -> a ready client, for the CLI and scripts.

``openai:gpt-4o-mini``, ``vllm:Qwen/Qwen2.5-7B-Instruct@http://localhost:8000/v1``,
``ollama:llama3.2``, ``deepseek:deepseek-chat``, ``openrouter:meta-llama/llama-3.1-8b-instruct``,
``litellm:anthropic/claude-3-5-haiku-latest``. A spec without a provider is an OpenAI model.
Providers are an explicit table, not substring guessing on the model name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from orak_gym.agents.llm.base import ChatClient, LLMConfigError
from orak_gym.core.errors import MissingDependencyError
from orak_gym.core.registry import Dependency


@dataclass(frozen=True)
class Provider:
    """How to reach one kind of OpenAI-compatible server."""

    base_url: str | None
    api_key_env: str
    #: Key used when the environment variable is unset (local servers accept anything).
    default_api_key: str | None = None
    supports_images: bool = True


PROVIDERS: dict[str, Provider] = {
    "openai": Provider(None, "OPENAI_API_KEY"),
    "vllm": Provider("http://localhost:8000/v1", "VLLM_API_KEY", "EMPTY"),
    "ollama": Provider("http://localhost:11434/v1", "OLLAMA_API_KEY", "ollama"),
    "llamacpp": Provider("http://localhost:8080/v1", "LLAMACPP_API_KEY", "EMPTY"),
    "lmstudio": Provider("http://localhost:1234/v1", "LMSTUDIO_API_KEY", "lm-studio"),
    "deepseek": Provider("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", None, supports_images=False),
    "openrouter": Provider("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
    # Any other OpenAI-compatible server: give the URL with @.
    "compat": Provider(None, "OPENAI_COMPAT_API_KEY", "EMPTY"),
}

_SPEC = re.compile(r"^(?:(?P<provider>[A-Za-z][\w.-]*):)?(?P<model>.+?)(?:@(?P<url>https?://\S+))?$")


def parse_spec(spec: str) -> tuple[str, str, str | None]:
    """``provider:model@url`` -> (provider, model, url or None)."""
    match = _SPEC.match(spec.strip()) if isinstance(spec, str) else None
    if match is None or not match.group("model"):
        raise LLMConfigError(f"malformed model spec {spec!r}; expected 'provider:model[@base_url]'")
    provider = (match.group("provider") or "openai").lower()
    if provider not in PROVIDERS and provider != "litellm":
        # "llama3.2:3b" style names (an Ollama tag) have no known provider before the colon.
        known = ", ".join([*PROVIDERS, "litellm"])
        raise LLMConfigError(f"unknown provider {provider!r} in {spec!r}; known providers: {known}")
    return provider, match.group("model"), match.group("url")


def make_client(spec: str, **overrides: Any) -> ChatClient:
    """A client for ``spec``; ``overrides`` go to the client's constructor (``api_key``, ``timeout``,
    ``temperature``, ``cache``, ``retry``, ``base_url``, ...). No network call is made here.
    """
    provider, model, url = parse_spec(spec)
    require_llm_extra()
    if provider == "litellm":
        from orak_gym.agents.llm.litellm_client import LiteLLMClient

        return LiteLLMClient(model, **({"api_base": url} if url else {}), **overrides)
    from orak_gym.agents.llm.openai_client import OpenAIChatClient

    info = PROVIDERS[provider]
    base_url = overrides.pop("base_url", None) or url or info.base_url
    if provider == "compat" and base_url is None:
        raise LLMConfigError(f"{spec!r}: the 'compat' provider needs a URL, e.g. 'compat:my-model@http://host/v1'")
    api_key_env = overrides.pop("api_key_env", info.api_key_env)
    api_key = overrides.pop("api_key", None)
    if api_key is None:
        import os

        api_key = os.environ.get(api_key_env) or info.default_api_key
    overrides.setdefault("supports_images", info.supports_images)
    return OpenAIChatClient(model, base_url=base_url, api_key=api_key, api_key_env=api_key_env, **overrides)


#: What the ``llm`` extra brings that every LLM agent needs: the client's SDK and the prompt templates.
LLM_EXTRA = (Dependency("openai", "llm", "openai"), Dependency("jinja2", "llm", "jinja2"))


def require_llm_extra() -> None:
    """Raises :class:`MissingDependencyError` naming the ``llm`` extra when part of it is absent, before
    a client exists: a plain ``pip install orak-gym`` meets one line, not a traceback mid-run."""
    for dependency in LLM_EXTRA:
        if dependency.missing():
            raise MissingDependencyError(dependency.package, dependency.extra, "LLM agents")
