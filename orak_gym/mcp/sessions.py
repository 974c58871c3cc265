"""One state object (a game env, an agent's memory) per MCP session, on a thread of its own.

Why a registry: an MCP server is shared by every client connected to it, but a game is not. Each
session gets its own state, created on its first tool call, closed when the session ends
(client disconnect, HTTP ``DELETE``, idle timeout, server shutdown), and capped in number so a
machine never runs more game instances than it can.

What a "session" is depends on the transport:

- stdio: the process serves exactly one client, so there is one session for the process; it is
  closed when the client closes the pipe (the server's lifespan ends).
- streamable HTTP: the SDK's stateful session (``Mcp-Session-Id``). Cleanup rides the
  connection's ``exit_stack``, which the SDK unwinds however the session ends. MCP's stateless
  2026-07-28 requests carry no session, so they cannot own a game and get an error saying so
  (the game server advertises only the handshake protocol on HTTP, so SDK clients in ``auto``
  mode fall back to a session by themselves).

Each state lives on a single worker thread: emulators and engines are blocking and often not
thread-safe, and one thread per session also serialises a client's concurrent calls. New states
are created one at a time (under the registry's lock), so a burst of clients never starts more
backends at once than the limit allows, at the price of queueing slow starts (Minecraft's server).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, Generic, Protocol, TypeVar

import anyio
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

from orak_gym.core.errors import OrakError

logger = logging.getLogger("orak_gym.mcp")

TRANSPORTS = ("stdio", "http")


class Closeable(Protocol):
    def close(self) -> None: ...


StateT = TypeVar("StateT", bound=Closeable)
R = TypeVar("R")


class SessionError(OrakError, ToolError):
    """A tool cannot get its session's state (limit reached, no session); sent as an MCP error result."""


class Session(Generic[StateT]):
    """A state object and the one thread every call on it runs on."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.state: StateT | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"orak-mcp-{key[:8]}")

    async def run(self, fn: Callable[..., R], *args: Any) -> R:
        """Runs ``fn(*args)`` on the session's thread without blocking the event loop."""
        return await asyncio.wrap_future(self._thread.submit(fn, *args))

    async def close(self) -> None:
        state, self.state = self.state, None
        if state is not None:
            try:
                await self.run(state.close)
            except Exception as exc:  # a backend that died while closing must not stop the others
                logger.warning("closing session %s failed: %s: %s", self.key, type(exc).__name__, exc)
        self._thread.shutdown(wait=False)


class SessionRegistry(Generic[StateT]):
    """Creates, finds and closes the per-session states of one server.

    Args:
        factory: builds a new state (runs on the session's thread: it may start a backend).
        transport: ``"stdio"`` or ``"http"`` (decides what a session is; see the module docstring).
        limit: most sessions open at once (None: no limit); one more gets an error result.
    """

    def __init__(self, factory: Callable[[], StateT], transport: str, limit: int | None = None) -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {TRANSPORTS}, got {transport!r}")
        if limit is not None and limit < 1:
            raise ValueError(f"the session limit must be >= 1 or None, got {limit}")
        self.factory = factory
        self.transport = transport
        self.limit = limit
        self._sessions: dict[str, Session[StateT]] = {}
        self._lock = anyio.Lock()
        self.opened = 0  # sessions ever created (for status and tests)

    def __len__(self) -> int:
        return len(self._sessions)

    async def session(self, request: ServerRequestContext[Any, Any] | None) -> Session[StateT]:
        """The session of the request, with its state created on first use."""
        key, connection = self._key(request)
        async with self._lock:
            session = self._sessions.get(key)
            if session is None:
                if self.limit is not None and len(self._sessions) >= self.limit:
                    raise SessionError(
                        f"this server is full: {len(self._sessions)} session(s) open and the limit is "
                        f"{self.limit}; try again when a client disconnects"
                    )
                session = Session[StateT](key)
                try:
                    session.state = await session.run(self.factory)
                except Exception as exc:
                    await session.close()
                    raise SessionError(f"could not start the game: {type(exc).__name__}: {exc}") from exc
                self._sessions[key] = session
                self.opened += 1
                if connection is not None:
                    connection.exit_stack.push_async_callback(self.close, key)
                logger.info("session %s opened (%d open)", key[:8], len(self._sessions))
        return session

    async def state(self, request: ServerRequestContext[Any, Any] | None) -> tuple[Session[StateT], StateT]:
        session = await self.session(request)
        if session.state is None:  # closed under us (the client disconnected mid-call)
            raise SessionError("this session was closed")
        return session, session.state

    async def close(self, key: str) -> None:
        session = self._sessions.pop(key, None)
        if session is not None:
            await session.close()
            logger.info("session %s closed (%d open)", key[:8], len(self._sessions))

    async def close_all(self) -> None:
        for key in list(self._sessions):
            with contextlib.suppress(Exception):
                await self.close(key)

    def _key(self, request: ServerRequestContext[Any, Any] | None) -> tuple[str, Any]:
        if self.transport == "stdio":
            return "stdio", None
        connection = connection_of(request)
        session_id = getattr(connection, "session_id", None)
        if not session_id:
            raise SessionError(
                "this server keeps one game per MCP session, and this request has none (a stateless "
                "2026-07-28 request?); connect with the session handshake (protocol 2025-11-25), as "
                "the mcp SDK's Client does by default against this server"
            )
        return str(session_id), connection


