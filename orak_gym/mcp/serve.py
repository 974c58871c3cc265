"""Running a built server: over stdio, or over streamable HTTP with the safety defaults.

HTTP binds 127.0.0.1 unless told otherwise (another host gets a warning: anyone who can reach
the port can play, and without ``--token`` nothing stops them), request bodies are capped, the
number of sessions is capped, and idle sessions are closed (their games stopped).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Largest HTTP request body accepted (an action is at most 64 KiB of text).
DEFAULT_MAX_REQUEST_BYTES = 1 << 20
#: Seconds without a request after which an HTTP session (and its game) is closed.
DEFAULT_IDLE_TIMEOUT_S = 30 * 60.0

logger = logging.getLogger("orak_gym.mcp")


def serve(
    server: Any,
    transport: str = "stdio",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_sessions: int | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    idle_timeout_s: float | None = DEFAULT_IDLE_TIMEOUT_S,
    json_response: bool = True,
    announce: Any = None,
) -> None:
    """Serves ``server`` (an ``MCPServer``) until the client leaves (stdio) or the process is stopped (HTTP).

    ``announce(url)`` is called once the HTTP socket listens (default: a line on stderr), so a
    caller that asked for port 0 learns the port. ``json_response`` answers each HTTP request with
    plain JSON instead of an SSE stream (the game tools send no progress notifications, and JSON
    costs both sides less CPU per call).
    """
    if transport == "stdio":
        server.run("stdio")
        return
    if transport != "http":
        raise ValueError(f"transport must be 'stdio' or 'http', got {transport!r}")
    import anyio
    import uvicorn

    if host not in LOOPBACK:
        print(
            f"warning: serving on {host}, not loopback: any machine that reaches port {port} can connect; "
            "give --token to require a bearer token",
            file=sys.stderr,
        )
    app = server.streamable_http_app(
        host=host,
        max_request_body_size=max_request_bytes,
        max_sessions=max_sessions,
        session_idle_timeout=idle_timeout_s,
        json_response=json_response,
    )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it, Nagle's algorithm and delayed ACKs add up to
    # 40 ms to answers written in more than one piece.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{bound}/mcp"
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
    uv = uvicorn.Server(config)

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            tg.start_soon(lambda: uv.serve(sockets=[sock]))
            while not uv.started:
                await anyio.sleep(0.02)
            (announce or _announce)(url)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C / SIGINT after the graceful shutdown: a normal stop
        anyio.run(main)


def _announce(url: str) -> None:
    print(f"orak-gym mcp: serving at {url}", file=sys.stderr, flush=True)
