"""Small scenarios on the embedded Slay the Spire engine, each returning one number the real game decides.

The conformance table (``tests/games/slay_the_spire/test_spire_conformance.py``) pairs each scenario with the value
the real game gives and where that value is written down; this module only sets the scene and reads the number.
"""

from __future__ import annotations

import random

from orak_gym.games.slay_the_spire.engine import SpireEngine
from orak_gym.games.slay_the_spire.engine.cards import CARDS, Card
from orak_gym.games.slay_the_spire.engine.combat import Combat
from orak_gym.games.slay_the_spire.engine.monsters import MONSTERS, make
from orak_gym.games.slay_the_spire.engine.potions import POTIONS


def fight(encounter: str = "Cultist", relics: tuple[str, ...] = (), seed: int = 3) -> tuple[SpireEngine, Combat]:
    """A run placed straight into a hallway fight; the Cultist does nothing harmful on its first turn."""
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    for r in relics:
        eng.obtain_relic(r)
    eng.start_combat(encounter, "monster")
    assert eng.combat is not None
    return eng, eng.combat


def card(cid: str, upgrades: int = 0) -> Card:
    c = Card(cid)
    for _ in range(upgrades):
        c.upgrade()
    return c


def play_alone(cid: str, upgrades: int, measure: str) -> int:
    """Play one card, alone in the hand, on a 999-HP Cultist with nothing modifying it; read ``measure``:
    ``damage`` (the target's HP lost), ``block``, ``hp`` (the player's HP change, from 50 of 80),
    ``energy`` (gained, its cost added back), ``drawn`` (cards in hand afterwards), ``player:<power>``,
    ``target:<power>``."""
    eng, cb = fight()
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    p = cb.player
    p.hp, p.block = 50, 0
    c = card(cid, upgrades)
    cb.hand = [c]
    cb.energy = 5
    cost = cb.card_cost(c)
    eng.apply("PLAY 1 0" if c.target == "ENEMY" else "PLAY 1")
    return _read(eng, cb, measure, hp_before=50, energy_before=5 - max(cost, 0))


def drink(pid: str, measure: str) -> int:
    """Drink a potion in the Cultist fight (the target is the Cultist, at 999 HP) and read ``measure``
    (as ``play_alone``; ``max_hp`` too)."""
    eng, cb = fight()
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    cb.player.hp = 20
    cb.hand = []
    eng.potions[0] = pid
    energy = cb.energy
    eng.apply("POTION use 0 0" if POTIONS[pid].target else "POTION use 0")
    return _read(eng, cb, measure, hp_before=20, energy_before=energy)


def _read(eng: SpireEngine, cb: Combat, measure: str, hp_before: int, energy_before: int) -> int:
    p, m = cb.player, cb.monsters[0]
    if measure == "damage":
        return m.max_hp - m.hp
    if measure == "block":
        return p.block
    if measure == "hp":
        return p.hp - hp_before
    if measure == "max_hp":
        return p.max_hp
    if measure == "energy":
        return cb.energy - energy_before
    if measure == "drawn":
        return len(cb.hand)
    who, _, power = measure.partition(":")
    return (p if who == "player" else m).pw(power)


def end_turns(eng: SpireEngine, cb: Combat, n: int = 1) -> None:
    for _ in range(n):
        cb.hand = []
        eng.apply("END")


def monster_moves(monster_id: str, encounter: str, turns: int = 12, seeds: int = 8) -> dict[str, tuple[int, int]]:
    """Every move the monster shows over a few fights at ascension 0: name -> (base damage, hits)."""
    seen: dict[str, tuple[int, int]] = {}
    for seed in range(seeds):
        eng, cb = fight(encounter, seed=seed)
        for _ in range(turns):
            if cb.over:
                break
            for mon in cb.monsters:
                if mon.id == monster_id and not mon.gone:
                    _mid, name, _intent, dmg, hits = mon.move
                    seen.setdefault(name, (dmg, hits))
            cb.player.hp = cb.player.max_hp = 9999
            end_turns(eng, cb)
    return seen


def louse_after_one_grow(ascension: int, roll: int = 10) -> int:
    """The Red Louse's next move id after one Grow, for a low roll."""
    eng, cb = fight("2 Louse")
    eng.ascension = ascension
    lo = MONSTERS["FuzzyLouseNormal"](12)
    lo.st["bite"] = 6
    lo.history = [4]
    lo.get_move(cb, roll)
    return lo.move[0]


def anchor_block_on_turn_one() -> int:
    _eng, cb = fight(relics=("Anchor",))
    return cb.player.block


def end_of_turn_block(relics: tuple[str, ...], metallicize: int = 0, hand: tuple[str, ...] = ()) -> tuple[int, int]:
    """(block, HP lost) after ending turn 1 against the Cultist (who only chants), Barricade keeping the block."""
    eng, cb = fight(relics=relics)
    p = cb.player
    p.powers["Barricade"] = 1
    if metallicize:
        p.powers["Metallicize"] = metallicize
    hp = p.hp
    cb.hand = [card(c) for c in hand]
    eng.apply("END")
    return p.block, hp - p.hp


def plated_armor_after_chomp(block: int) -> int:
    """Plated Armor 4 (Thread and Needle) when a Jaw Worm's Chomp (11) meets ``block`` + the armor's 4."""
    eng, cb = fight("Jaw Worm", relics=("Thread and Needle",))
    assert cb.monsters[0].move[1] == "Chomp"
    cb.player.powers["Barricade"] = 1
    cb.player.block = block
    end_turns(eng, cb)
    return cb.player.pw("Plated Armor")


