"""The fake Ace Attorney (``fake_ace_attorney.py``, a real process) and a synthetic Orak checkout (the
same file layout and dict literals as Orak's, with the invented case's lines) for every test here."""

from __future__ import annotations

import json
import pprint
import shlex
import sys
from pathlib import Path

import pytest

from orak_gym.games.ace_attorney import orak_facts

from . import invented_case

FAKE = Path(__file__).with_name("fake_ace_attorney.py")


def fake_command(*flags: str) -> str:
    return shlex.join([sys.executable, str(FAKE), "{game_dir}", *flags])


def write_checkout(root: Path) -> Path:
    """An Orak checkout as orak-gym reads it: ``pwaat_env.py`` (never run: it would exit) and the prior dialogue."""
    env_file = root / orak_facts.ENV_FILE
    env_file.parent.mkdir(parents=True)
    env_file.write_text(
        'raise SystemExit("orak-gym must read this file, never run it")\n\n'
        f"SPK_ID_TO_NAME = {pprint.pformat(invented_case.SPEAKERS)}\n\n"
        f"NICKNAMES = {pprint.pformat(invented_case.NICKNAMES)}\n\n"
        f"REWARD_CHECKER = {pprint.pformat(invented_case.CHECKER)}\n\n"
        "def check_reward(checker, conversation):\n    return False\n"
    )
    for task, lines in invented_case.PRIOR.items():
        prior = root / orak_facts.INPUTS_DIR / task / "conversation_log_input.txt"
        prior.parent.mkdir(parents=True)
        records = [
            json.dumps({"timestamp": f"2031-04-30 09:00:0{i}", "speaker": s, "conversation": t})
            for i, (s, t) in enumerate(lines)
        ]
        prior.write_text("|".join(records) + "|")
    return root


@pytest.fixture(scope="session")
def orak_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_checkout(tmp_path_factory.mktemp("orak"))


@pytest.fixture
def fake_game(monkeypatch: pytest.MonkeyPatch, orak_checkout: Path) -> str:
    command = fake_command()
    monkeypatch.delenv("ORAK_ACEATTORNEY_DIR", raising=False)
    monkeypatch.setenv("ORAK_CHECKOUT", str(orak_checkout))
    monkeypatch.setenv("ORAK_ACEATTORNEY_LAUNCH", command)
    monkeypatch.setenv("ORAK_ACEATTORNEY_KEY_DELAY", "0")
    return command
