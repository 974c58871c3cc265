"""What playing a game over MCP costs: per-step overhead, and an eval run's throughput.

1. Per call: ``orak/2048-v0`` stepped in-process, then the same steps through an MCP game server
   over stdio and over streamable HTTP, both through ``RemoteEnv`` (``gym.make("orak-mcp/...")``,
   what users get) and through the bare SDK ``Client`` (what the SDK itself costs). Wall-clock
   ms per step, and CPU ms per step of the client and of the server process (from /proc).
2. Throughput: ``orak-gym eval``'s runner (``run_eval``, random agent: no LLM, so env overhead is
   all there is) on the local env and on the MCP-proxied one (HTTP and stdio: one server session,
   or one server process, per concurrent episode), decisions/s and the ratio to local; then the
   same with the zeroshot LLM agent against the scripted OpenAI-compatible server answering after
   a fixed latency (``--llm-latency``), which is what an eval over MCP really looks like.
3. Arena: an ``orak-gym arena`` round robin (expert vs random on ``2048-race``) with local boards and
   with both boards on one MCP game server over HTTP (``board_env="orak-mcp/2048-v0"``), games/s,
   decisions/s, CPU ms per decision (arena process and server) and the ratio to local; the two
   round robins must give the same matches, else no figure is printed.

    .venv/bin/python benchmarks/mcp_overhead.py                    # 1000 steps per row; 16 episodes x 50 steps
    .venv/bin/python benchmarks/mcp_overhead.py --steps 300 --episodes 8
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import gymnasium as gym

import orak_gym  # noqa: F401
from orak_gym.mcp.launch import http_server, server_command

ACTIONS = ("left", "down", "right", "up")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (from /proc; the server runs in another process)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def step_loop(env: gym.Env, steps: int) -> float:
    """Steps ``env`` ``steps`` times (resetting when an episode ends); returns wall seconds."""
    env.reset(seed=0)
    started = time.perf_counter()
    episode = 0
    for i in range(steps):
        _, _, terminated, truncated, _ = env.step(ACTIONS[i % 4])
        if terminated or truncated:
            episode += 1
            env.reset(seed=episode)
    return time.perf_counter() - started


def row(name: str, steps: int, wall: float, client_cpu: float, server_cpu: float | None) -> dict:
    return {
        "name": name,
        "ms": 1000 * wall / steps,
        "client_cpu_ms": 1000 * client_cpu / steps,
        "server_cpu_ms": None if server_cpu is None else 1000 * server_cpu / steps,
    }


def measure_env(name: str, env: gym.Env, steps: int, server_pid: int | None) -> dict:
    step_loop(env, 20)  # warm up (imports, first frames)
    cpu0 = time.process_time()
    server0 = cpu_s(server_pid) if server_pid else 0.0
    wall = step_loop(env, steps)
    server = cpu_s(server_pid) - server0 if server_pid else None
    return row(name, steps, wall, time.process_time() - cpu0, server)


async def sdk_loop(target, steps: int) -> tuple[float, float, float]:
    from mcp import Client

    from orak_gym.mcp.play import call_json

    async with Client(target, mode="legacy") as client:
        pid = (await call_json(client, "env-info"))["server_pid"]
        await call_json(client, "reset", {"seed": 0})
        for i in range(20):
            await call_json(client, "step", {"action": ACTIONS[i % 4]})
        await call_json(client, "reset", {"seed": 0})
        cpu0, server0 = time.process_time(), cpu_s(pid)
        started = time.perf_counter()
        episode = 0
        for i in range(steps):
            result = await call_json(client, "step", {"action": ACTIONS[i % 4], "full_info": True})
            if result["terminated"] or result["truncated"]:
                episode += 1
                await call_json(client, "reset", {"seed": episode})
        return time.perf_counter() - started, time.process_time() - cpu0, cpu_s(pid) - server0


def per_call(steps: int) -> list[dict]:
    from mcp import StdioServerParameters

    rows = [measure_env("local `gym.make('orak/2048-v0')`", gym.make("orak/2048-v0"), steps, None)]
    command = server_command("serve", "--env", "orak/2048-v0")
    remote = gym.make("orak-mcp/2048-v0", command=command)
    rows.append(measure_env("RemoteEnv over stdio", remote, steps, remote.unwrapped.server_info["server_pid"]))
    remote.close()
    params = StdioServerParameters(command=command[0], args=command[1:])
    wall, client, server = asyncio.run(sdk_loop(params, steps))
    rows.append(row("SDK Client over stdio (`step` tool)", steps, wall, client, server))
    with http_server(["serve", "--env", "orak/2048-v0"]) as srv:
        remote = gym.make("orak-mcp/2048-v0", url=srv.url)
        rows.append(measure_env("RemoteEnv over streamable HTTP", remote, steps, srv.pid))
        remote.close()
        wall, client, server = asyncio.run(sdk_loop(srv.url, steps))
        rows.append(row("SDK Client over streamable HTTP (`step` tool)", steps, wall, client, server))
    return rows


def eval_rate(
    env_id: str, env_kwargs: dict, episodes: int, steps: int, concurrency: int, workdir: Path, llm: str | None = None
) -> dict:
    """One ``run_eval``: the random agent, or with ``llm`` (a base URL) the zeroshot LLM agent."""
    from orak_gym.eval import RunConfig, run_eval

    out = workdir / (env_id.replace("/", "_") + ("_llm" if llm else ""))
    shutil.rmtree(out, ignore_errors=True)
    model = f"compat:bench@{llm}" if llm else None
    config = RunConfig(envs=[env_id], seeds=list(range(episodes)), agent="zeroshot" if llm else "random",
                       model=model, max_steps=steps, concurrency=concurrency,
                       env_kwargs={env_id: env_kwargs} if env_kwargs else {}, env_workers="thread")  # fmt: skip
    cpu0 = time.process_time()
    started = time.perf_counter()
    report = run_eval(out, config)
    elapsed = time.perf_counter() - started
    decisions = report.totals.steps
    errors = [line for line in (out / "episodes.jsonl").read_text().splitlines() if '"error": "' in line]
    if errors or report.totals.episodes_done != episodes:
        raise SystemExit(f"{env_id}: the run had errors, no figure is reported:\n{errors[:2]}")
    return {"decisions": decisions, "seconds": elapsed, "rate": decisions / elapsed,
            "cpu_ms": 1000 * (time.process_time() - cpu0) / decisions}  # fmt: skip


def throughput(episodes: int, steps: int, concurrency: int, llm: str | None) -> list[tuple[str, dict]]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = (episodes, steps, concurrency, work, llm)
        results.append(("local `orak/2048-v0`", eval_rate("orak/2048-v0", {}, *run)))
        with http_server(["serve", "--env", "orak/2048-v0"]) as srv:
            label = "`orak-mcp/2048-v0` over HTTP (one server, a session per episode)"
            results.append((label, eval_rate("orak-mcp/2048-v0", {"url": srv.url}, *run)))
        command = server_command("serve", "--env", "orak/2048-v0")
        label = "`orak-mcp/2048-v0` over stdio (a server process per concurrent episode, startup included)"
        results.append((label, eval_rate("orak-mcp/2048-v0", {"command": command}, *run)))
    return results


def arena_rates(games: int, max_turns: int) -> list[tuple[str, dict]]:
    """The same round robin with local boards and with boards on an HTTP game server."""
    from orak_gym.eval.arena import resolve_env, round_robin

    players = {"expert": "expert", "random": "random"}
    race = {"target_tile": 2048, "max_turns": max_turns}

    def play(label: str, server_pid: int | None, **kwargs) -> tuple[str, dict, list]:
        cpu0, server0 = time.process_time(), cpu_s(server_pid) if server_pid else 0.0
        started = time.perf_counter()
        matches = round_robin(resolve_env("2048-race", **race, **kwargs), players, games_per_pair=games)
        elapsed = time.perf_counter() - started
        if any(m.error for m in matches):
            raise SystemExit(f"arena {label}: a game errored, no figure is reported: {matches}")
        decisions = sum(m.steps for m in matches)
        server = None if server_pid is None else 1000 * (cpu_s(server_pid) - server0) / decisions
        return label, {"games": len(matches), "decisions": decisions, "seconds": elapsed,
                       "rate": decisions / elapsed, "cpu_ms": 1000 * (time.process_time() - cpu0) / decisions,
                       "server_cpu_ms": server}, matches  # fmt: skip

    local = play("local boards", None)
    with http_server(["serve", "--env", "orak/2048-v0"]) as srv:
        remote = play("boards on `orak-mcp/2048-v0` over HTTP", srv.pid, board_env="orak-mcp/2048-v0",
                      board_kwargs={"url": srv.url})  # fmt: skip
    if remote[2] != local[2]:
        raise SystemExit("the arena over MCP played other matches than the local one: no figure is reported")
    return [local[:2], remote[:2]]


def scripted_llm(latency_s: float):
    """The scripted OpenAI-compatible server answering a legal 2048 move after ``latency_s``."""
    import re

    from orak_gym.testing import ScriptedOpenAIServer

    def respond(body: dict) -> str:
        found = re.findall(r"Legal moves: ([a-z, ]+)", str(body["messages"][-1].get("content", "")))
        move = found[-1].split(",")[0].strip() if found else "left"
        return f"### Reasoning\nfirst legal move\n### Actions\n{move}"

    return ScriptedOpenAIServer(responder=respond, latency_s=latency_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=1000, help="steps per per-call row")
    parser.add_argument("--episodes", type=int, default=16, help="episodes per eval run")
    parser.add_argument("--episode-steps", type=int, default=50, help="decision limit per eval episode")
    parser.add_argument("--concurrency", type=int, default=8, help="episodes played at once")
    parser.add_argument("--llm-latency", type=float, default=0.2, help="scripted LLM latency (s); 0 skips")
    parser.add_argument("--arena-games", type=int, default=4, help="arena games (expert vs random); 0 skips")
    parser.add_argument("--arena-turns", type=int, default=150, help="moves per player per arena game")
    args = parser.parse_args()
    import mcp

    version = getattr(mcp, "__version__", None) or __import__("importlib.metadata").metadata.version("mcp")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, mcp {version}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    rows = per_call(args.steps)
    local_ms = rows[0]["ms"]
    print(f"\nper step ({args.steps} steps of orak/2048-v0 per row, full info returned)")
    print("| path | ms/step | overhead vs local (ms) | client CPU ms/step | server CPU ms/step |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        server = "-" if r["server_cpu_ms"] is None else f"{r['server_cpu_ms']:.2f}"
        overhead = "-" if r is rows[0] else f"{r['ms'] - local_ms:.2f}"
        print(f"| {r['name']} | {r['ms']:.3f} | {overhead} | {r['client_cpu_ms']:.2f} | {server} |")

    tables = [("random agent (no LLM: env overhead only)", throughput(args.episodes, args.episode_steps,
                                                                         args.concurrency, None))]  # fmt: skip
    if args.llm_latency > 0:
        with scripted_llm(args.llm_latency) as server:
            label = f"zeroshot LLM agent, scripted LLM server answering in {args.llm_latency * 1000:.0f} ms"
            tables.append((label, throughput(args.episodes, args.episode_steps, args.concurrency, server.base_url)))
    for title, results in tables:
        base = results[0][1]["rate"]
        print(f"\neval throughput, {title}: run_eval, {args.episodes} episodes x <= {args.episode_steps} "
              f"decisions, concurrency {args.concurrency}")  # fmt: skip
        print("| env | decisions | seconds | decisions/s | runner CPU ms/decision | vs local |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, r in results:
            print(f"| {label} | {r['decisions']} | {r['seconds']:.1f} | {r['rate']:.1f} | {r['cpu_ms']:.2f} | "
                  f"{r['rate'] / base:.3f}x |")  # fmt: skip
    if args.arena_games > 0:
        results = arena_rates(args.arena_games, args.arena_turns)
        base = results[0][1]["rate"]
        print(f"\narena: 2048-race round robin, expert vs random, {args.arena_games} games, <= {args.arena_turns} "
              "moves each (same matches over MCP as locally: checked)")  # fmt: skip
        print("| boards | games | decisions | seconds | decisions/s | arena CPU ms/decision | server CPU ms/decision "
              "| vs local |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, r in results:
            server = "-" if r["server_cpu_ms"] is None else f"{r['server_cpu_ms']:.2f}"
            print(f"| {label} | {r['games']} | {r['decisions']} | {r['seconds']:.2f} | {r['rate']:.0f} | "
                  f"{r['cpu_ms']:.2f} | {server} | {r['rate'] / base:.3f}x |")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
