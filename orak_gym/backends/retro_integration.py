"""What a stable-retro game needs, and how its integration folder is assembled at run time.

stable-retro looks for ``<integration dir>/<Game>/rom.<ext>`` next to ``data.json``,
``scenario.json`` and the save states.  We ship the integration files inside the game's package
folder (so that we control the accepted ROM hashes, see ``rom.sha``), keep the user's ROM in the
asset folder (``orak_gym.core.assets``), and join the two in a small run-time folder under
``$ORAK_ASSETS/.retro``: copies of the integration files plus a link to the ROM.

This module imports nothing heavy: ``orak-gym roms status`` and the game specs use it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.core.assets import Asset, assets_dir

#: iNES ROMs carry a 16-byte header that stable-retro (and we) leave out of the SHA-1.
NES_HEADER_BYTES = 16
_ROM_EXT = {"Nes": ".nes", "Genesis": ".md", "Snes": ".sfc", "GameBoy": ".gb", "Atari2600": ".a26"}


@dataclass(frozen=True)
class RetroIntegration:
    """One stable-retro game as orak-gym uses it.

    ``data_dir`` is the shipped integration folder (``data.json``, ``scenario.json``,
    ``*.state``, ``rom.sha``); ``None`` means "use stable-retro's own bundled integration",
    which is only right for games whose ROM ships with stable-retro (Airstriker-Genesis).
    ``rom`` is the user-supplied ROM; ``None`` when stable-retro bundles it.
    """

    name: str
    data_dir: Path | None = None
    rom: Asset | None = None
    states: tuple[str, ...] = field(default_factory=tuple)

    @property
    def platform(self) -> str:
        """``Nes`` for ``SuperMarioBros-Nes-v0``: stable-retro picks the core from this suffix."""
        base = self.name
        head, _, tail = base.rpartition("-")
        if tail.startswith("v") and tail[1:].isdigit():
            base = head
        return base.rpartition("-")[2]

    @property
    def rom_extension(self) -> str:
        return _ROM_EXT.get(self.platform, ".bin")

    def accepted_sha1s(self) -> tuple[str, ...]:
        """The SHA-1s listed in the shipped ``rom.sha`` (one per line), else the asset's."""
        if self.data_dir is not None and (self.data_dir / "rom.sha").is_file():
            lines = (self.data_dir / "rom.sha").read_text().split()
            return tuple(line.strip().lower() for line in lines if line.strip())
        return self.rom.sha1 if self.rom is not None else ()


def runtime_root() -> Path:
    """Where assembled integrations live: ``$ORAK_ASSETS/.retro``."""
    return assets_dir() / ".retro"


def assemble(integration: RetroIntegration) -> Path | None:
    """Builds ``runtime_root()/<name>`` (integration files + ROM link) and returns ``runtime_root()``.

    Returns ``None`` for integrations that stable-retro ships complete (no custom folder).
    Raises ``MissingAssetError`` (from ``Asset.locate``) naming the ROM, its SHA-1 and where
    to put it when the ROM is absent or a different dump.
    """
    if integration.rom is None or integration.data_dir is None:
        return None
    rom_path = integration.rom.locate()
    target = runtime_root() / integration.name
    target.mkdir(parents=True, exist_ok=True)
    for src in integration.data_dir.iterdir():
        if src.is_file():
            dst = target / src.name
            if not dst.is_file() or not filecmp.cmp(src, dst, shallow=False):
                _atomic_copy(src, dst)
    rom_link = target / f"rom{integration.rom_extension}"
    if rom_link.is_symlink() and Path(os.readlink(rom_link)) == rom_path.resolve():
        return runtime_root()
    tmp = target / f".rom-{os.getpid()}{integration.rom_extension}"
    tmp.unlink(missing_ok=True)
    try:
        tmp.symlink_to(rom_path.resolve())
    except OSError:  # file systems without symlinks: a copy works as well
        shutil.copyfile(rom_path, tmp)
    os.replace(tmp, rom_link)  # atomic, so parallel workers never see a half-made folder
    return runtime_root()


def _atomic_copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
