"""``RemoteEnv``: a Gymnasium env whose game runs on an MCP game server, here or on another machine.

>>> env = gym.make("orak-mcp/2048-v0", url="http://gpu-box:8765/mcp", token="s3cret")  # doctest: +SKIP
>>> env = gym.make("orak-mcp/2048-v0", command=["orak-gym", "mcp", "serve", "--env", "orak/2048-v0"])  # doctest: +SKIP

It speaks the server's ``reset``/``step``/``observe`` tools with the official SDK client and
returns what a local text-modality env returns: the same observation text, reward, flags and
``info`` (score, raw_score, action validity and feedback, native actions, state, prompt
context), so agents, experts and ``orak-gym eval`` cannot tell the difference, and a
deterministic game gives the same episode for the same seed. ``modality="image"`` or
``"text_image"`` fetches the frame with each step (PNG, lossless).

The SDK is asynchronous and a Gymnasium env is not: each ``RemoteEnv`` owns an event loop on a
daemon thread that holds the MCP connection open; ``close()`` ends it (a stdio server process
exits with it, an HTTP session is deleted and its game stopped on the server).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import copy
import os
import shlex
import sys
import threading
from collections.abc import Coroutine, Sequence
from contextlib import AsyncExitStack
from typing import Any, ClassVar

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from orak_gym.core.errors import BackendError, MissingDependencyError, OrakError
from orak_gym.core.spaces import TextSpace

if sys.version_info < (3, 11):  # pragma: no cover - anyio brings the backport there
    from exceptiongroup import BaseExceptionGroup

MODALITIES = ("text", "image", "text_image")


class RemoteEnvError(OrakError, RuntimeError):
    """The game server refused a call (its error message is the error's message)."""


class RemoteEnv(gym.Env[Any, str]):
    """A text-action env played on an MCP game server.

    Args:
        url: the server's streamable-HTTP endpoint (``http://host:port/mcp``).
        command: or a command that starts a server over stdio (a list, or a shell-quoted string).
        env_id: the env the server must be playing (checked on connect); None accepts any.
        modality: ``text`` | ``image`` | ``text_image`` (what observations hold).
        render_mode: ``"rgb_array"`` makes ``render()`` fetch the current frame.
        token: bearer token for an HTTP server started with ``--token`` (default: ``$ORAK_MCP_TOKEN``).
        timeout_s: how long one call may take before the server is declared gone.
        game: set by the ``orak-mcp/...`` registrations (the game the id stands for).
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["rgb_array"], "render_fps": 4}
    #: The game runs on the server: this machine's readiness for it does not matter (see
    #: :func:`orak_gym.core.registry.plays_elsewhere`), connecting is the check.
    plays_elsewhere: ClassVar[bool] = True
    #: Where the game is played, not what: a leaderboard pools a run over MCP with a local one.
    connection_kwargs: ClassVar[tuple[str, ...]] = ("url", "command", "token", "timeout_s", "env")

    def __init__(
        self,
        url: str | None = None,
        command: Sequence[str] | str | None = None,
        *,
        env_id: str | None = None,
        modality: str = "text",
        render_mode: str | None = None,
        token: str | None = None,
        timeout_s: float = 120.0,
        game: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        if (url is None) == (command is None):
            raise ValueError("give the game server's url= (HTTP) or command= (stdio), exactly one of them")
        if modality not in MODALITIES:
            raise ValueError(f"modality={modality!r} is not one of {MODALITIES} (the native modality is not served)")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode={render_mode!r} is not supported; use 'rgb_array' or None")
        self.url = url
        self.command = shlex.split(command) if isinstance(command, str) else list(command or [])
        self.modality = modality
        self.render_mode = render_mode
        self.timeout_s = timeout_s
        self.game = game
        self._token = token if token is not None else os.environ.get("ORAK_MCP_TOKEN")
        self._child_env = env
        self._prompt_context: dict[str, Any] = {}
        self._refused: int | None = None  # HTTP 401/403 seen while connecting
        try:
            self._connection = _Connection(self._open)
        except OrakError:
            raise
        except Exception as exc:  # refused, unauthorised, no such host, a server that failed to start
            if self._refused is not None:
                given = "a wrong token" if self._token else "no token"
                raise BackendError(
                    f"the MCP game server at {self.where} refused this client (HTTP {self._refused}, {given}): "
                    "give the token it was started with (token=... in the env kwargs, or $ORAK_MCP_TOKEN)"
                ) from exc
            raise BackendError(f"could not connect to the MCP game server at {self.where}: {_leaf(exc)}") from exc
        try:
            self.server_info = self._call("env-info", {})
        except BaseException:
            self._connection.close()
            raise
        served = self.server_info.get("env_id")
        if env_id is not None and served != env_id:
            self._connection.close()
            raise RemoteEnvError(f"the server at {self.where} plays {served!r}, not {env_id!r}")
        self.env_id = served
        shape = tuple(int(x) for x in self.server_info.get("frame_shape") or (256, 256, 3))
        frame_space = spaces.Box(0, 255, shape=shape, dtype=np.uint8)
        text_space = TextSpace(max_length=262_144)
        self.observation_space = {
            "text": text_space,
            "image": frame_space,
            "text_image": spaces.Dict({"text": text_space, "image": frame_space}),
        }[modality]
        self.action_space = TextSpace(max_length=65_536)

    @property
    def where(self) -> str:
        return self.url or shlex.join(self.command)

    # ------------------------------------------------------------------ the Gymnasium API
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        super().reset(seed=seed)
        self._prompt_context = {}
        payload, frame = self._call_observation(
            "reset", {"seed": seed, "options": options, "frame": self._wants_frame, "full_info": True}
        )
        return self._observation(payload, frame), self._info(payload)

    def step(self, action: str) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        if not isinstance(action, str):
            action = str(action)
        payload, frame = self._call_observation(
            "step", {"action": action, "frame": self._wants_frame, "full_info": True}
        )
        info = self._info(payload)
        info["action_text"] = action
        return (
            self._observation(payload, frame),
            float(payload["reward"]),
            bool(payload["terminated"]),
            bool(payload["truncated"]),
            info,
        )

    def render(self) -> np.ndarray | None:
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; pass render_mode='rgb_array' to make().")
            return None
        _, frame = self._call_observation("observe", {"frame": True})
        return frame

    def prompt_context(self) -> dict[str, Any]:
        """The rules, valid actions and task of the served game."""
        return self._call("prompt-context", {})

    def close(self) -> None:
        self._connection.close()
        super().close()

    # ------------------------------------------------------------------ plumbing
    @property
    def _wants_frame(self) -> bool:
        return self.modality != "text"

    def _observation(self, payload: dict[str, Any], frame: np.ndarray | None) -> Any:
        text = str(payload.get("observation", ""))
        if self.modality == "text":
            return text
        if frame is None:
            raise RemoteEnvError("the server sent no frame with the observation")
        return frame if self.modality == "image" else {"text": text, "image": frame}

    def _info(self, payload: dict[str, Any]) -> dict[str, Any]:
        info = dict(payload.get("info") or {})
        if "prompt_context" in info:
            self._prompt_context = info["prompt_context"]
        else:
            info["prompt_context"] = copy.deepcopy(self._prompt_context)
        return info

    def _call_observation(self, tool: str, arguments: dict[str, Any]) -> tuple[dict[str, Any], np.ndarray | None]:
        result = self._connection.run(self._tool(tool, arguments), self.timeout_s)
        frame = None
        for block in result.content:
            if getattr(block, "type", None) == "image":
                from orak_gym.mcp.game import decode_png

                frame = decode_png(base64.b64decode(block.data))
        return dict(result.structured_content or {}), frame

    def _call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result = self._connection.run(self._tool(tool, arguments), self.timeout_s)
        return dict(result.structured_content or {})

    async def _tool(self, tool: str, arguments: dict[str, Any]) -> Any:
        client = self._connection.client
        try:
            result = await client.call_tool(tool, arguments)
        except Exception as exc:
            message = f"the MCP game server at {self.where} failed on {tool}: {_leaf(exc)}"
            raise BackendError(message) from exc
        if result.is_error:
            text = " ".join(getattr(b, "text", "") for b in result.content).strip()
            raise RemoteEnvError(f"{tool}: {text or 'the server reported an error'}")
        return result

    async def _open(self, stack: AsyncExitStack) -> Any:
        try:
            from mcp import Client, StdioServerParameters
            from mcp.client.streamable_http import streamable_http_client
        except ImportError as exc:
            raise MissingDependencyError("mcp", "mcp", "playing a game served over MCP") from exc
        if self.command:
            environment = {**os.environ, **(self._child_env or {})}
            target: Any = StdioServerParameters(command=self.command[0], args=self.command[1:], env=environment)
        else:
            import httpx2

            headers = {"Authorization": f"Bearer {self._token}"} if self._token else None

            async def note_refusal(response: Any) -> None:  # the SDK's own error drops the HTTP status
                if response.status_code in (401, 403):
                    self._refused = response.status_code

            http = await stack.enter_async_context(
                httpx2.AsyncClient(
                    headers=headers,
                    timeout=httpx2.Timeout(30.0, read=self.timeout_s),
                    event_hooks={"response": [note_refusal]},
                )
            )
            target = streamable_http_client(str(self.url), http_client=http)
        # "legacy" is the session handshake: one game per connection, and no discovery round trip.
        return await stack.enter_async_context(Client(target, mode="legacy"))


def _leaf(exc: BaseException) -> str:
    """The innermost error of an (anyio) exception group, as one line."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text[:300]}"


class _Connection:
    """An MCP client held open by one task on a private event-loop thread.

    The SDK's client must be entered and exited by the same task, so ``_hold`` opens it, waits
    for ``close()``, and closes it; calls from the env's thread are scheduled onto that loop.
    """

    def __init__(self, opener: Any, connect_timeout_s: float = 120.0) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="orak-mcp-client", daemon=True)
        self._thread.start()
        self._opened: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._closing = asyncio.Event()
        self._holder = asyncio.run_coroutine_threadsafe(self._hold(opener), self._loop)
        try:
            self.client = self._opened.result(timeout=connect_timeout_s)
        except concurrent.futures.TimeoutError as exc:
            self.close()
            raise BackendError(f"timed out ({connect_timeout_s:g} s) connecting to the MCP game server") from exc
        except BaseException:
            self.close()
            raise

    async def _hold(self, opener: Any) -> None:
        try:
            async with AsyncExitStack() as stack:
                client = await opener(stack)
                self._opened.set_result(client)
                await self._closing.wait()
        except BaseException as exc:
            if not self._opened.done():
                self._opened.set_exception(exc)
            raise

    def run(self, coroutine: Coroutine[Any, Any, Any], timeout_s: float) -> Any:
        if self._holder.done():
            coroutine.close()
            raise BackendError("the MCP connection to the game server is closed")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout_s)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise BackendError(f"the MCP game server did not answer within {timeout_s:g} s") from exc

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._closing.set)
        with contextlib.suppress(BaseException):  # a server that is already gone is closed enough
            self._holder.result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()