def combust_hp_loss(copies: int, upgrades: int) -> tuple[int, int]:
    """(HP lost at the end of the turn, the power's ``misc`` in the message) after playing copies of Combust."""
    eng, cb = fight()
    cb.hand = [card("Combust", upgrades) for _ in range(copies)]
    cb.energy = copies
    for _ in range(copies):
        eng.apply("PLAY 1")
    misc = next(pw for pw in eng.state()["game_state"]["combat_state"]["player"]["powers"] if pw["id"] == "Combust")
    hp = cb.player.hp
    end_turns(eng, cb)
    return hp - cb.player.hp, misc["misc"]


def per_turn_relic_after_split_plays(relic: str, cid: str, measure: str) -> int:
    """Two ``cid`` on turn 1, one on turn 2: a relic whose count of three starts again each turn must not fire.
    ``measure``: a player power, ``block`` (gained by the turn-2 play) or ``monster_hp`` (lost on turn 2)."""
    eng, cb = fight(relics=(relic,))
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    cb.player.powers["Barricade"] = 1
    cb.player.hp = cb.player.max_hp = 999

    def play(n: int) -> None:
        cb.hand = [card(cid) for _ in range(n)]
        cb.energy = 5
        for _ in range(n):
            eng.apply("PLAY 1 0" if cb.hand[0].target == "ENEMY" else "PLAY 1")

    play(2)
    end_turns(eng, cb)
    block, hp = cb.player.block, m.hp
    play(1)
    if measure == "block":
        return cb.player.block - block
    if measure == "monster_hp":
        return hp - m.hp
    return cb.player.pw(measure)


def first_map_current_node() -> dict | None:
    eng = SpireEngine(5)
    eng.apply("START IRONCLAD 0")
    eng._to_map()  # leaving Neow's room: the act's first map screen
    return eng.state()["game_state"]["screen_state"].get("current_node")


def power_json(who: str, power: str) -> dict:
    """The message's object for ``power`` after a Bash (Vulnerable on the Cultist), Clothesline (Weak on
    it), Inflame and a Cultist Potion (Strength, Ritual on the player)."""
    eng, cb = fight()
    cb.monsters[0].hp = cb.monsters[0].max_hp = 999
    cb.hand = [card("Bash"), card("Clothesline"), card("Inflame")]
    cb.energy = 10
    eng.apply("PLAY 1 0")
    eng.apply("PLAY 1 0")
    eng.apply("PLAY 1")
    eng.potions[0] = "CultistPotion"
    eng.apply("POTION use 0")
    cs = eng.state()["game_state"]["combat_state"]
    holder = cs["player"] if who == "player" else cs["monsters"][0]
    return next(pw for pw in holder["powers"] if pw["id"] == power)


def weak_after_lick(weak_before: int) -> int:
    """The player's Weak after an Acid Slime (M)'s Lick (Weak 1) and the end of that round."""
    eng, cb = fight()
    slime = MONSTERS["AcidSlime_M"](30)
    slime.move = (4, "Lick", "DEBUFF", -1, 1)
    cb.monsters = [slime]
    if weak_before:
        cb.player.powers["Weakened"] = weak_before
    end_turns(eng, cb)
    return cb.player.pw("Weakened")


def with_relic(
    relic: str,
    measure: str,
    encounter: str = "Cultist",
    kind: str = "monster",
    counter: int | None = None,
    deck_add: tuple[str, ...] = (),
) -> object:
    """A value on turn 1 of a fight (the Cultist's unless told) with ``relic``, the player starting at 50 of 80
    HP, the relic's counter set to ``counter`` and ``deck_add`` put in the deck first: ``player:<power>``,
    ``monster:<power>``, ``energy``, ``hand``, ``hp``, ``block``, ``draw:<card id>``, ``monster_hp``,
    ``monster_at_75`` (every monster's HP is int(0.75 x max HP), max HP unchanged)."""
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.obtain_relic(relic)
    if counter is not None:
        eng.counter[relic] = counter
        if relic == "NeowsBlessing":  # the engine keeps Neow's Lament's fights left apart from its counter
            eng.neow_lament = counter
    eng.deck += [card(c) for c in deck_add]
    eng.player.hp = 50
    eng.start_combat(encounter, kind)
    cb = eng.combat
    assert cb is not None
    who, _, what = measure.partition(":")
    if who == "player":
        return cb.player.pw(what)
    if who == "monster":
        return cb.monsters[0].pw(what)
    if who == "draw":
        return sum(c.cid == what for pile in (cb.hand, cb.draw_pile) for c in pile)
    if who == "monster_hp":
        return cb.monsters[0].hp
    if who == "monster_at_75":
        return all(m.hp == int(0.75 * m.max_hp) and m.max_hp >= m.hp + 2 for m in cb.monsters)
    return {"energy": cb.energy, "hand": len(cb.hand), "hp": cb.player.hp - 50, "block": cb.player.block}[who]


def hp_range(monster_id: str, draws: int = 400) -> tuple[int, int]:
    """(lowest, highest) HP over many monsters of that id, as fights roll them."""
    r = random.Random(0)
    hps = [make(r, monster_id).hp for _ in range(draws)]
    return min(hps), max(hps)


