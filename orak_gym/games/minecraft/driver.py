"""The Python end of the JSON-lines protocol spoken with ``js/driver.js``.

Why our own protocol rather than JSPyBridge (the ``javascript`` package): the env needs exactly one
request/reply channel with per-call timeouts, and must be able to kill everything it started, even
when a program hangs the Node event loop. A plain ``node`` subprocess gives that with the standard
library alone: one JSON object per line each way, the node side exits on stdin EOF (so a crashed or
killed Python process leaves no node behind), and ``close()`` kills the whole process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
import weakref
from pathlib import Path
from typing import Any

from orak_gym.core.channel import StderrTail
from orak_gym.core.errors import BackendError, MissingDependencyError

JS_DIR = Path(__file__).resolve().parent / "js"
REQUIRED_PACKAGES = ("flying-squid", "mineflayer", "mineflayer-pathfinder", "acorn", "minecraft-data")
NPM_COMMAND = f"npm ci --prefix {JS_DIR}"
MIN_NODE_MAJOR = 18


def node_problem() -> str | None:
    """None when Node and the npm packages are installed; otherwise what to run to fix it."""
    node = shutil.which("node")
    if node is None:
        return f"Node.js >= {MIN_NODE_MAJOR} is not on PATH (Debian: apt-get install nodejs npm), then: {NPM_COMMAND}"
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout
        major = int(version.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return f"could not run {node} --version"
    if major < MIN_NODE_MAJOR:
        return f"Node.js {version.strip()} is too old: need >= {MIN_NODE_MAJOR}"
    missing = [p for p in REQUIRED_PACKAGES if not (JS_DIR / "node_modules" / p / "package.json").exists()]
    if missing:
        return f"npm packages missing ({', '.join(missing)}): run {NPM_COMMAND}"
    return None


def _kill_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


class NodeDriver:
    """One ``node js/driver.js`` process: the bot, the sandbox and (embedded mode) the server it forks."""

    def __init__(self, stderr_path: str | os.PathLike[str] | None = None) -> None:
        problem = node_problem()
        if problem:
            raise MissingDependencyError("Node.js packages for Minecraft", "minecraft", problem)
        self.proc = subprocess.Popen(
            ["node", str(JS_DIR / "driver.js")],
            cwd=str(JS_DIR),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so close() can kill the server with it
        )
        self._stderr = StderrTail(self.proc.stderr, stderr_path)  # Node's own words go into errors
        self._next_id = 0
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _kill_group, self.proc)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, op: str, timeout: float = 120.0, **kwargs: Any) -> Any:
        """Sends one request and waits for its reply; raises BackendError on an error or a timeout."""
        with self._lock:
            if not self.alive:
                raise self._died("has exited")
            self._next_id += 1
            rid = self._next_id
            line = json.dumps({"id": rid, "op": op, **kwargs}) + "\n"
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(line.encode())
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise self._died(f"is gone ({exc})") from exc
            reply = self._read_reply(rid, timeout)
        if not reply.get("ok"):
            raise BackendError(f"{op}: {reply.get('error')}")
        return reply.get("result")

    def _read_reply(self, rid: int, timeout: float) -> dict[str, Any]:
        result: dict[str, Any] = {}

        def reader() -> None:
            assert self.proc.stdout is not None
            while True:
                raw = self.proc.stdout.readline()
                if not raw:
                    return
                try:
                    msg = json.loads(raw)
                except json.JSONDecodeError:
                    continue
                if msg.get("id") == rid:
                    result.update(msg)
                    return

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            self.close()  # the event loop is stuck (or the machine is): nothing else can recover it
            raise BackendError(f"no reply from the Minecraft driver within {timeout:.0f} s; it was stopped")
        if not result:
            raise self._died("exited")
        return result

    def _died(self, what: str) -> BackendError:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)
        return BackendError(
            f"the Minecraft driver process {what} (code {self.proc.poll()})", stderr_tail=self._stderr.lines(wait_s=2)
        )

    def close(self) -> None:
        """Stops the driver and the server it started; safe to call twice."""
        if self.alive:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()  # the driver exits on EOF and kills its server
                self.proc.wait(timeout=3)
            except (OSError, subprocess.TimeoutExpired):
                pass
        _kill_group(self.proc)
        self._stderr.lines(wait_s=1)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
