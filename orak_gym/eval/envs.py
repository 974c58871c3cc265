"""Env handles for the runner: an env in this process (stepped on a worker thread) or in a child
process (for games whose spec says ``process_isolated``, such as stable-retro's), reached over the
backend channel.

Both answer the same three calls, each returning the observation's text alongside it, so the
runner never reaches into an env that may live in another process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np

from orak_gym.core.channel import ChildObject
from orak_gym.core.errors import BackendError
from orak_gym.core.registry import UnknownEnvError, plays_elsewhere, spec_of
from orak_gym.wrappers.trajectory import observation_text

StepResult = tuple[Any, float, bool, bool, dict[str, Any], str]


def needs_process(env_id: str) -> bool:
    """Whether ``env_id``'s game needs a process per instance (``GameSpec.process_isolated``); never for
    an env whose game runs on a server (``plays_elsewhere``): that process is the server's."""
    if plays_elsewhere(env_id):
        return False
    try:
        return spec_of(env_id).process_isolated
    except UnknownEnvError:
        return False


def max_instances(env_id: str) -> int | None:
    """How many instances of ``env_id``'s game one machine can run at once (None: no limit).

    The runner should play at most this many episodes of ``env_id`` at once (a semaphore per id).
    """
    try:
        return spec_of(env_id).max_instances
    except UnknownEnvError:
        return None


class LocalEnv:
    """An env in this process; the runner calls it from a worker thread."""

    def __init__(self, env_id: str, modality: str = "text", frames: bool = False, **kwargs: Any) -> None:
        self.env_id = env_id
        render_mode = "rgb_array" if frames else None
        self.env = gym.make(env_id, modality=modality, render_mode=render_mode, **kwargs)
        self.frames = frames

    def reset(self, seed: int) -> tuple[Any, dict[str, Any], str]:
        obs, info = self.env.reset(seed=seed)
        return obs, info, observation_text(self.env, obs)

    def step(self, action: Any) -> StepResult:
        obs, reward, terminated, truncated, info = self.env.step(action)
        return obs, float(reward), bool(terminated), bool(truncated), info, observation_text(self.env, obs)

    def save_frame(self, path: Path) -> None:
        """Writes the current frame as PNG (only with ``frames=True``)."""
        from PIL import Image

        frame = self.env.render()
        if isinstance(frame, np.ndarray):
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(frame).save(path)

    def close(self) -> None:
        self.env.close()


class EnvLostError(BackendError):
    """The env's process or machine went away mid-episode (a Ray worker or node lost): not the game's
    doing, so the runner replays the episode on a fresh env instead of recording an error."""


class EnvProcessError(BackendError):
    """The env in a worker process raised or died; the message carries the child's error and stderr."""


class ProcessEnv:
    """A LocalEnv in a child process (a fresh interpreter, so the emulator gets a process of its own),
    reached over the backend channel (:class:`orak_gym.core.channel.ChildObject`)."""

    def __init__(self, env_id: str, modality: str = "text", frames: bool = False, **kwargs: Any) -> None:
        self.env_id = env_id
        try:
            self._child = ChildObject(
                "orak_gym.eval.envs:LocalEnv", env_id, modality, frames, name=f"env worker ({env_id})", **kwargs
            )
        except BackendError as exc:
            raise EnvProcessError(str(exc), stderr_tail=exc.stderr_tail) from exc

    def _call(self, method: str, *args: Any) -> Any:
        try:
            return self._child.call(method, *args)
        except BackendError as exc:
            raise EnvProcessError(str(exc), stderr_tail=exc.stderr_tail) from exc

    def reset(self, seed: int) -> tuple[Any, dict[str, Any], str]:
        return self._call("reset", seed)

    def step(self, action: Any) -> StepResult:
        return self._call("step", action)

    def save_frame(self, path: Path) -> None:
        self._call("save_frame", path)

    def close(self) -> None:
        self._child.close()
