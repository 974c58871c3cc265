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


class Facts:
    """What the native view reads of one moment of the game, from either source.

    The observation layout (``pack``) and the legality rules (``mask_of``, ``legal``) are written once,
    over these facts; ``facts_of_state`` reads them from a CommunicationMod message (the real game over
    the bridge, and the text and ``full_info`` paths), ``engine_view.view_of`` from the embedded
    engine's objects (the lean native step: no message at all).  Hand cards are
    ``(cost, is_playable, has_target, type)``; ``moves`` are the same tuples as the mask reads them
    (a message without ``is_playable`` counts as playable there, as 0 in the vector); monsters are
    ``None`` (gone) or ``(max_hp, current_hp, block, intent, adjusted damage, hits, half_dead, powers)``;
    powers are ``(id, name, amount)`` triples; potions are ``(real, can_use, requires_target,
    can_discard)``.
    """

    __slots__ = (
        "act",
        "alive",
        "block",
        "bosses",
        "bowl",
        "can_choose",
        "can_end",
        "can_play",
        "can_potion",
        "cancel_word",
        "choices",
        "combat",
        "confirm_word",
        "deck",
        "discard",
        "draw",
        "energy",
        "exhaust",
        "floor",
        "game_over",
        "gold",
        "hand",
        "hp",
        "max_hp",
        "monsters",
        "moves",
        "player_powers",
        "potions",
        "screen",
        "skip",
        "turn",
    )


def facts_of_state(state: SpireState) -> Facts:
    """The native view's facts of a message state (every field read as the message has it)."""
    f = Facts()
    game = state.game  # the message's ``game_state`` (or {})
    try:  # one C call when the message has these keys (the engine's and the mod's always do)
        g_hp, g_max_hp, f.floor, f.act, f.gold, screen, deck, potions = _GAME_KEYS(game)
    except KeyError:
        gget = game.get
        g_hp, g_max_hp, f.floor, f.act, f.gold = (
            gget("current_hp", 0),
            gget("max_hp", 1),
            gget("floor", 0),
            gget("act", 1),
            gget("gold", 0),
        )
        screen, deck, potions = gget("screen_type", "NONE"), gget("deck"), gget("potions")
    f.screen = screen
    combat = game.get("combat_state") or {}
    player = combat.get("player") or {}
    if not player:  # out of combat: the run's HP
        f.hp, f.max_hp, f.block, f.energy, f.player_powers = g_hp, g_max_hp, 0, 0, None
    else:
        try:
            f.hp, f.max_hp, f.block, f.energy, powers = _PLAYER_KEYS(player)
        except KeyError:
            get = player.get
            f.hp, f.max_hp, f.block, f.energy = (
                get("current_hp", g_hp),
                get("max_hp", g_max_hp),
                get("block", 0),
                get("energy", 0),
            )
            powers = get("powers")
        f.player_powers = _entries(powers)
    f.turn = combat.get("turn", 0)
    f.bosses = state.bosses_defeated
    f.combat = state.kind == "combat"
    hand = combat.get("hand") or []
    keys = []
    for card in hand:
        try:  # one C call when the card has the four keys (the engine's and the mod's cards always do)
            keys.append(_CARD_KEY(card))
        except KeyError:
            cget = card.get
            keys.append((cget("cost", 0), cget("is_playable"), cget("has_target"), cget("type")))
    f.hand = keys
    f.moves = [(None, card.get("is_playable", True), card.get("has_target"), None) for card in hand[:HAND_SLOTS]]
    monsters = []
    for m in combat.get("monsters") or []:
        if m is None or m.get("is_gone"):
            monsters.append(None)
            continue
        try:  # one C call when the monster has every key read here (as the engine's always do)
            m_max, m_hp, block, intent, damage, hits, half_dead, powers = _MONSTER_KEYS(m)
        except KeyError:
            mget = m.get
            m_max, m_hp, block, intent = mget("max_hp", 1), mget("current_hp", 0), mget("block", 0), mget("intent")
            damage, hits = mget("move_adjusted_damage", 0), mget("move_hits", 0)
            half_dead, powers = mget("half_dead"), mget("powers")
        monsters.append((m_max, m_hp, block, intent, damage, hits, half_dead, _entries(powers)))
    f.monsters = monsters
    f.alive = state.alive_monsters()
    f.draw = len(combat.get("draw_pile") or [])
    f.discard = len(combat.get("discard_pile") or [])
    f.exhaust = len(combat.get("exhaust_pile") or [])
    f.deck = len(deck or [])
    f.choices = len(game.get("choice_list") or [])
    f.potions = [
        (p.get("id") != "Potion Slot", p.get("can_use"), p.get("requires_target"), p.get("can_discard"))
        for p in potions or []
    ]
    available = state._available
    f.game_over = state.game_over
    f.can_end, f.can_play = "end" in available, "play" in available
    f.can_choose, f.can_potion = "choose" in available, "potion" in available
    f.cancel_word, f.confirm_word = state.cancel_word(), state.confirm_word()
    f.bowl = state.screen_type == "CARD_REWARD" and bool(state.screen.get("bowl_available"))
    f.skip = bool(f.cancel_word or f.bowl)
    return f


