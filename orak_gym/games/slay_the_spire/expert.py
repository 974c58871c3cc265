"""A scripted Ironclad: plans a whole combat turn per decision, and picks card rewards by priority.

It plays through the text interface like an LLM (reads ``info["state"]["message"]``, answers
Orak's grammar), so its runs measure the env exactly as a model would see it.  Per turn: play
powers early, Bash (Vulnerable) first when it can, block up to the incoming damage when that
matters more than damage, then spend the rest on attacks at the weakest monster it can kill.
"""

from __future__ import annotations

from typing import Any

from orak_gym.games.slay_the_spire.rules import RuleAgent, card_rank
from orak_gym.games.slay_the_spire.state import CARD_REWARD, COMBAT, SpireState

#: (damage per hit, hits, block) of Ironclad cards at +0; unknown attacks count as 7 damage.
CARD_VALUES: dict[str, tuple[int, int, int]] = {
    "Strike": (6, 1, 0), "Bash": (8, 1, 0), "Defend": (0, 0, 5), "Anger": (6, 1, 0), "Cleave": (8, 1, 0),
    "Clothesline": (12, 1, 0), "Headbutt": (9, 1, 0), "Heavy Blade": (14, 1, 0), "Iron Wave": (5, 1, 5),
    "Pommel Strike": (9, 1, 0), "Twin Strike": (5, 2, 0), "Thunderclap": (4, 1, 0), "Wild Strike": (12, 1, 0),
    "Sword Boomerang": (3, 3, 0), "Perfected Strike": (6, 1, 0), "Body Slam": (0, 1, 0), "Clash": (14, 1, 0),
    "Carnage": (20, 1, 0), "Hemokinesis": (15, 1, 0), "Uppercut": (13, 1, 0), "Pummel": (2, 4, 0),
    "Rampage": (8, 1, 0), "Reckless Charge": (7, 1, 0), "Searing Blow": (12, 1, 0), "Whirlwind": (5, 3, 0),
    "Bludgeon": (32, 1, 0), "Feed": (10, 1, 0), "Immolate": (21, 1, 0), "Reaper": (4, 1, 0),
    "Dropkick": (5, 1, 0), "Sever Soul": (16, 1, 0), "Fiend Fire": (7, 3, 0),
    "Shrug It Off": (0, 0, 8), "True Grit": (0, 0, 7), "Flame Barrier": (0, 0, 12), "Ghostly Armor": (0, 0, 10),
    "Impervious": (0, 0, 30), "Power Through": (0, 0, 15), "Sentinel": (0, 0, 5), "Second Wind": (0, 0, 5),
}  # fmt: skip
_ATTACK_INTENTS = ("ATTACK", "ATTACK_BUFF", "ATTACK_DEBUFF", "ATTACK_DEFEND")
_DRAW_FIRST = ("Battle Trance", "Offering")
_DRAWS = ("Pommel Strike", "Shrug It Off", "Battle Trance", "Offering", "Warcry", "Burning Pact", "Dropkick")
_AVOID = ("Clumsy", "Wound", "Dazed", "Slimed", "Burn", "Void")


