"""Where user-supplied game files live, and how we check them.

Files we may not ship (ROMs, game data) live under ``$ORAK_ASSETS`` (default
``~/.orak_gym/assets``), one folder per game.  Every file is checked by SHA-1 so that a wrong
dump fails with a clear message instead of a strange emulator crash.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from orak_gym.core.errors import MissingAssetError

ENV_VAR = "ORAK_ASSETS"


def assets_dir() -> Path:
    """The root of the asset folder: ``$ORAK_ASSETS`` or ``~/.orak_gym/assets``."""
    return Path(os.environ.get(ENV_VAR) or Path.home() / ".orak_gym" / "assets").expanduser()


def sha1_of(path: Path, skip_bytes: int = 0, algorithm: str = "sha1") -> str:
    """SHA-1 (or ``algorithm``) of a file, optionally skipping a header (iNES ROMs are hashed without
    their 16 bytes)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        fh.seek(skip_bytes)
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Asset:
    """One file a game needs from the user."""

    game: str
    filename: str
    sha1: tuple[str, ...]
    how_to_get: str
    skip_bytes: int = 0
    #: SHA-256s accepted instead of SHA-1s, for a file its community identifies that way (``sfiii3n.zip``,
    #: which DIAMBRA checks by SHA-256); when set, ``sha1`` is left empty.
    sha256: tuple[str, ...] = ()

    @property
    def algorithm(self) -> str:
        return "sha256" if self.sha256 else "sha1"

    @property
    def accepted(self) -> tuple[str, ...]:
        """The accepted digests, of ``algorithm``."""
        return self.sha256 or self.sha1

    @property
    def path(self) -> Path:
        return assets_dir() / self.game / self.filename

    def problem(self) -> str | None:
        """None when the file is present with an accepted hash, else a message saying how to fix it."""
        path = self.path
        label = "SHA-256" if self.sha256 else "SHA-1"
        if not path.is_file():
            return (
                f"missing {self.filename} for {self.game}: put it at {path} "
                f"({label} {' or '.join(self.accepted)}). {self.how_to_get} "
                f"Check it with: orak-gym roms status"
            )
        actual = sha1_of(path, self.skip_bytes, self.algorithm)
        if self.accepted and actual not in self.accepted:
            return (
                f"{path} has {label} {actual}, expected {' or '.join(self.accepted)}: it is a different dump. "
                f"{self.how_to_get}"
            )
        return None

    def locate(self) -> Path:
        """The verified path of the file, or a ``MissingAssetError`` that says what to do."""
        problem = self.problem()
        if problem is not None:
            raise MissingAssetError(problem, path=str(self.path), sha1=" or ".join(self.accepted))
        return self.path
