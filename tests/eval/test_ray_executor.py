"""``--executor ray``: the same run on a local Ray cluster (head on 127.0.0.1, 2 CPUs) as on this
machine, replayed episodes when a worker dies, budgets across workers, clear pre-flight errors, and
nothing left running once the cluster stops.

The cluster is started once for the module with ``ray start``; each Ray run is an ``orak-gym eval``
command in a fresh interpreter (the driver), as a user runs it.  The test process itself never
joins the cluster.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytest.importorskip("ray")

from orak_gym.eval import RunConfig, read_episodes, run_eval
from orak_gym.eval.ray_env import RayEnvError, actor_options, actor_options_for, check_placeable
from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.ray_cluster import LocalRayCluster

pytestmark = [pytest.mark.ray, pytest.mark.xdist_group("ray")]  # one worker, one cluster for the module
MOVES = ["left", "down", "right", "up"]
HOME_TOKEN = Path.home() / ".ray" / "auth_token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ray_processes(marker: bytes = b"") -> list[int]:
    """Ray's daemons and workers on this machine (read from /proc), optionally those naming ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if (b"raylet" in cmdline or b"gcs_server" in cmdline or b"ray::" in cmdline) and marker in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def cluster():
    """A head node on 127.0.0.1 with 2 CPUs and a token of its own (nothing under ``~/.ray`` is read or
    made); ``ray stop`` afterwards, checked to leave nothing."""
    deadline = time.time() + 30  # a cluster this module stopped a moment ago may still be exiting
    while _ray_processes() and time.time() < deadline:
        time.sleep(0.5)
    if _ray_processes():
        pytest.skip("another Ray cluster runs on this machine; these tests start and stop their own")
    home_token_before = HOME_TOKEN.exists() and HOME_TOKEN.stat().st_mtime_ns
    with LocalRayCluster(num_cpus=2) as local:
        yield local
    deadline = time.time() + 90  # idle workers exit on their own once the raylet is gone
    while _ray_processes() and time.time() < deadline:
        time.sleep(0.5)
    assert _ray_processes() == [], "ray stop left processes behind"
    assert (HOME_TOKEN.exists() and HOME_TOKEN.stat().st_mtime_ns) == home_token_before, "~/.ray was touched"


def _eval_command(out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "orak_gym.cli", "eval", *args, "--out", str(out), "--quiet"]


def _eval(cluster: LocalRayCluster, out: Path, *args: str, env: dict[str, str] | None = None) -> CompletedProcess:
    """``orak-gym eval`` as a driver of ``cluster`` (its settings and token, unless ``env`` says otherwise)."""
    command = _eval_command(out, *args)
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env or cluster.env)


def _board_responder(body: dict) -> str:
    """The same answer for the same board, whichever episode or worker asks: runs are comparable."""
    text = body["messages"][-1]["content"]
    text = text if isinstance(text, str) else json.dumps(text)
    move = MOVES[hashlib.sha1(text.encode()).digest()[0] % len(MOVES)]
    return f"### Reasoning\nkeep the corner\n### Actions\n{move}"


def _scores(run: Path) -> dict[tuple[str, int], tuple[float, int, str]]:
    return {(e.env, e.seed): (e.score, e.steps, e.termination) for e in read_episodes(run)}


def _step_lines(run: Path, seed: int) -> list[dict]:
    lines = [json.loads(line) for path in (run / "trajectories").rglob(f"{seed}.jsonl")
             for line in path.read_text().splitlines()]  # fmt: skip
    return [line for line in lines if line["event"] == "step"]


