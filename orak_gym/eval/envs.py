"""Env handles for the runner: an env in this process (stepped on a worker thread) or in a child
process (for backends that allow one emulator per process, such as stable-retro).

Both answer the same three calls, each returning the observation's text alongside it, so the
runner never reaches into an env that may live in another process.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import traceback
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np

StepResult = tuple[Any, float, bool, bool, dict[str, Any], str]


def observation_text(env: gym.Env, obs: Any) -> str:
    """The text an LLM saw: the observation itself, its ``text`` part, or the state's text."""
    if isinstance(obs, str):
        return obs
    if isinstance(obs, dict) and isinstance(obs.get("text"), str):
        return obs["text"]
    try:
        return env.unwrapped.state.to_text()
    except Exception:  # a native env without a text layout
        return repr(obs)[:2000]


def needs_process(env_id: str) -> bool:
    """Whether ``env_id``'s game needs a process per instance (``GameSpec.process_isolated``)."""
    from orak_gym.core.registry import UnknownEnvError, spec_of

    try:
        return spec_of(env_id).process_isolated
    except UnknownEnvError:
        return False


def max_instances(env_id: str) -> int | None:
    """How many instances of ``env_id``'s game one machine can run at once (None: no limit)."""
    from orak_gym.core.registry import UnknownEnvError, spec_of

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


def _serve(conn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Child process loop: builds a LocalEnv and answers (method, args) messages until 'close'."""
    try:
        env = LocalEnv(*args, **kwargs)
        conn.send(("ok", None))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        return
    while True:
        try:
            method, payload = conn.recv()
        except (EOFError, OSError):
            break
        if method == "close":
            env.close()
            conn.send(("ok", None))
            break
        try:
            conn.send(("ok", getattr(env, method)(*payload)))
        except BaseException as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class EnvProcessError(RuntimeError):
    """The env in a worker process raised; the message carries the child's error."""


class ProcessEnv:
    """A LocalEnv in a child process (spawned, so the emulator gets a clean process of its own)."""

    def __init__(self, env_id: str, modality: str = "text", frames: bool = False, **kwargs: Any) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(child, (env_id, modality, frames), kwargs), daemon=True, name=f"env:{env_id}"
        )
        self._process.start()
        child.close()
        self.env_id = env_id
        self._answer()

    def _answer(self) -> Any:
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise EnvProcessError(f"the worker process of {self.env_id} died ({exc!r})") from exc
        if status == "error":
            raise EnvProcessError(value)
        return value

    def _call(self, method: str, *args: Any) -> Any:
        self._conn.send((method, args))
        return self._answer()

    def reset(self, seed: int) -> tuple[Any, dict[str, Any], str]:
        return self._call("reset", seed)

    def step(self, action: Any) -> StepResult:
        return self._call("step", action)

    def save_frame(self, path: Path) -> None:
        self._call("save_frame", path)

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(EnvProcessError, OSError, BrokenPipeError):
                self._call("close")
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
        self._conn.close()
