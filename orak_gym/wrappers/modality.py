"""``gym.make(id, modality=...)``: the entry point every orak id is registered with.

The modality decides which wrappers sit on the game's native env; users can compose the same
wrappers by hand on a ``modality="native"`` env.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym

from orak_gym.core.errors import MissingDependencyError
from orak_gym.core.registry import GAMES, load_object
from orak_gym.wrappers.observation import ImageObservation, TextImageObservation, TextObservation
from orak_gym.wrappers.text_action import TextAction

MODALITIES = ("text", "image", "text_image", "native")


def apply_modality(env: gym.Env, modality: str) -> gym.Env:
    """Wraps a native orak env for one modality."""
    if modality == "native":
        return env
    if modality == "text":
        return TextAction(TextObservation(env))
    if modality == "image":
        return TextAction(ImageObservation(env))
    if modality == "text_image":
        return TextAction(TextImageObservation(env))
    raise ValueError(f"modality={modality!r} is not one of {MODALITIES}")


def make_env(
    game: str, modality: str = "text", max_decisions: int | None = None, full_info: bool = False, **kwargs: Any
) -> gym.Env:
    """Builds the game's env (checking its optional dependencies first) and applies the modality.

    In the LLM modalities an episode is cut after Orak's number of decisions for the game
    (``max_decisions`` overrides it); the native modality has no limit of its own, since one
    native step is a frame or a single move (pass ``max_episode_steps`` to ``gym.make``).
    The native modality's ``info`` is lean (score, validity; see ``OrakEnv.lean_info``) unless
    ``full_info=True``; the text and image modalities always carry every key.
    """
    if modality not in MODALITIES:
        raise ValueError(f"modality={modality!r} is not one of {MODALITIES}")
    spec = GAMES[game]
    for dep in spec.dependencies:
        if dep.missing():
            raise MissingDependencyError(dep.package or dep.module, dep.extra, f"needed by {spec.title}")
    env_class = load_object(spec.env_class)
    game_env = env_class(**kwargs)
    game_env.lean_info = modality == "native" and not full_info
    env = apply_modality(game_env, modality)
    limit = max_decisions if max_decisions is not None else spec.max_decisions
    if modality != "native" and limit:
        env = gym.wrappers.TimeLimit(env, limit)
    return env
