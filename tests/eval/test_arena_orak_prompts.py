"""``orak-gym arena --prompts orak:PATH``: every LLM player is prompted with the fake Orak checkout's
templates for the arena's game (2048 race, Street Fighter on the fake MAME peer), against the real local
OpenAI-compatible server; the arena and each match record the prompt set; a resume keeps it, and
matches of two prompt sets are never rated together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.eval.arena import ArenaError, Match, write_arena
from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.orak_checkout import FAKE_COMMIT, fake_literal, read_prompt, write_fake_orak_checkout

SMALL_RACE = '{"target_tile": 16, "max_turns": 15}'
ORAK_SET = f"orak@{FAKE_COMMIT}"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fake_orak_checkout(
        tmp_path_factory.mktemp("orak"), games=["orak/2048-v0", "orak/StreetFighter-v0", "orak/StarCraft2-v0"]
    )


def flat(result) -> str:
    return " ".join(result.output.split())


def _arena(out: Path, url: str, *extra: str, players: tuple[str, ...] = ("alpha", "beta")) -> list[str]:
    return ["arena", "-p", "random", *[a for name in players for a in ("-p", f"zeroshot:compat:{name}@{url}")],
            "--games", "1", "--bootstrap", "10", "--no-plot", "--env-kwargs", SMALL_RACE, "--out", str(out),
            *extra]  # fmt: skip


def _orak_fields(requests: list, folder: str) -> list[dict[str, str]]:
    """Each request is the fake checkout's zeroshot template of ``folder``; returns the filled variables."""
    filled = []
    for request in requests:
        where, _ = read_prompt(request.messages[0]["content"])
        user_where, fields = read_prompt(request.messages[1]["content"])
        assert where == {"folder": folder, "modality": "text", "agent": "zeroshot_agent",
                         "module": "action_inference", "part": "system"}, where  # fmt: skip
        assert user_where["part"] == "user" and fields["cur_state_str"] not in ("", "None")
        filled.append(fields)
    return filled


def test_2048_race_with_orak_prompts_records_the_prompt_set(tmp_path: Path, checkout: Path) -> None:
    out = tmp_path / "arena"
    resume = ["arena", "--out", str(out), "--resume", "--bootstrap", "10", "--no-plot"]
    with ScriptedOpenAIServer(default="### Reasoning\ncorner\n### Actions\nleft") as server:
        result = CliRunner().invoke(app, _arena(out, server.base_url, "--prompts", f"orak:{checkout}"))
        assert result.exit_code == 0, flat(result)
        requests = server.chat_requests
        assert {r.body.get("model") for r in requests} == {"alpha", "beta"}, "both LLM sides use Orak's prompts"
        fields = _orak_fields(requests, "twenty_fourty_eight")
        assert all(f["task_description"] == fake_literal("twenty_fourty_eight", "task_description") for f in fields)
        config = json.loads((out / "arena.json").read_text())
        assert config["prompt_set"] == ORAK_SET and config["prompts"] == f"orak:{checkout}"
        matches = [json.loads(line) for line in (out / "matches.jsonl").read_text().splitlines()]
        assert len(matches) == 3 and all(m["prompt_set"] == ORAK_SET and m["error"] is None for m in matches)
        assert f"Prompt set: {ORAK_SET}" in (out / "arena.md").read_text()

        # a resume keeps the prompt set: without --prompts it goes on with Orak's; another set is refused
        server.clear()
        more = CliRunner().invoke(app, [*resume, "--games", "2"])
        assert more.exit_code == 0, flat(more)
        assert server.chat_requests and _orak_fields(server.chat_requests, "twenty_fourty_eight")
        matches = [json.loads(line) for line in (out / "matches.jsonl").read_text().splitlines()]
        assert len(matches) == 6 and {m["prompt_set"] for m in matches} == {ORAK_SET}
        other = write_fake_orak_checkout(tmp_path / "other", games=["orak/2048-v0"], commit="f" * 40)
        for prompts in (f"orak:{other}", "ours"):
            refused = CliRunner().invoke(app, [*resume, "--prompts", prompts])
            assert refused.exit_code == 1 and "use another --out" in flat(refused), flat(refused)
            assert "--prompts" in flat(refused) and ORAK_SET in flat(refused)
        moved = write_fake_orak_checkout(tmp_path / "moved", games=["orak/2048-v0"])  # same commit, new path: fine
        again = CliRunner().invoke(app, [*resume, "--games", "3", "--prompts", f"orak:{moved}"])
        assert again.exit_code == 0, flat(again)
    assert json.loads((out / "arena.json").read_text())["prompts"] == f"orak:{moved}"


def test_ratings_never_pool_prompt_sets(tmp_path: Path) -> None:
    ours = [Match("a", "b", i, "a") for i in range(2)]
    theirs = [Match("a", "b", i + 2, "b", prompt_set=ORAK_SET) for i in range(2)]
    with pytest.raises(ArenaError, match=f"different prompt sets \\({ORAK_SET}, ours\\)"):
        write_arena(ours + theirs, tmp_path, plot=False, bootstrap=5)
    files = write_arena(ours, tmp_path, plot=False, bootstrap=5)
    assert "Prompt set: our own prompts" in files["markdown"].read_text()


