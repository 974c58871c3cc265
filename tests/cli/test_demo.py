"""`make demo`'s command: a full episode with the built-in expert, a GIF and a trajectory."""

from __future__ import annotations

import json
import subprocess
import sys

from PIL import Image
from rich.console import Console

from orak_gym.demo import play_demo


def test_demo_plays_baba_with_a_frame_per_move(tmp_path):
    result = play_demo("orak/BabaIsYou-v0", seed=0, max_steps=30, out=str(tmp_path), quiet=True, console=Console())
    assert result["score"] == 100.0
    with Image.open(tmp_path / "episode.gif") as gif:
        assert gif.n_frames > result["steps"] + 1  # one frame per move, not per decision
    lines = (tmp_path / "trajectory.jsonl").read_text().splitlines()
    # a reset line, one line per step, and the end line (the format of orak-gym eval's trajectories)
    assert len(lines) == result["steps"] + 2 and json.loads(lines[-1])["score"] == 100.0
    assert json.loads(lines[-1])["event"] == "end" and json.loads(lines[-1])["termination"] == "terminated"


def test_demo_command_prints_the_episode_and_the_score(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "orak_gym.cli",
            "demo",
            "--max-steps",
            "40",
            "--out",
            str(tmp_path),
            "--gif-width",
            "200",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Board of 2048 Games:" in out and "score" in out and "/ 100" in out
    with Image.open(tmp_path / "episode.gif") as gif:
        assert gif.width == 200 and gif.n_frames == 41


def test_model_environment_variable_points_the_demo_at_an_llm(tmp_path):
    import os

    from orak_gym.testing import ScriptedOpenAIServer

    with ScriptedOpenAIServer(default="### Reasoning\ncorner strategy\n### Actions\nleft") as server:
        env = {**os.environ, "MODEL": f"compat:test-model@{server.base_url}", "OPENAI_API_KEY": "sk-test"}
        out = subprocess.run(
            [sys.executable, "-m", "orak_gym.cli", "demo", "--max-steps", "3", "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        assert len(server.chat_requests) == 3  # one LLM call per decision
    assert "action: 'left'" in out


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_against_a_dead_model_is_one_line_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from orak_gym.cli import app

    url = f"http://127.0.0.1:{_closed_port()}/v1"
    result = CliRunner().invoke(app, ["demo", "--model", f"compat:fake@{url}", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "cannot reach compat:fake" in lines[0]
    assert not (tmp_path / "demo").exists()


def test_a_model_dying_mid_demo_is_an_error_not_a_score(tmp_path):
    from typer.testing import CliRunner

    from orak_gym.cli import app
    from orak_gym.testing import Reply, ScriptedOpenAIServer

    answer = "### Reasoning\ncorner strategy\n### Actions\nleft"
    with ScriptedOpenAIServer(default=answer) as server:
        server.push(Reply.text(answer), Reply.text(answer), *[Reply.error(404, "model unloaded") for _ in range(20)])
        result = CliRunner().invoke(
            app, ["demo", "--model", f"compat:m@{server.base_url}", "--max-steps", "20", "--out", str(tmp_path)]
        )
        assert len(server.chat_requests) == 3, "the demo stops at the first failed call"
    assert result.exit_code == 4, result.output
    assert "1 LLM call(s) failed" in result.output and "/ 100" not in result.output
