"""What the second red-team pass's fixes hold and cost, measured with a runner whose host realm the model owns.

Two figures per tree (the baseline git ref is checked out into a temporary git worktree and measured in
the same run, by the same code):

* the embedded server's resident memory after reset and after each of ``--spam`` steps whose escaped
  program sends 40 raw position packets into chunks the server has not generated yet (the baseline
  takes every one; now impossible moves are sent back and the heap is capped);
* for the current tree only: the time of a step whose runner writes a forged reply (nesting 200,000
  deep, wrong types and sizes, replies to other requests, a 9 MiB line, endless garbage), against the
  documented bound ``step_timeout + STEP_MARGIN + RESTART_BUDGET``.

The stand-in runner is ``tests/games/minecraft/data/minecraft_hostile_runner.js`` of the current tree, for both trees
(the baseline must have the driver's ``runner`` option: 481fefe or later).

Usage:
    .venv/bin/python benchmarks/minecraft_red_team.py                 # baseline: 481fefe
    .venv/bin/python benchmarks/minecraft_red_team.py --baseline <ref> --spam 5
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from minecraft_sandbox import measure_in  # the benchmarks folder is the script's own, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
JS = Path("orak_gym/games/minecraft/js")
HOSTILE = ROOT / "tests" / "games" / "minecraft" / "data" / "minecraft_hostile_runner.js"
FORGERIES = ("deep", "fields", "ids", "huge", "silent")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(spam: int, forgeries: bool) -> dict[str, float]:
    """Runs in the tree under test (its orak_gym is first on sys.path)."""
    from orak_gym.games.minecraft.env import RESTART_BUDGET, STEP_MARGIN, MinecraftEnv

    class HostileRunnerEnv(MinecraftEnv):
        def _start_args(self) -> dict:
            return {**super()._start_args(), "runner": str(HOSTILE)}

    env = HostileRunnerEnv(task="crafting_table", step_timeout=4.0)
    figures: dict[str, float] = {}
    try:
        env.reset(seed=13)
        server = env.driver.call("serverPid")  # type: ignore[union-attr]
        env.step("console.log('warm-up')")
        figures["server_rss_mb_after_reset"] = _rss_mb(server)
        for i in range(1, spam + 1):
            env.step("console.log('HOSTILE spam')")
            figures[f"server_rss_mb_after_spam_{i}"] = _rss_mb(server)
        figures["server_x_after_spam"] = env.state.position.get("x", float("nan"))
        if forgeries:
            figures["documented_bound_s"] = env.step_timeout + STEP_MARGIN + RESTART_BUDGET
            for kind in FORGERIES:
                t = time.perf_counter()
                env.step(f"console.log('HOSTILE {kind}')")
                figures[f"step_s_forged_{kind}"] = time.perf_counter() - t
    finally:
        env.close()
    return figures


def run_tree(tree: Path, spam: int, forgeries: bool) -> dict[str, float]:
    return measure_in(tree, __file__, "--spam", str(spam), *(["--forgeries"] if forgeries else []))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", default="481fefe", help="git ref of the tree to compare against")
    ap.add_argument("--spam", type=int, default=5, help="steps of raw-position spam")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure the tree at this path
    ap.add_argument("--forgeries", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        sys.path.insert(0, args.measure)
        print(json.dumps(measure(args.spam, args.forgeries)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.baseline], cwd=ROOT, check=True)
        try:
            # hard links, not a symlink: the runner may read below its own js/ only, and Node resolves symlinks
            subprocess.run(["cp", "-al", str(ROOT / JS / "node_modules"), str(base / JS / "node_modules")], check=True)
            before = run_tree(base, args.spam, forgeries=False)
            now = run_tree(ROOT, args.spam, forgeries=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    print(f"| figure | baseline {args.baseline} | now |\n|---|---|---|")
    for k in now:
        print(f"| {k} | {before[k]:.1f} | {now[k]:.1f} |" if k in before else f"| {k} | - | {now[k]:.1f} |")


if __name__ == "__main__":
    main()
