"""The leaderboard: rows are model + agent, columns are games, cells are mean ± standard error of
the 0-100 score over episodes, plus an average column (the mean of a row's game means, as in the
Orak paper's leaderboard).  Written as Markdown, CSV and a grouped bar chart PNG.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.eval.schema import MeanSE, expand_run_dirs, mean_se, read_config, read_episodes


@dataclass
class Leaderboard:
    """Scores per (row label, env id); rows sorted by average, best first."""

    envs: list[str]
    rows: dict[str, dict[str, MeanSE]] = field(default_factory=dict)

    def average(self, label: str) -> float:
        """Mean of the row's per-game means; NaN when a row lacks a game (the paper's rule: not ranked)."""
        cells = self.rows[label]
        if any(env not in cells for env in self.envs):
            return math.nan
        return sum(cells[env].mean for env in self.envs) / len(self.envs)

    def ranked(self) -> list[str]:
        def key(label: str) -> tuple[int, float, str]:
            avg = self.average(label)
            return (1, 0.0, label) if math.isnan(avg) else (0, -avg, label)

        return sorted(self.rows, key=key)

    # ------------------------------------------------------------------ formats
    def header(self) -> list[str]:
        return ["model (agent)", *(_short(env) for env in self.envs), "average"]

    def cells(self, label: str) -> list[str]:
        row = self.rows[label]
        values = [str(row[env]) if env in row else "-" for env in self.envs]
        avg = self.average(label)
        return [label, *values, "-" if math.isnan(avg) else f"{avg:.1f}"]

    def to_markdown(self) -> str:
        header = self.header()
        lines = [
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
        ]
        lines += ["| " + " | ".join(self.cells(label)) + " |" for label in self.ranked()]
        counts = sorted({cell.n for row in self.rows.values() for cell in row.values()})
        note = f"\nScores 0-100, mean ± standard error over {'/'.join(map(str, counts))} episodes per cell.\n"
        return "\n".join(lines) + "\n" + note

    def write_csv(self, path: Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["label", "env", "mean", "se", "episodes"])
            for label in self.ranked():
                for env in self.envs:
                    cell = self.rows[label].get(env)
                    if cell is not None:
                        writer.writerow([label, env, f"{cell.mean:.4f}", f"{cell.se:.4f}", cell.n])
                avg = self.average(label)
                if not math.isnan(avg):
                    writer.writerow([label, "average", f"{avg:.4f}", "", ""])

    def plot(self, path: Path) -> Path:
        """Grouped bars (one group per game, one bar per row) with standard-error whiskers."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as exc:
            from orak_gym.core.errors import MissingDependencyError

            raise MissingDependencyError("matplotlib", "plots", "leaderboard charts") from exc
        labels = self.ranked()
        groups = [_short(env) for env in self.envs]
        width = 0.8 / max(1, len(labels))
        fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(groups) + 2), 4.2), dpi=120)
        for i, label in enumerate(labels):
            cells = [self.rows[label].get(env) for env in self.envs]
            xs = [g + (i - (len(labels) - 1) / 2) * width for g in range(len(groups))]
            means = [c.mean if c else 0.0 for c in cells]
            errors = [c.se if c else 0.0 for c in cells]
            ax.bar(xs, means, width, yerr=errors, capsize=3, label=label)
        ax.set_xticks(range(len(groups)), groups)
        ax.set_ylabel("score (0-100)")
        top = max((c.mean + c.se for row in self.rows.values() for c in row.values()), default=1.0)
        ax.set_ylim(0, min(100.0, max(1.0, top * 1.25)))
        ax.set_title("orak-gym leaderboard (mean ± s.e.)")
        ax.legend(fontsize=8, loc="upper right")
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
        plt.close(fig)
        return path


def _short(env_id: str) -> str:
    """``orak/2048-v0`` -> ``2048``: the column name."""
    name = env_id.split("/")[-1]
    return name[:-3] if name.endswith("-v0") else name


def build_leaderboard(run_dirs: Iterable[str | Path]) -> Leaderboard:
    """Merges runs: episodes of runs with the same label and env pool into one cell (later seeds add up;
    the same (env, seed) seen twice counts once)."""
    pooled: dict[str, dict[str, dict[int, float]]] = {}
    envs: list[str] = []
    for run_dir in expand_run_dirs(run_dirs):
        label = read_config(run_dir).label()
        for result in read_episodes(run_dir):
            if result.env not in envs:
                envs.append(result.env)
            pooled.setdefault(label, {}).setdefault(result.env, {}).setdefault(result.seed, result.score)
    board = Leaderboard(envs=envs)
    for label, by_env in pooled.items():
        board.rows[label] = {env: mean_se(scores.values()) for env, scores in by_env.items()}
    return board


def write_leaderboard(board: Leaderboard, out: str | Path, plot: bool = True) -> dict[str, Path]:
    """Writes ``leaderboard.md``, ``leaderboard.csv`` and (with matplotlib) ``leaderboard.png``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {"markdown": out / "leaderboard.md", "csv": out / "leaderboard.csv"}
    files["markdown"].write_text(board.to_markdown(), encoding="utf-8")
    board.write_csv(files["csv"])
    if plot:
        files["png"] = board.plot(out / "leaderboard.png")
    return files
