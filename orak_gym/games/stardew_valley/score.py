"""Orak's four Stardew Valley tasks: the raw score, the 0-100 score and when each task is done.

Facts from Orak's evaluation: earn money counts the gold on the morning of spring 14 (out of 1013,
the most an oracle earned); farm cleanup counts obstacles cleared out of 24; cultivation is done once
a harvested Parsnip is in the toolbar; shopping once the toolbar holds 25 Parsnip Seeds (the save's
15 plus the 10 the task asks for).
"""

from __future__ import annotations

from orak_gym.games.stardew_valley.state import FINAL_DAY, FarmState

TASKS = ("earn_money", "farm_cleanup", "cultivation", "shopping")
ORACLE_GOLD = 1013
CLEANUP_OBSTACLES = 24
SHOPPING_TARGET = 25


def raw_score(task: str, state: FarmState) -> float:
    """Orak's raw measure: gold; obstacles cleared; Parsnips harvested; 1 when the seeds were bought."""
    if task == "earn_money":
        return float(state.money)
    if task == "farm_cleanup":
        return float(CLEANUP_OBSTACLES - state.num_obstacles())
    if task == "cultivation":
        return float(state.stack_of("Parsnip"))
    if task == "shopping":
        return 1.0 if any(i.name == "Parsnip Seeds" and i.stack == SHOPPING_TARGET for i in state.toolbar) else 0.0
    raise ValueError(f"unknown Stardew Valley task {task!r}")


def score(task: str, state: FarmState) -> float:
    """The raw measure on 0-100 (gold / 1013, cleared / 24, done or not), clipped to the range."""
    raw = raw_score(task, state)
    if task == "earn_money":
        value = 100.0 * raw / ORACLE_GOLD
    elif task == "farm_cleanup":
        value = 100.0 * raw / CLEANUP_OBSTACLES
    else:
        value = 100.0 if raw > 0 else 0.0
    return min(100.0, max(0.0, value))


def done(task: str, state: FarmState) -> bool:
    """Orak's end of a task: spring 14 reached; no obstacle left; a Parsnip harvested; the seeds bought."""
    if task == "earn_money":
        return state.day >= FINAL_DAY
    if task == "farm_cleanup":
        return state.num_obstacles() == 0
    return raw_score(task, state) > 0
