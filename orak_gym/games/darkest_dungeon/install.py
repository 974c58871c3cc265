"""What an owner of Darkest Dungeon sets up, where the env finds it, and the check ``orak-gym list`` runs.

Darkest Dungeon runs natively on Linux (Steam app 262060, or GOG). The env needs no mod: it reads the
profile's save files (``persist.game.json``, ``persist.raid.json``, ``persist.map.json``,
``persist.roster.json``: DSON binaries despite the name, :mod:`.dson`) and the install's hero data
files, and sends input through a virtual pad or xdotool (:mod:`.inputs`).

Settings, each a ``gym.make`` kwarg or an environment variable (so ``orak-gym eval`` and an MCP game
server pick them up unchanged):

- ``game_dir`` / ``ORAK_DD_DIR``: the game's install folder (holds ``heroes/`` and ``monsters/``).
- ``profile_dir`` / ``ORAK_DD_PROFILE``: the save profile, e.g.
  ``~/.local/share/Steam/userdata/<id>/262060/remote/profile_0``.
- ``launch`` / ``ORAK_DD_LAUNCH``: optional command starting the game, stopped on ``close`` and run again
  on each later ``reset``. ``{game_dir}`` in it is replaced by the folder; without ``game_dir`` each env
  gets a private temporary folder (install data in it, saves in its ``profile/``): how the tests' raid
  model runs. The real game always uses its own folders.
- ``start_save`` / ``ORAK_DD_START_SAVE``: optional folder holding the four save files of the evaluation
  start (Orak's downloaded save); copied into the profile before each launch, since the game overwrites it.
- ``input`` / ``ORAK_DD_INPUT``: ``auto``, ``uinput``, ``xdotool`` (``channel``: tests only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orak_gym.backends.mod_link import GameSetup, folder_setting, launch_setting, setting
from orak_gym.games.darkest_dungeon.inputs import input_problem

DIR_VARIABLE = "ORAK_DD_DIR"
PROFILE_VARIABLE = "ORAK_DD_PROFILE"
LAUNCH_VARIABLE = "ORAK_DD_LAUNCH"
START_SAVE_VARIABLE = "ORAK_DD_START_SAVE"
INPUT_VARIABLE = "ORAK_DD_INPUT"

#: The save files the env reads (the profile folder).
SAVE_FILES = ("persist.game.json", "persist.raid.json", "persist.map.json", "persist.roster.json")
PRIVATE_PROFILE = "profile"  # the profile folder inside a private folder

WHAT_TO_INSTALL = (
    f"install Darkest Dungeon (Steam app 262060, native Linux build), set {DIR_VARIABLE} to its folder and "
    f"{PROFILE_VARIABLE} to the save profile (userdata/<id>/262060/remote/profile_<n>) "
    "(docs/games/darkest_dungeon.md)"
)


@dataclass(frozen=True)
class Setup(GameSetup):
    """Where the game and its saves are, how to start it and how to send input."""

    profile_dir: Path | None = None
    start_save: Path | None = None
    input: str = "auto"

    @classmethod
    def resolve(
        cls,
        game_dir: str | os.PathLike | None = None,
        profile_dir: str | os.PathLike | None = None,
        launch: str | list[str] | None = None,
        start_save: str | os.PathLike | None = None,
        input: str | None = None,
    ) -> Setup:
        return cls(
            game_dir=folder_setting(game_dir, DIR_VARIABLE),
            launch=launch_setting(launch, LAUNCH_VARIABLE),
            profile_dir=folder_setting(profile_dir, PROFILE_VARIABLE),
            start_save=folder_setting(start_save, START_SAVE_VARIABLE),
            input=setting(input, INPUT_VARIABLE) or "auto",
        )


def problem(setup: Setup, with_input: bool = True) -> str | None:
    """None when the game can be played with ``setup``; else one line saying what to install or set.

    ``with_input=False`` leaves out the input device (the env reports that as InputUnavailable)."""
    device = input_problem(setup.input) if with_input else None
    if setup.private_dir:
        return device  # a game double that makes its own folders (tests, demos)
    if setup.game_dir is None or setup.profile_dir is None:
        return WHAT_TO_INSTALL
    if not (setup.game_dir / "heroes").is_dir():
        return f"{DIR_VARIABLE}={setup.game_dir} has no heroes/ folder: is it the Darkest Dungeon install?"
    if not setup.profile_dir.is_dir():
        return f"{PROFILE_VARIABLE}={setup.profile_dir} is not a folder; {WHAT_TO_INSTALL}"
    if setup.start_save is not None:
        missing = [name for name in SAVE_FILES if not (setup.start_save / name).is_file()]
        if missing:
            return f"{START_SAVE_VARIABLE}={setup.start_save} lacks {', '.join(missing)}"
    elif not (setup.profile_dir / "persist.game.json").is_file():
        return f"{setup.profile_dir} holds no save (persist.game.json): load the evaluation save into this profile"
    return device


def installation_problem() -> str | None:
    """The readiness check of the spec: the environment variables as ``gym.make`` without kwargs sees them."""
    return problem(Setup.resolve())
