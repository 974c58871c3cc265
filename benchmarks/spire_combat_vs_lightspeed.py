"""Combat steps per second: the embedded Slay the Spire engine against sts_lightspeed, on the same work.

The work: act-1 Ironclad combats at ascension 0 with the starter deck and Burning Blood, the 20 act-1
encounters in turn (hallway, elites, bosses; combat ``k`` fights encounter ``k % 20`` in the order of
sts_lightspeed's ``MonsterEncounter`` enum), each played to its end by a uniformly random legal player.
A step is one action of that player. Both run in the same invocation, one after the other.

Ours is measured twice: as an environment pays (``state()`` builds the CommunicationMod message,
``legal_commands`` reads it, ``apply()`` runs the command) and the bare rules (the same commands replayed
into a fresh engine with ``apply()`` alone).

sts_lightspeed (github.com/gamerpuppy/sts_lightspeed, C++) is not a dependency and nothing here builds
it: pass ``--lightspeed EXE``, an executable you built locally from its sources that plays those combats
with ``search::BattleScumSearcher2::playoutRandom`` for the given seconds and prints one line
``steps combats won wall_seconds cpu_seconds``. Without it only our rows are printed, and the script
says so.

Run: ``.venv/bin/python benchmarks/spire_combat_vs_lightspeed.py [--seconds 6] [--lightspeed EXE]``.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import time

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands

# sts_lightspeed's MonsterEncounter order from CULTIST (1) to HEXAGHOST (20), in our encounter names
ENCOUNTERS = [
    ("Cultist", "monster"), ("Jaw Worm", "monster"), ("2 Louse", "monster"), ("Small Slimes", "monster"),
    ("Blue Slaver", "monster"), ("Gremlin Gang", "monster"), ("Looter", "monster"), ("Large Slime", "monster"),
    ("Lots of Slimes", "monster"), ("Exordium Thugs", "monster"), ("Exordium Wildlife", "monster"),
    ("Red Slaver", "monster"), ("3 Louse", "monster"), ("2 Fungi Beasts", "monster"), ("Gremlin Nob", "elite"),
    ("Lagavulin", "elite"), ("3 Sentries", "elite"), ("Slime Boss", "boss"), ("The Guardian", "boss"),
    ("Hexaghost", "boss"),
]  # fmt: skip


def new_combat(seed: int) -> SpireEngine:
    """A fresh run placed into the seed's encounter (``1 + seed % 20`` in sts_lightspeed's numbering)."""
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    eng.start_combat(*ENCOUNTERS[seed % len(ENCOUNTERS)])
    return eng


def random_combats(seconds: float) -> tuple[int, int, int, float, float, list[tuple[int, list[str]]]]:
    """(steps, combats, won, wall s, CPU s, the commands of each combat) of the random legal player."""
    steps = combats = won = 0
    played: list[tuple[int, list[str]]] = []
    seed = 1
    t0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        eng, r = new_combat(seed), random.Random(seed)
        cb = eng.combat
        assert cb is not None
        commands: list[str] = []
        while not cb.over and not eng.is_over:
            cmd = r.choice(legal_commands(eng.state()))
            commands.append(cmd)
            with contextlib.suppress(InvalidCommand):
                eng.apply(cmd)
        steps += len(commands)
        combats += 1
        won += cb.won
        played.append((seed, commands))
        seed += 1
    return steps, combats, won, time.perf_counter() - t0, time.process_time() - c0, played


def replay_apply_only(played: list[tuple[int, list[str]]]) -> tuple[float, float]:
    """(wall s, CPU s) of ``apply()`` alone on the same combats' commands."""
    engines = [(new_combat(seed), commands) for seed, commands in played]
    t0, c0 = time.perf_counter(), time.process_time()
    for eng, commands in engines:
        for cmd in commands:
            with contextlib.suppress(InvalidCommand):
                eng.apply(cmd)
    return time.perf_counter() - t0, time.process_time() - c0


def lightspeed(exe: str | None, seconds: float) -> tuple[int, int, int, float, float] | None:
    if not exe:
        print("sts_lightspeed: not measured (pass --lightspeed EXE, a driver built locally from its sources)")
        return None
    try:
        out = subprocess.run([exe, str(seconds)], capture_output=True, text=True, timeout=seconds + 60, check=True)
        steps, combats, won, wall, cpu = out.stdout.split()
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"sts_lightspeed: not measured ({exc})")
        return None
    return int(steps), int(combats), int(won), float(wall), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--lightspeed", help="a locally built sts_lightspeed driver (see the module docstring)")
    a = ap.parse_args()
    steps, combats, won, wall, cpu, played = random_combats(a.seconds)
    apply_wall, apply_cpu = replay_apply_only(played)
    rows = [
        ("ours: state() + legal_commands + apply()", steps, combats, won, wall, cpu),
        ("ours: apply() alone, same commands", steps, combats, won, apply_wall, apply_cpu),
    ]
    other = lightspeed(a.lightspeed, a.seconds)
    if other:
        rows.append(("sts_lightspeed: playoutRandom (C++)", *other))
    ours = steps / cpu
    print(
        f"{'engine':44s} {'steps':>9s} {'combats':>8s} {'won':>6s} {'steps/combat':>12s} {'steps/s wall':>13s} "
        f"{'steps/s CPU':>12s} {'us CPU/step':>11s} {'vs ours (env)':>13s}"
    )
    for label, n, c, w, wall_s, cpu_s in rows:
        print(
            f"{label:44s} {n:9d} {c:8d} {w / c:6.1%} {n / c:12.1f} {n / wall_s:13,.0f} {n / cpu_s:12,.0f} "
            f"{1e6 * cpu_s / n:11.2f} {n / cpu_s / ours:12.1f}x"
        )


if __name__ == "__main__":
    main()
