"""``orak/SlayTheSpire-v0``: Orak's control split, run-time validation, and the embedded engine.

The first tests drive the env against the game double over the real protocol (hand-written
messages); the rest need the embedded engine and skip with the reason when this build lacks it.
"""

from __future__ import annotations

import copy
import re

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import orak_gym  # noqa: F401 - registers the ids
from orak_gym.backends.mod_link import ModLinkError
from orak_gym.games.slay_the_spire import engine_missing
from orak_gym.games.slay_the_spire.env import SlayTheSpireEnv
from orak_gym.games.slay_the_spire.expert import SpireExpert
from orak_gym.wrappers.modality import MODALITIES, apply_modality

from . import spire_messages as sm


def _reward_screen(choices, rewards):
    message = sm.combat_reward()
    message["game_state"]["choice_list"] = choices
    message["game_state"]["screen_state"]["rewards"] = rewards
    return message


def test_rule_agent_plays_between_llm_decisions_and_later_lines_are_checked_when_they_run(scripted_game):
    start = sm.combat(energy=1, hand=[sm.strike("s0"), sm.strike("s1"), sm.defend("d0")])
    spent = sm.after_playing(start, 0, damage=(0, 8))
    rewards = _reward_screen(["gold", "card"], [{"reward_type": "GOLD", "gold": 12}, {"reward_type": "CARD"}])
    card_only = _reward_screen(["card"], [{"reward_type": "CARD"}])
    after_card = copy.deepcopy(card_only)
    port, log, proc = scripted_game([sm.main_menu(), start, spent, rewards, card_only, sm.card_reward(), after_card])
    env = apply_modality(SlayTheSpireEnv(backend="communication_mod", port=port, timeout=20), "text")
    env.reset(seed=3)
    _, _, _, _, info = env.step("PLAY 1 1\nPLAY 2 1\nEND")
    assert info["action_valid"] is False
    assert "line 2 'PLAY 2 1' failed" in info["action_feedback"] and "cannot be played now" in info["action_feedback"]
    assert info["native_actions"] == ["PLAY 1 1", "PLAY 2 1"]  # tried up to the failing line; END never ran
    obs, _, _, _, info = env.step("END")
    # the rule agent took the gold and opened the card reward; the card choice is the LLM's again
    assert obs.startswith("CARD REWARD SELECTION STATE") and info["state"]["kind"] == "card_reward"
    with pytest.raises(ModLinkError, match="quit"):  # the rule agent proceeds; the script ends there
        env.step("CHOOSE 2")
    env.close()
    assert proc.wait(timeout=10) == 0
    assert log.read_text().split("\n")[:7] == [
        "START IRONCLAD 0 3",
        "PLAY 1 0",
        "END",
        "CHOOSE 0",
        "CHOOSE 0",
        "CHOOSE 1",
        "PROCEED",
    ]


def test_unknown_backend_and_control_are_clear_errors():
    with pytest.raises(ValueError, match="backend"):
        SlayTheSpireEnv(backend="steam")
    with pytest.raises(ValueError, match="control"):
        SlayTheSpireEnv(control="half")


# ---------------------------------------------------------------------------------- embedded engine
needs_engine = pytest.mark.skipif(engine_missing() is not None, reason=str(engine_missing()))


@needs_engine
@pytest.mark.filterwarnings("ignore:.*different from the unwrapped version")
@pytest.mark.parametrize("control", ["orak", "full"])
@pytest.mark.parametrize("modality", MODALITIES)
def test_check_env_in_every_modality(modality, control):
    env = gym.make(
        "orak/SlayTheSpire-v0", modality=modality, control=control, render_mode="rgb_array", disable_env_checker=True
    )
    try:
        check_env(env.unwrapped if modality == "native" else env, skip_render_check=False)
    finally:
        env.close()


@needs_engine
def test_same_seed_same_run_with_masked_random_actions():
    def run():
        env = gym.make("orak/SlayTheSpire-v0", modality="native")
        obs, _ = env.reset(seed=5)
        rng = np.random.default_rng(0)
        trace = [obs]
        for _ in range(300):
            legal = np.flatnonzero(env.unwrapped.action_masks())
            obs, _, terminated, truncated, info = env.step(int(rng.choice(legal)))
            trace.append(obs)
            if terminated or truncated:
                break
        env.close()
        return trace, info["score"]

    (a, score_a), (b, score_b) = run(), run()
    assert score_a == score_b and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@needs_engine
