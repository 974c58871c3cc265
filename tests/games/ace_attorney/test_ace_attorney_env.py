"""The four Ace Attorney ids against the fake game: contract, loading, scoring, baseline and faults."""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

import orak_gym  # noqa: F401
from orak_gym.backends.mod_link import ModLinkError
from orak_gym.core.errors import MissingAssetError
from orak_gym.core.registry import spec_of
from orak_gym.games.ace_attorney import grade, install
from orak_gym.games.ace_attorney.env import AceAttorneyEnv
from orak_gym.games.ace_attorney.state import AceAttorneyState
from orak_gym.testing import CHECKS, check_orak_env, hostile_strings
from orak_gym.testing.contract import check_gymnasium, check_hostile_actions

from . import invented_case
from .conftest import fake_command


def env_state() -> AceAttorneyState:
    return AceAttorneyState(screen="CROSS_EXAMINATION_RECORD", lines=[], options=["a", "b", "c"])


MC, CE1, CE2, CE3 = ("orak/AceAttorney-v0", "orak/AceAttorney-CrossExamination1-v0",
                     "orak/AceAttorney-CrossExamination2-v0", "orak/AceAttorney-CrossExamination3-v0")  # fmt: skip


def test_the_env_passes_the_whole_contract(fake_game):
    """Every check of the kit; hostile actions 200 rather than 1000 times: each is a round trip of key
    files with another process (about 12 ms here), and the parser alone is checked on 1000 below."""
    results = check_orak_env(MC, checks=[name for name in CHECKS if name != "hostile_actions"])
    assert results.pop("same_seed_same_episode").startswith("skipped: ")  # wall-clock stamps in the log
    assert set(results.values()) == {"passed"}, results
    check_hostile_actions(MC, count=200)
    parser = AceAttorneyEnv.action_parser
    for text in hostile_strings(1000):
        assert isinstance(parser.parse(text, env_state()).valid, bool)


@pytest.mark.parametrize("env_id", [CE1, CE2, CE3])
def test_every_task_id_passes_gymnasium_s_checker_in_text(fake_game, env_id):
    check_gymnasium(env_id, modalities=["text"], check_unwrapped=False)


def test_a_reset_loads_the_task_slot_with_the_prior_dialogue_and_code_names(fake_game):
    env = gym.make(CE1)
    obs, info = env.reset(seed=0)
    assert obs.startswith("[Recent Conversations]\n[2031-04-30 09:00:00] Charlie: The prosecution calls Echo.")
    assert "[**The Conversation Currently on Screen** - 2031-05-01 10:00:02] Charlie: Witness, you may begin" in obs
    assert "Otto" not in obs and "Silas" not in obs  # every spelling became its code name
    assert "**Possible Options** (Active Key Types):\n1: Tab\n2: Ok" in obs
    assert "3: Hall Clock - Stopped at 9:00 PM" in obs  # the court record read while loading
    assert info["task"] == "cross_examination_1" and info["score"] == 0.0
    assert info["prompt_context"]["extras"]["possible_options"].startswith("**Possible Options**")
    env.close()


def test_the_multiple_choice_task_scores_each_correct_answer_and_ends(fake_game):
    env = gym.make(MC)
    env.reset(seed=0)
    rewards, info = [], {}
    for answer in ["2", "2", "2", "1", "2", "2", "2", "2"]:  # Ok, q1 right, Ok, q2 wrong, Ok, q2 right, Ok, q3 right
        _, reward, terminated, _, info = env.step(answer)
        rewards.append(reward)
    assert rewards == [0, 1, 0, 0, 0, 1, 0, 1] and not terminated
    assert (
        'You selected "A broken umbrella" at "What was found at the scene?"'
        in info["prompt_context"]["extras"]["last_decisions"]
    )
    obs, reward, terminated, _, info = env.step("2")
    assert terminated and "That will do. The trial may proceed." in obs
    assert info["raw_score"] == 3 and info["steps"] == 9
    assert info["grade"] == pytest.approx(grade.task_grade("multiple_choice", 3, 9)) and info["score"] == 100.0
    env.close()


