"""The shared mod link (:mod:`orak_gym.backends.mod_link`, :mod:`orak_gym.backends.mod_relay`): a game
whose mod talks through files needs nothing outside its own folder, whatever its message format.

The game is ``tests/backends/lantern_game.py``, a stand-in for a third-party package: it registers
itself and plays against ``lantern_mod.py``, a real process speaking an invented line format through
two files. Slay the Spire's CommunicationMod bridge runs on the same link
(tests/games/slay_the_spire/test_spire_bridge.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import gymnasium as gym
import pytest

from orak_gym.backends.mod_link import JSON_OBJECTS, FileLink, ModLinkError
from orak_gym.backends.mod_relay import LinkRelay, RelayClient
from orak_gym.core.errors import BackendError
from orak_gym.testing import check_orak_env

from . import lantern_game

ENV_ID = "orak-test/Lantern-v0"


def test_a_game_on_a_file_mod_passes_the_whole_contract():
    results = check_orak_env(ENV_ID)
    assert set(results.values()) == {"passed"}, results


def test_a_seeded_episode_is_played_through_the_mod():
    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=5)
    assert obs == "Turn 0: 0 lanterns lit (the wind blew out 0)." and info["score"] == 0.0
    rewards = []
    terminated = False
    while not terminated:
        obs, reward, terminated, truncated, info = env.step("### Actions\nlight 3")
        rewards.append(reward)
        assert info["action_valid"] and not truncated
    state = info["state"]
    assert state["done"] and (state["lit"] >= 12 or state["turn"] == 15)
    assert sum(rewards) == state["lit"] and info["score"] == pytest.approx(min(100.0, 100 * state["lit"] / 12))
    env.close()


def test_a_mod_that_dies_is_a_backend_error_in_one_line():
    env = gym.make(ENV_ID).unwrapped
    env.reset(seed=0)
    os.kill(env.mod.pid, signal.SIGKILL)
    env.mod.wait(timeout=10)
    with pytest.raises(ModLinkError, match=r"^the Lantern mod exited \(code -9\)$") as caught:
        env.step(1)
    assert isinstance(caught.value, BackendError)
    env.close()


def test_a_message_still_being_written_is_read_whole(tmp_path):
    """A mod may still be writing the file the link takes: the link waits until the message is whole."""
    link = FileLink(tmp_path / "commands.txt", tmp_path / "messages.txt", poll=0.005, message_format=JSON_OBJECTS)
    messages = tmp_path / "messages.txt"
    with messages.open("w") as f:
        f.write('{"turn": 1, "hand": [')
        f.flush()

        def finish() -> None:
            time.sleep(0.1)
            f.write('"a", "b"]}')
            f.flush()

        writer = threading.Thread(target=finish)
        writer.start()
        text = link.read(timeout=5)
        writer.join()
    assert json.loads(text) == {"turn": 1, "hand": ["a", "b"]}
    assert link.read(timeout=0.05) is None  # nothing more, and a bounded wait says so


def test_the_relay_carries_any_message_format(tmp_path):
    """The relay a mod-launched command runs, with the Lantern mod's own format end to end."""
    folder = tmp_path / "mod"
    link = FileLink(folder / "commands.txt", folder / "messages.txt", poll=0.002,
                    message_format=lantern_game.LANTERN_FORMAT)  # fmt: skip
    mod = subprocess.Popen([sys.executable, str(lantern_game.MOD), str(folder)])
    relay = LinkRelay(link, game="Lanterns")
    threading.Thread(target=relay.serve, daemon=True).start()
    client = RelayClient("127.0.0.1", relay.port, timeout=10, message_format=lantern_game.LANTERN_FORMAT)
    try:
        client.open()  # this mod says nothing before its first command
        client.send("START 3")
        assert client.receive() == {"turn": "0", "lit": "0", "wind": "0", "done": "0"}
        client.send("LIGHT 2")
        first = client.receive()
        assert first["turn"] == "1" and int(first["lit"]) in (1, 2)
        client.send("QUIT")
        mod.wait(timeout=10)
        relay.stop()
        with pytest.raises(ModLinkError, match="Lanterns quit"):
            client.receive()
    finally:
        client.close()
        relay.stop()
        if mod.poll() is None:
            mod.kill()


def test_a_game_an_env_started_ends_with_the_env_even_unclosed() -> None:
    """``OwnedGame``: ``release()`` stops the game and removes its folder; an owner collected without
    releasing (an env never closed) does the same, so no game keeps running."""
    import gc

    from orak_gym.backends.mod_link import OwnedGame

    class Owner:
        pass

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    for close in (True, False):
        owner = Owner()
        owned = OwnedGame(owner)
        folder = owned.make_folder("orak-test-")
        process = owned.launch("Test Game", sleeper, folder)
        assert process.poll() is None and folder.is_dir()
        if close:
            owned.release()
        else:
            del owner, owned
            gc.collect()
        assert process.wait(timeout=10) is not None and not folder.exists()
