"""The same eval on the local executor and on a 1-node Ray cluster: episodes/s and Ray's overhead.

Run: ``.venv/bin/python benchmarks/ray_executor.py [--ray-address HOST:PORT] [--episodes 16]``.
Without ``--ray-address`` it starts a head node on 127.0.0.1 (2 CPUs) with ``ray start``, with a token
of its own (nothing under ``~/.ray`` is read or made), and stops it afterwards; with it, the shell's
own Ray settings (token, ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER``) reach the cluster.  Each run is an
``orak-gym eval`` command (the driver), timed whole; the per-episode overhead is (Ray wall time -
local wall time) / episodes for an env-bound game (Baba Is You's expert, no LLM) and an LLM-bound
one (2048 with a 200 ms local OpenAI-compatible server).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.ray_cluster import LocalRayCluster


def _eval(out: Path, args: list[str], env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "orak_gym.cli", "eval", *args, "--out", str(out), "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=900)
    return time.perf_counter() - start


def _time_probes(address: str, env: dict[str, str], count: int) -> None:
    """What each ``--executor ray`` command pays once for pre-flight's join probe (wall and CPU)."""
    walls, cpus = [], []
    for _ in range(count):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "orak_gym.eval.ray_probe", address], env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if '"ok": true' not in done.stdout:
            raise SystemExit(f"the probe could not join {address}: {done.stdout.strip() or done.stderr.strip()}")
    if walls:
        print(f"pre-flight join probe, {count} runs: wall median {statistics.median(walls):.2f} s "
              f"(min {min(walls):.2f}), CPU median {statistics.median(cpus):.2f} s, once per command")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ray-address", default=None)
    parser.add_argument("--episodes", type=int, default=16)
    parser.add_argument("--probes", type=int, default=5, help="times the pre-flight join probe is timed")
    options = parser.parse_args()
    started = None
    address, env = options.ray_address, dict(os.environ)
    if address is None:
        started = LocalRayCluster(num_cpus=2).start()
        address, env = started.address, started.env
    work = Path(tempfile.mkdtemp(prefix="orak-ray-bench-"))
    n = options.episodes
    try:
        _time_probes(address, env, options.probes)
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
                local = _eval(work / f"{len(name)}-local", base, env)
                ray = _eval(work / f"{len(name)}-ray", [*base, "--executor", "ray", "--ray-address", address], env)
                print(f"{name:40s} {local:8.2f} {ray:8.2f} {ray / local:8.2f}x {(ray - local) / n * 1000:13.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if started is not None:
            started.stop()


if __name__ == "__main__":
    main()
