"""The MCP game server: any registered orak env, one per MCP session.

Tools (names as in Orak, so Orak's own MCP client plays unchanged, plus the Gymnasium-like ones):

- ``load-obs`` -> ``{obs_str, obs_image_str, game_info}``
- ``dispatch-final-action(action_str)`` -> ``{score, is_finished}``
- ``reset(seed, options)``, ``observe()``, ``step(action)`` -> observation, reward, terminated,
  truncated, score, action_valid, feedback (text for an LLM reader, the same as structured
  content, and the frame as MCP image content when asked for)
- ``prompt-context`` (rules, valid actions, task), ``env-info``, ``list-envs``

Resources: ``orak://rules``, ``orak://frame`` (PNG), ``orak://state`` (JSON).

As with Orak's servers, which start the game at launch, a session needs no ``reset`` first: the first
call that needs an episode starts one with the server's first seed (0 unless ``--seed`` says).

Every failure (unknown tool, bad arguments, a step after the episode ended, an over-long action, a backend
that died) comes back as an MCP error result with a one-line message; the server keeps serving.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import gymnasium as gym
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp_types import CallToolResult, ImageContent, TextContent

from orak_gym.core.state import to_jsonable
from orak_gym.mcp.game import (
    FIRST_EPISODE_SEED,
    GameUsageError,
    ServedGame,
    encode_jpeg_b64,
    encode_png,
    resolve_env_id,
)
from orak_gym.mcp.sessions import SessionRegistry, current_request, new_server
from orak_gym.mcp.tools import ACTING, READ_ONLY, add_tool, json_result

#: Longest JSON text accepted for ``reset``'s options.
MAX_OPTIONS_CHARS = 65_536


def instance_cap(env_id: str) -> int | None:
    """How many instances of the game behind ``env_id`` one machine may run (None: no cap).

    The game's spec decides (``GameSpec.max_instances``), so the default session limit of
    ``orak-gym mcp serve`` honours it.
    """
    from orak_gym.core.registry import spec_of

    return spec_of(env_id).max_instances


def _instructions(env_id: str, title: str) -> str:
    return (
        f"You are connected to the game {title} ({env_id}); this connection has its own game, already "
        "started. Call `prompt-context` once for the rules and the action format (`reset` starts a new "
        "episode, optionally with a seed), then call `step` with one action written exactly as the "
        "rules describe. Each result gives the new state, the reward, the 0-100 score and whether "
        "your action was understood (`action_valid`, `feedback`); stop when `terminated` or "
        "`truncated` is true. `observe` shows the current state and frame again."
    )


def build_game_server(
    env_id: str,
    env_kwargs: dict[str, Any] | None = None,
    *,
    transport: str = "stdio",
    max_sessions: int | None = None,
    modality: str = "text",
    token: str | None = None,
    first_seed: int | None = FIRST_EPISODE_SEED,
) -> tuple[MCPServer, SessionRegistry[ServedGame]]:
    """The game server for ``env_id`` and its session registry.

    ``modality`` decides whether Orak's ``load-obs`` carries the frame (``image``/``text_image``:
    base64 JPEG as Orak sends it; ``text``: an empty string). ``step``/``observe`` send the frame
    whenever a client asks for it, whatever the modality. ``token`` (HTTP) requires
    ``Authorization: Bearer <token>`` on every request. ``first_seed`` seeds the episode a session
    starts by itself when its first call is not ``reset`` (None: a random one).
    """
    import orak_gym
    from orak_gym.core.registry import GAMES

    env_id = resolve_env_id(env_id)  # unknown ids fail here, before the server starts
    spec = gym.spec(env_id)
    game = (spec.kwargs or {}).get("game")
    title = GAMES[game].title if game in GAMES else env_id
    kwargs = dict(env_kwargs or {})
    registry: SessionRegistry[ServedGame] = SessionRegistry(
        lambda: ServedGame(env_id, kwargs, first_seed), transport=transport, limit=max_sessions
    )

    server = new_server("orak-gym-game", f"orak-gym: {title}", _instructions(env_id, title), registry, transport, token)

    async def on_game(fn: Any, *args: Any) -> Any:
        session, state = await registry.state(current_request())
        try:
            return await session.run(fn, state, *args)
        except GameUsageError as exc:
            raise ToolError(str(exc)) from exc
        except ToolError:
            raise
        except Exception as exc:  # the env or its backend failed: one line to the client, server lives on
            raise ToolError(f"the game failed: {type(exc).__name__}: {_one_line(exc)}") from exc

    # ------------------------------------------------------------------ Orak's tools
    async def load_obs() -> CallToolResult:
        """Orak's `load-obs`: the current observation as {obs_str, obs_image_str, game_info} (and
        `info`: score and whether the last action was understood)."""

        def run(g: ServedGame) -> dict[str, Any]:
            g.ensure_episode()
            image = encode_jpeg_b64(g.frame()) if modality != "text" else ""
            info = {k: g.info.get(k) for k in ("score", "raw_score", "action_valid", "action_feedback")}
            # Orak's three keys, plus the score and the last action's validity, which our agent
            # server's prompts show (Orak's client ignores the extra key).
            return {
                "obs_str": g.observation or "",
                "obs_image_str": image,
                "game_info": g.prompt_context(),
                "info": info,
            }

        return json_result(await on_game(run))

    async def dispatch_final_action(action_str: str) -> CallToolResult:
        """Orak's `dispatch-final-action`: plays the action text, returns {score, is_finished}."""

        def run(g: ServedGame) -> dict[str, Any]:
            g.step(action_str)
            return {"score": g.summary()["score"], "is_finished": g.finished}

        return json_result(await on_game(run))

    add_tool(server, load_obs, name="load-obs", annotations=READ_ONLY)
    add_tool(server, dispatch_final_action, name="dispatch-final-action", annotations=ACTING)

    # ------------------------------------------------------------------ the Gymnasium-like tools
    async def reset(
        seed: int | None = None, options: dict[str, Any] | None = None, frame: bool = False, full_info: bool = False
    ) -> CallToolResult:
        """Start a new episode (same seed, same episode where the game is deterministic). Returns the
        first observation and score; `frame=true` adds the picture. A session's first episode starts
        by itself (seed 0 unless the server says otherwise): call this for another seed or a new game."""
        if options is not None and len(json.dumps(options, default=repr)) > MAX_OPTIONS_CHARS:
            raise ToolError(f"options are longer than {MAX_OPTIONS_CHARS} characters of JSON")

        def run(g: ServedGame) -> tuple[dict[str, Any], Any]:
            g.reset(seed=seed, options=options)
            return _observation_payload(g, full_info, reward=0.0, terminated=False, truncated=False), _frame(g, frame)

        payload, picture = await on_game(run)
        return _observation_result(payload, picture, f"New episode of {title} (seed {seed}).")

    async def step(action: str, frame: bool = False, full_info: bool = False) -> CallToolResult:
        """Play one decision of the episode (the session's first, or the one `reset` started): `action`
        is text in the format the rules give (see `prompt-context`). Returns the new observation, reward, terminated,
        truncated, score (0-100), action_valid and feedback (what the game understood). Text it
        cannot use is reported, not fatal. `frame=true` adds the picture."""

        def run(g: ServedGame) -> tuple[dict[str, Any], Any]:
            reward, terminated, truncated = g.step(action)
            payload = _observation_payload(g, full_info, reward=reward, terminated=terminated, truncated=truncated)
            return payload, _frame(g, frame)

        payload, picture = await on_game(run)
        return _observation_result(payload, picture, "")

    async def observe(frame: bool = True, full_info: bool = False) -> CallToolResult:
        """The current observation (text) and, by default, the current frame as an image."""

        def run(g: ServedGame) -> tuple[dict[str, Any], Any]:
            g.ensure_episode()
            return _observation_payload(g, full_info), _frame(g, frame)

        payload, picture = await on_game(run)
        return _observation_result(payload, picture, "")

    async def prompt_context() -> CallToolResult:
        """The rules of the game, the valid actions and their format, and the task: read this before
        your first `step`."""
        return json_result(await on_game(lambda g: g.prompt_context()))

    async def env_info() -> CallToolResult:
        """Which env this server plays (id, title, frame shape, decision limit) and this session's
        episode counters."""
        info = await on_game(lambda g: g.describe())
        info["sessions_open"] = len(registry)
        info["session_limit"] = registry.limit
        info["server_pid"] = os.getpid()
        return json_result(info)

    async def list_envs() -> CallToolResult:
        """Every env id registered on the server's machine with its status (ready, missing asset,
        missing extra) and which one this server plays."""
        rows = []
        for game_spec, status in orak_gym.games():
            for variant in game_spec.variants:
                rows.append(
                    {
                        "env_id": variant.env_id,
                        "game": game_spec.name,
                        "status": status.readiness.value,
                        "detail": status.detail,
                    }
                )
        return json_result({"served": env_id, "sessions_open": len(registry), "envs": rows})

    add_tool(server, reset, name="reset", annotations=ACTING)
    add_tool(server, step, name="step", annotations=ACTING)
    add_tool(server, observe, name="observe", annotations=READ_ONLY)
    add_tool(server, prompt_context, name="prompt-context", annotations=READ_ONLY)
    add_tool(server, env_info, name="env-info", annotations=READ_ONLY)
    add_tool(server, list_envs, name="list-envs", annotations=READ_ONLY)

    # ------------------------------------------------------------------ resources
    async def on_resource(fn: Any) -> Any:
        try:
            return await on_game(fn)
        except ToolError as exc:
            raise ResourceError(str(exc)) from exc

    @server.resource("orak://rules", name="rules", title=f"{title}: rules and action format", mime_type="text/markdown")
    async def rules() -> str:
        context = await on_resource(lambda g: g.prompt_context())
        return _rules_text(context)

    @server.resource("orak://frame", name="frame", title=f"{title}: current frame", mime_type="image/png")
    async def current_frame() -> bytes:
        return await on_resource(lambda g: encode_png(g.frame()))

    @server.resource("orak://state", name="state", title=f"{title}: current state", mime_type="application/json")
    async def current_state() -> str:
        def run(g: ServedGame) -> str:
            g.ensure_episode()
            return json.dumps(to_jsonable(g.info.get("state", {})), default=repr)

        return await on_resource(run)

    return server, registry


