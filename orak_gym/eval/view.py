"""``orak-gym view``: a run directory (or an arena folder) as one self-contained HTML file.

The report opens from disk with no server and no network: its script and style are inline, frames
are PNG data URIs, and a Content-Security-Policy lets only the report's own script run (by hash), so
nothing in the run can load or execute anything.  Everything a run recorded (observations, prompts,
a model's answers, errors) is hostile text: it travels as JSON inside ``<script type="application/json">``
blocks with ``<``, ``>`` and ``&`` escaped, and the page puts it on screen with ``textContent`` only.

Large runs stay fast: each episode's steps and frames are their own JSON blocks, parsed only when
the episode is opened.  A bad folder or a corrupt file is a :class:`ViewError` (one line) raised
before anything is written.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

from orak_gym.core.errors import OrakError
from orak_gym.eval.schema import (
    CONFIG,
    EPISODES,
    SUMMARY,
    EpisodeResult,
    RunDirError,
    frames_dir,
    model_spec_name,
    read_config,
    read_episodes,
    read_json_object,
    read_jsonl,
    summarise,
    trajectory_path,
)

ARENA_CONFIG = "arena.json"  # arena_run's names, repeated so that viewing a run never imports PettingZoo
MATCHES = "matches.jsonl"
REPORT = "report.html"


class ViewError(OrakError, ValueError):
    """The folder is no run directory or arena, or one of its files is missing or corrupt."""


# ---------------------------------------------------------------------------------- reading, strictly
def check_jsonl(path: Path) -> None:
    """Raises :class:`ViewError` unless every line of ``path`` is a JSON object.  A last line cut
    short by a kill (no newline) is allowed: runs are written so that it is, and readers skip it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ViewError(f"cannot read {path}: {exc.strerror or exc}") from exc
    lines = data.split(b"\n")
    for number, line in enumerate(lines[:-1], start=1):  # lines[-1]: after the last newline (or cut short)
        if not line.strip():
            continue
        try:
            ok = isinstance(json.loads(line), dict)
        except ValueError:
            ok = False
        if not ok:
            raise ViewError(f"{path} is corrupt: line {number} is not a JSON object")


def _json_file(path: Path) -> dict[str, Any]:
    try:
        return read_json_object(path)
    except RunDirError as exc:
        raise ViewError(str(exc)) from exc
    except OSError as exc:
        raise ViewError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _png_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _finite(value: Any) -> float | None:
    """A number fit for JSON (NaN and infinities are no JSON): None when there is none."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------------------------- an eval run
def _episode_chunk(
    run_dir: Path, result: EpisodeResult, render: bool = False
) -> tuple[dict[str, Any], list[str | None]]:
    """The step-through of one episode (its trajectory read back) and its frames as data URIs: those
    the run saved (``--frames``), else with ``render`` the episode re-played from its seed."""
    from orak_gym.eval.replay import ReplayError, load_trajectory, rerender

    path = trajectory_path(run_dir, result.env, result.seed)
    if not path.is_file():
        raise ViewError(f"{path} is missing: episodes.jsonl lists {result.env} seed {result.seed}")
    check_jsonl(path)
    try:
        trajectory = load_trajectory(path)
    except ReplayError as exc:
        raise ViewError(str(exc)) from exc
    steps = []
    for line in trajectory.steps:
        steps.append(
            {
                "step": line.get("step"),
                "observation": line.get("observation"),
                "calls": [
                    {
                        "module": call.get("module"),
                        "messages": call.get("messages") or [],
                        "response": call.get("raw_response"),
                        "error": call.get("error"),
                        "prompt_tokens": call.get("prompt_tokens"),
                        "completion_tokens": call.get("completion_tokens"),
                        "latency_s": _finite(call.get("latency_s")),
                    }
                    for call in line.get("calls") or []
                    if isinstance(call, dict)
                ],
                "action": line.get("action"),
                "native_actions": line.get("native_actions"),
                "action_valid": line.get("action_valid"),
                "feedback": line.get("action_feedback"),
                "fallback": line.get("fallback"),
                "decision_error": line.get("decision_error"),
                "reward": _finite(line.get("reward")),
                "score": _finite(line.get("score")),
            }
        )
    end = trajectory.end or {}
    chunk = {
        "reset": {"observation": trajectory.reset.get("observation"), "score": _finite(trajectory.reset.get("score"))},
        "steps": steps,
        "end": {
            "event": end.get("event"),
            "observation": end.get("observation"),
            "termination": end.get("termination"),
            "error": end.get("error"),
        },
    }
    folder = frames_dir(run_dir, result.env, result.seed)
    frames: list[str | None] = []
    if folder.is_dir():
        by_index = {int(p.stem): p for p in folder.glob("*.png") if p.stem.isdigit()}
        frames = [_png_uri(by_index[i]) if i in by_index else None for i in range(len(steps) + 1)]
    elif render:
        try:
            frames = [_array_uri(frame) for frame in rerender(trajectory)]
        except ReplayError as exc:  # a nondeterministic env: no frames rather than wrong ones
            chunk["frames_note"] = f"No frames: {exc}"
    return chunk, frames


def _array_uri(frame: Any) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(frame).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _leaderboard(run_dir: Path) -> dict[str, Any]:
    """The run's leaderboard table, and its bar chart when matplotlib is installed."""
    from orak_gym.eval.leaderboard import build_leaderboard

    board = build_leaderboard([run_dir])
    table = {"header": board.header(), "rows": [board.cells(label) for label in board.ranked()]}
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return {**table, "plot": None}
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        png = board.plot(Path(tmp) / "leaderboard.png")
        return {**table, "plot": _png_uri(png)}