def test_expert_plays_act_one():
    env = gym.make("orak/SlayTheSpire-v0")
    expert = SpireExpert()
    obs, info = env.reset(seed=0)
    terminated = truncated = False
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(expert(obs, info))
    env.close()
    assert info["state"]["floor"] >= 6 and info["score"] > 5


@needs_engine
def test_llm_policy_plays_turns_against_a_local_openai_server():
    """The zero-shot agent on the text env, answered by the project's local OpenAI-compatible server."""
    from orak_gym.agents import LLMPolicy, make_client
    from orak_gym.agents.llm import RetryPolicy
    from orak_gym.testing import ScriptedOpenAIServer, request_text

    def respond(body):
        text = request_text(body)
        if "CARD REWARD SELECTION STATE" in text:
            return "### Reasoning\nTake the first card.\n### Actions\nCHOOSE 1"
        living = re.findall(r"Monster index (\d+):\n- Name:", text)
        target = living[0] if living else "1"
        return f"### Reasoning\nHit the first living monster, then end the turn.\n### Actions\nPLAY 1 {target}\nEND"

    with ScriptedOpenAIServer(responder=respond) as server:
        client = make_client(
            f"compat:scripted-model@{server.base_url}",
            retry=RetryPolicy(max_retries=1, base_delay_s=0.01, max_delay_s=0.02),
            timeout=5.0,
        )
        policy = LLMPolicy(client, agent="zeroshot", game="orak/SlayTheSpire-v0")
        env = gym.make("orak/SlayTheSpire-v0", max_decisions=12)
        obs, info = env.reset(seed=0)
        valid = 0
        terminated = truncated = False
        while not (terminated or truncated):
            obs, _, terminated, truncated, info = env.step(policy(obs, info))
            valid += info["action_valid"]
        env.close()
        prompts = [request_text(r.body) for r in server.chat_requests]
    assert len(prompts) == 12 and "COMBAT STATE" in prompts[0] and "PLAY <card_index>" in prompts[0]
    assert valid >= 8 and info["state"]["floor"] >= 1


@needs_engine
def test_native_masked_actions_and_illegal_ones():
    env = gym.make("orak/SlayTheSpire-v0", modality="native")
    obs, _ = env.reset(seed=2)
    base = env.unwrapped
    mask = base.action_masks()
    assert base.state.kind == "combat" and mask.dtype == bool and mask[0]  # END is always legal on a turn
    illegal = int(np.flatnonzero(~mask)[0])
    after, reward, terminated, _, info = env.step(illegal)
    assert not info["action_valid"] and "not legal now" in info["action_feedback"]
    assert np.array_equal(after, obs) and reward == 0 and not terminated
    _, _, _, _, info = env.step(int(np.flatnonzero(mask)[-1]))
    assert info["action_valid"]
    env.close()


@needs_engine
def test_snapshots_replay_the_same_future():
    env = gym.make("orak/SlayTheSpire-v0", modality="native").unwrapped
    env.reset(seed=6)
    assert env.supports_snapshots
    snapshot = env.save_snapshot()
    legal = int(np.flatnonzero(env.action_masks())[-1])
    first = env.simulate(legal)[0].to_dict()
    for _ in range(2):  # a snapshot can be loaded again and again
        env.load_snapshot(snapshot)
        assert env.simulate(legal)[0].to_dict() == first
    real = SlayTheSpireEnv(backend="communication_mod")
    assert not real.supports_snapshots
    with pytest.raises(NotImplementedError, match="embedded"):
        real.save_snapshot()
    env.close()


@pytest.mark.skipif(engine_missing() is not None, reason=f"embedded engine: {engine_missing()}")
def test_lines_after_the_turn_ended_are_not_run_and_the_decision_stays_valid():
    """The env, not the parser, knows a line no longer applies; the text-action wrapper stops the decision
    there, says so, and keeps it valid (nothing in the text was wrong)."""
    env = gym.make("orak/SlayTheSpire-v0")
    obs, info = env.reset(seed=0)
    assert info["state"]["kind"] == "combat" and obs.startswith("COMBAT STATE (Turn 1)")
    obs, _, _, _, info = env.step("END\nPLAY 1\nPLAY 1")
    assert info["native_actions"] == ["END", "PLAY 1"]  # tried up to the line that no longer applied
    assert info["action_valid"] is True and "decision_stopped" not in info
    assert info["action_feedback"].endswith("the turn is over, so 2 line(s) from 'PLAY 1' on were not run")
    assert obs.startswith("COMBAT STATE (Turn 2)")
    env.close()
