"""The run: its state, Neow and run setup, relics, gold and cards, composed with its other halves.

``SpireEngine`` is a state machine over CommunicationMod's screen types. ``apply`` parses a
CommunicationMod command, checks it against the current screen exactly where the mod would
reject it (raising :class:`InvalidCommand` before anything changes), then performs it;
``state`` renders the mod's JSON message. The engine's parts live in one module each, as mixins over
the state this class owns: :mod:`.command_handlers` (what each screen accepts, each command),
:mod:`.message` (the JSON message), :mod:`.screens` (rewards and card grids) and :mod:`.rooms` (map
travel and the rooms).
"""

from __future__ import annotations

import copy
import itertools

from . import relics as R
from .cards import ATTACK, COLORLESS_POOL, CURSE, CURSES, IDS, POWER, RED_POOL, SKILL, Card
from .combat import Combat
from .command_handlers import CommandsMixin, InvalidCommand
from .creature import Creature
from .events import EVENTS, SHRINES, Event, Neow
from .mapgen import generate
from .message import MessageMixin
from .monsters import BOSSES
from .potions import random_potion
from .rng import Streams
from .rooms import RoomsMixin
from .screens import ScreensMixin

__all__ = ["InvalidCommand", "SpireEngine"]

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


class SpireEngine(CommandsMixin, MessageMixin, ScreensMixin, RoomsMixin):
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
