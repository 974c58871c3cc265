"""An owner's set-up, end to end, with the real input path: a game folder and profile of their own, a start
save copied back at each reset, and keys sent through the ``xdotool`` program (a stand-in on ``PATH`` that
hands the keys to the fake raid as the bound pad buttons)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import sys
from pathlib import Path

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.core.registry import spec_of
from orak_gym.games.darkest_dungeon import install
from orak_gym.games.darkest_dungeon.inputs import XdotoolKeys, press_sequence

from .conftest import FAKE
from .fake_darkest_dungeon import Raid, Saver, write_install

ENV_ID = "orak/DarkestDungeon-v0"


@pytest.fixture
def owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    game, start = tmp_path / "DarkestDungeon", tmp_path / "start_save"
    profile = game / "profile"
    profile.mkdir(parents=True)
    start.mkdir()
    write_install(game)
    Saver(start, None, None).save(Raid(seed=7, hostile=False))  # the evaluation start: the party in the dungeon
    tools = tmp_path / "bin"
    tools.mkdir()
    xdotool = tools / "xdotool"
    xdotool.write_text(f"#!{sys.executable}\n" + Path(__file__).with_name("fake_xdotool.py").read_text())
    xdotool.chmod(xdotool.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("FAKE_XDOTOOL_CHANNEL", str(profile / "orak_input.jsonl"))
    monkeypatch.setenv("ORAK_DD_DIR", str(game))
    monkeypatch.setenv("ORAK_DD_PROFILE", str(profile))
    monkeypatch.setenv("ORAK_DD_START_SAVE", str(start))
    monkeypatch.setenv("ORAK_DD_LAUNCH", shlex.join([sys.executable, str(FAKE), str(game)]))
    monkeypatch.setenv("ORAK_DD_INPUT", "xdotool")
    monkeypatch.setenv("ORAK_DD_SETTLE", "0.02")
    return game


def test_an_owner_s_folders_and_xdotool_play_the_raid(owner):
    assert install.installation_problem() is None and spec_of(ENV_ID).status().ready
    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=0)
    assert isinstance(env.unwrapped.injector, XdotoolKeys) and "Name: Brannoc" in obs
    obs, _, _, _, info = env.step("attack target 2 using skill slot 1")
    assert info["action_valid"] and "Name: Pim" in obs
    calls = [json.loads(line) for line in Path(os.environ["FAKE_XDOTOOL_CHANNEL"] + ".calls").read_text().splitlines()]
    assert calls[:2] == [["search", "--name", "^Darkest Dungeon"], ["windowactivate", "--sync", "4194307"]]
    keys = [c[1] for c in calls if c[0] == "key"]
    command = [XdotoolKeys.KEYS[b] for b in press_sequence("attack 2 1")]
    walk = keys[: -len(command)]
    assert keys[-len(command) :] == command  # the command's keys, after the walk to the combat
    assert len(walk) >= 3 and set(walk) == {"Right"}  # presses sent while the game was still starting are lost
    first_raid = (owner / "profile" / "persist.raid.json").read_bytes()
    obs, info = env.reset(seed=1)  # the start save goes back, the game starts again
    assert info["state"]["steps"] == 0 and "Name: Brannoc" in obs and "HP: 7/7" in obs
    assert (owner / "profile" / "persist.raid.json").read_bytes() != first_raid
    env.close()


def test_xdotool_failing_mid_episode_is_one_line(owner, monkeypatch):
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    shutil.rmtree(Path(os.environ["PATH"].split(os.pathsep)[0]))  # xdotool is gone
    with pytest.raises(Exception) as caught:
        env.step("attack target 2 using skill slot 1")
    assert type(caught.value).__name__ == "InputUnavailable" and "\n" not in str(caught.value)
    assert str(caught.value).startswith("xdotool failed")
    env.close()