class SpireExpert:
    """Rule-based policy for ``orak/SlayTheSpire-v0`` (text modality, either control)."""

    def __init__(self) -> None:
        self.rules = RuleAgent()
        self._last = ""

    def reset(self) -> None:
        self.rules.reset()
        self._last = ""

    async def acall(self, observation: Any, info: dict[str, Any]) -> str:
        return self(observation, info)

    def __call__(self, observation: Any, info: dict[str, Any]) -> str:
        data = info["state"]
        state = SpireState(message=data["message"], bosses_defeated=int(data.get("bosses_defeated", 0)))
        if state.kind == COMBAT:
            action = self.plan_turn(state)
        elif state.kind == CARD_REWARD:
            action = _grammar(self.rules.card_reward(state), state)
        else:
            action = _grammar(self.rules.command(state), state)
        if info.get("action_valid") is False and action == self._last:  # never repeat a refused plan
            action = str(info.get("prompt_context", {}).get("default_action") or "END")
        self._last = action
        return action

    # ------------------------------------------------------------------ combat
    @staticmethod
    def _potions(state: SpireState, alive: list[int]) -> list[str]:
        """Every usable potion on the first turn of an elite or boss fight, or when HP runs low."""
        game = state.game
        hurt = int(game.get("current_hp", 0) or 0) < 0.3 * int(game.get("max_hp", 1) or 1)
        big_fight = game.get("room_type") in ("MonsterRoomElite", "MonsterRoomBoss") and state.combat.get("turn") == 1
        if not (hurt or big_fight) or not state.can("potion"):
            return []
        target = max(alive, key=lambda i: int(state.monsters[i].get("current_hp", 0) or 0))
        lines = []
        for slot, potion in enumerate(game.get("potions") or [], 1):
            if potion.get("can_use") and potion.get("id") != "Potion Slot":
                lines.append(f"POTION USE {slot}" + (f" {target + 1}" if potion.get("requires_target") else ""))
        return lines

    def plan_turn(self, state: SpireState) -> str:
        player = state.combat.get("player") or {}
        energy = int(player.get("energy", 0) or 0)
        block = int(player.get("block", 0) or 0)
        strength = _amount(player.get("powers"), "Strength")
        monsters = state.monsters
        alive = state.alive_monsters()
        if not alive:
            return "END"
        hp = {i: int(monsters[i].get("current_hp", 0) or 0) + int(monsters[i].get("block", 0) or 0) for i in alive}
        vulnerable = {i: _amount(monsters[i].get("powers"), "Vulnerable") > 0 for i in alive}
        incoming = sum(
            max(int(monsters[i].get("move_adjusted_damage", 0) or 0), 0)
            * max(int(monsters[i].get("move_hits", 1) or 1), 1)
            for i in alive
            if monsters[i].get("intent") in _ATTACK_INTENTS
        )
        hand = [(i + 1, c) for i, c in enumerate(state.hand) if c.get("is_playable", True)]
        if any(_amount(monsters[i].get("powers"), "Anger") for i in alive):  # Enrage: every Skill feeds it
            hand = [(i, c) for i, c in hand if c.get("type") != "SKILL"]
        lines: list[str] = self._potions(state, alive)
        spent: set[int] = set()

        def cost(card: dict) -> int:
            c = int(card.get("cost", 0) or 0)
            return energy if c == -1 else max(c, 0)

        def take(index: int, card: dict, target: int | None) -> None:
            nonlocal energy
            if card.get("has_target") and target is None:
                target = min((i for i in alive if hp[i] > 0), key=lambda i: hp[i], default=alive[0])
            energy -= cost(card)
            spent.add(index)
            lines.append(f"PLAY {index}" + (f" {target + 1}" if target is not None else ""))

        # draw first, then re-plan with the cards drawn
        for index, card in hand:
            if _base(card) in _DRAW_FIRST and cost(card) <= energy:
                take(index, card, None)
                return "\n".join(lines)
        if any(_amount(monsters[i].get("powers"), "Sharp Hide") for i in alive):  # each Attack hurts back
            hand = [(i, c) for i, c in hand if c.get("type") != "ATTACK" or _damage(c, strength, False) >= 12]
        # powers next, unless a big hit is coming
        for index, card in hand:
            if card.get("type") == "POWER" and cost(card) <= energy and incoming - block < 12:
                take(index, card, None)
        attackers = [i for i in alive if monsters[i].get("intent") in _ATTACK_INTENTS]
        attack_total = sum(_damage(c, strength, False) for i, c in hand if i not in spent and c.get("type") == "ATTACK")
        kills_attackers = (
            bool(attackers) and attack_total >= sum(max(hp[i], 0) for i in attackers) and len(attackers) == 1
        )
        # block what would hurt, unless the attacker can be killed first
        need = incoming - block
        if need >= 4 and not kills_attackers:
            blockers = sorted(
                (x for x in hand if x[0] not in spent and _block(x[1]) > 0),
                key=lambda x: -_block(x[1]) / max(cost(x[1]), 0.5),
            )
            for index, card in blockers:
                if need <= 0 or cost(card) > energy:
                    continue
                take(index, card, None)
                need -= _block(card)
        # Bash (Vulnerable) on the biggest monster when there is energy for it
        for index, card in hand:
            if index not in spent and _base(card) == "Bash" and cost(card) <= energy:
                target = max(alive, key=lambda i: hp[i])
                take(index, card, target)
                vulnerable[target] = True
                hp[target] -= _damage(card, strength, True)
        # attacks: finish the weakest first
        attacks = sorted(
            (x for x in hand if x[0] not in spent and x[1].get("type") == "ATTACK"),
            key=lambda x: -_damage(x[1], strength, False) / max(cost(x[1]), 0.5),
        )
        for index, card in attacks:
            if cost(card) > energy:
                continue
            living = [i for i in alive if hp[i] > 0]
            if not living:
                break
            target = min(living, key=lambda i: hp[i])
            take(index, card, target if card.get("has_target") else None)
            hit = _damage(card, strength, vulnerable[target])
            if card.get("has_target"):
                hp[target] -= hit
            else:
                for i in living:
                    hp[i] -= hit
        # leftover energy: any other skill worth playing
        for index, card in hand:
            if (
                index not in spent
                and cost(card) <= energy
                and card.get("type") == "SKILL"
                and _base(card) not in _AVOID
            ):
                take(index, card, None)
        drew = any(_base(c) in _DRAWS for i, c in hand if i in spent)
        if drew or any(hp[i] <= 0 for i in alive):
            return "\n".join(lines) if lines else "END"  # a card drew or a monster may die: re-plan
        return "\n".join([*lines, "END"])


def _base(card: dict) -> str:
    return str(card.get("name", "")).rstrip("+")


def _amount(powers: Any, name: str) -> int:
    for p in powers or []:
        if p.get("name") == name or p.get("id") == name:
            return int(p.get("amount", 0) or 0)
    return 0


def _damage(card: dict, strength: int, vulnerable: bool) -> int:
    per, hits, _ = CARD_VALUES.get(_base(card), (7 if card.get("type") == "ATTACK" else 0, 1, 0))
    if card.get("upgrades"):
        per += 3 if per else 0
    total = max(per + strength, 0) * hits
    return int(total * 1.5) if vulnerable else total


def _block(card: dict) -> int:
    block = CARD_VALUES.get(_base(card), (0, 0, 0))[2]
    return block + (3 if block and card.get("upgrades") else 0)


def _grammar(command: str, state: SpireState) -> str:
    """The rule agent's CommunicationMod command in Orak's 1-based grammar."""
    parts = command.split()
    verb = parts[0].upper() if parts else "STATE"
    if verb == "CHOOSE" and len(parts) == 2 and parts[1].isdigit():
        return f"CHOOSE {int(parts[1]) + 1}"
    if verb == "POTION" and len(parts) >= 3:
        target = f" {int(parts[3]) + 1}" if len(parts) > 3 else ""
        return f"POTION {parts[1].upper()} {int(parts[2]) + 1}{target}"
    if verb in ("SKIP", "CANCEL", "LEAVE", "RETURN"):
        return "SKIP" if state.screen_type == "CARD_REWARD" else "RETURN"
    if verb in ("PROCEED", "CONFIRM"):
        return "PROCEED"
    return verb if verb in ("END",) else command.upper() if verb != "STATE" else "END"


__all__ = ["SpireExpert", "card_rank"]
