"""What each card does when played: small functions keyed by card id in :data:`EFFECTS`.

An effect gets the running fight (the :class:`~.interface.Fight` it sees), the card instance, the
target monster (or ``None``) and X (the energy an X-cost card was played with), and uses the fight's
primitives, so every modifier (Strength, Vulnerable, Weak, Dexterity, Frail, relics) is applied in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .cards import ALL, ATTACK, CARDS, COLORLESS_POOL, POWER, RED_POOL, SKILL, Card

if TYPE_CHECKING:
    from .interface import Fight, Foe

Effect = Callable[["Fight", Card, "Foe | None", int], None]
EFFECTS: dict[str, Effect] = {}


def effect(*ids: str) -> Callable[[Effect], Effect]:
    def deco(fn: Effect) -> Effect:
        for i in ids:
            EFFECTS[i] = fn
        return fn

    return deco


@effect("Strike_R", "Carnage", "Bludgeon", "Reckless Charge", "Wild Strike", "Searing Blow")
def _hit(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c)
    if c.cid == "Wild Strike":
        cb.add_card("Wound", "draw_random")
    elif c.cid == "Reckless Charge":
        cb.add_card("Dazed", "draw_random")


@effect("Defend_R", "Ghostly Armor", "Impervious")
def _defend(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)


@effect("Bash", "Clothesline", "Uppercut")
def _bash(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c)
    if c.cid == "Clothesline":
        cb.apply(t, "Weakened", c.mag)
    elif c.cid == "Uppercut":
        cb.apply(t, "Weakened", c.mag)
        cb.apply(t, "Vulnerable", c.mag)
    else:
        cb.apply(t, "Vulnerable", c.mag)


@effect("Anger")
def _anger(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c)
    cb.discard.append(c.copy())


@effect("Armaments")
def _armaments(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    if c.upgrades:
        for h in cb.hand:
            h.upgrade()
    else:
        cb.select_hand("upgrade", 1, [h for h in cb.hand if h.upgradable])


@effect("Body Slam")
def _body_slam(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c, base=cb.player.block)


@effect("Clash", "Dropkick", "Sever Soul", "Feed", "Hemokinesis", "Rampage", "Blood for Blood")
def _misc_attack(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cid = c.cid
    if cid == "Hemokinesis":
        cb.lose_hp_from_card(c.mag)
    if cid == "Sever Soul":
        for h in [h for h in cb.hand if h.type != ATTACK]:
            cb.exhaust_card(h)
    was_vuln = t is not None and t.pw("Vulnerable") > 0
    hp_before = t.hp if t else 0
    cb.hit(t, c)
    if cid == "Dropkick" and was_vuln:
        cb.energy += 1
        cb.draw(1)
    elif cid == "Feed" and t is not None and t.dead and hp_before > 0 and not t.minion:
        cb.g.gain_max_hp(c.mag)
    elif cid == "Rampage":
        c.misc += c.mag  # this combat only: the deck's copy keeps its base damage


@effect("Cleave", "Immolate", "Reaper", "Thunderclap")
def _aoe(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    dealt = cb.hit_all(c)
    if c.cid == "Immolate":
        cb.add_card("Burn", "discard")
    elif c.cid == "Reaper":
        cb.heal(dealt)
    elif c.cid == "Thunderclap":
        for m in cb.alive():
            cb.apply(m, "Vulnerable", c.mag)


@effect("Whirlwind")
def _whirlwind(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for _ in range(x):
        cb.hit_all(c)


@effect("Flex")
def _flex(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(cb.player, "Strength", c.mag)
    cb.apply(cb.player, "Flex", c.mag)


@effect("Havoc")
def _havoc(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if not cb.draw_pile and cb.discard:
        cb.reshuffle()
    if cb.draw_pile:
        top = cb.draw_pile.pop()
        cb.play_free(top, exhaust=True)


@effect("Headbutt")
def _headbutt(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c)
    if cb.discard:
        cb.select_grid("to_draw_top", 1, list(cb.discard))


@effect("Heavy Blade")
def _heavy(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c, str_mult=c.mag)


@effect("Iron Wave")
def _iron_wave(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.hit(t, c)


@effect("Perfected Strike")
def _perfected(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    n = sum(1 for p in (cb.hand, cb.draw_pile, cb.discard) for k in p if "Strike" in k.d.name)
    n += 1  # the card itself is in limbo
    cb.hit(t, c, base=c.dmg + c.mag * n)


@effect("Pommel Strike")
def _pommel(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.hit(t, c)
    cb.draw(c.mag)


@effect("Shrug It Off")
def _shrug(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.draw(1)


@effect("Sword Boomerang")
def _boomerang(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for _ in range(c.mag):
        alive = cb.alive()
        if not alive:
            return
        cb.hit(alive[cb.g.rng.misc.randrange(len(alive))], c)


@effect("True Grit")
def _true_grit(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    if not cb.hand:
        return
    if c.upgrades:
        cb.select_hand("exhaust", 1, list(cb.hand))
    else:
        cb.exhaust_card(cb.hand[cb.g.rng.misc.randrange(len(cb.hand))])


@effect("Twin Strike", "Pummel")
def _multi(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for _ in range(c.mag):
        cb.hit(t, c)


@effect("Warcry")
def _warcry(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.draw(c.mag)
    if cb.hand:
        cb.select_hand("to_draw_top", 1, list(cb.hand))


@effect("Battle Trance")
def _trance(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.draw(c.mag)
    cb.apply(cb.player, "No Draw", 1)


@effect("Bloodletting")
def _bloodletting(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.lose_hp_from_card(3)
    cb.energy += c.mag


@effect("Burning Pact")
def _pact(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if cb.hand:
        cb.select_hand("exhaust_then_draw", 1, list(cb.hand), arg=c.mag)
    else:
        cb.draw(c.mag)


@effect("Combust", "Dark Embrace", "Evolve", "Feel No Pain", "Fire Breathing", "Inflame")
@effect("Metallicize", "Rupture", "Barricade", "Brutality", "Corruption", "Demon Form")
@effect("Juggernaut", "Berserk")
def _power(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pid = {"Inflame": "Strength"}.get(c.cid, c.cid)
    amount = c.mag if c.mag else 1
    if c.cid == "Berserk":
        cb.apply(cb.player, "Vulnerable", c.mag, from_player=False)
        amount = 1
    cb.apply(cb.player, pid, amount)
    if c.cid == "Combust":
        cb.combust_hp_loss += 1
    if c.cid == "Corruption":
        for p in (cb.hand, cb.draw_pile, cb.discard):
            for k in p:
                if k.type == SKILL:
                    k.cost = k.cost_turn = 0


@effect("Disarm")
def _disarm(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(t, "Strength", -c.mag)


@effect("Dual Wield")
def _dual(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    ok = [h for h in cb.hand if h.type in (ATTACK, POWER)]
    if ok:
        cb.select_hand("dual_wield", 1, ok, arg=c.mag)


@effect("Entrench")
def _entrench(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(cb.player.block, raw=True)


@effect("Flame Barrier")
def _flame_barrier(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    cb.apply(cb.player, "Flame Barrier", c.mag)


@effect("Infernal Blade")
def _infernal(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pool = [d.id for d in CARDS.values() if d.color == "RED" and d.type == ATTACK and d.rarity != "BASIC"]
    new = Card(pool[cb.g.rng.misc.randrange(len(pool))])
    new.cost_turn = 0
    cb.add_to_hand(new)


@effect("Intimidate", "Shockwave")
def _intimidate(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for m in cb.alive():
        cb.apply(m, "Weakened", c.mag)
        if c.cid == "Shockwave":
            cb.apply(m, "Vulnerable", c.mag)


@effect("Power Through")
def _power_through(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.add_card("Wound", "hand", 2)
    cb.gain_block(c.blk)


@effect("Rage")
def _rage(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(cb.player, "Rage", c.mag)


@effect("Second Wind")
def _second_wind(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for h in [h for h in cb.hand if h.type != ATTACK]:
        cb.exhaust_card(h)
        cb.gain_block(c.blk)


@effect("Seeing Red")
def _seeing_red(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.energy += 2


@effect("Sentinel")
def _sentinel(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)


@effect("Spot Weakness")
def _spot(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if t is not None and t.is_attacking:
        cb.apply(cb.player, "Strength", c.mag)


@effect("Double Tap")
def _double_tap(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(cb.player, "Double Tap", c.mag)


@effect("Exhume")
def _exhume(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    ok = [k for k in cb.exhaust if k.cid != "Exhume"]
    if ok:
        cb.select_grid("exhume", 1, ok)


@effect("Fiend Fire")
def _fiend(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    n = 0
    for h in list(cb.hand):
        cb.exhaust_card(h)
        n += 1
    for _ in range(n):
        cb.hit(t, c)


@effect("Limit Break")
def _limit(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    s = cb.player.pw("Strength")
    if s > 0:
        cb.apply(cb.player, "Strength", s)


@effect("Offering")
def _offering(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.lose_hp_from_card(6)
    cb.energy += 2
    cb.draw(c.mag)


@effect("Slimed")
def _slimed(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    return None


# ---------------------------------------------------------------- colorless
@effect("Bandage Up")
def _bandage(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.heal(c.mag)


@effect("Blind", "Trip")
def _blind(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pid = "Weakened" if c.cid == "Blind" else "Vulnerable"
    for m in cb.alive() if c.target == ALL else [t]:
        cb.apply(m, pid, c.mag)


@effect("Dark Shackles")
def _shackles(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if t is None:
        return
    art = t.pw("Artifact")
    cb.apply(t, "Strength", -c.mag)
    if t.pw("Artifact") == art:  # not blocked: the strength returns at the end of the round
        t.powers["Shackled"] = t.pw("Shackled") + c.mag


@effect("Deep Breath")
def _deep_breath(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if cb.discard:
        cb.reshuffle()
    cb.draw(c.mag)


@effect("Discovery")
def _discovery(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pool = RED_POOL["COMMON"] + RED_POOL["UNCOMMON"] + RED_POOL["RARE"]
    picks: list[str] = []
    while len(picks) < 3:
        pid = pool[cb.g.rng.misc.randrange(len(pool))].id
        if pid not in picks:
            picks.append(pid)
    cb.g.open_potion_choice(picks)


@effect("Dramatic Entrance", "Swift Strike", "Flash of Steel", "Mind Blast", "HandOfGreed")
def _colorless_attack(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if c.cid == "Dramatic Entrance":
        cb.hit_all(c)
        return
    base = len(cb.draw_pile) if c.cid == "Mind Blast" else None
    alive_before = t is not None and not t.gone
    cb.hit(t, c, base=base)
    if c.cid == "Flash of Steel":
        cb.draw(1)
    elif c.cid == "HandOfGreed" and alive_before and t is not None and t.gone and not t.minion:
        cb.g.gain_gold(c.mag)


@effect("Enlightenment")
def _enlightenment(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for h in cb.hand:
        if h.cost_turn > 1:
            h.cost_turn = 1
            if c.upgrades:
                h.cost = min(h.cost, 1)


@effect("Finesse", "Good Instincts", "PanicButton")
def _colorless_block(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.gain_block(c.blk)
    if c.cid == "Finesse":
        cb.draw(1)
    elif c.cid == "PanicButton":
        cb.apply(cb.player, "No Block", c.mag)


@effect("Impatience")
def _impatience(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if not any(h.type == ATTACK for h in cb.hand):
        cb.draw(c.mag)


@effect("Jack Of All Trades")
def _jack(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pool = COLORLESS_POOL["UNCOMMON"] + COLORLESS_POOL["RARE"]
    for _ in range(c.mag):
        cb.add_to_hand(Card(pool[cb.g.rng.misc.randrange(len(pool))].id))


@effect("Madness")
def _madness(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    ok = [h for h in cb.hand if h.cost > 0 or h.cost_turn > 0]
    if ok:
        h = ok[cb.g.rng.misc.randrange(len(ok))]
        h.cost = h.cost_turn = 0


@effect("Panacea")
def _panacea(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(cb.player, "Artifact", c.mag)


@effect("Purity")
def _purity(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    if cb.hand:
        cb.select_hand("exhaust", min(c.mag, len(cb.hand)), list(cb.hand))
        if cb.pending is not None:
            cb.pending["any"] = True


@effect("Apotheosis")
def _apotheosis(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for pile in (cb.hand, cb.draw_pile, cb.discard, cb.exhaust):
        for k in pile:
            k.upgrade()


@effect("Chrysalis", "Metamorphosis")
def _chrysalis(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    want = SKILL if c.cid == "Chrysalis" else ATTACK
    pool = [d.id for r in ("COMMON", "UNCOMMON", "RARE") for d in RED_POOL[r] if d.type == want]
    for _ in range(c.mag):
        new = Card(pool[cb.g.rng.misc.randrange(len(pool))])
        new.cost = new.cost_turn = 0 if new.cost >= 0 else new.cost
        cb.draw_pile.insert(cb.g.rng.misc.randrange(len(cb.draw_pile) + 1), new)


@effect("Master of Strategy")
def _mos(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.draw(c.mag)


@effect("Panache", "Sadistic Nature")
def _colorless_power(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.apply(cb.player, c.cid, c.mag)


@effect("Secret Technique", "Secret Weapon")
def _secret(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    want = SKILL if c.cid == "Secret Technique" else ATTACK
    ok = [k for k in cb.draw_pile if k.type == want]
    if ok:
        cb.select_grid("draw_to_hand", 1, ok)


@effect("The Bomb")
def _bomb(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    pid = f"TheBomb{cb.bombs_played}"  # one power per copy, as the game's TheBombPower ids go
    cb.bombs_played += 1
    cb.bombs[pid] = c.mag
    cb.player.powers[pid] = 3  # turns left


@effect("Thinking Ahead")
def _thinking(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    cb.draw(c.mag)
    if cb.hand:
        cb.select_hand("to_draw_top", 1, list(cb.hand))


@effect("Violence")
def _violence(cb: Fight, c: Card, t: Foe | None, x: int) -> None:
    for _ in range(c.mag):
        ok = [k for k in cb.draw_pile if k.type == ATTACK]
        if not ok or len(cb.hand) >= 10:
            return
        k = ok[cb.g.rng.misc.randrange(len(ok))]
        cb.draw_pile.remove(k)
        cb.add_to_hand(k)
