"""Typed errors, so a user (or a test) can tell *what* is missing and how to get it."""

from __future__ import annotations


class OrakError(Exception):
    """Base class of every error orak-gym raises on purpose."""


class MissingDependencyError(OrakError, ImportError):
    """An optional Python (or Node) dependency is absent; the message names the extra that installs it."""

    def __init__(self, package: str, extra: str, purpose: str = "", fix: str = "") -> None:
        self.package = package
        self.extra = extra
        what = f" ({purpose})" if purpose else ""
        how = fix or f"Install it with: pip install 'orak-gym[{extra}]'"  # ``fix``: for what pip cannot install
        super().__init__(f"{package!r} is not installed{what}. {how}")


class MissingAssetError(OrakError, FileNotFoundError):
    """A user-supplied file (ROM, game data) is absent or has the wrong hash."""

    def __init__(self, message: str, *, path: str = "", sha1: str = "") -> None:
        self.path = path
        self.sha1 = sha1
        super().__init__(message)


class BackendError(OrakError, RuntimeError):
    """The game backend (emulator, server, engine process) failed or died.

    ``stderr_tail`` holds the last lines the backend's process wrote to stderr (its own account of
    what went wrong, e.g. Node's ``Cannot find module ...``); the message ends with them.
    """

    def __init__(self, message: str, *, stderr_tail: list[str] | tuple[str, ...] = ()) -> None:
        self.stderr_tail = list(stderr_tail)
        if self.stderr_tail:
            lines = "\n".join(f"  | {line}" for line in self.stderr_tail)
            message = f"{message}\n  last stderr lines of the process:\n{lines}"
        super().__init__(message)
