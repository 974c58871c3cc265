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
#: Cards that apply Weak (an attacker hits 25% softer this very turn): to the target or to all.
_WEAK = {"Clothesline": "target", "Uppercut": "target", "Blind": "target", "Shockwave": "all", "Intimidate": "all"}
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
        """The best set of cards for this turn by a small search (every affordable subset)."""
        player = state.combat.get("player") or {}
        energy = int(player.get("energy", 0) or 0)
        alive = state.alive_monsters()
        if not alive:
            return "END"
        hand = [(i + 1, c) for i, c in enumerate(state.hand) if c.get("is_playable", True)]
        lines: list[str] = self._potions(state, alive)
        for index, card in hand:  # draw first, then plan with the cards drawn
            if _base(card) in _DRAW_FIRST and _cost(card, energy) <= energy:
                return "\n".join([*lines, f"PLAY {index}"])
        fight = _Fight(state, alive)
        hand = [x for x in hand if _base(x[1]) not in _AVOID and x[1].get("type") in ("ATTACK", "SKILL", "POWER")]
        hand = hand[:10]
        best: tuple[float, list[str], bool] = (fight.score([], energy)[0], [], False)
        for mask in range(1, 1 << len(hand)):
            chosen = [hand[b] for b in range(len(hand)) if mask >> b & 1]
            if sum(_cost(c, energy) for _, c in chosen if int(c.get("cost", 0) or 0) != -1) > energy:
                continue
            value, plan, drew = fight.score(chosen, energy)
            if value > best[0]:
                best = (value, plan, drew)
        _, plan, drew = best
        lines += plan
        return "\n".join(lines) if drew and lines else "\n".join([*lines, "END"])


def _cost(card: dict, energy: int) -> int:
    c = int(card.get("cost", 0) or 0)
    return energy if c == -1 else max(c, 0)


class _Fight:
    """This turn's numbers, and a plan's value: damage and kills against the HP the hits will cost."""

    def __init__(self, state: SpireState, alive: list[int]) -> None:
        player = state.combat.get("player") or {}
        powers = player.get("powers")
        self.block = int(player.get("block", 0) or 0)
        self.strength = _amount(powers, "Strength")
        self.weak = _amount(powers, "Weakened") > 0 or _amount(powers, "Weak") > 0
        self.frail = _amount(powers, "Frail") > 0
        monsters = state.monsters
        self.alive = alive
        self.hp = {i: int(monsters[i].get("current_hp", 0) or 0) + int(monsters[i].get("block", 0) or 0) for i in alive}
        self.vulnerable = {i: _amount(monsters[i].get("powers"), "Vulnerable") > 0 for i in alive}
        self.incoming = {
            i: max(int(monsters[i].get("move_adjusted_damage", 0) or 0), 0)
            * max(int(monsters[i].get("move_hits", 1) or 1), 1)
            for i in alive
            if monsters[i].get("intent") in _ATTACK_INTENTS
        }
        self.already_weak = {i for i in alive if _amount(monsters[i].get("powers"), "Weakened") > 0}
        self.enrage = any(_amount(monsters[i].get("powers"), "Anger") for i in alive)
        self.sharp_hide = max((_amount(monsters[i].get("powers"), "Sharp Hide") for i in alive), default=0)
        self.long_fight = sum(self.hp.values()) > 60

    def score(self, chosen: list[tuple[int, dict]], energy: int) -> tuple[float, list[str], bool]:
        hp, vulnerable = dict(self.hp), dict(self.vulnerable)
        order = sorted(chosen, key=lambda x: _ORDER.get(_kind(x[1]), 9))
        plan: list[str] = []
        block = damage = value = 0.0
        attacks = skills = 0
        weakened: set[int] = set()
        drew = False
        for index, card in order:
            kind = _kind(card)
            cost = _cost(card, energy)
            energy -= cost
            target = None
            if kind == "power":
                value += 15 if self.long_fight else 1
            if card.get("type") == "SKILL":
                skills += 1
            block += _block(card) * (0.75 if self.frail else 1)
            if card.get("type") == "ATTACK":
                attacks += 1
                living = [i for i in self.alive if hp[i] > 0] or self.alive
                hits = cost if int(card.get("cost", 0) or 0) == -1 else None
                if card.get("has_target"):
                    target = self._target(card, hp, vulnerable, living)
                    dealt = self._hit(card, vulnerable[target], hits)
                    damage += min(dealt, max(hp[target], 0))
                    hp[target] -= dealt
                    if kind == "vulnerable":
                        vulnerable[target] = True
                        value += (10 if self.long_fight else 6) if hp[target] > 15 else 0
                else:
                    for i in living:
                        dealt = self._hit(card, vulnerable[i], hits)
                        damage += min(dealt, max(hp[i], 0))
                        hp[i] -= dealt
                        if kind == "vulnerable":
                            vulnerable[i] = True
            elif card.get("has_target"):
                target = max(self.alive, key=lambda i: (self.incoming.get(i, 0), hp[i]))
            if _base(card) in _VULNERABLE_SKILLS:
                for i in self.alive if target is None else [target]:
                    vulnerable[i] = True
            spread = _WEAK.get(_base(card))
            if spread == "all":
                weakened.update(self.alive)
            elif spread == "target" and target is not None:
                weakened.add(target)
            drew = drew or _base(card) in _DRAWS
            plan.append(f"PLAY {index}" + (f" {target + 1}" if target is not None else ""))
        kills = [i for i in self.alive if hp[i] <= 0]
        coming = sum(
            v * (0.75 if i in weakened and i not in self.already_weak else 1.0)
            for i, v in self.incoming.items()
            if i not in kills
        )
        hp_loss = max(coming - self.block - block, 0) + self.sharp_hide * attacks
        value += damage + 12 * len(kills) - 2.5 * hp_loss - (4 * skills if self.enrage else 0)
        if kills and len(kills) == len(self.alive):
            value += 100  # the fight ends: nothing else matters
        return value, plan, drew

    def _hit(self, card: dict, vulnerable: bool, hits: int | None) -> int:
        per, n, _ = CARD_VALUES.get(_base(card), (7, 1, 0))
        if card.get("upgrades") and per:
            per += 3
        n = hits if hits is not None else n
        total = max(per + self.strength, 0)
        total = int(total * 0.75) if self.weak else total
        return (int(total * 1.5) if vulnerable else total) * n

    def _target(self, card: dict, hp: dict, vulnerable: dict, living: list[int]) -> int:
        killable = [i for i in living if self._hit(card, vulnerable[i], None) >= hp[i]]
        if killable:
            return max(killable, key=lambda i: (self.incoming.get(i, 0), -hp[i]))
        attackers = [i for i in living if i in self.incoming]
        return min(attackers or living, key=lambda i: hp[i])


_ORDER = {"power": 0, "vulnerable": 1, "debuff": 1, "attack": 2, "aoe": 3, "skill": 4, "x": 5}  # X spends what is left
_VULNERABLE_SKILLS = ("Shockwave", "Trip")
_DEBUFF_SKILLS = ("Shockwave", "Trip", "Intimidate", "Disarm", "Blind", "Dark Shackles", "Spot Weakness")


def _kind(card: dict) -> str:
    if card.get("type") == "POWER":
        return "power"
    if card.get("type") == "ATTACK":
        if int(card.get("cost", 0) or 0) == -1:
            return "x"
        if _base(card) in ("Bash", "Uppercut", "Thunderclap"):
            return "vulnerable"
        return "attack" if card.get("has_target") else "aoe"
    return "debuff" if _base(card) in _DEBUFF_SKILLS else "skill"


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
