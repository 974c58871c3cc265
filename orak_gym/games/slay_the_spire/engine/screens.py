"""The screens the run opens on top of a room: card, potion and combat rewards, and card grids."""

from __future__ import annotations

from .cards import ATTACK, COLORLESS_POOL, CURSE, POWER, RED_POOL, SKILL, Card
from .command_handlers import InvalidCommand


class ScreensMixin:
    """``SpireEngine``'s reward and grid screens, stacked over the room that opened them."""

    # ---- card rewards
    def roll_cards(self, n: int, kind: str) -> list[Card]:
        out: list[Card] = []
        r = self.rng.card
        while len(out) < n:
            if kind in ("colorless", "colorless_rare"):
                pool = COLORLESS_POOL["RARE" if kind == "colorless_rare" else "UNCOMMON"]
                d = pool[r.randrange(len(pool))]
                if all(c.cid != d.id for c in out):
                    out.append(Card(d.id))
                continue
            if kind == "rare" or kind == "boss":
                rarity = "RARE"
            elif kind == "neow":
                rarity = "COMMON" if r.random() < 0.67 else "UNCOMMON"
            else:
                rare, unc = (10, 40) if kind == "elite" else (3, 37)
                roll = r.randrange(100) + self.card_blizz
                if roll < rare:
                    rarity = "RARE"
                    self.card_blizz = 5
                elif roll < rare + unc:
                    rarity = "UNCOMMON"
                else:
                    rarity = "COMMON"
                    self.card_blizz = max(-40, self.card_blizz - 1)
            pool = RED_POOL[rarity]
            d = pool[r.randrange(len(pool))]
            if any(c.cid == d.id for c in out):
                continue
            c = Card(d.id)
            if (
                (c.type == ATTACK and self.has("Molten Egg"))
                or (c.type == SKILL and self.has("Toxic Egg"))
                or (c.type == POWER and self.has("Frozen Egg"))
            ):
                c.upgrade()
            out.append(c)
        return out

    def _reward_card_count(self) -> int:
        n = 3 + (1 if self.has("Question Card") else 0) - (2 if self.has("Busted Crown") else 0)
        return max(1, n)

    # ---- screens
    def _push(self) -> None:
        # the screen and its contents come back when the opened screen closes (screens can nest:
        # a relic taken from a reward screen may open a grid, which may open another ...)
        self.stack.append((self.screen, self.grid, self.card_screen, self.rewards))

    def _pop_screen(self) -> None:
        if self.stack:
            self.screen, self.grid, self.card_screen, self.rewards = self.stack.pop()
            if self.screen == "BOSS_CHEST":
                self._boss_chest()
        else:
            self._to_map()

    def open_grid(self, purpose: str, cards: list[Card], num: int, cancel: bool = False) -> None:
        if not cards or self.is_over:
            return
        self._push()
        self.grid = {
            "purpose": purpose,
            "cards": cards,
            "num": min(num, len(cards)),
            "selected": [],
            "any": False,
            "cancel": cancel,
        }
        self.screen = "GRID"

    def _grid_done(self) -> None:
        cb = self.combat
        if self.screen == "NONE" and cb is not None and cb.pending is not None:
            cb.resolve_selection(list(cb.pending["selected"]))
            return
        gr = self.grid
        assert gr is not None
        self.grid = None
        self._pop_screen()
        purpose = gr["purpose"]
        if gr.get("after") == "bonfire" and gr["selected"]:
            self._bonfire(gr["selected"][0])
        for c in gr["selected"]:
            if purpose in ("purge", "transform", "transform_upgrade") and c not in self.deck:
                continue  # already gone (two grids opened at once)
            if purpose == "purge":
                self.deck.remove(c)
            elif purpose == "upgrade":
                c.upgrade()
            elif purpose == "transform":
                self._transform(c)
            elif purpose == "transform_upgrade":
                self._transform(c).upgrade()
            elif purpose == "bottle":
                c.innate = True
            elif purpose == "duplicate":
                self.add_card(c.cid, c.upgrades)
        if gr.get("after") == "rested":
            self.rested = True
            self.room_phase = "COMPLETE"
        if gr.get("after") == "shop_purge":
            self.spend_gold(self.shop["purge_cost"])
            self.purge_cost += 25
            self.shop["purge"] = False

    def _bonfire(self, c: Card) -> None:
        """Bonfire Spirits: what the offered card's rarity gives back."""
        rarity = c.d.rarity
        if c.type == CURSE:
            self.obtain_relic("Spirit Poop")
        elif rarity == "UNCOMMON":
            self.heal(self.player.max_hp)
        elif rarity == "RARE":
            self.gain_max_hp(10)
            self.heal(self.player.max_hp)
        elif rarity != "BASIC":
            self.heal(5)

    def open_card_choice(self, cards: list[Card], source: str, reward_index: int = -1) -> None:
        self._push()
        self.card_screen = {
            "cards": cards,
            "source": source,
            "index": reward_index,
            "skip": source != "potion",
            "bowl": source == "reward" and self.has("Singing Bowl"),
        }
        self.screen = "CARD_REWARD"

    def open_potion_choice(self, picks: list[str], copies: int = 1, keep_cost: bool = False) -> None:
        """A choose-one-of-three screen inside combat (Attack/Skill/Power/Colorless Potion, Discovery,
        Toolbox); the card goes to the hand, costing 0 this turn unless ``keep_cost``."""
        self.open_card_choice([Card(p) for p in picks], "potion")
        self.card_screen["copies"] = copies  # type: ignore[index]
        self.card_screen["keep_cost"] = keep_cost  # type: ignore[index]

    def _card_choice(self, i: int) -> None:
        cs = self.card_screen
        assert cs is not None
        self.card_screen = None
        self._pop_screen()
        if cs["source"] == "reward" and 0 <= cs["index"] < len(self.rewards):
            del self.rewards[cs["index"]]
        if i >= len(cs["cards"]):  # Singing Bowl
            self.gain_max_hp(2)
            return
        c = cs["cards"][i]
        if cs["source"] == "potion":
            cb = self.combat
            assert cb is not None
            for k in range(cs.get("copies", 1)):
                new = c if k == 0 else c.copy()
                if not cs.get("keep_cost"):
                    new.cost_turn = 0
                cb.add_to_hand(new)
            return
        self.add_card(c.cid, c.upgrades)

    def open_rewards(self, rewards: list[dict], back: str | None = None) -> None:
        if back:
            self._push()
        self.rewards = rewards
        self.screen = "COMBAT_REWARD"

    def _take_reward(self, i: int) -> None:
        rw = self.rewards[i]
        t = rw["reward_type"]
        if t == "POTION":
            if self.has("Sozu"):
                del self.rewards[i]
                return
            if None not in self.potions:
                raise InvalidCommand("Potion slots are full.")
            self.potions[self.potions.index(None)] = rw["potion"]
            del self.rewards[i]
        elif t in ("GOLD", "STOLEN_GOLD"):
            del self.rewards[i]
            if t == "STOLEN_GOLD":
                self.gold += rw["gold"]
            elif self.has("Golden Idol") and not self.room_type.startswith("TreasureRoom"):
                self.gain_gold(rw["gold"] + int(rw["gold"] * 0.25 + 0.5))  # a gold reward's bonus, rounded
            else:
                self.gain_gold(rw["gold"])
        elif t == "RELIC":
            del self.rewards[i]
            self.obtain_relic(rw["relic"])
        elif t == "CARD":
            self.open_card_choice(rw["cards"], "reward", i)

    def leave_event(self) -> None:
        self.event = None
        self._to_map()

    def _to_map(self) -> None:
        self.combat = None if self.combat is None or self.combat.over else self.combat
        self.stack = []
        self.screen = "MAP"
        self.room_phase = "COMPLETE"
