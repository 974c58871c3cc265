"""The one rule every command that plays an LLM agent shares: a failed LLM call is no move.

A policy whose call failed plays the game's default action, so the game goes on; but a score (or a
match result) made of default actions measures the fallback, not the model.  ``eval`` (per episode),
``arena`` (per match) and ``demo`` count the failed calls of each decision and stop the game as an
error once more failed than ``max_llm_errors`` allows.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.errors import OrakError


class LLMCallsFailed(OrakError, RuntimeError):
    """More LLM calls failed than allowed: the game is an error, never a score."""


def failed_calls(decision: Any) -> int:
    """How many LLM calls of one decision (a policy's ``last_step``) failed."""
    calls = getattr(decision, "calls", None) or []
    return sum(1 for call in calls if (call.get("error") if isinstance(call, dict) else getattr(call, "error", None)))


def check_llm_errors(failed: int, allowed: int, decision: Any) -> None:
    """Raises :class:`LLMCallsFailed` once ``failed`` (so far in the game) exceeds ``allowed``."""
    if failed > allowed:
        last = getattr(decision, "error", None) or "see the trajectory"
        raise LLMCallsFailed(f"{failed} LLM call(s) failed (max_llm_errors={allowed}); last: {last}")
