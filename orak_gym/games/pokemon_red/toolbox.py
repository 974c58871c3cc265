"""Tool name -> the function that runs it on the env (``actions.TOOLS`` lists their parameters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from orak_gym.games.pokemon_red.actions import ToolCall
from orak_gym.games.pokemon_red.battle import run_away, select_move_in_battle, switch_pkmn_in_battle, use_item_in_battle
from orak_gym.games.pokemon_red.tools import (
    Result,
    continue_dialog,
    interact_with_object,
    move_to,
    overworld_map_transition,
    warp_with_warp_point,
)

if TYPE_CHECKING:
    from orak_gym.games.pokemon_red.driver import Driver

TOOL_FUNCTIONS: dict[str, Callable[..., Result]] = {
    "move_to": move_to,
    "interact_with_object": interact_with_object,
    "continue_dialog": continue_dialog,
    "warp_with_warp_point": warp_with_warp_point,
    "overworld_map_transition": overworld_map_transition,
    "select_move_in_battle": select_move_in_battle,
    "switch_pkmn_in_battle": switch_pkmn_in_battle,
    "use_item_in_battle": use_item_in_battle,
    "run_away": run_away,
}


def run_tool(env: Driver, call: ToolCall) -> Result:
    """Runs one validated tool call; the state is refreshed before and after."""
    env.refresh()
    ok, message = TOOL_FUNCTIONS[call.name](env, **call.args)
    env.refresh()
    return ok, message
