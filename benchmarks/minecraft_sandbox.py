"""What the Minecraft sandbox's isolation costs: step overhead now against a baseline git ref.

The baseline (by default the commit before the confined runner) is checked out into a temporary
git worktree and measured in the same run, by the same code, so the ratios compare like with like.
Figures per tree: reset, the full ``env.step`` of a trivial program (wall and CPU time of every
process of the env: driver, server and runner), the bare ``run`` round trip, and how long a program
that blocks the event loop holds a step past its ``step_timeout``.

Usage:
    .venv/bin/python benchmarks/minecraft_sandbox.py                      # baseline: 974adc5
    .venv/bin/python benchmarks/minecraft_sandbox.py --baseline <ref> --steps 30
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS = Path("orak_gym/games/minecraft/js")
TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and all its descendants."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = (int(x) for x in line.split())
        children.setdefault(pp, []).append(p)
    total, stack = 0.0, [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
        except (OSError, IndexError, ValueError):
            pass
    return total


def measure(steps: int) -> dict[str, float]:
    """Runs in the tree under test (its orak_gym is first on sys.path)."""
    from orak_gym.games.minecraft.env import MinecraftEnv

    env = MinecraftEnv(task="crafting_table", step_timeout=3.0)
    try:
        t = time.perf_counter()
        env.reset(seed=1)
        reset = time.perf_counter() - t
        program = "async function noop(bot) { bot.chat('hi'); }"
        env.step(program)  # warm-up
        walls, cpus, runs = [], [], []
        for _ in range(steps):
            c, t = _tree_cpu(env.driver.pid), time.perf_counter()  # type: ignore[union-attr]
            env.step(program)
            walls.append(time.perf_counter() - t)
            cpus.append(_tree_cpu(env.driver.pid) - c)  # type: ignore[union-attr]
            t = time.perf_counter()
            env.driver.call("run", code=program, timeoutMs=5000)  # type: ignore[union-attr]
            runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        env.step("await null; /^(a+)+$/.test('a'.repeat(40) + 'b');")  # blocks the event loop for good
        blocked = time.perf_counter() - t - env.step_timeout
        t = time.perf_counter()
        env.step("console.log('after');")
        after = time.perf_counter() - t
    finally:
        env.close()
    return {
        "reset_s": reset,
        "step_ms": statistics.median(walls) * 1000,
        "step_cpu_ms": statistics.median(cpus) * 1000,
        "run_ms": statistics.median(runs) * 1000,
        "blocked_over_timeout_s": blocked,
        "step_after_block_ms": after * 1000,
    }


def measure_in(tree: Path, script: str, *args: str) -> dict[str, float]:
    """Runs ``script --measure TREE ARGS`` in ``tree`` (a fresh interpreter, that tree's code) and returns
    the JSON figures it prints last; shared with ``minecraft_red_team.py``."""
    cmd = [sys.executable, script, "--measure", str(tree), *args]
    proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, timeout=900)
    if proc.returncode:
        raise SystemExit(f"measuring {tree} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_tree(tree: Path, steps: int) -> dict[str, float]:
    return measure_in(tree, __file__, "--steps", str(steps))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", default="974adc5", help="git ref of the tree to compare against")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure the tree at this path
    args = ap.parse_args()
    if args.measure:
        sys.path.insert(0, args.measure)
        print(json.dumps(measure(args.steps)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.baseline], cwd=ROOT, check=True)
        try:
            # hard links, not a symlink: a confined runner may read below its own js/ only, and Node resolves symlinks
            subprocess.run(["cp", "-al", str(ROOT / JS / "node_modules"), str(base / JS / "node_modules")], check=True)
            before = run_tree(base, args.steps)
            now = run_tree(ROOT, args.steps)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    print(f"| figure | baseline {args.baseline} | now | ratio |\n|---|---|---|---|")
    for k in before:
        ratio = now[k] / before[k] if before[k] > 0 else float("nan")
        print(f"| {k} | {before[k]:.2f} | {now[k]:.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
