"""The Slay the Spire engine's content modules depend on ``engine/interface.py`` (typing Protocols), not on the
engine's classes: the real classes must keep satisfying those Protocols, and the content modules must use no
member the Protocols leave out, so the interface cannot drift from the engine silently."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from orak_gym.games.slay_the_spire.engine import SpireEngine
from orak_gym.games.slay_the_spire.engine import interface as I
from orak_gym.games.slay_the_spire.engine.combat import Combat, Monster

ENGINE = Path(I.__file__).parent


def _live() -> tuple[SpireEngine, Combat, Monster]:
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.start_combat("Jaw Worm", "monster")
    assert eng.combat is not None
    return eng, eng.combat, eng.combat.monsters[0]


def _members(proto: type) -> tuple[set[str], dict[str, object]]:
    """The Protocol's data attributes (annotated) and its methods and properties (defined)."""
    data = set(vars(proto).get("__annotations__", {}))
    defined = {
        name: value
        for name, value in vars(proto).items()
        if not name.startswith("_") and (inspect.isfunction(value) or isinstance(value, property))
    }
    return data, defined


def _params(fn: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]  # type: ignore[arg-type]


CASES = [(I.Run, SpireEngine, 0), (I.Fight, Combat, 1), (I.Foe, Monster, 2)]


@pytest.mark.parametrize(("proto", "cls", "which"), CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_the_engine_classes_satisfy_the_interface(proto: type, cls: type, which: int) -> None:
    live = _live()[which]
    data, defined = _members(proto)
    assert data or defined
    problems = []
    for name in sorted(data):
        real = inspect.getattr_static(cls, name, None)
        if callable(real) or isinstance(real, property) or not hasattr(live, name):
            problems.append(f"{cls.__name__}.{name}: not a data attribute of a live {cls.__name__}")
    for name, member in sorted(defined.items()):
        real = inspect.getattr_static(cls, name, None)
        if isinstance(member, property):
            if not isinstance(real, property):
                problems.append(f"{cls.__name__}.{name}: not a property")
        elif not inspect.isfunction(real):
            problems.append(f"{cls.__name__}.{name}: not a method")
        elif _params(real) != _params(member):
            real_sig, declared = inspect.signature(real), inspect.signature(member)  # type: ignore[arg-type]
            problems.append(f"{cls.__name__}.{name}{real_sig} != {proto.__name__}.{name}{declared}")
    assert problems == []


#: Each match names a member of a run (``g``, ``cb.g``, ``self.g``), of a fight (``cb``) or of a target (``t``).
_RUN = re.compile(r"(?<![\w.])(?:cb\.g|self\.g|g)\.(\w+)")
_FIGHT = re.compile(r"(?<![\w.])cb\.(\w+)")
_TARGET = re.compile(r"(?<![\w.])t\.(\w+)")


def test_the_content_modules_use_only_what_the_interface_declares() -> None:
    run = set().union(*_members(I.Run))
    fight = set().union(*_members(I.Fight))
    foe = set().union(*_members(I.Foe))
    missing = set()
    for module in ("effects", "potions", "events", "monsters", "combat"):
        text = (ENGINE / f"{module}.py").read_text(encoding="utf-8")
        missing |= {f"{module}: Run.{m}" for m in _RUN.findall(text) if m not in run}
        if module != "combat":  # combat is the fight: its own members are not the interface
            missing |= {f"{module}: Fight.{m}" for m in _FIGHT.findall(text) if m not in fight}
        if module in ("effects", "potions"):  # ``t``: the target monster of a card or a potion
            missing |= {f"{module}: Foe.{m}" for m in _TARGET.findall(text) if m not in foe}
    assert missing == set()


def test_the_interface_imports_no_engine_class_that_imports_it() -> None:
    """Its type-only imports are the leaf modules (cards' table, the creature base, the random streams)."""
    text = (ENGINE / "interface.py").read_text(encoding="utf-8")
    imported = set(re.findall(r"from \.(\w+) import", text))
    assert imported == {"cards", "creature", "rng"}
    for leaf in imported:
        assert "interface" not in (ENGINE / f"{leaf}.py").read_text(encoding="utf-8")
