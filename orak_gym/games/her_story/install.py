"""What an owner of Her Story installs, where the env finds it, and the check ``orak-gym list`` runs.

Her Story has no Linux build and no API: Orak plays it through a Unity Doorstop + Harmony plugin that
appends JSON lines to ``game_log.txt`` in the game's folder, and clicks and types into the window.
orak-gym ships none of it: the owner buys the game, installs the two loaders, and copies Orak's plugin
DLL from their own Orak checkout (the DLL carries no licence we could redistribute under).

Three settings, each a ``gym.make`` kwarg or an environment variable (so ``orak-gym eval`` and an MCP
game server pick them up unchanged):

- ``game_dir`` / ``ORAK_HERSTORY_DIR``: the game's folder (where ``HerStory.exe`` and ``game_log.txt`` are).
- ``launch`` / ``ORAK_HERSTORY_LAUNCH``: optional command that starts the game (run in ``game_dir``,
  stopped on ``close``); ``{game_dir}`` in it is replaced by the folder. Without ``game_dir`` and with
  ``{game_dir}`` in the command, each env gets a private temporary folder: how a game double (the
  tests' fake plugin) runs several envs at once. The real game always logs into its own folder.
- ``input`` / ``ORAK_HERSTORY_INPUT``: how clicks and keys reach the game (:mod:`.inputs`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orak_gym.backends.mod_link import GameSetup, folder_setting, launch_setting, setting

DIR_VARIABLE = "ORAK_HERSTORY_DIR"
LAUNCH_VARIABLE = "ORAK_HERSTORY_LAUNCH"
INPUT_VARIABLE = "ORAK_HERSTORY_INPUT"

#: The file Orak's plugin appends its JSON lines to, in the game's folder.
LOG_NAME = "game_log.txt"

#: (file in the game folder, what it is and where it comes from). Orak's setup guide puts the three
#: loader files and the plugin beside the game's executable (Windows build).
REQUIRED_FILES: tuple[tuple[str, str], ...] = (
    ("HerStory_Data", "the game itself (Steam app 368370, Windows build)"),
    ("winhttp.dll", "Unity Doorstop 4.4.0 (doorstop_win_release_4.4.0.zip, x86 folder)"),
    ("doorstop_config.ini", "Unity Doorstop 4.4.0, with target_assembly=HerStoryPlugin.dll"),
    ("0Harmony.dll", "Harmony 2.3.6 (Harmony-Fat.2.3.6.0.zip, net35 folder)"),
    ("HerStoryPlugin.dll", "Orak's plugin: executables/her_story/HerStoryPlugin.dll from your own Orak checkout"),
)

WHAT_TO_INSTALL = (
    f"buy Her Story (Steam app 368370), add Unity Doorstop 4.4.0 (x86 winhttp.dll + doorstop_config.ini with "
    f"target_assembly=HerStoryPlugin.dll), Harmony 2.3.6 (net35 0Harmony.dll) and HerStoryPlugin.dll from your own "
    f"Orak checkout (executables/her_story/) to the game folder, then set {DIR_VARIABLE} to that folder "
    f"(docs/games/her_story.md)"
)


@dataclass(frozen=True)
class Setup(GameSetup):
    """Where the game is, how to start it and how to reach its window, from kwargs then environment variables."""

    input: str = "auto"

    @classmethod
    def resolve(cls, game_dir: str | os.PathLike | None, launch: str | list[str] | None, input: str | None) -> Setup:
        return cls(
            game_dir=folder_setting(game_dir, DIR_VARIABLE),
            launch=launch_setting(launch, LAUNCH_VARIABLE),
            input=setting(input, INPUT_VARIABLE) or "auto",
        )


def missing_files(game_dir: Path) -> list[str]:
    """The required files absent from ``game_dir``, each with where it comes from."""
    return [f"{name} ({origin})" for name, origin in REQUIRED_FILES if not (game_dir / name).exists()]


def problem(setup: Setup) -> str | None:
    """None when the game can be played with ``setup``; else one line saying what to install or set."""
    if setup.private_dir:
        return None  # a game double that makes its own folder (tests, demos)
    if setup.game_dir is None:
        return WHAT_TO_INSTALL
    if not setup.game_dir.is_dir():
        return f"{DIR_VARIABLE}={setup.game_dir} is not a folder; {WHAT_TO_INSTALL}"
    missing = missing_files(setup.game_dir)
    if missing:
        return f"{setup.game_dir} lacks " + "; ".join(missing)
    return None


def installation_problem() -> str | None:
    """The readiness check of the spec: the environment variables as ``gym.make`` without kwargs sees them."""
    return problem(Setup.resolve(None, None, None))
