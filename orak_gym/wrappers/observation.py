"""Observation wrappers: the text and image modalities Orak's agents see.

They render from the game's state (``GameState.to_text()``, ``render_frame``), never from the
native observation; when one sits directly on the game env, nothing else can see the native
observation, so while they step it the env is told not to compute it (Baba's planes, Mario's frame
fetch); between their calls the game env is a complete Gymnasium env of its own.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from orak_gym.core.spaces import TextSpace


def _frame_space(env: gym.Env) -> spaces.Box:
    return spaces.Box(0, 255, shape=tuple(env.unwrapped.frame_shape), dtype=np.uint8)


class _StateObservation(gym.ObservationWrapper):
    """Base of the wrappers that render from the game's state.

    The env below keeps returning its native observation (``env.unwrapped`` is a valid Gymnasium env
    on its own, ``check_env`` included); only while this wrapper's own ``reset``/``step`` runs, and
    only when it sits directly on the game env (nothing else could see the native observation), is
    the env asked to skip it (Baba's planes, Mario's frame fetch).  These modalities always carry the
    full ``info`` (state, prompt context) that agents read.
    """

    def __init__(self, env: gym.Env) -> None:
        gym.ObservationWrapper.__init__(self, env)
        if hasattr(env.unwrapped, "lean_info"):
            env.unwrapped.lean_info = False
        self._skips_native = env is env.unwrapped and hasattr(env, "native_observations")

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        if not self._skips_native:
            return super().reset(seed=seed, options=options)
        env, before = self.env, self.env.native_observations
        env.native_observations = False
        try:
            return super().reset(seed=seed, options=options)
        finally:
            env.native_observations = before

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        if not self._skips_native:
            return super().step(action)
        env, before = self.env, self.env.native_observations
        env.native_observations = False
        try:
            return super().step(action)
        finally:
            env.native_observations = before


class TextObservation(_StateObservation, gym.utils.RecordConstructorArgs):
    """Replaces the native observation with the state's text (``GameState.to_text()``)."""

    def __init__(self, env: gym.Env, max_length: int = 262_144) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, max_length=max_length)
        _StateObservation.__init__(self, env)
        self.observation_space = TextSpace(max_length=max_length)

    def observation(self, observation: Any) -> str:
        """The current state's text (the native ``observation`` is not needed, and may be None)."""
        return self.unwrapped.state.to_text()


class ImageObservation(_StateObservation, gym.utils.RecordConstructorArgs):
    """Replaces the native observation with the rendered frame (HxWx3 uint8)."""

    def __init__(self, env: gym.Env) -> None:
        gym.utils.RecordConstructorArgs.__init__(self)
        _StateObservation.__init__(self, env)
        self.observation_space = _frame_space(env)

    def observation(self, observation: Any) -> np.ndarray:
        """The current state's frame (the native ``observation`` is not needed, and may be None)."""
        base = self.unwrapped
        return base.render_frame(base.state)


class TextImageObservation(_StateObservation, gym.utils.RecordConstructorArgs):
    """Both: ``{"text": str, "image": HxWx3 uint8}``."""

    def __init__(self, env: gym.Env, max_length: int = 262_144) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, max_length=max_length)
        _StateObservation.__init__(self, env)
        self.observation_space = spaces.Dict({"text": TextSpace(max_length=max_length), "image": _frame_space(env)})

    def observation(self, observation: Any) -> dict[str, Any]:
        """The current state's text and frame (the native ``observation`` may be None)."""
        base = self.unwrapped
        return {"text": base.state.to_text(), "image": base.render_frame(base.state)}