def _entries(powers: list[dict] | None) -> list[tuple[object, object, object]] | None:
    """A message's powers as (id, name, amount) triples."""
    if not powers:
        return None
    return [(p.get("id"), p.get("name"), p.get("amount", 0)) for p in powers]


def encode(state: SpireState) -> np.ndarray:
    """The fixed-size float32 vector of a message state (see ``pack``)."""
    return pack(facts_of_state(state))


def action_mask(state: SpireState) -> np.ndarray:
    """``N_ACTIONS`` booleans (int8): which native actions are legal in ``state``."""
    return mask_of(facts_of_state(state))


def is_legal(state: SpireState, action: int) -> bool:
    """``action_mask(state)[action]``."""
    return legal(facts_of_state(state), action)


def mod_command(state: SpireState, action: int) -> str:
    """``to_mod_command(action_line(action), state)`` for a *legal* action (see ``fact_command``)."""
    return fact_command(facts_of_state(state), action) or to_mod_command(_LINES[int(action)], state)


def fact_command(f: Facts, action: int) -> str | None:
    """The CommunicationMod command of a *legal* native action, written from the index and the facts
    (legality fixed its form: a PLAY has a target exactly when its card needs one); None for the one
    case that needs the message's choice list (SKIP on a card reward offering the Singing Bowl):
    ``to_mod_command`` writes that one.  Equal to ``to_mod_command`` on every legal action
    (tests/games/slay_the_spire/test_spire_state.py)."""
    a = int(action)
    if PLAY0 <= a < CHOOSE0:
        slot, target = divmod(a - PLAY0, TARGETS)
        return f"PLAY {slot + 1} {target - 1}" if target else f"PLAY {slot + 1}"
    if a == END:
        return "END"
    if a < SKIP:
        return f"CHOOSE {a - CHOOSE0}"
    if a == SKIP:
        return None if f.bowl else (f.cancel_word or "skip").upper()
    if a == PROCEED:
        return (f.confirm_word or "proceed").upper()
    if a < POTION_DISCARD0:
        slot, target = divmod(a - POTION_USE0, TARGETS)
        return f"POTION USE {slot} {target - 1}" if target else f"POTION USE {slot}"
    return f"POTION DISCARD {a - POTION_DISCARD0}"


def mask_of(f: Facts) -> np.ndarray:
    """``N_ACTIONS`` booleans (int8): which native actions the facts allow."""
    mask = np.zeros(N_ACTIONS, dtype=np.int8)
    if f.game_over:
        return mask
    if f.can_end:
        mask[END] = 1
    if f.can_play:
        alive = f.alive
        for slot, card in enumerate(f.moves[:HAND_SLOTS]):
            if not card[1]:
                continue
            if card[2]:
                for m in alive:
                    if m < MONSTER_SLOTS:
                        mask[PLAY0 + slot * TARGETS + m + 1] = 1
            else:
                mask[PLAY0 + slot * TARGETS] = 1
    if f.can_choose:
        mask[CHOOSE0 : CHOOSE0 + min(f.choices, CHOICE_SLOTS)] = 1
    if f.skip:
        mask[SKIP] = 1
    if f.confirm_word:
        mask[PROCEED] = 1
    if f.can_potion:
        alive = f.alive
        for slot, (_real, can_use, target, can_discard) in enumerate(f.potions[:POTION_SLOTS]):
            if can_use:
                if target:
                    for m in alive:
                        if m < MONSTER_SLOTS:
                            mask[POTION_USE0 + slot * TARGETS + m + 1] = 1
                else:
                    mask[POTION_USE0 + slot * TARGETS] = 1
            if can_discard:
                mask[POTION_DISCARD0 + slot] = 1
    return mask


