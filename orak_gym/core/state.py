"""``GameState``: one snapshot of a game that knows how to show itself as text and as data."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np


class GameState:
    """Base class of every game's state snapshot.

    Subclasses (usually dataclasses) implement ``to_text`` in Orak's layout first, then add
    whatever richer detail helps an agent.  ``to_dict`` defaults to the dataclass fields made
    JSON-safe, which is what trajectories and ``info["state"]`` store.
    """

    def to_text(self) -> str:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        if dataclasses.is_dataclass(self):
            return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}
        raise NotImplementedError(f"{type(self).__name__} must implement to_dict()")

    def __str__(self) -> str:
        return self.to_text()


class DeferredFields:
    """Mixin for dataclass states whose costly fields are built only when first read.

    Why: the native modality returns the reward, the observation and a lean ``info`` that read a few
    cheap fields (score, end of episode); decoding the rest (object lists, maps, texts) can cost as
    much as the emulator's frames.  ``deferred`` makes a state with the cheap fields set and a
    ``build`` callable that returns the eager state; the first read of any other field calls it once.
    A deferred state equals, prints and pickles as the eager one (``build`` must only use data
    captured when the state was made, never the live game).
    """

    @classmethod
    def deferred(cls, build: Callable[[], Any], **eager: Any) -> Any:
        state = object.__new__(cls)
        state.__dict__.update(eager, _build=build)
        return state

    def __getattr__(self, name: str) -> Any:
        # Called only when normal lookup fails: a field of a deferred state not built yet.
        if "_build" not in self.__dict__ or name not in {f.name for f in dataclasses.fields(self)}:  # type: ignore[arg-type]
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.materialise()
        return self.__dict__[name]

    def materialise(self) -> None:
        """Builds the deferred fields now (no-op on an eager or already built state)."""
        build = self.__dict__.pop("_build", None)
        if build is not None:
            for key, value in vars(build()).items():
                self.__dict__.setdefault(key, value)

    def __getstate__(self) -> dict[str, Any]:
        self.materialise()  # the builder may hold the env: pickle the built fields instead
        return dict(self.__dict__)


def to_jsonable(value: Any) -> Any:
    """Converts numpy values, tuples and nested dataclasses into plain JSON types."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, GameState):
            return value.to_dict()
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value
