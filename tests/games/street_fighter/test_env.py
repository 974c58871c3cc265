"""``orak/StreetFighter-v0`` on the fake bridge peer (scripted RAM, real protocol) and on the real MAME
``sfiii3n`` driver with a zero-filled ROM set (real ports, RAM plumbing and frames; no game bytes)."""

from __future__ import annotations

import os

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.core.errors import BackendError, MissingAssetError, MissingDependencyError, OrakError
from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.actions import NATIVE_NAMES, MacroParser
from orak_gym.games.street_fighter.session import load_menu, menu_frames
from orak_gym.games.street_fighter.state import CLOSE_PX, FAR_PX, distance_bucket

from .support import requires_mame, write_scenario

ENV_ID = "orak/StreetFighter-v0"


def play(env: gym.Env, text: str, limit: int = 400) -> tuple[int, dict]:
    info: dict = {}
    for n in range(1, limit + 1):
        _, _, terminated, truncated, info = env.step(text)
        if terminated or truncated:
            return n, info
    return limit, info


def test_rounds_stages_knockouts_timeouts_and_score(tmp_path) -> None:
    """Stage 1: P1 wins 2-1 (one by time-out); stage 2: 2-0; stage 3: lost 0-2 -> game over, 2 stages cleared."""
    start = menu_frames(load_menu()) + 100
    peer = write_scenario(tmp_path, ["p1", "p2", "p1-time", "p1", "p1-time", "p2", "p2-time"], start_frame=start)
    env = gym.make(ENV_ID, peer=peer)  # boot="menu": the script runs, then the env waits for the fight
    try:
        obs, info = env.reset(seed=0)
        assert "You are playing Ken in Street Fighter 3. Your opponent is Alex." in obs
        assert "Your Health: 161" in obs and "Time Remaining: 99" in obs and "Your Current Direction: right" in obs
        assert info["score"] == 0.0 and info["raw_score"] == 1.0 and info["stage"] == 1
        _, info = play(env, "### Actions\n- Move Closer")
        assert info["stages_cleared"] == 2 and info["score"] == 20.0 and info["raw_score"] == 3.0
        assert info["state"]["game_over"] is True
        tracker = env.unwrapped.backend.tracker
        assert tracker.rounds == ["p1", "p2", "p1", "p1", "p1", "p2", "p2"]
    finally:
        env.close()


def test_ten_stages_score_100(tmp_path) -> None:
    peer = write_scenario(tmp_path, ["p1", "p1"] * 10, round_frames=30, gap_frames=12)
    env = gym.make(ENV_ID, peer=peer, boot="none", modality="native")
    try:
        env.reset(seed=0)
        total, terminated, steps = 0.0, False, 0
        while not terminated and steps < 1000:
            _, reward, terminated, _, info = env.step(0)
            total, steps = total + reward, steps + 1
        assert terminated and info["score"] == 100.0 and info["raw_score"] == 10.0
        assert total > 19  # one per round won, plus the damage dealt
    finally:
        env.close()


@pytest.mark.parametrize("distance, forward", [(200, "Right"), (-200, "Left")])
def test_macros_are_mirrored_by_side_and_reach_the_machine(tmp_path, distance, forward) -> None:
    log = tmp_path / "inputs.log"
    peer = write_scenario(tmp_path, ["p1"] * 2, round_frames=2000, distance=distance, input_log=str(log))
    env = gym.make(ENV_ID, peer=peer, boot="none")
    try:
        env.reset(seed=0)
        _, _, _, _, info = env.step("### Actions\n- Fireball\n- Move Closer\n- Hurricane")
        assert info["action_valid"] and "at most 2" in info["action_feedback"]
        down_forward = f"Down+{forward}"
        expected = ["Down", down_forward, forward, "MP", forward, forward, forward, forward]
        assert [NATIVE_NAMES[a] for a in info["native_actions"]] == expected
        masks = [int(line.split()[2]) for line in log.read_text().splitlines()]
        wanted = [ram.player_mask(tuple(name.split("+")) if name != "none" else ()) for name in expected]
        assert masks == wanted  # P1's bits, one native action per 6-frame step
        assert [int(line.split()[1]) for line in log.read_text().splitlines()] == [6] * len(expected)
    finally:
        env.close()


def test_invalid_text_is_one_noop_step_with_feedback(tmp_path) -> None:
    env = gym.make(ENV_ID, peer=write_scenario(tmp_path, ["p1"], round_frames=3000), boot="none")
    try:
        env.reset(seed=0)
        _, _, _, _, info = env.step("I will dance")
        assert info["action_valid"] is False and info["native_actions"] == [0]
        assert "no macro" in info["action_feedback"]
    finally:
        env.close()


def test_distance_thresholds() -> None:
    assert (FAR_PX, CLOSE_PX) == (154, 77)
    assert [distance_bucket(d) for d in (0, 76, 77, 154, 155)] == ["very close"] * 2 + ["close"] * 2 + ["far"]


