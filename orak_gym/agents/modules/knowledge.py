"""Knowledge retrieval: the game's reference notes most relevant now, distilled by the LLM."""

from __future__ import annotations

from typing import Any, ClassVar

from orak_gym.agents.modules.base import DecisionContext, Module
from orak_gym.agents.skills import BM25Retriever, Retriever


class KnowledgeRetrieval(Module):
    """Retrieves the top-k notes from ``prompt_context["knowledge"]`` (a list of strings a game may
    provide) locally with BM25, then asks the LLM for the knowledge relevant to the current state
    (``### Knowledge``). Without notes it is Orak's plain recall call.
    """

    name: ClassVar[str] = "knowledge_retrieval"
    output_keys: ClassVar[tuple[str, ...]] = ("knowledge",)

    def __init__(self, k: int = 3, retriever: Retriever | None = None, template: str | None = None) -> None:
        super().__init__(template)
        self.k = k
        self.retriever = retriever

    def prepare(self, ctx: DecisionContext) -> list[dict[str, Any]] | None:
        notes = ctx.prompt_context.get("knowledge")
        if isinstance(notes, (list, tuple)) and notes:
            if self.retriever is None:
                self.retriever = BM25Retriever()
            query = " ".join(str(x) for x in (ctx.memory.get("subtask"), ctx.variables().get("cur_state")) if x)
            hits = self.retriever.search([str(n) for n in notes], query, self.k)
            ctx.extra["retrieved_knowledge"] = "\n".join(f"- {notes[i]}" for i, _ in hits)
        return super().prepare(ctx)