def move_effect(monster_id: str, encounter: str, move: str, measure: str) -> int:
    """``measure`` (``player:<power>``, ``monster:<power>``, ``monster_block``, ``discard:<card id>``, ``gold``
    stolen) after the monster
    alone performs ``move`` (its tuple seen in a fight, then forced) and the round ends."""
    tuple_of, seed = None, 0
    for seed in range(8):  # the seed that showed the move is fought again below
        eng, cb = fight(encounter, seed=seed)
        for _ in range(12):
            mon = next((m for m in cb.monsters if m.id == monster_id and not m.gone), None)
            if mon is None or cb.over:
                break
            if mon.move[1] == move:
                tuple_of = mon.move
                break
            cb.player.hp = cb.player.max_hp = 9999
            end_turns(eng, cb)
        if tuple_of:
            break
    assert tuple_of is not None, f"{monster_id} never showed {move}"
    eng, cb = fight(encounter, seed=seed)
    mon = next(m for m in cb.monsters if m.id == monster_id)
    mon.hp = mon.max_hp = 999
    mon.move = tuple_of
    cb.monsters = [mon]
    cb.player.hp = cb.player.max_hp = 9999
    gold = eng.gold
    end_turns(eng, cb)
    who, _, what = measure.partition(":")
    if who == "player":
        return cb.player.pw(what)
    if who == "monster":
        return mon.pw(what)
    if who == "discard":
        return sum(c.cid == what for c in cb.discard)
    if who == "monster_block":
        return mon.block
    return gold - eng.gold


def attacked(relics: tuple[str, ...], damage: int) -> int:
    """HP the player loses to one monster attack of ``damage`` (no block)."""
    _eng, cb = fight(relics=relics)
    hp = cb.player.hp
    cb.damage(cb.player, damage, cb.monsters[0])
    return hp - cb.player.hp


def hit_monster(relics: tuple[str, ...], damage: int, block: int = 0, measure: str = "hp") -> int:
    """The Cultist's HP lost (or its ``Vulnerable``) after one attack hit of ``damage`` by the player."""
    _eng, cb = fight(relics=relics)
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    m.block = block
    cb.damage(m, damage, cb.player)
    return 999 - m.hp if measure == "hp" else m.pw(measure)


def strike_after_counter(relic: str, counter: int, measure: str) -> int:
    """One Strike with ``relic``'s count of attacks at ``counter``: the Cultist's HP lost or the energy left."""
    eng, cb = fight(relics=(relic,))
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    eng.counter[relic] = counter
    cb.hand = [card("Strike_R")]
    cb.energy = 3
    eng.apply("PLAY 1 0")
    return 999 - m.hp if measure == "damage" else cb.energy


def energy_on_turn(relics: tuple[str, ...], turn: int, attack_each_turn: bool = True) -> int:
    """Energy at the start of ``turn`` (the Cultist at 999 HP; a Strike played each turn, or none)."""
    eng, cb = fight(relics=relics)
    cb.monsters[0].hp = cb.monsters[0].max_hp = 999
    cb.player.hp = cb.player.max_hp = 999
    while cb.turn < turn:
        cb.hand = [card("Strike_R")] if attack_each_turn else []
        if attack_each_turn:
            cb.energy = max(cb.energy, 1)
            eng.apply("PLAY 1 0")
        end_turns(eng, cb)
    return cb.energy


def block_on_turn(relics: tuple[str, ...], turn: int, block_before: int = 0) -> int:
    """Block at the start of ``turn`` (the Cultist only chants then strikes for 6; the player at 999 HP),
    ``block_before`` set at the end of each turn before it."""
    eng, cb = fight(relics=relics)
    cb.player.hp = cb.player.max_hp = 999
    cb.monsters[0].hp = cb.monsters[0].max_hp = 999
    cb.monsters[0].move = (3, "Incantation", "BUFF", -1, 1)
    while cb.turn < turn:
        cb.player.block = block_before
        cb.monsters[0].move = (3, "Incantation", "BUFF", -1, 1)
        end_turns(eng, cb)
    return cb.player.block


def monster_hp_lost_by_turn(relics: tuple[str, ...], turn: int) -> int:
    """The Cultist's HP lost by the start of ``turn`` with no card played."""
    eng, cb = fight(relics=relics)
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    cb.player.hp = cb.player.max_hp = 999
    while cb.turn < turn:
        end_turns(eng, cb)
    return 999 - m.hp


def after_hp_loss(relic: str, measure: str) -> int:
    """After the player's first HP loss of the fight (3 from Hemokinesis-like self damage):
    ``hand`` size (from an empty hand), ``player:<power>``."""
    _eng, cb = fight(relics=(relic,))
    cb.hand = []
    cb.player.hp = 41
    cb.lose_hp(3)
    return len(cb.hand) if measure == "hand" else cb.player.pw(measure.partition(":")[2])


def block_after_shuffles(relic: str, shuffles: int, measure: str) -> int:
    """Block or energy after ``shuffles`` reshuffles of the discard pile into the draw pile."""
    _eng, cb = fight(relics=(relic,))
    cb.player.block, cb.energy = 0, 0
    for _ in range(shuffles):
        cb.discard = [card("Strike_R")]
        cb.reshuffle()
    return cb.player.block if measure == "block" else cb.energy


def exhaust_one(relic: str) -> int:
    """The Cultist's HP lost when one card is exhausted."""
    _eng, cb = fight(relics=(relic,))
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    cb.hand = [card("Strike_R")]
    cb.exhaust_card(cb.hand[0])
    return 999 - m.hp


def kill_one_of_two(relic: str) -> tuple[int, int]:
    """(energy gained, cards drawn) when one of two lice dies to a Strike."""
    eng, cb = fight("2 Louse", relics=(relic,))
    cb.monsters[0].hp, cb.monsters[0].powers = 1, {}
    cb.hand = [card("Strike_R")]
    cb.energy = 1
    eng.apply("PLAY 1 0")
    return cb.energy, len(cb.hand)


