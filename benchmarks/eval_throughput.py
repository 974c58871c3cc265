"""Evaluation runner throughput: LLM calls per second against a server with a fixed latency.

The scripted OpenAI-compatible server runs in its own process and answers every request after a
fixed delay (200 ms by default).  For each concurrency K, the runner plays ``--episodes`` episodes
of 2048 x ``--steps`` steps with the zeroshot LLM agent (real HTTP, real prompts, real trajectory
files), and we report calls/s against the ideal ``min(K, episodes) / latency``.

    .venv/bin/python benchmarks/eval_throughput.py                     # 64 episodes x 20 steps, K=1,8,32,64
    .venv/bin/python benchmarks/eval_throughput.py --levels 8,32 --episodes 32
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path


def serve(latency_s: float, conn: object) -> None:
    """Child process: the scripted server, until the parent closes the pipe."""
    import re

    from orak_gym.testing import ScriptedOpenAIServer

    counter = [0]

    def respond(body: dict) -> str:
        """A legal move from the prompt's 'Legal moves:' line, so episodes last the full length."""
        counter[0] += 1
        text = str(body["messages"][-1].get("content", ""))
        found = re.findall(r"Legal moves: ([a-z, ]+)", text)
        moves = [m.strip() for m in found[-1].split(",")] if found else ["left"]
        return f"### Reasoning\nkeep the big tile in a corner\n### Actions\n{moves[counter[0] % len(moves)]}"

    with ScriptedOpenAIServer(responder=respond, latency_s=latency_s) as server:
        conn.send(server.base_url)  # type: ignore[attr-defined]
        with contextlib.suppress(EOFError):
            conn.recv()  # type: ignore[attr-defined]


def measure(base_url: str, concurrency: int, episodes: int, steps: int, workdir: Path) -> dict[str, float]:
    from orak_gym.agents.llm import make_client
    from orak_gym.eval import RunConfig, run_eval

    model = f"compat:bench@{base_url}"
    client = make_client(model, timeout=30)
    config = RunConfig(envs=["orak/2048-v0"], seeds=list(range(episodes)), agent="zeroshot", model=model,
                       concurrency=concurrency, max_steps=steps)  # fmt: skip
    out = workdir / f"k{concurrency}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    report = run_eval(out, config, client=client)
    elapsed = time.perf_counter() - started
    calls = report.totals.llm_calls
    assert report.unfinished == 0, report.unfinished
    assert calls == report.totals.steps, "one LLM call per step"
    assert report.totals.llm_errors == 0, "the benchmark server never fails; errors mean timeouts"
    return {"calls": calls, "seconds": elapsed, "calls_per_s": calls / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,8,32,64", help="Concurrency levels, comma-separated.")
    parser.add_argument("--episodes", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2, help="Server latency in seconds.")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(args.latency, child), daemon=True)
    server.start()
    base_url = parent.recv()
    workdir = Path(tempfile.mkdtemp(prefix="orak-eval-bench-"))
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    latency_ms = args.latency * 1000
    print(f"2048, zeroshot agent, {args.episodes} episodes x {args.steps} steps, latency {latency_ms:.0f} ms")
    print(f"{'concurrency':>11} {'calls':>6} {'seconds':>8} {'calls/s':>8} {'ideal':>7} {'of ideal':>9}")
    try:
        for k in levels:
            result = measure(base_url, k, args.episodes, args.steps, workdir)
            ideal = min(k, args.episodes) / args.latency
            print(f"{k:>11} {result['calls']:>6.0f} {result['seconds']:>8.1f} {result['calls_per_s']:>8.1f} "
                  f"{ideal:>7.1f} {result['calls_per_s'] / ideal:>8.0%}")  # fmt: skip
    finally:
        parent.send("stop")
        server.join(timeout=10)
        if server.is_alive():
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
