"""The Super Mario expert's reference row: score on World 1-1 over seeds, with and without look-ahead.

    ORAK_ASSETS=... .venv/bin/python benchmarks/super_mario_expert.py [--seeds 5] [--levels 1-4 2-1]

Plays through the text interface (``gym.make("orak/SuperMario-v0")``, 100 decisions at most, as
in Orak).  "rules" reads only the text observation; "look-ahead" also checks each decision with
the emulator's save/load state (``SuperMarioExpert(env=env)``).
"""

from __future__ import annotations

import argparse
import statistics
import time

import gymnasium as gym

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.games.super_mario.expert import SuperMarioExpert


def episode(seed: int, lookahead: bool, level: str = "1-1") -> tuple[float, int, float]:
    env = gym.make("orak/SuperMario-v0", level=level)
    obs, info = env.reset(seed=seed)
    expert = SuperMarioExpert(env=env if lookahead else None)
    start = time.perf_counter()
    decisions = 0
    for decisions in range(1, 101):  # noqa: B007 - the count is the result
        obs, _, terminated, truncated, info = env.step(expert(obs, info))
        if terminated or truncated:
            break
    env.close()
    return info["score"], decisions, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--levels", nargs="*", default=[], help="other levels to play once (seed 0)")
    args = parser.parse_args()
    for lookahead in (False, True):
        name = "look-ahead" if lookahead else "rules"
        runs = [episode(seed, lookahead) for seed in range(args.seeds)]
        scores = [r[0] for r in runs]
        sem = statistics.stdev(scores) / len(scores) ** 0.5 if len(scores) > 1 else 0.0
        print(
            f"{name:10s} score {statistics.mean(scores):5.1f} ± {sem:.1f} (seeds 0-{args.seeds - 1}), "
            f"decisions {statistics.mean(r[1] for r in runs):.0f}, "
            f"{statistics.mean(r[2] for r in runs):.1f} s per episode"
        )
    for level in args.levels:
        for lookahead in (False, True):
            score, decisions, seconds = episode(0, lookahead, level)
            name = "look-ahead" if lookahead else "rules"
            print(f"{level} {name:10s} score {score:5.1f}, decisions {decisions}, {seconds:.1f} s")


if __name__ == "__main__":
    main()
