"""Orak's pokemon_agent module chain against a real local OpenAI-compatible server.

The memory module is checked without any game; the full chain plays the real game and is
skipped, with the reason, when the ROM is absent.
"""

from __future__ import annotations

from collections.abc import Iterator

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.agents import AGENT_TYPES, LLMPolicy, make_client
from orak_gym.agents.llm import RetryPolicy
from orak_gym.agents.memory import EpisodeMemory
from orak_gym.agents.modules import DecisionContext, MemoryManagement, agent_types, build_modules
from orak_gym.agents.prompting import PromptLibrary
from orak_gym.agents.skills import SkillLibrary
from orak_gym.core.registry import spec_of
from orak_gym.eval import RunConfig
from orak_gym.eval.policies import AgentError, check_agent, llm_agents
from orak_gym.eval.preflight import PreflightError, check_envs
from orak_gym.games.pokemon_red.rom import ROM
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer, module_of, request_text

pytest.importorskip("jinja2", reason="the agent prompt templates need jinja2: pip install 'orak-gym[llm]'")


def test_pokemon_agent_is_orak_chain_without_action_execution():
    names = [m.name for m in build_modules("pokemon_agent", "orak/PokemonRed-v0")]
    assert names == list(dict(spec_of("orak/PokemonRed-v0").agent_types)["pokemon"])
    assert names[0] == "history_summarization" and names.count("memory_management") == 3
    assert names[-1] == "action_inference"


def test_the_pokemon_agent_is_the_games_own_and_every_entry_point_offers_it_there_only():
    """The recipe lives in Pokémon Red's spec: LLMPolicy, eval's pre-flight and the CLI's list read it
    from there, and no other game offers it."""
    assert "pokemon" not in AGENT_TYPES and "pokemon" in agent_types("orak/PokemonRed-v0")
    assert "pokemon" in llm_agents("orak/PokemonRed-v0") and "pokemon" not in llm_agents("orak/2048-v0")
    with pytest.raises(ValueError, match="unknown agent type 'pokemon'"):
        build_modules("pokemon", "orak/2048-v0")
    config = RunConfig(envs=["orak/2048-v0"], seeds=[0], agent="pokemon", model="compat:x@http://127.0.0.1:9/v1")
    with pytest.raises(PreflightError, match="unknown agent 'pokemon' for orak/2048-v0"):
        check_envs(config)
    with pytest.raises(AgentError, match="choose one of random, expert, zeroshot"):
        check_agent("pokemon", "compat:x", "orak/BabaIsYou-v0")
    check_agent("pokemon", "compat:x", "orak/PokemonRed-v0")  # offered on its game


def test_memory_management_files_facts_and_shares_them_across_the_chain():
    memory = EpisodeMemory(5)
    memory.observe("Map Name: Pallet Town, Oak's lab is south", None, {})
    ctx = DecisionContext(memory=memory, prompts=PromptLibrary(), prompt_context={}, skills=SkillLibrary())
    first, second = MemoryManagement(top_k=1), MemoryManagement(top_k=1)
    memory.set("self_reflection_summary", "- Oak's lab door is at (12, 11)\n- walls block the left side")
    first.apply(ctx, None, None)
    assert memory.get("relevant_memory") == "- Oak's lab door is at (12, 11)"
    memory.set("subtask", "walk along the left side walls")
    second.apply(ctx, None, None)  # another instance in the chain sees the same facts, ranked anew
    assert memory.get("relevant_memory") == "- walls block the left side"
    assert first.prepare(ctx) is None  # no LLM call


_problem = ROM.problem()


@pytest.fixture
def openai_server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as server:
        yield server


@pytest.mark.skipif(_problem is not None, reason=f"Pokémon Red ROM absent: {_problem}")
def test_pokemon_agent_plays_the_real_game_with_tools(openai_server):
    pytest.importorskip("pyboy", reason="PyBoy is not installed: pip install 'orak-gym[pyboy]'")
    actions = [
        "use_tool(warp_with_warp_point, (x_dest=7, y_dest=1))",
        "use_tool(warp_with_warp_point, (x_dest=2, y_dest=7))",
        "up|up",
    ]
    openai_server.responder = ModuleResponder(actions=actions)
    client = make_client(
        f"compat:scripted-model@{openai_server.base_url}", retry=RetryPolicy(max_retries=1), timeout=5.0
    )
    policy = LLMPolicy(client, agent="pokemon", game="orak/PokemonRed-v0")
    env = gym.make("orak/PokemonRed-v0")
    try:
        observation, info = env.reset(seed=0)
        for index in range(len(actions)):
            action = policy(observation, info)
            assert action == actions[index] and policy.last_step.error is None
            called = [c.module for c in policy.last_step.calls]
            expected = ["subtask_planning", "action_inference"] if index == 0 else [
                "history_summarization", "self_reflection", "subtask_planning", "action_inference"
            ]  # fmt: skip
            assert called == expected
            observation, _, _, _, info = env.step(action)
        assert info["milestones"] == ["Exit Red's house"]
    finally:
        env.close()
    prompts = [request_text(r.body) for r in openai_server.chat_requests if module_of(r.body) == "action_inference"]
    assert "You are an expert AI agent playing Pokémon Red" in prompts[-1]  # the game's system prompt
    assert "[Full Map]" in prompts[-1] and "Summary 2" in prompts[-1]  # state and the history summary
