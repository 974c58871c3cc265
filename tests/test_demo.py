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
        assert len(server.requests) == 3  # one LLM call per decision
    assert "action: 'left'" in out
