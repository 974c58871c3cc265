"""LLM agents for orak-gym: ``LLMPolicy`` with Orak's agentic modules, LLM clients, baselines.

>>> from orak_gym.agents import LLMPolicy, make_client
>>> client = make_client("openai:gpt-4o-mini")
>>> policy = LLMPolicy(client, agent="reflection", game="orak/2048-v0")
>>> action_text = policy(observation, info)  # doctest: +SKIP

Importing this package makes no network call and does not import ``openai``.
"""

from orak_gym.agents.baselines import RandomPolicy
from orak_gym.agents.llm import ChatClient, ChatResult, LLMError, OpenAIChatClient, make_client
from orak_gym.agents.memory import EpisodeMemory
from orak_gym.agents.modules import AGENT_TYPES, MODULES, DecisionContext, Module, build_modules
from orak_gym.agents.parsing import ParseResult, parse_sections
from orak_gym.agents.policy import LLMPolicy, Policy, default_action
from orak_gym.agents.prompting import PromptLibrary
from orak_gym.agents.records import LLMCallRecord, StepRecord
from orak_gym.agents.skills import BM25Retriever, EmbeddingRetriever, SkillLibrary

__all__ = [
    "AGENT_TYPES",
    "MODULES",
    "BM25Retriever",
    "ChatClient",
    "ChatResult",
    "DecisionContext",
    "EmbeddingRetriever",
    "EpisodeMemory",
    "LLMCallRecord",
    "LLMError",
    "LLMPolicy",
    "Module",
    "OpenAIChatClient",
    "ParseResult",
    "Policy",
    "PromptLibrary",
    "RandomPolicy",
    "SkillLibrary",
    "StepRecord",
    "build_modules",
    "default_action",
    "make_client",
    "parse_sections",
]
