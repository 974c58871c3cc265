"""2048 throughput: engine moves/s, vectorised board-steps/s, text env decisions/s.

Run: .venv/bin/python benchmarks/twenty48.py
Prints each figure with its target from issue #2 and the ratio to it.
"""

from __future__ import annotations

import time

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401
from orak_gym.games.twenty48 import engine

TARGETS = {"engine": 500_000, "vector": 5_000_000, "text": 20_000}


def report(name: str, value: float, unit: str, target_key: str | None = None) -> None:
    line = f"{name:<44} {value:>14,.0f} {unit}"
    if target_key:
        target = TARGETS[target_key]
        line += f"   target {target:>11,}   ratio {value / target:5.2f}x"
    print(line)


def bench_engine(seconds: float = 2.0) -> float:
    rng = np.random.default_rng(0)
    boards = [engine.encode(np.where(rng.random((4, 4)) < 0.4, 0, rng.integers(1, 8, (4, 4)))) for _ in range(1024)]
    directions = rng.integers(0, 4, 1024).tolist()
    move = engine.move
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for rows, d in zip(boards, directions, strict=True):
            move(rows, d)
        n += len(boards)
    return n / (time.perf_counter() - start)


def bench_vector(num_envs: int, seconds: float = 2.0) -> float:
    envs = gym.make_vec("orak/2048-v0", num_envs=num_envs, vectorization_mode="vector_entry_point")
    envs.reset(seed=0)
    rng = np.random.default_rng(0)
    actions = rng.integers(0, 4, (256, num_envs))
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a in actions:
            envs.step(a)
        steps += len(actions)
    return steps * num_envs / (time.perf_counter() - start)


def bench_text_env(seconds: float = 2.0) -> float:
    env = gym.make("orak/2048-v0")
    env.reset(seed=0)
    texts = [
        "### Reasoning\nKeep the big tile in a corner.\n### Actions\n" + d for d in ("up", "left", "down", "right")
    ]
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            _, _, terminated, truncated, _ = env.step(text)
            n += 1
            if terminated or truncated:
                env.reset()
    return n / (time.perf_counter() - start)


def main() -> None:
    print("2048 benchmark (one process)")
    report("engine moves/s (single board, no spawn)", bench_engine(), "moves/s", "engine")
    for n in (1, 64, 4096):
        report(
            f"vector env board-steps/s ({n} envs)",
            bench_vector(n),
            "steps/s",
            "vector" if n == 4096 else None,
        )
    report("text env decisions/s (gym.make, parse+render)", bench_text_env(), "steps/s", "text")


if __name__ == "__main__":
    main()