def test_parser_is_linear_on_long_adversarial_text() -> None:
    import time

    parser = MacroParser()
    start = time.perf_counter()
    for text in ("fireball " * 7000, "-" * 65536, "\n" * 65536, "a+" * 32768, "### Actions\n" * 5000):
        parser.parse(text)
    assert time.perf_counter() - start < 2.0


def test_peer_dying_mid_round_is_one_line_and_leaves_nothing(tmp_path) -> None:
    env = gym.make(ENV_ID, peer=write_scenario(tmp_path, ["p1"], round_frames=3000, exit_at=40), boot="none")
    try:
        env.reset(seed=0)
        pid = env.unwrapped.backend.bridge.pid
        with pytest.raises(BackendError) as caught:
            for _ in range(20):
                env.step("- Move Closer")
        assert "\n" not in str(caught.value) and "exited" in str(caught.value)
        assert caught.value.stderr_tail and "scripted crash" in caught.value.stderr_tail[-1]
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        env.close()


def test_missing_and_wrong_rom_are_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path / "assets"))
    monkeypatch.setenv("ORAK_MAME", "/bin/true")  # MAME present: the ROM check is what fails
    with pytest.raises(MissingAssetError) as caught:
        gym.make(ENV_ID)
    assert "\n" not in str(caught.value) and "orak-gym roms import" in str(caught.value)
    rom = tmp_path / "assets" / "street_fighter" / "sfiii3n.zip"
    rom.parent.mkdir(parents=True)
    rom.write_bytes(b"not the game")
    with pytest.raises(MissingAssetError, match=r"has SHA-256 .* expected 7239b5eb"):
        gym.make(ENV_ID)


def test_no_mame_is_one_line(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ORAK_MAME", str(tmp_path / "none"))
    with pytest.raises(MissingDependencyError) as caught:
        gym.make(ENV_ID)
    assert isinstance(caught.value, OrakError) and "apt-get install mame" in str(caught.value)


def test_roms_import_matches_by_sha256(monkeypatch, tmp_path) -> None:
    import hashlib

    from orak_gym.backends.roms import import_roms
    from orak_gym.core.assets import Asset

    data = b"an invented arcade set"
    asset = Asset("sf_test", "set.zip", (), "n/a", sha256=(hashlib.sha256(data).hexdigest(),))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "whatever.zip").write_bytes(data)
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path / "assets"))  # put back after: a user's own ROMs stay found
    assert asset.problem() is not None
    done = import_roms([tmp_path / "in"], [asset])
    assert [d.asset for d in done] == [asset] and asset.problem() is None


@requires_mame
def test_real_sfiii3n_driver_ports_ram_plumbing_and_frames(sfiii3n_roms) -> None:
    """MAME's own sfiii3n driver on zero-filled ROMs: every input field we press exists, values the Lua side
    writes at our addresses come out in the env's text, and frames are 384x224."""
    roms = sfiii3n_roms
    env = gym.make(ENV_ID, rompath=str(roms), boot="none", skip_between_rounds=False, render_mode="rgb_array")
    try:
        env.reset(seed=0)
        bridge = env.unwrapped.backend.bridge
        assert bridge.hello["system"] == "sfiii3n" and bridge.missing_fields == []
        ports = bridge.hello["ports"]
        assert {"P1 Jab Punch", "P2 Fierce Punch", "Coin 2", "2 Players Start"} <= set(ports[":INPUTS"])
        assert {"P1 Short Kick", "P2 Forward Kick"} <= set(ports[":EXTRA"]) and "P2 Roundhouse Kick" in ports[":INPUTS"]
        fixture = {"p1_health": (150, 2), "p2_health": (37, 2), "timer": (61, 1), "p1_x": (300, 2),
                   "p2_x": (500, 2), "p1_super_bar": (99, 1), "p2_super_count": (2, 1), "p1_stun_bar": (12, 1),
                   "p2_stun_timer": (9, 1), "p1_character": (11, 1), "p2_character": (18, 1),
                   "fighting": (1, 1)}  # fmt: skip
        address = {a.name: a.address for a in ram.ADDRESSES}
        for name, (value, size) in fixture.items():
            bridge.poke(address[name], value, size)
        obs, *_ = env.step("- Low Punch")
        assert "You are playing Ken in Street Fighter 3. Your opponent is Q." in obs
        for line in ("Your Health: 151", "Opponent's Health: 38", "Time Remaining: 61", "Distance from Opponent: far",
                     "Your Super Bar Guage: 99", "Opponent's Super Count: 2", "Your Stun Bar Guage: 12",
                     "Opponent's Special Status: 1", "Your Current Direction: right"):  # fmt: skip
            assert line in obs, line
        frame = env.render()
        assert isinstance(frame, np.ndarray) and frame.shape == (224, 384, 3) and frame.dtype == np.uint8
    finally:
        env.close()


