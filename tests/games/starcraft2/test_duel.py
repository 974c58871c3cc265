"""``starcraft2-duel``: two bots in one game on two fake clients (host and join), PettingZoo's parallel API
test, and ``orak-gym arena`` on it: Elo, heatmap, a replay kept per match."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from .support import installed, require_burnysc2

require_burnysc2()
pytest.importorskip("pettingzoo", reason="PettingZoo is not installed: pip install 'orak-gym[arena]'")

from pettingzoo.test import parallel_api_test  # noqa: E402

from orak_gym.cli import app  # noqa: E402
from orak_gym.games.starcraft2.duel import duel_env  # noqa: E402
from orak_gym.games.starcraft2.expert import StarCraft2Expert  # noqa: E402


@pytest.fixture(scope="module")
def sc2(tmp_path_factory):
    with installed(tmp_path_factory.mktemp("sc2duel"), max_loops=800) as root:
        yield root


def test_the_duel_passes_pettingzoo_s_parallel_api_test(sc2):
    env = duel_env(game_step=8)
    try:
        parallel_api_test(env, num_cycles=6)
    finally:
        env.close()


def test_two_bots_play_one_game_in_lockstep_to_its_end(sc2, tmp_path):
    env = duel_env(game_step=8, replay_dir=str(tmp_path))
    players = {"player_0": StarCraft2Expert(), "player_1": StarCraft2Expert()}
    try:
        observations, infos = env.reset(seed=5)
        assert set(observations) == {"player_0", "player_1"}
        assert observations["player_0"]["text"].startswith("Summary 1: At 00:00")
        steps = 0
        while env.agents:
            actions = {a: players[a](observations[a]["text"], infos[a]) for a in env.agents}
            observations, rewards, terminations, _, infos = env.step(actions)
            steps += 1
            # both bots stepped together: one game clock
            times = {infos[a]["state"]["game_loop"] for a in ("player_0", "player_1")}
            assert len(times) == 1
        assert all(terminations.values()) and infos["player_0"]["result"] == infos["player_1"]["result"] == "Tie"
        assert rewards == {"player_0": 0.0, "player_1": 0.0}
        replay = tmp_path / "duel_0001_seed5.SC2Replay"
        assert infos["player_0"]["replay_path"] == infos["player_1"]["replay_path"] == str(replay)
        assert replay.read_bytes().startswith(b"ORAK-FAKE-SC2-REPLAY")
        assert infos["player_0"]["state"]["unit"]["probe_count"] > 12  # the bots did play
    finally:
        env.close()


def test_orak_gym_arena_on_the_duel(sc2, tmp_path):
    replays = tmp_path / "replays"
    kwargs = json.dumps({"game_step": 16, "replay_dir": str(replays)})
    result = CliRunner().invoke(app, ["arena", "--env", "starcraft2-duel", "-p", "expert", "-p", "random",
                                      "--games", "2", "--bootstrap", "20", "--env-kwargs", kwargs,
                                      "--out", str(tmp_path / "arena")])  # fmt: skip
    assert result.exit_code == 0, result.output
    matches = [json.loads(line) for line in (tmp_path / "arena" / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 2 and all(m["error"] is None for m in matches)
    for name in ("arena.md", "elo.csv", "wdl.csv", "heatmap.png"):
        assert (tmp_path / "arena" / name).exists()
    assert sorted(p.name for p in replays.iterdir()) == ["duel_0001_seed0.SC2Replay", "duel_0002_seed0.SC2Replay"]


def test_llm_against_llm_in_the_arena(sc2, tmp_path):
    """Two LLM players (the zeroshot agent on two model names of the local OpenAI-compatible test server)
    play a whole duel: every decision of both sides is a chat request carrying that side's summary."""
    from orak_gym.testing import ScriptedOpenAIServer

    answer = "### Analysis\nexpand the economy\n### Actions\n1: <TRAIN PROBE>\n2: <BUILD PYLON>\n3: <BUILD GATEWAY>\n"
    with ScriptedOpenAIServer(default=answer) as server:
        players = [f"zeroshot:compat:model-{name}@{server.base_url}" for name in ("a", "b")]
        result = CliRunner().invoke(app, ["arena", "--env", "starcraft2-duel", "-p", players[0], "-p", players[1],
                                          "--games", "1", "--bootstrap", "10",
                                          "--env-kwargs", json.dumps({"game_step": 16}),
                                          "--out", str(tmp_path)])  # fmt: skip
        assert result.exit_code == 0, result.output
    (match,) = [json.loads(line) for line in (tmp_path / "matches.jsonl").read_text().splitlines()]
    assert match["error"] is None and match["llm_calls"] == len(server.chat_requests) > 2
    models = {request.body["model"] for request in server.chat_requests}
    assert models == {"model-a", "model-b"}
    first = server.chat_requests[0].text()
    assert "against another Protoss player" in first and "Summary 1: At 00:00 game time" in first
