"""The RL-friendly view: a fixed-size observation vector and a masked ``Discrete`` action table.

Every native action is one CommunicationMod command on the current screen; ``action_mask``
says which are legal now, so maskable-PPO style agents never pick an illegal one.
"""

from __future__ import annotations

import numpy as np

from orak_gym.games.slay_the_spire.actions import Line
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
    if POTION_DISCARD0 <= a < N_ACTIONS:
        return Line("POTION", a - POTION_DISCARD0 + 1, use=False)
    raise ValueError(f"native action must be in 0..{N_ACTIONS - 1}, got {action!r}")


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
        slot, target = divmod(a - PLAY0, TARGETS)
        hand = (state.combat.get("hand") or [])[:HAND_SLOTS]
        if slot >= len(hand) or not hand[slot].get("is_playable", True):
            return False
        if hand[slot].get("has_target"):
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


_SCREEN_INDEX = {name: i for i, name in enumerate(SCREEN_TYPES)}
_NO_CARD = [0.0] * _CARD
_NO_MONSTER = [0.0] * _MONSTER
_CARD_TYPE_HOT = {t: [1.0 if t == u else 0.0 for u in CARD_TYPES] for t in CARD_TYPES}
_NO_TYPE = [0.0] * len(CARD_TYPES)


def encode(state: SpireState) -> np.ndarray:
    """The fixed-size float32 vector of ``state`` (values scaled to about 0-1, clipped to 0-10).

    Written for speed (issue #17: it is the native step's largest cost after the engine): every
    message field is read once into a local, and one-hot blocks come from prebuilt lists.
    """
    message = state.message
    game = message.get("game_state") or {}
    combat = game.get("combat_state") or {}
    player = combat.get("player") or {}
    get = player.get
    hp = float(get("current_hp", game.get("current_hp", 0)) or 0)
    max_hp = float(get("max_hp", game.get("max_hp", 1)) or 1)
    out: list[float] = [
        hp / max_hp,
        max_hp / 100,
        float(get("block", 0) or 0) / 50,
        float(get("energy", 0) or 0) / 5,
        int(game.get("floor", 0) or 0) / 55,
        float(game.get("act", 1) or 1) / 3,
        float(game.get("gold", 0) or 0) / 500,
        float(combat.get("turn", 0) or 0) / 20,
        float(state.bosses_defeated) / 3,
        1.0 if state.kind == "combat" else 0.0,
    ]
    powers = _powers(get("powers"))
    out += [powers.get(name, 0.0) / 10 for name in PLAYER_POWERS]
    screens = [0.0] * len(SCREEN_TYPES)
    screen = _SCREEN_INDEX.get(str(game.get("screen_type", "NONE")))
    if screen is not None:
        screens[screen] = 1.0
    out += screens
    hand = combat.get("hand") or []
    for card in hand[:HAND_SLOTS]:
        cost = float(card.get("cost", 0) or 0)
        out += [1.0, max(cost, 0) / 3, float(bool(card.get("is_playable"))), float(bool(card.get("has_target")))]
        out += _CARD_TYPE_HOT.get(card.get("type"), _NO_TYPE)  # type: ignore[arg-type]
    out += _NO_CARD * (HAND_SLOTS - min(len(hand), HAND_SLOTS))
    monsters = combat.get("monsters") or []
    for slot in range(MONSTER_SLOTS):
        m = monsters[slot] if slot < len(monsters) else None
        if m is None or m.get("is_gone"):
            out += _NO_MONSTER
            continue
        m_max = float(m.get("max_hp", 1) or 1)
        m_hp = float(m.get("current_hp", 0) or 0)
        attack = m.get("intent") in ATTACK_INTENTS
        out += [
            1.0,
            m_hp / m_max,
            m_hp / 100,
            float(m.get("block", 0) or 0) / 50,
            1.0 if attack else 0.0,
            max(float(m.get("move_adjusted_damage", 0) or 0), 0) / 50 if attack else 0.0,
            float(m.get("move_hits", 0) or 0) / 5 if attack else 0.0,
            float(bool(m.get("half_dead"))),
        ]
        powers = _powers(m.get("powers"))
        out += [powers.get(name, 0.0) / 10 for name in MONSTER_POWERS]
    out += [
        len(combat.get("draw_pile") or []) / 30,
        len(combat.get("discard_pile") or []) / 30,
        len(combat.get("exhaust_pile") or []) / 30,
        len(game.get("deck") or []) / 40,
        len(game.get("choice_list") or []) / CHOICE_SLOTS,
    ]
    potions = game.get("potions") or []
    out += [1.0 if i < len(potions) and potions[i].get("id") != "Potion Slot" else 0.0 for i in range(POTION_SLOTS)]
    vector = np.array(out, dtype=np.float32)
    return np.minimum(np.maximum(vector, 0.0, out=vector), OBS_HIGH, out=vector)
