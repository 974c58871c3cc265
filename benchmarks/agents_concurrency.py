"""How much asyncio concurrency (``policy.acall``) buys when the LLM is the bottleneck.

Plays N short 2048 episodes with a zeroshot LLMPolicy against the scripted OpenAI-compatible
server with a fixed answer latency, first one after another (``policy(obs, info)``), then all at
once (``await policy.clone().acall(...)`` under ``asyncio.gather``), and prints wall times, the
speed-up, and the per-call client overhead measured with zero latency.

    .venv/bin/python benchmarks/agents_concurrency.py [--episodes 16] [--steps 10] [--latency 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import gymnasium as gym

import orak_gym  # noqa: F401
from orak_gym.agents import LLMPolicy, make_client
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer


def sequential(policy: LLMPolicy, episodes: int, steps: int) -> int:
    decisions = 0
    for seed in range(episodes):
        env = gym.make("orak/2048-v0", max_episode_steps=steps)
        observation, info = env.reset(seed=seed)
        policy.reset()
        done = False
        while not done:
            observation, _, terminated, truncated, info = env.step(policy(observation, info))
            decisions += 1
            done = terminated or truncated
    return decisions


async def concurrent(policy: LLMPolicy, episodes: int, steps: int) -> int:
    async def episode(seed: int) -> int:
        own = policy.clone()
        env = gym.make("orak/2048-v0", max_episode_steps=steps)
        observation, info = env.reset(seed=seed)
        count, done = 0, False
        while not done:
            observation, _, terminated, truncated, info = env.step(await own.acall(observation, info))
            count += 1
            done = terminated or truncated
        return count

    await policy.acall("warm-up", {})
    return sum(await asyncio.gather(*[episode(seed) for seed in range(episodes)]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=16)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()

    with ScriptedOpenAIServer(responder=ModuleResponder()) as server:
        policy = LLMPolicy(make_client(f"compat:bench@{server.base_url}"), game="orak/2048-v0")
        policy("warm-up", {})
        latencies = []
        for _ in range(200):
            started = time.perf_counter()
            policy.client.complete([{"role": "user", "content": "ping"}])
            latencies.append(time.perf_counter() - started)
        print(f"client round trip, zero server latency: median {statistics.median(latencies) * 1000:.2f} ms")
        started = time.perf_counter()
        for _ in range(200):
            policy("Board of 2048 Games:\n[0, 2, 0, 0]", {"prompt_context": {"default_action": "up"}})
        per_decision = (time.perf_counter() - started) / 200
        print(f"zeroshot decision (prompt render + call + parse): {per_decision * 1000:.2f} ms")

        server.latency_s = args.latency
        started = time.perf_counter()
        n_seq = sequential(policy, args.episodes, args.steps)
        t_seq = time.perf_counter() - started
        started = time.perf_counter()
        n_con = asyncio.run(concurrent(policy, args.episodes, args.steps))
        t_con = time.perf_counter() - started
    print(f"{args.episodes} episodes x {args.steps} steps, server latency {args.latency:.2f} s")
    print(f"sequential  __call__: {n_seq} decisions in {t_seq:6.2f} s ({n_seq / t_seq:6.1f} decisions/s)")
    print(f"concurrent  acall   : {n_con} decisions in {t_con:6.2f} s ({n_con / t_con:6.1f} decisions/s)")
    print(f"speed-up: {t_seq / t_con:.1f}x (ideal {args.episodes}x)")


if __name__ == "__main__":
    main()