def test_presenting_the_contradicting_evidence_wins_a_cross_examination(fake_game):
    env = gym.make(CE2)
    env.reset(seed=0)
    obs, *_ = env.step("2")  # Ok: the title card is skipped with Ok, as Orak does
    assert obs.startswith("**Cross-Examination!**") and "I ran to the harbour." in obs
    env.step("2")  # next statement: the late ferry
    obs, reward, terminated, _, info = env.step("1")  # Tab during testimony: the evidence screen
    assert "**Possible Options** (Evidence Items):\n1: Attorney's Badge" in obs and reward == 0
    assert "**Court Record - Profile**:\nNone" in info["prompt_context"]["extras"]["last_record"]
    obs, reward, terminated, _, info = env.step("2")  # present the ferry timetable
    assert reward == 1.0 and terminated and "There was no ferry that night!" in obs
    assert info["grade"] == pytest.approx(100 * (0.7 + 0.3 * 3 / 4)) and info["score"] == pytest.approx(92.5)
    env.close()


def test_too_many_wrong_presentations_fail_the_task(fake_game):
    env = gym.make(CE3, modality="native")
    env.reset(seed=0)
    env.step(2)  # Ok to the first statement (after the title)
    terminated = False
    for _ in range(invented_case.PATIENCE):
        env.step(1)  # Tab
        _, _, terminated, _, info = env.step(3)  # the hall clock: wrong here
        if not terminated:
            env.step(2)  # Ok after the judge's remark
    state = env.unwrapped.state
    assert terminated and state.failed and state.score == 0 and info["score"] == 0.0
    assert state.last_line == invented_case.CHECKER["cross_examination_3_fail"]
    env.close()


def test_the_scripted_baseline(fake_game):
    baseline = spec_of(MC).load_expert()()
    scores = {}
    for env_id in (MC, CE1, CE2, CE3):
        env = gym.make(env_id)
        obs, info = env.reset(seed=0)
        done = False
        while not done:
            obs, _, terminated, truncated, info = env.step(baseline(obs, info))
            done = terminated or truncated
        scores[info["task"]] = (info["raw_score"], info["steps"])
        env.close()
    assert scores["multiple_choice"][0] == 3 and scores["cross_examination_1"][0] == 0
    assert scores["cross_examination_2"][0] == 1 and scores["cross_examination_3"][0] == 1
    assert 0 < grade.composite_grade(scores) < 100


def test_missing_checkout_or_game_is_one_line_and_writes_nothing(tmp_path, monkeypatch, orak_checkout):
    monkeypatch.delenv("ORAK_ACEATTORNEY_LAUNCH", raising=False)
    monkeypatch.setenv("ORAK_CHECKOUT", str(tmp_path / "nowhere"))
    monkeypatch.setenv("ORAK_ACEATTORNEY_DIR", str(tmp_path / "game"))
    assert "not an Orak checkout" in install.installation_problem()
    monkeypatch.setenv("ORAK_CHECKOUT", str(orak_checkout))
    env = gym.make(MC)
    with pytest.raises(MissingAssetError) as caught:
        env.reset(seed=0)
    assert "\n" not in str(caught.value) and "game is not a folder" in str(caught.value).replace("game ", "game ")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "game" / "PWAAT_Data").mkdir(parents=True)
    assert "MyBepInExPlugin.dll (Orak's plugin" in install.installation_problem()
    assert "your own Orak checkout" in install.WHAT_TO_INSTALL and "BepInEx 5.4.23.2" in install.WHAT_TO_INSTALL
    env.close()


def test_a_plugin_that_stops_answering_is_one_line_and_the_state_is_kept(monkeypatch, fake_game):
    monkeypatch.setenv("ORAK_ACEATTORNEY_LAUNCH", fake_command("--stall-after", "8"))  # the 8 keys of a reset
    env = gym.make(MC, message_timeout=1.0)
    obs, _ = env.reset(seed=0)
    with pytest.raises(ModLinkError) as caught:
        env.step("2")
    assert str(caught.value).startswith("the Ace Attorney plugin wrote no ") and "\n" not in str(caught.value)
    assert env.unwrapped.state.to_text() == obs
    env.close()


def test_a_broken_log_record_is_one_line(monkeypatch, fake_game):
    monkeypatch.setenv("ORAK_ACEATTORNEY_LAUNCH", fake_command("--corrupt-log"))
    env = gym.make(MC, message_timeout=1.0)
    with pytest.raises(ModLinkError) as caught:
        env.reset(seed=0)
    assert "conversation_log.txt: record 3 is not JSON" in str(caught.value) and "\n" not in str(caught.value)
    env.close()


def test_the_plugin_files_keep_orak_s_names_and_formats(fake_game):
    env = gym.make(MC)
    env.reset(seed=0)
    logs = env.unwrapped.files.logs
    text = (logs / "conversation_log.txt").read_text()
    assert text.endswith("|") and json.loads(text.split("|")[0])["speaker"] == "8"
    assert not (logs / "auto_input.txt").exists() and not (logs / "conversation_log_input.txt").exists()
    env.close()
