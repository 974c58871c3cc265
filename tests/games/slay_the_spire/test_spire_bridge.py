"""The real-game path end to end: a process plays the game's side of CommunicationMod, launching
``orak-gym spire bridge`` as the mod does; the env talks to the bridge over loopback TCP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import pytest

from orak_gym.backends.mod_link import FileLink, ModLinkError
from orak_gym.backends.mod_relay import LinkRelay
from orak_gym.games.slay_the_spire import engine_missing
from orak_gym.games.slay_the_spire.backend import CommunicationModBackend
from orak_gym.games.slay_the_spire.env import SlayTheSpireEnv
from orak_gym.games.slay_the_spire.expert import SpireExpert
from orak_gym.wrappers.modality import apply_modality

from . import spire_messages as sm
from .bridge_support import HERE, free_port, wait_for_port


def test_env_plays_the_game_through_the_bridge_until_it_quits(scripted_game):
    start = sm.combat()
    after_strike = sm.after_playing(start, 0, damage=(0, 8))
    after_defend = sm.after_playing(after_strike, 1)
    port, log, proc = scripted_game([sm.main_menu(), start, after_strike, after_defend])
    env = apply_modality(SlayTheSpireEnv(backend="communication_mod", port=port, timeout=20), "text")
    obs, info = env.reset(seed=0)
    assert obs.startswith("COMBAT STATE (Turn 1)") and info["game_seed"] == 0
    # Orak's semantics: "PLAY 3" is the Defend that was 3rd when the reply was read (2nd after the Strike left)
    obs, _, _, _, info = env.step("### Actions\nPLAY 1 1\nPLAY 3")
    assert info["action_valid"], info["action_feedback"]
    assert info["native_actions"] == ["PLAY 1 1", "PLAY 3"]
    assert "- HP: 4/15" in obs and "- Energy: 1" in obs
    with pytest.raises(ModLinkError, match="quit"):
        env.step("END")
    env.close()
    assert proc.wait(timeout=10) == 0
    assert log.read_text().split("\n")[:4] == ["START IRONCLAD 0 0", "PLAY 1 0", "PLAY 2", "END"]


def test_a_reconnecting_env_gets_the_latest_message(scripted_game):
    start = sm.combat()
    port, _, proc = scripted_game([sm.main_menu(), start, sm.after_playing(start, 2)])
    first = CommunicationModBackend(port=port, timeout=20)
    assert first.connect()["in_game"] is False
    assert first.send("START IRONCLAD 0 0")["game_state"]["combat_state"]["turn"] == 1
    first.close()  # the env goes away; the game keeps waiting
    second = CommunicationModBackend(port=port, timeout=20)
    replay = second.connect()
    assert replay == json.loads(json.dumps(start))
    assert len(second.send("PLAY 3")["game_state"]["combat_state"]["hand"]) == 4
    second.close()
    proc.kill()


def test_game_errors_are_reported_and_the_state_stays(scripted_game):
    start = sm.combat()
    error = {"error": "Invalid command: play. Possible commands: [choose, state]", "ready_for_command": True}
    port, _, proc = scripted_game([sm.main_menu(), start, error])
    env = SlayTheSpireEnv(backend="communication_mod", port=port, timeout=20)
    env.reset(seed=1)
    _, reward, _, _, info = env.step(1 + 0 * 6 + 1)  # native PLAY slot 1 at monster 1
    assert info["action_valid"] is False and "refused" in info["action_feedback"]
    assert reward == 0 and env.state.message == start
    env.close()
    proc.kill()


def test_no_bridge_is_a_clear_error():
    env = SlayTheSpireEnv(backend="communication_mod", port=free_port())
    with pytest.raises(ModLinkError, match=r"config\.properties"):
        env.reset(seed=0)


def test_a_run_in_progress_is_not_silently_restarted(scripted_game):
    port, _, proc = scripted_game([sm.combat()])
    env = SlayTheSpireEnv(backend="communication_mod", port=port, timeout=20)
    with pytest.raises(ModLinkError, match="already in progress"):
        env.reset(seed=0)
    env.reset(seed=0, options={"continue_run": True})
    assert env.state.kind == "combat"
    env.close()
    proc.kill()


def test_bridge_refuses_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "orak_gym.cli", "spire", "bridge", "--port", str(port)],
            input="",
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1 and "cannot listen" in result.stderr and "ready" not in result.stdout


def test_orak_two_file_variant(tmp_path):
    """Orak's modified mod: commands into mod_input.txt, messages out of mod_output.txt."""
    mod_input, mod_output = tmp_path / "mod_input.txt", tmp_path / "mod_output.txt"
    bridge = LinkRelay(FileLink(mod_input, mod_output, poll=0.01), port=0)
    threading.Thread(target=bridge.serve, daemon=True).start()

    def mod_reads() -> str:
        for _ in range(500):
            if mod_input.exists():
                text = mod_input.read_text().strip()
                mod_input.unlink()
                return text
            time.sleep(0.01)
        raise AssertionError("the bridge wrote no command")

    assert mod_reads() == "ready"
    mod_output.write_text(json.dumps(sm.main_menu()) + "\n")
    backend = CommunicationModBackend(port=bridge.port, timeout=20)
    assert backend.connect()["in_game"] is False
    replies = {}

    def mod() -> None:
        replies["command"] = mod_reads()
        mod_output.write_text(json.dumps(sm.combat()) + "\n")

    thread = threading.Thread(target=mod)
    thread.start()
    message = backend.send("START IRONCLAD 0 7")
    thread.join()
    assert replies["command"] == "START IRONCLAD 0 7" and message["in_game"] is True
    backend.close()
    bridge.stop()


