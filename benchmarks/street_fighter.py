"""Street Fighter III throughput on the two machines CI can run: MAME's real ``sfiii3n`` driver on a
zero-filled ROM set, and the pure-Python stand-in peer (scripted RAM, same bridge protocol).

    .venv/bin/python benchmarks/street_fighter.py [--steps 300] [--decisions 100]

Rows: native env steps/s and emulated frames/s (6 frames per step, RAM only; then with a frame fetched
each step), text-env decisions/s (the scripted expert's answers: parse, at most two macros of 4-7
inputs, Orak's text, ``info``), and CPU per step in this process and in the machine's process (MAME or
the peer; read from /proc before it is closed).  The zero-ROM driver runs the SH-2 over zeros, so its
emulation cost is not the real game's (the real game's cannot be measured without the ROM); the peer
rows measure everything on our side of the pipe.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import gymnasium as gym

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.backends.mame import MameBridge, MameMachine, RamValue, find_mame
from orak_gym.games.street_fighter.expert import StreetFighterExpert
from orak_gym.games.street_fighter.scenario import scripted_match
from orak_gym.testing.mame_roms import nes_joypad_cart, zero_rom_set

ENV_ID = "orak/StreetFighter-v0"
TICK = os.sysconf("SC_CLK_TCK")


def child_cpu(env: gym.Env) -> float:
    """CPU seconds (user + system) the machine's process has used so far."""
    pid = env.unwrapped.backend.bridge.pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def native(kwargs: dict, steps: int, image: bool) -> dict[str, float]:
    env = gym.make(ENV_ID, modality="native", render_mode="rgb_array", **kwargs)
    try:
        env.reset(seed=0)
        env.step(0)
        cpu0, child0, t0 = time.process_time(), child_cpu(env), time.perf_counter()
        for i in range(steps):
            env.step(i % 18)
            if image:
                env.render()
        wall = time.perf_counter() - t0
        cpu, child = time.process_time() - cpu0, child_cpu(env) - child0
        frames = steps * env.unwrapped.frames_per_action
    finally:
        env.close()
    return {"steps/s": steps / wall, "frames/s": frames / wall, "cpu ms/step": 1000 * cpu / steps,
            "machine cpu ms/step": 1000 * child / steps}  # fmt: skip


def decisions(kwargs: dict, count: int) -> dict[str, float]:
    env = gym.make(ENV_ID, **kwargs)
    expert = StreetFighterExpert()
    try:
        obs, info = env.reset(seed=0)
        cpu0, child0, t0 = time.process_time(), child_cpu(env), time.perf_counter()
        steps = 0
        for _ in range(count):
            obs, _, terminated, truncated, info = env.step(expert(obs, info))
            steps += len(info["native_actions"])
            if terminated or truncated:
                obs, info = env.reset()
        wall = time.perf_counter() - t0
        cpu, child = time.process_time() - cpu0, child_cpu(env) - child0
    finally:
        env.close()
    return {"decisions/s": count / wall, "native steps/decision": steps / count,
            "cpu ms/decision": 1000 * cpu / count, "machine cpu ms/decision": 1000 * child / count}  # fmt: skip


def bridge_only(folder: Path, steps: int, image: bool) -> dict[str, float]:
    """The bridge's own ceiling: one frame per round trip on MAME's cheap ``nes`` driver (generated cart)."""
    cart = folder / "joypad.nes"
    cart.write_bytes(nes_joypad_cart())
    pad = ":ctrl1:joypad:JOYPAD"
    machine = MameMachine(
        "nes", (RamValue(0), RamValue(1)), ((pad, "P1 A"), (pad, "P1 Right")), media=("-cart", str(cart))
    )
    bridge = MameBridge(machine)
    try:
        bridge.start()
        bridge.step(0)
        cpu0, t0 = time.process_time(), time.perf_counter()
        for i in range(steps):
            bridge.step(i & 3, image=image)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        bridge.close()
    return {"frames/s": steps / wall, "cpu ms/frame": 1000 * cpu / steps}


def show(name: str, row: dict[str, float]) -> None:
    print(f"{name:<48}" + "  ".join(f"{k} {v:,.1f}" for k, v in row.items()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--decisions", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sf-bench-"))
    scenario = folder / "match.json"
    scenario.write_text(json.dumps(scripted_match(["p1", "p2"], round_frames=10_000_000)))
    peer = {"peer": str(scenario), "boot": "none"}
    show("fake peer, native, RAM only", native(peer, args.steps * 10, image=False))
    show("fake peer, native, RAM + frame", native(peer, args.steps * 3, image=True))
    show("fake peer, text decisions (expert)", decisions(peer, args.decisions * 10))
    mame = find_mame()
    if mame is None:
        print("MAME is not installed: the zero-ROM rows are skipped (apt-get install mame)")
        return
    show("MAME nes (generated cart), bridge, RAM only", bridge_only(folder, args.steps * 10, image=False))
    show("MAME nes (generated cart), bridge, RAM + frame", bridge_only(folder, args.steps * 5, image=True))
    zero = {"rompath": str(zero_rom_set(mame, "sfiii3n", folder).parent), "boot": "none", "skip_between_rounds": False}
    show("MAME sfiii3n (zero ROMs), native, RAM only", native(zero, args.steps, image=False))
    show("MAME sfiii3n (zero ROMs), native, RAM + frame", native(zero, args.steps, image=True))
    show("MAME sfiii3n (zero ROMs), text decisions", decisions(zero, args.decisions))


if __name__ == "__main__":
    main()
