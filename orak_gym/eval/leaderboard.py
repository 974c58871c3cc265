"""The leaderboard: one row per setting, one column per game, cells mean ± standard error.

A row is everything that changes a score (:attr:`RunConfig.SCORE_SETTINGS`: model, agent, modality,
decision limit, env and agent kwargs, package version); runs pool into a row only when all of these
agree, so a text run and an image run of one model, or two decision limits, are never averaged.
Row labels are ``model (agent)`` plus whatever tells the rows apart (``image``, ``max_steps=50``).
Episodes whose score the env could not verify (``EpisodeResult.verified``) form rows of their own,
labelled ``unverified``, never pooled with verified ones.

A game's env ids (Baba Is You's levels) form one column: the mean over all its scored episodes.
``average`` is the mean of a row's game means (the Orak leaderboard's rule), empty when the row
lacks a game.  Errored episodes are never scores: they are counted in an ``errors`` column.  The
same (env, seed) played by two runs of one row counts once, the earliest run's (by creation time,
then path), so the table does not depend on the order runs are given.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orak_gym.eval.schema import MeanSE, RunConfig, expand_run_dirs, mean_se, read_config, read_episodes

RowKey = tuple[tuple[str, str], ...]


@dataclass
class Leaderboard:
    """Scores per (row label, game column); rows sorted by average, best first."""

    games: list[str]
    rows: dict[str, dict[str, MeanSE]] = field(default_factory=dict)
    #: Errored episodes per row (not scored).
    errors: dict[str, int] = field(default_factory=dict)
    #: Env ids pooled into each game column.
    game_envs: dict[str, list[str]] = field(default_factory=dict)
    #: The settings of each row (the first run's; every score setting is the same across the row).
    configs: dict[str, RunConfig] = field(default_factory=dict)

    @property
    def envs(self) -> list[str]:
        """The columns (kept for callers of the first version, where columns were env ids)."""
        return self.games

    def average(self, label: str) -> float:
        """Mean of the row's per-game means; NaN when a row lacks a game (the paper's rule: not ranked)."""
        cells = self.rows[label]
        if not self.games or any(game not in cells for game in self.games):
            return math.nan
        return sum(cells[game].mean for game in self.games) / len(self.games)

    def ranked(self) -> list[str]:
        def key(label: str) -> tuple[int, float, str]:
            avg = self.average(label)
            return (1, 0.0, label) if math.isnan(avg) else (0, -avg, label)

        return sorted(self.rows, key=key)

    # ------------------------------------------------------------------ formats
    def header(self) -> list[str]:
        return ["model (agent)", *self.games, "average", "errors"]

    def cells(self, label: str) -> list[str]:
        row = self.rows[label]
        values = [str(row[game]) if game in row else "-" for game in self.games]
        avg = self.average(label)
        return [label, *values, "-" if math.isnan(avg) else f"{avg:.1f}", str(self.errors.get(label, 0))]

    def to_markdown(self) -> str:
        header = self.header()
        lines = [
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
        ]
        lines += ["| " + " | ".join(self.cells(label)) + " |" for label in self.ranked()]
        counts = sorted({cell.n for row in self.rows.values() for cell in row.values()})
        note = (
            f"\nScores 0-100, mean ± standard error over {'/'.join(map(str, counts))} episodes per cell; "
            "`-`: no scored episode; `errors`: episodes that errored (never scored); "
            "`unverified`: scores the env could not check itself (a game server it does not control).\n"
        )
        return "\n".join(lines) + "\n" + note

    def write_csv(self, path: Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["label", "game", "mean", "se", "episodes", "errors"])
            for label in self.ranked():
                for game in self.games:
                    cell = self.rows[label].get(game)
                    if cell is not None:
                        writer.writerow([label, game, f"{cell.mean:.4f}", f"{cell.se:.4f}", cell.n, ""])
                    else:
                        writer.writerow([label, game, "", "", 0, ""])
                avg = self.average(label)
                writer.writerow([label, "average", "" if math.isnan(avg) else f"{avg:.4f}", "", "", ""])
                writer.writerow([label, "errors", "", "", "", self.errors.get(label, 0)])

    def plot(self, path: Path) -> Path:
        """Grouped bars (one group per game, one bar per row) with standard-error whiskers; a missing
        cell is an empty hatched slot marked ``n/a``, never a zero bar."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as exc:
            from orak_gym.core.errors import MissingDependencyError

            raise MissingDependencyError("matplotlib", "plots", "leaderboard charts") from exc
        labels = self.ranked()
        width = 0.8 / max(1, len(labels))
        fig, ax = plt.subplots(figsize=(max(6.0, 1.8 * len(self.games) + 2), 4.4), dpi=120)
        top = max((c.mean + c.se for row in self.rows.values() for c in row.values()), default=1.0)
        ylim = min(100.0, max(1.0, top * 1.3))
        for i, label in enumerate(labels):
            cells = [self.rows[label].get(game) for game in self.games]
            xs = [g + (i - (len(labels) - 1) / 2) * width for g in range(len(self.games))]
            present = [(x, c) for x, c in zip(xs, cells, strict=True) if c is not None]
            bars = ax.bar(
                [x for x, _ in present],
                [c.mean for _, c in present],
                width,
                yerr=[c.se for _, c in present],
                capsize=3,
                label=label,
            )
            color = bars.patches[0].get_facecolor() if bars.patches else None
            for x, cell in zip(xs, cells, strict=True):
                if cell is None:
                    ax.bar([x], [ylim], width, fill=False, hatch="//", edgecolor=color or "grey", linewidth=0.6)
                    ax.text(x, ylim * 0.03, "n/a", ha="center", va="bottom", fontsize=7, rotation=90)
        ax.set_xticks(range(len(self.games)), self.games)
        ax.set_ylabel("score (0-100)")
        ax.set_ylim(0, ylim)
        ax.set_title("orak-gym leaderboard (mean ± s.e.; hatched: no scored episode)", fontsize=10)
        return save_bar_chart(fig, ax, path, legend_fontsize=8)


