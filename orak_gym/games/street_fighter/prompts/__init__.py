"""Street Fighter prompt material: the rules (``rules.md``) the generic agent templates show."""

from __future__ import annotations

from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.texts import game_text


def prompt_context(macros: list[str], task: str = "Defeat the opponent.") -> PromptContext:
    """Variables the agent prompts use: rules, the character's macros (also as Orak's ``{skill_library}``), task."""
    return PromptContext(
        title="Street Fighter III: 3rd Strike",
        task=task,
        rules=game_text(__package__, "rules.md"),
        valid_actions=list(macros),
        action_format="### Actions\n- <macro name>\n- <macro name> (one or two, from the valid action set)",
        default_action="- Move Closer",
        extras={"skill_library": skill_library(macros)},
    )


def skill_library(macros: list[str]) -> str:
    """The character's macro names laid out as Orak's ``get_game_info`` lays out its move names (a dash
    list whose later lines start with a space), so Orak's own prompts show our list as they show theirs."""
    return "- " + "\n - ".join(name for name in macros if name)
