"""``EpisodeRecorder``: one JSON line per step, flushed as it is written.

A crash loses at most the step in flight.  If the disk is full the lines are kept in memory,
a warning is logged once, and writing is retried on every later step and on ``close``, so a
transient ``ENOSPC`` loses nothing and never ends the episode.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import gymnasium as gym

from orak_gym.core.state import to_jsonable


class EpisodeRecorder(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """Appends ``{"episode", "step", "observation", "action", "native_actions", "reward", "score", ...}``."""

    def __init__(self, env: gym.Env, path: str | Path, include_info: bool = True) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, path=str(path), include_info=include_info)
        gym.Wrapper.__init__(self, env)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.include_info = include_info
        self.episode = -1
        self.step_index = 0
        self._pending: list[str] = []
        self._warned = False

    def reset(self, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self.episode += 1
        self.step_index = 0
        self._write(
            {
                "episode": self.episode,
                "step": 0,
                "event": "reset",
                "seed": kwargs.get("seed"),
                "observation": _observation_text(self.env, obs),
                "score": info.get("score"),
                "time": time.time(),
            }
        )
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.step_index += 1
        record = {
            "episode": self.episode,
            "step": self.step_index,
            "event": "step",
            "action": to_jsonable(action),
            "native_actions": info.get("native_actions"),
            "action_valid": info.get("action_valid"),
            "action_feedback": info.get("action_feedback"),
            "reward": reward,
            "score": info.get("score"),
            "terminated": terminated,
            "truncated": truncated,
            "observation": _observation_text(self.env, obs),
            "time": time.time(),
        }
        if self.include_info:
            record["info"] = {k: v for k, v in info.items() if k != "prompt_context"}
        self._write(record)
        return obs, reward, terminated, truncated, info

    def close(self) -> None:
        self._flush_pending()
        super().close()

    def _write(self, record: dict[str, Any]) -> None:
        self._pending.append(json.dumps(to_jsonable(record), ensure_ascii=False, default=repr))
        self._flush_pending()

    def _flush_pending(self) -> None:
        if not self._pending:
            return
        try:
            with open(self.path, "a", encoding="utf-8") as fh:
                while self._pending:
                    fh.write(self._pending[0] + "\n")
                    fh.flush()
                    self._pending.pop(0)
        except OSError as exc:
            if not self._warned:
                gym.logger.warn(
                    f"EpisodeRecorder could not write {self.path} ({exc}); keeping {len(self._pending)} "
                    "line(s) in memory and retrying on every step"
                )
                self._warned = True


def _observation_text(env: gym.Env, obs: Any) -> str:
    if isinstance(obs, str):
        return obs
    if isinstance(obs, dict) and isinstance(obs.get("text"), str):
        return obs["text"]
    return env.unwrapped.state.to_text()
