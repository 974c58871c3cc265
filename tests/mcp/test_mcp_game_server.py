"""The MCP game server through the official SDK client, over stdio and streamable HTTP.

Whole episodes must equal local play step for step (observation, reward, flags, score, action
validity, feedback, native actions, state); every bad input must come back as an MCP error
result from a server that keeps serving; sessions own their env and stop it when they end.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import signal
import subprocess
import sys
import time

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("mcp.server.mcpserver")

from PIL import Image

from orak_gym.mcp.launch import http_server, server_command
from orak_gym.mcp.play import PlayError, call_json

from .mcp_helpers import (
    ACTIONS_2048,
    CHILD_ENV,
    connect,
    local_episode,
    pid_alive,
    remote_episode,
    running_backends,
    stdio_params,
)

BABA_ACTIONS = ("up", "hello there", "left 2", "### Actions\nright", "idle", "down 3")


@pytest.fixture(autouse=True, scope="module")
def no_backend_left_behind():
    """Whatever a test does, the test game's backend processes it started are gone after it."""
    before = running_backends()
    yield
    deadline = time.monotonic() + 20
    while running_backends() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running_backends() - before


@pytest.fixture(scope="module")
def http_2048():
    with http_server(["serve", "--env", "orak/2048-v0"]) as server:
        yield server


def _target(transport: str, http_server_fixture, *args: str):
    return stdio_params(*args) if transport == "stdio" else http_server_fixture.url


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_whole_2048_episodes_equal_local_play(transport, http_2048):
    async def play():
        async with connect(_target(transport, http_2048, "serve", "--env", "orak/2048-v0")) as client:
            return [await remote_episode(client, seed, ACTIONS_2048) for seed in (0, 7)]

    remote = asyncio.run(play())
    for seed, episode in zip((0, 7), remote, strict=False):
        local = local_episode("orak/2048-v0", seed, ACTIONS_2048)
        assert episode == local
        assert episode[-1]["terminated"] and len(episode) > 50  # a whole game, to the end
        assert not all(step.get("action_valid", True) for step in episode[1:])  # hostile text was played


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_whole_baba_episodes_equal_local_play(transport):
    from orak_gym.games.baba_is_you.expert import BabaExpert

    async def play(target):
        async with connect(target) as client:
            wandering = await remote_episode(client, 0, BABA_ACTIONS)  # to the 30-decision limit
            first = await call_json(client, "reset", {"seed": 1, "full_info": True})
            solution = BabaExpert()(first["observation"], first["info"])
            solved = await call_json(client, "step", {"action": solution})
            return wandering, solution, solved

    args = ("serve", "--env", "orak/BabaIsYou-v0")
    if transport == "stdio":
        wandering, solution, solved = asyncio.run(play(stdio_params(*args)))
    else:
        with http_server(args) as server:
            wandering, solution, solved = asyncio.run(play(server.url))
    assert wandering == local_episode("orak/BabaIsYou-v0", 0, BABA_ACTIONS)
    assert wandering[-1]["truncated"] and len(wandering) == 31
    env = gym.make("orak/BabaIsYou-v0")
    env.reset(seed=1)
    obs, reward, terminated, _truncated, info = env.step(solution)
    assert solved["terminated"] and terminated and solved["score"] == info["score"] == 100.0
    assert solved["observation"] == obs and solved["reward"] == reward


@pytest.mark.parametrize(
    "tool, args, field",
    [
        ("dispatch-final-action", {"action_str": "### Actions\nleft"}, "score"),
        ("step", {"action": "left"}, "observation"),
        ("observe", {"frame": False}, "observation"),
    ],
)
def test_a_session_plays_from_its_first_call_without_reset(tool, args, field):
    """Orak's servers start the game at launch: a client's first call may be a step. One call per server
    process, as MCP Inspector's command line makes them; the episode is the first seed's (0, or --seed)."""

    async def first_call(*extra: str) -> dict:
        async with connect(stdio_params("serve", "--env", "orak/2048-v0", *extra)) as c:
            return await call_json(c, tool, args)

    local = gym.make("orak/2048-v0")
    for extra, seed in (((), 0), (("--seed", "7"), 7)):
        got = asyncio.run(first_call(*extra))
        obs, info = local.reset(seed=seed)
        if tool != "observe":
            obs, _, _, _, info = local.step("left")
        assert got[field] == (info["score"] if field == "score" else obs), (tool, seed)


