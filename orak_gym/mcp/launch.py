"""Starting ``orak-gym mcp`` servers as child processes (for tests, benchmarks and scripts).

``server_command`` is the command line a stdio client spawns; ``http_server`` starts an HTTP
server on a free port, waits for the URL it announces, and stops it (and checks it stopped).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

_URL = re.compile(r"serving at (http://\S+)")


def server_command(*args: str) -> list[str]:
    """``python -m orak_gym.cli mcp <args>`` with this interpreter."""
    return [sys.executable, "-m", "orak_gym.cli", "mcp", *args]


@dataclass
class RunningServer:
    """An HTTP server process and what it printed on stderr."""

    process: subprocess.Popen[str]
    url: str
    stderr_lines: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.contextmanager
def http_server(
    args: Sequence[str], timeout_s: float = 60.0, env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """Runs ``orak-gym mcp <args> --transport http --port 0`` until the ``with`` block ends.

    ``args`` start with the sub-command (``serve --env orak/2048-v0``). On exit the server gets
    SIGINT (uvicorn's graceful shutdown, which closes every session's game), then SIGKILL if it
    lingers.
    """
    command = server_command(*args, "--transport", "http", "--port", "0")
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    lines: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            match = _URL.search(line)
            if match and not url:
                url.append(match.group(1))
                found.set()

    reader = threading.Thread(target=pump, name="orak-mcp-stderr", daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout_s
    try:
        while not found.wait(0.05):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the MCP server did not start ({' '.join(command)}):\n" + "\n".join(lines[-20:]))
        yield RunningServer(process, url[0], lines)
    finally:
        stop(process)
        reader.join(timeout=5)


def stop(process: subprocess.Popen[str], timeout_s: float = 15.0) -> int | None:
    """SIGINT, then SIGKILL after ``timeout_s``; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    return process.returncode
