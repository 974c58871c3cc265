"""``GameState``: one snapshot of a game that knows how to show itself as text and as data."""

from __future__ import annotations

import dataclasses
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
