"""Super Mario throughput: raw emulator vs native env, text decisions/s, RAM decoder vs OpenCV.

    ORAK_ASSETS=... .venv/bin/python benchmarks/super_mario.py [--steps 2000] [--frames 200] [--reps 3]

The first table replays, on stable-retro's own emulator object (``RetroEmulator``, no env), exactly
the emulator work of a native run (the same start state and no-op frames at every reset, the same
buttons for ``frame_skip`` frames per action, one ``get_screen`` per action), then runs the native
env itself with the same seed and actions: steps/s, CPU per step and their ratio, medians of
``--reps`` interleaved repetitions.  The in-process emulator (the first env of a process) is measured;
a row for an env whose emulator runs in a child process follows (wall clock, parent and child CPU).

Needs the Super Mario ROM (``orak-gym roms import``) and, for the template-matching reference,
``opencv-python-headless``.  The reference re-implements Orak's object finder: ``cv2.matchTemplate``
(TM_CCOEFF_NORMED) of 14 sprite classes over the whole frame, thresholded, as Orak's Super Mario
server does; the templates are cut from our own frames at positions the RAM decoder reported
(Orak's template file is not redistributed), so only the cost is compared, not the accuracy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.backends.retro import RetroEmulator
from orak_gym.games.super_mario import ram as smb
from orak_gym.games.super_mario.expert import SuperMarioExpert

ENV_ID = "orak/SuperMario-v0"
CROP = 8  # stable-retro's NES frame drops 8 px on every side of the 256x240 picture
#: Orak's 14 classes and the thresholds its finder uses (0.6-0.8).
CLASSES = {
    "brick": 0.8,
    "question_1": 0.8,
    "question_2": 0.8,
    "question_3": 0.8,
    "inactivated": 0.8,
    "goomba": 0.7,
    "koopa": 0.7,
    "pit_start": 0.8,
    "pit_end": 0.8,
    "pipe": 0.7,
    "mushroom_red": 0.6,
    "mushroom_green": 0.6,
    "stair": 0.8,
    "flag": 0.6,
}


def rate(fn, n: int) -> float:
    start = time.perf_counter()
    fn(n)
    return n / (time.perf_counter() - start)


def cpu_of(pid: int | None) -> float:
    """CPU seconds (user + system) a child process has used so far, from /proc (Linux)."""
    if pid is None or not os.path.exists(f"/proc/{pid}/stat"):
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def record_trace(env: gym.Env, steps: int, seed: int) -> list[tuple[str, int]]:
    """The emulator work of ``steps`` random native steps: ("reset", no-op frames), ("step", action)."""
    backend = env.unwrapped.backend
    noop = backend.noop
    events: list[tuple[str, int]] = []

    def recording_noop(frames: int) -> np.ndarray:
        events.append(("reset", frames))
        return noop(frames)

    backend.noop = recording_noop
    try:
        env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        for _ in range(steps):
            action = int(rng.integers(len(env.unwrapped._masks)))
            events.append(("step", action))
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
    finally:
        del backend.noop
    return events


def native_pass(env: gym.Env, events: list[tuple[str, int]], seed: int) -> int:
    """The native env doing the recorded run again (same seed, same actions): returns its steps."""
    env.reset(seed=seed)
    steps = 0
    for kind, action in events[1:]:
        if kind == "step":
            _, _, terminated, truncated, _ = env.step(action)
            steps += 1
            if terminated or truncated:
                env.reset()
    return steps


def raw_pass(
    emu: RetroEmulator, start: bytes, masks: list[np.ndarray], skip: int, events: list[tuple[str, int]], screen: bool
) -> int:
    """stable-retro's emulator alone doing the same work: load state + no-op frames per reset,
    ``skip`` frames holding the action's buttons (and, with ``screen``, one frame read) per step."""
    em = emu.em
    zeros = np.zeros_like(masks[0])
    steps = 0
    for kind, arg in events:
        if kind == "reset":
            em.set_state(start)
            for _ in range(arg):
                em.set_button_mask(zeros, 0)
                em.step()
        else:
            mask = masks[arg]
            for _ in range(skip):
                em.set_button_mask(mask, 0)
                em.step()
            if screen:
                em.get_screen()
            steps += 1
    return steps


def measure(fn: Callable[[], int], pid: int | None = None) -> tuple[float, float]:
    """(steps/s, CPU us/step) of ``fn``; ``pid``: add that child's CPU time."""
    wall, cpu, child = time.perf_counter(), time.process_time(), cpu_of(pid)
    steps = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu + cpu_of(pid) - child
    return steps / wall, cpu / steps * 1e6


