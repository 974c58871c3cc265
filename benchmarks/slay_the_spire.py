"""Slay the Spire embedded engine throughput: steps/s, whole act-1 runs/s, clone cost, and the
two registry simulators (minispire, decapitate-the-spire) measured in the same run.

Run: ``.venv/bin/python benchmarks/slay_the_spire.py [--minispire PY] [--decapitate PY]``, where
``PY`` is a Python interpreter that has that package installed (a throwaway venv; neither is a
project dependency; decapitate-the-spire 0.2.0 needs Python <= 3.10). Without them only our
figures are printed. A "step" is one command of a uniformly random legal player that reads
each state from the CommunicationMod JSON (``state()`` + ``apply()``), so it is the cost an
environment pays per decision; minispire steps are single-combat actions through its C++
bindings, decapitate-the-spire steps are actions of its own act-1 game (The Silent). The
machine is shared, so rates are given per wall second and per CPU second.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import time

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands

BASELINE = r"""
import logging, random, sys, time
logging.disable(logging.CRITICAL)
which, seconds = sys.argv[1], float(sys.argv[2])
t0, c0, steps, eps = time.perf_counter(), time.process_time(), 0, 0
if which == "minispire":
    import numpy as np
    from minispire import MinispireEnv
    env, rng = MinispireEnv(), np.random.default_rng(0)
    env.reset(seed=0)
    while time.perf_counter() - t0 < seconds:
        _, _, te, tr, _ = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        steps += 1
        if te or tr:
            eps += 1
            env.reset(seed=eps)
else:
    from decapitate_the_spire import game as dg
    r = random.Random(0)
    while time.perf_counter() - t0 < seconds:
        g, term = dg.Game(dg.TheSilent, dg.Exordium), False
        while not term and time.perf_counter() - t0 < seconds:
            m = g.generate_action_mask()
            _, term, _ = g.step(r.choice([(i, j) for i, row in enumerate(m) for j, ok in enumerate(row) if ok]))
            steps += 1
        eps += term
print(steps, eps, time.perf_counter() - t0, time.process_time() - c0)
"""


def random_runs(seconds: float, lament: bool) -> tuple[int, int, int, float, float]:
    """Whole runs of a random legal player; ``lament`` gives every monster 1 HP (full act 1)."""
    steps = runs = wins = 0
    seed = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        eng, r = SpireEngine(seed), random.Random(seed)
        while not eng.is_over:
            cmds = legal_commands(eng.state())
            if lament and "END" in cmds and len(cmds) > 1:
                cmds.remove("END")
            with contextlib.suppress(InvalidCommand):
                eng.apply(r.choice(cmds))
            if lament:
                eng.neow_lament = 10**9
            steps += 1
        runs += 1
        wins += eng.victory
        seed += 1
    return steps, runs, wins, time.perf_counter() - t0, time.process_time() - c0


def clone_cost(n: int = 300) -> float:
    eng = SpireEngine(3)
    r = random.Random(3)
    while eng.state()["game_state"]["screen_type"] != "NONE" if eng.in_game else True:
        eng.apply(r.choice(legal_commands(eng.state())))
    t0 = time.process_time()
    for _ in range(n):
        eng.clone()
    return (time.process_time() - t0) / n


def baseline(python: str, which: str, seconds: float) -> tuple[int, int, float, float] | None:
    try:
        out = subprocess.run(
            [python, "-c", BASELINE, which, str(seconds)],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"{which}: not measured ({exc})")
        return None
    return int(out[0]), int(out[1]), float(out[2]), float(out[3])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minispire", help="python with minispire installed")
    ap.add_argument("--decapitate", help="python (<= 3.10) with decapitate-the-spire installed")
    ap.add_argument("--seconds", type=float, default=8.0)
    a = ap.parse_args()
    rows = []
    s, n, w, wall, cpu = random_runs(a.seconds, lament=False)
    ours = s / cpu
    rows.append(("ours: random player, act-1 runs", s, n, wall, cpu))
    print(f"random legal player: {n} runs ({w} won), {s / n:.0f} steps/run")
    s2, n2, w2, wall2, cpu2 = random_runs(a.seconds, lament=True)
    rows.append(("ours: 1-HP monsters, full act 1", s2, n2, wall2, cpu2))
    print(f"1-HP monsters (Neow's Lament all act): {n2} runs, {w2} reached and beat the boss, {s2 / n2:.0f} steps/run")
    for label, which, py in (
        ("minispire 1.0.0 (C++, one combat)", "minispire", a.minispire),
        ("decapitate-the-spire 0.2.0 (Silent)", "decapitate", a.decapitate),
    ):
        if py:
            res = baseline(py, which, a.seconds)
            if res:
                rows.append((label, res[0], res[1], res[2], res[3]))
    print(
        f"\n{'engine':40s} {'steps':>8s} {'runs':>6s} {'steps/s wall':>13s} {'steps/s CPU':>12s} "
        f"{'us CPU/step':>11s} {'runs/s CPU':>10s} {'ours vs':>8s}"
    )
    for label, steps, runs, wall, cpu in rows:
        print(
            f"{label:40s} {steps:8d} {runs:6d} {steps / wall:13.0f} {steps / cpu:12.0f} "
            f"{1e6 * cpu / steps:11.1f} {runs / cpu:10.2f} {ours / (steps / cpu):7.2f}x"
        )
    print(f"\nclone() of a mid-combat engine: {1e3 * clone_cost():.2f} ms CPU")


if __name__ == "__main__":
    main()