def test_menu_that_never_reaches_a_fight_is_one_line(tmp_path) -> None:
    peer = write_scenario(tmp_path, [], start_frame=10**9)  # the fight never begins
    env = gym.make(ENV_ID, peer=peer)
    try:
        with pytest.raises(BackendError) as caught:
            env.reset(seed=0)
        assert "\n" not in str(caught.value) and "orak-gym street-fighter calibrate" in str(caught.value)
    finally:
        env.close()


def test_bad_menu_script_is_refused_before_anything_starts(tmp_path) -> None:
    from orak_gym.games.street_fighter.session import MenuError

    broken = tmp_path / "menu.json"
    broken.write_text('{"steps": [{"frames": 5, "press": ["P3 Kick"]}], "characters": {}, "confirm": []}')
    with pytest.raises(MenuError, match=r"unknown input\(s\) \['P3 Kick'\]"):
        gym.make(ENV_ID, peer="unused.json", menu=str(broken))
    with pytest.raises(MenuError, match="cannot read the menu script"):
        gym.make(ENV_ID, peer="unused.json", menu=str(tmp_path / "absent.json"))


@requires_mame
def test_calibrate_runs_on_the_real_driver(sfiii3n_roms) -> None:
    """On zero-filled ROMs no round is ever fought: calibrate says so per address (exit status 3)."""
    from typer.testing import CliRunner

    from orak_gym.cli import app

    roms = sfiii3n_roms
    result = CliRunner().invoke(app, ["street-fighter", "calibrate", "--rompath", str(roms), "--boot", "none",
                                      "--frames", "60"])  # fmt: skip
    assert result.exit_code == 3, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert set(lines) == {a.name for a in ram.ADDRESSES}
    assert "OFF: never read 1" in lines["fighting"] and "OFF: never read full life" in lines["p1_health"]


def test_menu_script_reaches_the_machine_with_difficulty_and_super_art(tmp_path) -> None:
    """The scripted inputs, as the machine receives them: Right pressed difficulty-1 times in the service
    menu, Down super_art-1 times after the character, coin and start; the arena's P2 joins on its own bits."""
    from orak_gym.games.street_fighter.versus import versus_env

    bit = {name: 1 << i for i, (_port, name) in enumerate(ram.FIELDS)}

    def presses(log) -> list[int]:
        return [int(line.split()[2]) for line in log.read_text().splitlines() if int(line.split()[2])]

    start = menu_frames(load_menu(), difficulty=3, super_art=2) + 100
    log = tmp_path / "one.log"
    env = gym.make(ENV_ID, peer=write_scenario(tmp_path, ["p1"], start_frame=start, input_log=str(log)),
                   difficulty=3, super_art=2)  # fmt: skip
    try:
        env.reset(seed=0)
    finally:
        env.close()
    pressed = presses(log)
    assert pressed.count(bit["Service Mode"]) == 2 and pressed.count(bit["P1 Right"]) == 2
    assert pressed.count(bit["Coin 1"]) == 1 and pressed.count(bit["1 Player Start"]) == 1
    assert pressed.count(bit["P1 Down"]) == 1 + 2 + 1  # service menu, Ken's cursor, super art 2
    assert pressed.count(bit["P1 Jab Punch"]) == 2 + 3  # two in the service menu, three confirmations
    # service (2), its menu (3), difficulty 3 (2), coin and start (2), Ken (3), confirmations and super art (4)
    assert len(pressed) == 2 + 3 + 2 + 2 + 3 + 4
    log2 = tmp_path / "two.log"
    start2 = menu_frames(load_menu(), ("Ken", "Ken"), super_art=3) + 100
    arena = versus_env(peer=write_scenario(tmp_path, ["p1"], name="two.json", start_frame=start2,
                                           input_log=str(log2)))  # fmt: skip
    try:
        arena.reset(seed=0)
    finally:
        arena.close()
    pressed = presses(log2)
    assert pressed.count(bit["Coin 2"]) == 1 and pressed.count(bit["2 Players Start"]) == 1
    assert pressed.count(bit["P2 Jab Punch"]) == 3 and pressed.count(bit["P2 Down"]) >= 2  # super art 3


def test_schematic_view_draws_the_state_from_ram(tmp_path):
    """``view="schematic"``: the picture follows the RAM (life bars shrink as the round is lost), and a
    view that does not exist is refused before anything starts."""
    env = gym.make(ENV_ID, peer=write_scenario(tmp_path, ["p2"], round_frames=600), boot="none", view="schematic",
                   render_mode="rgb_array", modality="native")  # fmt: skip
    try:
        env.reset(seed=0)
        first = env.render()
        for _ in range(60):
            env.step(0)
        later = env.render()
    finally:
        env.close()
    assert first.shape == later.shape == (224, 384, 3) and first.dtype == np.uint8
    life_bar = (slice(13, 22), slice(13, 171))  # player 1's life bar, left of the timer
    red = np.array([214, 64, 52])
    assert (first[life_bar] == red).all(axis=-1).sum() > (later[life_bar] == red).all(axis=-1).sum()
    with pytest.raises(ValueError, match="view must be"):
        gym.make(ENV_ID, peer=write_scenario(tmp_path, ["p1"]), view="photo")