def raw_vs_native(steps: int, reps: int, seed: int = 0) -> None:
    env = gym.make(ENV_ID, modality="native")
    base = env.unwrapped
    if not base.backend.in_process:
        raise SystemExit("the first env of this process should host its emulator in-process")
    events = record_trace(env, steps, seed)
    start = base._start_states[next(iter(base._start_states))]
    emu, skip = base.backend._emu, base.frame_skip
    frames = sum(arg if kind == "reset" else skip for kind, arg in events)
    rows: dict[str, list[tuple[float, float]]] = {"raw": [], "raw+screen": [], "native": [], "child": []}
    child = gym.make(ENV_ID, modality="native", subprocess=True)  # a second emulator: a child process
    pid = child.unwrapped.backend._emu.channel.pid
    for _ in range(reps):
        rows["raw"].append(measure(lambda: raw_pass(emu, start, base._masks, skip, events, False)))
        rows["raw+screen"].append(measure(lambda: raw_pass(emu, start, base._masks, skip, events, True)))
        rows["native"].append(measure(lambda: native_pass(env, events, seed)))
        rows["child"].append(measure(lambda c=child: native_pass(c, events, seed), pid))
    child.close()
    env.close()
    resets = sum(kind == "reset" for kind, _ in events)
    print(
        f"\nraw emulator vs native env: {steps} random SIMPLE_MOVEMENT steps, frame skip {skip}, "
        f"{resets} resets, {frames} NES frames; medians of {reps} reps"
    )
    print(f"{'':<58}{'steps/s':>9}{'CPU us/step':>13}{'vs raw CPU':>12}{'vs raw wall':>12}")
    raw_rate = statistics.median(r for r, _ in rows["raw"])
    raw_cpu = statistics.median(c for _, c in rows["raw"])
    labels = {
        "raw": "raw stable-retro emulator (frames only)",
        "raw+screen": "raw emulator + get_screen() per action",
        "native": 'gym.make(..., modality="native"), emulator in-process',
        "child": "native env, emulator in a child process (parent+child CPU)",
    }
    for key, label in labels.items():
        rate = statistics.median(r for r, _ in rows[key])
        cpu = statistics.median(c for _, c in rows[key])
        cpu_ratio = statistics.median(c / rc for (_, c), (_, rc) in zip(rows[key], rows["raw"], strict=True))
        wall_ratio = statistics.median(rr / r for (r, _), (rr, _) in zip(rows[key], rows["raw"], strict=True))
        print(f"{label:<58}{rate:>9,.0f}{cpu:>13,.0f}{cpu_ratio:>11.2f}x{wall_ratio:>11.2f}x")
    print(f"(raw: {raw_rate * frames / steps:,.0f} NES frames/s, {raw_cpu / (frames / steps):.0f} us CPU per frame)")


def native_steps(n: int) -> None:
    env = gym.make(ENV_ID, modality="native")
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    for _ in range(n):
        _, _, terminated, truncated, _ = env.step(int(rng.integers(7)))
        if terminated or truncated:
            env.reset()
    env.close()


def text_decisions(n: int, levels: list[int]) -> tuple[float, float]:
    """Decisions/s of the text env and NES frames per decision, with the given jump levels."""
    env = gym.make(ENV_ID, max_episode_steps=10**9)
    env.reset(seed=0)
    backend = env.unwrapped.backend
    start = time.perf_counter()
    for i in range(n):
        _, _, terminated, truncated, _ = env.step(f"Jump Level: {levels[i % len(levels)]}")
        if terminated or truncated:
            env.reset()
    elapsed = time.perf_counter() - start
    # frames per decision: measured on a separate replay with a frame counter
    env.reset(seed=0)
    counted = 0
    run = backend.run

    def counting_run(buttons, k):
        nonlocal counted
        counted += k
        return run(buttons, k)

    backend.run = counting_run
    for i in range(min(n, 200)):
        _, _, terminated, truncated, _ = env.step(f"Jump Level: {levels[i % len(levels)]}")
        if terminated or truncated:
            env.reset()
    backend.run = run
    env.close()
    return n / elapsed, counted / min(n, 200)


def vector_decisions(num_envs: int, seconds: float = 5.0) -> float:
    """`Jump Level: 0` decisions/s summed over ``num_envs`` async workers (one emulator per process)."""
    envs = gym.make_vec(ENV_ID, num_envs=num_envs, vectorization_mode="async")
    envs.reset(seed=0)
    actions = ["Jump Level: 0"] * num_envs
    for _ in range(20):
        envs.step(actions)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        envs.step(actions)
        done += num_envs
    envs.close()
    return done / (time.perf_counter() - start)


def record_expert_run(limit: int) -> tuple[list[np.ndarray], list[np.ndarray], int | None]:
    """RAM and frames along the expert's 1-1 run (the frames a template matcher would see)."""
    env = gym.make(ENV_ID, render_mode="rgb_array")
    obs, info = env.reset(seed=0)
    expert = SuperMarioExpert(env=env)
    rams, frames = [], []
    for _ in range(100):
        obs, _, terminated, truncated, info = env.step(expert(obs, info))
        rams.append(env.unwrapped._ram.copy())
        frames.append(env.render().copy())
        if terminated or truncated or len(rams) >= limit:
            break
    flag_x = env.unwrapped.flag_x
    env.close()
    return rams, frames, flag_x


