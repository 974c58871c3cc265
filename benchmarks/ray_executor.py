"""The same eval on the local executor and on a 1-node Ray cluster: episodes/s and Ray's overhead.

Run: ``.venv/bin/python benchmarks/ray_executor.py [--ray-address HOST:PORT] [--episodes 16]``.
Without ``--ray-address`` it starts a head node on 127.0.0.1 (2 CPUs) with ``ray start`` and stops
it afterwards.  Each run is an ``orak-gym eval`` command (the driver), timed whole; the per-episode
overhead is (Ray wall time - local wall time) / episodes for an env-bound game (Baba Is You's expert,
no LLM) and an LLM-bound one (2048 with a 200 ms local OpenAI-compatible server).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orak_gym.testing import ScriptedOpenAIServer

RAY = str(Path(sys.executable).parent / "ray")
CLUSTER_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token", "RAY_USAGE_STATS_ENABLED": "0"}


def _eval(out: Path, args: list[str]) -> float:
    command = [sys.executable, "-m", "orak_gym.cli", "eval", *args, "--out", str(out), "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **CLUSTER_ENV}, timeout=900)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ray-address", default=None)
    parser.add_argument("--episodes", type=int, default=16)
    options = parser.parse_args()
    started = None
    address = options.ray_address
    if address is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        started = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
        subprocess.run([RAY, "start", "--head", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
                        "--disable-usage-stats", f"--temp-dir={started}"],
                       check=True, capture_output=True, env={**os.environ, **CLUSTER_ENV})  # fmt: skip
        address = f"127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="orak-ray-bench-"))
    n = options.episodes
    try:
        with ScriptedOpenAIServer(default="### Actions\nleft", latency_s=0.2) as server:
            cases = {
                "env-bound: Baba Is You expert": ["--env", "orak/BabaIsYou-v0", "--agent", "expert"],
                "LLM-bound: 2048 zeroshot, 200 ms LLM": ["--env", "orak/2048-v0", "--agent", "zeroshot", "--model",
                                                         f"compat:bench@{server.base_url}", "--max-steps", "10"],
            }  # fmt: skip
            print(f"{n} episodes each, concurrency 8, one driver command per run (start-up included)")
            print(f"{'case':40s} {'local s':>8s} {'ray s':>8s} {'ray/local':>9s} {'overhead/episode':>17s}")
            for name, args in cases.items():
                base = [*args, "--seeds", f"0-{n - 1}", "--concurrency", "8"]
                local = _eval(work / f"{len(name)}-local", base)
                ray = _eval(work / f"{len(name)}-ray", [*base, "--executor", "ray", "--ray-address", address])
                print(f"{name:40s} {local:8.2f} {ray:8.2f} {ray / local:8.2f}x {(ray - local) / n * 1000:13.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if started is not None:
            subprocess.run([RAY, "stop", "--force"], capture_output=True, env={**os.environ, **CLUSTER_ENV})
            shutil.rmtree(started, ignore_errors=True)


if __name__ == "__main__":
    main()
