"""StarCraft II env throughput against the fake client (``orak_gym.testing.sc2_server``): bot steps/s and
decisions/s, and CPU per decision on each side of the websocket (the env's process: burnysc2, our bot and
executor, the wrappers; the client's process: the fake game).

Run: ``.venv/bin/python benchmarks/starcraft2.py [--seconds 20] [--game-step 8]``.  A "bot step" is one
native step (one macro action, standing orders, ``game_step`` game loops); a "decision" is Orak's text
step (five actions interleaved with EMPTY ACTION over ten bot steps), played by the scripted baseline.
The real client's simulation costs more than the fake's invented game; the env side is the part that
carries over: burnysc2's request loop (observation, game info, actions, step per bot step), the bot's
snapshot, the executor and the text.  The machine is shared, so CPU seconds are given beside wall time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import gymnasium as gym

import orak_gym  # noqa: F401
from orak_gym.games.starcraft2.expert import StarCraft2Expert
from orak_gym.testing.sc2_server import fake_install

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def client_pid(env: gym.Env) -> int:
    runner = env.unwrapped._runner
    return runner._processes[0]._process.pid


def measure(modality: str, seconds: float, game_step: int) -> dict[str, float]:
    env = gym.make("orak/StarCraft2-v0", modality=modality, game_step=game_step, difficulty="veryeasy")
    expert = StarCraft2Expert()
    obs, info = env.reset(seed=0)
    pid = client_pid(env)
    steps = games = 0
    wall0, cpu0, client0 = time.perf_counter(), time.process_time(), process_cpu(pid)
    while time.perf_counter() - wall0 < seconds:
        action = expert(obs, info) if modality == "text" else (0 if steps % 5 == 0 else 71)
        obs, _, terminated, truncated, info = env.step(action)
        steps += 1
        if terminated or truncated:
            games += 1
            obs, info = env.reset(seed=games)
    wall = time.perf_counter() - wall0
    cpu, client = time.process_time() - cpu0, process_cpu(pid) - client0
    env.close()
    return {"steps": steps, "wall": wall, "cpu": cpu, "client": client, "games": games}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--game-step", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SC2PATH"] = str(fake_install(folder, max_loops=22_400 * 6))
        native = measure("native", args.seconds, args.game_step)
        text = measure("text", args.seconds, args.game_step)
    load = os.getloadavg()[0]
    print(f"fake client, game_step {args.game_step}, {args.seconds:g} s each, load average {load:.1f}")
    print("| measure | figure |")
    print("|---|---:|")
    print(f"| native bot steps/s (one macro action + standing orders + {args.game_step} loops) | "
          f"{native['steps'] / native['wall']:,.0f} |")  # fmt: skip
    print(f"| env-process CPU per bot step | {1000 * native['cpu'] / native['steps']:.2f} ms |")
    print(f"| fake-client CPU per bot step | {1000 * native['client'] / native['steps']:.2f} ms |")
    print(f"| text decisions/s (scripted baseline, 10 bot steps each) | {text['steps'] / text['wall']:,.1f} |")
    print(f"| env-process CPU per decision | {1000 * text['cpu'] / text['steps']:.1f} ms |")
    print(f"| fake-client CPU per decision | {1000 * text['client'] / text['steps']:.1f} ms |")
    print(f"| whole games finished in the text run (baseline vs very easy) | {text['games']} |")


if __name__ == "__main__":
    main()
