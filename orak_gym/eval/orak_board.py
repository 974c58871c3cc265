"""Orak's published leaderboard beside ours: ``orak-gym leaderboard --with-orak``.

Orak's numbers ship as data (``data/orak_leaderboard.json``: 20 model/agent rows x 12 games, mean ±
standard deviation on 0-100, the arena Elo, with their source, commit and date).  They are shown for the
games our runs played, never pooled with ours: a number here and a number there differ in settings, and
each of our rows lists the ones that differ from Orak's (prompt set, agent type, modality, decision
limit, and the game itself: an embedded engine, another version, another emulator).  What differs per
game is a fact of the game, read from its Orak prompt map (``game`` and ``leaderboard_agent`` in its
``orak.json``), so nothing here names a game.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orak_gym.eval.leaderboard import Leaderboard, game_column, save_bar_chart
from orak_gym.eval.schema import RunConfig

DATA = Path(__file__).with_name("data") / "orak_leaderboard.json"


@dataclass(frozen=True)
class OrakRow:
    """One published row: a model with an agent type ("default": Orak's per-game choice)."""

    model: str
    agent: str
    scores: dict[str, tuple[float, float]]  # our column (game title) -> (mean, std)

    @property
    def label(self) -> str:
        return f"Orak: {self.model} ({self.agent})"


def load_orak_leaderboard(path: Path = DATA) -> dict[str, Any]:
    """The published leaderboard as stored (source, date, settings, rows, arena Elo)."""
    return json.loads(path.read_text(encoding="utf-8"))


def orak_rows(data: dict[str, Any], games: list[str], models: list[str] | None = None) -> list[OrakRow]:
    """Orak's rows restricted to our columns ``games`` (game titles); ``models``: substrings to keep."""
    rows = []
    for row in data["rows"]:
        if models and not any(m.lower() in row["model"].lower() for m in models):
            continue
        scores = {}
        for env_id, (mean, std) in row["scores"].items():
            column = game_column(env_id)
            if column in games:
                scores[column] = (float(mean), float(std))
        if scores:
            rows.append(OrakRow(row["model"], row["agent"], scores))
    return rows


def _game_map(env_ids: list[str]) -> Any:
    from orak_gym.agents.orak_prompts import OrakPromptError, prompt_map

    for env_id in env_ids:
        try:
            return prompt_map(env_id)
        except OrakPromptError:
            continue
    return None


def differences(label: str, board: Leaderboard, data: dict[str, Any]) -> list[str]:
    """The settings in which our row ``label`` differs from Orak's published rows, one phrase each."""
    config: RunConfig = board.configs[label]
    notes: list[str] = []
    release = f"{data['setting']['orak_release']} ({data['setting']['orak_release_commit']})"
    release_commit = str(data["setting"]["orak_release_commit"])
    prompt_set = config.prompt_set or "ours"
    if prompt_set == "ours":
        notes.append("prompts: orak-gym's own (Orak's rows: Orak's prompts)")
    else:
        commit = prompt_set.partition("@")[2]
        if not (release_commit and commit.startswith(release_commit)):
            notes.append(f"prompts: Orak's at {commit[:10]} (Orak's rows: {release})")
    if config.modality != data["setting"]["modality"]:
        notes.append(f"modality: {config.modality} (Orak's rows: {data['setting']['modality']})")
    for game in sorted(board.rows[label]):
        envs = board.game_envs.get(game, [])
        game_map = _game_map(envs)
        if game_map is None:
            notes.append(f"{game}: no Orak comparison data in its folder")
            continue
        if game_map.leaderboard_agent and config.agent != game_map.leaderboard_agent:
            notes.append(f"{game}: agent {config.agent} (Orak's default rows: {game_map.leaderboard_agent})")
        facts = game_map.game
        real = facts.get("real_game_kwargs") or {}
        kwargs = [config.env_kwargs.get(env, {}) for env in envs]
        on_real_game = bool(real) and all(all(kw.get(k) == v for k, v in real.items()) for kw in kwargs)
        if facts.get("engine") and not on_real_game:
            notes.append(f"{game}: {facts['engine']} (Orak: {facts.get('orak', 'the real game')})")
        from orak_gym.core.registry import spec_of

        limit = spec_of(envs[0]).max_decisions if envs else None
        if config.max_steps is not None and limit is not None and config.max_steps < limit:
            notes.append(f"{game}: decision limit {config.max_steps} (Orak: {limit})")
    return notes


def to_markdown(board: Leaderboard, data: dict[str, Any], rows: list[OrakRow]) -> str:
    """Our rows, Orak's rows for the same games, and what differs, as one markdown page."""
    header = ["row", *board.games]
    lines = ["## Ours (mean ± standard error)", "", "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for label in board.ranked():
        cells = [str(board.rows[label][g]) if g in board.rows[label] else "-" for g in board.games]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    lines += ["", f"## Orak's published rows (mean ± standard deviation; {_source(data)})", ""]
    lines += ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for row in rows:
        cells = [f"{row.scores[g][0]:.1f} ± {row.scores[g][1]:.1f}" if g in row.scores else "-" for g in board.games]
        lines.append("| " + " | ".join([row.label, *cells]) + " |")
    lines += ["", "## Settings that differ from Orak's rows (never pooled)", ""]
    for label in board.ranked():
        notes = differences(label, board, data) if label in board.configs else []
        lines.append(f"- **{label}**: " + ("; ".join(notes) if notes else "none recorded"))
    return "\n".join(lines) + "\n"


def _source(data: dict[str, Any]) -> str:
    return f"{data['source']} @ {data['source_commit']}, {data['source_date']}"


def plot(board: Leaderboard, rows: list[OrakRow], data: dict[str, Any], path: Path) -> Path:
    """Grouped bars per game: our rows solid (± s.e.), Orak's rows hatched (± std)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("matplotlib", "plots", "leaderboard charts") from exc
    ours = [(label, {g: (c.mean, c.se) for g, c in board.rows[label].items()}) for label in board.ranked()]
    bars = [(label, cells, False) for label, cells in ours] + [(r.label, r.scores, True) for r in rows]
    width = 0.8 / max(1, len(bars))
    fig, ax = plt.subplots(figsize=(max(7.0, 2.4 * len(board.games) + 4), 4.8), dpi=120)
    for i, (label, cells, theirs) in enumerate(bars):
        xs = [g + (i - (len(bars) - 1) / 2) * width for g in range(len(board.games))]
        present = [
            (x, cells[g]) for x, g in zip(xs, board.games, strict=True) if g in cells and not math.isnan(cells[g][0])
        ]
        ax.bar(
            [x for x, _ in present],
            [m for _, (m, _) in present],
            width,
            yerr=[s for _, (_, s) in present],
            capsize=2,
            label=label,
            hatch="//" if theirs else None,
            alpha=0.55 if theirs else 1.0,
        )
    ax.set_xticks(range(len(board.games)), board.games)
    ax.set_ylabel("score (0-100)")
    ax.set_ylim(0, 100)
    ax.set_title(
        f"ours (solid, ± s.e.) beside Orak's published rows (hatched, ± std; {data['source_date']})", fontsize=9
    )
    return save_bar_chart(fig, ax, path, legend_fontsize=6)


def write_with_orak(
    board: Leaderboard, out: Path, models: list[str] | None = None, draw: bool = True
) -> dict[str, Any]:
    """Writes ``leaderboard_orak.md`` (and ``leaderboard_orak.png``); returns the rows and files."""
    data = load_orak_leaderboard()
    rows = orak_rows(data, board.games, models)
    out.mkdir(parents=True, exist_ok=True)
    files = {"orak_markdown": out / "leaderboard_orak.md"}
    files["orak_markdown"].write_text(to_markdown(board, data, rows), encoding="utf-8")
    if draw:
        files["orak_png"] = plot(board, rows, data, out / "leaderboard_orak.png")
    return {"data": data, "rows": rows, "files": files}
