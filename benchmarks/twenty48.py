"""2048 throughput: engine moves/s, vectorised board-steps/s, text env decisions/s.

Run: .venv/bin/python benchmarks/twenty48.py (``--rl``: only the raw engine / native env / vector env table)
Prints each figure with its target and the ratio to it.

The peer row is Orak's own 2048 logic (``src/mcp_game_servers/twenty_fourty_eight/game/logic.py``,
pure Python), measured in the same run when ``ORAK_REPO`` points at a checkout of
https://github.com/krafton-ai/Orak: ``ORAK_REPO=~/src/Orak .venv/bin/python benchmarks/twenty48.py --rl``.
It is imported from there, never copied here.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

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


def _cpu_timed(run, steps: int) -> tuple[float, float]:
    """(steps per wall-clock second, CPU microseconds per step) of ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return steps / (time.perf_counter() - wall), (time.process_time() - cpu) / steps * 1e6


def bench_engine_game(steps: int = 200_000, observe: bool = False) -> tuple[float, float]:
    """The game's step in the raw engine: move, spawn on change, end check (what the env's step must do).

    ``observe``: plus the observation array an env hands out per step (the 4x4 exponents, taken
    from the engine's row table with one ``take``, the cheapest way numpy allows).
    """
    rng = np.random.default_rng(0)
    directions = rng.integers(0, 4, steps).tolist()
    uniforms = rng.random(2 * steps).tolist()
    move, empty_cells, place, legal_moves = engine.move, engine.empty_cells, engine.place, engine.legal_moves
    digits = engine.tables().digits

    def spawn(rows, u1, u2):
        empty = empty_cells(rows)
        return place(rows, empty[int(u1 * len(empty))], 1 if u2 < 0.9 else 2) if empty else rows

    def run() -> None:
        rows = spawn(spawn((0, 0, 0, 0), 0.1, 0.2), 0.7, 0.3)
        for i, d in enumerate(directions):
            new, _ = move(rows, d)
            if new != rows:
                rows = spawn(new, uniforms[2 * i], uniforms[2 * i + 1])
            if observe:
                digits.take(rows, axis=0)
            if not legal_moves(rows) or engine.max_exponent(rows) >= 11:
                rows = spawn(spawn((0, 0, 0, 0), 0.1, 0.2), 0.7, 0.3)

    return _cpu_timed(run, steps)


def bench_native_env(steps: int = 100_000) -> tuple[float, float]:
    """``gym.make(..., modality="native")`` steps with random moves (lean info, the default)."""
    env = gym.make("orak/2048-v0", modality="native")
    directions = np.random.default_rng(0).integers(0, 4, steps).tolist()

    def run() -> None:
        env.reset(seed=0)
        for d in directions:
            _, _, terminated, truncated, _ = env.step(d)
            if terminated or truncated:
                env.reset()

    try:
        return _cpu_timed(run, steps)
    finally:
        env.close()


def bench_vector_cpu(num_envs: int, steps: int = 200_000) -> tuple[float, float]:
    """(board-steps/s, CPU us per board-step) of ``gym.make_vec(..., "vector_entry_point")``, random moves."""
    envs = gym.make_vec("orak/2048-v0", num_envs=num_envs, vectorization_mode="vector_entry_point")
    rounds = max(1, steps // num_envs)
    actions = np.random.default_rng(0).integers(0, 4, (rounds, num_envs))

    def run() -> None:
        envs.reset(seed=0)
        for row in actions:
            envs.step(row)

    try:
        return _cpu_timed(run, rounds * num_envs)
    finally:
        envs.close()


ORAK_LOGIC = Path("src/mcp_game_servers/twenty_fourty_eight/game/logic.py")


def orak_logic() -> object | None:
    """Orak's 2048 logic module from ``$ORAK_REPO``, or None when not set (the row is then left out)."""
    root = os.environ.get("ORAK_REPO")
    if not root:
        return None
    path = Path(root).expanduser() / ORAK_LOGIC
    if not path.is_file():
        sys.exit(f"ORAK_REPO={root}: no {ORAK_LOGIC} there (point it at a checkout of krafton-ai/Orak)")
    spec = importlib.util.spec_from_file_location("orak_twenty_fourty_eight_logic", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def bench_orak_game(logic: object, steps: int = 50_000) -> tuple[float, float]:
    """The same game step in Orak's env: its ``step`` deep-copies the board, calls ``move``, refills with
    ``fillTwoOrFour`` on change and asks ``checkGameStatus`` (their functions, our loop)."""
    random.seed(0)
    directions = [("up", "down", "left", "right")[d] for d in np.random.default_rng(0).integers(0, 4, steps)]

    def new_board() -> list[list[int]]:
        return logic.fillTwoOrFour([[0] * 4 for _ in range(4)], iter=2)  # type: ignore[attr-defined]

    def run() -> None:
        board = new_board()
        for direction in directions:
            moved, _ = logic.move(direction, copy.deepcopy(board))  # type: ignore[attr-defined]
            if moved != board:
                board = logic.fillTwoOrFour(moved)  # type: ignore[attr-defined]
            if logic.checkGameStatus(board, max_tile=2048) != "PLAY":  # type: ignore[attr-defined]
                board = new_board()

    return _cpu_timed(run, steps)


def rl_table() -> None:
    """Raw engine vs native env vs vector env, one run, medians of 3 repetitions interleaved."""
    measures = {
        "raw engine game step (move, spawn, end)": lambda: bench_engine_game(100_000),
        "raw engine game step + observation array": lambda: bench_engine_game(100_000, observe=True),
        "native env (gym.make, modality=native)": lambda: bench_native_env(50_000),
        "vector env, 1 board": lambda: bench_vector_cpu(1, 20_000),
        "vector env, 64 boards": lambda: bench_vector_cpu(64),
        "vector env, 4096 boards": lambda: bench_vector_cpu(4096, 2_000_000),
    }
    logic = orak_logic()
    if logic is not None:
        measures["peer: Orak's 2048 logic, same game step"] = lambda: bench_orak_game(logic)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in measures}
    for _ in range(3):
        for name, measure in measures.items():
            runs[name].append(measure())
    rows = {k: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    raw_cpu = rows["raw engine game step (move, spawn, end)"][1]
    obs_cpu = rows["raw engine game step + observation array"][1]
    print(
        "\nsame run, random moves, medians of 3: steps/s, CPU us/step, CPU cost vs the raw engine's game step and "
        "vs the game step + observation array (target: <= 1.5x)"
    )
    for name, (rate, cpu) in rows.items():
        print(f"  {name:44s} {rate:12,.0f} {cpu:8.2f} us  {cpu / raw_cpu:5.2f}x  {cpu / obs_cpu:5.2f}x")
    peer = rows.get("peer: Orak's 2048 logic, same game step")
    if peer is None:
        print("  peer: set ORAK_REPO to a checkout of krafton-ai/Orak to measure its 2048 logic in this run")
    else:
        native = rows["native env (gym.make, modality=native)"]
        print(f"  native env vs Orak's logic: {peer[1] / native[1]:.1f}x less CPU per step")


def main() -> None:
    if "--rl" in sys.argv[1:]:
        rl_table()
        return
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
    rl_table()


if __name__ == "__main__":
    main()
