"""Typed errors, so a user (or a test) can tell *what* is missing and how to get it."""

from __future__ import annotations


class OrakError(Exception):
    """Base class of every error orak-gym raises on purpose."""


class MissingDependencyError(OrakError, ImportError):
    """An optional Python (or Node) dependency is absent; the message names the extra that installs it."""

    def __init__(self, package: str, extra: str, purpose: str = "") -> None:
        self.package = package
        self.extra = extra
        what = f" ({purpose})" if purpose else ""
        super().__init__(
            f"{package!r} is not installed{what}. Install it with: pip install 'orak-gym[{extra}]'"
        )


class MissingAssetError(OrakError, FileNotFoundError):
    """A user-supplied file (ROM, game data) is absent or has the wrong hash."""

    def __init__(self, message: str, *, path: str = "", sha1: str = "") -> None:
        self.path = path
        self.sha1 = sha1
        super().__init__(message)


class BackendError(OrakError, RuntimeError):
    """The game backend (emulator, server, engine process) failed or died."""
