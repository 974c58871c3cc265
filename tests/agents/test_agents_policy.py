"""LLMPolicy end to end: every agent type plays 2048 against a real local OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401  (registers the envs)
from orak_gym.agents import AGENT_TYPES, LLMPolicy, Policy, RandomPolicy, make_client
from orak_gym.agents.llm import RetryPolicy
from orak_gym.agents.modules import ActionInference, Module
from orak_gym.testing import ModuleResponder, Reply, ScriptedOpenAIServer, module_of, request_text

FAST = RetryPolicy(max_retries=1, base_delay_s=0.01, max_delay_s=0.02)
STEPS = 6


@pytest.fixture
def openai_server() -> Iterator[ScriptedOpenAIServer]:
    """A real OpenAI-compatible HTTP server on 127.0.0.1, scripted per test."""
    with ScriptedOpenAIServer() as server:
        yield server


def client(server: ScriptedOpenAIServer, **kwargs: Any):
    return make_client(f"compat:scripted-model@{server.base_url}", retry=FAST, timeout=5.0, **kwargs)


def play(policy: Any, env_id: str = "orak/2048-v0", steps: int = STEPS, seed: int = 0, **make_kwargs: Any):
    """Plays one (time-limited) episode; returns per-step (observation, info before, action, info after)."""
    env = gym.make(env_id, max_episode_steps=steps, **make_kwargs)
    observation, info = env.reset(seed=seed)
    policy.reset()
    trace = []
    try:
        while True:
            action = policy(observation, info)
            step = policy.last_step
            new_observation, _, terminated, truncated, new_info = env.step(action)
            trace.append((observation, info, action, step, new_info))
            observation, info = new_observation, new_info
            if terminated or truncated:
                return trace
    finally:
        env.close()


def prompts_of(server: ScriptedOpenAIServer, module: str) -> list[str]:
    return [request_text(r.body) for r in server.chat_requests if module_of(r.body) == module]


@pytest.mark.parametrize("agent", sorted(AGENT_TYPES))
def test_every_agent_type_plays_a_short_2048_episode(openai_server: ScriptedOpenAIServer, agent: str) -> None:
    responder = ModuleResponder()
    openai_server.responder = responder
    policy = LLMPolicy(client(openai_server), agent=agent, game="orak/2048-v0")
    trace = play(policy)
    assert len(trace) == STEPS
    modules = AGENT_TYPES[agent]
    for index, (_observation, _info, action, step, new_info) in enumerate(trace):
        assert not step.fallback and step.error is None, step.error
        assert action == step.action and action in {"left", "down", "right", "up"}
        assert new_info["action_valid"], new_info["action_feedback"]
        called = [c.module for c in step.calls]
        if index == 0:  # modules that need two observations skip the first step, as in Orak
            assert "self_reflection" not in called
        else:
            expected = [m for m in modules if m not in ("skill_management", "memory_management")]  # no LLM call
            assert [m for m in called if m != "skill_management"] == expected
        assert called[-1] == "action_inference"
        for call in step.calls:
            assert call.raw_response and not call.error and call.missing == []
            assert call.prompt_tokens > 0 and call.completion_tokens > 0 and call.latency_s > 0
            json.dumps(call.to_dict())
    # every action prompt holds the rules and the state the policy was shown
    action_prompts = prompts_of(openai_server, "action_inference")
    assert len(action_prompts) == STEPS
    rules = trace[0][1]["prompt_context"]["rules"].splitlines()[0]
    for prompt, (observation, *_rest) in zip(action_prompts, trace, strict=True):
        assert rules in prompt
        assert observation.split("\nScore")[0] in prompt


def test_reflection_summary_reaches_the_action_prompt_and_history(
    openai_server: ScriptedOpenAIServer,
) -> None:
    openai_server.responder = ModuleResponder()
    policy = LLMPolicy(client(openai_server), agent="reflection", game="orak/2048-v0")
    trace = play(policy)
    action_prompts = prompts_of(openai_server, "action_inference")
    reflection_prompts = prompts_of(openai_server, "self_reflection")
    assert len(reflection_prompts) == STEPS - 1
    for step in range(1, STEPS):
        # the reflection made at this step (number `step`) is in this step's action prompt
        assert f"Reflection summary {step}: keep the big tile" in action_prompts[step]
        # the reflection prompt shows the previous state and the last action
        previous_state = trace[step - 1][0].split("\nScore")[0]
        assert previous_state in reflection_prompts[step - 1]
        assert f"`{trace[step - 1][2]}`" in reflection_prompts[step - 1]
    # bounded multi-step history, not only the last step: the last prompt lists earlier steps
    assert "Step 0: action `left`" in action_prompts[-1] and "Step 4: action" in action_prompts[-1]


def test_planning_keeps_the_previous_subtask_in_view(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.responder = ModuleResponder()
    policy = LLMPolicy(client(openai_server), agent="reflection_planning", game="orak/2048-v0")
    play(policy)
    planning = prompts_of(openai_server, "subtask_planning")
    action_prompts = prompts_of(openai_server, "action_inference")
    assert "## Previous subtask\nnone yet" in planning[0]
    for step in range(1, STEPS):
        assert f"Subtask {step}: merge the bottom row" in planning[step]  # previous subtask
        assert f"Reflection summary {step}:" in planning[step]  # this step's reflection
        assert f"Subtask {step + 1}: merge the bottom row" in action_prompts[step]


def test_skill_memory_stores_successes_and_retrieves_them(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.responder = ModuleResponder(success="yes")
    policy = LLMPolicy(client(openai_server), agent="skill_management", game="orak/2048-v0")
    trace = play(policy)
    assert len(policy.skills) >= 1
    stored = {s.action for s in policy.skills.skills}
    assert stored <= {"left", "down", "right", "up"}
    skill_prompts = prompts_of(openai_server, "skill_management")
    assert len(skill_prompts) == STEPS - 1  # one description per successful step
    assert f"`{trace[0][2]}`" in skill_prompts[0]  # it describes the previous action
    last_action_prompt = prompts_of(openai_server, "action_inference")[-1]
    assert "## Skills that worked before" in last_action_prompt
    assert "slide to merge equal neighbours" in last_action_prompt
    # skills survive reset (they are the point of the module); memory does not
    policy.reset()
    assert len(policy.skills) >= 1 and policy.memory.num_observations == 0


def test_no_skill_is_stored_when_the_reflection_says_failure(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.responder = ModuleResponder(success="no")
    policy = LLMPolicy(client(openai_server), agent="skill_management", game="orak/2048-v0")
    play(policy, steps=4)
    assert len(policy.skills) == 0 and prompts_of(openai_server, "skill_management") == []


@pytest.mark.parametrize(
    "failure", [Reply.server_error, Reply.rate_limited, Reply.malformed, Reply.drop], ids=lambda f: f.__name__
)
def test_failed_llm_decisions_fall_back_to_the_default_action(openai_server, failure) -> None:
    openai_server.push(*[failure() for _ in range(2 * (FAST.max_retries + 1))])
    openai_server.responder = ModuleResponder()
    calls = []
    policy = LLMPolicy(client(openai_server), agent="zeroshot", game="orak/2048-v0", on_llm_call=calls.append)
    trace = play(policy, steps=3)
    for _, info, action, step, new_info in trace[:2]:
        assert step.fallback and action == info["prompt_context"]["default_action"] == "up"
        assert step.calls[0].error and step.calls[0].attempts == FAST.max_retries + 1
        assert "action_inference" in step.error
        assert new_info["action_valid"]
    assert not trace[2][3].fallback  # the server recovered, so does the policy
    assert [c.error is not None for c in calls] == [True, True, False]


def test_auxiliary_module_failure_does_not_cost_the_decision(openai_server: ScriptedOpenAIServer) -> None:
    responder = ModuleResponder()

    def flaky(body: dict[str, Any]) -> Any:
        return Reply.error(400, "context too long") if module_of(body) == "subtask_planning" else responder(body)

    openai_server.responder = flaky
    policy = LLMPolicy(client(openai_server), agent="planning", game="orak/2048-v0")
    trace = play(policy, steps=2)
    step = trace[0][3]
    assert not step.fallback and step.action in {"left", "down", "right", "up"}
    assert "subtask_planning" in step.error and step.calls[0].error


def test_answers_out_of_format_are_handled(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.push("I would slide the tiles.\nleft", "### Reasoning\nhmm", "```\n## Action:\n**down**\n```")
    policy = LLMPolicy(client(openai_server), agent="zeroshot", game="orak/2048-v0")
    trace = play(policy, steps=3)
    (_, _, first, s1, i1), (_, _, second, s2, _), (_, _, third, s3, _) = trace
    assert first == "left" and s1.calls[0].missing == ["reasoning", "actions"] and i1["action_valid"]
    assert s2.fallback is False and second == "hmm"  # last line: the env's parser then reports it
    assert trace[1][4]["action_valid"] is False
    assert third == "down" and s3.calls[0].missing == ["reasoning"]


def test_hooks_receive_every_call_and_step(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.responder = ModuleResponder()
    calls, steps = [], []
    policy = LLMPolicy(
        client(openai_server),
        agent="reflection",
        game="orak/2048-v0",
        on_llm_call=calls.append,
        on_step=steps.append,
    )
    play(policy, steps=3)
    assert [c.module for c in calls] == ["action_inference", *["self_reflection", "action_inference"] * 2]
    assert len(steps) == 3 and steps[-1].prompt_tokens == sum(c.prompt_tokens for c in calls[-2:])
    json.dumps([s.to_dict() for s in steps])


def test_structured_output_round_trip(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.push(Reply(content={"reasoning": "corner strategy", "actions": "right"}))
    policy = LLMPolicy(client(openai_server), agent="zeroshot", game="orak/2048-v0", structured_output=True)
    _, info = gym.make("orak/2048-v0").reset(seed=1)
    assert policy("board", info) == "right"
    body = openai_server.chat_requests[0].body
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["reasoning", "actions"]


def test_image_modality_sends_the_frame(openai_server: ScriptedOpenAIServer) -> None:
    openai_server.responder = ModuleResponder()
    policy = LLMPolicy(client(openai_server), agent="reflection", game="orak/2048-v0", modality="text_image")
    play(policy, steps=2, modality="text_image")
    parts = openai_server.chat_requests[-1].body["messages"][-1]["content"]
    urls = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
    assert urls and all(u.startswith("data:image/png;base64,") for u in urls)
    text_only = LLMPolicy(client(openai_server, supports_images=False), game="orak/2048-v0", modality="text_image")
    play(text_only, steps=1, modality="text_image")
    assert isinstance(openai_server.chat_requests[-1].body["messages"][-1]["content"], str)


def test_concurrent_episodes_with_acall() -> None:
    with ScriptedOpenAIServer(responder=ModuleResponder(), latency_s=0.1) as server:
        base = LLMPolicy(client(server), agent="zeroshot", game="orak/2048-v0")

        async def episode(policy: LLMPolicy, seed: int) -> int:
            env = gym.make("orak/2048-v0", max_episode_steps=4)
            observation, info = env.reset(seed=seed)
            steps = 0
            while True:
                action = await policy.acall(observation, info)
                observation, _, terminated, truncated, info = env.step(action)
                steps += 1
                if terminated or truncated:
                    return steps

        async def run() -> tuple[list[int], float]:
            await base.acall("warm-up", {})
            started = time.perf_counter()
            results = await asyncio.gather(*[episode(base.clone(), seed) for seed in range(6)])
            return list(results), time.perf_counter() - started

        steps, elapsed = asyncio.run(run())
    assert steps == [4] * 6
    assert elapsed < 6 * 4 * 0.1 / 2  # sequential: 2.4 s of server latency alone


def test_custom_module_list(openai_server: ScriptedOpenAIServer, tmp_path) -> None:
    class Critic(Module):
        name = "critic"
        output_keys = ("critique",)

    (tmp_path / "critic.user.j2").write_text("Critique the state:\n{{ cur_state }}\nAnswer with ### Critique")
    (tmp_path / "action_inference.user.j2").write_text(
        "State: {{ cur_state }}\nCritique: {{ critique }}\nAnswer with ### Reasoning and ### Actions"
    )
    openai_server.push("### Critique\nthe corner is empty", "### Reasoning\nr\n### Actions\nleft")
    policy = LLMPolicy(client(openai_server), agent=[Critic(), ActionInference()], prompt_dirs=[str(tmp_path)])
    assert policy("my board", {"prompt_context": {"default_action": "up"}}) == "left", policy.last_step.error
    assert [c.module for c in policy.last_step.calls] == ["critic", "action_inference"]
    assert "Critique: the corner is empty" in request_text(openai_server.chat_requests[-1].body)


def test_baselines_follow_the_policy_protocol() -> None:
    random_policy = RandomPolicy(seed=3)
    assert isinstance(random_policy, Policy)
    trace = play(random_policy, steps=20)
    assert all(new_info["action_valid"] for *_, new_info in trace)
    assert len({action for _, _, action, _, _ in trace}) > 1
    assert random_policy("x", {"prompt_context": {"default_action": "wait"}}) == "wait"
    assert asyncio.run(random_policy.acall("x", {"prompt_context": {"valid_actions": ["a"]}})) == "a"
    assert isinstance(LLMPolicy(make_client("vllm:m")), Policy)