def _frame(game: ServedGame, wanted: bool) -> Any:
    return game.frame() if wanted else None


def _observation_payload(
    game: ServedGame,
    full_info: bool,
    *,
    reward: float | None = None,
    terminated: bool | None = None,
    truncated: bool | None = None,
) -> dict[str, Any]:
    payload = game.summary()
    if reward is not None:
        payload["reward"] = reward
        payload["terminated"] = terminated
        payload["truncated"] = truncated
    if full_info:
        payload["info"] = game.full_info()
    return payload


def _observation_result(payload: dict[str, Any], frame: Any, headline: str) -> CallToolResult:
    lines = [headline] if headline else []
    status = f"score {payload['score']:.2f}/100"
    if "reward" in payload:
        status = f"reward {payload['reward']:g}, " + status
    valid = "understood" if payload["action_valid"] else "NOT understood"
    if payload.get("step"):
        status += f"; last action {valid}" + (f" ({payload['feedback']})" if payload["feedback"] else "")
    lines.append(status)
    if payload.get("terminated"):
        lines.append("The episode is over (terminated): call reset for a new one.")
    elif payload.get("truncated"):
        lines.append("The episode is over (decision limit reached): call reset for a new one.")
    lines += ["", payload["observation"]]
    content: list[Any] = [TextContent(type="text", text="\n".join(lines))]
    if frame is not None:
        content.append(
            ImageContent(type="image", data=base64.b64encode(encode_png(frame)).decode("ascii"), mime_type="image/png")
        )
    return CallToolResult(content=content, structured_content=payload)


def _rules_text(context: dict[str, Any]) -> str:
    parts = []
    for key in ("task", "rules", "valid_actions", "action_format", "default_action"):
        value = context.get(key)
        if value:
            body = "\n".join(f"- {v}" for v in value) if isinstance(value, list) else str(value)
            parts.append(f"## {key.replace('_', ' ')}\n\n{body}")
    return "\n\n".join(parts) or json.dumps(context, indent=2, default=repr)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:500] + ("..." if len(text) > 500 else "")
