"""Rules of the embedded Slay the Spire engine: damage/block modifiers and their rounding,
debuff timing, and every act-1 monster's move pattern."""

from __future__ import annotations

from itertools import pairwise

import pytest

from orak_gym.games.slay_the_spire.engine import SpireEngine
from orak_gym.games.slay_the_spire.engine.cards import Card
from orak_gym.games.slay_the_spire.engine.combat import Combat
from orak_gym.games.slay_the_spire.engine.monsters import MONSTERS


def fight(encounter: str, seed: int = 3, kind: str = "monster") -> tuple[SpireEngine, Combat]:
    """A run placed straight into a fight with the named encounter."""
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    eng.start_combat(encounter, kind)
    assert eng.combat is not None
    return eng, eng.combat


def triples(seq: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(seq, seq[1:], seq[2:], strict=False))


def with_hand(cb: Combat, *cids: str) -> None:
    cb.hand = [Card(c) for c in cids]
    cb.energy = 10


def monster_json(eng: SpireEngine, i: int = 0) -> dict:
    return eng.state()["game_state"]["combat_state"]["monsters"][i]


# ------------------------------------------------------------------ damage and block
@pytest.mark.parametrize(
    ("strength", "weak", "vuln", "expected"),
    [
        (0, False, False, 6),
        (2, False, False, 8),
        (-2, False, False, 4),
        (-9, False, False, 0),  # never below zero
        (0, True, False, 4),  # 6 * 0.75 = 4.5 -> 4
        (0, False, True, 9),
        (0, True, True, 6),  # 6 * 0.75 * 1.5 = 6.75 -> 6
        (3, True, True, 10),  # 9 * 0.75 * 1.5 = 10.125 -> 10
        (1, False, True, 10),  # 7 * 1.5 = 10.5 -> 10
    ],
)
def test_strike_damage_modifiers_and_rounding(strength: int, weak: bool, vuln: bool, expected: int) -> None:
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    m.block = 0
    if strength:
        cb.player.powers["Strength"] = strength
    if weak:
        cb.player.powers["Weakened"] = 1
    if vuln:
        m.powers["Vulnerable"] = 1
    with_hand(cb, "Strike_R")
    hp = m.hp
    eng.apply("PLAY 1 0")
    assert hp - m.hp == expected


def test_heavy_blade_multiplies_strength() -> None:
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    m.hp = m.max_hp = 200
    cb.player.powers["Strength"] = 2
    with_hand(cb, "Heavy Blade")
    hp = m.hp
    eng.apply("PLAY 1 0")
    assert hp - m.hp == 14 + 2 * 3
    cb.hand = [Card("Heavy Blade", 1)]
    hp = m.hp
    eng.apply("PLAY 1 0")
    assert hp - m.hp == 14 + 2 * 5


@pytest.mark.parametrize(
    ("dex", "frail", "expected"),
    [(0, False, 5), (2, False, 7), (-2, False, 3), (0, True, 3), (2, True, 5), (-9, False, 0)],
)
def test_defend_block_dexterity_frail(dex: int, frail: bool, expected: int) -> None:
    eng, cb = fight("Jaw Worm")
    if dex:
        cb.player.powers["Dexterity"] = dex
    if frail:
        cb.player.powers["Frail"] = 1
    with_hand(cb, "Defend_R")
    cb.player.block = 0
    eng.apply("PLAY 1")
    assert cb.player.block == expected


def test_block_absorbs_monster_damage_and_intent_shows_vulnerable() -> None:
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    assert m.move[1] == "Chomp"
    assert monster_json(eng)["move_adjusted_damage"] == 11
    cb.player.powers["Vulnerable"] = 2
    assert monster_json(eng)["move_adjusted_damage"] == 16  # 11 * 1.5 = 16.5 -> 16
    m.powers["Weakened"] = 1
    assert monster_json(eng)["move_adjusted_damage"] == 12  # 11 * 0.75 * 1.5 = 12.375
    del m.powers["Weakened"]
    cb.hand = []
    cb.player.block = 10
    hp = cb.player.hp
    eng.apply("END")
    assert hp - cb.player.hp == 6  # 16 - 10 block


