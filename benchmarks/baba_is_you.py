"""Baba Is You throughput: engine, native env and vector env steps/s in one run; text env; solver.

Run: ``.venv/bin/python benchmarks/baba_is_you.py`` (``--rl`` for the engine / native env / vector
env comparison only).  Targets: >= 45k engine steps/s (10x the
~4.5k steps/s measured for BabaIsAI); the native env and the vector env within 1.5x of the raw
engine's cost per step.  Every rate is printed with the process CPU time per step,
since the project machine is shared and wall-clock rates alone are noisy.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401
from orak_gym.games.baba_is_you.engine import BabaEngine
from orak_gym.games.baba_is_you.level import load_level, shipped_levels
from orak_gym.games.baba_is_you.solver import solve
from orak_gym.games.baba_is_you.vector import BabaVectorEnv
from orak_gym.games.baba_is_you.vocab import N_KINDS

BABAISAI_STEPS_PER_S = 4_500  # recorded in session 1; replaced by a same-run figure when BABAISAI_PYTHON is set
TARGET = 45_000

#: Times BabaIsAI (github nacloos/baba-is-ai: old gym, numpy < 2, so it lives in its own venv) with
#: random moves on its 13x9 two-room level; prints "steps_per_s cpu_us_per_step".
_PEER_SNIPPET = """
import random, time
import baba
env = baba.make("env/two_room-break_stop-make_win")
rng = random.Random(0)
steps = {steps}
env.reset()
wall, cpu = time.perf_counter(), time.process_time()
done_steps = 0
for _ in range(steps):
    out = env.step(rng.randrange(env.action_space.n))
    if out[2] or done_steps % 100 == 99:
        env.reset()
    done_steps += 1
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(steps / wall, cpu / steps * 1e6)
"""


def peer_rate(steps: int = 20_000) -> tuple[float, float] | None:
    """BabaIsAI's steps/s and CPU us/step in this run, if ``BABAISAI_PYTHON`` names its interpreter."""
    python = os.environ.get("BABAISAI_PYTHON")
    if not python:
        return None
    out = subprocess.run(
        [python, "-c", _PEER_SNIPPET.format(steps=steps)], capture_output=True, text=True, check=False, timeout=600
    )
    if out.returncode != 0:
        print(f"BabaIsAI run failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    rate, cpu = out.stdout.split()[-2:]
    return float(rate), float(cpu)


def _timed(run, steps: int) -> tuple[float, float]:
    """(steps per wall-clock second, CPU microseconds per step) of ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return steps / wall, cpu / steps * 1e6


def engine_rate(slug: str, steps: int = 200_000, episode: int = 100) -> float:
    """Random moves (0-4), a fresh board every ``episode`` moves or at a win/loss."""
    return engine_rate_cpu(slug, steps, episode)[0]


def engine_rate_cpu(slug: str, steps: int = 200_000, episode: int = 100) -> tuple[float, float]:
    level = load_level(slug)
    rng = random.Random(0)
    actions = [rng.randrange(5) for _ in range(steps)]

    def run() -> None:
        engine = BabaEngine(level)
        for action in actions:
            engine.step(action)
            if engine.won or engine.lost or engine.moves >= episode:
                engine = BabaEngine(level)

    return _timed(run, steps)


def engines_in_turn_rate_cpu(slug: str, boards: int, steps: int = 200_000, episode: int = 100) -> tuple[float, float]:
    """``boards`` raw engines stepped in turn, as the vector env steps its boards: each engine is cold in
    the CPU's caches when its turn comes (with 256 boards their lists and planes outgrow them), which
    one engine stepped over and over never is.  The like-for-like baseline of a vector env."""
    level = load_level(slug)
    rounds = max(1, steps // boards)
    rng = random.Random(0)
    actions = [[rng.randrange(5) for _ in range(boards)] for _ in range(rounds)]

    def run() -> None:
        engines = [BabaEngine(level) for _ in range(boards)]
        for row in actions:
            for i, action in enumerate(row):
                engine = engines[i]
                engine.step(action)
                if engine.won or engine.lost or engine.moves >= episode:
                    engines[i] = BabaEngine(level)

    return _timed(run, rounds * boards)


def engine_obs_rate_cpu(slug: str, steps: int = 200_000, episode: int = 100) -> tuple[float, float]:
    """The raw engine plus the observation array an env must hand out per step (presence planes).

    The engine keeps its presence planes up to date as it moves; the observation is a copy of a view
    of them (one numpy call and one new array per step).
    """
    level = load_level(slug)
    rng = random.Random(0)
    actions = [rng.randrange(5) for _ in range(steps)]
    shape = (N_KINDS, level.height, level.width)

    def run() -> None:
        engine = BabaEngine(level)
        planes = np.frombuffer(engine.planes, dtype=np.uint8).reshape(shape)
        for action in actions:
            engine.step(action)
            planes.copy()
            if engine.won or engine.lost or engine.moves >= episode:
                engine = BabaEngine(level)
                planes = np.frombuffer(engine.planes, dtype=np.uint8).reshape(shape)

    return _timed(run, steps)


def native_env_rate(
    slug: str,
    steps: int = 50_000,
    episode: int = 100,
    full_info: bool = False,
    unwrapped: bool = False,
    time_limit: bool = False,
    env_checker: bool | None = None,
) -> tuple[float, float]:
    """``gym.make("orak/BabaIsYou-v0", modality="native")`` with the same random moves and episode length.

    The loop cuts an episode at ``episode`` moves, as the engine loop does.  ``time_limit``: let
    ``gym.make(..., max_episode_steps=episode)``'s ``TimeLimit`` wrapper cut it instead.
    ``env_checker=True``: ``gym.make(..., disable_env_checker=False)``, Gymnasium's ``PassiveEnvChecker``
    on top (orak ids are registered without it).
    ``unwrapped``: the env without any wrapper ``gym.make`` adds.
    """
    options: dict[str, Any] = {"max_episode_steps": episode} if time_limit else {}
    env = gym.make(
        "orak/BabaIsYou-v0",
        modality="native",
        level=slug,
        full_info=full_info,
        disable_env_checker=None if env_checker is None else not env_checker,
        **options,
    )
    stepped = env.unwrapped if unwrapped else env
    rng = random.Random(0)
    actions = [rng.randrange(5) for _ in range(steps)]

    def run() -> None:
        stepped.reset(seed=0)
        moves = 0
        for action in actions:
            _, _, terminated, truncated, _ = stepped.step(action)
            moves += 1
            if terminated or truncated or moves == episode:
                stepped.reset()
                moves = 0

    try:
        return _timed(run, steps)
    finally:
        env.close()


def vector_env_rate(slug: str, num_envs: int, steps: int = 200_000, episode: int = 100) -> tuple[float, float]:
    """Board-steps through :class:`BabaVectorEnv` (autoreset, padded planes returned every step)."""
    env = BabaVectorEnv(num_envs=num_envs, level=slug, max_episode_steps=episode)
    rounds = max(1, steps // num_envs)
    actions = np.random.default_rng(0).integers(0, 5, size=(rounds, num_envs))

    def run() -> None:
        env.reset(seed=0)
        for row in actions:
            env.step(row)

    return _timed(run, rounds * num_envs)


def median_rows(measures: dict[str, Any], repeats: int = 3) -> dict[str, tuple[float, float]]:
    """Each measure run ``repeats`` times, interleaved (so a load change hits every row alike); the
    median steps/s and the median CPU us/step of each."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in measures}
    for _ in range(repeats):
        for name, measure in measures.items():
            runs[name].append(measure())
    return {
        name: (statistics.median(r for r, _ in got), statistics.median(c for _, c in got)) for name, got in runs.items()
    }


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


def rl_table(default: str = "06_where_do_i_go") -> None:
    """Raw engine vs native env vs vector env, one run, CPU per step and the ratios."""
    print(
        "\nsame run, default level, random moves, 100-move episodes; median of 5 repetitions "
        "(steps/s, CPU us/step, CPU cost vs the engine step and vs engine step + observation array)"
    )
    measures = {
        "raw engine step": lambda: engine_rate_cpu(default, steps=100_000),
        "raw engine step + observation array": lambda: engine_obs_rate_cpu(default, steps=100_000),
        "native env (gym.make, modality=native)": lambda: native_env_rate(default),
        "  + TimeLimit (max_episode_steps=100)": lambda: native_env_rate(default, time_limit=True),
        "  + PassiveEnvChecker": lambda: native_env_rate(default, env_checker=True),
        "  env.unwrapped (no wrapper at all)": lambda: native_env_rate(default, unwrapped=True),
        "native env, full_info=True": lambda: native_env_rate(default, steps=5_000, full_info=True),
    }
    measures.update({f"vector env, {n} boards": (lambda n=n: vector_env_rate(default, n)) for n in (1, 16, 256)})
    measures.update(
        {f"raw engines, {n} boards in turn": (lambda n=n: engines_in_turn_rate_cpu(default, n)) for n in (16, 256)}
    )
    rows = median_rows(measures, repeats=5)
    engine_cpu = rows["raw engine step"][1]
    with_obs_cpu = rows["raw engine step + observation array"][1]
    for name, (rate, cpu) in rows.items():
        print(
            f"  {name:40s} {rate:12,.0f} {cpu:8.2f} us  {cpu / engine_cpu:5.2f}x  {cpu / with_obs_cpu:5.2f}x"
            + ("  (target <= 1.5x)" if name.startswith(("native env (", "vector")) else "")
        )
    for n in (16, 256):
        ratio = rows[f"vector env, {n} boards"][1] / rows[f"raw engines, {n} boards in turn"][1]
        print(f"  vector env, {n} boards vs {n} raw engines stepped in turn: {ratio:5.2f}x")
    rows = {name: rows[name] for name in rows if not name.startswith("raw")}
    peer = peer_rate()
    if peer is None:
        print("  BabaIsAI: set BABAISAI_PYTHON to a python that imports it, to measure it in this run")
    else:
        rate, cpu = peer
        print(f"  {'BabaIsAI env (13x9 two_room level)':40s} {rate:12,.0f} {cpu:8.2f} us  {cpu / engine_cpu:5.2f}x")
        for name, (ours, ours_cpu) in rows.items():
            print(f"    {name} vs BabaIsAI: {ours / rate:6.1f}x the steps/s, {cpu / ours_cpu:6.1f}x less CPU per step")


def main() -> None:
    if "--rl" in sys.argv[1:]:
        rl_table()
        return
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
    default = "06_where_do_i_go"
    rl_table(default)
    print()
    rate = text_env_rate(default)
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
