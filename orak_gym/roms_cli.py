"""``orak-gym roms``: import and check the ROMs that the registered games declare (``GameSpec.assets``)."""

from __future__ import annotations

from pathlib import Path

import typer

from orak_gym.backends.roms import import_roms
from orak_gym.core.assets import Asset, assets_dir
from orak_gym.core.registry import GAMES

roms_app = typer.Typer(
    help="Import and check the ROMs that emulator games need (found by SHA-1).", no_args_is_help=True
)


def emulator_assets() -> list[Asset]:
    """Every user-supplied file the registered games declare."""
    return [asset for spec in GAMES.values() for asset in spec.assets]


@roms_app.command("import")
def import_command(
    directory: list[Path] = typer.Argument(..., help="Folders, files or zip archives to search."),
) -> None:
    """Find ROMs by SHA-1 under DIRECTORY and install them into the orak-gym asset folder."""
    missing = [str(d) for d in directory if not d.expanduser().exists()]
    if missing:
        typer.echo(f"No such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    imported = import_roms(directory, emulator_assets())
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
        typer.echo(f"    {'SHA-256' if asset.sha256 else 'SHA-1'} (accepted): {', '.join(asset.accepted)}")
        typer.echo(f"    path: {asset.path}")
        if problem is not None:
            typer.echo(f"    {problem}")
