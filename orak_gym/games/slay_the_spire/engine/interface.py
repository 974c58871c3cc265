"""What the engine's content modules see of a run, a fight and a monster: typing Protocols only.

Card effects (``effects``), potions, events and monsters, and the fight (``combat``) itself, name these for
their types instead of the engine's classes, so they depend on this narrow interface and not on ``game`` or
``combat``, which import them (no import circle). :class:`~.game.SpireEngine` is a :class:`Run`,
:class:`~.combat.Combat` a :class:`Fight` and :class:`~.combat.Monster` a :class:`Foe`
(``tests/games/slay_the_spire/test_spire_interface.py`` checks every member against the class).
Each Protocol lists exactly the members the content modules use; nothing here runs during play.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .cards import Card
    from .creature import Creature
    from .rng import Streams


class Foe(Protocol):
    """A monster as card effects and potions see it (a target)."""

    hp: int
    powers: dict[str, int]
    gone: bool
    minion: bool

    def pw(self, name: str) -> int: ...

    @property
    def dead(self) -> bool: ...

    @property
    def is_attacking(self) -> bool: ...


class Fight(Protocol):
    """A fight as card effects, potions and monsters see it: its piles, counters and rule primitives."""

    g: Run
    kind: str
    player: Creature
    monsters: list[Foe]
    hand: list[Card]
    draw_pile: list[Card]
    discard: list[Card]
    exhaust: list[Card]
    energy: int
    pending: dict | None
    over: bool
    bombs: dict[str, int]
    bombs_played: int
    combust_hp_loss: int

    def alive(self) -> list[Foe]: ...

    def apply(self, tgt: Creature | Foe, pid: str, amount: int, from_player: bool = True) -> None: ...

    def gain_block(self, base: int, raw: bool = False) -> None: ...

    def heal(self, amount: int) -> None: ...

    def hit(self, t: Foe | None, c: Card, base: int | None = None, str_mult: int = 1) -> int: ...

    def hit_all(self, c: Card) -> int: ...

    def damage(self, t: Creature | Foe, dmg: int, src: Creature | Foe | None) -> int: ...

    def lose_hp_from_card(self, amount: int) -> None: ...

    def check_end(self) -> None: ...

    def reshuffle(self) -> None: ...

    def draw(self, n: int) -> None: ...

    def add_to_hand(self, c: Card) -> None: ...

    def add_card(self, cid: str, where: str, n: int = 1) -> None: ...

    def exhaust_card(self, c: Card) -> None: ...

    def select_hand(self, purpose: str, num: int, cards: list[Card], arg: int = 0) -> None: ...

    def select_grid(self, purpose: str, num: int, cards: list[Card], arg: int = 0) -> None: ...

    def play_free(self, c: Card, exhaust: bool = False) -> None: ...

    def monster_attack(self, m: Foe, base: int, hits: int = 1) -> None: ...

    def monster_block(self, m: Foe, amount: int) -> None: ...

    def spawn(self, m: Foe, index: int | None = None) -> None: ...


class Run(Protocol):
    """A run as the fight, events, potions, card effects and monsters see it: the player's deck, purse,
    relics and potions, the random streams, and the screens they open."""

    ascension: int
    player: Creature
    gold: int
    deck: list[Card]
    relics: list[str]
    potions: list[str | None]
    counter: dict[str, int]
    rng: Streams
    screen: str
    combat: Fight | None
    grid: dict | None
    neow_lament: int

    @property
    def is_over(self) -> bool: ...

    @property
    def floor(self) -> int: ...

    # relics
    def has(self, relic_name: str) -> bool: ...

    def sync_relics(self) -> None: ...

    def extra_energy(self) -> int: ...

    def obtain_relic(self, r: str) -> None: ...

    def random_relic(self, tier: str) -> str: ...

    def random_relic_any(self) -> str: ...

    # HP and gold
    def heal(self, n: int) -> None: ...

    def damage_out_of_combat(self, n: int) -> None: ...

    def gain_max_hp(self, n: int) -> None: ...

    def lose_max_hp(self, n: int) -> None: ...

    def gain_gold(self, n: int) -> None: ...

    def spend_gold(self, n: int) -> None: ...

    # cards and potions
    def add_card(self, cid: str, upgrades: int = 0) -> Card | None: ...

    def purgeable(self) -> list[Card]: ...

    def random_curse(self) -> str: ...

    def random_potion(self) -> str: ...

    def roll_cards(self, n: int, kind: str) -> list[Card]: ...

    # screens
    def open_grid(self, purpose: str, cards: list[Card], num: int, cancel: bool = False) -> None: ...

    def open_card_choice(self, cards: list[Card], source: str, reward_index: int = -1) -> None: ...

    def open_potion_choice(self, picks: list[str], copies: int = 1, keep_cost: bool = False) -> None: ...

    def open_rewards(self, rewards: list[dict], back: str | None = None) -> None: ...

    def leave_event(self) -> None: ...

    # fights
    def start_combat(self, name: str, kind: str, rewards: list[dict] | None = None) -> None: ...

    def combat_start_relics(self, cb: Fight) -> None: ...

    def on_combat_won(self, cb: Fight) -> None: ...

    def on_player_death(self, cb: Fight) -> None: ...

    def escape_combat(self) -> None: ...
