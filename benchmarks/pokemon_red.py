"""Pokémon Red throughput: decisions/s and frames/s of the env, against raw headless PyBoy.

    .venv/bin/python benchmarks/pokemon_red.py [--decisions 200] [--frames 20000] [--steps 1000] [--reps 3]

Needs the Pokémon Red ROM (``orak-gym roms import``).  All figures come from one run on the same
machine; the baseline is PyBoy itself ticking the same game from the same start state with no
rendering and nothing decoded (``tick(n, False)``), i.e. the fastest the emulator can go.
Orak presses each button for 10 ticks, releases it, ticks 100 more and then sleeps 3 s; the same
5-button decision costs milliseconds here.

The first table is the RL-speed check: PyBoy itself doing exactly a native step's emulation (press
the button, ``tick(8, False)``, release, ``tick(16, False)``, ``tick(1, True)``: the same frames and
rendering) against ``gym.make(..., modality="native")`` stepping the same random buttons from the same
state; steps/s, CPU per step and their ratio, medians of ``--reps`` interleaved repetitions.
"""

from __future__ import annotations

import argparse
import statistics
import time

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.backends.pyboy import BUTTONS
from orak_gym.games.pokemon_red.env import NATIVE_HOLD, NATIVE_WAIT
from orak_gym.games.pokemon_red.expert import PokemonRedExpert

ENV_ID = "orak/PokemonRed-v0"
ORAK_SECONDS_PER_DECISION = 3.0  # Orak's sleep after every action, before any emulation


def timed(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def raw_vs_native(steps: int, reps: int, seed: int = 0) -> None:
    """PyBoy alone vs the native env, same buttons from the same state (see the module docstring)."""
    env = gym.make(ENV_ID, modality="native")
    base = env.unwrapped
    pyboy = base.backend._pyboy
    actions = np.random.default_rng(seed).integers(len(BUTTONS), size=steps).tolist()

    def raw_pass() -> tuple[float, float]:
        base.backend.load_state(start)
        wall, cpu = time.perf_counter(), time.process_time()
        for action in actions:
            pyboy.button_press(BUTTONS[action])
            pyboy.tick(NATIVE_HOLD, False, False)
            pyboy.button_release(BUTTONS[action])
            pyboy.tick(NATIVE_WAIT, False, False)
            pyboy.tick(1, True, False)
        return time.perf_counter() - wall, time.process_time() - cpu

    def native_pass() -> tuple[float, float]:
        env.reset(seed=seed)
        wall, cpu = time.perf_counter(), time.process_time()
        for action in actions:
            env.step(action)
        return time.perf_counter() - wall, time.process_time() - cpu

    env.reset(seed=seed)
    start = base.backend.save_state()
    rows: dict[str, list[tuple[float, float]]] = {"raw": [], "native": []}
    for _ in range(reps):
        rows["raw"].append(raw_pass())
        rows["native"].append(native_pass())
    env.close()
    frames = NATIVE_HOLD + NATIVE_WAIT + 1
    print(
        f"raw PyBoy vs native env: {steps} random button taps ({frames} frames each, the last rendered), "
        f"same start state; medians of {reps} reps"
    )
    print(f"{'':<56}{'steps/s':>9}{'CPU us/step':>13}{'vs raw CPU':>12}{'vs raw wall':>12}")
    labels = {
        "raw": "raw PyBoy: press, tick(8), release, tick(16), tick(1)",
        "native": 'gym.make(..., modality="native"), screen observation',
    }
    for key, label in labels.items():
        rate = statistics.median(steps / w for w, _ in rows[key])
        cpu = statistics.median(c / steps * 1e6 for _, c in rows[key])
        cpu_ratio = statistics.median(c / rc for (_, c), (_, rc) in zip(rows[key], rows["raw"], strict=True))
        wall_ratio = statistics.median(w / rw for (w, _), (rw, _) in zip(rows[key], rows["raw"], strict=True))
        print(f"{label[:55]:<56}{rate:>9,.0f}{cpu:>13,.0f}{cpu_ratio:>11.2f}x{wall_ratio:>11.2f}x")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--frames", type=int, default=20_000)
    parser.add_argument("--steps", type=int, default=1000, help="native steps per rep of the raw vs native table")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--raw-only", action="store_true", help="only the raw PyBoy vs native env table")
    args = parser.parse_args()

    raw_vs_native(args.steps, args.reps)
    if args.raw_only:
        return

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
