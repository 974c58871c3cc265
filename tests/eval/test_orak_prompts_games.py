"""``orak-gym eval --prompts orak:PATH`` end to end for the games that need a stand-in to run here:
Street Fighter on the fake MAME peer, StarCraft II on the fake client, Ace Attorney, Her Story and Stardew
Valley on their fake games (real processes, through their plugins' file protocol).  Every agent type Orak has prompts
for, in text, against the real local OpenAI-compatible server; the prompts the server received are the
fake checkout's templates filled with our context, each game's own variables checked by value."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orak_gym
from orak_gym.agents.orak_prompts import OrakPromptMap
from orak_gym.cli import app
from orak_gym.eval.schema import read_jsonl
from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.orak_checkout import FAKE_COMMIT, read_prompt, write_fake_orak_checkout

from ..agents.orak_helpers import FakeOrakModel, check_prompts

#: What the env needs to run here: given a temporary folder, the fake checkout and a monkeypatch (for the
#: environment variables a game's stand-in is found by), a context yielding the env id to run and its
#: ``--env-kwargs``.
Setup = Callable[[Path, Path, pytest.MonkeyPatch], AbstractContextManager[tuple[str, dict]]]


@contextmanager
def _street_fighter(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    """``orak/StreetFighter-v0``'s env and prompts on the fake MAME peer, under a test id without the ROM
    asset (the eval's preflight would ask for the user's sfiii3n.zip)."""
    import gymnasium as gym

    from orak_gym.core.registry import GAMES as REGISTERED
    from orak_gym.core.registry import EnvVariant, GameSpec
    from orak_gym.registration import register

    from ..games.street_fighter.support import write_scenario

    env_id = "orak-test/StreetFighterOrakPrompts-v0"
    spec = GameSpec(
        name="street_fighter_orak_prompts",
        title="StreetFighterOrakPrompts",
        genre="action",
        env_class="orak_gym.games.street_fighter.env:StreetFighterEnv",
        variants=(EnvVariant(env_id, {"character": "Ken"}),),
        prompts="orak_gym.games.street_fighter.prompts",
    )
    register(spec)
    try:
        yield env_id, {"peer": write_scenario(tmp, ["p1", "p2"], round_frames=1_000_000), "boot": "none"}
    finally:
        REGISTERED.pop(spec.name, None)
        for registered in (env_id, "orak-mcp/StreetFighterOrakPrompts-v0"):
            gym.registry.pop(registered, None)


@contextmanager
def _starcraft2(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    pytest.importorskip("sc2", reason="burnysc2 is not installed: pip install 'orak-gym[starcraft2]'")
    from orak_gym.testing.sc2_server import fake_install

    patch.setenv("SC2PATH", str(fake_install(tmp / "sc2", max_loops=400)))
    yield "orak/StarCraft2-v0", {"game_step": 8}


@contextmanager
def _ace_attorney(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    from ..games.ace_attorney.conftest import fake_command

    patch.delenv("ORAK_ACEATTORNEY_DIR", raising=False)
    patch.setenv("ORAK_CHECKOUT", str(checkout))  # one checkout: the game's facts and Orak's prompts
    patch.setenv("ORAK_ACEATTORNEY_LAUNCH", fake_command())
    patch.setenv("ORAK_ACEATTORNEY_KEY_DELAY", "0")
    yield "orak/AceAttorney-v0", {}


@contextmanager
def _her_story(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    from ..games.her_story.conftest import fake_command

    patch.delenv("ORAK_HERSTORY_DIR", raising=False)
    patch.setenv("ORAK_HERSTORY_LAUNCH", fake_command())
    patch.setenv("ORAK_HERSTORY_INPUT", "channel")
    patch.setenv("ORAK_HERSTORY_UI_DELAY", "0.005")
    yield "orak/HerStory-v0", {}


@contextmanager
def _darkest_dungeon(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    from ..games.darkest_dungeon.conftest import fake_command

    for variable in ("ORAK_DD_DIR", "ORAK_DD_PROFILE", "ORAK_DD_START_SAVE"):
        patch.delenv(variable, raising=False)
    patch.setenv("ORAK_DD_LAUNCH", fake_command())
    patch.setenv("ORAK_DD_INPUT", "channel")
    patch.setenv("ORAK_DD_SETTLE", "0.02")
    yield "orak/DarkestDungeon-v0", {}


@contextmanager
def _stardew_valley(tmp: Path, checkout: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    from ..games.stardew_valley.conftest import fake_command

    patch.delenv("ORAK_STARDEW_DIR", raising=False)
    patch.setenv("ORAK_STARDEW_LAUNCH", fake_command())
    patch.setenv("ORAK_STARDEW_INPUT", "channel")
    patch.setenv("ORAK_STARDEW_UI_DELAY", "0")
    yield "orak/StardewValley-Cultivation-v0", {}


#: Only searches: the model's answers rotate over all its calls, so whatever the agent type's modules,
#: every action is a search and the history Orak's prompt shows grows.
HER_STORY_ACTIONS = ("Search lantern", "Search harbour")
#: env id -> (its set-up, actions its parser accepts (one line each), a check of its own variables).
GAMES: dict[str, tuple[Setup, tuple[str, ...], Callable[[list[dict]], None]]] = {}


def _check_street_fighter(fields: list[dict]) -> None:
    from orak_gym.games.street_fighter.actions import character_macros

    library = fields[0]["skill_library"]
    assert library == "- " + "\n - ".join(character_macros("Ken")), "Orak's layout of the character's moves"
    assert all(f["skill_library"] == library for f in fields)


def _check_starcraft2(fields: list[dict]) -> None:
    from orak_gym.games.starcraft2.actions import NUM_ACTIONS

    assert all(f["player_race"] == "Protoss" and f["enemy_race"] == "Zerg" for f in fields)
    assert all(f["num_actions"] == str(NUM_ACTIONS) for f in fields)
    assert fields[0]["action_executed"] == "[]" and fields[-1]["action_executed"].startswith("['")


def _check_ace_attorney(fields: list[dict]) -> None:
    assert all(f["possible_options"] not in ("", "None") for f in fields)
    assert all(f["retrieved_memory_str"] == "None" and f["latest_saved_memory_str"] == "None" for f in fields)
    assert any(f["last_decisions"] != "None" for f in fields), "the decisions so far reach Orak's prompt"


def _check_her_story(fields: list[dict]) -> None:
    assert fields[0]["history_search"] == ""
    searched = [f["history_search"] for f in fields if f["history_search"]]
    assert searched and all(re.fullmatch(r"\w+ \(\d+\)(; \w+ \(\d+\))*", h) for h in searched), fields


def _check_darkest_dungeon(fields: list[dict]) -> None:
    from orak_gym.testing.orak_checkout import fake_literal

    # the literal in (the fake of) Orak's env code, read from the checkout
    assert all(f["task_description"] == fake_literal("darkest_dungeon", "task_description") for f in fields)
    assert all(f["cur_state_str"].startswith("CURRENTLY ACTING HERO:") for f in fields), "the raid reaches the prompt"


def _check_stardew_valley(fields: list[dict]) -> None:
    from orak_gym.games.stardew_valley.skills import library_text
    from orak_gym.testing.orak_checkout import fake_literal

    # the branch of Orak's env code for the run's task (the variant plays cultivation), not earn money's
    assert all(
        f["task_description"] == fake_literal("stardew_valley", "task_description", "cultivation") for f in fields
    )
    assert all(f["skill_library"] == library_text("cultivation") for f in fields)
    assert fields[0]["skill_library"].startswith("Function: ")


GAMES.update(
    {
        "orak/StreetFighter-v0": (_street_fighter, ("- Move Closer", "- Fireball"), _check_street_fighter),
        "orak/StarCraft2-v0": (_starcraft2, ("1: <TRAIN PROBE>", "1: <BUILD PYLON>"), _check_starcraft2),
        "orak/AceAttorney-v0": (_ace_attorney, ("2",), _check_ace_attorney),
        "orak/HerStory-v0": (_her_story, HER_STORY_ACTIONS, _check_her_story),
        "orak/DarkestDungeon-v0": (
            _darkest_dungeon,
            ("attack target 2 using skill slot 1", "swap rank 4 hero skip"),
            _check_darkest_dungeon,
        ),
        "orak/StardewValley-v0": (_stardew_valley, ("get_out_of_house()",), _check_stardew_valley),
    }
)


def _map(env_id: str) -> OrakPromptMap:
    return OrakPromptMap.load(orak_gym.spec_of(env_id).orak_prompt_map())


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Ace Attorney tests' synthetic Orak checkout (its env file and prior dialogue), with the fake
    prompts of these four games written into the same clone, as a user's one checkout holds both."""
    from ..games.ace_attorney.conftest import write_checkout

    root = write_checkout(tmp_path_factory.mktemp("orak"))
    return write_fake_orak_checkout(root, games=list(GAMES))


