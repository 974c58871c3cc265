"""The facts of Ace Attorney that live in the owner's Orak checkout, read there and never shipped.

Orak's env (``src/mcp_game_servers/pwaat/game/pwaat_env.py``) holds three dict literals we need:
``SPK_ID_TO_NAME`` (the plugin's speaker ids), ``NICKNAMES`` (the code name each character is renamed
to, with the spellings replaced) and ``REWARD_CHECKER`` (per task: the line that scores, the line a task
starts, ends and fails on). They quote the game's script, so orak-gym reads them from the owner's
checkout with :func:`ast.literal_eval` on the assignments (no Orak code runs), as it reads the prior
dialogue of each task (``conversation_log_inputs/<task>/conversation_log_input.txt``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orak_gym.core.errors import MissingAssetError

ENV_FILE = Path("src/mcp_game_servers/pwaat/game/pwaat_env.py")
INPUTS_DIR = Path("src/mcp_game_servers/pwaat/game/conversation_log_inputs")
NAMES = ("SPK_ID_TO_NAME", "NICKNAMES", "REWARD_CHECKER")


@dataclass(frozen=True)
class OrakFacts:
    speakers: dict[str, str]
    nicknames: dict[str, list[str]]
    checker: dict[str, Any]
    inputs_dir: Path

    def line(self, task: str, kind: str = "") -> str | None:
        """The task's line: ``""`` (scores), ``"start"``, ``"end"`` or ``"fail"``; None when Orak has none."""
        value = self.checker.get(f"{task}_{kind}" if kind else task)
        return value if isinstance(value, str) else None

    def slot(self, task: str) -> int:
        return int(self.checker[f"{task}_idx"])

    def prior_dialogue(self, task: str) -> Path:
        return self.inputs_dir / task / "conversation_log_input.txt"

    def renamer(self) -> Renamer:
        return Renamer(self.nicknames)


class Renamer:
    """Orak's ``replace_character_names``: every spelling of a character, longest first, case-insensitive,
    becomes its code name. One compiled alternation: a single pass, linear in the text."""

    def __init__(self, nicknames: dict[str, list[str]]) -> None:
        pairs = sorted(((name, code) for code, names in nicknames.items() for name in names), key=lambda p: -len(p[0]))
        self._codes = {name.lower(): code for name, code in reversed(pairs)}
        body = "|".join(re.escape(name) for name, _ in pairs)
        self._pattern = re.compile(body, re.IGNORECASE) if body else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._codes.get(m.group(0).lower(), m.group(0)), text)


def problem(orak_dir: Path | None) -> str | None:
    """What is missing from the checkout, in one line (None when every fact and input is there)."""
    if orak_dir is None:
        return "no Orak checkout (set ORAK_CHECKOUT to your clone of github.com/krafton-ai/Orak)"
    if not (orak_dir / ENV_FILE).is_file():
        return f"{orak_dir} is not an Orak checkout: {ENV_FILE} is missing"
    return None


def load(orak_dir: Path) -> OrakFacts:
    """Reads the three dicts; MissingAssetError in one line when the file or a dict is not there."""
    found = problem(orak_dir)
    if found:
        raise MissingAssetError(f"Ace Attorney needs Orak's facts: {found}")
    path = orak_dir / ENV_FILE
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
        raise MissingAssetError(f"cannot read {path}: {type(exc).__name__}") from None
    values: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in NAMES:
                try:
                    values[name] = ast.literal_eval(node.value)
                except ValueError:
                    raise MissingAssetError(f"{path}: {name} is not a literal dict") from None
    absent = [name for name in NAMES if not isinstance(values.get(name), dict)]
    if absent:
        raise MissingAssetError(f"{path} lacks {', '.join(absent)}")
    return OrakFacts(
        speakers={str(k): str(v) for k, v in values["SPK_ID_TO_NAME"].items()},
        nicknames={str(k): [str(n) for n in v] for k, v in values["NICKNAMES"].items()},
        checker=dict(values["REWARD_CHECKER"]),
        inputs_dir=orak_dir / INPUTS_DIR,
    )
