"""History summarisation and memory management: the two extra modules of Orak's ``pokemon_agent``.

Orak's Pokémon agent summarises the episode so far with an LLM call (``history_summarization``)
and, between its other modules, files the new facts and lessons they produced into a long-term
memory (a Chroma collection with OpenAI embeddings) and retrieves the relevant ones
(``memory_management``).  Here memory management is local and makes no LLM call: facts are kept
in a bounded, de-duplicated list and the ones sharing the most words with the current subtask
and state are shown to later modules as ``relevant_memory``.  No embedding service is needed.
"""

from __future__ import annotations

import re
from typing import ClassVar

from orak_gym.agents.modules.base import DecisionContext, Module
from orak_gym.agents.parsing import ParseResult

_WORD = re.compile(r"[a-z0-9é']+")
#: Fields other modules produce that hold facts worth keeping (Orak's NewFacts / Lessons_learned).
FACT_KEYS = ("new_facts", "lessons_learned", "self_reflection_summary")
FACTS_KEY = "_long_term_facts"


class HistorySummarization(Module):
    """One LLM call that condenses the recent steps into ``history_summary`` (skipped on step 1)."""

    name: ClassVar[str] = "history_summarization"
    output_keys: ClassVar[tuple[str, ...]] = ("history_summary",)
    needs_history: ClassVar[bool] = True


class MemoryManagement(Module):
    """Files facts produced since its last run and exposes ``relevant_memory`` (no LLM call).

    Args:
        capacity: facts kept (oldest dropped first).
        top_k: facts shown to the following modules.
    """

    name: ClassVar[str] = "memory_management"
    calls_llm: ClassVar[bool] = False

    def __init__(self, capacity: int = 200, top_k: int = 5) -> None:
        super().__init__()
        self.capacity, self.top_k = capacity, top_k

    def prepare(self, ctx: DecisionContext) -> None:
        return None

    def apply(self, ctx: DecisionContext, result: ParseResult | None, raw: str | None) -> None:
        # the facts live in the episode memory, so every memory_management step of the chain shares them
        latest = ctx.memory.latest
        facts = [f for f in latest.get(FACTS_KEY, "").split("\n") if f]
        for key in FACT_KEYS:
            value = latest.get(key)
            if not value or latest.get(f"{FACTS_KEY}:{key}") == value:
                continue
            latest[f"{FACTS_KEY}:{key}"] = value
            for line in value.splitlines():
                fact = line.strip().lstrip("-*• ").strip()
                if len(fact) > 3 and fact not in facts:
                    facts.append(fact)
        facts = facts[-self.capacity :]
        latest[FACTS_KEY] = "\n".join(facts)
        query = _words(" ".join(str(latest.get(k, "")) for k in ("subtask", "history_summary")))
        current = ctx.memory.current
        query |= _words(current.observation[:2000] if current else "")
        ranked = sorted(facts, key=lambda f: len(_words(f) & query), reverse=True)
        if ranked:
            ctx.memory.set("relevant_memory", "\n".join(f"- {f}" for f in ranked[: self.top_k]))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))
