"""Minecraft benchmark: reset time, trivial-program round trip, expert time per task.

Usage:
    .venv/bin/python benchmarks/minecraft.py                  # reset + round trip + 4 CI tasks
    .venv/bin/python benchmarks/minecraft.py --tasks all      # all eight expert tasks (~10 min)
"""

from __future__ import annotations

import argparse
import statistics
import time

from orak_gym.games.minecraft.env import MinecraftEnv
from orak_gym.games.minecraft.expert import STAGES, MinecraftExpert
from orak_gym.wrappers.modality import apply_modality


def bench_reset(n: int) -> list[float]:
    env = MinecraftEnv(task="crafting_table")
    times = []
    try:
        for i in range(n):
            t = time.perf_counter()
            env.reset(seed=100 + i)
            times.append(time.perf_counter() - t)
    finally:
        env.close()
    return times


def bench_round_trip(n: int) -> tuple[list[float], list[float]]:
    """Full env.step of a trivial program (incl. observation + map) and the bare sandbox run."""
    env = MinecraftEnv(task="crafting_table")
    steps, runs = [], []
    try:
        env.reset(seed=1)
        program = "async function noop(bot) { bot.chat('hi'); }"
        for _ in range(n):
            t = time.perf_counter()
            env.step(program)
            steps.append(time.perf_counter() - t)
            t = time.perf_counter()
            env.driver.call("run", code=program, timeoutMs=5000)  # type: ignore[union-attr]
            runs.append(time.perf_counter() - t)
    finally:
        env.close()
    return steps, runs


def bench_expert(task: str, seed: int) -> tuple[float, int, float]:
    env = apply_modality(MinecraftEnv(task=task), "text")
    expert = MinecraftExpert()
    t0 = time.perf_counter()
    try:
        obs, info = env.reset(seed=seed)
        for decision in range(1, 31):
            obs, _, terminated, _, info = env.step(expert(obs, info))
            if terminated:
                return info["score"], decision, time.perf_counter() - t0
        return info["score"], 30, time.perf_counter() - t0
    finally:
        env.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default="crafting_table,stone_pickaxe,furnace,bucket")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resets", type=int, default=3)
    ap.add_argument("--round-trips", type=int, default=20)
    args = ap.parse_args()
    resets = bench_reset(args.resets)
    print(
        f"reset (fresh server + bot + first observation): median {statistics.median(resets):.2f} s "
        f"over {len(resets)} ({', '.join(f'{t:.2f}' for t in resets)})"
    )
    steps, runs = bench_round_trip(args.round_trips)
    print(
        f"trivial program, full env.step: median {statistics.median(steps) * 1000:.0f} ms; "
        f"bare sandbox run: median {statistics.median(runs) * 1000:.0f} ms (n={len(steps)})"
    )
    tasks = list(STAGES) if args.tasks == "all" else args.tasks.split(",")
    print("| task | score | decisions | wall time (s) |\n|---|---|---|---|")
    scores = []
    for task in tasks:
        score, decisions, seconds = bench_expert(task, args.seed)
        scores.append(score)
        print(f"| {task} | {score:.0f} | {decisions} | {seconds:.1f} |", flush=True)
    print(f"mean score over {len(tasks)} tasks: {statistics.mean(scores):.1f}")


if __name__ == "__main__":
    main()