def save_bar_chart(fig: Any, ax: Any, path: Path, legend_fontsize: float) -> Path:
    """Finishes and writes a score bar chart: the legend beside the axes (never over a bar), a light
    y grid, a tight layout; closes the figure (charts are drawn in loops: open figures pile up)."""
    import matplotlib.pyplot as plt

    ax.legend(fontsize=legend_fontsize, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", pad_inches=0.2)
    plt.close(fig)
    return path


def game_column(env_id: str) -> str:
    """The column of an env id: its game's title (levels of one game share it); the id itself for an
    env this installation does not know."""
    from orak_gym.core.registry import UnknownEnvError, spec_of

    try:
        return spec_of(env_id).title
    except UnknownEnvError:
        return env_id


def _row_labels(keys: list[RowKey], configs: dict[RowKey, RunConfig]) -> dict[RowKey, str]:
    """``model (agent)``, plus the settings that differ between rows sharing that base."""
    bases = {key: configs[key].label() for key in keys}
    labels: dict[RowKey, str] = {}
    for key in keys:
        twins = [other for other in keys if bases[other] == bases[key]]
        extras: list[str] = []
        if len(twins) > 1:
            for index, (name, value) in enumerate(key):
                if name in ("model", "agent", "verified") or len({other[index][1] for other in twins}) == 1:
                    continue
                extras.append(_setting_text(name, json.loads(value)))
        if dict(key).get("verified") == "false":
            extras.append("unverified")
        labels[key] = bases[key] + (f" [{', '.join(extras)}]" if extras else "")
    seen: dict[str, int] = {}
    for key in keys:  # settings that read alike must still give distinct rows
        seen[labels[key]] = seen.get(labels[key], 0) + 1
        if seen[labels[key]] > 1:
            labels[key] += f" #{seen[labels[key]]}"
    return labels


def _setting_text(name: str, value: object) -> str:
    if name == "modality":
        return str(value)
    if name == "package_version":
        return f"v{value}"
    if name == "prompt_set":
        text = str(value)
        return "our prompts" if text == "ours" else f"Orak's prompts @{text.partition('@')[2][:10]}"
    if name == "env_kwargs" and isinstance(value, dict):
        merged = {k: v for kwargs in value.values() if isinstance(kwargs, dict) for k, v in kwargs.items()}
        return ", ".join(f"{k}={v}" for k, v in sorted(merged.items())) or "default env"
    if name == "agent_kwargs" and isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "default agent"
    return f"{name}={'default' if value is None else value}"


def _row_key(config: RunConfig, verified: bool) -> RowKey:
    """The score settings, and whether the env verified the score: unverified episodes never pool with
    verified ones."""
    return (*config.score_settings(), ("verified", json.dumps(bool(verified))))


def build_leaderboard(run_dirs: Iterable[str | Path]) -> Leaderboard:
    """Pools runs with identical score settings; see the module docstring for the rules."""
    runs = [(path, read_config(path)) for path in expand_run_dirs(run_dirs)]
    runs.sort(key=lambda item: (item[1].created, str(item[0])))  # order-independent
    configs: dict[RowKey, RunConfig] = {}
    scores: dict[RowKey, dict[str, dict[tuple[str, int], float]]] = {}
    errors: dict[RowKey, set[tuple[str, int]]] = {}
    game_envs: dict[str, set[str]] = {}
    for path, config in runs:
        episodes = list(read_episodes(path))
        for key in {_row_key(config, result.verified) for result in episodes} or {_row_key(config, True)}:
            configs.setdefault(key, config)
            scores.setdefault(key, {})
            errors.setdefault(key, set())
        for result in episodes:
            key = _row_key(config, result.verified)
            row, failed = scores[key], errors[key]
            game = game_column(result.env)
            game_envs.setdefault(game, set()).add(result.env)
            if result.errored or result.score is None:
                failed.add(result.key)
                continue
            row.setdefault(game, {}).setdefault(result.key, result.score)
    for key, row in scores.items():  # an error later fixed in another run of the row is no error
        errors[key] -= {pair for cells in row.values() for pair in cells}
    labels = _row_labels(sorted(scores), configs)
    board = Leaderboard(games=sorted(game_envs), game_envs={g: sorted(e) for g, e in game_envs.items()})
    for key, row in scores.items():
        label = labels[key]
        board.rows[label] = {game: mean_se(values.values()) for game, values in row.items() if values}
        board.configs[label] = configs[key]
        board.errors[label] = len(errors[key])
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