def test_artifact_blocks_one_debuff() -> None:
    eng, cb = fight("3 Sentries", kind="elite")
    s = cb.monsters[0]
    assert s.pw("Artifact") == 1
    with_hand(cb, "Bash", "Bash")
    eng.apply("PLAY 1 0")
    assert s.pw("Vulnerable") == 0 and s.pw("Artifact") == 0
    eng.apply("PLAY 1 0")
    assert s.pw("Vulnerable") == 2


def test_debuff_ticks_and_monster_debuff_just_applied() -> None:
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    with_hand(cb, "Bash")
    eng.apply("PLAY 1 0")
    assert m.pw("Vulnerable") == 2
    cb.hand = []
    eng.apply("END")
    assert m.pw("Vulnerable") == 1  # player-applied: ticks at the end of the round
    # a monster's debuff applied during its turn skips that round's tick
    eng2, cb2 = fight("2 Louse")
    for lo in cb2.monsters:
        lo.move = (4, "Spit Web", "DEBUFF", -1, 1)
        lo.st["bite"] = 5
        type(lo).WEB = True
    try:
        cb2.hand = []
        eng2.apply("END")
    finally:
        for cls in (MONSTERS["FuzzyLouseNormal"],):
            cls.WEB = False
    assert cb2.player.pw("Weakened") == 4
    weak = next(pw for pw in eng2.state()["game_state"]["combat_state"]["player"]["powers"] if pw["id"] == "Weakened")
    assert weak["just_applied"] is False  # the tick was skipped and the flag cleared


def test_weak_from_monster_lasts_into_the_next_player_turn() -> None:
    eng, cb = fight("Blue Slaver")
    m = cb.monsters[0]
    m.move = (4, "Rake", "ATTACK_DEBUFF", 7, 1)
    cb.hand = []
    eng.apply("END")
    assert cb.player.pw("Weakened") == 1  # still weak on our turn
    cb.hand = []
    m.move = (1, "Stab", "ATTACK", 12, 1)
    eng.apply("END")
    assert cb.player.pw("Weakened") == 0


def test_vigor_pen_nib_and_the_boot() -> None:
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    eng.obtain_relic("Pen Nib")
    eng.counter["Pen Nib"] = 9
    with_hand(cb, "Strike_R")
    hp = m.hp
    eng.apply("PLAY 1 0")
    assert hp - m.hp == 12
    eng.obtain_relic("The Boot")
    m.block = 0
    m.powers["Strength"] = 0
    cb.player.powers["Strength"] = -4
    with_hand(cb, "Strike_R")
    hp = m.hp
    eng.apply("PLAY 1 0")
    assert hp - m.hp == 5  # 2 damage raised to 5 by The Boot


def test_card_effects_draw_exhaust_and_x_cost() -> None:
    eng, cb = fight("Jaw Worm")
    with_hand(cb, "Whirlwind")
    cb.energy = 3
    hp = cb.monsters[0].hp
    eng.apply("PLAY 1")
    assert hp - cb.monsters[0].hp == 15 and cb.energy == 0
    with_hand(cb, "Pommel Strike")
    n = len(cb.draw_pile)
    eng.apply("PLAY 1 0")
    assert len(cb.hand) == 1 and len(cb.draw_pile) == n - 1
    with_hand(cb, "Impervious")
    eng.apply("PLAY 1")
    assert cb.exhaust[-1].cid == "Impervious"


# ------------------------------------------------------------------ monster move patterns
def moves(eng: SpireEngine, cb: Combat, turns: int, i: int = 0) -> list[str]:
    seen = []
    for _ in range(turns):
        if cb.over:
            break
        seen.append(cb.monsters[i].move[1])
        cb.hand = []
        cb.player.hp = cb.player.max_hp = 999
        eng.apply("END")
    return seen


