"""Every concrete command that is valid in a CommunicationMod state message.

Built only from the JSON (so it works as well on the real game's messages): plays of playable
cards on each living monster, END, each ``CHOOSE i``, the confirm/cancel buttons the screen
offers, and usable potions (on the first living monster when they need a target). Random
players, action masks and tests use it.
"""

from __future__ import annotations


def legal_commands(state: dict) -> list[str]:
    av = state.get("available_commands", [])
    if "start" in av:
        return ["START IRONCLAD 0"]
    gs = state.get("game_state", {})
    out: list[str] = []
    monsters = gs.get("combat_state", {}).get("monsters", [])
    alive = [i for i, m in enumerate(monsters) if not m["is_gone"]]
    if "play" in av:
        for i, c in enumerate(gs["combat_state"]["hand"], start=1):
            if c["is_playable"]:
                out += [f"PLAY {i} {t}" for t in alive] if c["has_target"] else [f"PLAY {i}"]
    if "end" in av:
        out.append("END")
    if "choose" in av:
        out += [f"CHOOSE {i}" for i in range(len(gs["choice_list"]))]
    for cmd in ("proceed", "confirm", "skip", "leave", "cancel", "return"):
        if cmd in av:
            out.append(cmd.upper())
    for slot, p in enumerate(gs.get("potions", [])):
        if p["can_use"]:
            if not p["requires_target"]:
                out.append(f"POTION use {slot}")
            elif alive:
                out.append(f"POTION use {slot} {alive[0]}")
    return out
