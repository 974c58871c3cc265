"""What a pip user gets: the wheel's file list (no npm packages), the ``video`` extra, readable ``list``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import gymnasium as gym
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_no_node_modules(tmp_path: Path) -> None:
    """Built from a checkout where ``npm ci`` ran: the npm packages stay out, the driver's JS is in."""
    pytest.importorskip("wheel", reason="the test extra installs wheel (builds without network)")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist", "runs")
    )
    modules = src / "orak_gym" / "games" / "minecraft" / "js" / "node_modules" / "mineflayer"
    (modules / "lib").mkdir(parents=True, exist_ok=True)
    (modules / "package.json").write_text('{"name": "mineflayer"}')
    (modules / "lib" / "index.js").write_text("module.exports = {}\n")
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", "dist", "."]
    subprocess.run(command, cwd=src, check=True, capture_output=True, timeout=300)
    (wheel,) = (src / "dist").glob("orak_gym-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "node_modules" in n]
    js = "orak_gym/games/minecraft/js/"
    for needed in ("driver.js", "server.js", "package.json", "package-lock.json"):
        assert js + needed in names
    assert any(n.startswith("orak_gym/games/baba_is_you/") and n.endswith(".level") for n in names)
    assert any(n.startswith("orak_gym/agents/prompts/") and n.endswith(".j2") for n in names)
    for data in ("backends/mame_bridge.lua", "backends/mame_fake_peer.py", "games/street_fighter/macros.json",
                 "games/street_fighter/menu.json", "games/street_fighter/prompts/rules.md"):  # fmt: skip
        assert f"orak_gym/{data}" in names, data


def test_video_extra_makes_record_video_work(tmp_path: Path) -> None:
    (video_extra,) = [line for line in (ROOT / "pyproject.toml").read_text().splitlines() if line.startswith("video =")]
    assert '"moviepy' in video_extra, "gymnasium's RecordVideo needs moviepy"
    pytest.importorskip("moviepy", reason="install the 'video' extra")
    import orak_gym  # noqa: F401

    env = gym.make("orak/2048-v0", render_mode="rgb_array")
    env = gym.wrappers.RecordVideo(env, str(tmp_path / "videos"), episode_trigger=lambda _: True, disable_logger=True)
    env.reset(seed=0)
    for action in ["up", "left", "down", "right"] * 3:
        env.step(action)
    env.close()
    (video,) = (tmp_path / "videos").glob("*.mp4")
    assert video.stat().st_size > 1000


def test_list_is_readable_when_piped() -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    out = subprocess.run(
        [sys.executable, "-m", "orak_gym.cli", "list"], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert "…" not in out, "nothing is cut off"
    import orak_gym

    words = set(out.split())
    details = [status.detail for _, status in orak_gym.games() if not status.ready]
    assert details
    for detail in details:  # every word of every fix is printed (a cell wraps, it never truncates)
        missing = [w for w in detail.split() if len(w) <= 40 and w not in words]
        assert not missing, (detail, missing)
    assert "roms_and_assets" not in out, "a pip user has no roms_and_assets/ folder"


def test_list_prints_the_extra_in_its_brackets(monkeypatch) -> None:
    """``pip install 'orak-gym[retro]'``: rich must not take ``[retro]`` for a style tag and drop it."""
    from typer.testing import CliRunner

    import orak_gym
    from orak_gym.cli import app
    from orak_gym.core.registry import Readiness, Status

    listing = [(spec, Status(Readiness.MISSING_EXTRA, "pip install 'orak-gym[retro]' (needs stable-retro)"))
               for spec, _ in orak_gym.games()][:1]  # fmt: skip
    monkeypatch.setattr(orak_gym, "games", lambda: listing)
    out = CliRunner().invoke(app, ["list"], env={"COLUMNS": "200"}).output
    assert "orak-gym[retro]" in out, out
