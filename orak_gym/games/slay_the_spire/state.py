"""``SpireState``: one CommunicationMod message as a GameState, with Orak's text layout on top.

Both backends (the embedded engine and the real game through CommunicationMod) produce the very
same message shape, so this is the only place that reads it: the text an LLM sees, the score
inputs, the decision kind.  A message's own ``description`` fields are shown (Orak's modified mod
sends them); stock CommunicationMod and the embedded engine send none, so card, power and relic
descriptions come from :mod:`orak_gym.games.slay_the_spire.descriptions`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from orak_gym.core.state import GameState
from orak_gym.games.slay_the_spire.descriptions import describe, describe_power, describe_relic

#: CommunicationMod's ``screen_type`` values.
SCREEN_TYPES = (
    "NONE",
    "EVENT",
    "CHEST",
    "SHOP_ROOM",
    "REST",
    "CARD_REWARD",
    "COMBAT_REWARD",
    "MAP",
    "BOSS_REWARD",
    "SHOP_SCREEN",
    "GRID",
    "HAND_SELECT",
    "GAME_OVER",
    "COMPLETE",
)
#: CommunicationMod's names of the cancel-side button (RETURN and its synonyms).
CANCEL_WORDS = ("return", "skip", "cancel", "leave")
#: And of the confirm-side button (PROCEED and its synonym).
CONFIRM_WORDS = ("proceed", "confirm")


class cached_property:  # named as the functools one it stands in for
    """``functools.cached_property`` without its lock: Python 3.11's takes an ``RLock`` on every first
    read, about 1 us each, and a native step reads half a dozen of them on each fresh state.
    A state belongs to one env, stepped from one thread.  Like the functools one it is a non-data
    descriptor: the value lands in the instance ``__dict__`` and later reads never call it again."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


COMBAT = "combat"
CARD_REWARD = "card_reward"
OTHER = "other"
GAME_OVER = "game_over"


# ---------------------------------------------------------------------- the facts a state derives
# Written once, used by ``SpireState`` (from a message) and by the env's message-free native view of
# the embedded engine (``engine_view.py``), so both derive the decision kind, the end and the score
# inputs the same way.
def first_word(available: tuple[str, ...] | list[str], words: tuple[str, ...]) -> str | None:
    """The first of ``words`` among the (lower-case) available commands."""
    for word in words:
        if word in available:
            return word
    return None


def is_game_over(screen_type: str, in_game: object, floor: int) -> bool:
    """The game-over screen, or back at the main menu after a run."""
    return screen_type == "GAME_OVER" or (in_game is False and floor > 0)


def floors_reached(floor: int, victory: bool, run_complete: bool, game_over: bool) -> int:
    """Orak's raw score: the floor on a victory, else the floor reached minus one."""
    return floor if victory or (run_complete and not game_over) else max(floor - 1, 0)


def decision_kind(game_over: bool, screen_type: str, can_play: bool, can_end: bool, can_choose: bool) -> str:
    """Which of Orak's decisions this is: combat (the player's turn, no selection screen up), card
    reward, other screen, or game over."""
    if game_over:
        return GAME_OVER
    if screen_type == "NONE" and (can_play or can_end):
        return COMBAT
    if screen_type == "CARD_REWARD" and can_choose:
        return CARD_REWARD
    return OTHER


