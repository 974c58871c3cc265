"""CommunicationMod's JSON message of the run: ``state()``, the facts shown per card, monster, potion
and creature, and the lazily built ``game_state`` the env reads without building the costly fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import relics as R
from .cards import Card
from .combat import Combat, Monster
from .creature import Creature
from .potions import POTIONS
from .potions import can_use as potion_can_use
from .powers import TURN_DEBUFFS, power_name

#: A card's message fields that its id and upgrade count decide, by (id, upgrades): a message lists every
#: card of the deck and the piles, and these four cost a property and two flag checks per card.
_CARD_FIXED: dict[tuple[str, int], tuple[str, str, bool, bool]] = {}


class MessageMixin:
    """``SpireEngine``'s message half: what the mod would send for the state the engine is in."""

    # ================================================================ state JSON
    def state(self) -> dict:
        available, choices = self.commands_and_choices()
        msg: dict = {
            "available_commands": available,
            "ready_for_command": True,
            "in_game": self.in_game,
        }
        if self.in_game:
            msg["game_state"] = self._game_state(choices)
        return msg

    def _screen_type(self) -> str:
        cb = self.combat
        if self.screen == "NONE" and cb is not None and cb.pending is not None:
            return cb.pending["kind"]
        return self.screen

    def rule_message(self) -> dict:
        """``state()`` whose costly ``game_state`` fields (relics, deck, map, combat state) are built when
        first read (``LazyGameState``): for a reader that looks at a few fields of this moment and drops
        the message before the engine moves on (the env's rule agent on its screens)."""
        available, choices = self.commands_and_choices()
        msg: dict = {"available_commands": available, "ready_for_command": True, "in_game": self.in_game}
        if self.in_game:
            msg["game_state"] = self._game_state(choices, lazy=True)
        return msg

    def _game_state(self, choices: list[str], lazy: bool = False) -> dict:
        """``choices``: the choice list when ``choose`` is available, else empty (``commands_and_choices``);
        ``lazy``: the costly fields are left to ``LazyGameState`` (``rule_message``)."""
        st = self._screen_type()
        live = self.combat is not None and not self.combat.over
        if lazy:
            gs: dict = LazyGameState(self, ("relics", "deck", "map", "combat_state") if live else _LAZY_KEYS)
            gs.update(self._game_fields(st))
            gs["potions"] = [self._potion_json(p) for p in self.potions]
            gs["keys"] = {"ruby": False, "emerald": False, "sapphire": False}
        else:
            gs = self._game_fields(st)
            gs["relics"] = _COSTLY_FIELDS["relics"](self)
            gs["deck"] = _COSTLY_FIELDS["deck"](self)
            gs["potions"] = [self._potion_json(p) for p in self.potions]
            gs["map"] = _COSTLY_FIELDS["map"](self)
            gs["keys"] = {"ruby": False, "emerald": False, "sapphire": False}
        if choices:  # ``choose`` is available (not while a card can be played, and with something to choose)
            gs["choice_list"] = choices
        if live and not lazy:
            gs["combat_state"] = _COSTLY_FIELDS["combat_state"](self)
        gs["screen_state"] = self._screen_state(st)
        return gs

    def _game_fields(self, st: str) -> dict:
        """The message's ``game_state`` fields up to ``ascension_level`` (plain values, in the mod's order)."""
        return {
            "screen_name": _SCREEN_NAMES.get(st, "NONE"),
            "is_screen_up": st not in ("NONE", "EVENT", "REST", "CHEST", "SHOP_ROOM"),
            "screen_type": st,
            "room_phase": self.room_phase,
            "action_phase": "WAITING_ON_USER",
            "room_type": self.room_type,
            "current_hp": self.player.hp,
            "max_hp": self.player.max_hp,
            "floor": self.floor_num,
            "act": self.ACT,
            "act_boss": self.boss,
            "gold": self.gold,
            "seed": self.seed,
            "class": self.character,
            "ascension_level": self.ascension,
        }

    # ---------------------------------------------------------------- facts shown per game object
    # The message builders below and the env's message-free native view (``engine_view.py``) read a
    # card's, monster's, potion's and creature's shown facts through these, so both say the same.
    def card_facts(self, c: Card) -> tuple[int, bool, bool, str]:
        """(cost, is_playable, has_target, type) of ``c`` as the message shows them now."""
        cb = self.combat
        if cb is not None and not cb.over:
            cost = cb.card_cost(c)
            return cost, bool(cb.can_play(c, cost)), c.target == "ENEMY", c.d.type
        return c.cost, False, c.target == "ENEMY", c.d.type

    def hand_facts(self, cb: Combat) -> list[tuple[int, bool, bool, str]]:
        """``card_facts`` of every card in the hand of the live combat ``cb`` (the env's native view reads
        the whole hand at every step: what does not depend on the card is read once)."""
        card_cost, playable, limits = cb.card_cost, cb.playable, cb.play_limits()
        facts = []
        for c in cb.hand:
            cost = card_cost(c)
            facts.append((cost, playable(c, cost, limits), c.target == "ENEMY", c.d.type))
        return facts

    def monster_move(self, cb: Combat, m: Monster) -> tuple[int, str, int, int, int] | None:
        """(move_id, intent, base damage, adjusted damage, hits) of ``m`` as shown; None under Runic Dome
        (the message then shows intent NONE and no move)."""
        if self.has("Runic Dome"):
            return None
        mid, _name, intent, base, hits = m.move
        return mid, "NONE" if m.gone else intent, base, cb.attack_damage(base, m, cb.player) if base > 0 else base, hits

    @staticmethod
    def power_entries(cr: Creature) -> list[tuple[str, str, int]]:
        """(id, name, amount) of ``cr``'s powers, in the message's order."""
        return [(pid, power_name(pid), amt) for pid, amt in cr.powers.items()]

    def potion_facts(self, pid: str) -> tuple[bool, bool, bool]:
        """(can_use, can_discard, requires_target) of a potion in a slot."""
        return potion_can_use(self, pid), self._potion_discard_ok(), POTIONS[pid].target

    def _card_json(self, c: Card) -> dict:
        cost, playable, target, kind = self.card_facts(c)
        upgrades = c.upgrades
        fixed = _CARD_FIXED.get((c.cid, upgrades))
        if fixed is None:  # what a card id and its upgrades decide: name, rarity, the exhaust and ethereal flags
            fixed = _CARD_FIXED[c.cid, upgrades] = (c.name, c.d.rarity, c.has("exhaust"), c.has("ethereal"))
        name, rarity, exhausts, ethereal = fixed
        out = {"name": name, "uuid": c.uuid}
        if c.misc:
            out["misc"] = c.misc
        if self.room_monsters:
            out["is_playable"] = playable  # the mod writes it only in a room that has monsters
        out.update(cost=cost, upgrades=upgrades, id=c.cid, type=kind, rarity=rarity, has_target=target)
        out.update(exhausts=exhausts, ethereal=ethereal)
        return out

    def _powers_json(self, cr: Creature) -> list[dict]:
        """The mod's power objects: ``damage``, ``misc`` and ``just_applied`` where the game's power class has
        the field the mod reads (``damage`` of The Bomb; ``hpLoss`` of Combust; ``justApplied`` of
        Vulnerable/Weak/Frail, ``skipFirst`` of Ritual)."""
        out = []
        for pid, name, amt in self.power_entries(cr):
            pj: dict = {"id": pid, "name": name, "amount": amt}
            if pid == "Combust" and self.combat is not None:
                pj["misc"] = self.combat.combust_hp_loss
            elif self.combat is not None and pid in self.combat.bombs:
                pj["damage"] = self.combat.bombs[pid]
            elif pid in TURN_DEBUFFS:
                pj["just_applied"] = pid in cr.fresh
            elif pid == "Ritual":  # the player's Ritual never clears it; a monster's clears it after one round
                pj["just_applied"] = cr is self.player or bool(cr.st.get("ritual_skip"))  # type: ignore[attr-defined]
            out.append(pj)
        return out

    def _combat_json(self) -> dict:
        cb = self.combat
        assert cb is not None
        mons = []
        for m in cb.monsters:
            mj = {
                "name": m.name,
                "id": m.id,
                "current_hp": m.hp,
                "max_hp": m.max_hp,
                "block": m.block,
                "half_dead": self.HALF_DEAD,
                "is_gone": m.gone,
                "powers": self._powers_json(m),
            }
            move = self.monster_move(cb, m)
            if move is None:
                mj["intent"] = "NONE"
            else:
                mid, mj["intent"], base, adjusted, hits = move  # (the message's key order)
                mj["move_id"], mj["move_base_damage"] = mid, base
                mj["move_adjusted_damage"], mj["move_hits"] = adjusted, hits
            if len(m.history) >= 2:
                mj["last_move_id"] = m.history[-2]
            if len(m.history) >= 3:
                mj["second_last_move_id"] = m.history[-3]
            mons.append(mj)
        p = cb.player
        return {
            "draw_pile": [self._card_json(c) for c in reversed(cb.draw_pile)],
            "discard_pile": [self._card_json(c) for c in cb.discard],
            "exhaust_pile": [self._card_json(c) for c in cb.exhaust],
            "hand": [self._card_json(c) for c in cb.hand],
            "limbo": [],
            "player": {
                "max_hp": p.max_hp,
                "current_hp": p.hp,
                "block": p.block,
                "powers": self._powers_json(p),
                "energy": cb.energy,
                "orbs": [],
            },
            "monsters": mons,
            "turn": cb.turn,
            "cards_discarded_this_turn": cb.discarded_this_turn,
            "times_damaged": cb.times_damaged,
        }

    def _relic_json(self, r: str) -> dict:
        return {"id": r, "name": R.name(r), "counter": self.counter.get(R.name(r), -1)}

    def _potion_json(self, pid: str | None) -> dict:
        if pid is None:
            return {
                "id": "Potion Slot",
                "name": "Potion Slot",
                "can_use": False,
                "can_discard": False,
                "requires_target": False,
            }
        can_use, can_discard, target = self.potion_facts(pid)
        return {
            "id": pid,
            "name": POTIONS[pid].name,
            "can_use": can_use,
            "can_discard": can_discard,
            "requires_target": target,
        }

    def _potion_discard_ok(self) -> bool:
        if self._over:
            return False
        cb = self.combat
        return not (cb is not None and not cb.over and (cb.pending is not None or self.screen != "NONE"))

    def _node_json(self, n) -> dict:
        return {"x": n.x, "y": n.y, "symbol": n.symbol}

    def _map_json(self) -> list[dict]:
        if self.map_cache is None:
            self.map_cache = self._build_map_json()
        return [dict(n) for n in self.map_cache]

    def _build_map_json(self) -> list[dict]:
        out = []
        for (_x, _y), n in sorted(self.map.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            j = self._node_json(n)
            j["children"] = [{"x": x, "y": y} for x, y in n.children]
            j["parents"] = []
            out.append(j)
        return out

    def _screen_state(self, st: str) -> dict:
        if st == "EVENT":
            ev = self.event
            assert ev is not None
            opts, idx = [], 0
            for label, text, disabled in ev.options(self):
                o = {"text": text, "disabled": disabled, "label": label}
                if not disabled:
                    o["choice_index"] = idx
                    idx += 1
                opts.append(o)
            return {"body_text": ev.body, "event_name": ev.NAME, "event_id": ev.ID, "options": opts}
        if st == "CHEST":
            chest = {"small": "SmallChest", "medium": "MediumChest", "large": "LargeChest", "boss": "BossChest"}[
                self.chest["size"]
            ]
            return {"chest_type": chest, "chest_open": self.chest["open"]}
        if st == "REST":
            return {"has_rested": self.rested, "rest_options": self._rest_options()}
        if st == "CARD_REWARD":
            cs = self.card_screen
            assert cs is not None
            return {
                "bowl_available": cs["bowl"],
                "skip_available": cs["skip"],
                "cards": [self._card_json(c) for c in cs["cards"]],
            }
        if st == "COMBAT_REWARD":
            out = []
            for rw in self.rewards:
                j = {"reward_type": rw["reward_type"]}
                if rw["reward_type"] in ("GOLD", "STOLEN_GOLD"):
                    j["gold"] = rw["gold"]
                elif rw["reward_type"] == "RELIC":
                    j["relic"] = self._relic_json(rw["relic"])
                elif rw["reward_type"] == "POTION":
                    j["potion"] = self._potion_json(rw["potion"])
                out.append(j)
            return {"rewards": out}
        if st == "MAP":
            out = {
                "next_nodes": [self._node_json(n) for n in self._next_nodes()],
                "first_node_chosen": self.cur is not None,
                "boss_available": self._boss_next(),
            }
            # the act starts at the room below the map's first row; its room has no symbol, which the mod omits
            out["current_node"] = {"x": 0, "y": -1} if self.cur is None else self._node_json(self.map[self.cur])
            return out
        if st == "BOSS_REWARD":
            return {"relics": [self._relic_json(r) for r in self.boss_relics]}
        if st == "SHOP_SCREEN":
            sh = self.shop
            return {
                "cards": [dict(self._card_json(c), price=p) for c, p in sh["cards"]],
                "relics": [dict(self._relic_json(r), price=p) for r, p in sh["relics"]],
                "potions": [dict(self._potion_json(q), price=p) for q, p in sh["potions"]],
                "purge_available": sh["purge"],
                "purge_cost": sh["purge_cost"],
            }
        if st == "GRID":
            gr = self._grid()
            assert gr is not None
            return {
                "cards": [self._card_json(c) for c in gr["cards"]],
                "selected_cards": [self._card_json(c) for c in gr["selected"]],
                "num_cards": gr["num"],
                "any_number": gr["any"],
                "for_upgrade": gr["purpose"] == "upgrade",
                "for_transform": gr["purpose"] == "transform",
                "for_purge": gr["purpose"] == "purge",
                "confirm_up": self._grid_confirm_up(gr),
            }
        if st == "HAND_SELECT":
            cb = self.combat
            assert cb is not None and cb.pending is not None
            pd = cb.pending
            return {
                "hand": [self._card_json(c) for c in cb.hand if c not in pd["selected"]],
                "selected": [self._card_json(c) for c in pd["selected"]],
                "max_cards": pd["num"],
                "can_pick_zero": pd["any"],
            }
        if st == "GAME_OVER":
            return {"score": self._score(), "victory": self.victory}
        return {}

    def _score(self) -> int:
        s = self.counter.get("_floors", self.floor_num) * 5 + self.counter.get("_kills", 0) * 2
        s += self.counter.get("_elites", 0) * 10 + self.bosses * 50
        return s


_SCREEN_NAMES = {
    "NONE": "NONE",
    "EVENT": "NONE",
    "CHEST": "NONE",
    "SHOP_ROOM": "NONE",
    "REST": "NONE",
    "CARD_REWARD": "CARD_REWARD",
    "COMBAT_REWARD": "COMBAT_REWARD",
    "MAP": "MAP",
    "BOSS_REWARD": "BOSS_REWARD",
    "SHOP_SCREEN": "SHOP",
    "GRID": "GRID",
    "HAND_SELECT": "HAND_SELECT",
    "GAME_OVER": "DEATH",
}


#: The message's costly ``game_state`` fields and their one builder each (``state()`` calls them in place,
#: ``LazyGameState`` on first read).
_COSTLY_FIELDS: dict[str, Callable[[MessageMixin], Any]] = {
    "relics": lambda g: [g._relic_json(r) for r in g.relics],
    "deck": lambda g: [g._card_json(c) for c in g.deck],
    "map": lambda g: g._map_json(),
    "combat_state": lambda g: g._combat_json(),
}
_LAZY_KEYS = ("relics", "deck", "map")


class LazyGameState(dict):
    """A ``game_state`` whose costly fields (``_COSTLY_FIELDS``) are built on first read, by the builders
    ``state()`` uses, from the engine as it is then: valid only until the engine takes its next command
    (``SpireEngine.rule_message``).  A read that needs every key (iteration, ``len``, copies, equality,
    pickling) builds them all first, so it reads as the full dict, the costly keys last."""

    __slots__ = ("_engine", "_pending")

    def __init__(self, engine: MessageMixin, pending: tuple[str, ...]) -> None:
        super().__init__()
        self._engine = engine
        self._pending = list(pending)

    def _build(self, key: str) -> None:
        self._pending.remove(key)
        dict.__setitem__(self, key, _COSTLY_FIELDS[key](self._engine))

    def _build_all(self) -> dict:
        for key in list(self._pending):
            self._build(key)
        return self

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self._pending:
            self._build(key)
        return dict.get(self, key, default)

    def __getitem__(self, key: Any) -> Any:
        if key in self._pending:
            self._build(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        return key in self._pending or dict.__contains__(self, key)

    def __bool__(self) -> bool:
        return True  # (never empty: ``message.get("game_state") or {}`` must not build it)

    def __len__(self) -> int:
        return dict.__len__(self._build_all())

    def __iter__(self) -> Any:
        return dict.__iter__(self._build_all())

    def keys(self) -> Any:
        return dict.keys(self._build_all())

    def values(self) -> Any:
        return dict.values(self._build_all())

    def items(self) -> Any:
        return dict.items(self._build_all())

    def copy(self) -> dict:
        return dict(self._build_all())

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self._build_all(), other)

    def __ne__(self, other: object) -> bool:  # (dict's own ``__ne__`` would compare the unbuilt dict)
        return dict.__ne__(self._build_all(), other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self._build_all())

    def __reduce_ex__(self, protocol: Any) -> Any:
        return dict, (dict(self._build_all()),)  # copies and pickles are plain dicts