def heal_after_win(relics: tuple[str, ...], hp: int) -> int:
    """HP gained when a fight is won at ``hp`` of 80."""
    eng, cb = fight(relics=relics)
    m = cb.monsters[0]
    m.hp = 1
    cb.player.hp = hp
    cb.hand = [card("Strike_R")]
    cb.energy = 1
    eng.apply("PLAY 1 0")
    assert cb.over
    return eng.player.hp - hp


def vulnerable_hit(relic: str, on_player: bool) -> int:
    """An attack of 10 on a Vulnerable target (the player or the Cultist): the HP it costs."""
    _eng, cb = fight(relics=(relic,))
    m, p = cb.monsters[0], cb.player
    m.hp = m.max_hp = p.hp = p.max_hp = 999
    tgt, src = (p, m) if on_player else (m, p)
    tgt.powers["Vulnerable"] = 2
    cb.damage(tgt, cb.attack_damage(10, src, tgt), src)
    return 999 - tgt.hp


def power_play_heal(relic: str) -> int:
    eng, cb = fight(relics=(relic,))
    cb.player.hp = 40
    cb.hand = [card("Inflame")]
    cb.energy = 1
    eng.apply("PLAY 1")
    return cb.player.hp - 40


def bombs(upgrades: tuple[int, ...], turns: int) -> tuple[int, list[dict]]:
    """Bombs played on turn 1 against a 999-HP Cultist: (its HP lost by the start of turn ``turns`` + 1,
    the player's power objects in the message after the plays)."""
    eng, cb = fight()
    m = cb.monsters[0]
    m.hp = m.max_hp = 999
    cb.player.hp = cb.player.max_hp = 999
    cb.hand = [card("The Bomb", u) for u in upgrades]
    cb.energy = 2 * len(upgrades)
    for _ in upgrades:
        eng.apply("PLAY 1")
    powers = eng.state()["game_state"]["combat_state"]["player"]["powers"]
    for _ in range(turns):
        end_turns(eng, cb)
    return 999 - m.hp, powers


def card_static_facts(cid: str) -> tuple[str, str, tuple[int, int], str, str, str, str]:
    """``cid`` and its upgrade as the deck in the message shows them (innate read from the card), in the
    shape of ``spire_card_facts.CARD_FACTS``."""
    eng = SpireEngine(1)
    eng.apply("START IRONCLAD 0")
    base, up = Card(cid), Card(cid)
    if up.upgradable:
        up.upgrade()
    eng.deck = [base, up]
    shown = eng.state()["game_state"]["deck"]

    def yn(key: str) -> str:
        return "".join("Y" if c[key] else "N" for c in shown)

    innate = "".join("Y" if c.has("innate") else "N" for c in (base, up))
    cost = (shown[0]["cost"], shown[1]["cost"])
    return shown[0]["type"], shown[0]["rarity"], cost, yn("has_target"), yn("exhausts"), yn("ethereal"), innate


def potion_outcome(pid: str, measure: str) -> object:
    """A potion drunk on turn 1 of the Cultist fight (hand of 3 Strikes, 5 cards in the draw pile, the
    other two slots empty): ``upgraded`` (cards in hand upgraded), ``draw_pile`` (its size), ``filled``
    (potions in the belt), ``choices`` (card types offered), ``fairy`` (HP after a lethal hit)."""
    eng, cb = fight()
    cb.monsters[0].hp = cb.monsters[0].max_hp = 999
    cb.hand = [card("Strike_R") for _ in range(3)]
    eng.potions = [pid, None, None]
    if measure == "fairy":
        cb.player.hp = 5
        cb.damage(cb.player, 50, cb.monsters[0])
        return cb.player.hp, eng.potions[0]
    draw = len(cb.draw_pile)
    eng.apply("POTION use 0 0" if POTIONS[pid].target else "POTION use 0")
    if measure == "upgraded":
        return sum(c.upgrades for c in cb.hand)
    if measure == "draw_pile":
        return draw - len(cb.draw_pile)
    if measure == "filled":
        return sum(p is not None for p in eng.potions)
    choices = eng.state()["game_state"]["screen_state"]["cards"]
    return len(choices), sorted({c["type"] for c in choices})


def picked_up(relic: str) -> tuple[int, int, int]:
    """(HP, max HP, potion slots) right after picking ``relic`` up at 50 of 80 HP."""
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.player.hp = 50
    eng.obtain_relic(relic)
    return eng.player.hp, eng.player.max_hp, len(eng.potions)


def heal_on_entering(room: str, relic: str) -> int:
    """HP gained at 20 of 80 by resting at a rest site (``rest``) or entering a shop (``shop``)."""
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.obtain_relic(relic)
    eng.player.hp = 20
    if room == "rest":
        eng._enter_rest()
        eng.apply(f"CHOOSE {eng.state()['game_state']['choice_list'].index('rest')}")
    else:
        eng._enter_shop()
    return eng.player.hp - 20


def _play(eng: SpireEngine, cb: Combat, *cids: str) -> None:
    """Put ``cids`` in the hand and play them in order (enough energy given), each at the first monster."""
    cb.hand = [card(c) for c in cids]
    cb.energy = 9
    for _ in cids:
        eng.apply("PLAY 1 0" if cb.hand[0].target == "ENEMY" else "PLAY 1")


def _calm_fight(relics: tuple[str, ...] = ()) -> tuple[SpireEngine, Combat]:
    """The Cultist fight, both at 999 HP, the Cultist only chanting (no attack ever reaches the player)."""
    eng, cb = fight(relics=relics)
    m, p = cb.monsters[0], cb.player
    m.hp = m.max_hp = p.hp = p.max_hp = 999
    m.move = (3, "Incantation", "BUFF", -1, 1)
    return eng, cb


