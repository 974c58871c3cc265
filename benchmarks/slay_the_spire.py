"""Slay the Spire embedded engine throughput: steps/s, whole act-1 runs/s, clone cost, and the
two registry simulators (minispire, decapitate-the-spire) measured in the same run.

Run: ``.venv/bin/python benchmarks/slay_the_spire.py [--minispire PY] [--decapitate PY]``, where
``PY`` is a Python interpreter that has that package installed (a throwaway venv; neither is a
project dependency; decapitate-the-spire 0.2.0 needs Python <= 3.10). Without them only our
figures are printed. A "step" is one command of a uniformly random legal player that reads
each state from the CommunicationMod JSON (``state()`` + ``apply()``), so it is the cost an
environment pays per decision; minispire steps are single-combat actions through its C++
bindings, decapitate-the-spire steps are actions of its own act-1 game (The Silent). The
machine is shared, so rates are given per wall second and per CPU second.

``--rl`` prints only the RL-speed table: the native env (``gym.make(..., modality="native")``) against
the raw engine replaying exactly the commands the env sent it (the agent's and, with Orak's
``control="orak"``, the rule agent's), from the same seeds, CPU per native step.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import time

import gymnasium as gym
import numpy as np

import orak_gym  # noqa: F401
from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands
from orak_gym.games.slay_the_spire.engine_view import view_of
from orak_gym.games.slay_the_spire.native import pack
from orak_gym.games.slay_the_spire.rules import RuleAgent
from orak_gym.games.slay_the_spire.state import SpireState

BASELINE = r"""
import logging, random, sys, time
logging.disable(logging.CRITICAL)
which, seconds = sys.argv[1], float(sys.argv[2])
t0, c0, steps, eps = time.perf_counter(), time.process_time(), 0, 0
if which == "minispire":
    import numpy as np
    from minispire import MinispireEnv
    env, rng = MinispireEnv(), np.random.default_rng(0)
    env.reset(seed=0)
    while time.perf_counter() - t0 < seconds:
        _, _, te, tr, _ = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        steps += 1
        if te or tr:
            eps += 1
            env.reset(seed=eps)
else:
    from decapitate_the_spire import game as dg
    r = random.Random(0)
    while time.perf_counter() - t0 < seconds:
        g, term = dg.Game(dg.TheSilent, dg.Exordium), False
        while not term and time.perf_counter() - t0 < seconds:
            m = g.generate_action_mask()
            _, term, _ = g.step(r.choice([(i, j) for i, row in enumerate(m) for j, ok in enumerate(row) if ok]))
            steps += 1
        eps += term
print(steps, eps, time.perf_counter() - t0, time.process_time() - c0)
"""


def random_runs(seconds: float, lament: bool) -> tuple[int, int, int, float, float]:
    """Whole runs of a random legal player; ``lament`` gives every monster 1 HP (full act 1)."""
    steps = runs = wins = 0
    seed = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        eng, r = SpireEngine(seed), random.Random(seed)
        while not eng.is_over:
            cmds = legal_commands(eng.state())
            if lament and "END" in cmds and len(cmds) > 1:
                cmds.remove("END")
            with contextlib.suppress(InvalidCommand):
                eng.apply(r.choice(cmds))
            if lament:
                eng.neow_lament = 10**9
            steps += 1
        runs += 1
        wins += eng.victory
        seed += 1
    return steps, runs, wins, time.perf_counter() - t0, time.process_time() - c0


def clone_cost(n: int = 300) -> float:
    eng = SpireEngine(3)
    r = random.Random(3)
    while eng.state()["game_state"]["screen_type"] != "NONE" if eng.in_game else True:
        eng.apply(r.choice(legal_commands(eng.state())))
    t0 = time.process_time()
    for _ in range(n):
        eng.clone()
    return (time.process_time() - t0) / n


def baseline(python: str, which: str, seconds: float) -> tuple[int, int, float, float] | None:
    try:
        out = subprocess.run(
            [python, "-c", BASELINE, which, str(seconds)],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"{which}: not measured ({exc})")
        return None
    return int(out[0]), int(out[1]), float(out[2]), float(out[3])


Episode = tuple[int, list[int], list[str], list[int], list[tuple[int, str]]]
"""(seed, the native actions, every command the engine received, the number of commands sent when the
reset and each native step had returned, and where the env's rule agent was asked: the number of
commands sent by then and the ``RuleAgent`` method, read from a message of the engine then)."""


ASKED = ("command", "boss_potion", "fallback")
"""The ``RuleAgent`` methods the env asks, each with a ``SpireState`` of the engine's message then."""


