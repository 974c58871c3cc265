"""Pokémon Red prompt material: rules (``rules.md``), the pokemon agent's module templates (``*.j2``).

``prompt_context`` feeds the agent templates; the Pokémon agent type (Orak's ``pokemon_agent``:
history summarisation, memory management, self-reflection, planning, action inference) uses the
templates in this folder.
"""

from __future__ import annotations

from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.texts import game_text
from orak_gym.games.pokemon_red.actions import BUTTON_NAMES, TOOLS


def _signature(name: str) -> str:
    params = ", ".join(p for p, _ in TOOLS[name])
    return f"use_tool({name}, ({params}))" if params else f"use_tool({name}, ())"


def prompt_context() -> PromptContext:
    """What the agent prompts use: rules, the valid actions, the task and the default action."""
    return PromptContext(
        title="Pokémon Red",
        task=(
            "Progress through Pokémon Red: leave Red's house, meet Professor Oak, choose a starter, "
            "beat your rival, reach Viridian City, fetch and deliver Oak's parcel, then get the Town Map, "
            "Poké Balls, a second Pokémon, reach Pewter City and win the Boulder Badge."
        ),
        rules=game_text(__package__, "rules.md"),
        valid_actions=[f"up to 5 of {', '.join(BUTTON_NAMES)}, none separated by '|'"]
        + [_signature(name) for name in TOOLS],
        action_format="### Actions\n<buttons like up|up|a, or one use_tool(...) call>",
        default_action="none",
    )
