"""``NativeFastPath``: the RL fast path a game with an embedded engine opts into.

An RL loop on the native modality steps millions of times and never reads the state object, the
state dict or the prompt context. For an engine whose step costs a few microseconds (2048, Baba Is
You, Slay the Spire's embedded engine), building a state nobody reads was a fifth of the step. A
game that wants that saving lists this mixin before :class:`~orak_gym.core.env.OrakEnv` and fills in
its hooks; every other game never sees it, and ``OrakEnv.step`` stays one path for them.

While ``lean_info`` is on and the native observation is wanted (the native modality), ``reset``
and ``step`` call ``_native_start`` / ``_native_step``: they advance the game exactly as ``_start``
/ ``_act`` would but return the observation and the scores directly, and ``state`` builds the state
from the engine (``_deferred_state``) only when someone reads it. Otherwise (text and image
modalities, ``full_info=True``) the ordinary path runs.
"""

from __future__ import annotations

from typing import Any, ClassVar

import gymnasium as gym

from orak_gym.core.env import _plain


class _DeferredState:
    """Stands in ``OrakEnv._state`` after a fast step, until ``state`` builds the real one."""

    def __repr__(self) -> str:
        return "<state not built yet>"

    def __reduce__(self) -> str:
        return "_DEFERRED"  # pickled and copied as the one module-level instance


_DEFERRED: Any = _DeferredState()


class NativeFastPath:
    """Mixin: ``class MyEnv(NativeFastPath, OrakEnv[...])`` with the four hooks below."""

    _state: Any
    _lean_info: bool
    _native_observations: bool
    #: ``lean_info and native_observations``: the one flag ``step`` reads, kept by the two setters
    #: (three attribute reads per step were a visible share of Baba Is You's engine step).
    _fast: bool = False
    #: Whether the game reports keys of its own after a fast step (``_native_info_extras``): set per class.
    _fast_extras: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fast_extras = cls._native_info_extras is not NativeFastPath._native_info_extras

    # ----------------------------------------------------------------- hooks the game fills in
    def _native_step(self, native_action: Any) -> tuple[Any, float, bool, bool, float, float]:
        """One native step with no state built: (observation, reward, terminated, truncated, score, raw score)."""
        raise NotImplementedError

    def _native_start(self, seed: int | None, options: dict[str, Any] | None) -> tuple[Any, float, float] | None:
        """A reset with no state built: (observation, score, raw score), or None to use ``_start``.

        Where a game's first state costs a fraction of a short episode's steps (a message with the
        whole map), it too is built only when someone reads ``state``."""
        return None

    def _native_info_extras(self) -> dict[str, Any]:
        """``info_extras`` after a fast step, without a state: the same keys and values. A game with
        ``info_extras`` implements this too (its own cheap keys, or ``action_valid``/``action_feedback``
        for an action it did not run)."""
        return {}

    def _deferred_state(self) -> Any:
        """The current state, built from the engine after a fast step or reset."""
        raise NotImplementedError

    # ----------------------------------------------------------------- the flags
    @property
    def lean_info(self) -> bool:
        return self._lean_info

    @lean_info.setter
    def lean_info(self, value: bool) -> None:
        self._lean_info = bool(value)
        self._fast = self._lean_info and self._native_observations

    @property
    def native_observations(self) -> bool:
        return self._native_observations

    @native_observations.setter
    def native_observations(self, value: bool) -> None:
        self._native_observations = bool(value)
        self._fast = self._lean_info and self._native_observations

    # ----------------------------------------------------------------- the Gymnasium API, fast
    @property
    def state(self) -> Any:
        if self._state is _DEFERRED:  # the last step was a fast one: build the state now, once
            self._state = self._deferred_state()
        return super().state  # type: ignore[misc]

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        if not self._fast:
            return super().reset(seed=seed, options=options)  # type: ignore[misc]
        gym.Env.reset(self, seed=seed)  # type: ignore[arg-type]  (seeds np_random, as OrakEnv.reset does)
        started = self._native_start(seed, options)
        if started is None:  # no fast reset here (e.g. a real game behind a mod): the ordinary first state
            self._state = self._start(seed, options)
            return self._observation(self._state), self._info(self._state)  # type: ignore[attr-defined]
        observation, score, raw = started
        self._state = _DEFERRED
        info = {"score": score, "raw_score": raw, "action_valid": True, "action_feedback": "", "native_actions": []}
        if self._fast_extras:
            info.update(self._native_info_extras())
        return observation, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        if self._fast and self._state is not None:
            observation, reward, terminated, truncated, score, raw = self._native_step(action)
            self._state = _DEFERRED
            echoed = [action if type(action) is int else _plain(action)]
            info = {
                "score": score,
                "raw_score": raw,
                "action_valid": True,
                "action_feedback": "",
                "native_actions": echoed,
            }
            if self._fast_extras:
                info.update(self._native_info_extras())
                info["native_actions"] = echoed
            return observation, reward, terminated, truncated, info
        return super().step(action)  # type: ignore[misc]