def _next_turn(eng: SpireEngine, cb: Combat) -> None:
    cb.monsters[0].move = (3, "Incantation", "BUFF", -1, 1)
    end_turns(eng, cb)


def player_power(pid: str, amount: int, measure: str) -> object:
    """The player holds ``pid`` x ``amount`` in the calm Cultist fight; one small thing happens and
    ``measure`` is read. Each measure names what happened:
    ``debuffed`` (Weak 2 applied: (Weak, the power left)), ``block_next_turn`` (10 block, then the turn ends),
    ``energy_next_turn``, ``strength_next_turn``, ``dexterity_next_turn``, ``brutality`` ((HP lost, hand) on turn 2),
    ``hit10`` (HP lost to an attack of 10 from the Cultist, and the power left), ``attacked`` (the Cultist's HP lost
    to its own attack of 6), ``defend`` (block from one Defend), ``strike`` (damage of one Strike, the power left),
    ``defend_cost`` ((energy spent, cards exhausted) by one Defend), ``exhaust`` ((cards drawn, block) when one card
    is exhausted), ``draw_wound`` ((cards in hand, the Cultist's HP lost) after drawing a Wound on top of a Strike),
    ``strike_playable``, ``pommel`` (cards in hand after Pommel Strike), ``five_defends`` (the Cultist's HP lost),
    ``heal_end_turn`` ((HP gained by the end of the turn at 500 HP, the power left)), ``bloodletting`` (Strength after
    it), ``bash`` (the Cultist's HP lost to Bash), ``true_grit`` (the Cultist's HP lost to a True Grit+)."""
    eng, cb = _calm_fight()
    p, m = cb.player, cb.monsters[0]
    p.powers[pid] = amount
    if measure == "debuffed":
        cb.apply(p, "Weakened", 2)
        return p.pw("Weakened"), p.pw(pid)
    if measure == "block_next_turn":
        p.block = 10
        _next_turn(eng, cb)
        return p.block
    if measure in ("energy_next_turn", "strength_next_turn", "dexterity_next_turn"):
        _next_turn(eng, cb)
        return {"energy": cb.energy, "strength": p.pw("Strength"), "dexterity": p.pw("Dexterity")}[
            measure.split("_")[0]
        ]
    if measure == "brutality":
        cb.draw_pile = [card("Strike_R") for _ in range(10)]
        _next_turn(eng, cb)
        return 999 - p.hp, len(cb.hand)
    if measure == "hit10":
        cb.damage(p, cb.attack_damage(10, m, p), m)
        return 999 - p.hp, p.pw(pid)
    if measure == "attacked":
        cb.damage(p, 6, m)
        return 999 - m.hp
    if measure == "defend":
        _play(eng, cb, "Defend_R")
        return p.block
    if measure == "strike":
        _play(eng, cb, "Strike_R")
        return 999 - m.hp, p.pw(pid)
    if measure == "defend_cost":
        cb.hand = [card("Defend_R")]
        cb.energy = 3
        eng.apply("PLAY 1")
        return 3 - cb.energy, len(cb.exhaust)
    if measure == "exhaust":
        cb.hand = [card("Strike_R")]
        cb.exhaust_card(cb.hand[0])
        return len(cb.hand), p.block
    if measure == "draw_wound":
        cb.hand = []
        cb.draw_pile = [card("Strike_R"), card("Strike_R"), card("Wound")]
        cb.draw(1)
        return len(cb.hand), 999 - m.hp
    if measure == "strike_playable":
        cb.hand = [card("Strike_R")]
        return bool(eng.state()["game_state"]["combat_state"]["hand"][0]["is_playable"])
    if measure == "pommel":
        _play(eng, cb, "Pommel Strike")
        return len(cb.hand)
    if measure == "five_defends":
        _play(eng, cb, *["Defend_R"] * 5)
        return 999 - m.hp
    if measure == "heal_end_turn":
        p.hp = 500
        _next_turn(eng, cb)
        return p.hp - 500, p.pw(pid)
    if measure == "bloodletting":
        _play(eng, cb, "Bloodletting")
        return p.pw("Strength")
    if measure == "bash":
        _play(eng, cb, "Bash")
        return 999 - m.hp
    raise ValueError(measure)


def monster_power(monster_id: str, encounter: str, pid: str, amount: int, measure: str) -> object:
    """``monster_id`` alone (999 HP) holds ``pid`` x ``amount``: ``skill`` (its Strength after the player
    plays a Defend), ``strike`` ((its Strength, block, the power left) after one Strike), ``strike_hp`` (the
    player's HP lost to playing a Strike), ``dies`` (the player's Vulnerable after it dies to a Strike),
    ``damage30`` (its power after 30 damage and whether the mode shifted), ``end_turn`` (its Strength
    after the turn ends, having lost 9)."""
    eng, cb = fight(encounter)
    mon = next(m for m in cb.monsters if m.id == monster_id)
    if measure != "dies":  # a death that ends the fight would end it before its effect shows
        cb.monsters = [mon]
    mon.hp = mon.max_hp = 999
    p = cb.player
    p.hp = p.max_hp = 999
    mon.powers = {pid: amount}
    if measure == "skill":
        _play(eng, cb, "Defend_R")
        return mon.pw("Strength")
    if measure == "strike":
        _play(eng, cb, "Strike_R")
        return mon.pw("Strength"), mon.block, mon.pw(pid)
    if measure == "strike_hp":
        _play(eng, cb, "Strike_R")
        return 999 - p.hp
    if measure == "end_turn":
        mon.powers["Strength"] = -amount
        mon.move = (3, "Incantation", "BUFF", -1, 1)
        end_turns(eng, cb)
        return mon.pw("Strength")
    if measure == "dies":
        mon.hp = 1
        _play(eng, cb, "Strike_R")
        return p.pw("Vulnerable")
    raise ValueError(measure)