def record_native_run(steps: int, control: str) -> list[Episode]:
    """Plays ``steps`` native steps of uniformly random legal actions (``action_masks``), seed 0, 1, ...
    per episode; returns the episodes (``Episode``), the rule agent's commands and questions included.
    Recorded untimed, then replayed by the timed rows."""
    env = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
    backend = env.unwrapped._backend
    sent: list[str] = []
    asks: list[tuple[int, str]] = []
    rules = env.unwrapped.rules
    for name in ASKED:
        method = getattr(rules, name)
        setattr(rules, name, lambda state, _m=method, _n=name: (asks.append((len(sent), _n)), _m(state))[1])
    send = backend.send
    backend.send = lambda command: (sent.append(command), send(command))[1]  # type: ignore[method-assign]
    apply = getattr(backend, "apply", None)  # the lean native step applies commands without the message
    if apply is not None:  # (a tree before that had none: the script also measures the old tree)
        backend.apply = lambda command, *rest: (sent.append(command), apply(command, *rest))[1]  # type: ignore[method-assign]
    # (a command the engine refuses is recorded too: the env paid for it, and the replay pays the same)
    rng = np.random.default_rng(0)
    episodes: list[Episode] = []
    seed, done = 0, 0
    env.reset(seed=seed)
    actions: list[int] = []
    ends = [len(sent)]
    while done < steps:
        action = int(rng.choice(np.flatnonzero(env.unwrapped.action_masks())))
        actions.append(action)
        _, _, terminated, truncated, _ = env.step(action)
        ends.append(len(sent))
        done += 1
        if terminated or truncated or done == steps:
            episodes.append((seed, actions, list(sent), ends, list(asks)))
            seed += 1
            sent.clear()
            asks.clear()
            actions = []
            env.reset(seed=seed)
            ends = [len(sent)]
    env.close()
    return episodes


def replay_native(episodes: list[Episode], control: str) -> tuple[float, float]:
    """(native env steps/s, CPU us per native step) replaying the recorded actions through ``gym.make``."""
    env = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
    steps = sum(len(actions) for _, actions, _, _, _ in episodes)
    wall, cpu = time.perf_counter(), time.process_time()
    for seed, actions, _, _, _ in episodes:
        env.reset(seed=seed)
        for action in actions:
            env.step(action)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    env.close()
    return steps / wall, cpu / steps * 1e6


def replay_engine(episodes: list[Episode], extra: str = "", check: bool = False) -> tuple[float, float]:
    """(engine commands/s, CPU us per command): the same commands on a bare engine, ``apply`` alone,
    ``extra="state"``: + ``state()`` after each (the CommunicationMod message the backend hands the env),
    ``extra="observation"``: + the native observation where the env returned one (after the reset and
    each native step: ``view_of`` and ``pack``, what any native env must read and build; the command
    after one is applied with the availability it read, as the env does),
    ``extra="rules"``: + also what Orak's split needs in between: the rule agent's questions where the
    env asked them (each from a lazy message of the engine then, as the env reads it) and, after every
    other command, the short view that says whose decision comes next; ``check``: stop if an answer is not
    the command the env sent next (run once, untimed, before the timed rows)."""
    commands = sum(len(sent) for _, _, sent, _, _ in episodes)
    rules = extra == "rules"
    agent = RuleAgent()
    wall, cpu = time.perf_counter(), time.process_time()
    for seed, _, sent, ends, asks in episodes:
        engine = SpireEngine(seed)
        engine.state()
        observed = set(ends) if extra in ("observation", "rules") else ()
        questions: dict[int, list[str]] = {}
        if rules:
            agent.reset()
            for position, name in asks:
                questions.setdefault(position, []).append(name)
        available = None
        for i, command in enumerate(sent, 1):
            if i - 1 in questions:
                answer = _ask(agent, questions[i - 1], engine, sent[i - 2] if i > 1 else "START")
                if check and answer is not None and answer != command:
                    raise SystemExit(f"the replayed rule agent answered {answer!r} where the env sent {command!r}")
            try:
                if available is None:  # (the bare call: the script measures trees from before ``available`` too)
                    engine.apply(command)
                else:
                    engine.apply(command, available)
            except InvalidCommand:
                continue  # refused (the env then sent the rule agent's fallback), as in the recorded run
            finally:
                available = None
            if extra == "state":
                engine.state()
            elif i in observed:
                view = view_of(engine, False)
                pack(view)
                available = view.available
            elif rules:
                available = view_of(engine, False, whole=False).available
        if len(sent) in questions:
            _ask(agent, questions[len(sent)], engine, sent[-1] if sent else "START")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return commands / wall, cpu / commands * 1e6


def _ask(agent: RuleAgent, names: list[str], engine: SpireEngine, last: str) -> str | None:
    """The rule agent's questions at one moment, from one lazy message (as the env reads them); its
    last answer."""
    message = engine.rule_message()
    state = SpireState.from_message(
        message, message.get("game_state") or {}, engine.bosses_defeated, last, engine.is_over
    )
    answer = None
    for name in names:
        answer = getattr(agent, name)(state) or answer
    return answer