def _cases() -> list:
    return [
        pytest.param(env_id, agent, id=f"{env_id.split('/')[1]}-{agent}")
        for env_id in GAMES
        for agent in _map(env_id).agents
    ]


@pytest.mark.parametrize(("env_id", "agent"), _cases())
def test_eval_with_orak_prompts_on_the_stand_in_games(
    tmp_path: Path, checkout: Path, monkeypatch: pytest.MonkeyPatch, env_id: str, agent: str
) -> None:
    setup, actions, check_own = GAMES[env_id]
    model = FakeOrakModel(actions)
    run = tmp_path / "run"
    with setup(tmp_path, checkout, monkeypatch) as (run_id, kwargs), ScriptedOpenAIServer(responder=model) as server:
        result = CliRunner().invoke(app, ["eval", "--env", run_id, "--agent", agent, "--env-kwargs", json.dumps(kwargs),
                                          "--model", f"compat:test@{server.base_url}", "--seeds", "0",
                                          "--max-steps", "4", "--prompts", f"orak:{checkout}",
                                          "--out", str(run), "--quiet"])  # fmt: skip
        requests = server.chat_requests
    assert result.exit_code == 0, " ".join(result.output.split())
    config = json.loads((run / "config.json").read_text())
    assert config["prompt_set"] == f"orak@{FAKE_COMMIT}"
    episodes = list(read_jsonl(run / "episodes.jsonl"))
    assert len(episodes) == 1 and not episodes[0].get("error"), episodes
    steps = [line for path in (run / "trajectories").rglob("*.jsonl") for line in read_jsonl(path)]
    observations = [line["observation"] for line in steps if line.get("event") == "step"]
    assert len(observations) >= 2 and requests
    check_prompts(requests, _map(env_id), agent, "text", model, set(observations), env_id)
    users = [r.messages[1]["content"] for r in requests if read_prompt(r.messages[0]["content"])[0]["module"]
             == "action_inference"]  # fmt: skip
    check_own([read_prompt(user)[1] for user in users])
