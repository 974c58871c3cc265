"""Suite-wide settings: under pytest-xdist (``make test`` runs ``-n auto --dist loadgroup``), the tests
of a module that share a module- or class-scoped fixture (an embedded server, an emulator) run on one
worker, so the fixture is built once; every other test is spread over the workers one by one."""

from __future__ import annotations

import pytest

#: Folders whose tests run first: the registry-wide contract and the games hold the long tests (a
#: Minecraft ``check_env`` restarts its server about eleven times), and a long test started last keeps
#: one worker busy after the other has finished.
LONG_FIRST = ("tests/registry/", "tests/games/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, folder in enumerate(LONG_FIRST) if item.nodeid.startswith(folder)), len(LONG_FIRST))

    items.sort(key=rank)  # stable: file order within a rank
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or item.get_closest_marker("xdist_group"):
            continue
        module = item.nodeid.split("::")[0]
        shared = any(
            fixturedef.scope in ("module", "class", "package") and fixturedef.baseid.startswith(module)
            for defs in info.name2fixturedefs.values()
            for fixturedef in defs
        )
        if shared:
            item.add_marker(pytest.mark.xdist_group(module))
