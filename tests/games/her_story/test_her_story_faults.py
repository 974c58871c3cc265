"""Bad input gives one line and loses nothing: a missing game, no way to click, a plugin that stops
writing, a truncated record, hostile transcripts, a line still being written, a restarted log."""

from __future__ import annotations

import json
import threading
import time

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.backends.mod_link import ModLinkError
from orak_gym.core.errors import MissingAssetError, OrakError
from orak_gym.games.her_story import install
from orak_gym.games.her_story.inputs import InputUnavailable, make_injector
from orak_gym.games.her_story.log_tail import LogTail
from orak_gym.wrappers.modality import make_env  # noqa: F401  (the id's factory is importable)

from .conftest import fake_command

ENV_ID = "orak/HerStory-v0"


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text, text
    return text


def test_a_missing_game_folder_is_one_line_and_writes_nothing(tmp_path, monkeypatch):
    missing = tmp_path / "HER STORY"
    monkeypatch.setenv("ORAK_HERSTORY_DIR", str(missing))
    monkeypatch.delenv("ORAK_HERSTORY_LAUNCH", raising=False)
    env = gym.make(ENV_ID)
    with pytest.raises(MissingAssetError) as caught:
        env.reset(seed=0)
    assert "is not a folder" in _one_line(caught.value) and "HerStoryPlugin.dll" in str(caught.value)
    assert not missing.exists() and list(tmp_path.iterdir()) == []
    env.close()


def test_the_install_check_names_each_missing_piece_and_its_source(tmp_path, monkeypatch):
    monkeypatch.delenv("ORAK_HERSTORY_DIR", raising=False)
    monkeypatch.delenv("ORAK_HERSTORY_LAUNCH", raising=False)
    assert install.installation_problem() == install.WHAT_TO_INSTALL
    assert "your own Orak checkout" in install.WHAT_TO_INSTALL and "Doorstop 4.4.0" in install.WHAT_TO_INSTALL
    monkeypatch.setenv("ORAK_HERSTORY_DIR", str(tmp_path))
    (tmp_path / "HerStory_Data").mkdir()
    for name in ("winhttp.dll", "doorstop_config.ini", "0Harmony.dll"):
        (tmp_path / name).write_bytes(b"")
    problem = install.installation_problem()
    assert problem == f"{tmp_path} lacks HerStoryPlugin.dll (Orak's plugin: executables/her_story/HerStoryPlugin.dll " \
        "from your own Orak checkout)"  # fmt: skip
    (tmp_path / "HerStoryPlugin.dll").write_bytes(b"")
    assert install.installation_problem() is None
    from orak_gym.core.registry import spec_of

    assert spec_of(ENV_ID).status().ready


def test_no_way_to_click_is_one_line_at_reset(tmp_path, monkeypatch, fake_game):
    monkeypatch.setenv("ORAK_HERSTORY_INPUT", "auto")
    monkeypatch.delenv("DISPLAY", raising=False)
    env = gym.make(ENV_ID)
    with pytest.raises(InputUnavailable) as caught:
        env.reset(seed=0)
    assert "neither Windows' SendInput nor X11 input" in _one_line(caught.value)
    assert env.unwrapped.game is None  # nothing started
    env.close()
    with pytest.raises(InputUnavailable, match="Windows only"):
        make_injector("sendinput", tmp_path)


@pytest.mark.parametrize("flags, at", [(("--stall-after", "3"), "query_result"), (("--corrupt-at", "4"), "JSON")])
def test_a_plugin_that_stops_or_breaks_a_record_is_one_line_and_the_state_is_kept(monkeypatch, fake_game, flags, at):
    monkeypatch.setenv("ORAK_HERSTORY_LAUNCH", fake_command(*flags))
    env = gym.make(ENV_ID, message_timeout=1.0)
    obs, _info = env.reset(seed=0)
    with pytest.raises(ModLinkError) as caught:
        env.step("Search lantern")  # records 3 and 4: query, query_result
    assert at in _one_line(caught.value) and isinstance(caught.value, OrakError)
    assert env.unwrapped.state.to_text() == obs  # the last good state is still there
    log = (env.unwrapped.game_dir / "game_log.txt").read_text().splitlines()
    assert len(log) == (3 if "--stall-after" in flags else 4)  # the file as the plugin left it
    env.close()


