"""Super Mario throughput: env steps/s (native, text), text-observation cost, RAM decoder vs OpenCV.

    ORAK_ASSETS=... .venv/bin/python benchmarks/super_mario.py [--steps 2000] [--frames 200]

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

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401  (registers the ids)
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
    args = parser.parse_args()

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