def cut_templates(rams: list[np.ndarray], frames: list[np.ndarray]) -> dict[str, np.ndarray]:
    """One template per class, cut where the decoder saw the object (size as Orak's sprites)."""
    wanted = {
        "brick": ("bricks", 16, 16),
        "question_1": ("question_blocks", 16, 16),
        "inactivated": ("inactivated_blocks", 16, 16),
        "goomba": ("goombas", 16, 16),
        "koopa": ("koopas", 16, 24),
        "pipe": ("pipes", 32, 16),
        "mushroom_red": ("mushrooms", 16, 16),
        "stair": ("stairs", 16, 16),
        "flag": ("flag", 16, 16),
        "pit_start": ("pits", 16, 16),
    }
    templates: dict[str, np.ndarray] = {}
    for ram, frame in zip(rams, frames, strict=True):
        state = smb.decode(ram)
        for name, (key, w, h) in wanted.items():
            if name in templates or not state.objects[key]:
                continue
            x, y = state.objects[key][0][:2]
            col, row = x - CROP, 240 - y - CROP
            if key == "pits":
                row = 240 - 32 - CROP
            if col >= 0 and col + w <= frame.shape[1] and row >= 0 and row + h <= frame.shape[0]:
                templates[name] = frame[row : row + h, col : col + w].copy()
    for shade in ("question_2", "question_3"):  # the "?" block cycles through three palettes
        templates[shade] = np.roll(templates["question_1"], 1, axis=2)
    templates["mushroom_green"] = templates.get("mushroom_red", templates["goomba"])[..., ::-1].copy()
    templates["pit_end"] = templates["pit_start"][:, ::-1].copy()
    return {name: templates[name] for name in CLASSES if name in templates}


def template_matching(frame: np.ndarray, templates: dict[str, np.ndarray]) -> dict[str, list]:
    """Orak's finder: matchTemplate per class, threshold, keep the top-left corners."""
    import cv2

    found = {}
    for name, template in templates.items():
        scores = cv2.matchTemplate(frame, template, cv2.TM_CCOEFF_NORMED)
        ys, xs = np.where(scores >= CLASSES[name])
        found[name] = list(zip(xs.tolist(), ys.tolist(), strict=True))
    return found


def per_call_us(fn, items: list, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--raw-only", action="store_true", help="only the raw emulator vs native env table")
    args = parser.parse_args()

    raw_vs_native(args.steps, args.reps)
    if args.raw_only:
        return

    env = gym.make(ENV_ID, modality="native")
    env.reset(seed=0)
    backend, right = env.unwrapped.backend, env.unwrapped._right
    fps = rate(lambda n: backend.run(right, n), args.steps * 2)
    env.close()
    print(f"emulator alone (stable-retro fceumm, no env): {fps:,.0f} NES frames/s")
    native = rate(native_steps, args.steps)
    print(f"native env (frame skip 4, random SIMPLE_MOVEMENT): {native:,.0f} steps/s")
    rows = []
    for label, levels in [("Jump Level 0 only", [0]), ("Jump Level 1-6 mix", [1, 2, 3, 4, 5, 6])]:
        dps, fpd = text_decisions(max(args.steps // 4, 50), levels)
        rows.append((label, dps, fpd))
        print(
            f"text env, {label}: {dps:,.0f} decisions/s, {fpd:.1f} NES frames per decision "
            f"(emulator ceiling {fps / fpd:,.0f} decisions/s)"
        )
    cores = os.cpu_count() or 1
    print(f"text env, Jump Level 0, {cores} async workers: {vector_decisions(cores):,.0f} decisions/s in total")

    rams, frames, flag_x = record_expert_run(args.frames)
    decode_us = per_call_us(lambda r: smb.decode(r, flag_x).to_text(), rams)
    step_us = 1e6 / native
    print(
        f"RAM -> MarioState -> text: {decode_us:.1f} us per observation "
        f"({decode_us / step_us * 100:.1f}% of a native step, "
        f"{decode_us / (1e6 / rows[1][1]) * 100:.2f}% of a text decision)"
    )
    try:
        import cv2  # noqa: F401
    except ImportError:
        print("opencv-python-headless not installed: template-matching reference skipped")
        return
    templates = cut_templates(rams, frames)
    match_us = per_call_us(lambda f: template_matching(f, templates), frames, repeat=1)
    print(
        f"OpenCV template matching, {len(templates)} classes on {frames[0].shape} frames: {match_us:,.0f} us per frame"
    )
    print(
        f"RAM decoder is {match_us / decode_us:,.0f}x faster than template matching "
        f"({len(frames)} frames of the expert's 1-1 run)"
    )
    print(
        f"median objects per frame (decoder): "
        f"{statistics.median(sum(len(v) for v in smb.decode(r).objects.values()) for r in rams):.0f}"
    )


if __name__ == "__main__":
    main()
