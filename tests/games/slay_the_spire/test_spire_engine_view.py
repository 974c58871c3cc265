"""The lean native step's engine view equals the message it replaces.

The native env on the embedded engine reads the observation, the mask, the decision kind and the
score inputs from the engine's objects (``engine_view.view_of``) instead of building the
CommunicationMod message.  Here, at every step of many random runs (legal actions, with some drawn
from all actions so that illegal ones are tried too), the view's facts, vector and mask are compared
with ``native.facts_of_state``/``encode``/``action_mask`` of the ``SpireState`` of the engine's message
at that moment, and the env's outputs with those of a twin env that takes the message path.
"""

from __future__ import annotations

import copy
import json
import pickle

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401
from orak_gym.core.fast_path import _DEFERRED
from orak_gym.games.slay_the_spire import native
from orak_gym.games.slay_the_spire.engine import SpireEngine, legal_commands
from orak_gym.games.slay_the_spire.engine_view import view_of
from orak_gym.games.slay_the_spire.state import SpireState

SEEDS = range(30)
STEPS = 300


def _message_state(env) -> SpireState:
    backend = env._backend
    message = backend.engine.state()
    return SpireState.from_message(
        message, message.get("game_state") or {}, backend.bosses_defeated(), "", backend.finished()
    )


def _assert_view_is_message(env) -> None:
    backend = env._backend
    view = view_of(backend.engine, backend.finished())
    state = _message_state(env)
    facts = native.facts_of_state(state)
    for name in native.Facts.__slots__:
        got, want = getattr(view, name), getattr(facts, name)
        if name == "moves":  # the message's tuples carry only what the mask reads: playable, has target
            got, want = [m[1:3] for m in got], [m[1:3] for m in want]
        assert got == want, f"{name}: engine view {got!r} != message {want!r} ({state.screen_type})"
    assert native.pack(view).tobytes() == native.encode(state).tobytes()
    assert native.mask_of(view).tolist() == native.action_mask(state).tolist()
    assert (view.kind, view.game_over, view.floors_reached, view.bosses) == (
        state.kind,
        state.game_over,
        state.floors_reached,
        state.bosses_defeated,
    )
    assert (view.room_type, view.room_phase) == (state.room_type, state.room_phase)
    assert env.action_masks().tolist() == native.action_mask(state).astype(bool).tolist()


@pytest.mark.parametrize("control", ["full", "orak"])
def test_engine_view_equals_the_message_and_the_outputs_the_message_path(control: str) -> None:
    fast = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
    slow = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
    slow.unwrapped._embedded = False  # no engine view: every step takes the message path (``_act``)
    steps = illegal = 0
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        obs, info = fast.reset(seed=seed)
        obs2, info2 = slow.reset(seed=seed)
        assert obs.tobytes() == obs2.tobytes() and info == info2 and list(info) == list(info2)
        assert fast.unwrapped._state is _DEFERRED  # the lean reset built no state (``_native_start``)
        _assert_view_is_message(fast.unwrapped)
        if seed % 5 == 0:  # the state read after a lean reset is the message path's
            assert json.dumps(fast.unwrapped.current_info(), sort_keys=True) == json.dumps(
                slow.unwrapped.current_info(), sort_keys=True
            )
        for _ in range(STEPS):
            mask = fast.unwrapped.action_masks()
            if rng.random() < 0.1 or not mask.any():
                action = int(rng.integers(0, mask.size))
                illegal += not mask[action]
            else:
                action = int(rng.choice(np.flatnonzero(mask)))
            if rng.random() < 0.5:
                action = np.int64(action)  # SB3 hands numpy integers
            out = fast.step(action)
            out2 = slow.step(action)
            steps += 1
            assert out[0].tobytes() == out2[0].tobytes()
            assert out[1:4] == out2[1:4]
            assert json.dumps(out[4], sort_keys=True) == json.dumps(out2[4], sort_keys=True)
            assert list(out[4]) == list(out2[4])  # the same keys in the same order
            _assert_view_is_message(fast.unwrapped)
            if steps % 7 == 0:
                assert json.dumps(fast.unwrapped.current_info(), sort_keys=True) == json.dumps(
                    slow.unwrapped.current_info(), sort_keys=True
                )
            if out[2] or out[3]:
                break
        assert json.dumps(fast.unwrapped.current_info(), sort_keys=True) == json.dumps(
            slow.unwrapped.current_info(), sort_keys=True
        )
    fast.close()
    slow.close()
    assert steps > 1500 and illegal > 50, (steps, illegal)  # many screens, illegal actions included


def test_rule_message_reads_as_the_full_message() -> None:
    """The rule agent's message (costly fields built on first read) equals ``state()`` however it is read."""
    checked = 0
    for seed in range(3):
        engine, rng = SpireEngine(seed), np.random.default_rng(seed)
        engine.apply("START IRONCLAD 0")
        for _ in range(120):
            full = engine.state()
            want = json.dumps(full)  # key order included
            for read in range(5):
                lazy = engine.rule_message()
                game = lazy["game_state"]
                assert game  # truthy without building anything
                if read == 0:  # the keys the rule agent reads, one by one
                    for key in ("screen_type", "potions", "deck", "map", "relics", "combat_state", "nope"):
                        assert game.get(key) == full["game_state"].get(key)
                        assert (key in game) == (key in full["game_state"])
                    assert sorted(game) == sorted(full["game_state"])
                elif read == 1:
                    assert json.loads(json.dumps(lazy)) == json.loads(want)
                elif read == 2:
                    assert type(copy.deepcopy(game)) is dict and copy.deepcopy(game) == full["game_state"]
                elif read == 3:
                    assert pickle.loads(pickle.dumps(game)) == full["game_state"] and len(game) == len(
                        full["game_state"]
                    )
                else:  # unequal only where the full message differs (both ways round)
                    assert (game != full["game_state"]) is False and (full["game_state"] != game) is False
            checked += 1
            commands = legal_commands(full)
            if engine.is_over or not commands:
                break
            engine.apply(commands[int(rng.integers(len(commands)))])
    assert checked > 100
