"""The run: screens, commands, map travel, rooms, rewards, shop, rest, chests and Neow.

``SpireEngine`` is a state machine over CommunicationMod's screen types. ``apply`` parses a
CommunicationMod command, checks it against the current screen exactly where the mod would
reject it (raising :class:`InvalidCommand` before anything changes), then performs it;
``state`` renders the mod's JSON message.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

from orak_gym.core.errors import OrakError

from . import relics as R
from .cards import ATTACK, COLORLESS_POOL, CURSE, CURSES, IDS, POWER, RED_POOL, SKILL, Card
from .combat import TURN_DEBUFFS, Combat, Monster, power_name
from .creature import Creature
from .events import EVENTS, SHRINES, Event, Neow, event_allowed
from .mapgen import generate
from .monsters import BOSSES, ELITES, STRONG, WEAK, encounter, make
from .potions import POTIONS, random_potion
from .potions import can_use as potion_can_use
from .potions import use as potion_use
from .rng import Streams

ENERGY_RELICS = (
    "Busted Crown",
    "Coffee Dripper",
    "Cursed Key",
    "Ectoplasm",
    "Fusion Hammer",
    "Mark of Pain",
    "Philosopher's Stone",
    "Runic Dome",
    "Sozu",
    "Velvet Choker",
)
SEED_CHARS = "0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


class InvalidCommand(OrakError, ValueError):
    """A command the current state does not accept; the message is CommunicationMod's error text."""


def seed_from_string(text: str) -> int:
    """The game's seed string -> number conversion (base 35 without the letter O)."""
    n = 0
    for ch in text.upper().replace("O", "0"):
        n = n * 35 + SEED_CHARS.index(ch)
    return n


def _bad_index(tokens: list[str], idx: str) -> InvalidCommand:
    return InvalidCommand(f'Index {idx} out of bounds in command "{" ".join(tokens)}"')


def _bad_arg(tokens: list[str], arg: str) -> InvalidCommand:
    return InvalidCommand(f'Invalid argument {arg} in command "{" ".join(tokens)}".')


def _missing(tokens: list[str], extra: str = "") -> InvalidCommand:
    return InvalidCommand(f'Argument missing in command "{" ".join(tokens)}".{extra}')


#: A card's message fields that its id and upgrade count decide, by (id, upgrades): a message lists every
#: card of the deck and the piles, and these four cost a property and two flag checks per card.
_CARD_FIXED: dict[tuple[str, int], tuple[str, str, bool, bool]] = {}