def legal(f: Facts, action: int) -> bool:
    """``mask_of(f)[action]`` without building the whole mask (the env checks one action per step)."""
    a = int(action)
    if f.game_over or not 0 <= a < N_ACTIONS:
        return False
    if a == END:
        return f.can_end
    if a < CHOOSE0:
        if not f.can_play:
            return False
        slot, target = divmod(a - PLAY0, TARGETS)  # slot < HAND_SLOTS: the mask's moves[:HAND_SLOTS]
        moves = f.moves
        if slot >= len(moves):
            return False
        card = moves[slot]
        if not card[1]:
            return False
        if card[2]:
            return target > 0 and target - 1 in f.alive
        return target == 0
    if a < SKIP:
        return f.can_choose and a - CHOOSE0 < f.choices
    if a == SKIP:
        return f.skip
    if a == PROCEED:
        return bool(f.confirm_word)
    if not f.can_potion:
        return False
    potions = f.potions[:POTION_SLOTS]
    if a >= POTION_DISCARD0:
        slot = a - POTION_DISCARD0
        return slot < len(potions) and bool(potions[slot][3])
    slot, target = divmod(a - POTION_USE0, TARGETS)
    if slot >= len(potions) or not potions[slot][1]:
        return False
    if potions[slot][2]:
        return target > 0 and target - 1 in f.alive
    return target == 0


def _floats(values: list[float]) -> bytes:
    """``values`` as native float32 bytes (``struct``'s "f" is a plain C cast, the same rounding as numpy's,
    and inf past float32's range, clipped with the rest in ``pack``)."""
    return struct.pack(f"{len(values)}f", *values)


def _power_block(powers: list | None, names: tuple[str, ...]) -> bytes:
    """The amounts / 10 of ``names`` among (id, name, amount) triples, packed; the first power carrying a
    name or id wins (as the game lists them).  Built once per distinct power list and shared."""
    if not powers:
        return _NO_POWERS[len(names)]
    cache = _POWER_BLOCKS[names]
    key = tuple(powers)
    block = cache.get(key)
    if block is None:
        found: dict[object, float] = {}
        for pid, name, amount in powers:
            value = float(amount or 0)
            found.setdefault(name, value)
            found.setdefault(pid, value)
        block = _floats([found.get(name, 0.0) / 10 for name in names])
        if len(cache) < _MAX_BLOCKS:
            cache[key] = block
    return block


def _card_block(cost: object, playable: object, target: object, kind: object) -> bytes:
    """One hand card's slot, packed (built once per distinct card and kept in ``_CARD_BLOCKS``)."""
    return _floats(
        [
            1.0,
            max(float(cost or 0), 0) / 3,  # type: ignore[arg-type]
            float(bool(playable)),
            float(bool(target)),
            *_CARD_TYPE_HOT.get(kind, _NO_TYPE),  # type: ignore[arg-type]
        ]
    )


_CARD_TYPE_HOT = {t: [1.0 if t == u else 0.0 for u in CARD_TYPES] for t in CARD_TYPES}
_NO_TYPE = [0.0] * len(CARD_TYPES)
_NO_POWERS = {len(names): _floats([0.0] * len(names)) for names in (PLAYER_POWERS, MONSTER_POWERS)}
_POWER_BLOCKS: dict[tuple[str, ...], dict[tuple, bytes]] = {PLAYER_POWERS: {}, MONSTER_POWERS: {}}
#: A hand card's block depends on four fields with few distinct values (cost, playable, has target,
#: type): it is packed once per distinct tuple and shared.
_CARD_BLOCKS: dict[tuple[object, object, object, object], bytes] = {}
_MAX_BLOCKS = 4096  # a message with odd values (the real game's modded cards) cannot grow them without end
_SCREEN_HOT = {
    name: _floats([1.0 if i == j else 0.0 for j in range(len(SCREEN_TYPES))]) for i, name in enumerate(SCREEN_TYPES)
}
_NO_SCREEN = _floats([0.0] * len(SCREEN_TYPES))
_NO_CARDS = [_floats([0.0] * _CARD * n) for n in range(HAND_SLOTS + 1)]
_NO_MONSTERS = [_floats([0.0] * _MONSTER * n) for n in range(MONSTER_SLOTS + 1)]
_NO_MONSTER = _NO_MONSTERS[1]
_NO_POTIONS = [[0.0] * (POTION_SLOTS - n) for n in range(POTION_SLOTS)]
_TOP = struct.Struct(f"{_PLAYER}f").pack
_MONSTER_TOP = struct.Struct(f"{_MONSTER - len(MONSTER_POWERS)}f").pack
_TAIL = struct.Struct(f"{5 + POTION_SLOTS}f").pack