def test_cultist_incantation_then_ritual_growth() -> None:
    eng, cb = fight("Cultist")
    dmg = []
    for _ in range(4):
        dmg.append(monster_json(eng)["move_adjusted_damage"])
        cb.hand = []
        cb.player.hp = 999
        eng.apply("END")
    assert dmg == [-1, 6, 9, 12]


def test_jaw_worm_opens_with_chomp_and_never_repeats_bellow() -> None:
    for seed in range(15):
        eng, cb = fight("Jaw Worm", seed=seed)
        seq = moves(eng, cb, 12)
        assert seq[0] == "Chomp"
        for a, b in pairwise(seq):
            assert not (a == b == "Bellow") and not (a == b == "Chomp")
        for a, b, c in triples(seq):
            assert not (a == b == c == "Thrash")


@pytest.mark.parametrize("ascension", [0, 17])
def test_louse_curl_up_and_bite_limits(ascension: int) -> None:
    """Three moves alike never follow each other; from ascension 17 two Grows/Spit Webs never do
    (sts_lightspeed src/combat/MonsterSpecific.cpp:2313-2326 and :2583-2596)."""
    seen_two_grows = False
    for seed in range(10):
        eng, cb = fight("2 Louse", seed=seed)
        eng.ascension = ascension
        lo = cb.monsters[0]
        curl = lo.pw("Curl Up")
        assert 3 <= curl <= 7 and 5 <= lo.st["bite"] <= 7
        lo.hp = lo.max_hp = 100
        with_hand(cb, "Strike_R")
        eng.apply("PLAY 1 0")
        assert lo.block == curl and lo.pw("Curl Up") == 0
        seq = moves(eng, cb, 12)
        for a, b, c in triples(seq):
            assert not (a == b == c)
        for a, b in pairwise(seq):
            assert ascension < 17 or not (a == b and a != "Bite")
            seen_two_grows |= a == b and a != "Bite"
    assert seen_two_grows == (ascension < 17)


def test_looter_mugs_then_escapes_with_gold() -> None:
    eng, cb = fight("Looter")
    gold = eng.gold
    seq = moves(eng, cb, 5)
    assert seq[:2] == ["Mug", "Mug"]
    assert seq[2] in ("Lunge", "Smoke Bomb")
    assert seq[-1] == "Escape" or seq[-2] == "Escape" or cb.over
    assert eng.gold < gold
    assert cb.over and eng.state()["game_state"]["screen_type"] == "COMBAT_REWARD"


def test_slavers() -> None:
    for seed in range(10):
        eng, cb = fight("Blue Slaver", seed=seed)
        seq = moves(eng, cb, 12)
        for a, b, c in triples(seq):
            assert not (a == b == c == "Stab") and not (a == b == c == "Rake")
        eng, cb = fight("Red Slaver", seed=seed)
        seq = moves(eng, cb, 12)
        assert seq[0] == "Stab" and seq.count("Entangle") <= 1


def test_small_slimes_and_fungi() -> None:
    eng, cb = fight("Lots of Slimes")
    assert [m.name for m in cb.monsters].count("Spike Slime (S)") == 3
    assert {m.move[1] for m in cb.monsters if m.id == "SpikeSlime_S"} == {"Tackle"}
    acid = next(m for m in cb.monsters if m.id == "AcidSlime_S")
    seq = moves(eng, cb, 6, cb.monsters.index(acid))
    assert all(a != b for a, b in pairwise(seq))  # Tackle and Lick alternate
    eng, cb = fight("2 Fungi Beasts")
    cb.monsters[0].hp = 1
    with_hand(cb, "Strike_R")
    eng.apply("PLAY 1 0")
    assert cb.player.pw("Vulnerable") == 2  # Spore Cloud


