"""What an owner of Stardew Valley installs, where the env finds it, and the check ``orak-gym list`` runs.

The game runs natively on Linux under SMAPI, with Orak's StateExtractor mod (a DLL with no licence we
could redistribute under: the owner copies it from their own Orak checkout, never from us). The mod's
``config.json`` says where it writes its state files (``StateSavePath``) and reads ``action.json``
(``ActionSavePath``); the env reads the same file, so the two always agree.

Settings, each a ``gym.make`` kwarg or an environment variable (so ``orak-gym eval`` and an MCP server
pick them up unchanged):

- ``game_dir`` / ``ORAK_STARDEW_DIR``: the game folder (where SMAPI's ``StardewModdingAPI`` and ``Mods/`` are).
- ``launch`` / ``ORAK_STARDEW_LAUNCH``: optional command that starts the game (run in ``game_dir``, stopped
  on ``close``); ``{game_dir}`` in it is replaced by the folder. Without ``game_dir`` and with ``{game_dir}``
  in the command, each env gets a private temporary folder with ``state/`` and ``action.json`` in it: how a
  game double (the tests' stand-in) runs several envs at once. The real game always uses the mod's config.
- ``input`` / ``ORAK_STARDEW_INPUT``: how keys and clicks reach the game (:mod:`.inputs`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from orak_gym.backends.mod_link import GameSetup, folder_setting, launch_setting, setting
from orak_gym.games.stardew_valley.inputs import input_problem

DIR_VARIABLE = "ORAK_STARDEW_DIR"
LAUNCH_VARIABLE = "ORAK_STARDEW_LAUNCH"
INPUT_VARIABLE = "ORAK_STARDEW_INPUT"
MOD_DIR = Path("Mods") / "StateExtractor"
SMAPI = "StardewModdingAPI"

WHAT_TO_INSTALL = (
    "buy Stardew Valley (Steam app 413150, Linux build), install SMAPI 4 into its folder, unzip "
    "executables/stardew_valley/StateExtractor.zip from your own Orak checkout into Mods/StateExtractor, "
    f"set StateSavePath and ActionSavePath in its config.json, then set {DIR_VARIABLE} to the game folder "
    "(docs/games/stardew_valley.md)"
)


@dataclass(frozen=True)
class Setup(GameSetup):
    """Where the game is, how to start it and how to reach it, from kwargs then environment variables."""

    input: str = "auto"

    @classmethod
    def resolve(cls, game_dir: str | os.PathLike | None, launch: str | list[str] | None, input: str | None) -> Setup:
        return cls(
            game_dir=folder_setting(game_dir, DIR_VARIABLE),
            launch=launch_setting(launch, LAUNCH_VARIABLE),
            input=setting(input, INPUT_VARIABLE) or "auto",
        )


@dataclass(frozen=True)
class ModPaths:
    """Where the mod writes its states and reads the action."""

    state_dir: Path
    action_file: Path

    @classmethod
    def private(cls, folder: Path) -> ModPaths:
        return cls(folder / "state", folder / "action.json")


def mod_paths(game_dir: Path) -> ModPaths | str:
    """The paths in ``Mods/StateExtractor/config.json``, or one line saying what is wrong with it."""
    config = game_dir / MOD_DIR / "config.json"
    try:
        settings = json.loads(config.read_text(encoding="utf-8-sig"))
    except OSError:
        return f"{config} is missing (unzip StateExtractor.zip from your own Orak checkout into {MOD_DIR})"
    except ValueError:
        return f"{config} is not JSON"
    if not isinstance(settings, dict):
        return f"{config} is not a JSON object"
    state, action = settings.get("StateSavePath"), settings.get("ActionSavePath")
    if not isinstance(state, str) or not state or not isinstance(action, str) or not action:
        return f"{config} needs StateSavePath and ActionSavePath (folders of your choice)"
    state_dir, action_path = (game_dir / state).expanduser(), (game_dir / action).expanduser()
    if action_path.is_dir() or not action_path.suffix:
        action_path = action_path / "action.json"
    return ModPaths(state_dir, action_path)


def problem(setup: Setup) -> str | None:
    """None when the game can be played with ``setup``; else one line saying what to install or set."""
    reach = input_problem(setup.input)
    if setup.private_dir:
        return reach  # a game double that makes its own folder (tests, demos)
    if setup.game_dir is None:
        return WHAT_TO_INSTALL
    if not setup.game_dir.is_dir():
        return f"{DIR_VARIABLE}={setup.game_dir} is not a folder; {WHAT_TO_INSTALL}"
    missing = [f"{SMAPI} (SMAPI 4, smapi.io)"] if not (setup.game_dir / SMAPI).exists() else []
    missing += [
        f"{MOD_DIR / name} (Orak's StateExtractor.zip, from your own Orak checkout)"
        for name in ("manifest.json", "StateExtractor.dll")
        if not (setup.game_dir / MOD_DIR / name).exists()
    ]
    if missing:
        return f"{setup.game_dir} lacks " + "; ".join(missing)
    paths = mod_paths(setup.game_dir)
    return paths if isinstance(paths, str) else reach


def installation_problem() -> str | None:
    """The readiness check of the spec: the environment variables as ``gym.make`` without kwargs sees them."""
    return problem(Setup.resolve(None, None, None))
