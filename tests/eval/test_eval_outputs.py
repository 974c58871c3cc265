"""Leaderboard and replay from real runs (an LLM agent on the scripted server, and the baselines)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.eval import RunConfig, mean_se, read_episodes, run_eval
from orak_gym.eval.leaderboard import build_leaderboard
from orak_gym.eval.replay import captions, load_trajectory, rerender
from orak_gym.eval.schema import read_jsonl, trajectory_path
from orak_gym.testing import ScriptedOpenAIServer

ENV = "orak/2048-v0"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    moves = iter(["up", "left", "down", "right"] * 1000)
    with ScriptedOpenAIServer(responder=lambda body: f"### Reasoning\nx\n### Actions\n{next(moves)}") as srv:
        model = f"compat:scripted@{srv.base_url}"
        run_eval(root / "llm", RunConfig(envs=[ENV], seeds=[0, 1, 2], agent="zeroshot", model=model, max_steps=8))
    run_eval(root / "expert", RunConfig(envs=[ENV], seeds=[0, 1, 2, 3], agent="expert", max_steps=40))
    run_eval(root / "random", RunConfig(envs=[ENV], seeds=[0, 1, 2, 3], agent="random", max_steps=40))
    return root


def test_mean_se() -> None:
    stats = mean_se([1.0, 2.0, 3.0, 4.0])
    assert stats.mean == 2.5 and stats.n == 4
    assert math.isclose(stats.se, math.sqrt(((1.5**2 + 0.5**2) * 2 / 3) / 4))
    assert mean_se([5.0]).se == 0.0 and mean_se([]).n == 0


def test_leaderboard_command_writes_md_csv_png(runs: Path, tmp_path: Path) -> None:
    paths = [str(runs / name) for name in ("llm", "expert", "random")]
    result = CliRunner().invoke(app, ["leaderboard", *paths, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "leaderboard.md").read_text()
    assert "| model (agent) | 2048 | average | errors |" in markdown
    assert "compat:scripted (zeroshot)" in markdown and "@" not in markdown
    expert = mean_se(r.score for r in read_episodes(runs / "expert"))
    assert f"| expert | {expert} | {expert.mean:.1f} | 0 |" in markdown
    rows = list(csv.DictReader((tmp_path / "leaderboard.csv").read_text().splitlines()))
    cell = next(r for r in rows if r["label"] == "expert" and r["game"] == "2048")
    assert math.isclose(float(cell["mean"]), expert.mean, abs_tol=1e-3) and cell["episodes"] == "4"
    png = (tmp_path / "leaderboard.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    board = build_leaderboard([runs])  # a folder of runs works too
    assert board.ranked()[0] == "expert"


def test_leaderboard_rejects_non_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["leaderboard", str(tmp_path)])
    assert result.exit_code == 1 and "no run directory" in " ".join(result.output.split())


def test_replay_prints_and_rerenders(runs: Path, tmp_path: Path) -> None:
    path = trajectory_path(runs / "llm", ENV, 1)
    gif = tmp_path / "ep.gif"
    result = CliRunner().invoke(app, ["replay", str(path), "--gif", str(gif)])
    assert result.exit_code == 0, result.output
    assert "step 8" in result.output and "action_inference" in result.output and "Board of 2048" in result.output
    assert gif.read_bytes().startswith(b"GIF8")
    frames = rerender(load_trajectory(path))
    assert len(frames) == 9  # the reset frame and one per step
    texts = captions(load_trajectory(path))
    steps = [line for line in read_jsonl(path) if line["event"] == "step"]
    assert texts[0].startswith("reset") and len(texts) == 9
    assert texts[8] == f"step 8  {steps[-1]['action']}  score {steps[-1]['score']:.1f}/100"
    from PIL import Image

    with Image.open(gif) as image:
        assert image.height == frames[0].shape[0] + 18, "a caption bar under every frame"
        assert image.n_frames == 9


def test_replay_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"event": "step"}\n')
    result = CliRunner().invoke(app, ["replay", str(bad)])
    assert result.exit_code == 1 and "not an orak-gym trajectory" in " ".join(result.output.split())
    result = CliRunner().invoke(app, ["replay", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1 and "does not exist" in " ".join(result.output.split())


def test_arena_labels_name_the_model_not_the_url(tmp_path: Path) -> None:
    with ScriptedOpenAIServer(default="### Reasoning\ncorner strategy\n### Actions\nleft") as srv:
        llm = f"zeroshot:compat:scripted@{srv.base_url}"
        result = CliRunner().invoke(app, ["arena", "-p", "random", "-p", llm, "--games", "1", "--bootstrap", "5",
                                          "--env-kwargs", '{"target_tile": 16, "max_turns": 5}',
                                          "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    table = (tmp_path / "arena.md").read_text()
    assert "zeroshot:compat:scripted" in table and "http" not in table
    from PIL import Image

    with Image.open(tmp_path / "heatmap.png") as image:  # the figure grew to hold the labels
        assert image.width > 400 and image.height > 300
