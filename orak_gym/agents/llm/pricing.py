"""Token prices, so every call's cost is known without asking the provider.

Prices are USD per one million tokens (input, output), as published by the providers; a model not
in the table costs 0 (local servers) unless the user passes ``prices=`` to the client. The table is
data, not truth: update it or override it when providers change their prices.
"""

from __future__ import annotations

from collections.abc import Mapping

#: model name prefix -> (USD per 1M prompt tokens, USD per 1M completion tokens)
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "o3-mini": (1.10, 4.40),
    "o4-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
    "o1": (15.00, 60.00),
    "gpt-3.5-turbo": (0.50, 1.50),
    "claude-3-7-sonnet": (3.00, 15.00),
    "claude-3-5-haiku": (0.80, 4.00),
    "deepseek-chat": (0.27, 1.10),
    "deepseek-reasoner": (0.55, 2.19),
    "gemini-2.5-pro": (1.25, 10.00),
    "gemini-2.0-flash": (0.10, 0.40),
}


def price_for(model: str, table: Mapping[str, tuple[float, float]] | None = None) -> tuple[float, float]:
    """The (prompt, completion) price per 1M tokens of ``model``: exact name, else the longest prefix.

    Provider prefixes such as ``openai/`` (OpenRouter, LiteLLM) are ignored.
    """
    table = PRICES_PER_MILLION if table is None else table
    name = model.lower().rsplit("/", 1)[-1]
    if name in table:
        return table[name]
    best = ""
    for prefix in table:
        if name.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return table[best] if best else (0.0, 0.0)


def cost_usd(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    table: Mapping[str, tuple[float, float]] | None = None,
) -> float:
    """USD cost of one call."""
    prompt_price, completion_price = price_for(model, table)
    return (prompt_tokens * prompt_price + completion_tokens * completion_price) / 1_000_000