def test_expert_and_llm_runs_match_the_local_executor(cluster, tmp_path):
    envs = ["orak/2048-v0", "orak/BabaIsYou-v0"]
    run_eval(tmp_path / "local", RunConfig(envs=envs, seeds=[0, 1, 2], agent="expert", max_steps=40, concurrency=4))
    done = _eval(cluster, tmp_path / "ray", "--env", envs[0], "--env", envs[1], "--agent", "expert", "--seeds",
                 "0-2", "--max-steps", "40", "--concurrency", "4", "--executor", "ray", "--ray-address",
                 cluster.address)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert _scores(tmp_path / "local") == _scores(tmp_path / "ray") and len(_scores(tmp_path / "ray")) == 6
    with ScriptedOpenAIServer(responder=_board_responder) as server:
        model = f"compat:test@{server.base_url}"
        run_eval(tmp_path / "llm-local", RunConfig(envs=["orak/2048-v0"], seeds=[0, 1, 2, 3], agent="zeroshot",
                                                   model=model, max_steps=6, concurrency=4))  # fmt: skip
        done = _eval(cluster, tmp_path / "llm-ray", "--env", "orak/2048-v0", "--agent", "zeroshot", "--model", model,
                     "--seeds", "0-3", "--max-steps", "6", "--concurrency", "4", "--executor", "ray",
                     "--ray-address", cluster.address)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert _scores(tmp_path / "llm-local") == _scores(tmp_path / "llm-ray")
    for seed in range(4):
        local = [s["observation"] for s in _step_lines(tmp_path / "llm-local", seed)]
        assert local and local == [s["observation"] for s in _step_lines(tmp_path / "llm-ray", seed)]


def test_a_killed_worker_replays_its_episode(cluster, tmp_path):
    """SIGKILL an env actor mid-episode: the episode is replayed on a fresh actor, never an error."""
    with ScriptedOpenAIServer(responder=_board_responder, latency_s=0.1) as server:
        model = f"compat:test@{server.base_url}"
        args = ("--env", "orak/2048-v0", "--agent", "zeroshot", "--model", model, "--seeds", "0-2",
                "--max-steps", "12", "--concurrency", "3")  # fmt: skip
        driver = subprocess.Popen(
            _eval_command(tmp_path / "run", *args, "--executor", "ray", "--ray-address", cluster.address),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=cluster.env,
        )  # fmt: skip
        killed = None
        deadline = time.time() + 120
        while killed is None and time.time() < deadline and driver.poll() is None:
            actors = _ray_processes(b"_EnvActor")
            steps = sum(len(_step_lines(tmp_path / "run", seed)) for seed in range(3))
            if actors and steps >= 3:  # mid-episode: a few decisions in
                os.kill(actors[0], signal.SIGKILL)
                killed = actors[0]
            time.sleep(0.05)
        output, _ = driver.communicate(timeout=300)
        run_eval(tmp_path / "local", RunConfig(envs=["orak/2048-v0"], seeds=[0, 1, 2], agent="zeroshot", model=model,
                                               max_steps=12, concurrency=3))  # fmt: skip
    assert killed is not None, "no env actor was found to kill"
    assert driver.returncode == 0, output
    assert not [e for e in read_episodes(tmp_path / "run") if e.errored]
    assert _scores(tmp_path / "run") == _scores(tmp_path / "local")
    for episode in read_episodes(tmp_path / "run"):  # a replayed trajectory is whole, not appended to
        assert len(_step_lines(tmp_path / "run", episode.seed)) == episode.steps


def test_budget_stops_the_run_across_workers(cluster, tmp_path):
    with ScriptedOpenAIServer(responder=_board_responder, latency_s=0.05) as server:
        done = _eval(cluster, tmp_path / "run", "--env", "orak/2048-v0", "--agent", "zeroshot", "--model",
                     f"compat:test@{server.base_url}", "--seeds", "0-5", "--max-steps", "50", "--concurrency", "3",
                     "--max-tokens", "3000", "--executor", "ray", "--ray-address", cluster.address)  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr  # 3: a budget stopped the run
    assert "token budget" in done.stdout + done.stderr
    finished = read_episodes(tmp_path / "run")
    assert len(finished) < 6 and not [e for e in finished if e.errored]


def test_preflight_errors_write_nothing(cluster, tmp_path):
    done = _eval(cluster, tmp_path / "bad", "--env", "orak/2048-v0", "--agent", "random", "--episodes", "1",
                 "--executor", "slurm")  # fmt: skip
    assert done.returncode == 1 and "--executor slurm is not one of local, ray" in done.stdout + done.stderr
    unreachable = f"127.0.0.1:{_free_port()}"
    done = _eval(cluster, tmp_path / "gone", "--env", "orak/2048-v0", "--agent", "random", "--episodes", "1",
                 "--executor", "ray", "--ray-address", unreachable)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cannot reach the Ray cluster" in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "bad").exists() and not (tmp_path / "gone").exists()


