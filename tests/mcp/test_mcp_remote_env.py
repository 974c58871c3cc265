"""``orak-mcp/...`` envs: Gymnasium envs whose game runs on an MCP game server.

For deterministic games the same seeds give the same episodes as local play (observation, reward,
flags and the whole ``info``), over stdio and over HTTP, and ``orak-gym eval`` scores them alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("mcp.server.mcpserver")

import orak_gym  # noqa: F401
from orak_gym.core.errors import BackendError
from orak_gym.mcp.launch import http_server, server_command
from orak_gym.mcp.remote_env import RemoteEnv, RemoteEnvError

from .mcp_helpers import ACTIONS_2048


def _play(env: gym.Env, seed: int, actions, limit: int = 10_000):
    obs, info = env.reset(seed=seed)
    steps = [(obs, info)]
    for i in range(limit):
        obs, reward, terminated, truncated, info = env.step(actions[i % len(actions)])
        steps.append((obs, reward, terminated, truncated, info))
        if terminated or truncated:
            break
    return steps


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def test_stdio_remote_2048_plays_the_local_episodes_exactly():
    remote = gym.make("orak-mcp/2048-v0", command=server_command("serve", "--env", "orak/2048-v0"))
    local = gym.make("orak/2048-v0")
    try:
        for seed in (0, 3):
            remote_steps = _play(remote, seed, ACTIONS_2048)
            local_steps = _play(local, seed, ACTIONS_2048)
            assert _same(remote_steps, local_steps)  # info included: score, state, prompt context, ...
            assert remote_steps[-1][2]  # played to the end of the game
    finally:
        remote.close()
        local.close()


def test_http_remote_baba_with_token_frames_and_render():
    with http_server(["serve", "--env", "orak/BabaIsYou-v0", "--token", "tok"]) as server:
        remote = gym.make(
            "orak-mcp/BabaIsYou-v0", url=server.url, token="tok", modality="text_image", render_mode="rgb_array"
        )
        local = gym.make("orak/BabaIsYou-v0", modality="text_image", render_mode="rgb_array")
        try:
            actions = ("up", "left 2", "nonsense", "right")
            assert _same(_play(remote, 5, actions), _play(local, 5, actions))
            assert np.array_equal(remote.render(), local.render())
            assert remote.observation_space == local.observation_space
        finally:
            remote.close()
            local.close()
        with pytest.raises(BackendError):  # no token, no game
            RemoteEnv(url=server.url, token="")


def test_remote_env_passes_check_env_and_refuses_bad_setups():
    from gymnasium.utils.env_checker import check_env

    command = server_command("serve", "--env", "orak/2048-v0")
    env = RemoteEnv(command=command, env_id="orak/2048-v0")
    try:
        check_env(env, skip_render_check=True)
        env.reset(seed=0)
        with pytest.raises(RemoteEnvError, match="limit"):
            env.step("up " * 30_000)  # hostile length: an error from the server, and the env goes on
        assert isinstance(env.step("up")[0], str)
    finally:
        env.close()
    with pytest.raises(RemoteEnvError, match="plays 'orak/2048-v0'"):
        gym.make("orak-mcp/BabaIsYou-v0", command=command)
    with pytest.raises(ValueError, match="exactly one"):
        RemoteEnv(url="http://127.0.0.1:1/mcp", command=command)
    with pytest.raises(BackendError):
        RemoteEnv(url="http://127.0.0.1:9/mcp", timeout_s=5)  # nothing listens there


def test_a_dead_server_is_a_backend_error_not_a_hang():
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        env = gym.make("orak-mcp/Remote-v0", url=server.url, timeout_s=20)
        env.reset(seed=0)
        assert isinstance(env.step("left")[0], str)
        server.process.kill()  # SIGKILL: no goodbye, no answer
        server.process.wait(timeout=10)
        with pytest.raises(BackendError):
            env.step("left")
        env.close()


def test_orak_gym_eval_scores_a_served_game_like_a_local_one(tmp_path):
    def evaluate(env_id: str, out: Path, env_kwargs: dict | None = None) -> list[dict]:
        command = [
            sys.executable,
            "-m",
            "orak_gym.cli",
            "eval",
            "--env",
            env_id,
            "--agent",
            "random",
            "--seeds",
            "0-2",
            "--max-steps",
            "25",
            "--concurrency",
            "3",
            "--quiet",
            "--out",
            str(out),
        ]
        if env_kwargs:
            command += ["--env-kwargs", json.dumps(env_kwargs)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        rows = [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines()]
        return sorted(rows, key=lambda r: r["seed"])

    local = evaluate("orak/2048-v0", tmp_path / "local")
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        remote = evaluate("orak-mcp/2048-v0", tmp_path / "remote", {"url": server.url})
    assert [r["seed"] for r in remote] == [0, 1, 2]
    for a, b in zip(local, remote, strict=True):
        assert (a["score"], a["steps"]) == (b["score"], b["steps"])
        assert b.get("error") in (None, "")


def test_a_refused_token_is_named_as_such():
    with http_server(["serve", "--env", "orak/2048-v0", "--token", "the-right-one"]) as server:
        with pytest.raises(BackendError, match=r"refused this client \(HTTP 401, a wrong token\)") as wrong:
            gym.make("orak-mcp/2048-v0", url=server.url, token="a-guessed-one")
        assert "a-guessed-one" not in str(wrong.value) and "the-right-one" not in str(wrong.value)
        with pytest.raises(BackendError, match=r"HTTP 401, no token\).*ORAK_MCP_TOKEN"):
            gym.make("orak-mcp/2048-v0", url=server.url, token="")
