"""Map travel and the rooms of act 1: monsters, elites, the boss, rest sites, the shop, chests, events."""

from __future__ import annotations

from . import relics as R
from .cards import ATTACK, COLORLESS_POOL, CURSE, POWER, RED_POOL, SKILL, Card
from .combat import Combat
from .command_handlers import InvalidCommand
from .events import event_allowed
from .monsters import ELITES, STRONG, WEAK, encounter, make
from .potions import POTIONS


class RoomsMixin:
    """``SpireEngine``'s rooms: entering each node of the map and what each room offers."""

    # ================================================================ map
    def _next_nodes(self) -> list:
        if self.cur is None:
            return [n for (x, y), n in sorted(self.map.items(), key=lambda kv: kv[0][0]) if y == 0]
        out = [self.map[c] for c in self.map[self.cur].children if c in self.map]
        if self.counter.get("WingedGreaves", 0) > 0:  # Wing Boots: any room of the next row
            row = self.cur[1] + 1
            out = [n for (x, y), n in sorted(self.map.items(), key=lambda kv: kv[0][0]) if y == row]
        return out

    def _boss_next(self) -> bool:
        return self.cur is not None and self.cur[1] == 14

    def _climb(self) -> None:
        self.floor_num += 1
        self.counter["_floors"] = self.floor_num
        if self.has("Maw Bank") and self.counter.get("Maw Bank", 0) != -2:
            self.gain_gold(12)

    def _enter_node(self, n) -> None:
        if self.cur is not None and (n.x, n.y) not in self.map[self.cur].children:
            self.counter["WingedGreaves"] -= 1  # a Wing Boots jump
        self.cur = (n.x, n.y)
        self._climb()
        self.stack = []
        self.room_monsters = False
        sym = n.symbol
        if sym == "?":
            if self.has("Ssserpent Head"):
                self.gain_gold(50)
            sym = self._roll_question()
        if sym == "M":
            self._enter_monster()
        elif sym == "E":
            self._enter_elite()
        elif sym == "R":
            self._enter_rest()
        elif sym == "$":
            self._enter_shop()
        elif sym == "T":
            self._enter_treasure()
        else:
            self._enter_event()

    def _roll_question(self) -> str:
        self.question_rooms += 1
        if self.has("Tiny Chest") and self.question_rooms % 4 == 0:
            return "T"
        ch = self.event_chances
        roll = self.rng.event.random() * 100
        if roll < ch["monster"] and not self.has("Juzu Bracelet"):
            res = "M"
        elif roll < ch["monster"] + ch["shop"]:
            res = "$"
        elif roll < ch["monster"] + ch["shop"] + ch["treasure"]:
            res = "T"
        else:
            res = "?"
        ch["monster"] = 10 if res == "M" else ch["monster"] + 10
        ch["shop"] = 3 if res == "$" else ch["shop"] + 3
        ch["treasure"] = 2 if res == "T" else ch["treasure"] + 2
        return res

    def _pick_encounter(self) -> str:
        r = self.rng.monster
        table = WEAK if self.monster_count < 3 else STRONG
        self.monster_count += 1
        while True:
            total = sum(w for _n, w in table)
            x = r.random() * total
            name = table[-1][0]
            for cand, w in table:
                x -= w
                if x < 0:
                    name = cand
                    break
            recent = self.last_encounters[-1:] if table is WEAK else self.last_encounters[-2:]
            if name not in recent:
                break
        self.last_encounters.append(name)
        return name

    def _enter_monster(self) -> None:
        self.start_combat(self._pick_encounter(), "monster")

    def _enter_elite(self) -> None:
        r = self.rng.monster
        while True:
            name = ELITES[r.randrange(3)]
            if name != self.last_elite:
                break
        self.last_elite = name
        self.start_combat(name, "elite")

    def _enter_boss(self) -> None:
        self.cur = (3, 16)
        self._climb()
        self.start_combat(self.boss, "boss")

    def start_combat(self, name: str, kind: str, rewards: list[dict] | None = None) -> None:
        ids = encounter(name, self.rng.monster)
        mons = [make(self.rng.monster_hp, mid) for mid in ids]
        self.room_type = {
            "monster": "MonsterRoom",
            "elite": "MonsterRoomElite",
            "boss": "MonsterRoomBoss",
            "event": "EventRoom",
        }[kind]
        if kind == "elite" and self.event is not None:
            self.room_type = "EventRoom"
        self.room_phase = "COMBAT"
        self.screen = "NONE"
        self.stack = []
        self.event = None
        self.room_monsters = True
        cb = Combat(self, mons, kind)
        cb.encounter = name  # type: ignore[attr-defined]
        cb.extra_rewards = rewards  # type: ignore[attr-defined]
        self.combat = cb
        cb.start()

    def combat_start_relics(self, cb: Combat) -> None:
        """Start-of-combat relics that read the run (curses in the deck, room kind)."""
        p = self.player
        if self.has("Du-Vu Doll"):
            cb.apply(p, "Strength", sum(1 for c in self.deck if c.type == CURSE))
        if self.has("Philosopher's Stone"):
            for m in cb.monsters:
                cb.apply(m, "Strength", 1)
        if self.has("Sling of Courage") and cb.kind == "elite":
            cb.apply(p, "Strength", 2)
        if self.has("Girya") and self.counter.get("Girya", 0) > 0:  # Strength = times lifted
            cb.apply(p, "Strength", self.counter["Girya"])

    def on_player_death(self, cb: Combat) -> None:
        p = self.player
        if "FairyPotion" in self.potions:
            self.potions[self.potions.index("FairyPotion")] = None
            p.hp = max(1, int(p.max_hp * 0.3))
            return
        if self.has("Lizard Tail") and self.counter.get("Lizard Tail", 0) != -2:
            self.counter["Lizard Tail"] = -2
            p.hp = max(1, p.max_hp // 2)
            return
        p.hp = 0
        cb.over = True
        cb.pending = None
        self._game_over(False)

    def on_combat_won(self, cb: Combat) -> None:
        p = self.player
        self.counter["_kills"] = self.counter.get("_kills", 0) + len(cb.monsters)
        if self.has("Burning Blood"):
            p.hp = min(p.max_hp, p.hp + 6)
        if self.has("Black Blood"):
            p.hp = min(p.max_hp, p.hp + 12)
        if self.has("Face Of Cleric"):
            self.gain_max_hp(1)
        if self.has("Meat on the Bone") and p.hp * 2 <= p.max_hp:
            p.hp = min(p.max_hp, p.hp + 12)
        p.powers = {}
        p.block = 0
        self.room_phase = "COMPLETE"
        self.screen = "COMBAT_REWARD"
        self.stack = []  # choice screens opened inside the fight are gone with it
        self.card_screen = None
        self.grid = None
        rewards: list[dict] = []
        extra = getattr(cb, "extra_rewards", None)
        r = self.rng.treasure
        if extra is not None:
            rewards += extra
        elif cb.kind == "monster":
            rewards.append({"reward_type": "GOLD", "gold": r.randint(10, 20)})
        elif cb.kind == "elite":
            rewards.append({"reward_type": "GOLD", "gold": r.randint(25, 35)})
        elif cb.kind == "boss":
            rewards.append({"reward_type": "GOLD", "gold": r.randint(95, 105)})
        if cb.gold_stolen:
            rewards.append({"reward_type": "STOLEN_GOLD", "gold": cb.gold_stolen})
        if cb.kind == "elite":
            self.counter["_elites"] = self.counter.get("_elites", 0) + 1
            if extra is None:
                rewards.append({"reward_type": "RELIC", "relic": self.random_relic_any()})
                if self.has("Black Star"):
                    rewards.append({"reward_type": "RELIC", "relic": self.random_relic_any()})
        roll = self.rng.potion.randrange(100)
        if self.has("White Beast Statue") or roll < self.potion_chance:
            self.potion_chance = max(0, self.potion_chance - 10)
            rewards.append({"reward_type": "POTION", "potion": self.random_potion()})
        else:
            self.potion_chance += 10
        kind = "boss" if cb.kind == "boss" else "elite" if cb.kind == "elite" else "normal"
        rewards.append({"reward_type": "CARD", "cards": self.roll_cards(self._reward_card_count(), kind)})
        if kind == "normal" and self.has("Prayer Wheel") and extra is None:
            rewards.append({"reward_type": "CARD", "cards": self.roll_cards(self._reward_card_count(), kind)})
        self.rewards = rewards
        if cb.kind == "boss":
            self.bosses += 1
            self.stack = [("BOSS_CHEST", None, None, [])]

    def escape_combat(self) -> None:
        """Smoke Bomb: leave a non-boss fight with no rewards."""
        cb = self.combat
        assert cb is not None
        cb.over = True
        cb.pending = None
        self.player.powers = {}
        self.player.block = 0
        self.combat = None
        self._to_map()

    def _game_over(self, victory: bool) -> None:
        self.victory = victory
        self._over = True
        self.screen = "GAME_OVER"
        self.room_phase = "COMPLETE"
        self.stack = []
        self.grid = None
        self.card_screen = None

    def _finish_act(self) -> None:
        self._game_over(True)

    # ================================================================ rest
    def _enter_rest(self) -> None:
        self.room_type = "RestRoom"
        self.room_phase = "INCOMPLETE"
        self.rested = False
        self.screen = "REST"
        self.event = None
        if self.has("Eternal Feather"):
            self.heal(len(self.deck) // 5 * 3)
        if self.has("Ancient Tea Set"):
            self.counter["_tea"] = 1

    def _rest_options(self) -> list[str]:
        out = []
        if not self.has("Coffee Dripper"):
            out.append("rest")
        if not self.has("Fusion Hammer") and any(c.upgradable for c in self.deck):
            out.append("smith")
        if self.has("Girya") and self.counter.get("Girya", 0) < 3:
            out.append("lift")
        if self.has("Peace Pipe") and self.deck:
            out.append("toke")
        if self.has("Shovel"):
            out.append("dig")
        return out

    def _rest_choice(self, opt: str) -> None:
        if opt == "rest":
            amt = int(self.player.max_hp * 0.3) + (15 if self.has("Regal Pillow") else 0)
            self.heal(amt)
            self.rested = True
            self.room_phase = "COMPLETE"
            if self.has("Dream Catcher"):
                self.open_card_choice(self.roll_cards(self._reward_card_count(), "normal"), "rest")
        elif opt in ("smith", "toke"):
            cards = [c for c in self.deck if c.upgradable] if opt == "smith" else self.purgeable()
            self.open_grid("upgrade" if opt == "smith" else "purge", cards, 1, cancel=True)
            self.grid["after"] = "rested"  # type: ignore[index]
        elif opt == "lift":
            self.counter["Girya"] = self.counter.get("Girya", 0) + 1
            self.rested = True
            self.room_phase = "COMPLETE"
        elif opt == "dig":
            self.rested = True
            self.room_phase = "COMPLETE"
            self.open_rewards([{"reward_type": "RELIC", "relic": self.random_relic_any()}], back="REST")

    # ================================================================ shop
    def _enter_shop(self) -> None:
        self.room_type = "ShopRoom"
        self.room_phase = "COMPLETE"
        self.screen = "SHOP_ROOM"
        self.event = None
        if self.has("Meal Ticket"):
            self.heal(15)
        r = self.rng.merchant
        disc = (0.5 if self.has("Membership Card") else 1.0) * (0.8 if self.has("The Courier") else 1.0)
        cards: list[tuple[Card, int]] = []
        picked: set[str] = set()
        for want in (ATTACK, ATTACK, SKILL, SKILL, POWER):
            while True:
                roll = r.randrange(100)
                rarity = "RARE" if roll < 9 else "UNCOMMON" if roll < 46 else "COMMON"
                pool = [d for d in RED_POOL[rarity] if d.type == want and d.id not in picked]
                if not pool:
                    continue
                d = pool[r.randrange(len(pool))]
                break
            picked.add(d.id)
            base = {"COMMON": 50, "UNCOMMON": 75, "RARE": 150}[d.rarity]
            cards.append((Card(d.id), base * r.uniform(0.9, 1.1)))
        sale = r.randrange(5)
        cards = [(c, int(p * (0.5 if i == sale else 1.0) * disc)) for i, (c, p) in enumerate(cards)]
        for rarity, base in (("UNCOMMON", 90), ("RARE", 180)):  # the colorless row
            pool = COLORLESS_POOL[rarity]
            cards.append((Card(pool[r.randrange(len(pool))].id), int(base * r.uniform(0.9, 1.1) * disc)))
        relics = []
        for k in range(3):
            if k == 2:
                tier = "SHOP"
            else:
                roll = r.randrange(100)
                tier = "COMMON" if roll < 48 else "UNCOMMON" if roll < 82 else "RARE"
            rel = self.random_relic(tier)
            relics.append((rel, int(R.PRICES.get(tier, 150) * r.uniform(0.95, 1.05) * disc)))
        pots = []
        from .potions import PRICES as PP

        for _ in range(3):
            pid = self.random_potion()
            pots.append((pid, int(PP[POTIONS[pid].rarity] * r.uniform(0.95, 1.05) * disc)))
        purge = self.purge_cost  # the run's price (75, +25 per removal); this shop's after its discounts
        if self.has("The Courier"):
            purge = int(purge * 0.8 + 0.5)
        if self.has("Membership Card"):
            purge = int(purge * 0.5 + 0.5)
        if self.has("Smiling Mask"):
            purge = 50
        self.shop = {"cards": cards, "relics": relics, "potions": pots, "purge": True, "purge_cost": purge}

    def _shop_items(self) -> list[tuple[str, str, int]]:
        sh = self.shop
        out: list[tuple[str, str, int]] = []
        if sh["purge"] and self.gold >= sh["purge_cost"]:
            out.append(("purge", "purge", 0))
        for i, (c, p) in enumerate(sh["cards"]):
            if p <= self.gold:
                out.append((c.name, "card", i))
        for i, (rel, p) in enumerate(sh["relics"]):
            if p <= self.gold:
                out.append((R.name(rel), "relic", i))
        for i, (pid, p) in enumerate(sh["potions"]):
            if p <= self.gold:
                out.append((POTIONS[pid].name, "potion", i))
        return out

    def _shop_buy(self, k: int) -> None:
        _name, kind, i = self._shop_items()[k]
        sh = self.shop
        if kind == "potion" and None not in self.potions and not self.has("Sozu"):
            raise InvalidCommand("Potion slots are full.")
        if self.has("Maw Bank"):
            self.counter["Maw Bank"] = -2
        if kind == "purge":
            self.open_grid("purge", self.purgeable(), 1, cancel=True)
            self.grid["after"] = "shop_purge"  # type: ignore[index]
        elif kind == "card":
            c, p = sh["cards"].pop(i)
            self.spend_gold(p)
            self.add_card(c.cid, c.upgrades)
            if self.has("The Courier"):  # restocks a card of the same type
                pool = [d for r in ("COMMON", "UNCOMMON", "RARE") for d in RED_POOL[r] if d.type == c.type]
                d = pool[self.rng.merchant.randrange(len(pool))]
                price = {"COMMON": 50, "UNCOMMON": 75, "RARE": 150}[d.rarity] * 0.8
                sh["cards"].insert(i, (Card(d.id), int(price * (0.5 if self.has("Membership Card") else 1))))
        elif kind == "relic":
            rel, p = sh["relics"].pop(i)
            self.spend_gold(p)
            self.obtain_relic(rel)
        else:
            pid, p = sh["potions"].pop(i)
            self.spend_gold(p)
            if not self.has("Sozu"):
                self.potions[self.potions.index(None)] = pid

    # ================================================================ treasure
    def _enter_treasure(self) -> None:
        self.room_type = "TreasureRoom"
        self.room_phase = "COMPLETE"
        self.event = None
        roll = self.rng.treasure.randrange(100)
        size = "small" if roll < 50 else "medium" if roll < 83 else "large"
        self.chest = {"size": size, "open": False}
        self.screen = "CHEST"

    def _open_chest(self) -> None:
        ch = self.chest
        ch["open"] = True
        if ch["size"] == "boss":
            self.boss_relics = [self.random_relic("BOSS") for _ in range(3)]
            self.screen = "BOSS_REWARD"
            return
        r = self.rng.treasure
        size = ch["size"]
        rel_roll = r.randrange(100)
        tiers = {"small": (75, 100), "medium": (35, 85), "large": (0, 75)}[size]
        tier = "COMMON" if rel_roll < tiers[0] else "UNCOMMON" if rel_roll < tiers[1] else "RARE"
        rewards: list[dict] = []
        if self.has("N'loth's Hungry Face") and not self.counter.get("_nloth"):
            self.counter["_nloth"] = 1  # the next non-boss chest is empty
            self.open_rewards(rewards)
            return
        gold_chance, gold = {"small": (50, 25), "medium": (35, 50), "large": (50, 75)}[size]
        if r.randrange(100) < gold_chance:
            rewards.append({"reward_type": "GOLD", "gold": round(gold * r.uniform(0.9, 1.1))})
        rewards.append({"reward_type": "RELIC", "relic": self.random_relic(tier)})
        if self.counter.get("Matryoshka", 0) > 0:
            self.counter["Matryoshka"] -= 1
            rewards.append(
                {"reward_type": "RELIC", "relic": self.random_relic("COMMON" if r.random() < 0.75 else "UNCOMMON")}
            )
        if self.has("Cursed Key"):
            self.add_card(self.random_curse())
        self.open_rewards(rewards)

    # called when the boss combat reward screen is left
    def _boss_chest(self) -> None:
        self.room_type = "TreasureRoomBoss"
        self.room_monsters = False
        self.chest = {"size": "boss", "open": False}
        self.screen = "CHEST"

    # ================================================================ events
    def _enter_event(self) -> None:
        self.room_type = "EventRoom"
        self.room_phase = "EVENT"
        r = self.rng.event
        use_shrine = r.random() < 0.25
        pools = [self.shrines_left, self.events_left] if use_shrine else [self.events_left, self.shrines_left]
        for pool in pools:
            ok = [e for e in pool if event_allowed(e, self)]
            if ok:
                cls = ok[r.randrange(len(ok))]
                pool.remove(cls)
                break
        else:
            from .events import GoldenShrine as cls  # every event seen: a shrine again
        self.event = cls(self)
        self.screen = "EVENT"
