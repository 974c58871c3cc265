"""Slay the Spire (embedded engine): random and expert runs over many seeds, and text-env throughput.

Run: ``.venv/bin/python benchmarks/spire_agents.py --seeds 20``.  Each run is one episode of
``orak/SlayTheSpire-v0`` in the text modality with Orak's 200-decision limit: the random baseline
sends one uniformly chosen legal command per decision, the expert plans whole turns.  Prints the
Orak score (mean +- standard error), floors, bosses, acts cleared, and decisions/s with the CPU time
per decision, the random agent's rate being the baseline the expert's is compared to.
"""

from __future__ import annotations

import argparse
import statistics
import time

import gymnasium as gym

import orak_gym  # noqa: F401
from orak_gym.agents.baselines.random_policy import RandomPolicy
from orak_gym.games.slay_the_spire.expert import SpireExpert


def play(policy, seed: int) -> dict:
    env = gym.make("orak/SlayTheSpire-v0")
    obs, info = env.reset(seed=seed)
    decisions = invalid = 0
    terminated = truncated = False
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(policy(obs, info))
        decisions += 1
        invalid += not info["action_valid"]
    env.close()
    state = info["state"]
    return {
        "score": info["score"],
        "floors": state["floors_reached"],
        "bosses": state["bosses_defeated"],
        "cleared": bool(state["run_complete"] and state["bosses_defeated"] >= 1),
        "decisions": decisions,
        "invalid": invalid,
        "truncated": truncated and not terminated,
    }


def summarise(name: str, runs: list[dict], wall: float, cpu: float) -> float:
    scores = [r["score"] for r in runs]
    mean = statistics.fmean(scores)
    se = statistics.stdev(scores) / len(scores) ** 0.5 if len(scores) > 1 else 0.0
    decisions = sum(r["decisions"] for r in runs)
    rate = decisions / wall
    print(
        f"{name:8s} score {mean:6.2f} +- {se:5.2f} | floors {statistics.fmean(r['floors'] for r in runs):5.2f} "
        f"| bosses {sum(r['bosses'] for r in runs):3d}/{len(runs)} | act 1 cleared {sum(r['cleared'] for r in runs):3d}"
        f"/{len(runs)} | cut by the 200-decision limit {sum(r['truncated'] for r in runs):3d} "
        f"| invalid decisions {sum(r['invalid'] for r in runs):4d}/{decisions} "
        f"| {rate:7.1f} decisions/s, {1e3 * cpu / decisions:6.2f} ms CPU/decision"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    rates = {}
    for name, make in (("random", lambda s: RandomPolicy(seed=s)), ("expert", lambda s: SpireExpert())):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        runs = [play(make(seed), seed) for seed in seeds]
        rates[name] = summarise(name, runs, time.perf_counter() - wall0, time.process_time() - cpu0)
    print(f"expert decisions/s vs random (baseline, same run): {rates['expert'] / rates['random']:.2f}x")


if __name__ == "__main__":
    main()
