"""Imports point downwards only (DESIGN.md): core <- backends <- games <- wrappers <- agents <- eval <- the
top level (cli, demo, registration, testing).  Lazy imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import orak_gym

LAYERS = {"core": 0, "backends": 1, "games": 2, "wrappers": 3, "agents": 4, "eval": 5}
TOP = len(LAYERS)
PACKAGE = Path(orak_gym.__file__).parent

#: Known upward imports in modules another change is reworking; remove an entry once it is gone.
KNOWN: set[tuple[str, str]] = set()


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "orak_gym":
        return None
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


def _upward_imports() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        own = _layer(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                layer = _layer(name)
                if layer is not None and own is not None and layer > own:
                    found.add((module, name))
    return found


def test_no_module_imports_from_a_layer_above_it():
    upward = _upward_imports()
    assert upward - KNOWN == set(), f"upward imports: {sorted(upward - KNOWN)}"


def test_no_game_is_named_outside_its_folder():
    """Other layers ask ``spec_of``; the only mentions of a game's package are in its own folder."""
    games = [p.name for p in (PACKAGE / "games").iterdir() if (p / "__init__.py").is_file()]
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" in path.parts or (PACKAGE / "games") in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {g}" for g in games if f"orak_gym.games.{g}" in text]
    assert offenders == []


def test_ids_are_registered_in_one_place():
    """``orak_gym/registration.py`` is the one module that calls ``gym.register`` (``orak/`` ids and
    their ``orak-mcp/`` twins alike), so what an id means is decided in one place."""
    callers = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr == "register" and getattr(func.value, "id", "") == "gym":
                callers.add(path.relative_to(PACKAGE).as_posix())
    assert callers == {"registration.py"}, callers