def test_large_slime_splits_at_half_into_two_mediums() -> None:
    eng, cb = fight("Large Slime")
    big = cb.monsters[0]
    big.max_hp, big.hp = 68, 66
    cb.player.hp = 999
    with_hand(cb, "Bludgeon")
    eng.apply("PLAY 1 0")
    assert big.hp == 34 and big.move[1] == "Split" and monster_json(eng)["intent"] == "UNKNOWN"
    cb.hand = []
    eng.apply("END")
    assert big.gone
    kids = [m for m in cb.monsters if not m.gone]
    assert len(kids) == 2 and all(k.hp == k.max_hp == 34 for k in kids)
    assert all(k.id.endswith("_M") for k in kids)


def test_gremlin_gang_and_wizard() -> None:
    eng, cb = fight("Gremlin Gang")
    assert len(cb.monsters) == 4
    eng, cb = fight("Jaw Worm")
    wiz = MONSTERS["GremlinWizard"](25)
    cb.monsters = [wiz]
    wiz.roll(cb)
    assert moves(eng, cb, 11) == ["Charging"] * 2 + (["Ultimate Blast"] + ["Charging"] * 3) * 2 + ["Ultimate Blast"]


def test_gremlin_nob_bellow_and_enrage() -> None:
    eng, cb = fight("Gremlin Nob", kind="elite")
    nob = cb.monsters[0]
    assert nob.move[1] == "Bellow"
    cb.hand = []
    cb.player.hp = 999
    eng.apply("END")
    assert nob.pw("Anger") == 2
    with_hand(cb, "Defend_R", "Defend_R")
    eng.apply("PLAY 1")
    eng.apply("PLAY 1")
    assert nob.pw("Strength") == 4
    seq = moves(eng, cb, 12)
    for a, b, c in triples(seq):
        assert not (a == b == c == "Rush")


def test_lagavulin_sleeps_wakes_and_siphons() -> None:
    eng, cb = fight("Lagavulin", kind="elite")
    lag = cb.monsters[0]
    assert lag.block == 8 and lag.pw("Metallicize") == 8
    seq = moves(eng, cb, 9)
    assert seq == ["Sleep"] * 3 + ["Attack", "Attack", "Siphon Soul"] * 2
    assert cb.player.pw("Strength") == -2 and cb.player.pw("Dexterity") == -2
    eng, cb = fight("Lagavulin", kind="elite")
    lag = cb.monsters[0]
    with_hand(cb, "Bludgeon")
    eng.apply("PLAY 1 0")
    assert lag.move[2] == "STUN" and lag.pw("Metallicize") == 0
    assert moves(eng, cb, 2) == ["Stunned", "Attack"]


def test_sentries_alternate_bolt_and_beam() -> None:
    eng, cb = fight("3 Sentries", kind="elite")
    assert [m.move[1] for m in cb.monsters] == ["Bolt", "Beam", "Bolt"]
    seq = moves(eng, cb, 4, 1)
    assert seq == ["Beam", "Bolt", "Beam", "Bolt"]
    assert sum(1 for c in cb.discard + cb.draw_pile + cb.hand if c.cid == "Dazed") > 0


def test_slime_boss_cycle_and_split() -> None:
    eng, cb = fight("Slime Boss", kind="boss")
    boss = cb.monsters[0]
    assert moves(eng, cb, 1) == ["Goop Spray"]
    assert sum(1 for c in cb.discard if c.cid == "Slimed") == 3
    assert moves(eng, cb, 3) == ["Preparing", "Slam", "Goop Spray"]
    boss.hp = 71
    cb.player.hp = 999
    with_hand(cb, "Strike_R")
    eng.apply("PLAY 1 0")
    assert boss.move[1] == "Split"
    cb.hand = []
    eng.apply("END")
    kids = [m.id for m in cb.monsters if not m.gone]
    assert sorted(kids) == ["AcidSlime_L", "SpikeSlime_L"]