def rl_table(steps: int = 3000, control: str = "orak") -> None:
    """Raw engine vs native env on the same actions from the same seeds, medians of 3."""
    episodes = record_native_run(steps, control)
    n_steps = sum(len(actions) for _, actions, _, _, _ in episodes)
    n_commands = sum(len(sent) for _, _, sent, _, _ in episodes)
    replay_engine(episodes, "rules", check=True)
    runs: dict[str, list[tuple[float, float]]] = {
        "apply": [],
        "state": [],
        "observation": [],
        "rules": [],
        "native": [],
    }
    for _ in range(3):
        runs["apply"].append(replay_engine(episodes))
        runs["state"].append(replay_engine(episodes, "state"))
        runs["observation"].append(replay_engine(episodes, "observation"))
        runs["rules"].append(replay_engine(episodes, "rules"))
        runs["native"].append(replay_native(episodes, control))
    med = {k: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    per_step = n_commands / n_steps  # engine commands per native step (the rule agent plays the screens it owns)
    apply_cpu = med["apply"][1] * per_step  # the raw engine's CPU for the commands of one native step
    state_cpu = med["state"][1] * per_step
    obs_cpu = med["observation"][1] * per_step
    rules_cpu = med["rules"][1] * per_step
    print(
        f"\nsame run, control={control!r}: {n_steps} native steps of random legal actions, {len(episodes)} episodes "
        f"(seeds 0..), {n_commands} engine commands ({per_step:.2f} per step); medians of 3; CPU per native step"
    )
    print(f"  {'raw engine apply()':44s} {med['apply'][0]:10,.0f} commands/s {apply_cpu:8.1f} us   1.00x")
    print(
        f"  {'raw engine apply() + state() message':44s} {med['state'][0]:10,.0f} commands/s "
        f"{state_cpu:8.1f} us  {state_cpu / apply_cpu:5.2f}x"
    )
    print(
        f"  {'raw engine apply() + native observation':44s} {med['observation'][0]:10,.0f} commands/s "
        f"{obs_cpu:8.1f} us  {obs_cpu / apply_cpu:5.2f}x"
    )
    print(
        f"  {'  + the rule agent and whose-turn views':44s} {med['rules'][0]:10,.0f} commands/s "
        f"{rules_cpu:8.1f} us  {rules_cpu / apply_cpu:5.2f}x"
    )
    rate, cpu = med["native"]
    print(
        f"  {'native env (gym.make, modality=native)':44s} {rate:10,.0f} steps/s    {cpu:8.1f} us  "
        f"{cpu / apply_cpu:5.2f}x  ({cpu / obs_cpu:.2f}x apply+observation, "
        f"{cpu / rules_cpu:.2f}x with the rule agent, "
        f"{cpu / state_cpu:.2f}x apply+state; target <= 1.5x)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minispire", help="python with minispire installed")
    ap.add_argument("--decapitate", help="python (<= 3.10) with decapitate-the-spire installed")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rl", action="store_true", help="only the raw engine vs native env table")
    ap.add_argument("--rl-steps", type=int, default=3000)
    a = ap.parse_args()
    if a.rl:
        for control in ("orak", "full"):
            rl_table(a.rl_steps, control)
        return
    rows = []
    s, n, w, wall, cpu = random_runs(a.seconds, lament=False)
    ours = s / cpu
    rows.append(("ours: random player, act-1 runs", s, n, wall, cpu))
    print(f"random legal player: {n} runs ({w} won), {s / n:.0f} steps/run")
    s2, n2, w2, wall2, cpu2 = random_runs(a.seconds, lament=True)
    rows.append(("ours: 1-HP monsters, full act 1", s2, n2, wall2, cpu2))
    print(f"1-HP monsters (Neow's Lament all act): {n2} runs, {w2} reached and beat the boss, {s2 / n2:.0f} steps/run")
    for label, which, py in (
        ("minispire 1.0.0 (C++, one combat)", "minispire", a.minispire),
        ("decapitate-the-spire 0.2.0 (Silent)", "decapitate", a.decapitate),
    ):
        if py:
            res = baseline(py, which, a.seconds)
            if res:
                rows.append((label, res[0], res[1], res[2], res[3]))
    print(
        f"\n{'engine':40s} {'steps':>8s} {'runs':>6s} {'steps/s wall':>13s} {'steps/s CPU':>12s} "
        f"{'us CPU/step':>11s} {'runs/s CPU':>10s} {'ours vs':>8s}"
    )
    for label, steps, runs, wall, cpu in rows:
        print(
            f"{label:40s} {steps:8d} {runs:6d} {steps / wall:13.0f} {steps / cpu:12.0f} "
            f"{1e6 * cpu / steps:11.1f} {runs / cpu:10.2f} {ours / (steps / cpu):7.2f}x"
        )
    print(f"\nclone() of a mid-combat engine: {1e3 * clone_cost():.2f} ms CPU")
    for control in ("orak", "full"):
        rl_table(a.rl_steps, control)


if __name__ == "__main__":
    main()
