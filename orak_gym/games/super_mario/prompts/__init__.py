"""Super Mario prompt material: the rules (``rules.md``) and agent template overrides (``*.j2``).

``prompt_context`` feeds the agent templates (``orak_gym/agents/prompts/_game.j2``); the
``action_inference.system.j2`` here replaces the default one with Orak's Super Mario action prompt
(state format, jump table, the ``Explain`` / ``Jump Level`` answer and a worked example).
"""

from __future__ import annotations

from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.texts import game_text

VALID_ACTIONS = [f"Jump Level: {n}" for n in range(7)]


def prompt_context(level: str, previous_level: int) -> PromptContext:
    """Variables the agent prompts use: rules (Orak's action system prompt), actions, task."""
    return PromptContext(
        title="Super Mario Bros",
        task=f"Reach the flag at the end of World {level} without losing your life.",
        rules=game_text(__package__, "rules.md"),
        valid_actions=list(VALID_ACTIONS),
        action_format="### Actions\nExplain: <why>\nJump Level: <n>",
        default_action=f"Jump Level: {previous_level}",
    )
