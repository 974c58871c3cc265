"""The native view of the embedded engine read straight from its objects, with no message.

The lean native step needs the observation, the legality of one action, the decision
kind and the score inputs; building the CommunicationMod message for them cost twice the engine's
own step.  ``view_of`` reads the same facts from the engine's objects: every per-object fact (a
card's cost and playability, a monster's intent and damage, a potion's use, a creature's powers)
through the very engine functions the message builder calls (``SpireEngine.card_facts`` and its
siblings; ``hand_facts`` for a whole hand), and the derived ones (kind, end, floors reached, command
words) through the functions ``SpireState`` uses.  ``tests/games/slay_the_spire/test_spire_engine_view.py`` checks it
equals the message's facts at every step of many runs.
"""

from __future__ import annotations

from typing import Any

from orak_gym.games.slay_the_spire.native import Facts
from orak_gym.games.slay_the_spire.state import (
    CANCEL_WORDS,
    COMBAT,
    CONFIRM_WORDS,
    decision_kind,
    first_word,
    floors_reached,
    is_game_over,
)


class EngineView(Facts):
    """``Facts`` plus what the env reads of the moment: the decision kind, the score inputs and the room."""

    __slots__ = ("available", "floors_reached", "kind", "ready_for_command", "room_phase", "room_type", "run_complete")

    def can(self, command: str) -> bool:
        return command in self.available

    @property
    def screen_type(self) -> str:
        return self.screen


def view_of(engine: Any, run_complete: bool, whole: bool = True) -> EngineView | None:
    """The facts of ``engine`` now, or None at the main menu (no run: the message path handles it).

    ``whole=False`` reads only what the env's rule agent looks at between its commands (the kind, the
    commands, the room, the score inputs); ``whole_view`` reads the rest when the moment is the agent's."""
    if not engine.in_game:
        return None
    v = EngineView()
    cb = engine.combat
    live = cb is not None and not cb.over
    hand = engine.hand_facts(cb) if live and whole else None
    available, choices = engine.commands_and_choices(hand)  # (its playability from ``hand``, not asked again)
    v.available = available
    st = v.screen = engine._screen_type()
    can_play = v.can_play = "play" in available
    can_end = v.can_end = "end" in available
    can_choose = v.can_choose = "choose" in available
    v.can_potion = "potion" in available
    floor = v.floor = engine.floor_num
    game_over = v.game_over = is_game_over(st, True, floor)
    kind = v.kind = decision_kind(game_over, st, can_play, can_end, can_choose)
    v.combat = kind == COMBAT
    v.run_complete = run_complete
    v.floors_reached = floors_reached(floor, st == "GAME_OVER" and engine.victory, run_complete, game_over)
    v.bosses = engine.bosses
    v.room_type, v.room_phase = engine.room_type, engine.room_phase
    v.ready_for_command = True
    v.act, v.gold = engine.ACT, engine.gold
    v.deck = len(engine.deck)
    v.choices = len(choices)
    v.cancel_word = first_word(available, CANCEL_WORDS)
    v.confirm_word = first_word(available, CONFIRM_WORDS)
    v.bowl = st == "CARD_REWARD" and bool(engine.card_screen["bowl"])
    v.skip = bool(v.cancel_word or v.bowl)
    if whole:
        _read_rest(v, engine, hand)
    else:
        v.hand = None  # (not read yet: ``whole_view``)
    return v


def whole_view(v: EngineView, engine: Any) -> EngineView:
    """``v`` with everything read: a ``view_of(engine, ..., whole=False)`` of the engine as it is now."""
    if v.hand is None:
        cb = engine.combat
        _read_rest(v, engine, engine.hand_facts(cb) if cb is not None and not cb.over else None)
    return v


def _read_rest(v: EngineView, engine: Any, hand: list[tuple[int, bool, bool, str]] | None) -> None:
    """The potions, the player, the hand and the monsters (``hand``: the live combat's ``hand_facts``)."""
    potions = v.potions = []
    for pid in engine.potions:
        if pid is None:  # an empty slot ("Potion Slot" in the message)
            potions.append(_NO_POTION)
        else:
            use, discard, target = engine.potion_facts(pid)
            potions.append((True, use, target, discard))
    if hand is None:  # out of combat: the run's HP, no hand, no monsters
        player = engine.player
        v.hp, v.max_hp, v.block, v.energy, v.player_powers, v.turn = player.hp, player.max_hp, 0, 0, None, 0
        v.hand = v.moves = v.monsters = v.alive = []
        v.draw = v.discard = v.exhaust = 0
        return
    cb = engine.combat
    power_entries = engine.power_entries
    p = cb.player
    v.hp, v.max_hp, v.block, v.energy, v.turn = p.hp, p.max_hp, p.block, cb.energy, cb.turn
    v.player_powers = power_entries(p) if p.powers else None
    v.hand = v.moves = hand
    monster_move = engine.monster_move
    monsters: list[tuple | None] = []
    alive: list[int] = []
    half_dead = engine.HALF_DEAD  # (False: every monster that is not gone can be targeted)
    for i, m in enumerate(cb.monsters):
        if m.gone:
            monsters.append(None)
            continue
        alive.append(i)
        move = monster_move(cb, m)
        intent, damage, hits = ("NONE", 0, 0) if move is None else (move[1], move[3], move[4])
        monsters.append(
            (m.max_hp, m.hp, m.block, intent, damage, hits, half_dead, power_entries(m) if m.powers else None)
        )
    v.monsters, v.alive = monsters, alive
    v.draw, v.discard, v.exhaust = len(cb.draw_pile), len(cb.discard), len(cb.exhaust)


_NO_POTION = (False, False, False, False)
