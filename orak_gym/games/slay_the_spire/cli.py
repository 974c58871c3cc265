"""``orak-gym spire ...``: the game's own commands (the top-level CLI mounts ``app`` as ``name``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from orak_gym.backends.mod_link import FileLink, GameLink, PipeLink
from orak_gym.backends.mod_relay import LinkRelay
from orak_gym.games.slay_the_spire.backend import DEFAULT_HOST, DEFAULT_PORT

name = "spire"
app = typer.Typer(help="Slay the Spire: connect the real game (CommunicationMod) to orak-gym.", no_args_is_help=True)


@app.command("bridge")
def bridge_command(
    port: int = typer.Option(DEFAULT_PORT, help="Loopback port the env connects to."),
    host: str = typer.Option(DEFAULT_HOST, help="Address to listen on (keep it on loopback)."),
    mod_input: Path = typer.Option(None, help="Orak's two-file mod: the file the mod reads commands from."),
    mod_output: Path = typer.Option(None, help="Orak's two-file mod: the file the mod writes states to."),
) -> None:
    """Run by CommunicationMod (config.properties: command=orak-gym spire bridge --port N).

    CommunicationMod starts this command, waits for ``ready`` on its stdout, then writes one JSON
    game message per line to its stdin and reads one command per line from its stdout; the env
    (``backend="communication_mod"``) connects to the loopback port. Orak's variant of the mod talks
    through two files instead (``--mod-input``: the commands; ``--mod-output``: each message).
    Everything the bridge logs goes to stderr: stdout belongs to the game.
    """
    if (mod_input is None) != (mod_output is None):
        print("error: give both --mod-input and --mod-output (Orak's two-file mod) or neither", file=sys.stderr)
        raise typer.Exit(2)
    link: GameLink = FileLink(mod_input, mod_output) if mod_input is not None else PipeLink(sys.stdin, sys.stdout)
    try:
        bridge = LinkRelay(link, host=host, port=port, game="Slay the Spire")
    except OSError as exc:
        print(
            f"error: cannot listen on {host}:{port}: {exc.strerror or exc} (is another bridge running?)",
            file=sys.stderr,
        )
        raise typer.Exit(1) from None
    raise typer.Exit(bridge.serve())
