"""The contract kit (``check_orak_env``) on Street Fighter played by the fake bridge peer, and ``calibrate``."""

from __future__ import annotations

import json

import gymnasium as gym
import pytest
from typer.testing import CliRunner

from orak_gym.core.registry import GAMES, EnvVariant, GameSpec
from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.calibrate import check_samples
from orak_gym.games.street_fighter.scenario import ADDR, scripted_match
from orak_gym.registration import register
from orak_gym.testing import check_orak_env

from .support import write_scenario

REPLAY_ID = "orak-test/StreetFighterReplay-v0"


@pytest.fixture(scope="module")
def replay_id(tmp_path_factory):
    """``orak/StreetFighter-v0``'s env on the fake peer, registered under a test id for the kit."""
    peer = write_scenario(tmp_path_factory.mktemp("sf"), ["p1", "p2"], round_frames=1_000_000)
    spec = GameSpec(
        name="street_fighter_replay",
        title="StreetFighterReplay",
        genre="action",
        env_class="orak_gym.games.street_fighter.env:StreetFighterEnv",
        variants=(EnvVariant(REPLAY_ID, {"peer": peer, "boot": "none"}),),
        prompts="orak_gym.games.street_fighter.prompts",
        expert="orak_gym.games.street_fighter.expert:StreetFighterExpert",
    )
    register(spec)
    yield REPLAY_ID
    GAMES.pop(spec.name, None)
    for env_id in [REPLAY_ID, f"orak-mcp/{REPLAY_ID.split('/', 1)[1]}"]:
        gym.registry.pop(env_id, None)


def test_check_orak_env_passes_on_the_fake_peer(replay_id) -> None:
    results = check_orak_env(replay_id)
    assert set(results) >= {"gymnasium", "hostile_actions", "long_actions", "no_process_left", "pickle", "render"}
    assert all(r == "passed" for r in results.values()), results


def test_calibrate_names_the_address_that_is_off(tmp_path) -> None:
    good = scripted_match(["p1", "p1"], round_frames=300)
    (tmp_path / "good.json").write_text(json.dumps(good))
    bad = scripted_match(["p1", "p1"], round_frames=300)
    bad["timeline"].append([5, {hex(ADDR["p1_character"]): 200, hex(ADDR["p2_stun_bar"]): 250}])
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    from orak_gym.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["street-fighter", "calibrate", "--boot", "none", "--frames", "240",
                             "--peer", str(tmp_path / "good.json")])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "All addresses look right." in ok.output and ok.output.count(" ok") == len(ram.ADDRESSES)
    off = runner.invoke(app, ["street-fighter", "calibrate", "--boot", "none", "--frames", "240",
                              "--peer", str(tmp_path / "bad.json")])  # fmt: skip
    assert off.exit_code == 3
    lines = {line.split()[0]: line for line in off.output.splitlines() if line.startswith("  ")}
    assert "OFF" in lines["p1_character"] and "OFF" in lines["p2_stun_bar"] and "OFF" not in lines["p1_health"]


def test_calibrate_rules_catch_a_frozen_timer_and_equal_positions() -> None:
    sample = {a.name: 0 for a in ram.ADDRESSES} | {"fighting": 1, "timer": 99, "p1_health": 160, "p2_health": 160,
                                                  "p1_character": 11, "p1_x": 300, "p2_x": 300}  # fmt: skip
    report = check_samples([sample, dict(sample)], walked=False)
    assert set(report.problems) == {"timer", "p2_x"}


def test_expert_and_random_baseline_rows(replay_id, tmp_path) -> None:
    """``orak-gym eval`` with the scripted expert and the random baseline, then their leaderboard rows."""
    from orak_gym.cli import app

    runner = CliRunner()
    for agent in ("expert", "random"):
        result = runner.invoke(app, ["eval", "--env", replay_id, "--agent", agent, "--episodes", "2",
                                     "--max-steps", "20", "--out", str(tmp_path / agent)])  # fmt: skip
        assert result.exit_code == 0, result.output
    board = runner.invoke(app, ["leaderboard", str(tmp_path / "expert"), str(tmp_path / "random"),
                               "--out", str(tmp_path / "board"), "--no-plot"])  # fmt: skip
    assert board.exit_code == 0, board.output
    assert "expert" in board.output and "random" in board.output
    trajectory = next((tmp_path / "expert" / "trajectories").rglob("*.jsonl"))
    steps = [s for s in map(json.loads, trajectory.read_text().splitlines()) if s.get("event") == "step"]
    assert steps and all(step["action_valid"] for step in steps)  # the expert only names macros Ken has
