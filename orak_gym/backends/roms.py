"""Find user-supplied ROMs by hash and install them where the backends look (``orak-gym roms``).

Like stable-retro's ``python -m stable_retro.import`` (whose hashing rule we follow: an iNES
``.nes`` file is hashed without its 16-byte header), it walks a folder, zip archives included,
and matches every file against the SHA-1s that the games declare (``GameSpec.assets``).  Unlike
it, it writes to the orak-gym asset folder (``$ORAK_ASSETS``), never into site-packages, so it
needs no write access there and accepts every dump a game lists (e.g. both Super Mario dumps).
The command itself lives with the CLI (:mod:`orak_gym.roms_cli`), which passes the games' assets in.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from orak_gym.core.assets import Asset

INES_MAGIC = b"NES\x1a"
MAX_ROM_BYTES = 128 * 1024 * 1024  # larger files are not ROMs of any supported system (sfiii3n.zip < 100 MB)


@dataclass(frozen=True)
class Imported:
    """One ROM installed (or found already in place) by :func:`import_roms`."""

    asset: Asset
    source: str
    already_present: bool


def rom_hashes(data: bytes) -> set[str]:
    """Digests a file may be known by: SHA-1 and SHA-256 of the whole file and, for iNES ROMs, SHA-1
    without the header."""
    hashes = {hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()}
    if data[:4] == INES_MAGIC:
        hashes.add(hashlib.sha1(data[16:]).hexdigest())
    return hashes


def _candidates(root: Path) -> Iterator[tuple[str, bytes]]:
    """(label, bytes) for every file under ``root`` and every member of zip files (nested too)."""
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        try:
            if path.stat().st_size > MAX_ROM_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        yield str(path), data
        if path.suffix.lower() == ".zip":
            yield from _zip_members(str(path), data)


def _zip_members(label: str, data: bytes, depth: int = 0) -> Iterator[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for entry in zf.infolist():
                if entry.is_dir() or entry.file_size > MAX_ROM_BYTES:
                    continue
                inner = zf.read(entry)
                yield f"{label}!{entry.filename}", inner
                if entry.filename.lower().endswith(".zip") and depth < 3:
                    yield from _zip_members(f"{label}!{entry.filename}", inner, depth + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return  # not a zip after all, or encrypted: ignore, as stable-retro's importer does


def import_roms(paths: Iterable[Path], assets: Iterable[Asset]) -> list[Imported]:
    """Copies every file whose SHA-1 one of ``assets`` accepts to that asset's path (atomically)."""
    by_hash: dict[str, Asset] = {sha.lower(): asset for asset in assets for sha in asset.accepted}
    done: list[Imported] = []
    seen: set[Path] = set()
    for root in paths:
        for label, data in _candidates(Path(root).expanduser()):
            for sha in rom_hashes(data):
                asset = by_hash.get(sha)
                if asset is None or asset.path in seen:
                    continue
                seen.add(asset.path)
                present = asset.problem() is None
                if not present:
                    asset.path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = asset.path.with_name(f".{asset.path.name}.{os.getpid()}.tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, asset.path)
                done.append(Imported(asset, label, present))
    return done