def test_guardian_offensive_cycle_and_mode_shift() -> None:
    eng, cb = fight("The Guardian", kind="boss")
    g = cb.monsters[0]
    assert moves(eng, cb, 5) == ["Charging Up", "Fierce Bash", "Vent Steam", "Whirlwind", "Charging Up"]
    eng, cb = fight("The Guardian", kind="boss")
    g = cb.monsters[0]
    g.block = 0
    with_hand(cb, "Bludgeon")
    eng.apply("PLAY 1 0")
    assert g.move[1] == "Defensive Mode" and g.block == 20 and g.pw("Mode Shift") == 0
    assert moves(eng, cb, 4) == ["Defensive Mode", "Roll Attack", "Twin Slam", "Whirlwind"]
    assert g.pw("Mode Shift") == 40 and g.pw("Sharp Hide") == 0


def test_hexaghost_divider_and_cycle() -> None:
    eng, cb = fight("Hexaghost", kind="boss")
    cb.player.hp = 70
    cb.hand = []
    eng.apply("END")
    h = cb.monsters[0]
    assert h.move[1] == "Divider" and h.move[3] == 70 // 12 + 1 and h.move[4] == 6
    seq = moves(eng, cb, 9)
    assert seq == ["Divider", "Sear", "Tackle", "Sear", "Inflame", "Tackle", "Sear", "Inferno", "Sear"]
    burns = [c for c in cb.discard + cb.draw_pile + cb.hand if c.cid == "Burn"]
    assert burns and all(c.upgrades == 1 for c in burns)


# ------------------------------------------------------------------ selection screens inside combat
def test_armaments_opens_hand_select_and_upgrades_the_choice() -> None:
    eng, cb = fight("Jaw Worm")
    with_hand(cb, "Armaments", "Strike_R", "Bash")
    eng.apply("PLAY 1")
    st = eng.state()
    gs = st["game_state"]
    assert gs["screen_type"] == "HAND_SELECT" and gs["choice_list"] == ["strike", "bash"]
    assert st["available_commands"] == ["choose", "state"]
    eng.apply("CHOOSE bash")
    assert eng.state()["available_commands"] == ["confirm", "state"]
    eng.apply("CONFIRM")
    assert [c.name for c in cb.hand] == ["Strike", "Bash+"] and cb.player.block == 5
    assert eng.state()["game_state"]["screen_type"] == "NONE"


def test_headbutt_grid_puts_the_card_on_top_of_the_draw_pile() -> None:
    eng, cb = fight("Jaw Worm")
    cb.monsters[0].hp = 100
    with_hand(cb, "Headbutt")
    cb.discard = [Card("Bash"), Card("Defend_R")]
    eng.apply("PLAY 1 0")
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "GRID" and gs["choice_list"] == ["bash", "defend"]
    eng.apply("CHOOSE 1")
    assert cb.draw_pile[-1].cid == "Defend_R"
    assert eng.state()["game_state"]["screen_type"] == "NONE"


def test_attack_potion_offers_three_attacks_that_cost_zero() -> None:
    eng, cb = fight("Jaw Worm")
    eng.potions[0] = "AttackPotion"
    cb.hand = []
    eng.apply("POTION use 0")
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "CARD_REWARD" and len(gs["choice_list"]) == 3
    assert gs["screen_state"]["skip_available"] is False
    eng.apply("CHOOSE 0")
    assert len(cb.hand) == 1 and cb.hand[0].type == "ATTACK" and cb.card_cost(cb.hand[0]) == 0


