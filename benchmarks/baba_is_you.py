"""Baba Is You throughput: engine steps/s (default and largest level), text-env steps/s, solver time.

Run: ``.venv/bin/python benchmarks/baba_is_you.py``.  Target: >= 45k engine steps/s, 10x the
~4.5k steps/s measured for BabaIsAI.
"""

from __future__ import annotations

import random
import time

import gymnasium as gym

import orak_gym  # noqa: F401
from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.level import load_level, shipped_levels
from orak_gym.games.baba_is_you.solver import solve

BABAISAI_STEPS_PER_S = 4_500
TARGET = 45_000


def engine_rate(slug: str, steps: int = 200_000, episode: int = 100) -> float:
    """Random moves (0-4), a fresh board every ``episode`` moves or at a win/loss."""
    level = load_level(slug)
    rng = random.Random(0)
    actions = [rng.randrange(5) for _ in range(steps)]
    engine = BabaEngine(level)
    start = time.perf_counter()
    for action in actions:
        engine.step(action)
        if engine.won or engine.lost or engine.moves >= episode:
            engine = BabaEngine(level)
    return steps / (time.perf_counter() - start)


def text_env_rate(slug: str, decisions: int = 5_000) -> float:
    """Text decisions of one move each through ``gym.make`` (parser, wrappers, Orak text, info)."""
    env = gym.make("orak/BabaIsYou-v0", level=slug)
    rng = random.Random(0)
    words = ["up", "down", "left", "right", "idle"]
    env.reset(seed=0)
    start = time.perf_counter()
    for _ in range(decisions):
        _, _, terminated, truncated, _ = env.step(rng.choice(words))
        if terminated or truncated:
            env.reset()
    return decisions / (time.perf_counter() - start)


def main() -> None:
    slugs = shipped_levels()
    largest = max(slugs, key=lambda s: len(load_level(s).objects))
    print(f"{'measure':44s} {'value':>12s} {'vs BabaIsAI':>12s}")
    cases = (("default level (where_do_i_go)", "06_where_do_i_go"), (f"most things ({largest})", largest))
    for label, slug in cases:
        level = load_level(slug)
        rate = engine_rate(slug)
        name = f"engine steps/s, {label} {level.width}x{level.height}, {len(level.objects)} things"
        print(
            f"{name:44s} {rate:12,.0f} {rate / BABAISAI_STEPS_PER_S:11.1f}x  (target {TARGET:,}: "
            f"{'met' if rate >= TARGET else 'MISSED'})"
        )
    rate = text_env_rate("06_where_do_i_go")
    print(f"{'text env decisions/s, default level':44s} {rate:12,.0f} {rate / BABAISAI_STEPS_PER_S:11.1f}x")
    total = 0.0
    worst = ("", 0.0, 0)
    for slug in slugs:
        start = time.perf_counter()
        solution = solve(load_level(slug))
        spent = time.perf_counter() - start
        total += spent
        if spent > worst[1]:
            worst = (slug, spent, solution.states_visited if solution else 0)
    print(f"{'solver: all ' + str(len(slugs)) + ' levels, seconds':44s} {total:12.2f}")
    print(f"{'solver: slowest level ' + worst[0]:44s} {worst[1]:12.2f} s, {worst[2]:,} states")


if __name__ == "__main__":
    main()