@pytest.mark.skipif(engine_missing() is not None, reason=str(engine_missing()))
def test_both_backends_show_the_same_run(tmp_path):
    """The game double answers from the embedded engine over the real protocol: the env through the
    bridge must see exactly what the embedded backend shows, decision after decision."""
    port = free_port()
    log = tmp_path / "commands.log"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "spire_game_double.py"), "--port", str(port), "--engine", "--log", str(log)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, proc)
        remote = apply_modality(SlayTheSpireEnv(backend="communication_mod", port=port, timeout=60), "text")
        local = apply_modality(SlayTheSpireEnv(), "text")
        expert_remote, expert_local = SpireExpert(), SpireExpert()
        obs_r, info_r = remote.reset(seed=4)
        obs_l, info_l = local.reset(seed=4)
        for _ in range(60):
            assert obs_r == obs_l
            action = expert_local(obs_l, info_l)
            assert expert_remote(obs_r, info_r) == action
            obs_l, _, term_l, _, info_l = local.step(action)
            obs_r, _, term_r, _, info_r = remote.step(action)
            assert info_r["score"] == info_l["score"] and term_r == term_l
            if term_l:
                break
        remote.close()
        local.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_message_nobody_asked_for_is_dropped_not_read_as_the_next_answer():
    """A game clicked by hand sends a state unasked; the next command must still get its own answer."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    unasked = sm.combat(turn=1)
    answer = sm.combat(turn=2)
    sent_unasked = threading.Event()

    def bridge_side() -> None:
        conn, _ = server.accept()
        with conn, conn.makefile("r") as reader:
            conn.sendall((json.dumps(sm.main_menu()) + "\n" + json.dumps(unasked) + "\n").encode())
            sent_unasked.set()  # on loopback, sent is in the client's receive queue
            assert reader.readline().strip() == "END"
            conn.sendall((json.dumps(answer) + "\n").encode())

    thread = threading.Thread(target=bridge_side)
    thread.start()
    backend = CommunicationModBackend(port=port, timeout=20)
    assert backend.connect()["in_game"] is False
    assert sent_unasked.wait(timeout=10)  # the unasked message is in before the command goes out
    assert backend.send("END")["game_state"]["combat_state"]["turn"] == 2
    backend.close()
    thread.join(timeout=10)
    server.close()


def test_bridge_exits_when_the_game_quits_with_its_stderr_gone():
    """The game reads the bridge's stderr; once it has quit, a log line there fails, and the bridge must
    still notice and exit (it once stayed behind, waiting for an env, after every game that quit)."""
    bridge = subprocess.Popen(
        [sys.executable, "-m", "orak_gym.cli", "spire", "bridge", "--port", str(free_port())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert bridge.stdout.readline().strip() == "ready"
        bridge.stderr.close()  # the game's ends of both pipes go away, as when Slay the Spire quits
        bridge.stdin.close()
        assert bridge.wait(timeout=30) == 0
    finally:
        if bridge.poll() is None:
            bridge.kill()
            bridge.wait(timeout=10)
