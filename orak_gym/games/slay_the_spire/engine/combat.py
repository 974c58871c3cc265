"""One fight: its state, energy, the damage/block formulas and powers; the piles and card play
(:mod:`.card_play`) and the turn order (:mod:`.turns`) are its mixins.

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

from .card_play import CardPlayMixin
from .cards import ATTACK, COLORLESS_POOL, CURSE, SKILL, STATUS, Card
from .creature import Creature
from .powers import DEBUFFS, TURN_DEBUFFS
from .turns import TurnsMixin

if TYPE_CHECKING:
    from .interface import Run


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


class Combat(CardPlayMixin, TurnsMixin):
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
