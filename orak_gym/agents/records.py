"""What one agent decision did: every LLM call with its prompt, answer, usage, latency and cost.

These records are the contract between the agents and their consumers (the evaluation runner, the
trajectory recorder, the dataset builder): plain dataclasses with a JSON-safe ``to_dict``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

_DATA_URL = re.compile(r"^data:(?P<mime>[\w/+.-]+);base64,(?P<data>.*)$", re.DOTALL)


@dataclass
class LLMCallRecord:
    """One call of one module to the LLM (or a failed attempt at one)."""

    module: str
    messages: list[dict[str, Any]]
    raw_response: str | None = None
    parsed: dict[str, str] = field(default_factory=dict)
    #: Sections the module asked for but the parser could not find in the answer.
    missing: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    model: str = ""
    #: HTTP attempts the client made (1 = no retry).
    attempts: int = 0
    #: True when the answer came from the on-disk response cache (no HTTP request).
    cached: bool = False
    #: ``"ErrorType: message"`` when the call failed; the decision then falls back.
    error: str | None = None

    def to_dict(self, *, include_images: bool = False) -> dict[str, Any]:
        """JSON-safe dict; base64 images are replaced by a short placeholder unless asked for.

        Built field by field, not with ``dataclasses.asdict``: that deep-copies every prompt, which
        was a measurable share of the evaluation runner's CPU per decision.
        """
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["parsed"] = dict(self.parsed)
        data["missing"] = list(self.missing)
        data["messages"] = [dict(m) if include_images else _strip_images(m) for m in self.messages]
        return data


@dataclass
class StepRecord:
    """One decision of a policy: the action text it returned and the LLM calls behind it."""

    action: str = ""
    calls: list[LLMCallRecord] = field(default_factory=list)
    #: True when the action is the game's default action because the decision failed.
    fallback: bool = False
    error: str | None = None
    #: Modules that ran without an LLM call or were skipped (e.g. reflection on the first step).
    skipped: list[str] = field(default_factory=list)

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens for c in self.calls)

    @property
    def completion_tokens(self) -> int:
        return sum(c.completion_tokens for c in self.calls)

    @property
    def cost_usd(self) -> float:
        return sum(c.cost_usd for c in self.calls)

    @property
    def latency_s(self) -> float:
        return sum(c.latency_s for c in self.calls)

    def to_dict(self, *, include_images: bool = False) -> dict[str, Any]:
        return {
            "action": self.action,
            "fallback": self.fallback,
            "error": self.error,
            "skipped": list(self.skipped),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
            "latency_s": self.latency_s,
            "calls": [c.to_dict(include_images=include_images) for c in self.calls],
        }


def _strip_images(message: dict[str, Any]) -> dict[str, Any]:
    content = message.get("content")
    if not isinstance(content, list):
        return dict(message)
    parts = []
    for part in content:
        if isinstance(part, dict) and part.get("type") == "image_url":
            url = str(part.get("image_url", {}).get("url", ""))
            match = _DATA_URL.match(url)
            if match:
                size = len(match.group("data")) * 3 // 4
                url = f"<{match.group('mime')} image, ~{size} bytes, omitted>"
            parts.append({"type": "image_url", "image_url": {"url": url}})
        else:
            parts.append(part)
    return {**message, "content": parts}
