"""One fight: piles, energy, the damage/block formulas, powers, and the turn order.

Formulas (the game's, applied in this order, floored once at the end, never below 0):
attack damage = (base + Strength x multiplier) x 2 if Pen Nib x 0.75 if the attacker is Weak
x 1.5 if the target is Vulnerable (1.25 with Odd Mushroom on the player, 1.75 with Paper
Phrog against monsters); block = (base + Dexterity) x 0.75 if Frail. Turn-based debuffs tick
down at the end of the round; a debuff a monster puts on the player during the monsters' turn
skips that round's tick (the game's ``justApplied``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .cards import ATTACK, COLORLESS_POOL, CURSE, POWER, SKILL, STATUS, Card
from .creature import Creature
from .effects import EFFECTS

if TYPE_CHECKING:
    from .interface import Run

DEBUFFS = {"Vulnerable", "Weakened", "Frail", "Entangled", "No Draw", "Flex", "Dexterity Down"}
TURN_DEBUFFS = ("Vulnerable", "Weakened", "Frail")
POWER_NAMES = {
    "Weakened": "Weak",
    "Anger": "Enrage",
    "Flex": "Strength Down",
    "Dexterity Down": "Dexterity Down",
    "Next Turn Block": "Next Turn Block",
}
BOMB = "TheBomb"  # id prefix of a Bomb's power (TheBomb0, TheBomb1, ...); its name is "The Bomb"


def power_name(pid: str) -> str:
    """The name the message shows for power id ``pid``."""
    name = POWER_NAMES.get(pid)
    if name is not None:
        return name
    return "The Bomb" if pid.startswith(BOMB) else pid


# relics whose counter starts again at 0 every turn (their ``atTurnStart``); Nunchaku, Pen Nib, Ink Bottle keep theirs
PER_TURN_RELICS = ("Kunai", "Shuriken", "Ornamental Fan", "Letter Opener")


class Monster(Creature):
    """A monster; subclasses in ``monsters.py`` choose and perform moves."""

    __slots__ = ("escaped", "gone", "history", "id", "minion", "move", "name", "st")
    ID = ""
    NAME = ""
    HP = (1, 1)

    def __init__(self, hp: int) -> None:
        super().__init__(hp, hp)
        self.id = self.ID
        self.name = self.NAME
        # move: (move_id, move name, intent, base damage or -1, hits)
        self.move: tuple[int, str, str, int, int] = (0, "", "NONE", -1, 1)
        self.history: list[int] = []
        self.gone = False
        self.escaped = False
        self.minion = False
        self.st: dict[str, int] = {}

    # ---- helpers for AI tables
    def set_move(self, mid: int, name: str, intent: str, dmg: int = -1, hits: int = 1) -> None:
        self.move = (mid, name, intent, dmg, hits)
        self.history.append(mid)

    def last(self, mid: int) -> bool:
        return bool(self.history) and self.history[-1] == mid

    def last_two(self, mid: int) -> bool:
        return len(self.history) >= 2 and self.history[-1] == mid and self.history[-2] == mid

    @property
    def dead(self) -> bool:
        return self.gone

    @property
    def is_attacking(self) -> bool:
        return self.move[3] > 0 and not self.gone

    def pre_battle(self, cb: Combat) -> None:
        """Powers the monster starts with."""

    def get_move(self, cb: Combat, num: int) -> None:
        raise NotImplementedError

    def take_turn(self, cb: Combat) -> None:
        raise NotImplementedError

    def on_hp_lost(self, cb: Combat, amount: int) -> None:
        """Reaction to losing HP (split, wake up, mode shift)."""

    def roll(self, cb: Combat) -> None:
        self.get_move(cb, cb.g.rng.ai.randrange(100))


class Combat:
    """The state of one fight and all rules that act inside it."""

    def __init__(self, g: Run, monsters: list[Monster], kind: str) -> None:
        self.g = g
        self.kind = kind  # "monster" | "elite" | "boss" | "event"
        self.player = g.player
        self.monsters = monsters
        self.hand: list[Card] = []
        self.draw_pile: list[Card] = []  # top of pile = end of list
        self.discard: list[Card] = []
        self.exhaust: list[Card] = []
        self.energy = 0
        self.turn = 0
        self.pending: dict | None = None
        self.over = False
        self.won = False
        self.played_this_turn = 0
        self.attacks_this_turn = 0
        self.skills_this_turn = 0
        self.times_damaged = 0
        self.discarded_this_turn = 0
        self.monster_turn = False
        self.hp_lost_this_combat = False
        self.shuffles = 0
        self.attack_played_last_turn = True
        self.pen_nib = False
        self.gold_stolen = 0
        self.types_this_turn: set[str] = set()
        self.bombs: dict[str, int] = {}  # power id of each Bomb ticking -> its damage (its turns: the power)
        self.bombs_played = 0
        self.combust_hp_loss = 0  # Combust's HP loss: one per copy played, whatever each copy's damage
        self.gamble_done = False

    # ------------------------------------------------------------ setup
    def start(self) -> None:
        g = self.g
        p = self.player
        p.block = 0
        p.powers = {}
        p.fresh = set()
        deck = [c.copy() for c in g.deck]
        for src, dst in zip(g.deck, deck, strict=False):
            dst.uuid = src.uuid
            dst.innate = src.innate
        g.rng.shuffle.shuffle(deck)
        innate = [c for c in deck if c.has("innate")]
        rest = [c for c in deck if not c.has("innate")]
        self.draw_pile = rest + innate  # innate on top
        if g.has("Mark of Pain"):
            self.add_card("Wound", "draw_random", 2)
        for m in self.monsters:
            m.pre_battle(self)
            if self.kind == "elite" and g.has("Preserved Insect"):
                m.hp = max(1, int(m.max_hp * 0.75))  # the game lowers HP only; max HP stays
            if g.neow_lament > 0:
                m.hp = 1
        if g.neow_lament > 0:
            g.neow_lament -= 1
            g.counter["Neow's Lament"] = g.neow_lament if g.neow_lament else -2
        for m in self.monsters:
            m.roll(self)
        # start-of-combat relics
        if g.has("Vajra"):
            self.apply(p, "Strength", 1)
        if g.has("Oddly Smooth Stone"):
            self.apply(p, "Dexterity", 1)
        if g.has("Bronze Scales"):
            self.apply(p, "Thorns", 3)
        if g.has("Akabeko"):
            self.apply(p, "Vigor", 8)
        if g.has("Gremlin Visage"):
            self.apply(p, "Weakened", 1)
        if g.has("Clockwork Souvenir"):
            self.apply(p, "Artifact", 1)
        if g.has("Fossilized Helix"):
            self.apply(p, "Buffer", 1)
        if g.has("Thread and Needle"):
            self.apply(p, "Plated Armor", 4)
        if g.has("Bag of Marbles"):
            for m in self.alive():
                self.apply(m, "Vulnerable", 1)
        if g.has("Blood Vial"):
            self.heal(2)
        if g.has("Anchor"):
            self.gain_block(10, raw=True)
        if g.has("Pantograph") and self.kind == "boss":
            self.heal(25)
        g.counter["_skull"] = 0
        if g.has("Red Skull") and p.hp * 2 <= p.max_hp:
            g.counter["_skull"] = 1
            self.apply(p, "Strength", 3)
        g.combat_start_relics(self)
        self.start_turn()
        if g.has("Toolbox") and not self.over:  # choose 1 of 3 colorless cards into the hand
            pool = [d.id for r in ("UNCOMMON", "RARE") for d in COLORLESS_POOL[r]]
            picks: list[str] = []
            while len(picks) < 3:
                pid = pool[g.rng.misc.randrange(len(pool))]
                if pid not in picks:
                    picks.append(pid)
            g.open_potion_choice(picks, keep_cost=True)

    # ------------------------------------------------------------ queries
    def alive(self) -> list[Monster]:
        return [m for m in self.monsters if not m.gone]

    def attack_damage(self, base: int, src: Creature, tgt: Creature, str_mult: int = 1) -> int:
        p = self.player
        d: float = base + src.pw("Strength") * str_mult
        if src is p:
            d += p.pw("Vigor")
            if self.pen_nib:
                d *= 2
        if src.pw("Weakened"):
            d *= 0.75
        if tgt.pw("Vulnerable"):
            if tgt is p:
                d *= 1.25 if self.g.has("Odd Mushroom") else 1.5
            else:
                d *= 1.75 if self.g.has("Paper Phrog") else 1.5
        return max(0, math.floor(d))

    def block_amount(self, base: int) -> int:
        p = self.player
        if p.pw("No Block"):
            return 0
        b: float = base + p.pw("Dexterity")
        if p.pw("Frail"):
            b *= 0.75
        return max(0, math.floor(b))

    def card_cost(self, c: Card) -> int:
        if c.type == SKILL and self.player.pw("Corruption"):
            return 0
        return c.cost_turn

    def can_play(self, c: Card, cost: int | None = None) -> bool:
        """Whether ``c`` can be played now; ``cost``: its ``card_cost``, when the caller has it already."""
        return self.playable(c, self.card_cost(c) if cost is None else cost, self.play_limits())

    def play_limits(self) -> tuple[int, bool]:
        """What ``playable`` reads beyond the card: (Entangled, whether Normality or Velvet Choker stops
        every card this turn).  The same for every card of the hand: ``SpireEngine.hand_facts`` reads it once."""
        n = self.played_this_turn
        # the cheap count first: the message asks this for every card of the deck and the piles
        stopped = (n >= 3 and any(h.cid == "Normality" for h in self.hand)) or (n >= 6 and self.g.has("Velvet Choker"))
        return self.player.pw("Entangled"), stopped

    def playable(self, c: Card, cost: int, limits: tuple[int, bool]) -> bool:
        """Whether ``c`` at ``cost`` (its ``card_cost``) can be played now, ``limits`` being ``play_limits()``:
        the one rule of playability."""
        d = c.d
        if d.cost == -2:
            return (d.type == CURSE and self.g.has("Blue Candle")) or (d.type == STATUS and self.g.has("Medical Kit"))
        if cost > self.energy and cost != -1:
            return False
        entangled, stopped = limits
        if stopped or (entangled and d.type == ATTACK):
            return False
        return not (c.cid == "Clash" and any(h.type != ATTACK for h in self.hand if h is not c))

    def needs_target(self, c: Card) -> bool:
        return c.target == "ENEMY"

    # ------------------------------------------------------------ primitives
    def apply(self, tgt: Creature, pid: str, amount: int, from_player: bool = True) -> None:
        """Apply a power; debuffs are stopped by Artifact, Ginger (Weak) and Turnip (Frail)."""
        if tgt is None or amount == 0:
            return
        if isinstance(tgt, Monster) and tgt.gone:
            return
        debuff = pid in DEBUFFS or (pid in ("Strength", "Dexterity") and amount < 0)
        p = self.player
        if debuff and tgt is p:
            if pid == "Weakened" and self.g.has("Ginger"):
                return
            if pid == "Frail" and self.g.has("Turnip"):
                return
        if debuff and tgt.pw("Artifact") and not (tgt is p and pid in ("Flex", "No Draw")):
            tgt.powers["Artifact"] -= 1
            if tgt.powers["Artifact"] <= 0:
                del tgt.powers["Artifact"]
            return
        if pid == "Vulnerable" and tgt is not p and self.g.has("Champion Belt") and from_player:
            self.apply(tgt, "Weakened", 1)
        had = tgt.powers.get(pid, 0)
        tgt.powers[pid] = had + amount
        if pid in ("Strength", "Dexterity") and tgt.powers[pid] == 0:
            del tgt.powers[pid]
        if tgt is p and self.monster_turn and pid in TURN_DEBUFFS and not had:
            tgt.fresh.add(pid)  # a new debuff from a monster's turn skips this round's tick; a stacked one does not
        if debuff and tgt is not p and from_player and p.pw("Sadistic Nature"):
            self.damage(tgt, p.pw("Sadistic Nature"), None)

    def gain_block(self, base: int, raw: bool = False) -> None:
        amt = base if raw else self.block_amount(base)
        if amt <= 0:
            return
        self.player.block += amt
        j = self.player.pw("Juggernaut")
        if j:
            alive = self.alive()
            if alive:
                self.damage(alive[self.g.rng.misc.randrange(len(alive))], j, None)

    def heal(self, amount: int) -> None:
        p = self.player
        if self.g.has("Magic Flower"):
            amount = math.floor(amount * 1.5 + 0.5)
        p.hp = min(p.max_hp, p.hp + max(0, amount))
        if self.g.has("Red Skull") and p.pw("Strength") and p.hp * 2 > p.max_hp and self.g.counter.get("_skull"):
            self.g.counter["_skull"] = 0
            self.apply(p, "Strength", -3)

    def hit(self, t: Monster | None, c: Card, base: int | None = None, str_mult: int = 1) -> int:
        """One attack hit from a card on a monster; returns unblocked damage."""
        if t is None or t.gone:
            return 0
        b = c.dmg if base is None else base
        if (c.cid == "Strike_R" or "Strike" in c.d.name) and self.g.has("Strike Dummy"):
            b += 3
        dmg = self.attack_damage(b, self.player, t, str_mult)
        return self.damage(t, dmg, self.player)

    def hit_all(self, c: Card) -> int:
        total = 0
        for m in self.alive():
            total += self.hit(m, c)
        return total

    def damage(self, t: Creature, dmg: int, src: Creature | None) -> int:
        """Deal ``dmg`` to ``t``; ``src`` is the attacker for attack damage, None otherwise."""
        if self.over:
            return 0
        p = self.player
        if t is not p and t.gone:  # type: ignore[union-attr]
            return 0
        blocked = min(t.block, dmg)
        t.block -= blocked
        hp_loss = dmg - blocked
        if t is p:
            if hp_loss > 1 and p.pw("Intangible"):
                hp_loss = 1
            if src is not None and 0 < hp_loss <= 5 and self.g.has("Torii"):
                hp_loss = 1
            if hp_loss > 0 and p.pw("Buffer"):
                p.powers["Buffer"] -= 1
                if not p.powers["Buffer"]:
                    del p.powers["Buffer"]
                hp_loss = 0
        elif src is p and 0 < hp_loss < 5 and self.g.has("The Boot"):
            hp_loss = 5
        if src is p and blocked > 0 and t.block == 0 and self.g.has("Hand Drill"):
            self.apply(t, "Vulnerable", 2)
        if t is p:
            if (
                isinstance(src, Monster)
                and p.pw("Plated Armor")
                and hp_loss - (1 if self.g.has("Tungsten Rod") else 0) > 0
            ):  # unblocked attack damage that costs HP wears one Plated Armor away
                p.powers["Plated Armor"] -= 1
                if not p.powers["Plated Armor"]:
                    del p.powers["Plated Armor"]
            self.lose_hp(hp_loss)
            if src is not None and isinstance(src, Monster):
                for pid in ("Thorns", "Flame Barrier"):
                    if p.pw(pid) and not src.gone:
                        self.damage(src, p.pw(pid), None)
            return hp_loss
        m: Monster = t  # type: ignore[assignment]
        if src is p:
            if m.pw("Curl Up") and dmg > 0:
                amt = m.powers.pop("Curl Up")
                if hp_loss < m.hp:
                    m.block += amt
            if m.pw("Angry") and hp_loss > 0:
                m.powers["Strength"] = m.pw("Strength") + m.pw("Angry")
        if hp_loss > 0:
            m.hp -= hp_loss
            if m.hp <= 0:
                m.hp = 0
                self.kill(m)
            else:
                m.on_hp_lost(self, hp_loss)
        return hp_loss

    def lose_hp(self, amount: int) -> None:
        p = self.player
        if amount <= 0 or self.over:
            return
        if amount > 1 and p.pw("Intangible"):
            amount = 1
        if self.g.has("Tungsten Rod"):
            amount -= 1
            if amount <= 0:
                return
        p.hp -= amount
        self.times_damaged += 1
        if not self.hp_lost_this_combat:
            self.hp_lost_this_combat = True
            if self.g.has("Centennial Puzzle"):
                self.draw(3)
        if self.g.has("Self-Forming Clay"):
            self.apply(p, "Next Turn Block", 3)
        if self.g.has("Runic Cube"):
            self.draw(1)
        for c in self.hand:
            if c.cid == "Blood for Blood" and c.cost_turn > 0:
                c.cost_turn -= 1
                c.cost = max(0, c.cost - 1)
        for c in self.draw_pile + self.discard:
            if c.cid == "Blood for Blood":
                c.cost = max(0, c.cost - 1)
                c.cost_turn = c.cost
        if self.g.has("Red Skull") and p.hp * 2 <= p.max_hp and p.hp > 0 and not self.g.counter.get("_skull"):
            self.g.counter["_skull"] = 1
            self.apply(p, "Strength", 3)
        if p.hp <= 0:
            self.g.on_player_death(self)

    def lose_hp_from_card(self, amount: int) -> None:
        before = self.player.hp
        self.lose_hp(amount)
        if self.player.hp < before and self.player.pw("Rupture"):
            self.apply(self.player, "Strength", self.player.pw("Rupture"))

    def kill(self, m: Monster) -> None:
        m.gone = True
        m.block = 0
        if m.pw("Spore Cloud"):
            self.apply(self.player, "Vulnerable", m.pw("Spore Cloud"), from_player=False)
        if m.st.get("stolen"):
            self.gold_stolen += m.st["stolen"]
        if self.g.has("Gremlin Horn") and not m.minion and self.alive():
            self.energy += 1
            self.draw(1)
        m.powers = {}
        self.check_end()

    def check_end(self) -> None:
        if self.over:
            return
        if not self.alive():
            self.over = True
            self.won = True
            self.pending = None
            self.g.on_combat_won(self)

    # ------------------------------------------------------------ piles
    def reshuffle(self) -> None:
        self.g.rng.shuffle.shuffle(self.discard)
        self.draw_pile = self.discard + self.draw_pile
        self.discard = []
        self.shuffles += 1
        if self.g.has("The Abacus"):
            self.gain_block(6, raw=True)
        if self.g.has("Sundial"):
            n = self.g.counter.get("Sundial", 0) + 1
            if n >= 3:
                n = 0
                self.energy += 2
            self.g.counter["Sundial"] = n

    def draw(self, n: int) -> None:
        p = self.player
        for _ in range(n):
            if p.pw("No Draw") or self.over:
                return
            if len(self.hand) >= 10:
                return
            if not self.draw_pile:
                if not self.discard:
                    return
                self.reshuffle()
            c = self.draw_pile.pop()
            if self.g.has("Snecko Eye") and c.cost >= 0:
                c.cost = c.cost_turn = self.g.rng.misc.randrange(4)  # Confused
            if p.pw("Corruption") and c.type == SKILL:
                c.cost_turn = 0
            self.hand.append(c)
            if c.type in (STATUS, CURSE):
                if p.pw("Fire Breathing"):
                    for m in self.alive():
                        self.damage(m, p.pw("Fire Breathing"), None)
                if c.type == STATUS and p.pw("Evolve"):
                    self.draw(p.pw("Evolve"))

    def add_to_hand(self, c: Card) -> None:
        if self.player.pw("Corruption") and c.type == SKILL:
            c.cost_turn = 0
        if len(self.hand) < 10:
            self.hand.append(c)
        else:
            self.discard.append(c)

    def add_card(self, cid: str, where: str, n: int = 1) -> None:
        for _ in range(n):
            c = Card(cid)
            if where == "hand":
                self.add_to_hand(c)
            elif where == "discard":
                self.discard.append(c)
            elif where == "draw_random":
                pos = self.g.rng.misc.randrange(len(self.draw_pile) + 1)
                self.draw_pile.insert(pos, c)

    def exhaust_card(self, c: Card) -> None:
        for pile in (self.hand, self.draw_pile, self.discard):
            if c in pile:
                pile.remove(c)
                break
        self._to_exhaust(c)

    def _to_exhaust(self, c: Card) -> None:
        p = self.player
        self.exhaust.append(c)
        if c.cid == "Sentinel":
            self.energy += 3 if c.upgrades else 2
        if p.pw("Feel No Pain"):
            self.gain_block(p.pw("Feel No Pain"))
        if p.pw("Dark Embrace"):
            self.draw(p.pw("Dark Embrace"))
        if self.g.has("Charon's Ashes"):
            for m in self.alive():
                self.damage(m, 3, None)
        if self.g.has("Dead Branch"):
            from .cards import RED_POOL

            pool = RED_POOL["COMMON"] + RED_POOL["UNCOMMON"] + RED_POOL["RARE"]
            self.add_to_hand(Card(pool[self.g.rng.misc.randrange(len(pool))].id))

    # ------------------------------------------------------------ selection screens
    def select_hand(self, purpose: str, num: int, cards: list[Card], arg: int = 0) -> None:
        if not cards or self.over:
            return
        self.pending = {
            "kind": "HAND_SELECT",
            "purpose": purpose,
            "num": min(num, len(cards)),
            "cards": cards,
            "selected": [],
            "arg": arg,
            "any": False,
        }

    def select_grid(self, purpose: str, num: int, cards: list[Card], arg: int = 0) -> None:
        if not cards or self.over:
            return
        self.pending = {
            "kind": "GRID",
            "purpose": purpose,
            "num": min(num, len(cards)),
            "cards": cards,
            "selected": [],
            "arg": arg,
            "any": False,
        }

    def resolve_selection(self, chosen: list[Card]) -> None:
        sel = self.pending
        self.pending = None
        if sel is None:
            return
        purpose, arg = sel["purpose"], sel["arg"]
        home = {"exhaust": (self.hand, self.draw_pile, self.discard), "to_draw_top": (self.hand, self.discard),
                "exhume": (self.exhaust,), "draw_to_hand": (self.draw_pile,), "memories": (self.discard,),
                "gamble": (self.hand,)}  # fmt: skip
        home["exhaust_then_draw"] = home["exhaust"]
        # a card that left its pile while the screen was up (a relic drew it) is no longer chosen
        chosen = [c for c in chosen if purpose not in home or any(c in pile for pile in home[purpose])]
        for c in chosen:
            if purpose == "upgrade":
                c.upgrade()
            elif purpose == "exhaust" or purpose == "exhaust_then_draw":
                self.exhaust_card(c)
            elif purpose == "to_draw_top":
                for pile in (self.hand, self.discard):
                    if c in pile:
                        pile.remove(c)
                self.draw_pile.append(c)
            elif purpose == "dual_wield":
                for _ in range(arg):
                    self.add_to_hand(c.copy())
            elif purpose == "exhume":
                self.exhaust.remove(c)
                self.add_to_hand(c)
            elif purpose == "draw_to_hand":
                self.draw_pile.remove(c)
                self.add_to_hand(c)
            elif purpose == "memories":
                self.discard.remove(c)
                c.cost_turn = 0
                self.add_to_hand(c)
        if purpose == "exhaust_then_draw":
            self.draw(arg)
        if purpose == "gamble":
            for c in chosen:
                self.hand.remove(c)
                self.discard.append(c)
            self.discarded_this_turn += len(chosen)
            self.draw(len(chosen))

    # ------------------------------------------------------------ playing cards
    def play(self, c: Card, t: Monster | None) -> None:
        cost = self.card_cost(c)
        x = 0
        if cost == -1:
            x = self.energy + (2 if self.g.has("Chemical X") else 0)
            self.energy = 0
        else:
            self.energy -= cost
        self.hand.remove(c)
        self._resolve(c, t, x)
        # Double Tap
        p = self.player
        if c.type == ATTACK and p.pw("Double Tap") and not self.over:
            p.powers["Double Tap"] -= 1
            if not p.powers["Double Tap"]:
                del p.powers["Double Tap"]
            if t is None or t.gone:
                alive = self.alive()
                t = alive[0] if alive and self.needs_target(c) else t
            self._effect(c, t, x)
        if p.pw("Duplication") and not self.over:
            p.powers["Duplication"] -= 1
            if not p.powers["Duplication"]:
                del p.powers["Duplication"]
            if t is not None and t.gone:
                alive = self.alive()
                t = alive[0] if alive else None
            self._effect(c, t, x)
        self._after_play(c)
        self._finish_card(c)

    def play_free(self, c: Card, exhaust: bool = False) -> None:
        """Play a card without paying (Havoc); it is exhausted when ``exhaust``."""
        t = None
        if self.needs_target(c) or c.d.target == "ENEMY":
            alive = self.alive()
            t = alive[self.g.rng.misc.randrange(len(alive))] if alive else None
        if c.d.cost == -2 or (c.type == ATTACK and self.player.pw("Entangled")):
            self._to_exhaust(c) if exhaust else self.discard.append(c)
            return
        x = self.energy if c.cost_turn == -1 else 0
        self._resolve(c, t, x)
        self._after_play(c)
        if c.type == POWER:
            return
        if exhaust:
            self._to_exhaust(c)
        else:
            self._finish_card(c)

    def _resolve(self, c: Card, t: Monster | None, x: int) -> None:
        p = self.player
        g = self.g
        self.played_this_turn += 1
        if c.type == ATTACK:
            self.attacks_this_turn += 1
            n = g.counter.get("Pen Nib", 0) + 1 if g.has("Pen Nib") else 0
            if g.has("Pen Nib"):
                if n >= 10:
                    self.pen_nib = True
                    n = 0
                g.counter["Pen Nib"] = n
            for m in self.alive():
                if m.pw("Sharp Hide"):
                    self.damage(p, m.pw("Sharp Hide"), None)
        if c.type == SKILL:
            self.skills_this_turn += 1
            for m in self.alive():
                if m.pw("Anger"):
                    self.apply(m, "Strength", m.pw("Anger"))
        if self.over:
            return
        self._effect(c, t, x)
        if c.type == ATTACK:
            self.pen_nib = False
            if p.pw("Vigor"):
                del p.powers["Vigor"]

    def _effect(self, c: Card, t: Monster | None, x: int) -> None:
        if self.over:
            return
        fn = EFFECTS.get(c.cid)
        if fn is not None:
            fn(self, c, t, x)
        elif c.d.cost == -2 and c.type == CURSE:
            pass  # Blue Candle: the curse is exhausted, 1 HP lost below

    def _after_play(self, c: Card) -> None:
        g = self.g
        p = self.player
        if self.over:
            return
        if c.type == CURSE and g.has("Blue Candle"):
            self.lose_hp(1)
        if c.type == ATTACK:
            if p.pw("Rage"):
                self.gain_block(p.pw("Rage"), raw=True)
            for relic, every in (("Shuriken", 3), ("Kunai", 3), ("Ornamental Fan", 3), ("Nunchaku", 10)):
                if g.has(relic):
                    n = g.counter.get(relic, 0) + 1
                    if n >= every:
                        n = 0
                        if relic == "Shuriken":
                            self.apply(p, "Strength", 1)
                        elif relic == "Kunai":
                            self.apply(p, "Dexterity", 1)
                        elif relic == "Ornamental Fan":
                            self.gain_block(4, raw=True)
                        else:
                            self.energy += 1
                    g.counter[relic] = n
        if c.type == SKILL and g.has("Letter Opener"):
            n = g.counter.get("Letter Opener", 0) + 1
            if n >= 3:
                n = 0
                for m in self.alive():
                    self.damage(m, 5, None)
            g.counter["Letter Opener"] = n
        if c.type == POWER:
            if g.has("Bird-Faced Urn"):
                self.heal(2)
            if g.has("Mummified Hand"):
                ok = [h for h in self.hand if h.cost_turn > 0]
                if ok:
                    ok[g.rng.misc.randrange(len(ok))].cost_turn = 0
        if g.has("Orange Pellets") and c.type in (ATTACK, SKILL, POWER):
            self.types_this_turn.add(c.type)
            if len(self.types_this_turn) == 3:
                self.types_this_turn = set()
                for pid in [
                    k for k, v in p.powers.items() if k in DEBUFFS or (k in ("Strength", "Dexterity") and v < 0)
                ]:
                    del p.powers[pid]
        if p.pw("Panache") and self.played_this_turn % 5 == 0:
            for m in self.alive():
                self.damage(m, p.pw("Panache"), None)
        if g.has("Ink Bottle"):
            n = g.counter.get("Ink Bottle", 0) + 1
            if n >= 10:
                n = 0
                self.draw(1)
            g.counter["Ink Bottle"] = n

    def _finish_card(self, c: Card) -> None:
        if c.type == POWER:
            return
        exhaust = c.has("exhaust") or (c.type == SKILL and self.player.pw("Corruption")) or c.d.cost == -2
        if exhaust and self.g.has("Strange Spoon") and self.g.rng.misc.random() < 0.5:
            exhaust = False
        if exhaust:
            self._to_exhaust(c)
        else:
            if c.cost_turn != c.cost and c.cost >= 0:
                c.cost_turn = c.cost
            self.discard.append(c)
        if not self.hand and self.g.has("Unceasing Top") and not self.over and self.pending is None:
            self.draw(1)

    # ------------------------------------------------------------ turns
    def start_turn(self) -> None:
        g = self.g
        p = self.player
        self.turn += 1
        self.monster_turn = False
        self.played_last_turn = self.played_this_turn
        self.types_this_turn = set()
        self.played_this_turn = self.attacks_this_turn = self.skills_this_turn = 0
        self.discarded_this_turn = 0
        for relic in PER_TURN_RELICS:
            if relic in g.counter:
                g.counter[relic] = 0
        if self.turn == 1 or p.pw("Barricade"):
            pass  # block gained at the start of combat (Anchor) lasts through turn 1
        elif g.has("Calipers"):
            p.block = max(0, p.block - 15)
        else:
            p.block = 0
        p.powers.pop("Flame Barrier", None)
        energy = 3 + g.extra_energy()
        if g.has("Slaver's Collar") and self.kind in ("elite", "boss"):
            energy += 1
        if self.turn == 1 and g.has("Lantern"):
            energy += 1
        if self.turn == 1 and g.counter.get("_tea"):
            g.counter["_tea"] = 0
            energy += 2
        if g.has("Art of War") and self.turn > 1 and not self.attack_played_last_turn:
            energy += 1
        if g.has("Happy Flower"):
            n = g.counter.get("Happy Flower", 0) + 1
            if n >= 3:
                n = 0
                energy += 1
            g.counter["Happy Flower"] = n
        if p.pw("Berserk"):
            energy += p.pw("Berserk")
        if g.has("Ice Cream"):
            self.energy += energy
        else:
            self.energy = energy
        if p.pw("Next Turn Block"):
            self.gain_block(p.powers.pop("Next Turn Block"), raw=True)
        if self.turn == 2 and g.has("Horn Cleat"):
            self.gain_block(14, raw=True)
        if self.turn == 3 and g.has("Captain's Wheel"):
            self.gain_block(18, raw=True)
        if g.has("Incense Burner"):
            n = g.counter.get("Incense Burner", 0) + 1
            if n >= 6:
                n = 0
                self.apply(p, "Intangible", 1)
            g.counter["Incense Burner"] = n
        if p.pw("Demon Form"):
            self.apply(p, "Strength", p.pw("Demon Form"))
        if g.has("Brimstone"):
            self.apply(p, "Strength", 2)
            for m in self.alive():
                self.apply(m, "Strength", 1)
        if g.has("Mercury Hourglass"):
            for m in self.alive():
                self.damage(m, 3, None)
        if self.over:
            return
        if self.turn == 7 and g.has("Stone Calendar"):
            pass  # Stone Calendar fires at the end of turn 7
        n = 5
        if g.has("Snecko Eye"):
            n += 2
        if self.turn > 1 and g.has("Pocketwatch") and self.played_last_turn <= 3:
            n += 3
        if self.turn == 1 and g.has("Bag of Preparation"):
            n += 2
        if self.turn == 1:
            n = max(n, sum(1 for c in self.draw_pile if c.has("innate")))
        self.draw(n)
        if g.has("Warped Tongs"):
            ups = [c for c in self.hand if c.upgradable]
            if ups:
                ups[g.rng.misc.randrange(len(ups))].upgrade()
        if self.turn == 1 and g.has("Gambling Chip") and self.hand and not self.gamble_done:
            self.gamble_done = True
            self.pending = {
                "kind": "HAND_SELECT",
                "purpose": "gamble",
                "num": len(self.hand),
                "cards": list(self.hand),
                "selected": [],
                "arg": 0,
                "any": True,
            }
        if p.pw("Brutality"):
            self.lose_hp(p.pw("Brutality"))
            self.draw(p.pw("Brutality"))

    def end_turn(self) -> None:
        g = self.g
        p = self.player
        self.attack_played_last_turn = self.attacks_this_turn > 0
        # relics first (Orichalcum sees the block before Metallicize adds to it), then the powers that add
        # block, then the cards in hand that hurt (their damage meets that block)
        if g.has("Orichalcum") and p.block == 0:
            self.gain_block(6, raw=True)
        if self.turn == 7 and g.has("Stone Calendar"):
            for m in self.alive():
                self.damage(m, 52, None)
        if self.over:
            return
        if p.pw("Metallicize"):
            self.gain_block(p.pw("Metallicize"), raw=True)
        if p.pw("Plated Armor"):
            self.gain_block(p.pw("Plated Armor"), raw=True)
        for c in list(self.hand):
            if self.over:
                return
            if c.cid == "Burn":
                self.damage(p, c.mag, None)
            elif c.cid == "Decay":
                self.damage(p, 2, None)
            elif c.cid == "Regret":
                self.lose_hp(len(self.hand))
            elif c.cid in ("Doubt", "Shame"):
                pid = "Weakened" if c.cid == "Doubt" else "Frail"
                had = p.pw(pid)
                self.apply(p, pid, 1)
                if not had and p.pw(pid):
                    p.fresh.add(pid)  # the curse is the game's "monster source": a new debuff skips this round's tick
        if p.pw("Combust"):
            self.lose_hp(self.combust_hp_loss)
            for m in self.alive():
                self.damage(m, p.pw("Combust"), None)
        if self.bombs:
            for pid, dmg in list(self.bombs.items()):
                if self.over:
                    break
                left = p.powers.get(pid, 0) - 1
                if left > 0:
                    p.powers[pid] = left
                    continue
                p.powers.pop(pid, None)
                del self.bombs[pid]
                for m in self.alive():
                    self.damage(m, dmg, None)
            if self.over:
                return
        if p.pw("Regeneration"):
            self.heal(p.pw("Regeneration"))
            p.powers["Regeneration"] -= 1
            if p.powers["Regeneration"] <= 0:
                del p.powers["Regeneration"]
        if self.over:
            return
        if p.pw("Flex"):
            self.apply(p, "Strength", -p.powers.pop("Flex"))
        if p.pw("Dexterity Down"):
            self.apply(p, "Dexterity", -p.powers.pop("Dexterity Down"))
        for pid in ("Rage", "Double Tap", "Duplication", "No Draw", "Entangled"):
            p.powers.pop(pid, None)
        # discard the hand (ethereal cards exhaust; Runic Pyramid keeps the rest)
        kept: list[Card] = []
        for c in self.hand:
            if c.has("ethereal"):
                self._to_exhaust(c)
            elif g.has("Runic Pyramid") and c.type not in (STATUS, CURSE):
                kept.append(c)
            else:
                if c.cost >= 0:
                    c.cost_turn = c.cost
                self.discard.append(c)
        self.hand = kept
        # monsters
        self.monster_turn = True
        for m in self.alive():  # every monster's block goes before any of them acts
            m.block = 0
        for m in self.monsters:
            if m.gone or self.over:
                continue
            m.take_turn(self)
            if self.over:
                return
            if not m.gone:
                m.roll(self)
        for m in self.alive():
            if m.pw("Ritual"):
                if m.st.get("ritual_skip"):
                    m.st["ritual_skip"] = 0
                else:
                    self.apply(m, "Strength", m.pw("Ritual"))
            if m.pw("Metallicize"):
                m.block += m.pw("Metallicize")
        if p.pw("Ritual"):
            self.apply(p, "Strength", p.pw("Ritual"))
        for m in self.alive():
            if m.pw("Shackled"):
                self.apply(m, "Strength", m.powers.pop("Shackled"))
        if p.pw("No Block"):
            p.powers["No Block"] -= 1
            if p.powers["No Block"] <= 0:
                del p.powers["No Block"]
        if p.pw("Intangible"):
            p.powers["Intangible"] -= 1
            if p.powers["Intangible"] <= 0:
                del p.powers["Intangible"]
        # end of round: debuffs tick
        for cr in [p, *self.alive()]:
            for pid in TURN_DEBUFFS:
                if pid in cr.powers:
                    if pid in cr.fresh:
                        cr.fresh.discard(pid)
                        continue
                    cr.powers[pid] -= 1
                    if cr.powers[pid] <= 0:
                        del cr.powers[pid]
            cr.fresh.clear()
        self.monster_turn = False
        if not self.over:
            self.start_turn()

    # ------------------------------------------------------------ monster actions
    def monster_attack(self, m: Monster, base: int, hits: int = 1) -> None:
        for _ in range(hits):
            if self.over or m.gone:
                return
            dmg = self.attack_damage(base, m, self.player)
            self.damage(self.player, dmg, m)

    def monster_block(self, m: Monster, amount: int) -> None:
        m.block += amount

    def spawn(self, m: Monster, index: int | None = None) -> None:
        if index is None:
            self.monsters.append(m)
        else:
            self.monsters.insert(index, m)
        m.pre_battle(self)
        m.roll(self)