def pack(f: Facts) -> np.ndarray:
    """The fixed-size float32 vector of the facts (values scaled to about 0-1, clipped to 0-10): the one
    definition of the observation layout.

    Written for speed (it is the native step's largest cost after the engine): the vector is
    joined from packed float32 pieces, the one-hot, power, card and padding pieces prebuilt or cached,
    the rest packed by ``struct`` (clipping is elementwise, so it is done once on the whole vector).
    """
    hp = float(f.hp or 0)
    max_hp = float(f.max_hp or 1)
    parts = [
        _TOP(
            hp / max_hp,
            max_hp / 100,
            float(f.block or 0) / 50,
            float(f.energy or 0) / 5,
            int(f.floor or 0) / 55,
            float(f.act or 1) / 3,
            float(f.gold or 0) / 500,
            float(f.turn or 0) / 20,
            float(f.bosses) / 3,
            1.0 if f.combat else 0.0,
        ),
        _power_block(f.player_powers, PLAYER_POWERS),
        _SCREEN_HOT.get(str(f.screen), _NO_SCREEN),
    ]
    hand = f.hand
    blocks = _CARD_BLOCKS
    for key in hand[:HAND_SLOTS]:
        block = blocks.get(key)
        if block is None:
            block = _card_block(*key)
            if len(blocks) < _MAX_BLOCKS:
                blocks[key] = block
        parts.append(block)
    if len(hand) < HAND_SLOTS:
        parts.append(_NO_CARDS[HAND_SLOTS - len(hand)])
    monsters = f.monsters
    for m in monsters[:MONSTER_SLOTS]:
        if m is None:
            parts.append(_NO_MONSTER)
            continue
        m_max, m_hp, block, intent, damage, hits, half_dead, powers = m
        m_max = float(m_max or 1)
        m_hp = float(m_hp or 0)
        if intent in ATTACK_INTENTS:
            parts.append(
                _MONSTER_TOP(
                    1.0,
                    m_hp / m_max,
                    m_hp / 100,
                    float(block or 0) / 50,
                    1.0,
                    max(float(damage or 0), 0) / 50,
                    float(hits or 0) / 5,
                    float(bool(half_dead)),
                )
            )
        else:
            parts.append(
                _MONSTER_TOP(
                    1.0, m_hp / m_max, m_hp / 100, float(block or 0) / 50, 0.0, 0.0, 0.0, float(bool(half_dead))
                )
            )
        parts.append(_power_block(powers, MONSTER_POWERS))
    if len(monsters) < MONSTER_SLOTS:
        parts.append(_NO_MONSTERS[MONSTER_SLOTS - len(monsters)])
    potions = f.potions
    real = [1.0 if p[0] else 0.0 for p in potions[:POTION_SLOTS]]
    if len(potions) < POTION_SLOTS:
        real += _NO_POTIONS[len(potions)]
    parts.append(_TAIL(f.draw / 30, f.discard / 30, f.exhaust / 30, f.deck / 40, f.choices / CHOICE_SLOTS, *real))
    vector = _FROM_BUFFER(b"".join(parts), _FLOAT32).copy()
    return _MIN(_MAX(vector, _ZERO, out=vector), _HIGH, out=vector)


_GAME_KEYS = operator.itemgetter("current_hp", "max_hp", "floor", "act", "gold", "screen_type", "deck", "potions")
_PLAYER_KEYS = operator.itemgetter("current_hp", "max_hp", "block", "energy", "powers")
_CARD_KEY = operator.itemgetter("cost", "is_playable", "has_target", "type")
_MONSTER_KEYS = operator.itemgetter(
    "max_hp", "current_hp", "block", "intent", "move_adjusted_damage", "move_hits", "half_dead", "powers"
)
_FROM_BUFFER, _FLOAT32 = np.frombuffer, np.dtype(np.float32)
_MIN, _MAX, _ZERO, _HIGH = np.minimum, np.maximum, np.float32(0.0), np.float32(OBS_HIGH)