def test_hostile_transcripts_reach_the_agent_as_text_and_parse_in_linear_time(monkeypatch, fake_game):
    monkeypatch.setenv("ORAK_HERSTORY_LAUNCH", fake_command("--hostile"))
    env = gym.make(ENV_ID)
    env.reset(seed=0)
    env.step("Search lantern")
    obs, reward, *_, _info = env.step("Play Video 0")
    assert reward == 1.0 and "{{x}}" * 2000 in obs and "\u202e" in obs
    start = time.perf_counter()
    parsed = env.unwrapped.action_parser.parse(obs * 4 + "\n### Actions\nPlay Video 1")
    assert parsed.valid and parsed.actions == ["Play Video 1"] and time.perf_counter() - start < 1.0
    env.close()


def test_a_line_still_being_written_is_read_whole_and_a_new_log_from_its_start(tmp_path):
    log = tmp_path / "game_log.txt"
    log.write_text('{"status": "title"}\n')
    tail = LogTail(log, poll=0.005)
    tail.start(from_last_line=True)
    assert tail.read_record(1.0) == {"status": "title"}
    with log.open("a") as f:
        f.write('{"status": "query", "keyw')
        f.flush()

        def finish() -> None:
            time.sleep(0.1)
            f.write('ord": "x"}\n')
            f.flush()

        writer = threading.Thread(target=finish)
        writer.start()
        assert tail.read_record(5.0) == {"status": "query", "keyword": "x"}
        writer.join()
    assert tail.read_record(0.05) is None
    log.write_text('{"a":1}\n')  # the game started again with a new, shorter log
    assert tail.read_record(1.0) == {"a": 1}
    log.write_text(log.read_text() + "[1, 2]\n")
    with pytest.raises(ModLinkError, match="JSON list, not an object"):
        tail.read_record(1.0)
    assert json.loads(log.read_text().splitlines()[-1]) == [1, 2]  # read, never changed


def test_orak_gym_list_says_what_an_owner_installs():
    """The command itself, in a process of its own (a table as wide as the text: each row on one line)."""
    import os
    import subprocess
    import sys

    ours = ("ORAK_HERSTORY", "ORAK_ACEATTORNEY", "ORAK_CHECKOUT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)} | {"COLUMNS": "3000"}
    done = subprocess.run([sys.executable, "-m", "orak_gym.cli", "list"], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {line.split("│")[1].strip(): line for line in done.stdout.splitlines() if line.count("│") > 5}
    assert "orak/HerStory-v0" in rows["HerStory"] and "missing asset" in rows["HerStory"]
    assert "missing asset" in rows["AceAttorney"]  # the game and its plugin are the owner's, never a pip extra
    assert "HerStoryPlugin.dll from your own Orak checkout" in rows["HerStory"]
    assert (
        "ORAK_CHECKOUT" in rows["AceAttorney"]
        and "MyBepInExPlugin.dll from your own Orak checkout" in rows["AceAttorney"]
    )
    assert "orak/AceAttorney-v0 (+3 variants)" in rows["AceAttorney"]


def test_x11_input_runs_xdotool_at_the_window_relative_positions(tmp_path, monkeypatch):
    """``input='auto'`` on an X11 desktop: the xdotool command lines, recorded by a stand-in ``xdotool``
    (no X server here) that answers ``search`` with a window id as the real one does."""
    calls = tmp_path / "calls.jsonl"
    fake = tmp_path / "bin" / "xdotool"
    fake.parent.mkdir()
    fake.write_text(
        "#!/usr/bin/env python3\nimport json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1] == 'search':\n    print('4242')\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    injector = make_injector("auto", tmp_path)
    injector.click(640, 60)
    injector.type_text("lantern\n")
    injector.press("escape")
    recorded = [json.loads(line) for line in calls.read_text().splitlines()]
    assert recorded == [
        ["search", "--name", "^HerStory$"],
        ["windowactivate", "--sync", "4242"],
        ["mousemove", "--window", "4242", "640", "60", "click", "1"],
        ["type", "--delay", "20", "--", "lantern\n"],  # to the focused window, through XTEST
        ["key", "Escape"],
    ]
