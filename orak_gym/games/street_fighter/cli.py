"""``orak-gym street-fighter ...``: check MAME and the RAM map on the user's ROM (``calibrate``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from orak_gym.backends.mame import INSTALL_HINT, find_mame

name = "street-fighter"
app = typer.Typer(help="Street Fighter III on MAME: check the RAM map on your ROM.", no_args_is_help=True)


def mame_problem() -> str | None:
    """None when MAME is installed, else how to install it (``orak-gym list`` shows it)."""
    return None if find_mame() is not None else f"MAME is not installed. {INSTALL_HINT}"


@app.command("calibrate")
def calibrate_command(
    rompath: Path = typer.Option(None, help="A MAME ROM folder to use instead of the imported sfiii3n.zip."),
    boot: str = typer.Option("menu", help="'menu' (play the menu script first) or 'none'."),
    frames: int = typer.Option(600, help="Frames of fight to watch."),
    peer: Path = typer.Option(None, hidden=True, help="A stand-in peer scenario (tests)."),
) -> None:
    """Boot the game, fight for a while and check every RAM address against what a fight shows."""
    from orak_gym.core.errors import OrakError
    from orak_gym.games.street_fighter.calibrate import calibrate

    try:
        report = calibrate(rompath=rompath, boot=boot, frames=frames, peer=peer)
    except OrakError as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        raise typer.Exit(1) from None
    for line in report.lines():
        typer.echo(line)
    if not report.ok:
        raise typer.Exit(3)
