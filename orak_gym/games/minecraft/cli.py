"""``orak-gym minecraft ...``: the game's own commands (the top-level CLI mounts ``app`` as ``name``)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import typer

from orak_gym.games.minecraft.driver import JS_DIR, MIN_NODE_MAJOR, node_problem

name = "minecraft"
app = typer.Typer(help="Minecraft: install the Node.js packages its server and bot need.", no_args_is_help=True)


def _error(message: str, code: int = 1) -> typer.Exit:
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


@app.command("install-js")
def install_js_command(
    dry_run: bool = typer.Option(False, help="Show what npm would install; change nothing."),
) -> None:
    """Install the pinned npm packages (js/package-lock.json) into this installation's js folder.

    Runs `npm ci --prefix <orak_gym>/games/minecraft/js`, wherever orak-gym is installed (a pip
    install as well as a source checkout), then checks Minecraft is ready. Needs Node.js and npm on
    PATH (Node >= 22 is what the pinned packages declare; Node 20 runs them too, with npm's
    EBADENGINE warning).
    """
    npm = shutil.which("npm")
    if npm is None:
        raise _error(f"npm is not on PATH: install Node.js >= {MIN_NODE_MAJOR} and npm (Debian: apt install npm)")
    command = [npm, "ci", "--prefix", str(JS_DIR), "--no-audit", "--no-fund", *(["--dry-run"] if dry_run else [])]
    print("running: " + " ".join(command), flush=True)
    code = subprocess.call(command)
    if code:
        raise _error(f"npm ci failed (exit {code}); its messages are above", code)
    if dry_run:
        return
    problem = node_problem()
    if problem:
        raise _error(f"Minecraft is still not ready: {problem}")
    print(f"Minecraft is ready: npm packages installed in {JS_DIR / 'node_modules'}")
