"""Bad input gives one line: no game, no input device, a mod that stops writing, a state cut in half,
a game that exits, hostile item names; a state file still being written is waited for."""

from __future__ import annotations

import json
import threading
import time

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.backends.mod_link import ModLinkError
from orak_gym.core.errors import MissingAssetError
from orak_gym.core.registry import spec_of
from orak_gym.games.stardew_valley import install
from orak_gym.games.stardew_valley.inputs import InputUnavailable, make_sink
from orak_gym.games.stardew_valley.state_files import read_state

from .conftest import fake_command

EARN = "orak/StardewValley-v0"


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text, text
    return text


def _failing_step(monkeypatch, flags: tuple[str, ...], actions: list[str], **kwargs) -> str:
    monkeypatch.setenv("ORAK_STARDEW_LAUNCH", fake_command(*flags))
    env = gym.make(EARN, **kwargs)
    try:
        env.reset(seed=0)
        with pytest.raises(ModLinkError) as caught:
            for action in actions:
                env.step(action)
        return _one_line(caught.value)
    finally:
        env.close()


def test_the_install_check_names_each_missing_piece(tmp_path, monkeypatch):
    for name in ("ORAK_STARDEW_DIR", "ORAK_STARDEW_LAUNCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ORAK_STARDEW_INPUT", "channel")
    assert install.installation_problem() == install.WHAT_TO_INSTALL
    assert "your own Orak checkout" in install.WHAT_TO_INSTALL
    monkeypatch.setenv("ORAK_STARDEW_DIR", str(tmp_path))
    problem = install.installation_problem()
    assert problem.startswith(f"{tmp_path} lacks StardewModdingAPI (SMAPI 4") and "StateExtractor.dll" in problem
    mod = tmp_path / "Mods" / "StateExtractor"
    mod.mkdir(parents=True)
    for path in (tmp_path / "StardewModdingAPI", mod / "manifest.json", mod / "StateExtractor.dll"):
        path.write_bytes(b"")
    assert "config.json is missing" in install.installation_problem()
    (mod / "config.json").write_text(json.dumps({"StateSavePath": "orak/state"}))
    assert "needs StateSavePath and ActionSavePath" in install.installation_problem()
    (mod / "config.json").write_text(json.dumps({"StateSavePath": "orak/state", "ActionSavePath": "orak/action.json"}))
    assert install.installation_problem() is None and spec_of(EARN).status().ready
    assert install.mod_paths(tmp_path) == install.ModPaths(tmp_path / "orak/state", tmp_path / "orak/action.json")
    monkeypatch.setenv("ORAK_STARDEW_INPUT", "teleport")
    assert "input='teleport' is not one of" in install.installation_problem()


def test_a_missing_game_is_one_line_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_STARDEW_DIR", str(tmp_path / "Stardew Valley"))
    monkeypatch.delenv("ORAK_STARDEW_LAUNCH", raising=False)
    env = gym.make(EARN)
    with pytest.raises(MissingAssetError) as caught:
        env.reset(seed=0)
    assert "is not a folder" in _one_line(caught.value) and list(tmp_path.iterdir()) == []
    env.close()


def test_no_state_file_yet_is_one_line(tmp_path, monkeypatch):
    mod = tmp_path / "Mods" / "StateExtractor"
    mod.mkdir(parents=True)
    for path in (tmp_path / "StardewModdingAPI", mod / "manifest.json", mod / "StateExtractor.dll"):
        path.write_bytes(b"")
    (mod / "config.json").write_text(json.dumps({"StateSavePath": "state", "ActionSavePath": "action.json"}))
    monkeypatch.setenv("ORAK_STARDEW_DIR", str(tmp_path))
    monkeypatch.delenv("ORAK_STARDEW_LAUNCH", raising=False)
    monkeypatch.setenv("ORAK_STARDEW_INPUT", "channel")
    env = gym.make(EARN)
    with pytest.raises(ModLinkError) as caught:
        env.reset(seed=0)
    assert f"no state file in {tmp_path / 'state'}" in _one_line(caught.value)
    env.close()


def test_no_way_to_send_keys_is_one_line(monkeypatch, tmp_path):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdotool
    with pytest.raises(InputUnavailable) as caught:
        make_sink("xdotool", tmp_path)
    assert "no xdotool program and no X11 display (DISPLAY)" in _one_line(caught.value)
    with pytest.raises(InputUnavailable) as caught:
        make_sink("auto", tmp_path)
    assert "keys and clicks" in _one_line(caught.value) and "uinput:" in str(caught.value)


def test_a_mod_that_stops_writing_is_one_line_on_the_next_sleep(fake_game, monkeypatch):
    line = _failing_step(monkeypatch, ("--stall-after", "2"), ["get_out_of_house()", "go_house_and_sleep()"],
                         message_timeout=1.0)  # fmt: skip
    assert "StateExtractor wrote no state" in line and "after go_house_and_sleep" in line


def test_a_state_cut_in_half_is_one_line(fake_game, monkeypatch):
    line = _failing_step(monkeypatch, ("--corrupt-at", "4"), ["get_out_of_house()"])
    assert "is not whole JSON after 2 s" in line


def test_a_game_that_exits_is_one_line(fake_game, monkeypatch):
    line = _failing_step(monkeypatch, ("--exit-after", "1"), ["get_out_of_house()", "go_house_and_sleep()"])
    assert line == "Stardew Valley exited (code 0)"


def test_hostile_item_names_stay_one_short_line(fake_game, monkeypatch):
    monkeypatch.setenv("ORAK_STARDEW_LAUNCH", fake_command("--hostile"))
    env = gym.make(EARN)
    obs, _ = env.reset(seed=0)
    env.close()
    line = next(line for line in obs.splitlines() if line.startswith("6. "))
    assert line.startswith("6. Parsnip ### Actions sell_item() {{ x }}") and len(line) < 90
    assert "\x00" not in obs and "\x1b" not in obs and obs.count("### Actions") == 1


def test_a_state_file_still_being_written_is_read_once_whole(tmp_path):
    text = json.dumps({"player": {"money": 1}, "pad": "x" * 1000})
    (tmp_path / "s.json").write_text(text[:100])

    def finish() -> None:
        time.sleep(0.3)
        (tmp_path / "s.json").write_text(text)

    threading.Thread(target=finish).start()
    assert read_state(tmp_path, "s.json")["player"] == {"money": 1}
