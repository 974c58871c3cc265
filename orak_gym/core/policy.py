"""``ScriptedPolicy``: the base of every game's scripted expert, and the snapshot protocol look-ahead uses.

An expert lives in its game's folder (``GameSpec.expert``), so its base sits here in ``core``, below
the games.  It follows the policy protocol the runner, the CLI and the arena drive (``__call__``,
``async acall``, ``reset``, ``last_step``), so a subclass only writes :meth:`ScriptedPolicy.act`.

Look-ahead experts search with the env's public snapshot protocol (:class:`SnapshotEnv`:
``save_snapshot``, ``load_snapshot``, ``simulate``), never with its private hooks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable


@dataclass
class ScriptedStep:
    """What one scripted decision did: the fields of an agent's ``StepRecord`` the runner reads
    (a scripted decision makes no LLM call, so ``calls`` stays empty)."""

    action: str = ""
    calls: list[Any] = field(default_factory=list)
    fallback: bool = False
    error: str | None = None
    skipped: list[str] = field(default_factory=list)


class ScriptedPolicy:
    """Base of the scripted experts: implement :meth:`act`; ``on_reset`` for per-episode memory.

    ``blocking = True`` runs ``acall`` on a worker thread (a search that takes seconds must not
    stall the event loop the runner plays many episodes on).
    """

    #: Whether one decision may take long enough to need a thread under asyncio.
    blocking: ClassVar[bool] = False

    last_step: ScriptedStep | None = None

    @classmethod
    def problem(cls) -> str | None:
        """What this expert needs on the machine it runs on and lacks, or None.

        Usually nothing: an expert reads ``info``.  One that reads game files itself (a ROM's maps)
        says so here, so a run whose game is served from another machine fails before it starts.
        """
        return None

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        """The action text for this decision."""
        raise NotImplementedError

    def on_reset(self) -> None:
        """Forget the episode (override when the expert keeps per-episode state)."""

    def reset(self) -> None:
        self.last_step = None
        self.on_reset()

    def __call__(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        action = self.act(observation, info if isinstance(info, dict) else {})
        self.last_step = ScriptedStep(action=action)
        return action

    async def acall(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        if self.blocking:
            return await asyncio.to_thread(self, observation, info)
        return self(observation, info)


@runtime_checkable
class SnapshotEnv(Protocol):
    """An env whose moments can be saved, restored and stepped ahead, for look-ahead search.

    ``simulate`` applies one native action and returns ``(state, reward, terminated, truncated)``
    without building ``info``; the episode continues from there until ``load_snapshot``.
    """

    def save_snapshot(self) -> Any: ...

    def load_snapshot(self, snapshot: Any) -> None: ...

    def simulate(self, native_action: Any) -> tuple[Any, float, bool, bool]: ...
