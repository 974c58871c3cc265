"""The RL-friendly view: a fixed-size observation vector and a masked ``Discrete`` action table.

Every native action is one CommunicationMod command on the current screen; ``action_mask``
says which are legal now, so maskable-PPO style agents never pick an illegal one.
"""

from __future__ import annotations

import operator
import struct

import numpy as np

from orak_gym.games.slay_the_spire.actions import Line, to_mod_command
from orak_gym.games.slay_the_spire.state import SCREEN_TYPES, SpireState

HAND_SLOTS = 10
MONSTER_SLOTS = 5
CHOICE_SLOTS = 20
POTION_SLOTS = 5
TARGETS = MONSTER_SLOTS + 1  # "no target" + one per monster slot

END = 0
PLAY0 = 1
CHOOSE0 = PLAY0 + HAND_SLOTS * TARGETS
SKIP = CHOOSE0 + CHOICE_SLOTS
PROCEED = SKIP + 1
POTION_USE0 = PROCEED + 1
POTION_DISCARD0 = POTION_USE0 + POTION_SLOTS * TARGETS
N_ACTIONS = POTION_DISCARD0 + POTION_SLOTS

CARD_TYPES = ("ATTACK", "SKILL", "POWER", "STATUS", "CURSE")
PLAYER_POWERS = ("Strength", "Dexterity", "Vulnerable", "Weakened", "Frail", "Metallicize", "Demon Form", "Barricade")
MONSTER_POWERS = ("Strength", "Vulnerable", "Weakened", "Ritual", "Curl Up", "Angry", "Artifact", "Thorns")
ATTACK_INTENTS = ("ATTACK", "ATTACK_BUFF", "ATTACK_DEBUFF", "ATTACK_DEFEND")

_PLAYER = 10
_CARD = 4 + len(CARD_TYPES)
_MONSTER = 8 + len(MONSTER_POWERS)
OBS_SIZE = (
    _PLAYER
    + len(PLAYER_POWERS)
    + len(SCREEN_TYPES)
    + HAND_SLOTS * _CARD
    + MONSTER_SLOTS * _MONSTER
    + 4
    + 1
    + POTION_SLOTS
)
OBS_HIGH = 10.0


def action_line(action: int) -> Line:
    """The grammar line of a native action (indices 1-based, as in the text)."""
    a = int(action)
    if 0 <= a < N_ACTIONS:
        return _LINES[a]  # a Line is frozen: one shared per action (the env asks on every step)
    raise ValueError(f"native action must be in 0..{N_ACTIONS - 1}, got {action!r}")


def mod_command(state: SpireState, action: int) -> str:
    """``to_mod_command(action_line(action), state)`` for a *legal* action; PLAY and END (most native
    steps) are written straight from the index, since legality fixed their form: a PLAY has a target
    exactly when its card needs one."""
    a = int(action)
    if PLAY0 <= a < CHOOSE0:
        slot, target = divmod(a - PLAY0, TARGETS)
        return f"PLAY {slot + 1} {target - 1}" if target else f"PLAY {slot + 1}"
    if a == END:
        return "END"
    return to_mod_command(_LINES[a], state)


def _make_line(a: int) -> Line:
    if a == END:
        return Line("END")
    if PLAY0 <= a < CHOOSE0:
        slot, target = divmod(a - PLAY0, TARGETS)
        return Line("PLAY", slot + 1, target if target else None)
    if CHOOSE0 <= a < SKIP:
        return Line("CHOOSE", a - CHOOSE0 + 1)
    if a == SKIP:
        return Line("SKIP")
    if a == PROCEED:
        return Line("PROCEED")
    if POTION_USE0 <= a < POTION_DISCARD0:
        slot, target = divmod(a - POTION_USE0, TARGETS)
        return Line("POTION", slot + 1, target if target else None, use=True)
    return Line("POTION", a - POTION_DISCARD0 + 1, use=False)


