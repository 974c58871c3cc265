"""Cards in a fight: the piles (draw, shuffle, discard, exhaust), the screens that pick cards from
them, and playing a card: its cost, targets, effects and the powers and relics it triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cards import ATTACK, CURSE, POWER, SKILL, STATUS, Card
from .effects import EFFECTS
from .powers import DEBUFFS

if TYPE_CHECKING:
    from .interface import Foe


class CardPlayMixin:
    """``Combat``'s card half, over the piles and energy ``Combat`` owns."""

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
    def play(self, c: Card, t: Foe | None) -> None:
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

    def _resolve(self, c: Card, t: Foe | None, x: int) -> None:
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

    def _effect(self, c: Card, t: Foe | None, x: int) -> None:
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
