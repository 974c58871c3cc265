"""``orak-gym mcp serve`` and ``orak-gym mcp serve-agent``: Orak's plug-and-play MCP servers.

Imports nothing from the ``mcp`` SDK until a command runs, so ``orak-gym --help`` works without
the ``mcp`` extra; a missing extra is a one-line error naming it.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console

mcp_app = typer.Typer(
    name="mcp",
    help="Serve games and agents over the Model Context Protocol (Orak's plug-and-play interface).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    """``error: message`` on stderr (stdout is a stdio server's protocol stream), as text, never markup."""
    from rich.markup import escape

    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(1)


def _require_sdk() -> None:
    import importlib.util

    if importlib.util.find_spec("mcp") is None or importlib.util.find_spec("mcp.server.mcpserver") is None:
        raise _fail("the MCP servers need the official mcp SDK (>= 2.3): pip install 'orak-gym[mcp]'")


def _json_object(text: str | None, name: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise _fail(f"{name} must be a JSON object ({exc})") from exc
    if not isinstance(value, dict):
        raise _fail(f'{name} must be a JSON object, e.g. \'{{"level": "01_first_steps"}}\'')
    return value


_TRANSPORT = typer.Option("stdio", "--transport", "-t", help="stdio (one client, e.g. Claude Desktop) | http.")
_HOST = typer.Option("127.0.0.1", help="HTTP: the address to bind (anything but loopback gets a warning).")
_PORT = typer.Option(8000, help="HTTP: the port (0: any free port; the URL is printed on stderr).")
_TOKEN = typer.Option(None, envvar="ORAK_MCP_TOKEN", help="HTTP: require 'Authorization: Bearer TOKEN'.")
_MAX_BYTES = typer.Option(1 << 20, help="HTTP: largest request body in bytes.")
_IDLE = typer.Option(1800.0, help="HTTP: close a session (and stop its game) after this many idle seconds.")


def _check_transport(transport: str) -> None:
    if transport not in ("stdio", "http"):
        raise _fail(f"--transport must be stdio or http, not {transport!r}")


@mcp_app.command("serve")
def serve_command(
    env: str = typer.Option(..., "--env", "-e", help="Registered env id, e.g. orak/2048-v0."),
    env_kwargs: str = typer.Option(None, help="JSON kwargs for gym.make, e.g. '{\"target_tile\": 256}'."),
    transport: str = _TRANSPORT,
    host: str = _HOST,
    port: int = _PORT,
    token: str = _TOKEN,
    max_sessions: int = typer.Option(
        None, min=1, help="Most sessions (games) at once [default: the game's instance cap, else none]."
    ),
    modality: str = typer.Option("text", help="text | image | text_image: whether load-obs carries the frame."),
    seed: int = typer.Option(
        0, min=0, help="Seed of the episode a session starts by itself when its first call is not reset."
    ),
    max_request_bytes: int = _MAX_BYTES,
    idle_timeout: float = _IDLE,
) -> None:
    """Serve one env as an MCP game server: every MCP session plays its own game, started on first use.

    \b
    Examples:
      orak-gym mcp serve --env orak/2048-v0                       # stdio, for Claude Desktop
      orak-gym mcp serve --env orak/BabaIsYou-v0 -t http --port 8765 --token s3cret
    """
    _require_sdk()
    _check_transport(transport)
    if modality not in ("text", "image", "text_image"):
        raise _fail(f"--modality must be text, image or text_image, not {modality!r}")
    import gymnasium as gym

    from orak_gym.mcp.game import resolve_env_id
    from orak_gym.mcp.game_server import build_game_server, instance_cap
    from orak_gym.mcp.serve import serve

    try:
        env = resolve_env_id(env)
    except (gym.error.Error, ImportError) as exc:
        raise _fail(f"unknown env id {env!r}; `orak-gym list` shows the registered ones ({exc})") from exc
    kwargs = _json_object(env_kwargs, "--env-kwargs")
    from orak_gym.eval.preflight import PreflightError, check_env_runs

    try:  # a game that cannot run here fails now, not in the first client's session
        check_env_runs(env, modality, kwargs)
    except PreflightError as exc:
        raise _fail(exc.cli) from exc
    limit = max_sessions if max_sessions is not None else instance_cap(env)
    server, _ = build_game_server(
        env,
        kwargs,
        transport=transport,
        max_sessions=limit,
        modality=modality,
        token=token,
        first_seed=seed,
    )
    serve(
        server,
        transport,
        host=host,
        port=port,
        max_sessions=limit,
        max_request_bytes=max_request_bytes,
        idle_timeout_s=idle_timeout,
    )


@mcp_app.command("serve-agent")
def serve_agent_command(
    game: str = typer.Option(..., "--game", "-g", help="Env id or game folder for the prompts, e.g. orak/2048-v0."),
    agent: str = typer.Option(
        "zeroshot", "--agent", "-a", help="zeroshot | reflection | planning | reflection_planning | skill_management."
    ),
    modality: str = typer.Option("text", help="text | image | text_image: whether prompts carry frames."),
    memory_window: int = typer.Option(10, min=1, help="Past steps the prompts see."),
    prompts: str = typer.Option(
        "ours", help="ours | orak:PATH (Orak's own prompt files from your Orak checkout, parsed, never run)."
    ),
    transport: str = _TRANSPORT,
    host: str = _HOST,
    port: int = _PORT,
    token: str = _TOKEN,
    max_sessions: int = typer.Option(None, min=1, help="Most agent sessions at once [default: no limit]."),
    max_request_bytes: int = _MAX_BYTES,
    idle_timeout: float = _IDLE,
) -> None:
    """Serve an agent type as Orak's MCP agent server: its modules' prompts and memory, your LLM.

    \b
    Example:
      orak-gym mcp serve-agent --game orak/2048-v0 --agent reflection
      orak-gym mcp serve-agent --game orak/2048-v0 --agent reflection --prompts orak:~/src/Orak
    """
    _require_sdk()
    _check_transport(transport)
    from orak_gym.mcp.agent_server import build_agent_server
    from orak_gym.mcp.serve import serve

    try:
        server, _ = build_agent_server(
            game,
            agent,
            modality=modality,
            memory_window=memory_window,
            transport=transport,
            max_sessions=max_sessions,
            token=token,
            prompts=prompts,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    serve(
        server,
        transport,
        host=host,
        port=port,
        max_sessions=max_sessions,
        max_request_bytes=max_request_bytes,
        idle_timeout_s=idle_timeout,
    )