def test_orak_tools_shapes_frames_and_resources():
    async def play():
        async with connect(stdio_params("serve", "--env", "orak/BabaIsYou-v0", "--modality", "text_image")) as c:
            tools = {t.name: t for t in (await c.list_tools()).tools}
            obs = await call_json(c, "load-obs")  # the session's episode is already running, as Orak's is
            result = await call_json(c, "dispatch-final-action", {"action_str": "### Actions\nup"})
            observed = await c.call_tool("observe", {"frame": True})
            rules = await c.read_resource("orak://rules")
            frame = await c.read_resource("orak://frame")
            state = await c.read_resource("orak://state")
            resources = {str(r.uri) for r in (await c.list_resources()).resources}
            return tools, obs, result, observed, rules, frame, state, resources

    tools, obs, result, observed, rules, frame, state, resources = asyncio.run(play())
    expected = {"load-obs", "dispatch-final-action", "reset", "observe", "step", "prompt-context"}
    assert expected | {"env-info", "list-envs"} == set(tools)
    assert "reset" in tools["step"].description and "action" in tools["step"].input_schema["properties"]
    assert {"obs_str", "obs_image_str", "game_info"} <= set(obs) and "rules" in obs["game_info"]
    jpeg = Image.open(io.BytesIO(base64.b64decode(obs["obs_image_str"])))
    assert jpeg.format == "JPEG"
    assert set(result) == {"score", "is_finished"} and result["is_finished"] is False

    local = gym.make("orak/BabaIsYou-v0", render_mode="rgb_array")
    local.reset()
    local.step("up")
    image = next(b for b in observed.content if b.type == "image")
    png = np.asarray(Image.open(io.BytesIO(base64.b64decode(image.data))).convert("RGB"))
    assert np.array_equal(png, local.render())  # lossless: the very frame
    assert observed.structured_content["observation"] == local.unwrapped.state.to_text()
    assert "Actions" in rules.contents[0].text or "up" in rules.contents[0].text
    assert frame.contents[0].mime_type == "image/png"
    assert '"objects"' in state.contents[0].text
    assert resources == {"orak://rules", "orak://frame", "orak://state"}
    assert jpeg.size == (png.shape[1], png.shape[0])


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_every_bad_input_is_an_error_result_and_the_server_lives(transport):
    async def probe(target):
        async with connect(target) as c:
            errors = {}

            async def bad(label, tool, args):
                res = await c.call_tool(tool, args)
                assert res.is_error, (label, res)
                errors[label] = res.content[0].text
                # the server still answers afterwards
                assert (await c.call_tool("list-envs", {})).is_error is False

            await bad("unknown tool", "rm-rf", {})
            await bad("wrong type", "step", {"action": 42})
            await bad("missing argument", "step", {})
            await bad("negative seed", "reset", {"seed": -1})
            await bad("options not an object", "reset", {"options": "not a dict"})
            await bad("huge options", "reset", {"options": {"x": "y" * 70_000}})
            first = await call_json(c, "reset", {"seed": 0, "full_info": True})
            await bad("huge action", "step", {"action": "count " * 20_000})
            hostile = await call_json(c, "step", {"action": "\x00\x1b]0;pwn\x07 {{7*7}} '; DROP TABLE x; --"})
            assert hostile["action_valid"] is False and hostile["reward"] == 0.0
            with pytest.raises(Exception):  # noqa: B017  (the SDK's error type for a missing resource)
                await c.read_resource("orak://nothing")
            pid = first["info"]["state"]["backend_pid"]
            os.kill(pid, signal.SIGKILL)  # the backend dies mid-episode
            for _ in range(50):
                if not pid_alive(pid):
                    break
                await asyncio.sleep(0.05)
            await bad("dead backend", "step", {"action": "count"})
            return errors

    args = ("serve", "--env", "dying_game:orak-test/Dying-v0")
    if transport == "stdio":
        errors = asyncio.run(probe(stdio_params(*args)))
    else:
        with http_server(args, env=CHILD_ENV) as server:
            errors = asyncio.run(probe(server.url))
            assert server.process.poll() is None
    assert "Unknown tool" in errors["unknown tool"]
    assert "limit is 65536" in errors["huge action"]
    assert "BackendError" in errors["dead backend"] and "died" in errors["dead backend"]
    assert all("Traceback" not in text for text in errors.values())


