"""Observation wrappers: the text and image modalities Orak's agents see.

They render from the game's state (``GameState.to_text()``, ``render_frame``), never from the
native observation; when one sits directly on the game env, nothing else can see the native
observation, so the env is told not to compute it (Baba's planes, Mario's frame fetch).
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from orak_gym.core.spaces import TextSpace


def _frame_space(env: gym.Env) -> spaces.Box:
    return spaces.Box(0, 255, shape=tuple(env.unwrapped.frame_shape), dtype=np.uint8)


def _skip_native_observation(env: gym.Env) -> None:
    """Stops the game env computing a native observation that this wrapper would throw away."""
    if env is env.unwrapped and hasattr(env, "native_observations"):
        env.native_observations = False


class TextObservation(gym.ObservationWrapper, gym.utils.RecordConstructorArgs):
    """Replaces the native observation with the state's text (``GameState.to_text()``)."""

    def __init__(self, env: gym.Env, max_length: int = 262_144) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, max_length=max_length)
        gym.ObservationWrapper.__init__(self, env)
        self.observation_space = TextSpace(max_length=max_length)
        _skip_native_observation(env)

    def observation(self, observation: Any) -> str:
        """The current state's text (the native ``observation`` is not needed, and may be None)."""
        return self.unwrapped.state.to_text()


class ImageObservation(gym.ObservationWrapper, gym.utils.RecordConstructorArgs):
    """Replaces the native observation with the rendered frame (HxWx3 uint8)."""

    def __init__(self, env: gym.Env) -> None:
        gym.utils.RecordConstructorArgs.__init__(self)
        gym.ObservationWrapper.__init__(self, env)
        self.observation_space = _frame_space(env)
        _skip_native_observation(env)

    def observation(self, observation: Any) -> np.ndarray:
        """The current state's frame (the native ``observation`` is not needed, and may be None)."""
        base = self.unwrapped
        return base.render_frame(base.state)


class TextImageObservation(gym.ObservationWrapper, gym.utils.RecordConstructorArgs):
    """Both: ``{"text": str, "image": HxWx3 uint8}``."""

    def __init__(self, env: gym.Env, max_length: int = 262_144) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, max_length=max_length)
        gym.ObservationWrapper.__init__(self, env)
        self.observation_space = spaces.Dict({"text": TextSpace(max_length=max_length), "image": _frame_space(env)})
        _skip_native_observation(env)

    def observation(self, observation: Any) -> dict[str, Any]:
        """The current state's text and frame (the native ``observation`` may be None)."""
        base = self.unwrapped
        return {"text": base.state.to_text(), "image": base.render_frame(base.state)}