_LINES = tuple(_make_line(a) for a in range(N_ACTIONS))


def action_mask(state: SpireState) -> np.ndarray:
    """``N_ACTIONS`` booleans (int8): which native actions are legal in ``state``."""
    mask = np.zeros(N_ACTIONS, dtype=np.int8)
    if state.game_over:
        return mask
    if state.can("end"):
        mask[END] = 1
    if state.can("play"):
        alive = state.alive_monsters()
        for slot, card in enumerate(state.hand[:HAND_SLOTS]):
            if not card.get("is_playable", True):
                continue
            if card.get("has_target"):
                for m in alive:
                    if m < MONSTER_SLOTS:
                        mask[PLAY0 + slot * TARGETS + m + 1] = 1
            else:
                mask[PLAY0 + slot * TARGETS] = 1
    if state.can("choose"):
        mask[CHOOSE0 : CHOOSE0 + min(len(state.choices), CHOICE_SLOTS)] = 1
    if state.cancel_word() or (state.screen_type == "CARD_REWARD" and state.screen.get("bowl_available")):
        mask[SKIP] = 1
    if state.confirm_word():
        mask[PROCEED] = 1
    if state.can("potion"):
        alive = state.alive_monsters()
        for slot, potion in enumerate((state.game.get("potions") or [])[:POTION_SLOTS]):
            if potion.get("can_use"):
                if potion.get("requires_target"):
                    for m in alive:
                        if m < MONSTER_SLOTS:
                            mask[POTION_USE0 + slot * TARGETS + m + 1] = 1
                else:
                    mask[POTION_USE0 + slot * TARGETS] = 1
            if potion.get("can_discard"):
                mask[POTION_DISCARD0 + slot] = 1
    return mask


def is_legal(state: SpireState, action: int) -> bool:
    """``action_mask(state)[action]`` without building the whole mask (the env checks one action per step)."""
    a = int(action)
    if state.game_over or not 0 <= a < N_ACTIONS:
        return False
    if a == END:
        return state.can("end")
    if a < CHOOSE0:
        if not state.can("play"):
            return False
        slot, target = divmod(a - PLAY0, TARGETS)  # slot < HAND_SLOTS: the mask's hand[:HAND_SLOTS]
        hand = state.combat.get("hand") or []
        if slot >= len(hand):
            return False
        card = hand[slot]
        if not card.get("is_playable", True):
            return False
        if card.get("has_target"):
            return target > 0 and target - 1 in state.alive_monsters()
        return target == 0
    if a < SKIP:
        return state.can("choose") and a - CHOOSE0 < len(state.choices)
    if a == SKIP:
        return bool(state.cancel_word() or (state.screen_type == "CARD_REWARD" and state.screen.get("bowl_available")))
    if a == PROCEED:
        return bool(state.confirm_word())
    if not state.can("potion"):
        return False
    potions = (state.game.get("potions") or [])[:POTION_SLOTS]
    if a >= POTION_DISCARD0:
        slot = a - POTION_DISCARD0
        return slot < len(potions) and bool(potions[slot].get("can_discard"))
    slot, target = divmod(a - POTION_USE0, TARGETS)
    if slot >= len(potions) or not potions[slot].get("can_use"):
        return False
    if potions[slot].get("requires_target"):
        return target > 0 and target - 1 in state.alive_monsters()
    return target == 0


def _powers(powers: list[dict] | None) -> dict[str, float]:
    """Power amounts by name and by id; the first power carrying a name or id wins (as the game lists them)."""
    found: dict[str, float] = {}
    for p in powers or ():
        amount = float(p.get("amount", 0) or 0)
        found.setdefault(p.get("name"), amount)  # type: ignore[arg-type]
        found.setdefault(p.get("id"), amount)  # type: ignore[arg-type]
    return found


