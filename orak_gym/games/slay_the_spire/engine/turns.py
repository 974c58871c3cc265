"""The turn order of a fight: the player's turn start and end, the monsters' turn, the round's end
(debuffs tick, powers trigger), and the monsters' actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import relics as R
from .cards import CURSE, STATUS, Card
from .powers import TURN_DEBUFFS

if TYPE_CHECKING:
    from .interface import Foe


class TurnsMixin:
    """``Combat``'s turn half: who acts when, and what monsters do."""

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
        for relic in R.PER_TURN_RELICS:
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
    def monster_attack(self, m: Foe, base: int, hits: int = 1) -> None:
        for _ in range(hits):
            if self.over or m.gone:
                return
            dmg = self.attack_damage(base, m, self.player)
            self.damage(self.player, dmg, m)

    def monster_block(self, m: Foe, amount: int) -> None:
        m.block += amount

    def spawn(self, m: Foe, index: int | None = None) -> None:
        if index is None:
            self.monsters.append(m)
        else:
            self.monsters.insert(index, m)
        m.pre_battle(self)
        m.roll(self)
