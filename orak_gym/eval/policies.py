"""Which policy plays an episode: ``--agent`` and ``--model`` -> a fresh policy per episode.

The runner relies only on the Policy protocol of :mod:`orak_gym.agents.policy` (``__call__(obs,
info)``, ``async acall``, ``reset()``, and ``last_step`` holding the decision's LLM call records):

- ``random``: :class:`orak_gym.agents.RandomPolicy`, seeded with the episode seed (reproducible).
- ``expert``: the game's scripted expert (``spec_of(env_id).expert``), for games that have one.
- LLM agents (``zeroshot``, ``reflection``, ``planning``, ``reflection_planning``,
  ``skill_management``, and a game's own such as Pokémon Red's ``pokemon``):
  :class:`orak_gym.agents.LLMPolicy` over the client of ``--model``; one
  policy per env is built and ``clone()``-d per episode (same client and skill library, own memory).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orak_gym.core.errors import OrakError
from orak_gym.core.registry import GameSpec, UnknownEnvError, spec_of

BASELINES = ("random", "expert")


def llm_agents(env_id: str | None = None) -> tuple[str, ...]:
    """The LLM agent types ``env_id``'s game offers: the generic ones and the game's own (its spec's
    ``agent_types``), from the one table :func:`orak_gym.agents.modules.agent_types` keeps."""
    from orak_gym.agents.modules import agent_types

    return tuple(agent_types(env_id))


#: ``factory(seed)`` -> a fresh policy for the episode played with that seed.
PolicyFactory = Callable[[int], Any]


class AgentError(OrakError, ValueError):
    """The agent cannot play this env (no expert, unknown agent, missing model)."""


def game_spec(env_id: str) -> GameSpec:
    """The spec of the game behind ``env_id``; an unknown id is an :class:`AgentError`."""
    try:
        return spec_of(env_id)
    except UnknownEnvError as exc:
        raise AgentError(str(exc)) from exc


def is_llm_agent(agent: str) -> bool:
    return agent not in BASELINES


def check_agent(agent: str, model: str | None, env_id: str | None = None) -> None:
    """Fails early, before a run directory is written, on an agent that cannot run (on ``env_id``)."""
    if agent in BASELINES:
        return
    offered = llm_agents(env_id)
    if agent not in offered:
        raise AgentError(f"unknown --agent {agent!r}; choose one of {', '.join(BASELINES + offered)}")
    if not model:
        raise AgentError(f"--agent {agent} needs --model (e.g. 'openai:gpt-4o-mini', 'ollama:llama3.2')")


def policy_factory(
    agent: str,
    env_id: str,
    model: str | None = None,
    client: Any = None,
    modality: str = "text",
    prompts: str = "ours",
    **agent_kwargs: Any,
) -> PolicyFactory:
    """A function returning a fresh policy for one episode of ``env_id`` (one shared LLM client);
    ``prompts`` ("ours" or "orak:PATH") chooses an LLM agent's prompt set."""
    check_agent(agent, model if client is None else model or "client", env_id)
    spec = game_spec(env_id)
    if agent == "expert":
        if not spec.expert:
            raise AgentError(f"{spec.title} has no scripted expert; use --agent random or an LLM agent")
        cls = spec.load_expert()
        return lambda seed: cls(**agent_kwargs)
    if agent == "random":
        from orak_gym.agents.baselines import RandomPolicy

        return lambda seed: RandomPolicy(seed=seed, **agent_kwargs)
    from orak_gym.agents.policy import LLMPolicy

    if client is None:
        client = make_llm_client(str(model))
    prototype = LLMPolicy(client, agent=agent, game=env_id, modality=modality, prompts=prompts, **agent_kwargs)
    return lambda seed: prototype.clone()


def make_llm_client(model: str, **overrides: Any) -> Any:
    from orak_gym.agents.llm import make_client

    return make_client(model, **overrides)
