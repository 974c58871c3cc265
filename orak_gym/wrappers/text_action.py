"""The text action wrapper: an LLM's reply in, the game's native actions out."""

from __future__ import annotations

import copy
from typing import Any

import gymnasium as gym

from orak_gym.core.actions import DECISION_STOPPED, ParsedAction
from orak_gym.core.spaces import TextSpace


class TextAction(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """Steps the env with action *text*.

    The game's parser turns the text into zero or more native actions, executed in order until
    the episode ends.  Text it cannot use becomes the game's documented default (often no
    action at all): the step still happens, ``info["action_valid"]`` is False and
    ``info["action_feedback"]`` says why, so an agent can learn from it and an episode never
    crashes on malformed output.  ``info["prompt_context"]`` is built once per decision, after
    the last native step. The wrapper owns the decision's loop: the parser reads the text against
    the current state, and the env may stop the decision early (``info["decision_stopped"]``: a
    command that failed or no longer applies), which the wrapper reports in the feedback.
    """

    def __init__(self, env: gym.Env, max_length: int = 65_536) -> None:
        gym.utils.RecordConstructorArgs.__init__(self, max_length=max_length)
        gym.Wrapper.__init__(self, env)
        self.action_space = TextSpace(max_length=max_length)
        self._last: tuple[Any, Any] | None = None  # (state, observation) last returned

    def reset(self, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self._last = (self.unwrapped.state, obs)
        return obs, info

    def step(self, action: str) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        base = self.unwrapped
        parsed = self._parse(action)
        valid, feedback = parsed.valid, parsed.feedback
        total_reward = 0.0
        terminated = truncated = False
        executed: list[Any] = []
        obs: Any = None
        info: dict[str, Any] | None = None
        with base.one_decision():
            for position, native in enumerate(parsed.actions):
                obs, reward, terminated, truncated, info = self.env.step(native)
                total_reward += reward
                executed.extend(info["native_actions"])
                stopped = info.pop(DECISION_STOPPED, None)
                if stopped is not None:  # the env says the rest of the decision no longer applies
                    valid, feedback = _cut_short(valid, feedback, stopped, parsed.actions, position)
                    break
                if terminated or truncated:
                    break
            if info is None:  # nothing to execute: the decision passes with the state unchanged
                obs = self._unchanged_observation()
                info = base.current_info()
        info["prompt_context"] = base.prompt_context_dict()
        info["native_actions"] = executed
        info["action_valid"] = valid
        info["action_feedback"] = feedback
        info["action_text"] = action if isinstance(action, str) else repr(action)
        self._last = (base.state, obs)
        return obs, total_reward, terminated, truncated, info

    def _parse(self, action: Any) -> ParsedAction:
        """The game's parse of ``action``; text longer than the action space is refused unread (the game's
        default action), so no parser ever sees more than ``max_length`` characters."""
        limit = self.action_space.max_length
        if isinstance(action, str) and len(action) > limit:
            return self.unwrapped.action_parser.fallback(
                f"the action text has {len(action):,} characters, more than the {limit:,} an action may have"
            )
        base = self.unwrapped
        return base.action_parser.parse(action, base.state)

    def _unchanged_observation(self) -> Any:
        """A copy of the observation last returned, when the state is still the one it showed (a copy:
        callers keep and may modify what they get)."""
        if self._last is not None and self._last[0] is self.unwrapped.state:
            return copy.deepcopy(self._last[1])
        return current_observation(self.env)


def _cut_short(
    valid: bool, feedback: str, stopped: dict[str, Any], actions: list[Any], position: int
) -> tuple[bool, str]:
    """The decision's verdict once the env stopped it at ``actions[position]``: a command that failed
    makes it invalid; one that no longer applied (the turn ended) leaves it valid. Either way the
    feedback says which line stopped it, why, and how many lines after it were not run."""
    reason, line = stopped.get("reason", ""), str(actions[position])
    rest = len(actions) - position - 1
    if stopped.get("failed"):
        skipped = f"; skipped {rest} line(s) after it" if rest > 0 else ""
        return False, f"{feedback}; line {position + 1} {line!r} failed: {reason}{skipped}"
    return valid, f"{feedback}; {reason}, so {rest + 1} line(s) from {line!r} on were not run"


def current_observation(env: gym.Env) -> Any:
    """The observation of the current state as ``env`` (with its observation wrappers) would show it."""
    if isinstance(env, gym.ObservationWrapper):
        return env.observation(current_observation(env.env))
    if isinstance(env, gym.Wrapper):
        return current_observation(env.env)
    return env.current_observation() if hasattr(env, "current_observation") else env.observe(env.state)