def eval_report_data(run_dir: Path, render: bool = False) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The index of an eval run and its lazily parsed blocks (``ep-N``: steps, ``fr-N``: frames)."""
    try:
        config = read_config(run_dir)
    except RunDirError as exc:
        raise ViewError(exc.cli) from exc
    except (TypeError, OSError) as exc:
        raise ViewError(f"{run_dir / CONFIG} is corrupt: {exc}") from exc
    episodes_path = run_dir / EPISODES
    if not episodes_path.is_file():
        raise ViewError(f"{episodes_path} is missing: the run has no finished episode to show")
    check_jsonl(episodes_path)
    results = sorted(read_episodes(run_dir), key=lambda r: (r.env, r.seed))
    summary_path = run_dir / SUMMARY
    summary_note = None
    if summary_path.is_file():
        summary = _json_file(summary_path)
        if not all(isinstance(stats, dict) for stats in summary.values()):
            raise ViewError(f"{summary_path} is corrupt: each env's entry must be an object of statistics")
    else:
        summary = summarise(results)
        summary_note = "summary.json is absent (the run was stopped): these figures are computed from episodes.jsonl"
    blocks: list[tuple[str, Any]] = []
    episodes = []
    for index, result in enumerate(results):
        chunk, frames = _episode_chunk(run_dir, result, render)
        blocks.append((f"ep-{index}", chunk))
        blocks.append((f"fr-{index}", frames))
        row = result.to_dict()
        row.update(id=index, errored=result.errored, frames=sum(1 for f in frames if f))
        row.update({k: _finite(row[k]) for k in ("score", "raw_score", "return", "cost_usd", "wall_time_s")})
        row["model"] = model_spec_name(row.get("model")) or None
        episodes.append(row)
    index_data = {
        "kind": "eval",
        "title": f"run {config.name or run_dir.name}",
        "settings": {
            "run": config.name or run_dir.name,
            "agent": config.agent,
            "model": model_spec_name(config.model) or "-",
            "modality": config.modality,
            "max_steps": "-" if config.max_steps is None else str(config.max_steps),
            "envs": ", ".join(config.envs),
            "seeds": str(len(config.seeds)),
            "created": config.created or "-",
            "orak-gym": config.package_version or "-",
        },
        "summary": summary,
        "summary_note": summary_note,
        "leaderboard": _leaderboard(run_dir),
        "episodes": episodes,
    }
    return index_data, blocks


# ---------------------------------------------------------------------------------- an arena
def arena_report_data(out: Path) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """An arena folder: its settings, Elo table, W/D/L matrix, heatmap and matches (errored apart)."""
    settings = _json_file(out / ARENA_CONFIG)
    if not isinstance(settings.get("players") or {}, dict):
        raise ViewError(f"{out / ARENA_CONFIG} is corrupt: 'players' must map names to player specs")
    matches_path = out / MATCHES
    if not matches_path.is_file():
        raise ViewError(f"{matches_path} is missing: the arena has played no game")
    check_jsonl(matches_path)
    matches = []
    blocks: list[tuple[str, Any]] = []
    for record in read_jsonl(matches_path):
        if not {"player_0", "player_1", "seed"} <= set(record):
            raise ViewError(f"{matches_path} is corrupt: a line is not a match (no player_0, player_1, seed)")
        rewards = record.get("rewards")
        matches.append(
            {
                "player_0": record.get("player_0"),
                "player_1": record.get("player_1"),
                "seed": record.get("seed"),
                "winner": record.get("winner"),
                "rewards": {str(k): _finite(v) for k, v in rewards.items()} if isinstance(rewards, dict) else None,
                "steps": record.get("steps"),
                "llm_calls": record.get("llm_calls"),
                "error": record.get("error"),
                "replay": None,
            }
        )
        replay = record.get("replay")
        if isinstance(replay, str) and replay:
            matches[-1]["replay"] = len(blocks)
            blocks.append((f"m-{len(blocks)}", _replay_moves(out, replay)))
    elo = []
    elo_path = out / "elo.csv"
    if elo_path.is_file():
        try:
            with open(elo_path, newline="", encoding="utf-8") as fh:
                elo = [dict(row) for row in csv.DictReader(fh)]
        except (OSError, csv.Error, UnicodeDecodeError) as exc:
            raise ViewError(f"{elo_path} is corrupt: {exc}") from exc
        if any(set(row) != {"player", "elo", "ci_low", "ci_high", "games"} for row in elo):
            raise ViewError(f"{elo_path} is corrupt: expected the columns player,elo,ci_low,ci_high,games")
    names = [row["player"] for row in elo] or sorted(
        {m["player_0"] for m in matches} | {m["player_1"] for m in matches}, key=str
    )
    wdl = {a: {b: [0, 0, 0] for b in names if b != a} for a in names}
    for match in matches:
        if match["error"]:
            continue
        for me, other in ((match["player_0"], match["player_1"]), (match["player_1"], match["player_0"])):
            if me in wdl and other in wdl[me]:
                slot = 1 if match["winner"] is None else (0 if match["winner"] == me else 2)
                wdl[me][other][slot] += 1
    heatmap = out / "heatmap.png"
    index_data = {
        "kind": "arena",
        "title": f"arena {out.name}",
        "settings": {
            "env": str(settings.get("env")),
            "players": ", ".join(f"{k} = {v}" for k, v in (settings.get("players") or {}).items()),
            "games per pair": str(settings.get("games_per_pair")),
            "seed": str(settings.get("seed")),
        },
        "elo": elo,
        "names": names,
        "wdl": wdl,
        "heatmap": _png_uri(heatmap) if heatmap.is_file() else None,
        "matches": matches,
    }
    return index_data, blocks


def _replay_moves(out: Path, relative: str) -> list[dict[str, Any]]:
    """The moves of one arena game, from the replay file its ``matches.jsonl`` line names."""
    path = (out / relative).resolve()
    if out.resolve() not in path.parents:
        raise ViewError(f"{out / MATCHES} is corrupt: the replay {relative!r} lies outside the arena folder")
    if not path.is_file():
        raise ViewError(f"{path} is missing: {MATCHES} names it as a game's replay")
    check_jsonl(path)
    moves = []
    for line in read_jsonl(path):
        if line.get("event") == "match":
            continue
        rewards = line.get("rewards")
        moves.append(
            {
                "turn": line.get("turn"),
                "player": line.get("player"),
                "observation": line.get("observation"),
                "calls": line.get("calls") if isinstance(line.get("calls"), list) else [],
                "action": line.get("action"),
                "action_valid": line.get("action_valid"),
                "feedback": line.get("feedback"),
                "rewards": {str(k): _finite(v) for k, v in rewards.items()} if isinstance(rewards, dict) else {},
            }
        )
    return moves


# ---------------------------------------------------------------------------------- the page
def _json_block(block_id: str, data: Any) -> str:
    """A JSON script block no text can break out of: ``<``, ``>`` and ``&`` become ``\\u003c`` & co.
    (``JSON.parse`` turns them back), so ``</script>`` or ``<!--`` in a model's answer stays text."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{html.escape(block_id)}">{text}</script>'


