"""``orak-gym eval --prompts orak:PATH`` end to end on a fake Orak checkout, against the real local
OpenAI-compatible server: every game that runs here with every agent type Orak has prompts for, the
prompts the server received checked against the fake templates filled with our context (the
observations from the run's own trajectory files); one-line errors that write nothing; the prompt set in
the run settings and on resume; the leaderboard keeping prompt sets apart and showing Orak's rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orak_gym
from orak_gym.agents.orak_prompts import OrakPromptMap
from orak_gym.cli import app
from orak_gym.eval.orak_board import load_orak_leaderboard
from orak_gym.eval.schema import read_jsonl
from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.orak_checkout import FAKE_COMMIT, write_fake_orak_checkout

from ..agents.orak_helpers import FakeOrakModel, check_prompts

#: A few actions each game's parser accepts (the rest of the time the model says something else).
ACTIONS = {
    "orak/2048-v0": ("left", "down", "right", "up"),
    "orak/BabaIsYou-v0": ("right 2", "up", "left"),
    "orak/SlayTheSpire-v0": ("PLAY 1 1", "END"),
    "orak/Minecraft-v0": ("```javascript\nasync function wait(bot) { await bot.waitForTicks(1); }\n```",),
    "orak/SuperMario-v0": ("Jump Level: 2",),
    "orak/PokemonRed-v0": ("a",),
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fake_orak_checkout(tmp_path_factory.mktemp("orak"))


def flat(result) -> str:
    return " ".join(result.output.split())


def _map(env_id: str) -> OrakPromptMap:
    return OrakPromptMap.load(orak_gym.spec_of(env_id).orak_prompt_map())


def _cases() -> list:
    """(env, agent, modality) for every game with a map and every agent type of it, in text; one image
    modality for 2048.  A game that cannot run here (its ROM, its npm packages) is skipped with why."""
    cases = []
    for spec in orak_gym.GAMES.values():
        if not spec.supported or spec.orak_prompt_map() is None:
            continue
        status = spec.status()
        for agent in _map(spec.env_id).agents:
            marks = [] if status.ready else [pytest.mark.skip(reason=f"{spec.title} not ready here: {status.detail}")]
            if spec.name == "minecraft" and agent != "skill_management":
                marks.append(pytest.mark.slow)  # a server per run: the all-module agent type is in the quick set
            cases.append(pytest.param(spec.env_id, agent, "text", marks=marks, id=f"{spec.name}-{agent}"))
    cases.append(pytest.param("orak/2048-v0", "reflection_planning", "text_image", id="twenty48-image"))
    return cases


@pytest.mark.parametrize(("env_id", "agent", "modality"), _cases())
def test_eval_with_orak_prompts_end_to_end(tmp_path: Path, checkout: Path, env_id: str, agent: str, modality: str):
    model = FakeOrakModel(ACTIONS.get(env_id, ()))
    run = tmp_path / "run"
    with ScriptedOpenAIServer(responder=model) as server:
        result = CliRunner().invoke(app, ["eval", "--env", env_id, "--agent", agent, "--modality", modality,
                                          "--model", f"compat:test@{server.base_url}", "--seeds", "0",
                                          "--max-steps", "3", "--prompts", f"orak:{checkout}",
                                          "--out", str(run), "--quiet"])  # fmt: skip
        requests = server.chat_requests
    assert result.exit_code == 0, flat(result)
    config = json.loads((run / "config.json").read_text())
    assert config["prompt_set"] == f"orak@{FAKE_COMMIT}" and config["prompts"] == f"orak:{checkout}"
    steps = [line for path in (run / "trajectories").rglob("*.jsonl") for line in read_jsonl(path)]
    observations = [line["observation"] for line in steps if line.get("event") == "step"]
    assert len(observations) >= 2 and requests
    check_prompts(requests, _map(env_id), agent, modality, model, set(observations), env_id)
    recorded = [call["messages"] for line in steps for call in line.get("calls") or []]
    assert len(recorded) == len(requests)  # the run files hold the prompts the server received
    assert [m[0]["content"] for m in recorded] == [r.messages[0]["content"] for r in requests]


def test_bad_prompts_option_is_one_line_and_writes_nothing(tmp_path: Path, checkout: Path) -> None:
    broken = write_fake_orak_checkout(tmp_path / "broken", games=["orak/2048-v0"])
    evil = broken / "src/mcp_agent_servers/twenty_fourty_eight/prompts/text/reflection_agent/self_reflection_user.py"
    evil.write_text(f"import os\nPROMPT = os.system('touch {tmp_path / 'ran'}')\n", encoding="utf-8")
    base = ["eval", "--env", "orak/2048-v0", "--model", "compat:test@http://127.0.0.1:9/v1", "--quiet"]
    image = ["--agent", "zeroshot", "--modality", "image", "--prompts", f"orak:{checkout}"]
    cases = [
        (["--agent", "zeroshot", "--prompts", f"orak:{tmp_path / 'nowhere'}"], "not an Orak checkout"),
        (["--agent", "zeroshot", "--prompts", "theirs"], "use 'ours' or 'orak:PATH"),
        (["--agent", "random", "--prompts", f"orak:{checkout}"], "is for LLM agents"),
        (["--agent", "reflection", "--prompts", f"orak:{broken}"], f"{evil}:2: refused: Call"),
        ([*image, "--env", "orak/SlayTheSpire-v0"], "no image prompts for slay_the_spire"),
    ]  # fmt: skip
    for i, (args, expected) in enumerate(cases):
        out = tmp_path / f"run{i}"
        result = CliRunner().invoke(app, [*base, *args, "--out", str(out)])
        assert result.exit_code == 1, flat(result)
        assert expected in flat(result) and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) <= 3  # one line (rich may wrap a long path)
        assert not out.exists(), "nothing written"
    assert not (tmp_path / "ran").exists()


def test_resume_keeps_the_prompt_set(tmp_path: Path, checkout: Path) -> None:
    with ScriptedOpenAIServer(responder=FakeOrakModel(ACTIONS["orak/2048-v0"])) as server:
        base = ["eval", "--env", "orak/2048-v0", "--agent", "zeroshot", "--model", f"compat:test@{server.base_url}",
                "--max-steps", "2", "--quiet"]  # fmt: skip
        assert CliRunner().invoke(app, [*base, "--seeds", "0", "--out", str(tmp_path / "ours")]).exit_code == 0
        result = CliRunner().invoke(app, ["eval", "--out", str(tmp_path / "ours"), "--resume", "--seeds", "1",
                                          "--prompts", f"orak:{checkout}", "--quiet"])  # fmt: skip
        assert result.exit_code == 1 and "prompt set 'ours'" in flat(result), flat(result)
        orak = tmp_path / "orak"
        run = [*base, "--seeds", "0", "--prompts", f"orak:{checkout}", "--out", str(orak)]
        assert CliRunner().invoke(app, run).exit_code == 0
        server.clear()
        result = CliRunner().invoke(app, ["eval", "--out", str(orak), "--resume", "--seeds", "1", "--quiet"])
        assert result.exit_code == 0, flat(result)
        assert server.chat_requests and all("FAKE-ORAK" in r.messages[0]["content"] for r in server.chat_requests)
        other = write_fake_orak_checkout(tmp_path / "other", games=["orak/2048-v0"], commit="f" * 40)
        result = CliRunner().invoke(app, ["eval", "--out", str(orak), "--resume", "--seeds", "2",
                                          "--prompts", f"orak:{other}", "--quiet"])  # fmt: skip
        assert result.exit_code == 1 and "use another --out" in flat(result)


def test_leaderboard_keeps_prompt_sets_apart_and_shows_orak_rows(tmp_path: Path, checkout: Path) -> None:
    with ScriptedOpenAIServer(responder=FakeOrakModel(ACTIONS["orak/2048-v0"])) as server:
        for name, extra in (("ours", []), ("orak", ["--prompts", f"orak:{checkout}"])):
            result = CliRunner().invoke(app, ["eval", "--env", "orak/2048-v0", "--agent", "zeroshot", "--seeds", "0-1",
                                              "--model", f"compat:gpt-4o@{server.base_url}", "--max-steps", "3",
                                              "--out", str(tmp_path / name), "--quiet", *extra])  # fmt: skip
            assert result.exit_code == 0, flat(result)
    out = tmp_path / "board"
    result = CliRunner().invoke(app, ["leaderboard", str(tmp_path / "ours"), str(tmp_path / "orak"), "--with-orak",
                                      "--orak-model", "GPT-4o-2024", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, flat(result)
    text = flat(result)
    assert "our prompts" in text and "Orak's prompts @0a1b2c3d4e" in text  # two rows, never pooled
    data = load_orak_leaderboard()
    gpt4o = [r for r in data["rows"] if r["model"].startswith("GPT-4o-2024")]
    assert len(gpt4o) == 5
    for row in gpt4o:  # Orak's 2048 cells, as the data file holds them, and no other game's column
        mean, std = row["scores"]["orak/2048-v0"]
        assert f"{mean:.1f} ± {std:.1f}" in text
    assert "SlayTheSpire" not in text and "Mini" not in text
    assert "prompts: orak-gym's own" in text and "embedded engine, same rules" in text
    page = (out / "leaderboard_orak.md").read_text()
    assert data["source"] in page and data["source_date"] in page and "never pooled" in page
    assert (out / "leaderboard_orak.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_published_leaderboard_data_is_whole_and_sourced() -> None:
    data = load_orak_leaderboard()
    assert data["source"].startswith("https://github.com/krafton-ai/orak-leaderboard") and data["source_date"]
    assert len(data["rows"]) == 20 and all(len(r["scores"]) == 12 for r in data["rows"])
    games = {g for r in data["rows"] for g in r["scores"]}
    known = {env_id for spec in orak_gym.GAMES.values() for env_id in (spec.env_id,)}
    assert games <= known | {"orak/StreetFighter-v0", "orak/StarCraft2-v0", "orak/AceAttorney-v0",
                             "orak/HerStory-v0", "orak/DarkestDungeon-v0", "orak/StardewValley-v0"}  # fmt: skip
    assert all(0 <= m <= 100 and s >= 0 for r in data["rows"] for m, s in r["scores"].values())
    assert {r["agent"] for r in data["rows"]} == {
        "default",
        "zeroshot",
        "reflection",
        "planning",
        "reflection_planning",
    }
    assert len(data["arena_elo"]["rows"]) == 7 and data["arena_elo"]["games"] == [
        "orak/StreetFighter-v0",
        "orak/StarCraft2-v0",
    ]
