"""Pokémon Red throughput: decisions/s and frames/s of the env, against raw headless PyBoy.

    .venv/bin/python benchmarks/pokemon_red.py [--decisions 200] [--frames 20000]

Needs the Pokémon Red ROM (``orak-gym roms import``).  All figures come from one run on the same
machine; the baseline is PyBoy itself ticking the same game from the same start state with no
rendering and nothing decoded (``tick(n, False)``), i.e. the fastest the emulator can go.
Orak presses each button for 10 ticks, releases it, ticks 100 more and then sleeps 3 s; the same
5-button decision costs milliseconds here.
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.games.pokemon_red.expert import PokemonRedExpert

ENV_ID = "orak/PokemonRed-v0"
ORAK_SECONDS_PER_DECISION = 3.0  # Orak's sleep after every action, before any emulation


def timed(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--frames", type=int, default=20_000)
    args = parser.parse_args()

    env = gym.make(ENV_ID, max_decisions=100_000)
    base = env.unwrapped
    env.reset(seed=0)
    start = base.backend.save_state()

    # 1. baseline: raw PyBoy frames/s from the start state
    base.backend.load_state(start)
    wall, cpu, _ = timed(lambda: base.backend._pyboy.tick(args.frames, False, False))
    raw_fps = args.frames / wall
    per_frame = cpu / args.frames * 1e6
    print(f"raw PyBoy, tick({args.frames}, render=False): {raw_fps:,.0f} frames/s ({per_frame:.1f} us CPU/frame)")

    # 2. text decisions of 5 buttons (Orak's timing: 10 ticks held + 100 after, per button)
    buttons = ["up|down|left|right|b", "a|b|up|down|none", "left|left|right|right|b"]

    def play_buttons() -> int:
        env.reset(seed=0)
        frames0 = base.backend.frame_count
        for i in range(args.decisions):
            env.step(buttons[i % len(buttons)])
        return base.backend.frame_count - frames0

    wall, cpu, frames = timed(play_buttons)
    fps = frames / wall
    print(
        f"text env, 5-button decisions: {args.decisions / wall:,.1f} decisions/s, {fps:,.0f} frames/s "
        f"({fps / raw_fps:.0%} of raw PyBoy), {cpu / args.decisions * 1e3:.1f} ms CPU/decision, "
        f"{frames / args.decisions:.0f} frames/decision; Orak: >= {ORAK_SECONDS_PER_DECISION:.0f} s/decision "
        f"-> {ORAK_SECONDS_PER_DECISION * args.decisions / wall:,.0f}x faster"
    )

    # 3. the expert's tool decisions (A*, dialog, battles) until the 7th milestone
    def play_expert() -> tuple[int, int, int]:
        obs, info = env.reset(seed=0)
        expert = PokemonRedExpert()
        frames0 = base.backend.frame_count
        n = 0
        while len(info["milestones"]) < 7 and n < 400:
            obs, _, _, _, info = env.step(expert(obs, info))
            n += 1
        return n, base.backend.frame_count - frames0, len(info["milestones"])

    wall, cpu, (n, frames, reached) = timed(play_expert)
    fps = frames / wall
    print(
        f"text env, expert tool decisions: {n} decisions to {reached} milestones in {wall:.2f} s: "
        f"{n / wall:,.1f} decisions/s, {fps:,.0f} frames/s ({fps / raw_fps:.0%} of raw PyBoy), "
        f"{cpu / n * 1e3:.1f} ms CPU/decision, {frames / n:.0f} frames/decision"
    )

    # 4. native RL steps (one 24-frame tap + 1 rendered frame, screen observation)
    native = gym.make(ENV_ID, modality="native")
    native.reset(seed=0)
    steps = args.decisions * 5

    def play_native() -> int:
        frames0 = native.unwrapped.backend.frame_count
        for i in range(steps):
            native.step(i % 8)
        return native.unwrapped.backend.frame_count - frames0

    wall, cpu, frames = timed(play_native)
    fps = frames / wall
    print(
        f"native env (screen obs): {steps / wall:,.0f} steps/s, {fps:,.0f} frames/s "
        f"({fps / raw_fps:.0%} of raw PyBoy), {cpu / steps * 1e6:.0f} us CPU/step"
    )
    native.close()
    env.close()


if __name__ == "__main__":
    main()