def test_eight_http_clients_at_once_each_with_its_own_env(http_2048):
    seeds = list(range(100, 108))
    opened = asyncio.Event()

    async def client(seed: int, counts: list[int]):
        async with connect(http_2048.url) as c:
            episode = [await call_json(c, "reset", {"seed": seed})]
            counts.append(1)
            if len(counts) == len(seeds):
                opened.set()
            await asyncio.wait_for(opened.wait(), 60)  # all eight sessions are open at once here
            info = await call_json(c, "env-info")
            for i in range(30):
                episode.append(await call_json(c, "step", {"action": ACTIONS_2048[i % 4]}))
            return info, [step["observation"] for step in episode]

    async def main():
        counts: list[int] = []
        return await asyncio.gather(*(client(s, counts) for s in seeds))

    results = asyncio.run(main())
    assert all(info["sessions_open"] >= len(seeds) for info, _ in results)
    for seed, (_, observations) in zip(seeds, results, strict=False):
        local = local_episode("orak/2048-v0", seed, ACTIONS_2048[:4], max_steps=30)
        assert observations == [step["observation"] for step in local]

    async def after():
        async with connect(http_2048.url) as c:
            return await call_json(c, "env-info")

    assert asyncio.run(after())["sessions_open"] == 1  # every other session was closed on disconnect


def test_session_limit_and_bearer_token():
    async def session(url, token=None, play=True):
        import httpx2
        from mcp.client.streamable_http import streamable_http_client

        headers = {"Authorization": f"Bearer {token}"} if token else None
        async with (
            httpx2.AsyncClient(headers=headers) as http,
            connect(streamable_http_client(url, http_client=http), mode="legacy") as c,
        ):
            return await call_json(c, "reset", {"seed": 0})

    async def full(url):
        async with connect(url, mode="legacy") as a, connect(url, mode="legacy") as b:
            await call_json(a, "reset", {"seed": 1})
            await call_json(b, "reset", {"seed": 2})
            with pytest.raises(Exception):  # noqa: B017  (HTTP 503 from the SDK's session limit)
                await session(url)
            return await call_json(a, "step", {"action": "left"})

    with http_server(["serve", "--env", "orak/2048-v0", "--max-sessions", "2"]) as server:
        assert "observation" in asyncio.run(full(server.url))
        assert "observation" in asyncio.run(session(server.url))  # room again once they left
    with http_server(["serve", "--env", "orak/2048-v0", "--token", "s3cret"]) as server:
        with pytest.raises(Exception):  # noqa: B017  (401 without the token)
            asyncio.run(session(server.url))
        with pytest.raises(Exception):  # noqa: B017  (401 with a wrong one)
            asyncio.run(session(server.url, token="guess"))
        assert "observation" in asyncio.run(session(server.url, token="s3cret"))


