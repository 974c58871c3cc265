"""Skill memory: actions that worked, with a description, retrieved by relevance.

Retrieval runs locally by default (BM25 from ``bm25s``): no embeddings API, no key, no network,
unlike Orak's Chroma + OpenAI embeddings. An :class:`Embedder` (sentence-transformers, an
embeddings endpoint) can be plugged in instead through :class:`EmbeddingRetriever`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass
class Skill:
    """A stored skill: what it does (searched), the action/code that did it, and when it was used."""

    description: str
    action: str
    context: str = ""
    uses: int = 1


@runtime_checkable
class Retriever(Protocol):
    """Ranks documents against a query."""

    def search(self, documents: Sequence[str], query: str, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (document index, score) pairs, best first; only documents that match at all."""
        ...


class BM25Retriever:
    """Okapi BM25 over word tokens (``bm25s``), English stop words removed."""

    def __init__(self, stopwords: str | None = "en") -> None:
        try:
            import bm25s
        except ImportError as exc:
            from orak_gym.core.errors import MissingDependencyError

            raise MissingDependencyError("bm25s", "llm", "local skill retrieval") from exc
        self._bm25s = bm25s
        self.stopwords = stopwords
        self._indexed: tuple[str, ...] | None = None
        self._model = None

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        return self._bm25s.tokenize(texts, stopwords=self.stopwords, return_ids=False, show_progress=False)

    def search(self, documents: Sequence[str], query: str, k: int) -> list[tuple[int, float]]:
        if not documents or k <= 0:
            return []
        docs = tuple(documents)
        if docs != self._indexed:
            model = self._bm25s.BM25()
            model.index(self._tokens(list(docs)), show_progress=False)
            self._model, self._indexed = model, docs
        query_tokens = self._tokens([query])
        if not query_tokens or not query_tokens[0]:
            return []
        ids, scores = self._model.retrieve(query_tokens, k=min(k, len(docs)), show_progress=False)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]


Embedder = Callable[[list[str]], list[list[float]]]
"""Texts -> vectors; e.g. ``SentenceTransformer(...).encode`` or an embeddings endpoint call."""


class EmbeddingRetriever:
    """Cosine similarity over vectors from any :data:`Embedder` (vectors cached per text)."""

    def __init__(self, embed: Embedder, min_similarity: float = 0.0) -> None:
        self.embed = embed
        self.min_similarity = min_similarity
        self._cache: dict[str, list[float]] = {}

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, [list(map(float, v)) for v in self.embed(todo)], strict=True))
        return [self._cache[t] for t in texts]

    def search(self, documents: Sequence[str], query: str, k: int) -> list[tuple[int, float]]:
        if not documents or k <= 0:
            return []
        *doc_vecs, query_vec = self._vectors([*documents, query])
        scored = [(i, _cosine(v, query_vec)) for i, v in enumerate(doc_vecs)]
        # Similarity: higher is closer (Orak's memory inverted this with Chroma distances).
        scored = [(i, s) for i, s in scored if s > self.min_similarity]
        return sorted(scored, key=lambda p: -p[1])[:k]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


class SkillLibrary:
    """Stored skills with top-k retrieval; the same (description, action) is stored once."""

    def __init__(self, retriever: Retriever | None = None, max_skills: int = 500) -> None:
        self.retriever = retriever
        self.max_skills = max_skills
        self.skills: list[Skill] = []

    def _get_retriever(self) -> Retriever:
        if self.retriever is None:
            self.retriever = BM25Retriever()
        return self.retriever

    def add(self, description: str, action: str, context: str = "") -> Skill:
        description, action = description.strip(), action.strip()
        for skill in self.skills:
            if skill.action == action and skill.description.lower() == description.lower():
                skill.uses += 1
                return skill
        skill = Skill(description=description, action=action, context=context)
        self.skills.append(skill)
        if len(self.skills) > self.max_skills:  # forget the least used, oldest first
            self.skills.remove(min(self.skills, key=lambda s: s.uses))
        return skill

    def retrieve(self, query: str, k: int = 5) -> list[Skill]:
        documents = [f"{s.description}\n{s.action}" for s in self.skills]
        return [self.skills[i] for i, _ in self._get_retriever().search(documents, query, k)]

    def __len__(self) -> int:
        return len(self.skills)