@dataclass(frozen=True)
class SpireState(GameState):
    """The latest game message plus what the env knows beyond it.

    ``message`` is exactly what CommunicationMod sent; ``bosses_defeated`` is counted by the env
    (the message has no such field); ``decisions`` is how many agent decisions the episode has had.
    """

    message: dict[str, Any]
    bosses_defeated: int = 0
    last_action: str = ""
    run_complete: bool = False  # the backend's run is over without a game-over screen (embedded: act 1 cleared)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_message(
        cls, message: dict[str, Any], game: dict[str, Any], bosses_defeated: int, last_action: str, run_complete: bool
    ) -> SpireState:
        """``SpireState(message=message, ...)`` as the env makes one per engine message (a
        native step makes one or two): the frozen dataclass ``__init__`` sets each field through
        ``object.__setattr__``; this fills the instance dict in one go.  ``game`` must be
        ``message.get("game_state") or {}`` (the env has read it already), stored as the ``game``
        accessor's value.  The state is equal to, and prints, copies and pickles as, the one
        ``__init__`` makes (``tests/games/slay_the_spire/test_spire_state.py``)."""
        state = object.__new__(cls)
        state.__dict__.update(
            message=message,
            bosses_defeated=bosses_defeated,
            last_action=last_action,
            run_complete=run_complete,
            notes=(),
            game=game,
        )
        return state

    # ------------------------------------------------------------------ message accessors
    # A state is one message, never changed after it arrived (``to_dict`` hands out copies), so the
    # accessors read on every step (the env, the rule agent, the native view ask a dozen times each)
    # are worked out once per state; ``cached_property`` stores them beside the frozen fields.
    @cached_property
    def game(self) -> dict[str, Any]:
        return self.message.get("game_state") or {}

    @property
    def available(self) -> list[str]:
        return list(self._available)

    @cached_property
    def _available(self) -> tuple[str, ...]:
        return tuple([str(c).lower() for c in self.message.get("available_commands") or []])

    @cached_property
    def screen_type(self) -> str:
        return str(self.game.get("screen_type", "NONE"))

    @property
    def screen(self) -> dict[str, Any]:
        return self.game.get("screen_state") or {}

    @property
    def combat(self) -> dict[str, Any]:
        return self.game.get("combat_state") or {}

    @property
    def hand(self) -> list[dict[str, Any]]:
        return list(self.combat.get("hand") or [])

    @property
    def monsters(self) -> list[dict[str, Any]]:
        return list(self.combat.get("monsters") or [])

    @property
    def choices(self) -> list[str]:
        return [str(c) for c in self.game.get("choice_list") or []]

    @cached_property
    def floor(self) -> int:
        return int(self.game.get("floor", 0) or 0)

    @property
    def victory(self) -> bool:
        return self.screen_type == "GAME_OVER" and bool(self.screen.get("victory"))

    @cached_property
    def game_over(self) -> bool:
        return is_game_over(self.screen_type, self.message.get("in_game"), self.floor)

    @cached_property
    def floors_reached(self) -> int:
        """Orak's raw score: the floor on a victory, else the floor reached minus one."""
        return floors_reached(self.floor, self.victory, self.run_complete, self.game_over)

    @property
    def room_type(self) -> Any:
        return self.game.get("room_type")

    @property
    def room_phase(self) -> Any:
        """The room's phase ("COMPLETE" when the message has none: nothing left to fight)."""
        return self.game.get("room_phase", "COMPLETE")

    @property
    def ready_for_command(self) -> bool:
        return self.message.get("ready_for_command", True)

    def can(self, command: str) -> bool:
        return command.lower() in self._available

    def cancel_word(self) -> str | None:
        return first_word(self._available, CANCEL_WORDS)

    def confirm_word(self) -> str | None:
        return first_word(self._available, CONFIRM_WORDS)

    @property
    def in_combat_turn(self) -> bool:
        """The player's turn in combat with no selection screen up."""
        return self.screen_type == "NONE" and (self.can("play") or self.can("end"))

    @cached_property
    def kind(self) -> str:
        """Which of Orak's decisions this is: combat, card reward, other screen, or game over."""
        available = self._available
        return decision_kind(
            self.game_over, self.screen_type, "play" in available, "end" in available, "choose" in available
        )

    def alive_monsters(self) -> list[int]:
        """0-based indices of monsters that can be targeted."""
        return [
            i for i, m in enumerate(self.monsters) if m is not None and not m.get("is_gone") and not m.get("half_dead")
        ]

    # ------------------------------------------------------------------ text
    def to_text(self) -> str:
        kind = self.kind
        if kind == COMBAT:
            body = combat_text(self)
        elif kind == CARD_REWARD:
            body = card_reward_text(self)
        elif kind == GAME_OVER:
            body = game_over_text(self)
        else:
            body = screen_text(self)
        if self.notes:
            body += "\nNotes:\n" + "\n".join(f"- {n}" for n in self.notes) + "\n"
        return body

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": copy.deepcopy(self.message),  # callers keep infos; never share the live one
            "kind": self.kind,
            "floor": self.floor,
            "floors_reached": self.floors_reached,
            "bosses_defeated": self.bosses_defeated,
            "last_action": self.last_action,
            "run_complete": self.run_complete,
        }


