"""The two-player arena env: PettingZoo's parallel API test (fake peer and the real zero-ROM driver),
Orak's frame-synchronous queues, first to two rounds, GIF replays, and LLM vs LLM through ``orak-gym arena``
against the local OpenAI-compatible test server."""

from __future__ import annotations

import json

from pettingzoo.test import parallel_api_test
from typer.testing import CliRunner

from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.actions import NATIVE_ACTIONS, NATIVE_NAMES
from orak_gym.games.street_fighter.versus import versus_env
from orak_gym.testing import ScriptedOpenAIServer

from .support import requires_mame, write_scenario


def test_parallel_api_test_on_the_fake_peer(tmp_path) -> None:
    env = versus_env(peer=write_scenario(tmp_path, ["p1", "p2", "p1"], round_frames=300), boot="none")
    try:
        parallel_api_test(env, num_cycles=100)
    finally:
        env.close()


@requires_mame
def test_parallel_api_test_on_the_real_driver_with_zero_roms(sfiii3n_roms) -> None:
    roms = sfiii3n_roms
    # The zero-filled SH-2 program emulates at ~100 frames/s here: keep the frames few.
    env = versus_env(rompath=str(roms), boot="none", skip_between_rounds=False, max_steps=6, frames_per_action=1)
    try:
        parallel_api_test(env, num_cycles=6)
        assert env.session.bridge.hello["system"] == "sfiii3n"
    finally:
        env.close()


def test_frame_synchronous_queues_and_mirroring(tmp_path) -> None:
    log = tmp_path / "inputs.log"
    env = versus_env(peer=write_scenario(tmp_path, ["p1"] * 2, round_frames=5000, input_log=str(log)), boot="none")
    try:
        _, infos = env.reset(seed=0)
        assert all(i["awaiting_action"] for i in infos.values())
        _, _, _, _, infos = env.step({"player_0": "- Fireball\n- Move Closer", "player_1": "- Move Closer"})
        # P2's 4 inputs ran alongside P1's first 4; P2 decides again, P1 still has its 4 "Move Closer" inputs.
        assert infos["player_1"]["awaiting_action"] and not infos["player_0"]["awaiting_action"]
        assert [NATIVE_NAMES[a] for a in infos["player_0"]["native_actions"]] == ["Down", "Down+Right", "Right", "MP"]
        assert [NATIVE_NAMES[a] for a in infos["player_1"]["native_actions"]] == ["Left"] * 4  # P2 faces left
        _, _, _, _, infos = env.step({"player_0": "ignored: still executing", "player_1": "- Low Kick"})
        assert infos["player_0"]["action_feedback"] == "still executing the previous decision"
        assert [NATIVE_NAMES[a] for a in infos["player_1"]["native_actions"]] == ["LK", "none"]
        masks = [int(line.split()[2]) for line in log.read_text().splitlines()]
        p1 = ["Down", "Down+Right", "Right", "MP", "Right", "Right"]
        p2 = ["Left"] * 4 + ["LK", "none"]
        buttons = {name: NATIVE_ACTIONS[i] for i, name in enumerate(NATIVE_NAMES)}
        pairs = zip(p1, p2, strict=True)
        expected = [ram.player_mask(buttons[a], 1) | ram.player_mask(buttons[b], 2) for a, b in pairs]
        assert masks == expected
    finally:
        env.close()


def test_first_to_two_round_wins_and_gif_replay(tmp_path) -> None:
    replays = tmp_path / "replays"
    peer = write_scenario(tmp_path, ["p1", "p2", "p2"], round_frames=120)
    env = versus_env(peer=peer, boot="none", replay_dir=str(replays))
    try:
        env.reset(seed=0)
        rewards: dict = {}
        while env.agents:
            _, rewards, _, _, infos = env.step({a: "- High Kick" for a in env.agents})
        assert env.winner == "player_1" and rewards == {"player_0": -1.0, "player_1": 1.0}
        assert infos["player_0"]["rounds"] == ["p1", "p2", "p2"]
        gifs = list(replays.glob("*.gif"))
        assert len(gifs) == 1 and gifs[0].read_bytes()[:6] == b"GIF89a"
    finally:
        env.close()


def test_llm_vs_llm_through_the_arena_cli(tmp_path) -> None:
    from orak_gym.cli import app

    peer = write_scenario(tmp_path, ["p1", "p2", "p1"], round_frames=150)
    answer = "### Reasoning\nclose the gap\n### Actions\n- Fireball\n- Move Closer"
    with ScriptedOpenAIServer(default=answer) as srv:
        players = [f"zeroshot:compat:alpha@{srv.base_url}", f"zeroshot:compat:beta@{srv.base_url}"]
        result = CliRunner().invoke(app, ["arena", "--env", "street-fighter", "-p", players[0], "-p", players[1],
                                          "--games", "2", "--bootstrap", "20", "--out", str(tmp_path / "arena"),
                                          "--env-kwargs", json.dumps({"peer": peer, "boot": "none"})])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert srv.chat_requests and "Street Fighter" in srv.chat_requests[0].text()
        models = {r.body.get("model") for r in srv.chat_requests}
    assert models == {"alpha", "beta"}
    matches = [json.loads(line) for line in (tmp_path / "arena" / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 2 and all(m["error"] is None for m in matches)
    # The scripted rounds give the first seat each match, and seats swap: each player wins once.
    assert sorted(m["winner"] for m in matches) == ["zeroshot:compat:alpha", "zeroshot:compat:beta"]
    assert sum(m["llm_calls"] for m in matches) == len(srv.chat_requests)
    for name in ("arena.md", "elo.csv", "wdl.csv", "heatmap.png"):
        assert (tmp_path / "arena" / name).exists()
