"""Secrets never reach a shared file: an MCP game server's bearer token, given in ``--env-kwargs``,
appears in no file under the run, the leaderboard or the arena, and in no message; the game server's
URL stays out of leaderboard rows (a game played over MCP pools with the same game played here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("mcp.server.mcpserver")

from orak_gym.cli import app
from orak_gym.eval.leaderboard import build_leaderboard
from orak_gym.eval.redact import REDACTED
from orak_gym.mcp.launch import http_server

TOKEN = "tok-5f3a9c1e-never-written"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def files_holding(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_an_mcp_token_never_reaches_a_run_file_a_label_or_a_message(tmp_path: Path) -> None:
    local = invoke("eval", "--env", "orak/2048-v0", "--agent", "expert", "--seeds", "0-1", "--max-steps", "3",
                   "--quiet", "--out", str(tmp_path / "local"))  # fmt: skip
    assert local.exit_code == 0, local.output
    with http_server(["serve", "--env", "orak/2048-v0", "--token", TOKEN]) as server:
        kwargs = json.dumps({"url": server.url, "token": TOKEN})
        remote = invoke("eval", "--env", "orak-mcp/2048-v0", "--agent", "expert", "--seeds", "2-3", "--max-steps",
                        "3", "--quiet", "--env-kwargs", kwargs, "--out", str(tmp_path / "remote"))  # fmt: skip
        assert remote.exit_code == 0, remote.output
        config = json.loads((tmp_path / "remote" / "config.json").read_text())
        assert config["env_kwargs"]["orak-mcp/2048-v0"] == {"url": server.url, "token": REDACTED}
        bad = json.dumps({"url": server.url, "token": TOKEN, "no_such_option": 1})
        refused = invoke("eval", "--env", "orak-mcp/2048-v0", "--agent", "expert", "--episodes", "1",
                         "--env-kwargs", bad, "--out", str(tmp_path / "bad"))  # fmt: skip
        assert refused.exit_code == 1 and "cannot be made" in refused.output and TOKEN not in refused.output
        # a resume reads the token again from where it came (the same --env-kwargs), never from the file
        more = invoke("eval", "--out", str(tmp_path / "remote"), "--resume", "--seeds", "4", "--env-kwargs", kwargs,
                      "--quiet")  # fmt: skip
        assert more.exit_code == 0, more.output
        race = json.dumps({"target_tile": 16, "max_turns": 10, "board_env": "orak-mcp/2048-v0",
                           "board_kwargs": {"url": server.url, "token": TOKEN}})  # fmt: skip
        arena = invoke("arena", "-p", "expert", "-p", "random", "--games", "1", "--bootstrap", "5", "--no-plot",
                       "--env-kwargs", race, "--out", str(tmp_path / "arena"))  # fmt: skip
        assert arena.exit_code == 0, arena.output
    board = invoke("leaderboard", str(tmp_path / "local"), str(tmp_path / "remote"), "--out", str(tmp_path / "lb"))
    assert board.exit_code == 0, board.output
    for output in (local, remote, more, arena, board):
        assert TOKEN not in output.output
    assert files_holding(tmp_path, TOKEN) == []
    rows = build_leaderboard([tmp_path / "local", tmp_path / "remote"]).rows
    assert list(rows) == ["expert"], "played here or over MCP, the same expert is one row"
    assert rows["expert"]["2048"].n == 5
    assert server.url not in (tmp_path / "lb" / "leaderboard.md").read_text()


def test_what_counts_as_a_secret_name() -> None:
    from orak_gym.eval.redact import redact, unredacted

    settings = {"token": "t", "api_key": "k", "dbPassword": "p", "board_kwargs": {"url": "u", "auth_token": "a"},
                "max_tokens": 256, "target_tile": 128, "keys": ["left"]}  # fmt: skip
    recorded = redact(settings)
    assert recorded == {
        "token": REDACTED, "api_key": REDACTED, "dbPassword": REDACTED,
        "board_kwargs": {"url": "u", "auth_token": REDACTED}, "max_tokens": 256, "target_tile": 128, "keys": ["left"],
    }  # fmt: skip
    assert unredacted(recorded) == {"board_kwargs": {"url": "u"}, "max_tokens": 256, "target_tile": 128,
                                    "keys": ["left"]}  # fmt: skip
