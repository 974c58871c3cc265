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


#: Import circles still to be broken, each as its set of modules; remove an entry once it is gone.
KNOWN_CIRCLES: list[set[str]] = []


def _import_graph() -> dict[str, set[str]]:
    """Every module's imports of other modules of the package: top-level, lazy (in functions) and
    type-only (under ``TYPE_CHECKING``) alike, since each ties the two modules together."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_the_import_graph_has_no_circles():
    circles = [c for c in _circles(_import_graph()) if c not in KNOWN_CIRCLES]
    assert circles == [], f"import circles: {[sorted(c) for c in circles]}"


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [{"a", "b", "c"}]
