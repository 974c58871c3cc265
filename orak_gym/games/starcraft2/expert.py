"""A scripted StarCraft II baseline: a fixed Protoss build order played through Orak's 72 macro actions.

It reads the summary in ``info["state"]`` and answers like an LLM would (``1: <BUILD PYLON>`` ...): supply
before it runs out, probes to 22 per nexus, a gateway, gas, a cybernetics core, two more gateways, warp gate
research, stalkers (zealots before the core), chronoboost on the nexus, and an attack once the army has
eight units (a retreat when it is down to three).  The same decisions every game: a floor to beat, and
the check that the action table, the executor and the env carry a plain build order to a win.
"""

from __future__ import annotations

from typing import Any

from orak_gym.core.policy import ScriptedPolicy
from orak_gym.games.starcraft2.actions import NUM_ACTIONS

ARMY = ("zealot", "stalker", "adept", "sentry", "immortal", "archon", "colossus", "voidray")


class StarCraft2Expert(ScriptedPolicy):
    """Fixed build order (see the module docstring); ``attack_at`` army units start the attack."""

    def __init__(self, attack_at: int = 8) -> None:
        self.attack_at = attack_at
        self._attacking = False

    def on_reset(self) -> None:
        self._attacking = False

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        chosen = self.plan(info.get("state") or {})
        return "### Actions\n" + "\n".join(f"{i}: <{name}>" for i, name in enumerate(chosen, start=1))

    def plan(self, state: dict[str, Any]) -> list[str]:
        """The decision's actions (at most five), most urgent first."""
        resource = state.get("resource", {})
        building = state.get("building", {})
        unit = state.get("unit", {})
        research = state.get("research", {})
        constructing = (state.get("in_progress") or {}).get("building_constructing", {})

        def have(name: str) -> int:
            return int(building.get(f"{name}_count", 0)) + int(constructing.get(f"constructing_{name}_count", 0))

        minerals = int(resource.get("mineral", 0))
        supply_left = int(resource.get("supply_left", 0))
        supply_cap = int(resource.get("supply_cap", 0))
        workers = int(unit.get("probe_count", 0))
        army = sum(int(unit.get(f"{name}_count", 0)) for name in ARMY)
        actions: list[str] = []
        if supply_left < 6 and not constructing.get("constructing_pylon_count") and supply_cap < 200:
            actions.append("BUILD PYLON")
        if workers < 22 * max(1, have("nexus")):
            actions += ["TRAIN PROBE", "CHRONOBOOST NEXUS"]
        if have("pylon") and not have("gateway"):
            actions.append("BUILD GATEWAY")
        if have("gateway") and not have("assimilator"):
            actions.append("BUILD ASSIMILATOR")
        if building.get("gateway_count") and not have("cyberneticscore"):
            actions.append("BUILD CYBERNETICSCORE")
        if have("cyberneticscore") and have("gateway") < 3 and minerals >= 150:
            actions.append("BUILD GATEWAY")
        if building.get("cyberneticscore_count") and not research.get("warpgateresearch"):
            actions.append("RESEARCH WARPGATERESEARCH")
        if building.get("gateway_count"):
            actions.append("TRAIN STALKER" if building.get("cyberneticscore_count") else "TRAIN ZEALOT")
            actions.append("TRAIN ZEALOT")
        if army >= self.attack_at:
            self._attacking = True
        elif army <= 3:
            self._attacking = False
        actions.append("MULTI-ATTACK" if self._attacking else "EMPTY ACTION")
        unique = list(dict.fromkeys(actions))
        if self._attacking and "MULTI-ATTACK" not in unique[:NUM_ACTIONS]:
            unique = ["MULTI-ATTACK", *unique]
        return unique[:NUM_ACTIONS]
