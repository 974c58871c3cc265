"""GameSpec and spec_of, the typed prompt context, and the wrappers' use of OrakEnv's public API."""

from __future__ import annotations

import gymnasium as gym
import pytest

import orak_gym
from orak_gym.core import PromptContext, ScriptedPolicy, game_text
from orak_gym.core.registry import GAMES, UnknownEnvError, spec_of
from orak_gym.eval.arena import arenas
from orak_gym.eval.envs import max_instances, needs_process


def test_spec_of_answers_for_every_id_name_and_prefix():
    assert spec_of("orak/2048-v0") is GAMES["twenty48"] is orak_gym.spec_of("twenty48")
    assert spec_of("orak/BabaIsYou-KeyAndDoor-v0").name == "baba_is_you"  # a per-level variant
    assert spec_of("orak_gym:orak/Minecraft-Furnace-v0").name == "minecraft"  # a per-task variant
    gym.register("custom/MyBabaLevel-v3", entry_point="orak_gym.wrappers.modality:make_env",
                 kwargs={"game": "baba_is_you", "level": "13_key_and_door"})  # fmt: skip
    try:
        assert spec_of("custom/MyBabaLevel-v3").name == "baba_is_you"  # a user's own id for a game
    finally:
        del gym.registry["custom/MyBabaLevel-v3"]
    with pytest.raises(UnknownEnvError, match="CartPole"):
        spec_of("CartPole-v1")  # registered with Gymnasium, but no orak game


def test_spec_facts_other_layers_ask_for():
    mario, baba = spec_of("orak/SuperMario-v0"), spec_of("orak/BabaIsYou-v0")
    assert mario.process_isolated and needs_process("orak/SuperMario-v0") and mario.extras == ("retro",)
    assert not baba.process_isolated and max_instances("orak/BabaIsYou-v0") is None
    assert arenas() == {
        "2048-race": "orak_gym.games.twenty48.race:race_env",
        "street-fighter": "orak_gym.games.street_fighter.versus:versus_env",
        "starcraft2-duel": "orak_gym.games.starcraft2.duel:duel_env",
    }
    assert spec_of("orak/2048-v0").prompts_dir().name == "prompts"
    assert issubclass(spec_of("orak/2048-v0").load_expert(), ScriptedPolicy)
    assert {s.name for s in GAMES.values() if s.supported} >= {"twenty48", "baba_is_you", "super_mario", "minecraft"}


def test_prompt_context_is_typed_and_round_trips():
    env = gym.make("orak/BabaIsYou-v0")
    _, info = env.reset(seed=0)
    context = env.unwrapped.prompt_context()
    assert isinstance(context, PromptContext) and context.title == "Baba Is You"
    assert info["prompt_context"] == context.to_dict() and "hint" in info["prompt_context"]["extras"]
    assert PromptContext.from_dict(context.to_dict()) == context
    assert context.rules is game_text("orak_gym.games.baba_is_you.prompts", "rules.md")  # read once
    env.close()


class _Counting:
    """Counts calls of a bound method on an env (by wrapping it on the instance)."""

    def __init__(self, env: gym.Env, name: str) -> None:
        self.calls = 0
        original = getattr(env, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        setattr(env, name, counted)


def test_text_modality_skips_the_native_observation_and_builds_the_context_once():
    env = gym.make("orak/BabaIsYou-v0")
    base = env.unwrapped
    observe, context = _Counting(base, "observe"), _Counting(base, "prompt_context")
    env.reset(seed=0)
    _, _, _, _, info = env.step("### Actions\nright 2 up 3")
    assert len(info["native_actions"]) == 5 and info["action_valid"]
    assert observe.calls == 0  # the text is rendered from the state; no planes computed
    assert context.calls == 2  # once for reset, once for the five-move decision
    env.close()
    native = gym.make("orak/BabaIsYou-v0", modality="native")
    observed = _Counting(native.unwrapped, "observe")
    native.reset(seed=0)
    assert observed.calls == 1  # the native modality still gets its observation
    native.close()


def test_an_unparseable_decision_returns_a_copy_of_the_unchanged_observation():
    env = gym.make("orak/2048-v0", modality="text_image")
    obs, _ = env.reset(seed=0)
    again, _, _, _, info = env.step("no move here")
    assert not info["action_valid"] and again["text"] == obs["text"]
    assert again["image"] is not obs["image"] and (again["image"] == obs["image"]).all()
    env.close()
