"""Shared by the StarCraft II tests: a fake StarCraft II install (``orak_gym.testing.sc2_server``) under
``SC2PATH``, so every test plays through the real launch, websocket and burnysc2 client code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def require_burnysc2() -> None:
    pytest.importorskip("sc2", reason="burnysc2 is not installed: pip install 'orak-gym[starcraft2]'")


@contextmanager
def installed(root: Path, **knobs: int) -> Iterator[Path]:
    """A fake install at ``root`` (``max_loops``/``die_after_steps`` knobs), ``SC2PATH`` pointing at it."""
    from orak_gym.testing.sc2_server import fake_install

    path = fake_install(root, **knobs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SC2PATH", str(path))
        yield path
