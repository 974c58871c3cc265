"""Orak's eight Minecraft tasks: craft an item (or light a nether portal) from an empty inventory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    name: str
    env_suffix: str  # orak/Minecraft-<suffix>-v0
    goal: str  # the final task as Orak's prompts state it
    item: str | None  # success when this item is in the inventory or held
    block: str | None = None  # ... or when this block exists near the bot (nether_portal)


TASKS: dict[str, Task] = {
    t.name: t
    for t in (
        Task("crafting_table", "CraftingTable", "Craft 1 crafting_table", "crafting_table"),
        Task("stone_pickaxe", "StonePickaxe", "Craft 1 stone_pickaxe", "stone_pickaxe"),
        Task("furnace", "Furnace", "Craft 1 furnace", "furnace"),
        Task("bucket", "Bucket", "Craft 1 bucket", "bucket"),
        Task("golden_sword", "GoldenSword", "Craft 1 golden_sword", "golden_sword"),
        Task("diamond_pickaxe", "DiamondPickaxe", "Craft 1 diamond_pickaxe", "diamond_pickaxe"),
        Task("enchanting_table", "EnchantingTable", "Craft 1 enchanting_table", "enchanting_table"),
        Task("nether_portal", "NetherPortal", "Build and light a nether_portal", None, "nether_portal"),
    )
}


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown Minecraft task {name!r}; choose one of {sorted(TASKS)}")
    return TASKS[name]
