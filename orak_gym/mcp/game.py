"""``ServedGame``: one session's env behind the game server's tools, as JSON-ready results.

Plain synchronous code (it runs on the session's thread, see :mod:`orak_gym.mcp.sessions`): the
env is made with ``gym.make(env_id, modality="text", render_mode="rgb_array")``, so the server
steps it exactly as a local text-modality user would (same parser, same decision limit), and
the frame is drawn only when a client asks for it.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import gymnasium as gym
import numpy as np

from orak_gym.core.errors import OrakError
from orak_gym.core.state import to_jsonable

#: Longest action text accepted (the text-action wrapper's own bound).
MAX_ACTION_CHARS = 65_536


def resolve_env_id(env_id: str) -> str:
    """``"package.module:ns/Name-v0"`` imports the module (which registers the id) and returns the
    id, as ``gym.make`` does; a plain id is returned as it is. Unknown ids raise ``gym.error.Error``."""
    import importlib

    import orak_gym  # noqa: F401  (registers the orak ids)

    module, sep, name = env_id.partition(":")
    if sep:
        importlib.import_module(module)
        env_id = name
    gym.spec(env_id)
    return env_id


class GameUsageError(OrakError, ValueError):
    """The client called tools in an order the game cannot honour (step before reset, ...)."""


def encode_png(frame: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(frame, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def decode_png(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.uint8)


def encode_jpeg_b64(frame: np.ndarray) -> str:
    """Orak's ``obs_image_str``: the frame as base64 JPEG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(frame, dtype=np.uint8)).convert("RGB").save(buffer, format="JPEG", quality=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


#: The seed of the episode a session starts by itself when its first call is not ``reset``.
FIRST_EPISODE_SEED = 0


class ServedGame:
    """A registered env played through text actions, one episode at a time.

    Like Orak's game servers, which start the game at launch, a session needs no ``reset`` first: the
    first call that needs an episode starts one, with ``first_seed`` (so one-call-per-process clients,
    such as MCP Inspector's command line, can play a step, and reproducibly).
    """

    def __init__(
        self, env_id: str, env_kwargs: dict[str, Any] | None = None, first_seed: int | None = FIRST_EPISODE_SEED
    ) -> None:
        import orak_gym  # noqa: F401  (registers the ids)

        self.env_id = env_id
        self.first_seed = first_seed
        # Gymnasium's passive checker only warns, and a reset that raised (a bad seed from a
        # client) leaves it unable to check the next step; the registry tests run check_env.
        self.env = gym.make(
            env_id, modality="text", render_mode="rgb_array", disable_env_checker=True, **(env_kwargs or {})
        )
        self.observation: str | None = None
        self.info: dict[str, Any] = {}
        self.finished = False
        self.episodes = 0
        self.steps = 0
        self._sent_context: str | None = None  # the prompt context last sent with a full info

    # ------------------------------------------------------------------ episode
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.observation, self.finished = None, False  # a reset that fails leaves no episode to step
        observation, info = self.env.reset(seed=seed, options=options)
        self.observation, self.info = str(observation), info
        self.finished = False
        self.episodes += 1
        self.steps = 0
        self._sent_context = None

    def ensure_episode(self) -> None:
        """Starts the session's first episode, with ``first_seed``, unless one was started already."""
        if self.observation is None:
            self.reset(seed=self.first_seed)

    def step(self, action: str) -> tuple[float, bool, bool]:
        if not isinstance(action, str):
            raise GameUsageError(f"the action must be text, got {type(action).__name__}")
        self.ensure_episode()
        if self.finished:
            raise GameUsageError("the episode is over: call reset to start another one")
        if len(action) > MAX_ACTION_CHARS:
            raise GameUsageError(f"the action text is {len(action)} characters long; the limit is {MAX_ACTION_CHARS}")
        observation, reward, terminated, truncated, info = self.env.step(action)
        self.observation, self.info = str(observation), info
        self.finished = bool(terminated or truncated)
        self.steps += 1
        return float(reward), bool(terminated), bool(truncated)

    @property
    def started(self) -> bool:
        return self.observation is not None

    # ------------------------------------------------------------------ views
    def frame(self) -> np.ndarray:
        self.ensure_episode()
        base = self.env.unwrapped
        return np.asarray(base.render_frame(base.state), dtype=np.uint8)

    def prompt_context(self) -> dict[str, Any]:
        context = self.info.get("prompt_context") if self.started else self.env.unwrapped.prompt_context()
        return to_jsonable(context) if isinstance(context, dict) else {}

    def summary(self) -> dict[str, Any]:
        """The fields every observation result carries."""
        info = self.info
        return {
            "observation": self.observation or "",
            "score": float(info.get("score", 0.0)),
            "action_valid": bool(info.get("action_valid", True)),
            "feedback": str(info.get("action_feedback", "")),
            "finished": self.finished,
            "step": self.steps,
        }

    def full_info(self) -> dict[str, Any]:
        """``info`` made JSON-safe; the prompt context only when it changed since it was last sent
        (a client keeps the last one: rules rarely change, and they are long)."""
        info = {k: v for k, v in self.info.items() if k != "prompt_context"}
        info = to_jsonable(info)
        context = self.info.get("prompt_context")
        if isinstance(context, dict):
            encoded = json.dumps(to_jsonable(context), sort_keys=True, default=repr)
            if encoded != self._sent_context:
                info["prompt_context"] = json.loads(encoded)
                self._sent_context = encoded
        return info

    def describe(self) -> dict[str, Any]:
        from orak_gym.core.registry import GAMES

        spec = gym.spec(self.env_id)
        game = (spec.kwargs or {}).get("game")
        game_spec = GAMES.get(game) if isinstance(game, str) else None
        return {
            "env_id": self.env_id,
            "game": game,
            "title": game_spec.title if game_spec else self.env_id,
            "frame_shape": list(self.env.unwrapped.frame_shape),
            "max_decisions": _time_limit(self.env),
            "nondeterministic": bool(spec.nondeterministic),
            "episode_started": self.started,
            "episodes": self.episodes,
            "steps": self.steps,
        }

    def close(self) -> None:
        self.env.close()


def _time_limit(env: gym.Env) -> int | None:
    while isinstance(env, gym.Wrapper):
        if isinstance(env, gym.wrappers.TimeLimit):
            return int(env._max_episode_steps)
        env = env.env
    return None
