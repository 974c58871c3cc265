"""A throwaway Ray head node on 127.0.0.1 with token authentication, for tests and benchmarks.

It makes its own random token in its own temp folder and hands it to ``ray start`` and to every
driver through ``RAY_AUTH_TOKEN_PATH``, so it works on a machine where Ray never ran and never reads
or writes ``~/.ray`` (a token found there would otherwise be picked up, and one made there would
outlive the cluster).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from types import TracebackType

#: What every process of the cluster needs besides the token: loopback only, token auth, no telemetry.
CLUSTER_SETTINGS = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token", "RAY_USAGE_STATS_ENABLED": "0"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalRayCluster:
    """``with LocalRayCluster() as cluster:`` starts ``ray start --head`` and stops it on exit.

    ``cluster.address`` is ``127.0.0.1:PORT``; ``cluster.env`` is the environment a driver needs to
    join (``os.environ`` plus :data:`CLUSTER_SETTINGS` and the token file), without any
    ``RAY_AUTH_TOKEN`` of the caller's, which Ray would prefer to the file.
    """

    def __init__(self, num_cpus: int = 2, start_timeout_s: float = 180.0) -> None:
        self.num_cpus = num_cpus
        self.start_timeout_s = start_timeout_s
        self.ray = str(Path(sys.executable).parent / "ray")
        self.address = ""
        self.env: dict[str, str] = {}
        self.temp: Path | None = None

    @property
    def token_file(self) -> Path:
        assert self.temp is not None, "the cluster is not started"
        return self.temp / "auth_token"

    def start(self) -> LocalRayCluster:
        self.temp = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))  # short: Ray's socket paths fit 107 bytes
        fd = os.open(self.token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        base = {k: v for k, v in os.environ.items() if k != "RAY_AUTH_TOKEN"}
        self.env = {**base, **CLUSTER_SETTINGS, "RAY_AUTH_TOKEN_PATH": str(self.token_file)}
        port = _free_port()
        session = self.temp / "session"
        command = [self.ray, "start", "--head", f"--port={port}", f"--num-cpus={self.num_cpus}",
                   "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={session}"]  # fmt: skip
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=self.start_timeout_s)
        if done.returncode != 0:
            self.stop()
            raise RuntimeError(f"ray start failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
        self.address = f"127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self.temp is None:
            return
        subprocess.run([self.ray, "stop", "--force"], env=self.env, capture_output=True, timeout=180)
        shutil.rmtree(self.temp, ignore_errors=True)
        self.temp = None

    def __enter__(self) -> LocalRayCluster:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
