"""The arena over MCP: a ``2048-race`` whose boards are ``orak-mcp/2048-v0`` envs on game servers
(spawned over stdio, or one HTTP server holding a session per board) plays the very matches of a
local race for the same seeds; a server that is gone is one line, not a traceback; nothing is left
running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("mcp.server.mcpserver")
pytest.importorskip("pettingzoo")

import orak_gym  # noqa: F401
from orak_gym.eval.arena import ArenaError, resolve_env, round_robin
from orak_gym.mcp.launch import http_server, server_command
from orak_gym.mcp.remote_env import RemoteEnv

RACE = {"target_tile": 64, "max_turns": 60}
PLAYERS = {"expert": "expert", "random": "random", "random-b": "random"}


def _servers_spawned_by(pid: int) -> set[int]:
    """Running ``orak_gym.cli mcp serve`` processes whose parent is ``pid`` (zombies count as gone)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
            with open(f"/proc/{entry}/status", encoding="utf-8") as fh:
                status = fh.read()
        except OSError:
            continue
        parent = int(status.split("\nPPid:\t", 1)[1].split("\n", 1)[0])
        if parent == pid and b"mcp\x00serve" in cmdline and "\nState:\tZ" not in status:
            found.add(int(entry))
    return found


def _arena_cli(out: Path, env_kwargs: dict, *extra: str, **popen) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "orak_gym.cli", "arena", "--env", "2048-race", "-p", "expert", "-p", "random",
               "--games", "2", "--bootstrap", "10", "--no-plot", "--env-kwargs", json.dumps(env_kwargs),
               "--out", str(out), *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **popen)


def test_a_race_on_stdio_servers_plays_the_local_matches_and_leaves_no_process():
    local = round_robin(resolve_env("2048-race", **RACE), PLAYERS, games_per_pair=2)
    command = server_command("serve", "--env", "orak/2048-v0")
    seen: list[set[int]] = []
    remote = round_robin(
        resolve_env("2048-race", **RACE, board_env="orak-mcp/2048-v0", board_kwargs={"command": command}),
        PLAYERS,
        games_per_pair=2,
        on_match=lambda match: seen.append(_servers_spawned_by(os.getpid())),
    )
    assert len(local) == 6 and not any(m.error for m in local)
    assert remote == local  # winners, rewards and step counts, game by game
    assert all(len(pids) == 2 for pids in seen), "one server per board while the race is played"
    assert not _servers_spawned_by(os.getpid()), "closing the race stops both board servers"


def test_orak_gym_arena_on_an_http_server_writes_the_local_results(tmp_path):
    local = _arena_cli(tmp_path / "local", RACE)
    assert local.returncode == 0, local.stdout + local.stderr
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        kwargs = {**RACE, "board_env": "orak-mcp/2048-v0", "board_kwargs": {"url": server.url}}
        remote = _arena_cli(tmp_path / "remote", kwargs)
        assert remote.returncode == 0, remote.stdout + remote.stderr
        probe = RemoteEnv(url=server.url)
        try:  # both boards' sessions ended with the arena: only this probe's is open
            assert probe.server_info["sessions_open"] == 1
        finally:
            probe.close()
    for name in ("matches.jsonl", "wdl.csv", "elo.csv"):
        assert (tmp_path / "remote" / name).read_text() == (tmp_path / "local" / name).read_text(), name


def test_a_server_that_is_gone_is_one_line_before_and_during_the_arena(tmp_path):
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        url = server.url
    kwargs = {**RACE, "board_env": "orak-mcp/2048-v0", "board_kwargs": {"url": url, "timeout_s": 20}}
    before = _arena_cli(tmp_path / "before", kwargs)
    assert before.returncode == 1 and "Traceback" not in before.stdout + before.stderr
    assert f"cannot make the arena env: BackendError: could not connect to the MCP game server at {url}" in (
        " ".join(before.stdout.split())
    )
    assert not (tmp_path / "before").exists()
    with pytest.raises(ArenaError, match="board_env must be a 2048 env id"):
        round_robin(resolve_env("2048-race", board_env="orak/BabaIsYou-v0"), PLAYERS)

    # The server dies after the first game: the other games are errors (one line each), never results.
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        kwargs = {"target_tile": 2048, "max_turns": 150, "board_env": "orak-mcp/2048-v0",
                  "board_kwargs": {"url": server.url, "timeout_s": 20}}  # fmt: skip
        command = [sys.executable, "-m", "orak_gym.cli", "arena", "-p", "expert", "-p", "random", "--games", "4",
                   "--bootstrap", "10", "--no-plot", "--env-kwargs", json.dumps(kwargs),
                   "--out", str(tmp_path / "during")]  # fmt: skip
        arena = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "400"})  # fmt: skip
        lines: list[str] = []
        first_game = threading.Event()

        def read() -> None:
            assert arena.stdout is not None
            for line in arena.stdout:
                lines.append(line)
                if line.startswith("[1/4]"):
                    server.process.kill()  # SIGKILL: no goodbye
                    first_game.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            arena.wait(timeout=240)
        finally:
            if arena.poll() is None:
                arena.kill()
        reader.join(timeout=10)
        stderr = arena.stderr.read() if arena.stderr else ""
    output = "".join(lines)
    assert first_game.is_set(), output + stderr
    assert arena.returncode == 4, output + stderr
    assert "Traceback" not in output + stderr
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "game(s) errored and are not rated (first: BackendError" in errors[0], output
    matches = [json.loads(line) for line in (tmp_path / "during" / "matches.jsonl").read_text().splitlines()]
    assert matches[0]["error"] is None and matches[0]["winner"] == "expert"
    assert all(m["error"].startswith("BackendError") and "\n" not in m["error"] for m in matches[1:])
