"""Evaluation runner throughput: LLM calls per second, and the runner's CPU per decision.

The scripted OpenAI-compatible server runs in its own process and answers every request after a
fixed delay (200 ms by default).  For each concurrency K the runner plays K episodes (``--episodes``
to change) of 2048 x ``--steps`` steps with the zeroshot LLM agent: real HTTP, real prompts, real
trajectory files.  Reported per K:

- calls/s and its ratio to the ideal ``K / latency``;
- the same ratio for a bare client loop measured in the same run (K tasks calling the same client with
  a fixed prompt, no env, no policy, no files): what this machine and server allow right now, so a
  busy shared machine shows in both numbers;
- the server process's CPU per request (it shares the machine's cores with the runner);
- the bare loop's CPU per call (the transport's own floor);
- the runner process's CPU per decision (``time.process_time``: every thread, after a warm-up so
  imports and table building are not counted), and the same minus the env step's own CPU
  (measured in-process on the same boards): the runner's cost the issue's 3 ms target is about.

    .venv/bin/python benchmarks/eval_throughput.py                    # K = 1, 8, 32, 64; 20 steps
    .venv/bin/python benchmarks/eval_throughput.py --levels 64 --http direct,sdk,httpx
    .venv/bin/python benchmarks/eval_throughput.py --levels 16 --latency 0.1 --cli   # the whole command
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing as mp
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

ENV = "orak/2048-v0"


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
            while conn.recv() == "cpu":  # type: ignore[attr-defined]
                conn.send(time.process_time())  # type: ignore[attr-defined]


def env_step_cpu_ms(steps: int = 2000) -> float:
    """CPU per text-env step of 2048 (what the runner's worker threads spend in ``env.step``)."""
    from orak_gym.eval.envs import LocalEnv

    env = LocalEnv(ENV)
    env.reset(0)
    moves = ["left", "down", "right", "up"]
    started = time.process_time()
    for i in range(steps):
        *_, terminated, truncated, _, _ = env.step(moves[i % 4])
        if terminated or truncated:
            env.reset(i)
    cpu = time.process_time() - started
    env.close()
    return cpu / steps * 1000


def measure_runner(base_url: str, concurrency: int, episodes: int, steps: int, workdir: Path) -> dict[str, float]:
    from orak_gym.agents.llm import make_client
    from orak_gym.eval import RunConfig, run_eval

    model = f"compat:bench@{base_url}"
    client = make_client(model, timeout=60)
    config = RunConfig(envs=[ENV], seeds=list(range(episodes)), agent="zeroshot", model=model,
                       concurrency=concurrency, max_steps=steps)  # fmt: skip
    out = workdir / f"k{concurrency}"
    shutil.rmtree(out, ignore_errors=True)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    report = run_eval(out, config, client=client)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    calls = report.totals.llm_calls
    assert report.unfinished == 0 and not report.errors, report.error_summary()
    assert calls == report.totals.steps, "one LLM call per step"
    return {"calls": calls, "seconds": wall, "calls_per_s": calls / wall, "cpu_ms": cpu / calls * 1000}


def measure_bare(base_url: str, concurrency: int, calls_each: int) -> tuple[float, float]:
    """(calls/s, CPU ms per call) of K tasks calling the client back to back: the machine's and the
    server's ceiling right now, and the SDK's own CPU per call."""
    from orak_gym.agents.llm import make_client

    client = make_client(f"compat:bench@{base_url}", timeout=60)
    messages = [{"role": "system", "content": "You play 2048."}, {"role": "user", "content": "Legal moves: left"}]

    async def worker() -> None:
        for _ in range(calls_each):
            await client.acomplete(messages)

    async def main() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        await client.aclose()
        calls = concurrency * calls_each
        return calls / elapsed, cpu / calls * 1000

    return asyncio.run(main())


def measure_cli(
    base_url: str, concurrency: int, episodes: int, steps: int, workdir: Path, transport: str
) -> dict[str, float]:
    """The whole ``orak-gym eval`` command in a fresh process: imports, pre-flight checks, the run."""
    import json
    import subprocess
    import sys

    out = workdir / f"cli-k{concurrency}"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "orak_gym.cli", "eval", "--env", ENV, "--agent", "zeroshot",
               "--model", f"compat:bench@{base_url}", "--episodes", str(episodes), "--max-steps", str(steps),
               "--concurrency", str(concurrency), "--out", str(out), "--quiet"]  # fmt: skip
    started = time.perf_counter()
    environment = {**os.environ, "ORAK_GYM_HTTP": transport}
    subprocess.run(command, check=True, capture_output=True, timeout=600, env=environment)
    wall = time.perf_counter() - started
    calls = sum(json.loads(line)["llm_calls"] for line in (out / "episodes.jsonl").read_text().splitlines())
    return {"calls": calls, "seconds": wall, "calls_per_s": calls / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,8,32,64", help="Concurrency levels, comma-separated.")
    parser.add_argument("--episodes", type=int, default=0, help="Episodes per level [default: K, one wave].")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2, help="Server latency in seconds.")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per level; the median is shown.")
    parser.add_argument("--cli", action="store_true", help="Also time the whole `orak-gym eval` command per K.")
    parser.add_argument(
        "--http",
        default="direct",
        help="Async transports to compare (ORAK_GYM_HTTP): direct (aiohttp, the default), sdk (the openai SDK "
        "on its aiohttp transport), httpx (the SDK's default pool).",
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    transports = [t.strip() for t in args.http.split(",")]

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(args.latency, child), daemon=True)
    server.start()
    base_url = parent.recv()
    workdir = Path(tempfile.mkdtemp(prefix="orak-eval-bench-"))
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} (shared machine: other processes compete)")  # fmt: skip
    latency_ms = args.latency * 1000
    print(f"2048, zeroshot agent, {args.steps} steps per episode, server latency {latency_ms:.0f} ms")
    try:
        measure_runner(base_url, 2, 2, 3, workdir)  # warm-up: imports, 2048 tables, first connections
        env_ms = env_step_cpu_ms()
        print(f"env step (2048 text, in-process): {env_ms:.3f} ms CPU")
        print(f"{'http':>7} {'K':>4} {'calls':>6} {'s':>6} {'calls/s':>8} {'ideal':>6} {'of ideal':>8} "
              f"{'bare':>8} {'CPU ms/dec':>10} {'excl. env':>9} {'bare ms':>7} {'server ms':>9}")  # fmt: skip
        for transport in transports:
            os.environ["ORAK_GYM_HTTP"] = transport
            for k in levels:
                episodes = args.episodes or k
                runs = []
                for _ in range(args.repeat):  # alternate runner and bare loop; keep the median runner run
                    parent.send("cpu")
                    server_cpu0 = parent.recv()
                    result = measure_runner(base_url, k, episodes, args.steps, workdir)
                    parent.send("cpu")
                    result["server_ms"] = (parent.recv() - server_cpu0) / result["calls"] * 1000
                    result["bare"], result["bare_ms"] = measure_bare(base_url, min(k, episodes), args.steps)
                    runs.append(result)
                result = sorted(runs, key=lambda r: r["calls_per_s"])[len(runs) // 2]
                bare, server_ms = result["bare"], result["server_ms"]
                ideal = min(k, episodes) / args.latency
                print(f"{transport:>7} {k:>4} {result['calls']:>6.0f} {result['seconds']:>6.1f} "
                      f"{result['calls_per_s']:>8.1f} {ideal:>6.0f} {result['calls_per_s'] / ideal:>8.0%} "
                      f"{bare / ideal:>8.0%} {result['cpu_ms']:>10.2f} {result['cpu_ms'] - env_ms:>9.2f} "
                      f"{result['bare_ms']:>7.2f} {server_ms:>9.2f}")  # fmt: skip
        if args.cli:
            title = f"orak-gym eval (fresh process, --quiet, {transports[0]})"
            print(f"{title:>38} {'K':>4} {'calls':>6} {'s':>6} {'calls/s':>8} {'of ideal':>8}")
            for k in levels:
                episodes = args.episodes or k
                runs = sorted(
                    (
                        measure_cli(base_url, k, episodes, args.steps, workdir, transports[0])
                        for _ in range(args.repeat)
                    ),
                    key=lambda r: r["calls_per_s"],
                )
                result = runs[len(runs) // 2]
                ideal = min(k, episodes) / args.latency
                print(f"{'':>38} {k:>4} {result['calls']:>6.0f} {result['seconds']:>6.1f} "
                      f"{result['calls_per_s']:>8.1f} {result['calls_per_s'] / ideal:>8.0%}")  # fmt: skip
    finally:
        parent.send("stop")
        server.join(timeout=10)
        if server.is_alive():
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
