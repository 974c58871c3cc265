"""``orak/StarCraft2-v0`` through ``gym.make`` against the fake client: the contract kit, whole games,
Orak's decision schedule, seeding, and the one-line errors (no client, wrong version, missing map, a
client that dies mid-game)."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.core.errors import OrakError

from .support import installed, require_burnysc2

require_burnysc2()

from orak_gym.games.starcraft2.actions import by_name, empty_id  # noqa: E402
from orak_gym.games.starcraft2.backend import ClientDiedError  # noqa: E402
from orak_gym.games.starcraft2.install import StarCraftMissingError  # noqa: E402
from orak_gym.testing import check_orak_env  # noqa: E402
from orak_gym.testing.contract import check_gymnasium, check_hostile_actions  # noqa: E402

ENV_ID = "orak/StarCraft2-v0"
QUICK_CHECKS = ["info_keys", "native_info", "render", "reset_first", "pickle", "long_actions", "no_process_left"]


@pytest.fixture(scope="module")
def sc2(tmp_path_factory):
    with installed(tmp_path_factory.mktemp("sc2"), max_loops=1500) as root:
        yield root


def test_contract_kit_quick_checks(sc2):
    """The contract's checks that take seconds (the others below, and all of them in the slow test)."""
    results = check_orak_env(ENV_ID, checks=QUICK_CHECKS)
    assert results == dict.fromkeys(QUICK_CHECKS, "passed")
    check_gymnasium(ENV_ID, modalities=["native"])
    check_hostile_actions(ENV_ID, count=40)


@pytest.mark.slow
def test_contract_kit_every_check(sc2):
    assert set(check_orak_env(ENV_ID).values()) == {"passed"}


def test_a_decision_is_five_actions_interleaved_over_ten_bot_steps_and_failures_are_reported(sc2):
    env = gym.make(ENV_ID, difficulty="easy", game_step=8)
    try:
        obs, info = env.reset(seed=4)
        assert obs.startswith("Summary 1: At 00:00 game time") and "- Probe count: 12" in obs
        assert "Resources:" in obs and "- Mineral: 50" in obs
        obs, reward, terminated, truncated, info = env.step(
            "### Actions\n1: <TRAIN PROBE>\n2: <BUILD GATEWAY>\n3: <RESEARCH CHARGE>\n4: <CHRONOBOOST NEXUS>\n"
        )
        assert info["action_valid"] and info["action_feedback"].startswith("actions: TRAIN PROBE, BUILD GATEWAY")
        empty = "EMPTY ACTION"
        assert info["actions_executed"] == ["TRAIN PROBE", empty, "BUILD GATEWAY", empty, "RESEARCH CHARGE", empty,
                                            "CHRONOBOOST NEXUS", empty, empty, empty]  # fmt: skip
        assert info["native_actions"] == [0, empty_id(), 22, empty_id(), 43, empty_id(), 66] + [empty_id()] * 3
        failures = info["action_failures"]
        assert "BUILD GATEWAY: needs a finished Pylon" in failures
        assert "RESEARCH CHARGE: needs a finished Twilightcouncil" in failures
        assert info["state"]["in_progress"]["unit_producing"]["producing_probe_count"] == 1
        assert info["state"]["resource"]["game_time"] == "00:03"  # 10 bot steps x 8 loops / 22.4
        assert info["prompt_context"]["extras"]["action_dict"]["EMPTY ACTION"] == 71
        assert not terminated and not truncated and reward == 0.0
    finally:
        env.close()


def test_native_modality_one_macro_action_per_bot_step(sc2):
    env = gym.make(ENV_ID, modality="native", game_step=16)
    try:
        obs, info = env.reset(seed=2)
        assert env.action_space == gym.spaces.Discrete(72) and env.observation_space.contains(obs)
        pylon = by_name()["BUILD PYLON"].id
        for _ in range(25):  # wait until a pylon is affordable: income is real, from the probes on minerals
            obs, _, _, _, info = env.step(empty_id())
        obs, _, _, _, info = env.step(pylon)
        assert info["action_valid"] is True and "a probe builds a Pylon" in info["action_feedback"]
        obs, _, _, _, info = env.step(by_name()["TRAIN COLOSSUS"].id)
        assert info["action_valid"] is False and "needs a finished Roboticsbay" in info["action_feedback"]
        assert (
            env.unwrapped.current_info()["state"]["in_progress"]["building_constructing"]["constructing_pylon_count"]
            == 1
        )
        for _ in range(200):  # save up for a nexus
            if env.unwrapped.state.snapshot["resource"]["mineral"] >= 400:
                break
            env.step(empty_id())
        obs, _, _, _, info = env.step(by_name()["BUILD NEXUS"].id)  # an expansion: burnysc2 asks for paths
        assert info["action_valid"] is True and "a probe builds a Nexus at" in info["action_feedback"]
        assert "(16.5, 16.5)" not in info["action_feedback"]  # not on the main base
        with pytest.raises(ValueError, match="not one of the 72 macro actions"):
            env.step(72)
    finally:
        env.close()