def test_no_process_left_behind():
    async def stdio_play():
        async with connect(stdio_params("serve", "--env", "dying_game:orak-test/Dying-v0")) as c:
            first = await call_json(c, "reset", {"seed": 0, "full_info": True})
            info = await call_json(c, "env-info")
            return info["server_pid"], first["info"]["state"]["backend_pid"]

    server_pid, backend_pid = asyncio.run(stdio_play())
    _wait_gone(server_pid, backend_pid)

    async def http_play(url):
        async with connect(url) as c:
            first = await call_json(c, "reset", {"seed": 0, "full_info": True})
            return first["info"]["state"]["backend_pid"]

    with http_server(["serve", "--env", "dying_game:orak-test/Dying-v0"], env=CHILD_ENV) as server:
        _wait_gone(asyncio.run(http_play(server.url)))  # the session ended with its client: backend stopped
        # A client killed without a goodbye leaves its session open; the server's shutdown stops it.
        vanishing = subprocess.Popen(
            [sys.executable, "-c", VANISHING_CLIENT, server.url], stdout=subprocess.PIPE, text=True, env=CHILD_ENV
        )
        orphan = int(vanishing.stdout.readline())
        vanishing.kill()
        vanishing.wait(timeout=10)
        time.sleep(0.5)
        assert pid_alive(orphan) and server.process.poll() is None
    assert server.process.returncode == 0
    _wait_gone(server.pid, orphan)


def test_a_vanished_http_client_is_reaped_after_the_idle_timeout():
    args = ["serve", "--env", "dying_game:orak-test/Dying-v0", "--idle-timeout", "2"]
    with http_server(args, env=CHILD_ENV) as server:
        vanishing = subprocess.Popen(
            [sys.executable, "-c", VANISHING_CLIENT, server.url], stdout=subprocess.PIPE, text=True, env=CHILD_ENV
        )
        orphan = int(vanishing.stdout.readline())
        vanishing.kill()
        vanishing.wait(timeout=10)
        _wait_gone(orphan, timeout_s=30)  # the session timed out and its game was stopped
        assert server.process.poll() is None  # while the server serves on


VANISHING_CLIENT = """
import asyncio, sys, time
from mcp_helpers import connect
from orak_gym.mcp.play import call_json

async def main():
    async with connect(sys.argv[1]) as c:
        first = await call_json(c, "reset", {"seed": 0, "full_info": True})
        print(first["info"]["state"]["backend_pid"], flush=True)
        time.sleep(600)

asyncio.run(main())
"""


def test_cli_refuses_bad_setups_and_warns_off_loopback():
    unknown = subprocess.run(
        server_command("serve", "--env", "orak/Nope-v0"), capture_output=True, text=True, timeout=120
    )
    assert unknown.returncode == 1 and "unknown env id" in unknown.stderr and "Traceback" not in unknown.stderr
    agent = subprocess.run(
        server_command("serve-agent", "--game", "orak/2048-v0", "--agent", "genius"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert agent.returncode == 1 and "unknown agent type" in agent.stderr
    with http_server(["serve", "--env", "orak/2048-v0", "--host", "127.0.0.2"]) as server:
        assert server.url.startswith("http://127.0.0.2:")
        assert any("not loopback" in line for line in server.stderr_lines)


def _wait_gone(*pids: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while any(pid_alive(p) for p in pids):
        if time.monotonic() > deadline:
            raise AssertionError(f"still running: {[p for p in pids if pid_alive(p)]}")
        time.sleep(0.1)


def test_play_error_names_the_tool():
    async def play():
        async with connect(stdio_params("serve", "--env", "orak/2048-v0")) as c:
            with pytest.raises(PlayError, match=r"step.*limit is 65536"):
                await call_json(c, "step", {"action": "up " * 30_000})

    asyncio.run(play())


def test_oversized_http_requests_are_refused_before_parsing(http_2048):
    import httpx2

    body = b'{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"pad": "' + b"x" * (2 << 20) + b'"}}'
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    answer = httpx2.post(http_2048.url, content=body, headers=headers, timeout=60)
    assert answer.status_code == 413
    assert http_2048.process.poll() is None

    async def still_serving():
        async with connect(http_2048.url) as c:
            return await call_json(c, "reset", {"seed": 0})

    assert "observation" in asyncio.run(still_serving())
