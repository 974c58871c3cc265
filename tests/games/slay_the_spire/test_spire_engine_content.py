"""Every card, relic, potion and event of the embedded Slay the Spire engine in random play:
none of them may crash the engine, leave a screen without a legal command, or break an invariant of
the game after any command (``check_invariants``)."""

from __future__ import annotations

import contextlib
import random

import pytest

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands
from orak_gym.games.slay_the_spire.engine import relics as R
from orak_gym.games.slay_the_spire.engine.cards import CARDS, POWER, Card
from orak_gym.games.slay_the_spire.engine.combat import Combat, Creature
from orak_gym.games.slay_the_spire.engine.events import EVENTS, SHRINES
from orak_gym.games.slay_the_spire.engine.potions import POTIONS

SIGNED_POWERS = {"Strength", "Dexterity"}  # the only powers a creature may hold below zero
POWER_LIMIT = 10**4  # far above anything an act-1 run can stack; a larger amount is a runaway loop


def _piles(cb: Combat) -> list[list[Card]]:
    return [cb.hand, cb.draw_pile, cb.discard, cb.exhaust]


def _check_creature(cr: Creature, who: str) -> None:
    assert 0 <= cr.hp <= cr.max_hp, f"{who} HP {cr.hp}/{cr.max_hp}"
    assert 0 <= cr.block < POWER_LIMIT, f"{who} block {cr.block}"
    for pid, amt in cr.powers.items():
        assert isinstance(amt, int) and amt != 0 and abs(amt) < POWER_LIMIT, f"{who} power {pid}={amt}"
        assert amt > 0 or pid in SIGNED_POWERS, f"{who} power {pid}={amt}"


def check_invariants(eng: SpireEngine, before: tuple[Combat | None, dict[int, Card]]) -> tuple[Combat | None, dict]:
    """What must hold after every command; ``before`` is what the previous call returned (the fight and
    its cards then). HP in [0, max], block >= 0, no power at 0, only Strength/Dexterity below 0, energy
    >= 0, at most 10 cards in hand, and the fight's cards conserved: no card in two piles (or twice in
    one), and a card leaves the four piles only as a played Power (the game keeps no pile for those).
    New cards may appear (Anger, Wild Strike, statuses, potions, relics: the documented creations)."""
    p = eng.player
    assert eng.gold >= 0
    assert 0 <= p.hp <= p.max_hp, f"player HP {p.hp}/{p.max_hp}"
    assert len({id(c) for c in eng.deck}) == len(eng.deck), "a deck card appears twice"
    cb = eng.combat
    if cb is None or cb.over:
        return None, {}
    _check_creature(p, "player")
    for i, m in enumerate(cb.monsters):
        _check_creature(m, f"monster {i} {m.id}")
    assert cb.energy >= 0, f"energy {cb.energy}"
    assert len(cb.hand) <= 10, f"{len(cb.hand)} cards in hand"
    now = {id(c): c for pile in _piles(cb) for c in pile}
    assert len(now) == sum(len(pile) for pile in _piles(cb)), "a card is in two piles at once"
    old_cb, old = before
    if old_cb is cb:
        gone = [c for k, c in old.items() if k not in now]
        assert all(c.type == POWER for c in gone), f"cards left the piles: {[c.cid for c in gone]}"
    return cb, now


def drive(eng: SpireEngine, r: random.Random, steps: int) -> None:
    seen = check_invariants(eng, (None, {}))
    for _ in range(steps):
        if eng.is_over:
            return
        cmds = legal_commands(eng.state())
        assert cmds, eng.state()
        with contextlib.suppress(InvalidCommand):
            eng.apply(r.choice(cmds))
        seen = check_invariants(eng, seen)


def started(seed: int) -> SpireEngine:
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    return eng


@pytest.mark.parametrize("cid", sorted(CARDS))
def test_every_card_in_random_play(cid: str) -> None:
    for seed in range(2):
        eng = started(seed * 7919 + len(cid))
        for _ in range(4):
            eng.add_card(cid, upgrades=seed)
        drive(eng, random.Random(seed), 300)


@pytest.mark.parametrize("relic", R.COMMON + R.UNCOMMON + R.RARE + R.SHOP + R.BOSS)
def test_every_relic_in_random_play(relic: str) -> None:
    eng = started(len(relic) * 31)
    eng.obtain_relic(relic)
    assert relic in eng.relics
    drive(eng, random.Random(1), 300)


@pytest.mark.parametrize("pid", sorted(POTIONS))
def test_every_potion_in_combat(pid: str) -> None:
    eng = started(17)
    eng.start_combat("Jaw Worm", "monster")
    eng.potions[0] = pid
    cmd = "POTION use 0 0" if POTIONS[pid].target else "POTION use 0"
    if pid == "FairyPotion":
        with pytest.raises(InvalidCommand):
            eng.apply(cmd)
        return
    eng.apply(cmd)
    if pid == "EntropicBrew":  # it refills every slot, its own included
        assert None not in eng.potions
    else:
        assert eng.potions[0] is None
    drive(eng, random.Random(2), 100)


@pytest.mark.parametrize("event", EVENTS + SHRINES, ids=lambda e: e.NAME)
def test_every_event_reaches_the_map_or_a_fight(event: type) -> None:
    for seed in range(4):
        eng = started(seed)
        eng.floor_num, eng.gold = 8, 200 * (seed % 2)
        eng.room_type, eng.event, eng.screen = "EventRoom", event(eng), "EVENT"
        r = random.Random(seed)
        for _ in range(60):
            if eng.is_over or eng.state()["game_state"]["screen_type"] in ("MAP", "NONE"):
                break
            drive(eng, r, 1)
        assert eng.is_over or eng.state()["game_state"]["screen_type"] in ("MAP", "NONE")


@pytest.mark.parametrize("chunk", range(6))
def test_random_mixes_of_relics_cards_and_potions(chunk: int) -> None:
    """Runs started with random relics, cards and potions (1-HP monsters every third run) end,
    always offer a legal command, and clone to an identical state."""
    relics = R.COMMON + R.UNCOMMON + R.RARE + R.SHOP + R.BOSS
    cards, pots = sorted(CARDS), sorted(POTIONS)
    for seed in range(chunk * 25, chunk * 25 + 25):
        r = random.Random(seed)
        eng = started(seed)
        lament = seed % 3 == 0
        for _ in range(r.randrange(6)):
            eng.obtain_relic(r.choice(relics))
        for _ in range(r.randrange(8)):
            eng.add_card(r.choice(cards), upgrades=r.randrange(2))
        seen = check_invariants(eng, (None, {}))
        for step in range(6000):
            if eng.is_over:
                break
            if r.random() < 0.02 and None in eng.potions:
                eng.potions[eng.potions.index(None)] = r.choice(pots)
            cmds = legal_commands(eng.state())
            assert cmds, eng.state()
            if lament and "END" in cmds and len(cmds) > 1:
                cmds.remove("END")
            with contextlib.suppress(InvalidCommand):
                eng.apply(r.choice(cmds))
            seen = check_invariants(eng, seen)
            if lament:
                eng.neow_lament = 10**9
            if step % 97 == 0:
                assert eng.clone().state() == eng.state()
        assert eng.is_over