def _power_block(powers: list[dict] | None, names: tuple[str, ...]) -> list[float]:
    """The amounts / 10 of ``names`` (most creatures have no power at all: one shared zero block then)."""
    if not powers:
        return _NO_POWERS[len(names)]
    found = _powers(powers)
    return [found.get(name, 0.0) / 10 for name in names]


def _card_block(cost: object, playable: object, target: object, kind: object) -> list[float]:
    """One hand card's slot (built once per distinct card and kept in ``_CARD_BLOCKS``)."""
    return [
        1.0,
        max(float(cost or 0), 0) / 3,  # type: ignore[arg-type]
        float(bool(playable)),
        float(bool(target)),
        *_CARD_TYPE_HOT.get(kind, _NO_TYPE),  # type: ignore[arg-type]
    ]


_NO_CARD = [0.0] * _CARD
_NO_MONSTER = [0.0] * _MONSTER
_CARD_TYPE_HOT = {t: [1.0 if t == u else 0.0 for u in CARD_TYPES] for t in CARD_TYPES}
_NO_TYPE = [0.0] * len(CARD_TYPES)
_NO_POWERS = {len(PLAYER_POWERS): [0.0] * len(PLAYER_POWERS), len(MONSTER_POWERS): [0.0] * len(MONSTER_POWERS)}
#: A hand card's block depends on four message fields with few distinct values (cost, playable, has
#: target, type): it is built once per distinct tuple and shared (lists only ever extend ``out``).
_CARD_BLOCKS: dict[tuple[object, object, object, object], list[float]] = {}
_MAX_CARD_BLOCKS = 4096  # a message with odd values (the real game's modded cards) cannot grow it without end
_SCREEN_HOT = {name: [1.0 if i == j else 0.0 for j in range(len(SCREEN_TYPES))] for i, name in enumerate(SCREEN_TYPES)}
_NO_SCREEN = [0.0] * len(SCREEN_TYPES)


