"""Every error orak-gym raises derives from one root, ``OrakError``, so a caller can catch the library's
errors with one ``except`` around ``run_eval``, ``gym.make`` or a server call (DESIGN.md)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import orak_gym
from orak_gym.core.errors import BackendError, OrakError

PACKAGE = Path(orak_gym.__file__).parent
#: Exceptions that are not the library's errors, and why.
NOT_ERRORS = {
    # The confinement launcher runs as a script under ``python -I -S`` and imports nothing of ours.
    "orak_gym.games.minecraft.confine.Unavailable",
    # A signal from a contract check to the test runner that a check does not apply, not a failure.
    "orak_gym.testing.contract.CheckSkipped",
}


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" in path.parts or path.name == "__main__.py":
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _defined_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_every_error_class_derives_from_orak_error():
    found = _defined_exceptions()
    assert len(found) > 30  # the walk saw the package, not an empty list
    outside = sorted(name for name, cls in found.items() if not issubclass(cls, OrakError) and name not in NOT_ERRORS)
    assert outside == [], f"errors outside OrakError: {outside}"


def test_backend_failures_are_one_family():
    from orak_gym.backends.mod_link import ModLinkError
    from orak_gym.eval.envs import EnvLostError
    from orak_gym.mcp.remote_env import RemoteEnvError

    assert issubclass(ModLinkError, BackendError) and issubclass(EnvLostError, BackendError)
    assert issubclass(RemoteEnvError, OrakError)