class SpireEngine:
    """An Ironclad act-1 run, driven by CommunicationMod commands; see the package docstring."""

    #: The act every run plays, and whether a monster is ever half dead (Awakened One and Darkling
    #: rules, past act 1): what the message says, and the env's native view with it.
    ACT = 1
    HALF_DEAD = False

    def __init__(self, seed: int, character: str = "IRONCLAD", ascension: int = 0) -> None:
        if character.upper() != "IRONCLAD":
            raise ValueError(f"only IRONCLAD is implemented, not {character!r}")
        self.seed = int(seed)
        self.character = "IRONCLAD"
        self.ascension = int(ascension)
        self.in_game = False
        self.screen = "NONE"
        self.combat: Combat | None = None
        self.room_monsters = False  # the room has held a fight (the game's getMonsters() is not null)
        self.victory = False
        self._over = False
        self.floor_num = 0
        self.bosses = 0
        self.player = Creature(80, 80)
        self.gold = 99
        self.deck: list[Card] = []
        self.relics: list[str] = []
        self.potions: list[str | None] = []
        self.counter: dict[str, int] = {}
        self.rng = Streams(self.seed)
        self.uuids = itertools.count(1)
        self._rnames: frozenset[str] = frozenset()
        self.map: dict = {}
        self.map_cache = None

    # ================================================================ public seam
    @property
    def is_over(self) -> bool:
        return self._over

    @property
    def floor(self) -> int:
        return self.floor_num

    @property
    def bosses_defeated(self) -> int:
        return self.bosses

    def clone(self) -> SpireEngine:
        """An independent copy (same future given the same commands) for look-ahead."""
        return copy.deepcopy(self)

    def __deepcopy__(self, memo: dict) -> SpireEngine:
        # the generated map never changes after the run starts: clones share it
        memo[id(self.map)] = self.map
        if self.map_cache is not None:
            memo[id(self.map_cache)] = self.map_cache
        new = SpireEngine.__new__(SpireEngine)
        memo[id(self)] = new
        for k, v in self.__dict__.items():
            setattr(new, k, copy.deepcopy(v, memo))
        return new

    def available_commands(self) -> list[str]:
        return self.commands_and_choices()[0]

    def commands_and_choices(
        self, hand: list[tuple[int, bool, bool, str]] | None = None
    ) -> tuple[list[str], list[str]]:
        """The commands valid now and the choice list (empty when ``choose`` is not among them); ``hand``:
        the hand's ``card_facts``, when the caller has them already (the env's native view)."""
        if not self.in_game:
            return ["start", "state"], []
        out = []
        play = self._play_available(hand)
        choices = [] if play else self._choice_list()
        if play:
            out.append("play")
        if choices:
            out.append("choose")
        if self._end_available():
            out.append("end")
        if any(p is not None for p in self.potions):
            out.append("potion")
        if self._confirm_available():
            out.append(self._confirm_text())
        if self._cancel_available():
            out.append(self._cancel_text())
        out.append("state")
        return out, choices

    def apply(self, command: str, available: list[str] | None = None) -> None:
        """Run ``command`` or raise ``InvalidCommand``; ``available``: ``available_commands()``, when the
        caller read it since the engine last moved (the env's native view reads it for its observation
        and mask: the check then does not work it out a second time)."""
        tokens = command.strip().lower().split()
        if not tokens:
            raise InvalidCommand("Empty command.")
        head = tokens[0]
        if head in ("confirm", "proceed"):
            ok = self.in_game and self._confirm_available()
        elif head in ("skip", "cancel", "return", "leave"):
            ok = self.in_game and self._cancel_available()
        else:
            if available is None:
                available = self.available_commands()
            ok = head in available
        if not ok:
            avail = self.available_commands()
            raise InvalidCommand(f"Invalid command: {head}. Possible commands: [{', '.join(avail)}]")
        if head == "state":
            return
        IDS.counter = self.uuids
        if head == "start":
            return self._cmd_start(tokens)
        if head == "play":
            return self._cmd_play(tokens)
        if head == "end":
            assert self.combat is not None
            self.combat.end_turn()
            return
        if head == "choose":
            return self._cmd_choose(tokens)
        if head == "potion":
            return self._cmd_potion(tokens)
        if head in ("confirm", "proceed"):
            return self._cmd_confirm()
        return self._cmd_cancel()

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

    # ================================================================ availability
    def _in_combat_screen(self) -> bool:
        cb = self.combat
        return cb is not None and not cb.over and self.screen == "NONE" and cb.pending is None

    def _play_available(self, hand: list[tuple[int, bool, bool, str]] | None = None) -> bool:
        """Whether a card can be played; ``hand``: the hand's ``card_facts`` (their ``is_playable`` is
        ``can_play``), when the caller has them already."""
        if not self._in_combat_screen():
            return False
        if hand is not None:
            return any(facts[1] for facts in hand)
        cb = self.combat
        return any(cb.can_play(c) for c in cb.hand)  # type: ignore[union-attr]

    def _end_available(self) -> bool:
        return self._in_combat_screen()

    def _grid(self) -> dict | None:
        cb = self.combat
        if self.screen == "NONE" and cb is not None and cb.pending is not None and cb.pending["kind"] == "GRID":
            return cb.pending
        return self.grid if self.screen == "GRID" else None

    def _grid_confirm_up(self, gr: dict) -> bool:
        return len(gr["selected"]) >= gr["num"] and gr["purpose"] in (
            "upgrade",
            "transform",
            "purge",
            "bottle",
            "duplicate",
        )

    def _choice_list(self) -> list[str]:
        st = self._screen_type()
        if st == "EVENT":
            return [lab.lower() for lab, _t, dis in self.event.options(self) if not dis]  # type: ignore[union-attr]
        if st == "CHEST":
            return [] if self.chest["open"] else ["open"]
        if st == "SHOP_ROOM":
            return ["shop"]
        if st == "REST":
            return [] if self.rested else self._rest_options()
        if st == "CARD_REWARD":
            cs = self.card_screen
            names = [c.name.lower() for c in cs["cards"]]  # type: ignore[index]
            return names + (["bowl"] if cs["bowl"] else [])  # type: ignore[index]
        if st == "COMBAT_REWARD":
            return [rw["reward_type"].lower() for rw in self.rewards]
        if st == "MAP":
            if self._boss_next():
                return ["boss"]
            return [f"x={n.x}" for n in self._next_nodes()]
        if st == "BOSS_REWARD":
            return [R.name(r).lower() for r in self.boss_relics]
        if st == "SHOP_SCREEN":
            return [name.lower() for name, _kind, _i in self._shop_items()]
        if st == "GRID":
            gr = self._grid()
            if gr is None or self._grid_confirm_up(gr):
                return []
            return [c.name.lower() for c in gr["cards"]]
        if st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            if len(pd["selected"]) >= pd["num"]:
                return []
            return [c.name.lower() for c in pd["cards"] if c not in pd["selected"]]
        return []

    def _confirm_available(self) -> bool:
        st = self._screen_type()
        if st in ("CHEST", "SHOP_ROOM", "COMBAT_REWARD", "GAME_OVER"):
            return True
        if st == "REST":
            return self.rested or not self._rest_options()  # nothing usable: the room can be left
        if st == "GRID":
            gr = self._grid()
            return gr is not None and (self._grid_confirm_up(gr) or gr["any"])
        if st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            return pd["any"] or len(pd["selected"]) >= pd["num"]
        return False

    def _confirm_text(self) -> str:
        return "confirm" if self._screen_type() in ("GRID", "HAND_SELECT") else "proceed"

    def _cancel_available(self) -> bool:
        st = self._screen_type()
        if st == "CARD_REWARD":
            return bool(self.card_screen and self.card_screen["skip"])
        if st in ("BOSS_REWARD", "SHOP_SCREEN"):
            return True
        if st == "GRID":
            gr = self._grid()
            return gr is not None and (gr.get("cancel", False) or self._grid_confirm_up(gr))
        return False

    def _cancel_text(self) -> str:
        return {
            "CARD_REWARD": "skip",
            "COMBAT_REWARD": "skip",
            "MAP": "return",
            "BOSS_REWARD": "skip",
            "SHOP_SCREEN": "leave",
        }.get(self._screen_type(), "cancel")

    # ================================================================ commands
    def _cmd_start(self, tokens: list[str]) -> None:
        if len(tokens) < 2:
            raise _missing(tokens)
        if tokens[1] != "ironclad":
            raise _bad_arg(tokens, tokens[1])
        asc = 0
        if len(tokens) >= 3:
            try:
                asc = int(tokens[2])
            except ValueError:
                raise _bad_arg(tokens, tokens[2]) from None
            if not 0 <= asc <= 20:
                raise _bad_index(tokens, tokens[2])
        seed = self.seed
        if len(tokens) >= 4:
            s = tokens[3].upper()
            if not s.isalnum() or not s.isascii():
                raise _bad_arg(tokens, s)
            seed = seed_from_string(s)
        self._new_run(seed, asc)

    def _cmd_play(self, tokens: list[str]) -> None:
        cb = self.combat
        assert cb is not None
        if len(tokens) < 2:
            raise _missing(tokens)
        try:
            ci = int(tokens[1])
        except ValueError:
            raise _bad_arg(tokens, tokens[1]) from None
        if ci == 0:
            ci = 10
        if ci < 1 or ci > len(cb.hand):
            raise _bad_index(tokens, str(ci))
        target: Monster | None = None
        if len(tokens) == 3:
            try:
                ti = int(tokens[2])
            except ValueError:
                raise _bad_arg(tokens, tokens[2]) from None
            if ti < 0 or ti >= len(cb.monsters):
                raise _bad_index(tokens, str(ti))
            target = cb.monsters[ti]
        card = cb.hand[ci - 1]
        if not cb.can_play(card) or (target is not None and target.gone and cb.needs_target(card)):
            raise InvalidCommand("Selected card cannot be played with the selected target.")
        if cb.needs_target(card):
            if target is None:
                raise InvalidCommand("Selected card requires an enemy target.")
        else:
            target = None
        cb.play(card, target)

    def _choice_index(self, tokens: list[str]) -> int:
        choices = self._choice_list()
        if not choices:
            raise InvalidCommand("The choice command is not implemented on this screen.")
        if len(tokens) < 2:
            raise _missing(tokens, " A choice is required.")
        choice = " ".join(tokens[1:])
        if choice in choices:
            return choices.index(choice)
        try:
            i = int(choice)
        except ValueError:
            raise _bad_arg(tokens, choice) from None
        if i < 0 or i >= len(choices):
            raise _bad_index(tokens, choice)
        return i

    def _cmd_choose(self, tokens: list[str]) -> None:
        i = self._choice_index(tokens)
        st = self._screen_type()
        if st == "EVENT":
            ev = self.event
            assert ev is not None
            enabled = [k for k, (_l, _t, dis) in enumerate(ev.options(self)) if not dis]
            ev.pick(self, enabled[i])
        elif st == "CHEST":
            self._open_chest()
        elif st == "SHOP_ROOM":
            self.screen = "SHOP_SCREEN"
        elif st == "REST":
            self._rest_choice(self._rest_options()[i])
        elif st == "CARD_REWARD":
            self._card_choice(i)
        elif st == "COMBAT_REWARD":
            self._take_reward(i)
        elif st == "MAP":
            if self._boss_next():
                self._enter_boss()
            else:
                self._enter_node(self._next_nodes()[i])
        elif st == "BOSS_REWARD":
            r = self.boss_relics[i]
            self.boss_relics = []
            self.screen = "CHEST"
            self.obtain_relic(r)
        elif st == "SHOP_SCREEN":
            self._shop_buy(i)
        elif st == "GRID":
            gr = self._grid()
            assert gr is not None
            c = gr["cards"][i]
            if c in gr["selected"]:
                gr["selected"].remove(c)
            else:
                gr["selected"].append(c)
            if len(gr["selected"]) >= gr["num"] and not self._grid_confirm_up(gr) and not gr["any"]:
                self._grid_done()
        elif st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            avail = [c for c in pd["cards"] if c not in pd["selected"]]
            pd["selected"].append(avail[i])

    def _cmd_potion(self, tokens: list[str]) -> None:
        if len(tokens) < 3:
            raise _missing(tokens)
        if tokens[1] not in ("use", "discard"):
            raise _bad_arg(tokens, tokens[1])
        use = tokens[1] == "use"
        try:
            slot = int(tokens[2])
        except ValueError:
            raise _bad_arg(tokens, tokens[2]) from None
        if slot < 0 or slot >= len(self.potions):
            raise InvalidCommand("Potion index out of bounds.")
        pid = self.potions[slot]
        if pid is None:
            raise InvalidCommand("No potion in the selected slot.")
        if use and not potion_can_use(self, pid):
            raise InvalidCommand("Selected potion cannot be used.")
        if not use and not self._potion_discard_ok():
            raise InvalidCommand("Selected potion cannot be discarded.")
        target = None
        if use and POTIONS[pid].target:
            cb = self.combat
            assert cb is not None
            if len(tokens) < 4:
                raise _missing(tokens, " Selected potion requires a target.")
            try:
                ti = int(tokens[3])
            except ValueError:
                raise _bad_arg(tokens, tokens[3]) from None
            if ti < 0 or ti >= len(cb.monsters):
                raise _bad_index(tokens, str(ti))
            target = cb.monsters[ti]
            if target.gone:
                raise InvalidCommand("Selected potion cannot be used.")
        self.potions[slot] = None  # the slot empties first: Entropic Brew fills it too
        if use:
            potion_use(self, pid, target)
        if use and self.has("Toy Ornithopter"):
            self.heal(5)

    def _cmd_confirm(self) -> None:
        st = self._screen_type()
        if st in ("GRID",):
            self._grid_done()
        elif st == "HAND_SELECT":
            cb = self.combat
            assert cb is not None and cb.pending is not None
            cb.resolve_selection(list(cb.pending["selected"]))
        elif st == "COMBAT_REWARD":
            self.rewards = []
            self._pop_screen()
        elif st == "CHEST":
            if self.chest["size"] == "boss":
                self._finish_act()
            else:
                self._to_map()
        elif st in ("SHOP_ROOM", "REST"):
            self._to_map()
        elif st == "GAME_OVER":
            self.in_game = False
            self.screen = "NONE"
            self.combat = None

    def _cmd_cancel(self) -> None:
        st = self._screen_type()
        if st == "CARD_REWARD":
            self.card_screen = None
            self._pop_screen()
        elif st == "BOSS_REWARD":
            self.screen = "CHEST"
        elif st == "SHOP_SCREEN":
            self.screen = "SHOP_ROOM"
        elif st == "GRID":
            gr = self._grid()
            assert gr is not None
            if self._grid_confirm_up(gr):
                gr["selected"] = []
            else:
                self.grid = None
                self._pop_screen()

    # ================================================================ run setup
    def _new_run(self, seed: int, asc: int) -> None:
        self.seed = seed
        self.ascension = asc
        self.rng = Streams(seed)
        self.uuids = IDS.counter = itertools.count(1)
        self.in_game = True
        self.victory = False
        self._over = False
        self.bosses = 0
        self.floor_num = 0
        self.player = Creature(80, 80)
        self.gold = 99
        self.deck = [Card("Strike_R") for _ in range(5)] + [Card("Defend_R") for _ in range(4)] + [Card("Bash")]
        self.relics = ["Burning Blood"]
        self.sync_relics()
        self.map_cache: list[dict] | None = None
        self.potions = [None, None, None]
        self.counter = {}
        self.neow_lament = 0
        self.combat = None
        self.rewards: list[dict] = []
        self.card_screen: dict | None = None
        self.grid: dict | None = None
        self.stack: list[tuple] = []
        self.boss_relics: list[str] = []
        self.shop: dict = {}
        self.chest: dict = {"size": "small", "open": False}
        self.rested = False
        self.purge_cost = 75
        self.card_blizz = 5
        self.potion_chance = 40
        self.event_chances = {"monster": 10, "shop": 3, "treasure": 2}
        self.question_rooms = 0
        r = self.rng
        self.map = generate(r.map)
        self.cur: tuple[int, int] | None = None
        self.boss = list(BOSSES)[r.monster.randrange(3)]
        self.relic_pool = {}
        for tier, names in R.TIERS.items():
            pool = list(names)
            r.relic.shuffle(pool)
            self.relic_pool[tier] = pool
        self.events_left = list(EVENTS)
        self.shrines_left = list(SHRINES)
        self.monster_count = 0
        self.last_encounters: list[str] = []
        self.last_elite = ""
        self.room_type = "NeowRoom"
        self.room_monsters = False
        self.room_phase = "EVENT"
        self.event: Event | None = Neow(self)
        self.screen = "EVENT"

    # ================================================================ helpers used by events/rooms
    def has(self, relic_name: str) -> bool:
        return relic_name in self._rnames

    def sync_relics(self) -> None:
        """Refresh the relic-name set ``has`` reads; call after changing ``relics``."""
        self._rnames = frozenset(R.name(r) for r in self.relics)

    def extra_energy(self) -> int:
        return sum(1 for r in ENERGY_RELICS if self.has(r))

    def heal(self, n: int) -> None:
        if self.combat is not None and not self.combat.over:
            self.combat.heal(n)
        else:
            self.player.hp = min(self.player.max_hp, self.player.hp + max(0, n))

    def damage_out_of_combat(self, n: int) -> None:
        self.player.hp -= max(0, n)
        if self.player.hp <= 0:
            self.player.hp = 0
            self._game_over(False)

    def gain_max_hp(self, n: int) -> None:
        self.player.max_hp += n
        self.player.hp += n

    def lose_max_hp(self, n: int) -> None:
        self.player.max_hp = max(1, self.player.max_hp - n)
        self.player.hp = min(self.player.hp, self.player.max_hp)

    def gain_gold(self, n: int) -> None:
        if self.has("Ectoplasm"):
            return
        self.gold += n

    def spend_gold(self, n: int) -> None:
        self.gold -= n

    def add_card(self, cid: str, upgrades: int = 0) -> Card | None:
        c = Card(cid, upgrades)
        if c.type == CURSE:
            if self.counter.get("Omamori", 0) > 0:
                self.counter["Omamori"] -= 1
                return None
            if self.has("Darkstone Periapt"):
                self.gain_max_hp(6)
        if (
            (c.type == ATTACK and self.has("Molten Egg"))
            or (c.type == SKILL and self.has("Toxic Egg"))
            or (c.type == POWER and self.has("Frozen Egg"))
        ):
            c.upgrade()
        if self.has("Ceramic Fish"):
            self.gain_gold(9)
        self.deck.append(c)
        return c

    def purgeable(self) -> list[Card]:
        return [c for c in self.deck if c.cid != "CurseOfTheBell"]

    def random_curse(self) -> str:
        pool = [c for c in CURSES]
        return pool[self.rng.card.randrange(len(pool))]

    def random_relic(self, tier: str) -> str:
        pool = self.relic_pool[tier]
        while pool:
            r = pool.pop(0)
            if r not in self.relics:
                return r
        return "Circlet"

    def random_relic_any(self) -> str:
        roll = self.rng.relic.randrange(100)
        return self.random_relic("COMMON" if roll < 50 else "UNCOMMON" if roll < 83 else "RARE")

    def random_potion(self) -> str:
        return random_potion(self.rng.potion)

    def obtain_relic(self, r: str) -> None:
        if r in self.relics and r != "Circlet":
            return
        self.relics.append(r)
        self.sync_relics()
        n = R.name(r)
        if n == "Strawberry":
            self.gain_max_hp(7)
        elif n == "Pear":
            self.gain_max_hp(10)
        elif n == "Mango":
            self.gain_max_hp(14)
        elif n == "Lee's Waffle":
            self.gain_max_hp(7)
            self.player.hp = self.player.max_hp
        elif n == "Old Coin":
            self.gain_gold(300)
        elif n == "Potion Belt":
            self.potions += [None, None]
        elif n == "Omamori":
            self.counter["Omamori"] = 2
        elif n in ("War Paint", "Whetstone"):
            want = SKILL if n == "War Paint" else ATTACK
            ups = [c for c in self.deck if c.type == want and c.upgradable]
            self.rng.misc.shuffle(ups)
            for c in ups[:2]:
                c.upgrade()
        elif n == "Black Blood" and "Burning Blood" in self.relics:
            self.relics.remove("Burning Blood")
            self.sync_relics()
        elif n == "Pandora's Box":
            for c in [c for c in self.deck if c.cid in ("Strike_R", "Defend_R")]:
                self._transform(c)
        elif n == "Tiny House":
            self.gain_max_hp(5)
            ups = [c for c in self.deck if c.upgradable]
            if ups:
                ups[self.rng.misc.randrange(len(ups))].upgrade()
            self.open_rewards(
                [
                    {"reward_type": "GOLD", "gold": 50},
                    {"reward_type": "POTION", "potion": self.random_potion()},
                    {"reward_type": "CARD", "cards": self.roll_cards(self._reward_card_count(), "normal")},
                ],
                back=self.screen,
            )
        elif n == "Cauldron":
            self.open_rewards(
                [{"reward_type": "POTION", "potion": self.random_potion()} for _ in range(5)], back=self.screen
            )
        elif n == "Orrery":
            self.open_rewards(
                [
                    {"reward_type": "CARD", "cards": self.roll_cards(self._reward_card_count(), "normal")}
                    for _ in range(5)
                ],
                back=self.screen,
            )
        elif n == "Calling Bell":
            self.deck.append(Card("CurseOfTheBell"))
            self.open_rewards(
                [{"reward_type": "RELIC", "relic": self.random_relic(t)} for t in ("COMMON", "UNCOMMON", "RARE")],
                back=self.screen,
            )
        elif n == "Dolly's Mirror":
            self.open_grid("duplicate", list(self.deck), 1)
        elif n == "Matryoshka":
            self.counter["Matryoshka"] = 2
        elif n == "Wing Boots":
            self.counter["WingedGreaves"] = 3
        elif n == "Empty Cage":
            self.open_grid("purge", self.purgeable(), min(2, len(self.deck)))
        elif n == "Astrolabe":
            self.open_grid("transform_upgrade", self.purgeable(), min(3, len(self.deck)))
        elif n in ("Bottled Flame", "Bottled Lightning", "Bottled Tornado"):
            want = {"Bottled Flame": ATTACK, "Bottled Lightning": SKILL}.get(n, POWER)
            cards = [c for c in self.deck if c.type == want]
            if cards:
                self.open_grid("bottle", cards, 1)
        elif n == "Sozu":
            pass
        elif n == "Maw Bank":
            self.counter["Maw Bank"] = 0
        if n in (
            "Pen Nib",
            "Nunchaku",
            "Ink Bottle",
            "Happy Flower",
            "Sundial",
            "Shuriken",
            "Kunai",
            "Ornamental Fan",
            "Letter Opener",
        ):
            self.counter.setdefault(n, 0)

    def _transform(self, c: Card) -> Card:
        if c.type == CURSE:
            pool = [x for x in CURSES if x != c.cid]
        elif c.d.color == "COLORLESS":
            pool = [d.id for r in ("UNCOMMON", "RARE") for d in COLORLESS_POOL[r] if d.id != c.cid]
        else:
            pool = [d.id for r in ("COMMON", "UNCOMMON", "RARE") for d in RED_POOL[r] if d.id != c.cid]
        new = Card(pool[self.rng.misc.randrange(len(pool))])
        self.deck[self.deck.index(c)] = new
        return new

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
_COSTLY_FIELDS: dict[str, Callable[[SpireEngine], Any]] = {
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

    def __init__(self, engine: SpireEngine, pending: tuple[str, ...]) -> None:
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
