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


def _power(powers: list[dict], name: str) -> float:
    for p in powers or []:
        if p.get("name") == name or p.get("id") == name:
            return float(p.get("amount", 0) or 0)
    return 0.0


def encode(state: SpireState) -> np.ndarray:
    """The fixed-size float32 vector of ``state`` (values scaled to about 0-1, clipped to 0-10)."""
    game, combat = state.game, state.combat
    player = combat.get("player") or {}
    hp = float(player.get("current_hp", game.get("current_hp", 0)) or 0)
    max_hp = float(player.get("max_hp", game.get("max_hp", 1)) or 1)
    out: list[float] = [
        hp / max_hp,
        max_hp / 100,
        float(player.get("block", 0) or 0) / 50,
        float(player.get("energy", 0) or 0) / 5,
        state.floor / 55,
        float(game.get("act", 1) or 1) / 3,
        float(game.get("gold", 0) or 0) / 500,
        float(combat.get("turn", 0) or 0) / 20,
        float(state.bosses_defeated) / 3,
        1.0 if state.kind == "combat" else 0.0,
    ]
    out += [_power(player.get("powers"), name) / 10 for name in PLAYER_POWERS]
    out += [1.0 if state.screen_type == s else 0.0 for s in SCREEN_TYPES]
    hand = state.hand
    for slot in range(HAND_SLOTS):
        if slot < len(hand):
            card = hand[slot]
            cost = float(card.get("cost", 0) or 0)
            out += [1.0, max(cost, 0) / 3, float(bool(card.get("is_playable"))), float(bool(card.get("has_target")))]
            out += [1.0 if card.get("type") == t else 0.0 for t in CARD_TYPES]
        else:
            out += [0.0] * _CARD
    monsters = state.monsters
    for slot in range(MONSTER_SLOTS):
        if slot < len(monsters) and not monsters[slot].get("is_gone"):
            m = monsters[slot]
            m_max = float(m.get("max_hp", 1) or 1)
            attack = m.get("intent") in ATTACK_INTENTS
            out += [
                1.0,
                float(m.get("current_hp", 0) or 0) / m_max,
                float(m.get("current_hp", 0) or 0) / 100,
                float(m.get("block", 0) or 0) / 50,
                1.0 if attack else 0.0,
                max(float(m.get("move_adjusted_damage", 0) or 0), 0) / 50 if attack else 0.0,
                float(m.get("move_hits", 0) or 0) / 5 if attack else 0.0,
                float(bool(m.get("half_dead"))),
            ]
            out += [_power(m.get("powers"), name) / 10 for name in MONSTER_POWERS]
        else:
            out += [0.0] * _MONSTER
    out += [
        len(combat.get("draw_pile") or []) / 30,
        len(combat.get("discard_pile") or []) / 30,
        len(combat.get("exhaust_pile") or []) / 30,
        len(game.get("deck") or []) / 40,
        len(state.choices) / CHOICE_SLOTS,
    ]
    potions = game.get("potions") or []
    out += [1.0 if i < len(potions) and potions[i].get("id") != "Potion Slot" else 0.0 for i in range(POTION_SLOTS)]
    return np.clip(np.asarray(out, dtype=np.float32), 0.0, OBS_HIGH)