def relic_case(relic: str, measure: str) -> object:
    """``relic`` held in the calm Cultist fight (both at 999 HP) unless told; ``measure`` names what happens:
    ``strike`` (the Cultist's HP lost to one Strike), ``weak``/``frail`` (the player's after 2 are applied),
    ``energy_next_turn`` (3 left unspent), ``lethal`` (HP after a lethal hit at 5 of 80), ``bash_weak`` (the
    Cultist's Weak after Bash), ``heal10`` (HP gained by a heal of 10), ``whirlwind`` (the Cultist's HP lost to
    Whirlwind with 3 energy), ``hp_loss_hand`` (cards drawn by losing 3 HP), ``hand_next_turn`` (hand size on turn 2
    after keeping 5 unplayed), ``block_potion`` (block from a Block Potion), ``upgraded_turn1`` (cards in the opening
    hand upgraded), ``potion_heal`` (HP gained by drinking a Block Potion at 500), ``play_curse`` ((HP lost, cards
    exhausted) playing Regret), ``play_wound`` (cards exhausted playing a Wound), ``last_card`` (hand after playing
    the only card), ``pocketwatch`` (hand on turn 2 after 1 card played), ``tenth_card`` (hand after one Defend with
    the counter at 9), ``power_then_cost`` (a Strike's cost after playing Inflame), ``exhaust_hand`` (hand after one
    card is exhausted), ``pellets`` (Weak after Strike, Defend, Inflame), ``win_at_40`` ((HP, max HP) after a win
    at 40 of 80), ``turn1_screen`` (the screen on turn 1)."""
    eng, cb = _calm_fight((relic,))
    p, m = cb.player, cb.monsters[0]
    if measure == "strike":
        _play(eng, cb, "Strike_R")
        return 999 - m.hp
    if measure in ("weak", "frail"):
        name = "Weakened" if measure == "weak" else "Frail"
        cb.apply(p, name, 2, False)
        return p.pw(name)
    if measure == "energy_next_turn":
        cb.energy = 3
        cb.hand = []
        _next_turn(eng, cb)
        return cb.energy
    if measure == "lethal":
        p.hp, p.max_hp = 5, 80
        cb.damage(p, 50, m)
        return p.hp
    if measure == "bash_weak":
        _play(eng, cb, "Bash")
        return m.pw("Weakened")
    if measure == "heal10":
        p.hp = 500
        cb.heal(10)
        return p.hp - 500
    if measure == "whirlwind":
        cb.hand = [card("Whirlwind")]
        cb.energy = 3
        eng.apply("PLAY 1")
        return 999 - m.hp
    if measure == "hp_loss_hand":
        cb.hand = []
        cb.lose_hp(3)
        return len(cb.hand)
    if measure == "hand_next_turn":
        cb.hand = [card("Defend_R") for _ in range(5)]
        cb.draw_pile = [card("Strike_R") for _ in range(10)]
        cb.monsters[0].move = (3, "Incantation", "BUFF", -1, 1)
        eng.apply("END")
        return len(cb.hand)
    if measure == "block_potion":
        eng.potions[0] = "Block Potion"
        eng.apply("POTION use 0")
        return p.block
    if measure == "upgraded_turn1":
        return sum(c.upgrades > 0 for c in cb.hand)
    if measure == "potion_heal":
        p.hp = 500
        eng.potions[0] = "Block Potion"
        eng.apply("POTION use 0")
        return p.hp - 500
    if measure == "play_curse":
        cb.hand = [card("Regret")]
        hp = p.hp
        eng.apply("PLAY 1")
        return hp - p.hp, len(cb.exhaust)
    if measure == "play_wound":
        cb.hand = [card("Wound")]
        eng.apply("PLAY 1")
        return len(cb.exhaust)
    if measure == "last_card":
        _play(eng, cb, "Defend_R")
        return len(cb.hand)
    if measure == "pocketwatch":
        cb.draw_pile = [card("Strike_R") for _ in range(10)]
        _play(eng, cb, "Defend_R")
        _next_turn(eng, cb)
        return len(cb.hand)
    if measure == "tenth_card":
        eng.counter[relic] = 9
        _play(eng, cb, "Defend_R")
        return len(cb.hand)
    if measure == "power_then_cost":
        cb.hand = [card("Inflame"), card("Strike_R")]
        cb.energy = 3
        eng.apply("PLAY 1")
        return cb.card_cost(cb.hand[0])
    if measure == "exhaust_hand":
        cb.hand = [card("Strike_R")]
        cb.exhaust_card(cb.hand[0])
        return len(cb.hand)
    if measure == "pellets":
        p.powers["Weakened"] = 3
        _play(eng, cb, "Strike_R", "Defend_R", "Inflame")
        return p.pw("Weakened")
    if measure == "win_at_40":
        p.hp, p.max_hp = 40, 80
        m.hp = 1
        _play(eng, cb, "Strike_R")
        return eng.player.hp, eng.player.max_hp
    if measure == "turn1_screen":
        return eng.state()["game_state"]["screen_type"]
    raise ValueError(measure)


