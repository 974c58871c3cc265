"""The Python end of the JSON-lines protocol spoken with ``js/driver.js``.

Why our own protocol rather than JSPyBridge (the ``javascript`` package): the env needs exactly one
request/reply channel with per-call timeouts, and must be able to kill everything it started, even
when a program hangs the Node event loop. A plain ``node`` subprocess gives that with the standard
library alone: one JSON object per line each way, the node side exits on stdin EOF (so a crashed or
killed Python process leaves no node behind), and ``close()`` kills the whole process group.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from orak_gym.core.channel import ProcessChannel
from orak_gym.core.errors import BackendError, MissingDependencyError

JS_DIR = Path(__file__).resolve().parent / "js"
REQUIRED_PACKAGES = ("flying-squid", "mineflayer", "mineflayer-pathfinder", "acorn", "minecraft-data")
#: What a user runs to install the pinned npm packages (``npm ci --prefix <JS_DIR>``), from any installation.
NPM_COMMAND = "orak-gym minecraft install-js"
MIN_NODE_MAJOR = 18
#: The only variables the node processes get from this one: no API key or token the caller holds can
#: reach the server, the driver or the program runner (whose host realm is treated as the model's).
NODE_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "TZ")


def node_environment() -> dict[str, str]:
    """The driver's whole environment: what node needs to start, and where the confinement launcher's
    Python is; nothing inherited beyond ``NODE_ENVIRONMENT``."""
    env = {k: os.environ[k] for k in NODE_ENVIRONMENT if k in os.environ}
    env.setdefault("PATH", os.defpath)
    env["ORAK_PYTHON"] = sys.executable  # runs confine.py, the runner's launcher
    return env


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


class NodeDriver:
    """One ``node js/driver.js`` process: it forks the embedded server and starts the confined program
    runner (the bot and the sandbox, ``js/runner.js`` under ``confine.py``).

    It speaks JSON lines over the one backend channel (:class:`orak_gym.core.channel.ProcessChannel`):
    its own process group (``close`` takes the server and the runner with it), a reply timeout that
    kills a hung driver, and errors that end with Node's own last stderr lines.
    """

    def __init__(self, stderr_path: str | os.PathLike[str] | None = None) -> None:
        problem = node_problem()
        if problem:
            raise MissingDependencyError("Node.js packages for Minecraft", "", fix=problem)
        self.channel = ProcessChannel(
            ["node", str(JS_DIR / "driver.js")],
            name="Minecraft driver",
            transport="jsonl",
            cwd=str(JS_DIR),
            env=node_environment(),
            stderr_log=stderr_path,
        )
        self.channel.start()
        self._next_id = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self.channel.pid

    @property
    def alive(self) -> bool:
        return self.channel.alive

    def call(self, op: str, timeout: float = 120.0, **kwargs: Any) -> Any:
        """Sends one request and waits for its reply; raises BackendError on an error or a timeout
        (a driver that does not answer in time is stopped: nothing else could recover it)."""
        with self._lock:
            self._next_id += 1
            rid = self._next_id
            self.channel.send({"id": rid, "op": op, **kwargs})
            deadline = time.monotonic() + timeout
            while True:
                reply = self.channel.receive(timeout=max(0.0, deadline - time.monotonic()))
                if isinstance(reply, dict) and reply.get("id") == rid:
                    break  # anything else is a stray line (a late reply to a request that timed out)
        if not reply.get("ok"):
            raise BackendError(f"{op}: {reply.get('error')}")
        return reply.get("result")

    def close(self) -> None:
        """Stops the driver and the server it started (it exits on EOF; its group is killed after
        3 s); safe to call twice."""
        self.channel.close(grace_s=3.0)
