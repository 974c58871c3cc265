"""What an owner of Phoenix Wright: Ace Attorney Trilogy installs, and the check ``orak-gym list`` runs.

Orak plays it through a BepInEx 5 plugin (``MyBepInExPlugin.dll``) that exchanges files with the env in
the ``logs`` folder of the game's install; four save slots the owner makes by hand start the four tasks.
orak-gym ships none of it, nor the game's lines Orak's env quotes: those come from the owner's Orak
checkout (:mod:`.orak_facts`). Settings, each a ``gym.make`` kwarg or an environment variable:

- ``game_dir`` / ``ORAK_ACEATTORNEY_DIR``: the game's folder (``PWAAT.exe``; the plugin's ``logs`` inside).
- ``orak_dir`` / ``ORAK_CHECKOUT``: the owner's clone of Orak.
- ``launch`` / ``ORAK_ACEATTORNEY_LAUNCH``: optional command starting the game (run in ``game_dir``,
  stopped on ``close``; ``{game_dir}`` is replaced). Without ``game_dir`` and with ``{game_dir}`` in it,
  each env gets a private temporary folder: how a game double (the tests' fake plugin) runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orak_gym.backends.mod_link import GameSetup, folder_setting, launch_setting
from orak_gym.games.ace_attorney import orak_facts

DIR_VARIABLE = "ORAK_ACEATTORNEY_DIR"
ORAK_VARIABLE = "ORAK_CHECKOUT"
LAUNCH_VARIABLE = "ORAK_ACEATTORNEY_LAUNCH"

REQUIRED_FILES: tuple[tuple[str, str], ...] = (
    ("PWAAT_Data", "the game itself (Steam app 787480, Windows build)"),
    ("winhttp.dll", "BepInEx 5.4.23.2 (BepInEx_win_x86_5.4.23.2.zip, extracted into the game folder)"),
    ("BepInEx/core", "BepInEx 5.4.23.2 (BepInEx_win_x86_5.4.23.2.zip, extracted into the game folder)"),
    (
        "BepInEx/plugins/MyBepInExPlugin.dll",
        "Orak's plugin: executables/ace_attorney/MyBepInExPlugin.dll from your own Orak checkout",
    ),
)

WHAT_TO_INSTALL = (
    f"buy Phoenix Wright: Ace Attorney Trilogy (Steam app 787480), extract BepInEx 5.4.23.2 (win x86) into its folder, "
    f"copy MyBepInExPlugin.dll from your own Orak checkout (executables/ace_attorney/) to BepInEx/plugins, save the "
    f"four task slots, then set {DIR_VARIABLE} to the game folder and {ORAK_VARIABLE} to your Orak checkout "
    f"(docs/games/ace_attorney.md)"
)


@dataclass(frozen=True)
class Setup(GameSetup):
    """Where the game and the owner's Orak checkout are, and how to start the game: kwargs, then variables."""

    orak_dir: Path | None = None

    @classmethod
    def resolve(
        cls, game_dir: str | os.PathLike | None, orak_dir: str | os.PathLike | None, launch: str | list[str] | None
    ) -> Setup:
        return cls(
            game_dir=folder_setting(game_dir, DIR_VARIABLE),
            launch=launch_setting(launch, LAUNCH_VARIABLE),
            orak_dir=folder_setting(orak_dir, ORAK_VARIABLE),
        )


def problem(setup: Setup, task: str | None = None) -> str | None:
    """None when the game can be played; else one line saying what to install or set."""
    facts = orak_facts.problem(setup.orak_dir)
    if facts:
        return f"{facts}; {WHAT_TO_INSTALL}"
    if task is not None:
        prior = setup.orak_dir / orak_facts.INPUTS_DIR / task / "conversation_log_input.txt"  # type: ignore[operator]
        if not prior.is_file():
            return f"your Orak checkout lacks {prior.relative_to(setup.orak_dir)}"  # type: ignore[arg-type]
    if setup.private_dir:
        return None
    if setup.game_dir is None:
        return WHAT_TO_INSTALL
    if not setup.game_dir.is_dir():
        return f"{DIR_VARIABLE}={setup.game_dir} is not a folder; {WHAT_TO_INSTALL}"
    missing = [f"{name} ({origin})" for name, origin in REQUIRED_FILES if not (setup.game_dir / name).exists()]
    return f"{setup.game_dir} lacks " + "; ".join(missing) if missing else None


def installation_problem() -> str | None:
    """The spec's readiness check, with the environment variables as ``gym.make`` sees them."""
    return problem(Setup.resolve(None, None, None))