def _refused(cluster: LocalRayCluster, tmp_path: Path, case: str) -> dict[str, str]:
    """The driver's environment for each way a cluster turns a driver away."""
    env = dict(cluster.env)
    if case == "no-token":
        env["RAY_AUTH_TOKEN_PATH"] = str(tmp_path / "no-such-token")
    elif case == "wrong-token":
        wrong = tmp_path / "wrong-token"
        wrong.write_text("0" * 64)
        env["RAY_AUTH_TOKEN_PATH"] = str(wrong)
    elif case == "loopback-unset":  # the cluster listens on 127.0.0.1 only; Ray would dial the machine's address
        env.pop("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")
    return env


@pytest.mark.parametrize(
    "case, says",
    [
        ("no-token", "RAY_AUTH_TOKEN_PATH is set but file cannot be opened"),
        ("wrong-token", "refused this driver's token"),
        ("loopback-unset", "export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0"),
    ],
)
def test_a_driver_the_cluster_refuses_gets_one_line_and_writes_nothing(cluster, tmp_path, case, says):
    env = _refused(cluster, tmp_path, case)
    started = time.monotonic()
    done = _eval(cluster, tmp_path / "run", "--env", "orak/2048-v0", "--agent", "random", "--episodes", "1",
                 "--executor", "ray", "--ray-address", cluster.address, env=env)  # fmt: skip
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == 1 and output.count("\n") == 0 and says in output, output
    if case != "loopback-unset":
        assert "RAY_AUTH_TOKEN" in output  # says what to set
    assert time.monotonic() - started < 90  # bounded, where Ray alone would retry for minutes
    assert not (tmp_path / "run").exists()
    token = cluster.token_file.read_text()
    assert token not in output
    arena = [sys.executable, "-m", "orak_gym.cli", "arena", "--env", "2048-race", "-p", "random", "-p", "expert",
             "--games", "2", "--no-plot", "--out", str(tmp_path / "arena"), "--executor", "ray",
             "--ray-address", cluster.address]  # fmt: skip
    if case == "no-token":  # the arena joins through the same pre-flight
        done = subprocess.run(arena, capture_output=True, text=True, timeout=120, env=env)
        output = (done.stdout + done.stderr).strip()
        assert done.returncode != 0 and says in output and "Traceback" not in output, output
        assert not (tmp_path / "arena").exists()


def test_placement_comes_from_the_spec_and_is_checked():
    assert actor_options_for("orak/2048-v0")["num_cpus"] == 0.25
    assert actor_options_for("orak/SuperMario-v0")["num_cpus"] == 1.0  # process isolated
    with pytest.raises(RayEnvError, match="needs 1 minecraft_server per env but the Ray cluster has 0"):
        check_placeable(actor_options({"minecraft_server": 1}), {"CPU": 2.0}, "orak/Minecraft-v0")
    with pytest.raises(RayEnvError, match="needs 8 CPU per env but the Ray cluster has 2"):
        check_placeable(actor_options(num_cpus=8), {"CPU": 2.0}, "orak/2048-v0")
    check_placeable(actor_options_for("orak/2048-v0"), {"CPU": 2.0}, "orak/2048-v0")


def test_arena_games_on_ray_match_the_local_round_robin(cluster, tmp_path):
    def arena(out: Path, *extra: str) -> list[dict]:
        command = [sys.executable, "-m", "orak_gym.cli", "arena", "--env", "2048-race", "-p", "random", "-p", "expert",
                   "--games", "4", "--no-plot", "--out", str(out), *extra]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=cluster.env)
        assert done.returncode == 0, done.stdout + done.stderr
        return [json.loads(line) for line in (out / "matches.jsonl").read_text().splitlines()]

    local = arena(tmp_path / "local")
    remote = arena(tmp_path / "ray", "--executor", "ray", "--ray-address", cluster.address)
    assert len(local) == 4 and remote == local
    assert (tmp_path / "ray" / "elo.csv").read_text() == (tmp_path / "local" / "elo.csv").read_text()