def test_rest_smith_and_shop_purchase() -> None:
    eng = SpireEngine(5)
    eng.apply("START IRONCLAD 0")
    eng.player.hp = 40
    eng._enter_rest()
    st = eng.state()
    assert st["game_state"]["screen_type"] == "REST" and st["game_state"]["choice_list"] == ["rest", "smith"]
    eng.apply("CHOOSE rest")
    assert eng.player.hp == 64 and "proceed" in eng.state()["available_commands"]
    eng._enter_rest()
    eng.apply("CHOOSE smith")
    assert eng.state()["game_state"]["screen_state"]["for_upgrade"] is True
    eng.apply("CHOOSE bash")
    assert eng.state()["available_commands"] == ["confirm", "cancel", "state"]
    eng.apply("CONFIRM")
    assert any(c.name == "Bash+" for c in eng.deck)
    assert eng.state()["game_state"]["screen_state"]["has_rested"] is True
    eng.apply("PROCEED")
    assert eng.state()["game_state"]["screen_type"] == "MAP"
    eng.gold = 1000
    eng._enter_shop()
    eng.apply("CHOOSE shop")
    ss = eng.state()["game_state"]["screen_state"]
    assert len(ss["cards"]) == 7 and len(ss["relics"]) == 3  # 5 Ironclad cards + the colorless row
    assert (
        [c["rarity"] for c in ss["cards"][5:]] == ["UNCOMMON", "RARE"]
        and len(ss["potions"]) == 3
        and ss["purge_cost"] == 75
    )
    name = ss["cards"][0]["name"].lower()
    eng.apply(f"CHOOSE {name}")
    assert eng.gold == 1000 - ss["cards"][0]["price"] and eng.deck[-1].name.lower() == name
    eng.apply("CHOOSE purge")
    eng.apply("CHOOSE 0")
    eng.apply("CONFIRM")
    assert eng.gold == 1000 - ss["cards"][0]["price"] - 75
    assert eng.state()["game_state"]["screen_state"]["purge_available"] is False
    eng.apply("LEAVE")
    assert eng.state()["game_state"]["screen_type"] == "SHOP_ROOM"


def test_colorless_cards() -> None:
    eng, cb = fight("2 Louse")
    with_hand(cb, "Trip", "Blind")
    cb.hand[1].upgrade()
    assert eng.state()["game_state"]["combat_state"]["hand"][1]["has_target"] is False
    eng.apply("PLAY 1 0")
    assert cb.monsters[0].pw("Vulnerable") == 2 and cb.monsters[1].pw("Vulnerable") == 0
    eng.apply("PLAY 1")
    assert all(m.pw("Weakened") == 2 for m in cb.monsters)
    eng, cb = fight("Jaw Worm")
    m = cb.monsters[0]
    with_hand(cb, "Dark Shackles")
    eng.apply("PLAY 1 0")
    assert m.pw("Strength") == -9
    cb.hand = []
    eng.apply("END")
    assert m.pw("Strength") in (0, 3)  # restored at the end of the round (+3 if it Bellowed)
    with_hand(cb, "PanicButton", "Defend_R")
    cb.player.block = 0
    eng.apply("PLAY 1")
    eng.apply("PLAY 1")
    assert cb.player.block == 30  # Panic Button's own block, then No Block


# ------------------------------------------------------------------ map, Neow, rewards
@pytest.mark.parametrize("seed", range(25))
def test_map_follows_the_room_rules(seed: int) -> None:
    eng = SpireEngine(seed)
    eng.apply("START IRONCLAD 0")
    nodes = {(n["x"], n["y"]): n for n in eng.state()["game_state"]["map"]}
    assert all(0 <= x < 7 and 0 <= y < 15 for x, y in nodes)
    assert len({x for x, y in nodes if y == 0}) >= 2
    for (x, y), n in nodes.items():
        sym = n["symbol"]
        assert sym in {"M", "?", "$", "R", "E", "T"}
        fixed = {0: "M", 8: "T", 14: "R"}
        assert sym == fixed[y] if y in fixed else sym != "T"
        if y < 5:
            assert sym not in ("E", "R")
        if y == 13:
            assert sym != "R"
        for c in n["children"]:
            if y == 14:
                assert c == {"x": 3, "y": 16}
                continue
            assert c["y"] == y + 1 and abs(c["x"] - x) <= 1
            child = nodes[(c["x"], c["y"])]
            if sym in ("E", "R", "$") and child["y"] not in (8, 14):
                assert child["symbol"] != sym
    # edges never cross
    edges = {(x, y, c["x"]) for (x, y), n in nodes.items() for c in n["children"] if y < 14}
    for x, y, nx in edges:
        if nx == x + 1:
            assert (x + 1, y, x) not in edges


