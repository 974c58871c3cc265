"""``OrakEnv``: the one place where reset/step/render/close live for every game.

A game fills in a handful of hooks (start the backend, apply one native action, score a state,
draw a frame); ``OrakEnv`` turns them into the Gymnasium API and fills the ``info`` keys that
every game shares, so wrappers, agents and the evaluation runner can rely on them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, TypeVar

import gymnasium as gym
import numpy as np

from orak_gym.core.actions import ActionParser
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.state import GameState

#: The ``info`` keys of the native modality by default (see ``OrakEnv.lean_info``).
LEAN_INFO_KEYS = ("score", "raw_score", "action_valid", "action_feedback", "native_actions")

ObsT = TypeVar("ObsT")
ActT = TypeVar("ActT")
StateT = TypeVar("StateT", bound=GameState)


class OrakEnv(gym.Env[ObsT, ActT], Generic[ObsT, ActT, StateT]):
    """Base class of every orak-gym game.

    ``observation_space``/``action_space`` are the game's *native* spaces (what an RL agent
    uses); the text and image modalities are wrappers in :mod:`orak_gym.wrappers`.
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["rgb_array"], "render_fps": 4}

    #: Turns LLM text into native actions; every game sets one.
    action_parser: ActionParser
    #: Shape of the frames ``render`` returns; the image modality builds its space from it.
    frame_shape: tuple[int, int, int] = (256, 256, 3)
    _native_observations: bool = True
    #: False while the text-action wrapper runs the native steps of one decision: ``info`` then
    #: leaves out ``prompt_context``, which the wrapper adds once for the whole decision.
    _with_prompt_context: bool = True
    _lean_info: bool = False

    @property
    def lean_info(self) -> bool:
        """True in the native modality (unless ``gym.make(..., full_info=True)``): ``info`` then holds only
        what is cheap (``LEAN_INFO_KEYS``), since an RL loop never reads the state dict or the prompt
        context and building them costs several engine steps; ``current_info()`` gives every key on demand."""
        return self._lean_info

    @lean_info.setter
    def lean_info(self, value: bool) -> None:
        self._lean_info = bool(value)

    @property
    def native_observations(self) -> bool:
        """False only while a text/image modality wrapper sitting directly on this env runs its own
        ``reset``/``step``: nothing can see the native observation then, so it is None instead of
        computed.  Called by itself (``env.unwrapped``) the env always returns its observation."""
        return self._native_observations

    @native_observations.setter
    def native_observations(self, value: bool) -> None:
        self._native_observations = bool(value)

    def __init__(self, render_mode: str | None = None) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode={render_mode!r} is not supported; choose one of {self.metadata['render_modes']}"
            )
        self.render_mode = render_mode
        self._state: StateT | None = None

    # ----------------------------------------------------------------- hooks a game fills in
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> StateT:
        """(Re)starts the backend and returns the first state; randomness comes from ``self.np_random``."""
        raise NotImplementedError

    def _act(self, native_action: ActT) -> tuple[StateT, float, bool, bool]:
        """Applies one native action: returns (state, reward, terminated, truncated)."""
        raise NotImplementedError

    def observe(self, state: StateT) -> ObsT:
        """The native observation of a state."""
        raise NotImplementedError

    def score(self, state: StateT) -> float:
        """The game's Orak score, normalised to 0-100."""
        raise NotImplementedError

    def raw_score(self, state: StateT) -> float:
        """The raw quantity the Orak score is computed from (merge score, x position, ...)."""
        return self.score(state)

    def prompt_context(self) -> PromptContext:
        """What the agent prompts need now: title, task, rules, valid actions, default action..."""
        raise NotImplementedError

    def render_frame(self, state: StateT) -> np.ndarray:
        """An HxWx3 uint8 picture of the state."""
        raise NotImplementedError

    def info_extras(self, state: StateT) -> dict[str, Any]:
        """The game's own ``info`` keys, or its word on ``action_valid``/``action_feedback``.

        Added to every ``info``, lean or full, so keep it cheap.
        """
        return {}

    def _close(self) -> None:
        """Stops the backend; called once by ``close``."""

    # ----------------------------------------------------------------- snapshots (for look-ahead)
    def save_snapshot(self) -> Any:
        """An opaque copy of this moment of the episode; games that allow look-ahead implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not support snapshots")

    def load_snapshot(self, snapshot: Any) -> None:
        """Goes back to a ``save_snapshot()`` moment."""
        raise NotImplementedError(f"{type(self).__name__} does not support snapshots")

    @property
    def supports_snapshots(self) -> bool:
        return type(self).save_snapshot is not OrakEnv.save_snapshot

    def simulate(self, native_action: ActT) -> tuple[StateT, float, bool, bool]:
        """Applies one native action for look-ahead: (state, reward, terminated, truncated), no ``info``.

        The env moves on (restore it with ``load_snapshot``); only for games with snapshots.
        """
        if not self.supports_snapshots:
            raise NotImplementedError(f"{type(self).__name__} does not support snapshots")
        state, reward, terminated, truncated = self._act(native_action)
        self._state = state
        return state, float(reward), bool(terminated), bool(truncated)

    # ----------------------------------------------------------------- the Gymnasium API
    @property
    def state(self) -> StateT:
        """The current state; only valid after ``reset``."""
        if self._state is None:
            raise gym.error.ResetNeeded("call reset() before reading the state")
        return self._state

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[ObsT, dict[str, Any]]:
        super().reset(seed=seed)
        self._state = self._start(seed, options)
        return self._observation(self._state), self._info(self._state)

    def step(self, action: ActT) -> tuple[ObsT, float, bool, bool, dict[str, Any]]:
        if self._state is None:
            raise gym.error.ResetNeeded("call reset() before step()")
        state, reward, terminated, truncated = self._act(action)
        self._state = state
        info = self._info(state)
        info["native_actions"] = [_plain(action)]
        return self._observation(state), float(reward), bool(terminated), bool(truncated), info

    def render(self) -> np.ndarray | None:
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; pass render_mode='rgb_array' to make().")
            return None
        return self.render_frame(self.state)

    def close(self) -> None:
        self._close()
        super().close()

    # ----------------------------------------------------------------- public views of the current state
    def current_info(self) -> dict[str, Any]:
        """The full ``info`` of the current state, as ``reset`` reports it (no action executed).

        Also with ``lean_info``: this is how an RL loop asks for the state dict or the prompt
        context on the steps it wants them.
        """
        return self._info(self.state, full=True)

    def current_observation(self) -> ObsT:
        """The native observation of the current state."""
        return self.observe(self.state)

    def prompt_context_dict(self) -> dict[str, Any]:
        """``prompt_context()`` as the plain dict ``info["prompt_context"]`` carries."""
        context = self.prompt_context()
        if isinstance(context, Mapping):  # a game written before PromptContext: accepted, not guessed at
            context = PromptContext.from_dict(context)
        return context.to_dict()

    @contextmanager
    def one_decision(self) -> Iterator[None]:
        """Within the block, ``info`` leaves out ``prompt_context`` (built once per decision by the caller)."""
        previous, self._with_prompt_context = self._with_prompt_context, False
        try:
            yield
        finally:
            self._with_prompt_context = previous

    def _observation(self, state: StateT) -> ObsT | None:
        return self.observe(state) if self._native_observations else None

    def _info(self, state: StateT, full: bool = False) -> dict[str, Any]:
        """The ``info`` of ``state``: lean (``LEAN_INFO_KEYS`` and the game's ``info_extras``) in the native
        modality, else every key (the state dict, and the prompt context outside a decision's steps)."""
        score = float(self.score(state))
        info: dict[str, Any] = {
            "score": score,
            "raw_score": float(self.raw_score(state)),
            "action_valid": True,
            "action_feedback": "",
            "native_actions": [],
        }
        if full or not self._lean_info:
            info["state"] = state.to_dict()
            if self._with_prompt_context:
                info["prompt_context"] = self.prompt_context_dict()
        info.update(self.info_extras(state))
        return info


#: A native action echoed in ``info["native_actions"]`` keeps at most this many characters: a text
#: action (a Minecraft program) is model output, and a 10 MB one must not be copied into every record.
MAX_ECHOED_ACTION = 65_536


def _plain(action: Any) -> Any:
    """Native actions as JSON-safe values for ``info['native_actions']`` (long texts cut, marked)."""
    if type(action) is int:
        return action
    if isinstance(action, np.ndarray):
        return action.tolist()
    if isinstance(action, np.generic):
        return action.item()
    if isinstance(action, str) and len(action) > MAX_ECHOED_ACTION:
        return action[:MAX_ECHOED_ACTION] + f"... [{len(action) - MAX_ECHOED_ACTION} more characters not echoed]"
    if isinstance(action, (int, float, str, bool, type(None), list, dict)):
        return action
    return repr(action)
