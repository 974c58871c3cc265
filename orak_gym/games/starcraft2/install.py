"""Finding the user's StarCraft II: the install folder, its game builds, its maps.

Cheap and free of burnysc2 (``orak-gym list`` asks :func:`problem` for every listing).  Where burnysc2
looks (``$SC2PATH``, then each platform's usual folder) is where we look, so a game burnysc2 finds is
found here too, and each thing that can be missing has its own one-line error saying where to get it.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from orak_gym.core.errors import MissingAssetError

#: Blizzard's Linux packages and map packs (the README's StarCraft II section walks through them).
DOWNLOADS = "https://github.com/Blizzard/s2client-proto#downloads"
#: The last Linux build (4.10), the one Blizzard's headless package ships.
LINUX_BUILD = 75689
#: burnysc2 refuses builds older than 3.16.1.
OLDEST_BUILD = 55958
#: Builds by label, for the ones a user is likely to name (burnysc2's ``sc2.versions`` has them all).
KNOWN_BUILDS = {"4.10": 75689, "4.10.1": 75800, "4.10.2": 76052, "4.10.3": 76114, "4.10.4": 76811}
#: Maps tried in order when none is named: Ladder 2019 Season 3 (made for 4.10, loads on Linux), then the
#: melee pack's.  Orak played 2023 ladder maps (``map="AncientCisternLE"``) that need a newer client.
DEFAULT_MAPS = (
    "AcropolisLE",
    "ThunderbirdLE",
    "WorldofSleepersLE",
    "TritonLE",
    "EphemeronLE",
    "WintersGateLE",
    "DiscoBloodbathLE",
    "Simple64",
)

_BINARY = {"Linux": "SC2_x64", "Darwin": "SC2.app/Contents/MacOS/SC2", "Windows": "SC2_x64.exe"}
_FOLDERS = {
    "Linux": ("~/StarCraftII", "~/.wine/drive_c/Program Files (x86)/StarCraft II"),
    "Darwin": ("/Applications/StarCraft II",),
    "Windows": ("C:/Program Files (x86)/StarCraft II", "C:/Program Files/StarCraft II"),
}


class StarCraftMissingError(MissingAssetError):
    """No StarCraft II install, no usable build in it, or no such map."""


@dataclass(frozen=True)
class Install:
    """One StarCraft II install: its folder, the game binary of the build chosen, the maps folder."""

    root: Path
    executable: Path
    build: int
    maps_dir: Path

    @property
    def label(self) -> str:
        known = {build: label for label, build in KNOWN_BUILDS.items()}
        return known.get(self.build, f"build {self.build}")

    def maps(self) -> list[str]:
        """Every map's name (file stem), two folder levels deep, as burnysc2 searches."""
        if not self.maps_dir.is_dir():
            return []
        found = [p for p in self.maps_dir.glob("*.SC2Map") if p.is_file()]
        found += [p for p in self.maps_dir.glob("*/*.SC2Map") if p.is_file()]
        return sorted({p.stem for p in found})

    def find_map(self, name: str | None) -> Path:
        """The map file for ``name`` (or the first of ``DEFAULT_MAPS`` present); one-line error otherwise."""
        names = [name] if name else list(DEFAULT_MAPS)
        for wanted in names:
            for pattern in (f"{wanted}.SC2Map", f"*/{wanted}.SC2Map"):
                hits = sorted(self.maps_dir.glob(pattern)) if self.maps_dir.is_dir() else []
                if hits:
                    return hits[0]
        have = self.maps()
        listed = f"; maps here: {', '.join(have[:8])}{' ...' if len(have) > 8 else ''}" if have else ""
        what = f"no map {name!r}" if name else f"none of the default maps ({', '.join(DEFAULT_MAPS[:3])}, ...)"
        raise StarCraftMissingError(
            f"StarCraft II has {what} in {self.maps_dir}{listed}: download a map pack that loads on "
            f"{self.label} (Ladder 2019 Season 3, or Melee) from {DOWNLOADS} and unzip it there",
            path=str(self.maps_dir),
        )


def platform_name() -> str:
    system = platform.system()
    return system if system in _BINARY else "Linux"


def candidate_roots() -> list[Path]:
    """Where StarCraft II may be: ``$SC2PATH`` alone when set, else the platform's usual folders."""
    given = os.environ.get("SC2PATH")
    if given:
        return [Path(given).expanduser()]
    return [Path(folder).expanduser() for folder in _FOLDERS[platform_name()]]


def builds(root: Path) -> dict[int, Path]:
    """The game binaries under ``root/Versions/Base<build>/``, by build number."""
    found: dict[int, Path] = {}
    versions = root / "Versions"
    if not versions.is_dir():
        return found
    for folder in versions.iterdir():
        digits = folder.name[4:]
        if folder.name.startswith("Base") and digits.isdecimal() and digits.isascii():
            binary = folder / _BINARY[platform_name()]
            if binary.is_file():
                found[int(digits)] = binary
    return found


def find_install(version: str | int | None = None) -> Install:
    """The install to play on: the newest build (or the ``version`` asked for, a label like "4.10" or a
    build number) of the first folder that has one.  One-line :class:`StarCraftMissingError` otherwise."""
    roots = candidate_roots()
    for root in roots:
        available = builds(root)
        if not available:
            continue
        maps_dir = root / "maps" if (root / "maps").is_dir() else root / "Maps"
        if version is None:
            build = max(available)
        else:
            build = KNOWN_BUILDS.get(str(version), 0) or (int(version) if str(version).isdecimal() else 0)
            if build not in available:
                have = ", ".join(str(b) for b in sorted(available))
                raise StarCraftMissingError(
                    f"StarCraft II {version} (build {build or '?'}) is not installed in {root} (builds here: {have}); "
                    f"Blizzard's Linux packages are at {DOWNLOADS}",
                    path=str(root),
                )
        if build < OLDEST_BUILD:
            raise StarCraftMissingError(
                f"StarCraft II build {build} in {root} is too old for burnysc2 (needs {OLDEST_BUILD} or newer); "
                f"install Blizzard's Linux package 4.10 from {DOWNLOADS}",
                path=str(root),
            )
        return Install(root, available[build], build, maps_dir)
    where = " or ".join(str(r) for r in roots)
    binary = _BINARY[platform_name()]
    raise StarCraftMissingError(
        f"StarCraft II is not installed (no Versions/Base*/{binary} under {where}): download Blizzard's Linux "
        f"package 4.10 from {DOWNLOADS}, unzip it into ~/StarCraftII (or set SC2PATH to where it is)",
        path=where,
    )


def problem() -> str | None:
    """What is missing for a first game (client, usable build, a default map), or None: ``orak-gym list``."""
    try:
        find_install().find_map(None)
    except StarCraftMissingError as exc:
        return str(exc)
    return None
