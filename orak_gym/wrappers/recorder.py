"""``EpisodeRecorder``: one JSON line per step, flushed as it is written.

The lines have the format of the evaluation runner's trajectories (:mod:`orak_gym.wrappers.trajectory`
builds both): a ``reset`` line, one ``step`` line per action (the observation the agent saw, the
action, what the game's parser made of it, reward and score), and an ``end`` line when the episode
ends.  A crash loses at most the step in flight.  If the disk is full the lines are kept in memory,
a warning is logged once, and writing is retried on every later step and on ``close``, so a
transient ``ENOSPC`` loses nothing and never ends the episode.  Any text is written, lone surrogates
included.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gymnasium as gym

from orak_gym.core.state import to_jsonable
from orak_gym.wrappers.trajectory import JsonlFile, Usage, end_line, observation_text, reset_line, step_line


class EpisodeRecorder(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """Appends ``{"episode", "event", "step", "observation", "action", "native_actions", "reward", "score", ...}``.

    An LLM agent's calls join the step line when the caller passes the policy's decision record
    first: ``recorder.note_decision(policy.last_step)`` before ``recorder.step(action)``; their
    tokens and cost add up in ``recorder.usage``.
    """

    def __init__(self, env: gym.Env, path: str | Path, include_info: bool = True) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, path=str(path), include_info=include_info)
        gym.Wrapper.__init__(self, env)
        self.path = Path(path)
        self.include_info = include_info
        self.episode = -1
        self.step_index = 0
        self.usage = Usage()
        self._file = JsonlFile(self.path)
        self._observation = ""
        self._decision: Any = None
        self._ended = False

    @property
    def _pending(self) -> list[bytes]:
        """Lines a full disk has not taken yet."""
        return self._file.pending

    def note_decision(self, step_record: Any) -> None:
        """The decision record (a policy's ``last_step``) of the action the next ``step`` receives."""
        self._decision = step_record

    def reset(self, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self.episode += 1
        self.step_index = 0
        self._ended = False
        self._observation = observation_text(self.env, obs)
        seed = kwargs.get("seed")
        self._file.write(reset_line(self._observation, info, episode=self.episode, step=0, seed=seed, time=time.time()))
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.step_index += 1
        decision, self._decision = self._decision, None
        record = step_line(
            self.step_index,
            self._observation,
            to_jsonable(action),
            float(reward),
            bool(terminated),
            bool(truncated),
            info,
            decision,
            episode=self.episode,
            time=time.time(),
        )
        self.usage.add_calls(record["calls"])
        if self.include_info:
            record["info"] = to_jsonable({k: v for k, v in info.items() if k != "prompt_context"})
        self._observation = observation_text(self.env, obs)
        self._file.write(record)
        if (terminated or truncated) and not self._ended:
            self._ended = True
            how = "terminated" if terminated else "truncated"
            self._file.write(end_line(self._observation, how, info, episode=self.episode, step=self.step_index))
        return obs, reward, terminated, truncated, info

    def close(self) -> None:
        """Flushes what it can, then always closes the wrapped env (even when the flush raised)."""
        try:
            self._file.close()
        finally:
            super().close()
