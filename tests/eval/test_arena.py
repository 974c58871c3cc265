"""The arena: the 2048 race passes PettingZoo's api_test, round robins rate the expert above random,
and an LLM player (the scripted server) plays through the same command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pettingzoo.test import api_test
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.eval.arena import (
    ArenaError,
    Match,
    elo_ratings,
    resolve_env,
    round_robin,
    wdl_matrix,
    write_arena,
)
from orak_gym.games.twenty48.race import Twenty48RaceEnv
from orak_gym.testing import ScriptedOpenAIServer


def flat(result) -> str:
    return " ".join(result.output.split())


def test_race_env_passes_pettingzoo_api_test() -> None:
    env = Twenty48RaceEnv(target_tile=32, max_turns=20)
    api_test(env, num_cycles=100)
    env.close()


def test_race_rules() -> None:
    env = Twenty48RaceEnv(target_tile=16, max_turns=500)
    env.reset(seed=1)
    first = {a: env.observe(a)["observation"].copy() for a in env.agents}
    assert (first["player_0"] == first["player_1"]).all(), "both players start from the same board"
    moves = 0
    totals = dict.fromkeys(env.possible_agents, 0.0)
    for agent in env.agent_iter(max_iter=2000):
        _, reward, terminated, truncated, _ = env.last()
        totals[agent] += reward
        if terminated or truncated:
            env.step(None)
            continue
        env.step(["left", "down", "right", "up"][moves % 4] if agent == "player_0" else "not a move")
        moves += 1
    # player_1 never moves its board, so player_0 reaches 16 first (or outscores it).
    assert env.winner == "player_0"
    assert totals == {"player_0": 1.0, "player_1": -1.0}


def test_elo_fit() -> None:
    even = [Match("a", "b", 0, None) for _ in range(6)]
    ratings = {r.name: r for r in elo_ratings(even, bootstrap=50)}
    assert abs(ratings["a"].elo - ratings["b"].elo) < 1e-6
    lopsided = [Match("a", "b", i, "a") for i in range(8)] + [Match("b", "c", i, "b") for i in range(8)]
    ranked = elo_ratings(lopsided, bootstrap=50)
    assert [r.name for r in ranked] == ["a", "b", "c"]
    assert all(r.low <= r.elo <= r.high and r.high - r.low < 2000 for r in ranked), "finite intervals"
    assert abs(sum(r.elo for r in ranked) / 3 - 1000) < 1e-6
    matrix = wdl_matrix(lopsided, ["a", "b", "c"])
    assert matrix["a"]["b"] == (8, 0, 0) and matrix["b"]["a"] == (0, 0, 8) and matrix["a"]["c"] == (0, 0, 0)


def test_round_robin_expert_beats_random(tmp_path: Path) -> None:
    env = resolve_env("2048-race", target_tile=64, max_turns=80)
    matches = round_robin(env, {"expert": "expert", "random": "random", "random-b": "random"}, games_per_pair=2)
    assert len(matches) == 6 and not any(m.error for m in matches)
    assert all(m.winner == "expert" for m in matches if "expert" in (m.player_0, m.player_1))
    files = write_arena(matches, tmp_path, bootstrap=50)
    elo = {row.split(",")[0]: float(row.split(",")[1]) for row in files["elo"].read_text().splitlines()[1:]}
    assert elo["expert"] > elo["random"] and elo["expert"] > elo["random-b"]
    assert "2/0/0" in files["wdl"].read_text()
    assert len(files["matches"].read_text().splitlines()) == 6
    assert files["heatmap"].read_bytes().startswith(b"\x89PNG")


def test_arena_cli_with_an_llm_player(tmp_path: Path) -> None:
    with ScriptedOpenAIServer(default="### Reasoning\ncorner strategy\n### Actions\nleft") as srv:
        llm = f"zeroshot:compat:scripted@{srv.base_url}"
        result = CliRunner().invoke(app, ["arena", "-p", "random", "-p", llm, "--games", "2",
                                          "--bootstrap", "20",
                                          "--env-kwargs", '{"target_tile": 16, "max_turns": 15}',
                                          "--out", str(tmp_path)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert srv.chat_requests, "the LLM player was asked for its moves"
        assert "Race an opponent" in srv.chat_requests[0].text()
    matches = [json.loads(line) for line in (tmp_path / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 2 and all(m["error"] is None for m in matches)
    assert sum(m["llm_calls"] for m in matches) == len(srv.chat_requests)
    for name in ("arena.md", "elo.csv", "wdl.csv", "heatmap.png"):
        assert (tmp_path / name).exists()


def test_arena_errors() -> None:
    with pytest.raises(ArenaError, match="unknown arena env"):
        resolve_env("chess")
    result = CliRunner().invoke(app, ["arena", "-p", "random"])
    assert result.exit_code == 1 and "two different --player" in flat(result)


# ---------------------------------------------------------------------------------- failed games
SMALL_RACE = '{"target_tile": 16, "max_turns": 15}'
ANSWER = "### Reasoning\ncorner strategy\n### Actions\nleft"


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_arena_against_a_dead_endpoint_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    out = tmp_path / "dead"
    result = CliRunner().invoke(
        app, ["arena", "-p", "random", "-p", f"zeroshot:compat:fake@{url}", "--games", "1", "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and f"cannot reach compat:fake at {url}" in flat(result)
    assert not out.exists(), "nothing is written before the pre-flight passes"
    bad_kwargs = CliRunner().invoke(
        app, ["arena", "-p", "random", "-p", "expert", "--env-kwargs", '{"no_such": 1}', "--out", str(out)]
    )
    assert bad_kwargs.exit_code == 1 and "cannot make the arena env" in flat(bad_kwargs) and not out.exists()


def test_arena_endpoint_dying_mid_match_is_an_error_never_rated_and_resume_replays(tmp_path: Path) -> None:
    from orak_gym.testing import Reply

    out = tmp_path / "arena"
    with ScriptedOpenAIServer(default=ANSWER) as server:
        llm = f"zeroshot:compat:m@{server.base_url}"
        server.push(Reply.text(ANSWER), Reply.text(ANSWER), *[Reply.error(404, "model unloaded") for _ in range(50)])
        args = ["arena", "-p", "random", "-p", llm, "--games", "2", "--bootstrap", "10", "--no-plot"]
        result = CliRunner().invoke(app, [*args, "--env-kwargs", SMALL_RACE, "--out", str(out)])
        assert result.exit_code == 4, result.output
        assert "2 of 2 game(s) errored" in flat(result) and f"orak-gym arena --out {out} --resume" in flat(result)
        matches = [json.loads(line) for line in (out / "matches.jsonl").read_text().splitlines()]
        assert len(matches) == 2 and all("LLM call" in m["error"] for m in matches)
        assert all(m["winner"] is None and m["rewards"] is None for m in matches), "an error is no result"
        assert (out / "elo.csv").read_text().splitlines() == ["player,elo,ci_low,ci_high,games"], "nothing rated"
        again = CliRunner().invoke(app, [*args, "--out", str(out)])
        assert again.exit_code == 1 and "already holds an arena" in flat(again)
        server.clear()  # the model is back: --resume replays exactly the errored games
        resumed = CliRunner().invoke(app, ["arena", "--out", str(out), "--resume", "--bootstrap", "10", "--no-plot"])
        assert resumed.exit_code == 0, resumed.output
    matches = [json.loads(line) for line in (out / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 2 and all(m["error"] is None and m["rewards"] for m in matches)
    assert len((out / "errors.jsonl").read_text().splitlines()) == 2, "the errored lines are kept aside"
    assert json.loads((out / "arena.json").read_text())["env_kwargs"] == json.loads(SMALL_RACE)


def test_round_robin_counts_failed_llm_calls() -> None:
    from orak_gym.agents.llm import make_client
    from orak_gym.agents.llm.retry import RetryPolicy
    from orak_gym.testing import Reply

    with ScriptedOpenAIServer(default=ANSWER) as server:
        server.push(*[Reply.server_error(503) for _ in range(50)])
        factory = resolve_env("2048-race", target_tile=16, max_turns=15)
        players = {"random": "random", "llm": f"zeroshot:compat:m@{server.base_url}"}

        def client(model: str):
            return make_client(model, retry=RetryPolicy(max_retries=0))

        failed = round_robin(factory, players, games_per_pair=1, client_factory=client)
        assert len(failed) == 1 and "1 LLM call(s) failed (max_llm_errors=0)" in (failed[0].error or "")
        tolerant = round_robin(factory, players, games_per_pair=1, client_factory=client, max_llm_errors=1000)
    assert tolerant[0].error is None, "max_llm_errors lets a game with failed calls count, as in eval"


def test_elo_intervals_reflect_the_number_of_games() -> None:
    def width(games: int) -> float:
        ratings = {r.name: r for r in elo_ratings([Match("a", "b", i, "a") for i in range(games)], bootstrap=200)}
        return ratings["a"].high - ratings["a"].low

    few, many = width(4), width(40)
    assert few > 50, "four clean wins do not make a certain rating"
    assert many < few, "more games, a narrower interval"


def test_arena_resume_keeps_every_rated_game_and_extends(tmp_path: Path) -> None:
    out = tmp_path / "arena"
    base = ["arena", "--bootstrap", "5", "--no-plot", "--out", str(out)]
    first = CliRunner().invoke(app, [*base, "-p", "random", "-p", "expert", "--games", "2",
                                     "--env-kwargs", SMALL_RACE])  # fmt: skip
    assert first.exit_code == 0, first.output
    fewer = CliRunner().invoke(app, [*base, "--resume", "--games", "1"])
    assert fewer.exit_code == 0 and "2 of 1 game(s)" not in fewer.output, fewer.output
    assert len((out / "matches.jsonl").read_text().splitlines()) == 2, "a rated game is never dropped"
    more = CliRunner().invoke(app, [*base, "--resume", "--games", "3"])
    assert more.exit_code == 0 and "2 of 3 game(s) already rated" in flat(more), more.output
    assert len((out / "matches.jsonl").read_text().splitlines()) == 3, "more games extend the round robin"
    other = CliRunner().invoke(app, [*base, "--resume", "--env-kwargs", '{"target_tile": 32}'])
    assert other.exit_code == 1 and "other settings" in flat(other)