def connection_of(request: ServerRequestContext[Any, Any] | None) -> Any:
    """The SDK ``Connection`` a request arrived on (its ``session_id`` and ``exit_stack``).

    mcp 2.3 gives ``MCPServer`` tools a per-request ``ServerSession`` that holds the connection
    privately (the SDK's ``mcp.server.context.Context.connection`` is not handed to tools yet),
    so this is the one place that reaches for it.
    """
    session = getattr(request, "session", None)
    return getattr(session, "_connection", None)


_REQUEST: ContextVar[ServerRequestContext[Any, Any] | None] = ContextVar("orak_mcp_request", default=None)


async def remember_request(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Server middleware: makes the request visible to resource functions, which get no context."""
    token = _REQUEST.set(ctx)
    try:
        return await call_next(ctx)
    finally:
        _REQUEST.reset(token)


def current_request() -> ServerRequestContext[Any, Any] | None:
    """The request being handled (set by :func:`remember_request`)."""
    return _REQUEST.get()


async def handshake_only(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """HTTP middleware: answer ``server/discover`` with the handshake protocol versions only.

    Per-session state needs a session, which MCP's stateless 2026-07-28 HTTP requests do not
    have; an SDK client in ``auto`` mode reads this answer as "use the initialize handshake"
    (the legacy advertisement its negotiation falls back on) and gets a session.
    """
    result = await call_next(ctx)
    if ctx.method == "server/discover" and isinstance(result, dict):
        result = {**result, "supportedVersions": list(HANDSHAKE_PROTOCOL_VERSIONS)}
    return result


def session_middleware(transport: str) -> list[Any]:
    """The middleware both servers run: the request context for resources, and over HTTP the
    handshake-only advertisement."""
    return [remember_request, handshake_only] if transport == "http" else [remember_request]


def new_server(
    name: str, title: str, instructions: str, registry: SessionRegistry[Any], transport: str, token: str | None
) -> Any:
    """An ``MCPServer`` as both orak-gym servers make one: a session per client (``session_middleware``),
    every session of ``registry`` closed when the server stops, and over HTTP the optional bearer token."""
    from contextlib import asynccontextmanager

    from mcp.server.mcpserver import MCPServer

    @asynccontextmanager
    async def lifespan(_: Any) -> Any:
        try:
            yield {}
        finally:
            await registry.close_all()

    from orak_gym.core.version import __version__
    from orak_gym.mcp.auth import auth_kwargs

    return MCPServer(
        name=name,
        title=title,
        instructions=instructions,
        version=__version__,
        lifespan=lifespan,
        middleware=session_middleware(transport),
        log_level="WARNING",
        **auth_kwargs(token if transport == "http" else None),
    )