def test_a_whole_game_the_scripted_baseline_beats_the_easiest_ai_and_keeps_the_replay(tmp_path):
    from orak_gym.games.starcraft2.expert import StarCraft2Expert

    with installed(tmp_path / "long", max_loops=22_400):
        env = gym.make(ENV_ID, difficulty="veryeasy", game_step=16, replay_dir=str(tmp_path / "replays"))
        expert = StarCraft2Expert()
        try:
            obs, info = env.reset(seed=0)
            for _ in range(400):
                obs, reward, terminated, truncated, info = env.step(expert(obs, info))
                if terminated or truncated:
                    break
            assert terminated and info["result"] == "Victory" and info["score"] == 100.0 and reward == 1.0
            replay = tmp_path / "replays" / "game_0001.SC2Replay"
            assert info["replay_path"] == str(replay) and replay.read_bytes().startswith(b"ORAK-FAKE-SC2-REPLAY")
            assert "Game over: Victory." in obs and info["state"]["unit"]["stalker_count"] > 0
            obs, info = env.reset(seed=0)  # the same client hosts the next game
            assert info["result"] is None and "- Probe count: 12" in obs
        finally:
            env.close()


def test_same_seed_same_game(sc2):
    traces = []
    for _ in range(2):
        env = gym.make(ENV_ID, modality="native", game_step=8)
        try:
            obs, _ = env.reset(seed=11)
            trace = [obs]
            for action in [0, 71, 19, 71, 64, 60] * 6:
                trace.append(env.step(action)[0])
        finally:
            env.close()
        traces.append(np.stack(trace))
    assert np.array_equal(*traces)


def test_a_game_that_runs_out_of_time_is_a_tie(tmp_path):
    with installed(tmp_path / "short", max_loops=200):
        env = gym.make(ENV_ID, game_step=8)
        try:
            env.reset(seed=1)
            for _ in range(5):
                _, reward, terminated, _, info = env.step("1: <TRAIN PROBE>")
                if terminated:
                    break
            assert terminated and info["result"] == "Tie" and info["score"] == 0.0 and reward == 0.0
        finally:
            env.close()


def test_a_client_that_dies_mid_game_is_a_one_line_error(tmp_path):
    with installed(tmp_path / "dying", die_after_steps=15):
        env = gym.make(ENV_ID)
        try:
            env.reset(seed=1)
            with pytest.raises(ClientDiedError) as caught:
                for _ in range(5):
                    env.step("1: <TRAIN PROBE>")
            message = str(caught.value)
            assert "\n" not in message and "StarCraft II exited with code 3 mid-game" in message
            assert isinstance(caught.value, OrakError)
            obs, info = env.reset(seed=2)  # a new client, a new game
            assert "- Probe count: 12" in obs and info["result"] is None
        finally:
            env.close()


def test_no_client_wrong_version_and_missing_map_are_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("SC2PATH", str(tmp_path / "nowhere"))
    env = gym.make(ENV_ID)
    with pytest.raises(StarCraftMissingError, match=r"StarCraft II is not installed .*SC2PATH") as caught:
        env.reset(seed=0)
    assert "\n" not in str(caught.value)
    env.close()
    with (
        installed(tmp_path / "old", base_build=50000),
        pytest.raises(StarCraftMissingError, match=r"build 50000 .* too old for burnysc2"),
    ):
        gym.make(ENV_ID).reset(seed=0)
    with installed(tmp_path / "ok"):
        with pytest.raises(StarCraftMissingError, match=r"StarCraft II 4\.10\.4 .* is not installed"):
            gym.make(ENV_ID, sc2_version="4.10.4").reset(seed=0)
        with pytest.raises(StarCraftMissingError, match=r"no map 'AncientCisternLE' in .*Maps; maps here: "
                                                        r"AcropolisLE, Simple64: download"):  # fmt: skip
            gym.make(ENV_ID, map="AncientCisternLE").reset(seed=0)
        with pytest.raises(ValueError, match="difficulty='impossible' is not one of"):
            gym.make(ENV_ID, difficulty="impossible")


def test_a_map_the_client_cannot_load_is_said_in_one_line(tmp_path):
    with installed(tmp_path / "broken") as root:
        (root / "Maps" / "Broken.SC2Map").mkdir()  # found by name, but the client cannot open it
        env = gym.make(ENV_ID, map="Broken")
        try:
            with pytest.raises(StarCraftMissingError, match=r"cannot load map Broken\.SC2Map .*InvalidMapPath"):
                env.reset(seed=0)
        finally:
            env.close()


def test_once_gateways_are_warp_gates_gateway_units_are_warped_in(tmp_path):
    """Warp gate research turns the gateways into warp gates (as the game does): TRAIN STALKER then asks a
    warp gate off cooldown (an available-abilities query) and a place in a power field (a placement query)."""
    from orak_gym.games.starcraft2.expert import StarCraft2Expert

    with installed(tmp_path / "warp", max_loops=40_000):
        env = gym.make(ENV_ID, difficulty="veryeasy", game_step=32)
        expert = StarCraft2Expert(attack_at=1000)  # no attack: the game goes on until warp gates appear
        try:
            obs, info = env.reset(seed=0)
            warped = []
            for _ in range(150):
                obs, _, terminated, _, info = env.step(expert(obs, info))
                warped += [o["feedback"] for o in info["state"]["executed"] if "warp gate warps in" in o["feedback"]]
                if warped or terminated:
                    break
            assert (
                info["state"]["building"]["warpgate_count"] >= 1 and info["state"]["research"]["warpgateresearch"] == 1
            )
            assert warped and warped[0].startswith(("TRAIN STALKER", "TRAIN ZEALOT"))
        finally:
            env.close()