# ---------------------------------------------------------------------- text layouts (Orak's)
def _powers(powers: list[dict[str, Any]]) -> str:
    if not powers:
        return "- Powers: None\n"
    lines = ["- Powers:"]
    for p in powers:
        desc = describe_power(p)
        lines.append(
            f"  - {p.get('name', p.get('id'))} ({p.get('amount', 0)}): {desc}"
            if desc
            else f"  - {p.get('name', p.get('id'))}: amount {p.get('amount', 0)}"
        )
    return "\n".join(lines) + "\n"


def _relics(state: SpireState) -> str:
    out = []
    for i, relic in enumerate(state.game.get("relics") or [], 1):
        text = f"Relic {i}:\n- Name: {relic.get('name', relic.get('id'))}\n"
        if describe_relic(relic):
            text += f"- Description: {describe_relic(relic)}\n"
        out.append(text)
    return "\n".join(out) if out else "None\n"


def _card_name(card: dict[str, Any]) -> str:
    name = str(card.get("name", card.get("id", "?")))
    upgrades = int(card.get("upgrades", 0) or 0)
    if upgrades and not name.endswith("+") and "+" not in name:
        name += "+" if upgrades == 1 else f"+{upgrades}"
    return name


def _cost(card: dict[str, Any]) -> str:
    cost = card.get("cost", 0)
    return "X" if cost == -1 else ("unplayable" if cost == -2 else str(cost))


def combat_text(state: SpireState) -> str:
    game, combat = state.game, state.combat
    player = combat.get("player") or {}
    lines = [f"COMBAT STATE (Turn {combat.get('turn', 1)})", ""]
    lines.append(
        "Player:\n"
        f"- Class: {game.get('class', 'IRONCLAD')}\n"
        f"- HP: {player.get('current_hp', game.get('current_hp'))}/{player.get('max_hp', game.get('max_hp'))}\n"
        f"- Block: {player.get('block', 0)}\n"
        f"- Energy: {player.get('energy', 0)}\n" + _powers(player.get("powers") or [])
    )
    lines.append("Relics:\n" + _relics(state))
    cards = []
    for i, card in enumerate(state.hand, 1):
        text = f"Card index {i}:\n- Name: {_card_name(card)}\n- Type: {str(card.get('type', '')).lower()}\n"
        if describe(card):
            text += f"- Description: {describe(card)}\n"
        text += (
            f"- Cost: {_cost(card)}\n- Has Target: {bool(card.get('has_target'))}\n"
            f"- Playable now: {bool(card.get('is_playable'))}\n"
        )
        cards.append(text)
    lines.append("Cards in hand:\n" + ("\n".join(cards) if cards else "None\n"))
    monsters = []
    for i, m in enumerate(state.monsters, 1):
        if m.get("is_gone") and not m.get("half_dead"):
            monsters.append(f"Monster index {i}:\n- Is gone: True\n")
            continue
        monsters.append(
            f"Monster index {i}:\n- Name: {m.get('name')}\n- HP: {m.get('current_hp')}/{m.get('max_hp')}\n"
            f"- Block: {m.get('block', 0)}\n- Intent: {str(m.get('intent', 'NONE')).lower()}\n"
            f"- Is gone: {bool(m.get('is_gone'))}\n- Is half dead: {bool(m.get('half_dead'))}\n"
            f"- Move base damage: {m.get('move_base_damage', -1)}\n"
            f"- Move adjust damage: {m.get('move_adjusted_damage', -1)}\n"
            f"- Move hits: {m.get('move_hits', 0)}\n" + _powers(m.get("powers") or [])
        )
    lines.append("Monsters:\n" + "\n".join(monsters))
    lines.append(
        f"Piles: draw {len(combat.get('draw_pile') or [])}, discard {len(combat.get('discard_pile') or [])}, "
        f"exhaust {len(combat.get('exhaust_pile') or [])}\n"
    )
    lines.append(_potions(state))
    lines.append(valid_actions_text(state))
    return "\n".join(lines)


