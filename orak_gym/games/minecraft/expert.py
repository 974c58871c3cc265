"""Scripted expert for the eight Minecraft tasks.

It plays through the same interface as an LLM: each decision is an Orak-format answer whose
program is the helper library ``js/experts/lib.js`` (written only against the sandbox API) plus an
entry function calling the next stage. Stages are idempotent (they check the inventory first), so
a stage that fails (a path blocked, a time-out) is simply retried on the next decision.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.minecraft.driver import JS_DIR

_ORE = (
    "await need(bot, 'raw_iron', {iron}, (k) => mineBlock(bot, 'iron_ore', k));"
    " await need(bot, 'coal', {coal}, (k) => mineBlock(bot, 'coal_ore', k));"
)

#: Stages per task: each is one program (one decision), kept well under the 120 s step limit.
STAGES: dict[str, list[str]] = {
    "crafting_table": ["await logs(bot, 1); await planks(bot, 4); await craftItem(bot, 'crafting_table', 1);"],
    "stone_pickaxe": ["await woodenPickaxe(bot);", "await stonePickaxe(bot);"],
    "furnace": [
        "await woodenPickaxe(bot);",
        "await cobble(bot, 8); await table(bot); await craftItem(bot, 'furnace', 1);",
    ],
    "bucket": [
        "await woodenPickaxe(bot);",
        "await stonePickaxe(bot);",
        _ORE.format(iron=3, coal=1),
        "await furnace(bot);",
        "await ingots(bot, 'iron', 3);",
        "await table(bot); await craftItem(bot, 'bucket', 1);",
    ],
    "golden_sword": [
        "await woodenPickaxe(bot);",
        "await stonePickaxe(bot);",
        _ORE.format(iron=3, coal=2),
        "await ironPickaxe(bot);",
        "await need(bot, 'raw_gold', 2, (k) => mineBlock(bot, 'gold_ore', k));",
        "await ingots(bot, 'gold', 2);",
        "await sticks(bot, 1); await table(bot); await craftItem(bot, 'golden_sword', 1);",
    ],
    "diamond_pickaxe": [
        "await woodenPickaxe(bot);",
        "await stonePickaxe(bot);",
        _ORE.format(iron=3, coal=1),
        "await ironPickaxe(bot);",
        "await diamondPickaxe(bot);",
    ],
    "enchanting_table": [
        "await woodenPickaxe(bot);",
        "await stonePickaxe(bot);",
        _ORE.format(iron=3, coal=1),
        "await ironPickaxe(bot);",
        "await diamondPickaxe(bot);",
        "await diamonds(bot, 2);",
        "await obsidian(bot, 4);",
        "await book(bot);",
        "await table(bot); await craftItem(bot, 'enchanting_table', 1);",
    ],
    "nether_portal": [
        "await woodenPickaxe(bot);",
        "await stonePickaxe(bot);",
        _ORE.format(iron=4, coal=1),
        "await ironPickaxe(bot);",
        "await diamondPickaxe(bot);",
        "await obsidian(bot, 5);",
        "await obsidian(bot, 10);",
        "await flintAndSteel(bot); await need(bot, 'dirt', 4, (k) => mineBlock(bot, 'dirt', k));",
        "await portal(bot);",
    ],
}


@cache
def _library() -> str:
    return (JS_DIR / "experts" / "lib.js").read_text(encoding="utf-8")


def expert_program(task: str, stage: int) -> str:
    """The program (library + entry function) for one stage of a task."""
    body = STAGES[task][stage]
    return f"{_library()}\nasync function expertStage{stage}(bot) {{\n  {body}\n}}\n"


class MinecraftExpert(ScriptedPolicy):
    """Scripted policy: answers each decision with the next stage, retrying a failed one (3 tries)."""

    def __init__(self, max_retries: int = 3) -> None:
        self.max_retries = max_retries
        self.reset()

    def on_reset(self) -> None:
        self.stage = 0
        self.tries = 0
        self._last_decision = -1

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        state = info.get("state", {})
        task = state.get("task") or "stone_pickaxe"
        stages = STAGES[task]
        decision = int(state.get("decisions", 0))
        if decision > 0 and decision != self._last_decision:
            if state.get("errors"):
                self.tries += 1
                if self.tries >= self.max_retries:
                    self.stage, self.tries = min(self.stage + 1, len(stages) - 1), 0
            else:
                self.stage, self.tries = min(self.stage + 1, len(stages) - 1), 0
        self._last_decision = decision
        program = expert_program(task, self.stage)
        reasoning = f"Expert stage {self.stage + 1}/{len(stages)} of {task}."
        return f"### Reasoning\n{reasoning}\n\n### Actions\n```javascript\n{program}```\n"