def test_neow_offers_four_blessings_and_gold_counts() -> None:
    labels = set()
    for seed in range(30):
        eng = SpireEngine(seed)
        eng.apply("START IRONCLAD 0")
        gs = eng.state()["game_state"]
        assert len(gs["choice_list"]) == 4
        assert gs["choice_list"][3] == "lose your starting relic obtain a random boss relic"
        labels.update(gs["choice_list"])
    assert "receive 100 gold" in labels and "max hp +8" in labels
    eng = SpireEngine(0)
    eng.apply("START IRONCLAD 0")
    eng.apply("CHOOSE 3")
    assert eng.relics[0] != "Burning Blood" and len(eng.relics) == 1


def test_combat_rewards_gold_card_and_burning_blood() -> None:
    eng, cb = fight("Cultist")
    eng.player.hp = 50
    cb.monsters[0].hp = 1
    with_hand(cb, "Strike_R")
    gold = eng.gold
    eng.apply("PLAY 1 0")
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "COMBAT_REWARD" and eng.player.hp == 56  # Burning Blood
    kinds = [r["reward_type"] for r in gs["screen_state"]["rewards"]]
    assert kinds[0] == "GOLD" and kinds[-1] == "CARD"
    g = gs["screen_state"]["rewards"][0]["gold"]
    assert 10 <= g <= 20
    eng.apply("CHOOSE gold")
    assert eng.gold == gold + g
    eng.apply(f"CHOOSE {len(kinds) - 2}")
    gs = eng.state()["game_state"]
    assert gs["screen_type"] == "CARD_REWARD" and len(gs["choice_list"]) == 3
    assert all(c["rarity"] in ("COMMON", "UNCOMMON", "RARE") for c in gs["screen_state"]["cards"])
    eng.apply("SKIP")
    assert eng.state()["game_state"]["screen_type"] == "COMBAT_REWARD"
    eng.apply("PROCEED")
    assert eng.state()["game_state"]["screen_type"] == "MAP"


def _solo(eng: SpireEngine, cb: Combat, mid: str, hp: int = 500) -> None:
    m = MONSTERS[mid](hp)
    cb.monsters = [m]
    m.pre_battle(cb)
    m.roll(cb)


def test_medium_slimes_never_repeat_too_often() -> None:
    for seed in range(8):
        eng, cb = fight("Jaw Worm", seed=seed)
        _solo(eng, cb, "AcidSlime_M")
        seq = moves(eng, cb, 15)
        assert set(seq) <= {"Corrosive Spit", "Tackle", "Lick"}
        for a, b, c in triples(seq):
            assert not (a == b == c)
        for a, b in pairwise(seq):
            assert not (a == b in ("Tackle", "Lick"))
        eng, cb = fight("Jaw Worm", seed=seed)
        _solo(eng, cb, "SpikeSlime_M")
        seq = moves(eng, cb, 15)
        assert set(seq) <= {"Flame Tackle", "Lick"}
        for a, b, c in triples(seq):
            assert not (a == b == c)


def test_gremlins_moves() -> None:
    eng, cb = fight("Jaw Worm")
    for mid, move, dmg in (("GremlinFat", "Smash", 4), ("GremlinWarrior", "Scratch", 4),
                           ("GremlinThief", "Puncture", 9)):  # fmt: skip
        _solo(eng, cb, mid)
        assert cb.monsters[0].move[1] == move and cb.monsters[0].move[3] == dmg
    _solo(eng, cb, "GremlinWarrior")
    with_hand(cb, "Strike_R")
    eng.apply("PLAY 1 0")
    assert cb.monsters[0].pw("Strength") == 1  # Angry
    shield = MONSTERS["GremlinTsundere"](13)
    buddy = MONSTERS["GremlinThief"](12)
    cb.monsters = [shield, buddy]
    shield.roll(cb)
    assert shield.move[1] == "Protect"
    cb.hand = []
    cb.player.hp = 999
    eng.apply("END")
    assert buddy.block == 7
    buddy.gone = True
    shield.roll(cb)
    assert shield.move[1] == "Shield Bash"
