"""Every card, relic, potion and event of the embedded Slay the Spire engine in random play:
none of them may crash the engine or leave a screen without a legal command."""

from __future__ import annotations

import contextlib
import random

import pytest

from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine, legal_commands
from orak_gym.games.slay_the_spire.engine import relics as R
from orak_gym.games.slay_the_spire.engine.cards import CARDS
from orak_gym.games.slay_the_spire.engine.events import EVENTS, SHRINES
from orak_gym.games.slay_the_spire.engine.potions import POTIONS


def drive(eng: SpireEngine, r: random.Random, steps: int) -> None:
    for _ in range(steps):
        if eng.is_over:
            return
        cmds = legal_commands(eng.state())
        assert cmds, eng.state()
        with contextlib.suppress(InvalidCommand):
            eng.apply(r.choice(cmds))


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
            if lament:
                eng.neow_lament = 10**9
            if step % 97 == 0:
                assert eng.clone().state() == eng.state()
        assert eng.is_over
