"""``orak-gym roms``: find user-supplied ROMs by hash and install them where the backends look.

Like stable-retro's ``python -m stable_retro.import`` (whose hashing rule we follow: an iNES
``.nes`` file is hashed without its 16-byte header), it walks a folder, zip archives included,
and matches every file against the SHA-1s that the games declare (``GameSpec.assets``).  Unlike
it, it writes to the orak-gym asset folder (``$ORAK_ASSETS``), never into site-packages, so it
needs no write access there and accepts every dump a game lists (e.g. both Super Mario dumps).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import typer

from orak_gym.core.assets import Asset, assets_dir

INES_MAGIC = b"NES\x1a"
MAX_ROM_BYTES = 64 * 1024 * 1024  # larger files are not ROMs of any supported system; skip them

roms_app = typer.Typer(
    help="Import and check the ROMs that emulator games need (found by SHA-1).", no_args_is_help=True
)


@dataclass(frozen=True)
class Imported:
    """One ROM installed (or found already in place) by :func:`import_roms`."""

    asset: Asset
    source: str
    already_present: bool


def rom_hashes(data: bytes) -> set[str]:
    """SHA-1s a file may be known by: of the whole file and, for iNES ROMs, without the header."""
    hashes = {hashlib.sha1(data).hexdigest()}
    if data[:4] == INES_MAGIC:
        hashes.add(hashlib.sha1(data[16:]).hexdigest())
    return hashes


def emulator_assets() -> list[Asset]:
    """Every user-supplied file the registered games declare (imported lazily: games sit above us)."""
    from orak_gym.games import load_specs

    return [asset for spec in load_specs() for asset in spec.assets]


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


def import_roms(paths: Iterable[Path], assets: list[Asset] | None = None) -> list[Imported]:
    """Copies every file whose SHA-1 a game accepts to that game's asset path (atomically)."""
    wanted = assets if assets is not None else emulator_assets()
    by_hash: dict[str, Asset] = {sha.lower(): asset for asset in wanted for sha in asset.sha1}
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


@roms_app.command("import")
def import_command(
    directory: list[Path] = typer.Argument(..., help="Folders, files or zip archives to search."),
) -> None:
    """Find ROMs by SHA-1 under DIRECTORY and install them into the orak-gym asset folder."""
    missing = [str(d) for d in directory if not d.expanduser().exists()]
    if missing:
        typer.echo(f"No such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    imported = import_roms(directory)
    for item in imported:
        verb = "already present" if item.already_present else "imported"
        typer.echo(f"{item.asset.game}: {verb} {item.asset.filename} <- {item.source}")
    typer.echo(f"Imported {sum(not i.already_present for i in imported)} ROM(s) into {assets_dir()}")
    if not imported:
        typer.echo("No file matched a known SHA-1; run `orak-gym roms status` to see what is expected.")


@roms_app.command("status")
def status_command() -> None:
    """List every ROM the emulator games need, its accepted SHA-1s and whether it is in place."""
    assets = emulator_assets()
    if not assets:
        typer.echo("No registered game needs a user-supplied file.")
        return
    typer.echo(f"Asset folder: {assets_dir()} (set ORAK_ASSETS to move it)")
    for asset in assets:
        problem = asset.problem()
        mark = "present" if problem is None else "MISSING"
        typer.echo(f"- {asset.game}: {asset.filename} [{mark}]")
        typer.echo(f"    SHA-1 (accepted): {', '.join(asset.sha1)}")
        typer.echo(f"    path: {asset.path}")
        if problem is not None:
            typer.echo(f"    {problem}")