def card_obtained(relic: str, cid: str) -> tuple[int, int, int, int]:
    """(cards added, upgrades on it, max HP, gold) after ``relic`` is held and ``cid`` is added to the deck
    outside a fight (start: 80 max HP, 99 gold)."""
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.obtain_relic(relic)
    eng.gold = 99
    n = len(eng.deck)
    c = eng.add_card(cid)
    return len(eng.deck) - n, c.upgrades if c else 0, eng.player.max_hp, eng.gold


def potion_flow(pid: str, measure: str) -> object:
    """A potion drunk on turn 1 of the Cultist fight (hand: Strike, Defend, Bash; 5 cards to draw; a Defend in
    the discard pile), then its screen answered: ``pick2`` (choose the first two cards and confirm: (hand size,
    exhausted, discarded)), ``memories`` (take the Defend back: (hand size, its cost this turn)), ``choices``
    (the cards offered: (how many, their colors)), ``escaped`` (the fight left: (no fight, gold)), ``in_boss_fight``
    (whether it can be drunk against Hexaghost)."""
    from orak_gym.games.slay_the_spire.engine.potions import can_use

    if measure == "in_boss_fight":
        eng = SpireEngine(3)
        eng.apply("START IRONCLAD 0")
        eng.start_combat("Hexaghost", "boss")
        eng.potions[0] = pid
        return can_use(eng, pid)
    eng, cb = fight()
    cb.monsters[0].hp = cb.monsters[0].max_hp = 999
    cb.hand = [card("Strike_R"), card("Defend_R"), card("Bash")]
    cb.draw_pile = [card("Strike_R") for _ in range(5)]
    cb.discard = [card("Defend_R")]
    eng.potions[0] = pid
    gold = eng.gold
    eng.apply("POTION use 0")
    if measure == "pick2":
        eng.apply("CHOOSE 0")
        eng.apply("CHOOSE 0")
        eng.apply("CONFIRM")
        return len(cb.hand), len(cb.exhaust), len(cb.discard)
    if measure == "memories":
        eng.apply("CHOOSE 0")
        if eng.state()["game_state"]["screen_type"] == "GRID":
            eng.apply("CONFIRM")
        back = cb.hand[-1]
        return len(cb.hand), cb.card_cost(back)
    if measure == "choices":
        shown = eng.state()["game_state"]["screen_state"]["cards"]
        return len(shown), sorted({CARDS[c["id"]].color for c in shown})
    if measure == "escaped":
        return eng.combat is None, eng.gold - gold
    raise ValueError(measure)


def guardian_hit(damage: int) -> tuple[int, str, int]:
    """The Guardian (Mode Shift 30) takes ``damage`` from one hit: (Mode Shift left, its next move, its block)."""
    _eng, cb = fight("The Guardian")
    g = cb.monsters[0]
    g.hp = g.max_hp = 999
    g.powers["Mode Shift"] = 30
    g.block = 0
    cb.damage(g, damage, cb.player)
    return g.pw("Mode Shift"), g.move[1], g.block


def _run(relics: tuple[str, ...] = (), seed: int = 3) -> SpireEngine:
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    for r in relics:
        eng.obtain_relic(r)
    return eng


def obtained(relic: str, measure: str, deck_add: tuple[str, ...] = ()) -> object:
    """Right after picking ``relic`` up at the start of a run (99 gold, the starter deck): ``gold`` (gained),
    ``upgrades`` (in the deck), ``rewards`` (the reward types offered, sorted), ``grid`` ((screen type, cards to
    pick, cards offered)), ``starters`` ((Strikes and Defends left, deck size)), ``max_hp`` (gained),
    ``deck:<card id>`` (copies in the deck)."""
    eng = SpireEngine(3)
    eng.apply("START IRONCLAD 0")
    eng.deck += [card(c) for c in deck_add]
    gold, max_hp = eng.gold, eng.player.max_hp
    eng.obtain_relic(relic)
    gs = eng.state()["game_state"]
    if measure == "gold":
        return eng.gold - gold
    if measure == "max_hp":
        return eng.player.max_hp - max_hp
    if measure == "upgrades":
        return sum(c.upgrades for c in eng.deck)
    if measure == "rewards":
        return sorted(r["reward_type"] for r in gs["screen_state"]["rewards"])
    if measure == "grid":
        return gs["screen_type"], gs["screen_state"]["num_cards"], len(gs["screen_state"]["cards"])
    if measure == "starters":
        return sum(c.cid in ("Strike_R", "Defend_R") for c in eng.deck), len(eng.deck)
    if measure.startswith("deck:"):
        return sum(c.cid == measure[5:] for c in eng.deck)
    raise ValueError(measure)


def shop_with(relic: str, measure: str) -> object:
    """A shop entered with ``relic`` (much gold): ``purge`` (its purge cost) or ``prices`` (its prices' sum over
    the same shop's without the relic, to one decimal)."""
    eng = _run((relic,))
    eng.gold = 9999
    eng._enter_shop()
    if measure == "purge":
        return eng.shop["purge_cost"]
    plain = _run()
    plain._enter_shop()

    def total(e: SpireEngine) -> int:
        return sum(p for kind in ("cards", "relics", "potions") for _x, p in e.shop[kind])

    return round(total(eng) / total(plain), 1)


def rest_with(relic: str, measure: str) -> object:
    """A rest site entered at 20 of 80 HP with ``relic``: ``options`` (its choices), ``hp`` (gained on entering),
    ``rested`` (the screen after resting)."""
    eng = _run((relic,))
    eng.player.hp = 20
    eng._enter_rest()
    gs = eng.state()["game_state"]
    if measure == "options":
        return gs["choice_list"]
    if measure == "hp":
        return eng.player.hp - 20
    eng.apply(f"CHOOSE {gs['choice_list'].index('rest')}")
    gs = eng.state()["game_state"]
    return gs["screen_type"], sorted(r["reward_type"] for r in gs["screen_state"].get("rewards", []))