def _asset(name: str) -> str:
    return resources.files("orak_gym.eval").joinpath("view_assets", name).read_text(encoding="utf-8")


def render_html(index_data: dict[str, Any], blocks: list[tuple[str, Any]]) -> str:
    """The page: inline style and script, the data blocks, and a CSP that allows the script by hash."""
    script = _asset("viewer.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    out = io.StringIO()
    out.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n')
    out.write(f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n')
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    out.write(f"<title>orak-gym: {html.escape(str(index_data.get('title', 'report')))}</title>\n")
    out.write(f"<style>{_asset('viewer.css')}</style>\n</head><body>\n")
    out.write('<main id="app"><p id="loading">Loading the report (it needs JavaScript).</p></main>\n')
    out.write(_json_block("orak-index", index_data) + "\n")
    for block_id, data in blocks:
        out.write(_json_block(block_id, data) + "\n")
    out.write(f"<script>{script}</script>\n</body></html>\n")
    return out.getvalue()


def build_report(path: str | Path, render: bool = False) -> str:
    """The report of a run directory or an arena folder, as HTML text (nothing is written); ``render``
    draws the frames of a run saved without them by re-playing each episode from its seed."""
    folder = Path(path)
    if not folder.is_dir():
        raise ViewError(f"{folder} is not a folder: give a run directory (orak-gym eval --out) or an arena folder")
    if (folder / CONFIG).is_file():
        index_data, blocks = eval_report_data(folder, render)
    elif (folder / ARENA_CONFIG).is_file():
        index_data, blocks = arena_report_data(folder)
    else:
        raise ViewError(f"{folder} is neither a run directory (no {CONFIG}) nor an arena folder (no {ARENA_CONFIG})")
    try:
        return render_html(index_data, blocks)
    except ValueError as exc:  # a number JSON cannot hold, in a file edited by hand
        raise ViewError(f"{folder} holds a value the report cannot show: {exc}") from exc


def write_report(path: str | Path, out: str | Path | None = None, render: bool = False) -> Path:
    """Builds the report of ``path`` and writes it to ``out`` (default ``<path>/report.html``)
    atomically; nothing is written when the folder or a file in it is bad."""
    target = Path(out) if out is not None else Path(path) / REPORT
    if target.is_dir():
        raise ViewError(f"--out {target} is a folder: give a file name such as {target / REPORT}")
    page = build_report(path, render)
    if not target.parent.is_dir():
        raise ViewError(f"cannot write {target}: the folder {target.parent} does not exist")
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ViewError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target