def _potions(state: SpireState) -> str:
    potions = [(i, p) for i, p in enumerate(state.game.get("potions") or []) if p.get("id") != "Potion Slot"]
    if not potions:
        return "Potions: None\n"
    return "Potions:\n" + "".join(
        f"- Slot {i + 1}: {p.get('name')}{' (needs a target)' if p.get('requires_target') else ''}\n"
        for i, p in potions
    )


def card_reward_text(state: SpireState) -> str:
    game = state.game
    deck = "".join(
        f"Card index {i}:\n- Name: {_card_name(c)}\n" + (f"- Description: {describe(c)}\n" if describe(c) else "")
        for i, c in enumerate(game.get("deck") or [], 1)
    )
    offered = "".join(
        f"Card index {i}:\n- Name: {_card_name(c)}\n- Type: {str(c.get('type', '')).lower()}\n"
        + (f"- Description: {describe(c)}\n" if describe(c) else "")
        + f"- Cost: {_cost(c)}\n"
        for i, c in enumerate(state.screen.get("cards") or [], 1)
    )
    return (
        "CARD REWARD SELECTION STATE\n\n"
        f"Floor: {state.floor}/50\n"
        f"Player:\n- Class: {game.get('class', 'IRONCLAD')}\n- HP: {game.get('current_hp')}/{game.get('max_hp')}\n\n"
        f"Relics:\n{_relics(state)}\nDeck:\n{deck}\nAvailable Card Rewards:\n{offered}\n" + valid_actions_text(state)
    )


def game_over_text(state: SpireState) -> str:
    outcome = "VICTORY" if state.victory else "DEFEAT"
    return (
        f"GAME OVER ({outcome})\n\nFloor reached: {state.floor}\nBosses defeated: {state.bosses_defeated}\n"
        f"Score: {state.screen.get('score', 0)}\n"
    )


def screen_text(state: SpireState) -> str:
    """Screens Orak leaves to its rule agent (shown when ``control="full"`` hands them to the LLM)."""
    game, screen = state.game, state.screen
    lines = [
        f"{state.screen_type} SCREEN (floor {state.floor}, act {game.get('act', 1)}, "
        f"room {game.get('room_type', '?')})",
        "",
        f"Player: HP {game.get('current_hp')}/{game.get('max_hp')}, gold {game.get('gold', 0)}",
        f"Deck: {', '.join(_card_name(c) for c in game.get('deck') or []) or 'empty'}",
        f"Relics: {', '.join(str(r.get('name')) for r in game.get('relics') or []) or 'none'}",
        _potions(state),
    ]
    if screen.get("event_name"):
        lines.append(f"Event: {screen.get('event_name')}\n{screen.get('body_text', '')}".rstrip())
    for key in ("cards", "relics", "potions"):
        items = screen.get(key)
        if isinstance(items, list) and items and isinstance(items[0], dict):
            shown = ", ".join(
                f"{_card_name(x) if key == 'cards' else x.get('name')}"
                + (f" ({x['price']} gold)" if "price" in x else "")
                for x in items
            )
            lines.append(f"{key.capitalize()} on offer: {shown}")
    if state.choices:
        lines.append("Choices:")
        lines.extend(f"- {i}: {c}" for i, c in enumerate(state.choices, 1))
    lines.append("")
    lines.append(valid_actions_text(state))
    return "\n".join(lines)


def valid_actions_text(state: SpireState) -> str:
    """The grammar lines that are valid right now (all indices are 1-based, as the text shows them)."""
    lines = ["Valid actions:"]
    if state.can("play"):
        lines += ["- PLAY <card_index>", "- PLAY <card_index> <target_index>"]
    if state.can("end"):
        lines.append("- END")
    if state.can("choose") and state.choices:
        lines.append(f"- CHOOSE <index 1-{len(state.choices)}> or CHOOSE <name>")
    if state.screen_type == "CARD_REWARD" or state.cancel_word():
        lines.append("- SKIP")
    if state.confirm_word():
        lines.append("- PROCEED")
    if state.can("potion") and any(p.get("id") != "Potion Slot" for p in state.game.get("potions") or []):
        lines.append("- POTION USE <slot> [<target_index>] / POTION DISCARD <slot>")
    lines.append("Several actions may be given, one per line; they run in order until one is invalid.")
    return "\n".join(lines) + "\n"