def encode(state: SpireState) -> np.ndarray:
    """The fixed-size float32 vector of ``state`` (values scaled to about 0-1, clipped to 0-10).

    Written for speed (issue #17: it is the native step's largest cost after the engine): every
    message field is read once into a local, one-hot, power and card blocks come from prebuilt or
    cached lists, and the vector is packed by ``struct`` in one call.
    """
    game = state.game  # the message's ``game_state`` (or {})
    try:  # one C call when the message has these keys (the engine's and the mod's always do)
        g_hp, g_max_hp, floor, act, gold, screen, deck, potions = _GAME_KEYS(game)
    except KeyError:
        gget = game.get
        g_hp, g_max_hp, floor, act, gold = (
            gget("current_hp", 0),
            gget("max_hp", 1),
            gget("floor", 0),
            gget("act", 1),
            gget("gold", 0),
        )
        screen, deck, potions = gget("screen_type", "NONE"), gget("deck"), gget("potions")
    combat = game.get("combat_state") or {}
    player = combat.get("player") or {}
    if not player:  # out of combat: the run's HP
        hp, max_hp, block, energy, powers = g_hp, g_max_hp, 0, 0, None
    else:
        try:
            hp, max_hp, block, energy, powers = _PLAYER_KEYS(player)
        except KeyError:
            get = player.get
            hp, max_hp, block, energy = (
                get("current_hp", g_hp),
                get("max_hp", g_max_hp),
                get("block", 0),
                get("energy", 0),
            )
            powers = get("powers")
    hp = float(hp or 0)
    max_hp = float(max_hp or 1)
    out: list[float] = [
        hp / max_hp,
        max_hp / 100,
        float(block or 0) / 50,
        float(energy or 0) / 5,
        int(floor or 0) / 55,
        float(act or 1) / 3,
        float(gold or 0) / 500,
        float(combat.get("turn", 0) or 0) / 20,
        float(state.bosses_defeated) / 3,
        1.0 if state.kind == "combat" else 0.0,
    ]
    out += _power_block(powers, PLAYER_POWERS)
    out += _SCREEN_HOT.get(str(screen), _NO_SCREEN)
    hand = combat.get("hand") or []
    blocks = _CARD_BLOCKS
    for card in hand[:HAND_SLOTS]:
        try:  # one C call when the card has the four keys (the engine's and the mod's cards always do)
            key = _CARD_KEY(card)
        except KeyError:
            cget = card.get
            key = (cget("cost", 0), cget("is_playable"), cget("has_target"), cget("type"))
        block = blocks.get(key)
        if block is None:
            block = _card_block(*key)
            if len(blocks) < _MAX_CARD_BLOCKS:
                blocks[key] = block
        out += block
    if len(hand) < HAND_SLOTS:
        out += _NO_CARD * (HAND_SLOTS - len(hand))
    monsters = combat.get("monsters") or []
    for m in monsters[:MONSTER_SLOTS]:
        if m is None or m.get("is_gone"):
            out += _NO_MONSTER
            continue
        try:  # one C call when the monster has every key read here (as the engine's always do)
            m_max, m_hp, block, intent, damage, hits, half_dead, powers = _MONSTER_KEYS(m)
        except KeyError:
            mget = m.get
            m_max, m_hp, block, intent = mget("max_hp", 1), mget("current_hp", 0), mget("block", 0), mget("intent")
            damage, hits = mget("move_adjusted_damage", 0), mget("move_hits", 0)
            half_dead, powers = mget("half_dead"), mget("powers")
        m_max = float(m_max or 1)
        m_hp = float(m_hp or 0)
        if intent in ATTACK_INTENTS:
            out += [
                1.0,
                m_hp / m_max,
                m_hp / 100,
                float(block or 0) / 50,
                1.0,
                max(float(damage or 0), 0) / 50,
                float(hits or 0) / 5,
                float(bool(half_dead)),
            ]
        else:
            out += [1.0, m_hp / m_max, m_hp / 100, float(block or 0) / 50, 0.0, 0.0, 0.0, float(bool(half_dead))]
        out += _power_block(powers, MONSTER_POWERS)
    if len(monsters) < MONSTER_SLOTS:
        out += _NO_MONSTER * (MONSTER_SLOTS - len(monsters))
    out += [
        len(combat.get("draw_pile") or []) / 30,
        len(combat.get("discard_pile") or []) / 30,
        len(combat.get("exhaust_pile") or []) / 30,
        len(deck or []) / 40,
        len(game.get("choice_list") or []) / CHOICE_SLOTS,
    ]
    potions = potions or []
    out += [1.0 if p.get("id") != "Potion Slot" else 0.0 for p in potions[:POTION_SLOTS]]
    if len(potions) < POTION_SLOTS:
        out += _NO_POTIONS[len(potions)]
    # struct packs the floats in C at a third of ``np.fromiter``'s cost; its native-size "f" is a plain C
    # cast, the same rounding as numpy's (and inf past float32's range, clipped below, where "<f" raises)
    vector = np.frombuffer(_PACK(*out), np.float32).copy()
    return _MIN(_MAX(vector, _ZERO, out=vector), _HIGH, out=vector)


_GAME_KEYS = operator.itemgetter("current_hp", "max_hp", "floor", "act", "gold", "screen_type", "deck", "potions")
_PLAYER_KEYS = operator.itemgetter("current_hp", "max_hp", "block", "energy", "powers")
_CARD_KEY = operator.itemgetter("cost", "is_playable", "has_target", "type")
_MONSTER_KEYS = operator.itemgetter(
    "max_hp", "current_hp", "block", "intent", "move_adjusted_damage", "move_hits", "half_dead", "powers"
)
_NO_POTIONS = [[0.0] * (POTION_SLOTS - n) for n in range(POTION_SLOTS)]
_PACK = struct.Struct(f"{OBS_SIZE}f").pack
_MIN, _MAX, _ZERO, _HIGH = np.minimum, np.maximum, np.float32(0.0), np.float32(OBS_HIGH)