def won_with(relic: str, measure: str, kind: str = "monster", encounter: str = "Cultist") -> object:
    """The reward screen after winning a fight with ``relic``: ``rewards`` (its types, sorted), ``cards``
    (cards offered by the first card reward), ``bowl`` (whether the card reward offers Singing Bowl)."""
    eng = _run((relic,))
    eng.start_combat(encounter, kind)
    cb = eng.combat
    assert cb is not None
    cb.monsters[0].hp = 1  # one-monster encounters only
    cb.monsters[0].powers = {}
    _play(eng, cb, "Strike_R")
    gs = eng.state()["game_state"]
    rewards = gs["screen_state"]["rewards"]
    if measure == "rewards":
        return sorted(r["reward_type"] for r in rewards)
    eng.apply(f"CHOOSE {next(i for i, r in enumerate(rewards) if r['reward_type'] == 'CARD')}")
    gs = eng.state()["game_state"]
    if measure == "cards":
        return len(gs["screen_state"]["cards"])
    return bool(gs["screen_state"].get("bowl_available"))


def idol_gold(source: str) -> int:
    """Gold gained with Golden Idol from ``reward10`` (a fight's gold reward of 10) or ``old_coin``."""
    eng = _run(("Golden Idol",))
    gold = eng.gold
    if source == "old_coin":
        eng.obtain_relic("Old Coin")
        return eng.gold - gold
    eng.start_combat("Cultist", "monster", rewards=[{"reward_type": "GOLD", "gold": 10}])
    cb = eng.combat
    assert cb is not None
    cb.monsters[0].hp = 1
    _play(eng, cb, "Strike_R")
    gold = eng.gold
    eng.apply("CHOOSE 0")
    return eng.gold - gold


def tea_set_energy(rest_first: bool) -> int:
    """Energy on turn 1 of a fight with Ancient Tea Set, a rest site entered before it or not."""
    eng = _run(("Ancient Tea Set",))
    if rest_first:
        eng._enter_rest()
    eng.start_combat("Cultist", "monster")
    assert eng.combat is not None
    return eng.combat.energy


def question_rooms(relic: str, rooms: int = 40) -> list[str]:
    """What the first ``rooms`` ``?`` rooms of a run with ``relic`` roll into (M, $, T or ? for an event)."""
    eng = _run((relic,))
    return [eng._roll_question() for _ in range(rooms)]


def maw_bank(spent: bool) -> int:
    """Gold gained by climbing a floor with Maw Bank, after buying in a shop or not."""
    eng = _run(("Maw Bank",))
    if spent:
        eng.gold = 999
        eng._enter_shop()
        eng._shop_buy(next(k for k, (_n, kind, _i) in enumerate(eng._shop_items()) if kind == "card"))
    gold = eng.gold
    eng._climb()
    return eng.gold - gold


def spoon_outcomes(plays: int = 40) -> tuple[bool, bool]:
    """Seeing Red (it exhausts) played ``plays`` times with Strange Spoon: (ever exhausted, ever discarded)."""
    eng, cb = _calm_fight(("Strange Spoon",))
    for _ in range(plays):
        _play(eng, cb, "Seeing Red")
    return bool(cb.exhaust), any(c.cid == "Seeing Red" for c in cb.discard)


def toolbox_offer() -> tuple[str, int, list[str]]:
    """Turn 1 of a fight with Toolbox: (the screen, cards offered, their colors)."""
    eng, _cb = fight(relics=("Toolbox",))
    gs = eng.state()["game_state"]
    cards = gs["screen_state"]["cards"]
    return gs["screen_type"], len(cards), sorted({CARDS[c["id"]].color for c in cards})


def chest_relics(relic: str, chests: int) -> list[int]:
    """Relics in each of ``chests`` non-boss chests opened with ``relic``."""
    eng = _run((relic,))
    out = []
    for _ in range(chests):
        eng._enter_treasure()
        eng._open_chest()
        out.append(sum(r["reward_type"] == "RELIC" for r in eng.rewards))
    return out


def wing_boots_choices() -> bool:
    """Whether, from a room of row 0, Wing Boots offers every room of row 1."""
    eng = _run(("WingedGreaves",))
    eng.cur = next(xy for xy in sorted(eng.map) if xy[1] == 0)
    return {(n.x, n.y) for n in eng._next_nodes()} == {xy for xy in eng.map if xy[1] == 1}


def serpent_gold() -> int:
    """Gold gained on entering a ``?`` room with Ssserpent Head (and Juzu Bracelet, so no fight)."""
    eng = _run(("SsserpentHead", "Juzu Bracelet"))
    node = next(n for xy, n in sorted(eng.map.items()) if n.symbol == "?")
    eng.cur = None
    gold = eng.gold
    eng._enter_node(node)
    return eng.gold - gold


def large_slime_split() -> tuple[str, list[tuple[str, int]]]:
    """A Large Acid Slime (66 HP) hit down to 33: (its next move, the monsters standing after its turn, HP)."""
    eng, cb = fight("Large Slime")
    slime = next(m for m in cb.monsters if m.id == "AcidSlime_L")
    cb.monsters = [slime]
    slime.hp = slime.max_hp = 66
    cb.player.hp = cb.player.max_hp = 999
    cb.damage(slime, 33, cb.player)
    move = slime.move[1]
    end_turns(eng, cb)
    return move, [(m.id, m.hp) for m in cb.monsters if not m.gone]
