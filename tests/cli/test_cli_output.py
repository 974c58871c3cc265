"""What the commands print through Rich: brackets in any user- or data-derived text (a run folder, a
leaderboard label such as ``[max_steps=3]``, an install hint such as ``'orak-gym[ray]'``) show as
written, never eaten as markup; env ids are never cut in an 80-column log."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.eval import cli as eval_cli


def flat(result) -> str:
    return " ".join(result.output.split())


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setattr(eval_cli.console, "width", 400)


def test_brackets_in_every_printed_field_show_as_written(tmp_path: Path, wide) -> None:
    run_a, run_b = tmp_path / "run[a]", tmp_path / "run[b]"
    ran = invoke("eval", "--env", "orak/2048-v0", "--agent", "expert", "--seeds", "0", "--max-steps", "3",
                 "--quiet", "--out", str(run_a))  # fmt: skip
    assert f"run {run_a}" in flat(ran)
    invoke("eval", "--env", "orak/2048-v0", "--agent", "expert", "--seeds", "0", "--max-steps", "4", "--quiet",
           "--out", str(run_b))  # fmt: skip
    board = invoke("leaderboard", str(run_a), str(run_b), "--out", str(tmp_path / "lb[x]"), "--no-plot")
    assert "expert [max_steps=3]" in flat(board) and "expert [max_steps=4]" in flat(board)
    assert str(tmp_path / "lb[x]" / "leaderboard.md") in flat(board)
    trajectory = next((run_a / "trajectories").rglob("*.jsonl"))
    replay = invoke("replay", str(trajectory), "--gif", str(tmp_path / "ep[1].gif"))
    assert str(tmp_path / "ep[1].gif") in flat(replay)
    arena = invoke("arena", "-p", "random", "-p", "expert", "--games", "1", "--bootstrap", "5", "--no-plot",
                   "--env-kwargs", '{"target_tile": 16, "max_turns": 5}', "--out", str(tmp_path / "ar[1]"))  # fmt: skip
    assert "[1/1] random vs expert" in flat(arena) and str(tmp_path / "ar[1]" / "elo.csv") in flat(arena)
    assert "pip install 'orak-gym[ray]'" in flat(invoke("eval", "--help"))
    assert "[default: 2048-race]" in flat(invoke("arena", "--help"))


def test_env_ids_are_never_cut_in_an_80_column_log(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(eval_cli.console, "width", 80)
    env_id = "orak/BabaIsYou-RockInTheWay-v0"
    ran = invoke("eval", "--env", env_id, "--agent", "random", "--seeds", "0", "--max-steps", "2", "--quiet",
                 "--out", str(tmp_path / "run"))  # fmt: skip
    assert env_id in ran.output and "…" not in ran.output
