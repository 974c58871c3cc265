"""The ``orak-gym`` command line.

Sub-commands mount themselves here (``roms`` from :mod:`orak_gym.roms_cli`, and
``eval``/``leaderboard``/``dataset``/``replay``/``arena`` from :mod:`orak_gym.eval`), so this
file stays a thin index of what the tool can do.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(
    name="orak-gym",
    help="The Orak benchmark games as Gymnasium environments: list games, play, evaluate, compare.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help text is plain: 'orak-gym[ray]' and '[default: 10]' show as written
)
console = Console()

_STATE_STYLE = {
    "ready": "bold green",
    "missing asset": "yellow",
    "missing extra": "yellow",
    "not yet supported": "dim",
}


@app.command("list")
def list_games() -> None:
    """Show every Orak game, its env ids and whether it runs on this machine (and if not, why)."""
    import orak_gym

    table = Table(title="Orak games in orak-gym")
    table.add_column("game")
    table.add_column("genre")
    table.add_column("env id", overflow="fold")
    table.add_column("status")
    table.add_column("what to do", overflow="fold")  # never cut: it holds the fix
    for spec, status in orak_gym.games():
        state = status.readiness.value
        ids = spec.env_id if spec.supported else "-"
        if len(spec.variants) > 1:
            ids += f" (+{len(spec.variants) - 1} variants)"
        # escape: the fix text holds square brackets (pip install 'orak-gym[retro]') that rich would eat
        cells = (escape(spec.title), escape(spec.genre), escape(ids))
        table.add_row(*cells, f"[{_STATE_STYLE[state]}]{state}[/]", escape(status.detail))
    # Piped, rich assumes 80 columns; a wider table keeps each game on few lines (unless COLUMNS says otherwise).
    out = console if console.is_terminal or "COLUMNS" in os.environ else Console(width=160)
    out.print(table)


@app.command()
def demo(
    env_id: str = typer.Option("orak/2048-v0", "--env", help="Which registered env to play."),
    seed: int = typer.Option(0, help="Episode seed."),
    max_steps: int = typer.Option(2000, help="Decision limit for the demo episode."),
    out: str = typer.Option("out/demo", help="Folder for the episode GIF and trajectory."),
    quiet: bool = typer.Option(False, help="Print only every 100th observation."),
    model: str = typer.Option(
        None,
        "--model",
        envvar="MODEL",
        help="LLM spec (openai:gpt-4o-mini, vllm:NAME@URL, ollama:llama3.2); without it the game's expert plays.",
    ),
    agent: str = typer.Option("zeroshot", help="LLM agent type used with --model."),
    gif_frames: int = typer.Option(600, help="At most this many frames in the GIF (evenly spaced)."),
    gif_width: int = typer.Option(None, help="Scale the GIF down to this width in pixels."),
    env_kwargs: str = typer.Option("{}", "--env-kwargs", help="JSON object of keyword arguments for gym.make."),
) -> None:
    """Play one episode (the game's expert, or an LLM agent with --model), print it, and save a GIF.

    With --model the endpoint is checked first (a dead one is one line, exit 1, nothing written);
    a failed LLM call ends the demo as an error (exit 4), never with a score.
    """
    from orak_gym.demo import play_demo
    from orak_gym.eval.llm_errors import LLMCallsFailed

    try:
        make_kwargs = json.loads(env_kwargs)
    except ValueError:
        make_kwargs = None
    if not isinstance(make_kwargs, dict):
        console.print(f"[bold red]error:[/] --env-kwargs must be a JSON object, got {escape(env_kwargs)}")
        raise typer.Exit(2)
    policy = None
    if model:
        from orak_gym.agents import LLMPolicy
        from orak_gym.eval.preflight import PreflightError, check_llm

        try:
            policy = LLMPolicy(check_llm(model), agent=agent, game=env_id)
        except PreflightError as exc:
            console.print(f"[bold red]error:[/] {escape(exc.cli)}", soft_wrap=True)
            raise typer.Exit(1) from exc
    try:
        play_demo(
            env_id=env_id,
            seed=seed,
            max_steps=max_steps,
            out=out,
            quiet=quiet,
            console=console,
            policy=policy,
            gif_frames=gif_frames,
            gif_width=gif_width,
            env_kwargs=make_kwargs,
        )
    except LLMCallsFailed as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}; the model did not play, so no score", soft_wrap=True)
        raise typer.Exit(4) from exc


def _mount(module: str, attribute: str, name: str = "") -> None:
    """Attaches a layer's commands: a Typer sub-app mounted as ``name``, or a ``register(app)`` function."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return
        raise
    commands = getattr(mod, attribute)
    if isinstance(commands, typer.Typer):
        app.add_typer(commands, name=name)
    else:
        commands(app)


def _mount_game_commands() -> None:
    """A game folder may add commands: ``games/<folder>/cli.py`` with a Typer ``app`` and its ``name``."""
    import pkgutil

    import orak_gym.games as games

    for folder in pkgutil.iter_modules(games.__path__):
        module = f"{games.__name__}.{folder.name}.cli"
        if folder.ispkg and importlib.util.find_spec(module) is not None:
            commands = importlib.import_module(module)
            app.add_typer(commands.app, name=commands.name)


_mount("orak_gym.roms_cli", "roms_app", "roms")
_mount("orak_gym.eval.cli", "register_commands")
_mount("orak_gym.mcp.cli", "mcp_app", "mcp")
_mount_game_commands()


if __name__ == "__main__":
    app()