def test_bad_prompts_are_one_line_and_write_nothing(tmp_path: Path, checkout: Path) -> None:
    cases = [
        (f"orak:{tmp_path / 'nowhere'}", "not an Orak checkout"),
        ("theirs", "use 'ours' or 'orak:PATH"),
    ]
    for i, (prompts, expected) in enumerate(cases):
        out = tmp_path / f"arena{i}"
        result = CliRunner().invoke(app, _arena(out, "http://127.0.0.1:9/v1", "--prompts", prompts))
        assert result.exit_code == 1 and expected in flat(result) and "Traceback" not in result.output, flat(result)
        assert not out.exists()
    broken = write_fake_orak_checkout(tmp_path / "broken", games=["orak/2048-v0"])
    user = broken / "src/mcp_agent_servers/twenty_fourty_eight/prompts/text/zeroshot_agent/action_inference_user.py"
    user.unlink()
    with ScriptedOpenAIServer(default="### Actions\nleft") as server:
        out = tmp_path / "missing"
        result = CliRunner().invoke(app, _arena(out, server.base_url, "--prompts", f"orak:{broken}"))
    assert result.exit_code == 1 and "action_inference_user.py: missing from the Orak checkout" in flat(result)
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 3 and not out.exists()


def test_street_fighter_arena_with_orak_prompts(tmp_path: Path, checkout: Path) -> None:
    from ..games.street_fighter.support import write_scenario

    peer = write_scenario(tmp_path, ["p1", "p2", "p1"], round_frames=150)
    answer = "### Reasoning\nclose the gap\n### Actions\n- Move Closer"
    with ScriptedOpenAIServer(default=answer) as server:
        players = [f"zeroshot:compat:{name}@{server.base_url}" for name in ("alpha", "beta")]
        result = CliRunner().invoke(app, ["arena", "--env", "street-fighter", "-p", players[0], "-p", players[1],
                                          "--games", "1", "--bootstrap", "10", "--no-plot",
                                          "--prompts", f"orak:{checkout}", "--out", str(tmp_path / "arena"),
                                          "--env-kwargs", json.dumps({"peer": peer, "boot": "none"})])  # fmt: skip
        assert result.exit_code == 0, flat(result)
        requests = server.chat_requests
    assert {r.body.get("model") for r in requests} == {"alpha", "beta"}
    fields = _orak_fields(requests, "street_fighter")
    assert all(f["skill_library"].startswith("- ") and "\n - " in f["skill_library"] for f in fields)
    assert all(f["task_description"] == fake_literal("street_fighter", "task_description") for f in fields)
    matches = [json.loads(line) for line in (tmp_path / "arena" / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 1 and matches[0]["prompt_set"] == ORAK_SET and matches[0]["error"] is None


def test_starcraft2_duel_with_orak_prompts(tmp_path: Path, checkout: Path) -> None:
    """Both Protoss bots of one game on the fake StarCraft II client, prompted with the fake star_craft
    files: the action table read from the checkout's env code, each side's own races and executed list."""
    pytest.importorskip("sc2", reason="burnysc2 is not installed: pip install 'orak-gym[starcraft2]'")
    from orak_gym.games.starcraft2.actions import NUM_ACTIONS
    from orak_gym.testing.orak_checkout import fake_env_text

    from ..games.starcraft2.support import installed

    answer = "### Reasoning\nexpand\n### Actions\n1: <TRAIN PROBE>"
    with installed(tmp_path / "sc2", max_loops=400), ScriptedOpenAIServer(default=answer) as server:
        players = [f"zeroshot:compat:{name}@{server.base_url}" for name in ("alpha", "beta")]
        result = CliRunner().invoke(app, ["arena", "--env", "starcraft2-duel", "-p", players[0], "-p", players[1],
                                          "--games", "1", "--bootstrap", "10", "--no-plot",
                                          "--prompts", f"orak:{checkout}", "--out", str(tmp_path / "arena"),
                                          "--env-kwargs", json.dumps({"game_step": 16})])  # fmt: skip
        assert result.exit_code == 0, flat(result)
        requests = server.chat_requests
    assert {r.body.get("model") for r in requests} == {"alpha", "beta"}
    fields = _orak_fields(requests, "star_craft")
    table = fake_env_text("star_craft", {"function": "init_protoss_actions", "render": ["flatten", "invert", "upper"]})
    assert all(f["action_dict"] == table and table.startswith("{'INVENTED STAR_CRAFT MOVE A': 0") for f in fields)
    assert all(
        f["player_race"] == f["enemy_race"] == "Protoss" and f["num_actions"] == str(NUM_ACTIONS) for f in fields
    )
    assert any(f["action_executed"].startswith("['") for f in fields), "the executed actions reach Orak's prompt"
    matches = [json.loads(line) for line in (tmp_path / "arena" / "matches.jsonl").read_text().splitlines()]
    assert len(matches) == 1 and matches[0]["prompt_set"] == ORAK_SET and matches[0]["error"] is None
