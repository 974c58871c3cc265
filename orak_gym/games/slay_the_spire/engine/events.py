"""Neow and the act-1 events ("?" rooms) as small page machines.

An event shows ``options()`` (label, full text, disabled) and reacts to ``pick(i)``; when it
is finished it shows a single ``[Leave]`` option. Outcomes are the wiki's ascension-0 values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .cards import ATTACK, CARDS, CURSE, CURSES, RED_POOL

if TYPE_CHECKING:
    from .interface import Run

Opt = tuple[str, str, bool]


class Event:
    ID = ""
    NAME = ""

    def __init__(self, g: Run) -> None:
        self.page = 0
        self.done = False
        self.body = ""
        self.st: dict = {}
        self.setup(g)

    def setup(self, g: Run) -> None:
        """Roll whatever the event decides on entry."""

    def options(self, g: Run) -> list[Opt]:
        if self.done:
            return [("Leave", "[Leave]", False)]
        return self.opts(g)

    def opts(self, g: Run) -> list[Opt]:
        raise NotImplementedError

    def pick(self, g: Run, i: int) -> None:
        if self.done:
            g.leave_event()
            return
        self.choose(g, i)

    def choose(self, g: Run, i: int) -> None:
        raise NotImplementedError

    def finish(self, body: str = "") -> None:
        self.done = True
        if body:
            self.body = body


def _o(label: str, text: str, disabled: bool = False) -> Opt:
    return (label, f"[{label}] {text}".strip(), disabled)


# ---------------------------------------------------------------- Neow
class Neow(Event):
    ID, NAME = "Neow Event", "Neow"
    FIRST = ("RANDOM_COLORLESS", "THREE_CARDS", "RANDOM_RARE_CARD", "REMOVE_CARD", "UPGRADE_CARD", "TRANSFORM_CARD")
    SECOND = ("HP_BONUS", "ENEMY_KILL", "HUNDRED_GOLD", "COMMON_RELIC", "THREE_POTIONS")
    DRAWBACKS = ("HP_LOSS", "NO_GOLD", "CURSE", "DAMAGE")
    BIG = (
        "RANDOM_COLORLESS_2",
        "REMOVE_TWO",
        "RARE_RELIC",
        "THREE_RARE_CARDS",
        "TWO_FIFTY_GOLD",
        "TRANSFORM_TWO",
        "TWENTY_HP_BONUS",
    )
    TEXT: ClassVar[dict[str, str]] = {
        "THREE_CARDS": "Choose a card to obtain",
        "RANDOM_COLORLESS": "Choose a colorless Card to obtain",
        "RANDOM_COLORLESS_2": "Choose a rare colorless Card to obtain",
        "RANDOM_RARE_CARD": "Obtain a random rare Card",
        "REMOVE_CARD": "Remove a Card from your deck",
        "UPGRADE_CARD": "Upgrade a Card",
        "TRANSFORM_CARD": "Transform a Card",
        "HP_BONUS": "Max HP +8",
        "ENEMY_KILL": "Enemies in your next three combats have 1 HP",
        "HUNDRED_GOLD": "Receive 100 Gold",
        "COMMON_RELIC": "Obtain a random common Relic",
        "THREE_POTIONS": "Obtain 3 random potions",
        "HP_LOSS": "Lose 8 Max HP",
        "NO_GOLD": "Lose all Gold",
        "CURSE": "Obtain a Curse",
        "DAMAGE": "Take 24 damage",
        "REMOVE_TWO": "Remove 2 Cards",
        "RARE_RELIC": "Obtain a random rare Relic",
        "THREE_RARE_CARDS": "Choose a rare Card to obtain",
        "TWO_FIFTY_GOLD": "Receive 250 Gold",
        "TRANSFORM_TWO": "Transform 2 Cards",
        "TWENTY_HP_BONUS": "Max HP +16",
        "BOSS_RELIC": "Lose your starting Relic Obtain a random boss Relic",
    }

    def setup(self, g: Run) -> None:
        r = g.rng.neow
        a = self.FIRST[r.randrange(len(self.FIRST))]
        b = self.SECOND[r.randrange(len(self.SECOND))]
        drawback = self.DRAWBACKS[r.randrange(len(self.DRAWBACKS))]
        big = [
            x
            for x in self.BIG
            if not (
                (drawback == "NO_GOLD" and x == "TWO_FIFTY_GOLD")
                or (drawback == "CURSE" and x == "REMOVE_TWO")
                or (drawback == "HP_LOSS" and x == "TWENTY_HP_BONUS")
            )
        ]
        c = big[r.randrange(len(big))]
        self.st["choices"] = [(a, ""), (b, ""), (c, drawback), ("BOSS_RELIC", "")]
        self.body = "Choose my gift."

    def opts(self, g: Run) -> list[Opt]:
        out = []
        for reward, drawback in self.st["choices"]:
            label = self.TEXT[reward]
            if drawback:
                label = f"{self.TEXT[drawback]} {label}"
            out.append((label, f"[ {label} ]", False))
        return out

    def choose(self, g: Run, i: int) -> None:
        reward, drawback = self.st["choices"][i]
        self.finish("Good luck.")
        if drawback == "HP_LOSS":
            g.lose_max_hp(8)
        elif drawback == "NO_GOLD":
            g.gold = 0
        elif drawback == "CURSE":
            g.add_card(g.random_curse())
        elif drawback == "DAMAGE":
            g.damage_out_of_combat(24)
        rr = g.rng.neow
        if reward == "THREE_CARDS":
            g.open_card_choice(g.roll_cards(3, "neow"), source="event")
        elif reward in ("RANDOM_COLORLESS", "RANDOM_COLORLESS_2"):
            kind = "colorless" if reward == "RANDOM_COLORLESS" else "colorless_rare"
            g.open_card_choice(g.roll_cards(3, kind), source="event")
        elif reward == "THREE_RARE_CARDS":
            g.open_card_choice(g.roll_cards(3, "rare"), source="event")
        elif reward == "RANDOM_RARE_CARD":
            pool = RED_POOL["RARE"]
            g.add_card(pool[rr.randrange(len(pool))].id)
        elif reward in ("REMOVE_CARD", "REMOVE_TWO"):
            g.open_grid("purge", g.purgeable(), 2 if reward == "REMOVE_TWO" else 1)
        elif reward == "UPGRADE_CARD":
            g.open_grid("upgrade", [c for c in g.deck if c.upgradable], 1)
        elif reward in ("TRANSFORM_CARD", "TRANSFORM_TWO"):
            g.open_grid("transform", g.purgeable(), 2 if reward == "TRANSFORM_TWO" else 1)
        elif reward == "HP_BONUS":
            g.gain_max_hp(8)
        elif reward == "TWENTY_HP_BONUS":
            g.gain_max_hp(16)
        elif reward == "ENEMY_KILL":
            g.neow_lament = 3
            g.obtain_relic("NeowsBlessing")
        elif reward == "HUNDRED_GOLD":
            g.gain_gold(100)
        elif reward == "TWO_FIFTY_GOLD":
            g.gain_gold(250)
        elif reward == "COMMON_RELIC":
            g.obtain_relic(g.random_relic("COMMON"))
        elif reward == "RARE_RELIC":
            g.obtain_relic(g.random_relic("RARE"))
        elif reward == "THREE_POTIONS":
            g.open_rewards([{"reward_type": "POTION", "potion": g.random_potion()} for _ in range(3)], back="EVENT")
        elif reward == "BOSS_RELIC":
            if g.relics:
                g.relics.pop(0)  # the starter relic
            g.sync_relics()
            g.obtain_relic(g.random_relic("BOSS"))


# ---------------------------------------------------------------- Exordium events
class BigFish(Event):
    ID, NAME = "Big Fish", "Big Fish"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Banana", f"Heal {g.player.max_hp // 3} HP."),
            _o("Donut", "Max HP +5."),
            _o("Box", "Receive a Relic. Become Cursed - Regret."),
        ]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.heal(g.player.max_hp // 3)
        elif i == 1:
            g.gain_max_hp(5)
        else:
            g.obtain_relic(g.random_relic_any())
            g.add_card("Regret")
        self.finish()


class Cleric(Event):
    ID, NAME = "The Cleric", "The Cleric"

    def opts(self, g: Run) -> list[Opt]:
        heal = int(g.player.max_hp * 0.25)
        return [
            _o("Heal", f"35 Gold: Heal {heal} HP.", g.gold < 35),
            _o("Purify", "50 Gold: Remove a card from your deck.", g.gold < 50 or not g.purgeable()),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.spend_gold(35)
            g.heal(int(g.player.max_hp * 0.25))
        elif i == 1:
            g.spend_gold(50)
            g.open_grid("purge", g.purgeable(), 1)
        self.finish()


class DeadAdventurer(Event):
    ID, NAME = "Dead Adventurer", "Dead Adventurer"

    def setup(self, g: Run) -> None:
        r = g.rng.event
        loot = ["gold", "nothing", "relic"]
        r.shuffle(loot)
        self.st["loot"] = loot
        self.st["searches"] = 0
        self.st["elite"] = ["3 Sentries", "Gremlin Nob", "Lagavulin"][r.randrange(3)]

    def opts(self, g: Run) -> list[Opt]:
        chance = 25 + 25 * self.st["searches"]
        return [_o("Search", f"Find Loot. {chance}% that the monster returns."), _o("Escape", "")]

    def choose(self, g: Run, i: int) -> None:
        if i == 1:
            return self.finish()
        chance = 25 + 25 * self.st["searches"]
        if g.rng.event.randrange(100) < chance:
            loot = self.st["loot"][self.st["searches"] :]
            rewards = [{"reward_type": "GOLD", "gold": g.rng.treasure.randint(25, 35)}]
            for thing in loot:
                if thing == "gold":
                    rewards.append({"reward_type": "GOLD", "gold": 30})
                elif thing == "relic":
                    rewards.append({"reward_type": "RELIC", "relic": g.random_relic_any()})
            self.finish()
            g.start_combat(self.st["elite"], "elite", rewards=rewards)
            return
        thing = self.st["loot"][self.st["searches"]]
        self.st["searches"] += 1
        if thing == "gold":
            g.gain_gold(30)
        elif thing == "relic":
            g.obtain_relic(g.random_relic_any())
        if self.st["searches"] >= 3:
            self.finish()


class GoldenIdol(Event):
    ID, NAME = "Golden Idol", "Golden Idol"

    def opts(self, g: Run) -> list[Opt]:
        if self.page == 0:
            return [_o("Take", "Obtain Golden Idol."), _o("Leave", "")]
        return [
            _o("Outrun", "Become Cursed - Injury."),
            _o("Smash", f"Take {int(g.player.max_hp * 0.25)} damage."),
            _o("Hide", f"Lose {max(1, int(g.player.max_hp * 0.08))} Max HP."),
        ]

    def choose(self, g: Run, i: int) -> None:
        if self.page == 0:
            if i == 1:
                return self.finish()
            g.obtain_relic("Golden Idol")
            self.page = 1
            return
        if i == 0:
            g.add_card("Injury")
        elif i == 1:
            g.damage_out_of_combat(int(g.player.max_hp * 0.25))
        else:
            g.lose_max_hp(max(1, int(g.player.max_hp * 0.08)))
        self.finish()


class WingStatue(Event):
    ID, NAME = "Golden Wing", "Wing Statue"

    def opts(self, g: Run) -> list[Opt]:
        strong = any(c.type == ATTACK and c.dmg >= 10 for c in g.deck)
        return [
            _o("Pray", "Remove a card from your deck. Lose 7 HP.", not g.purgeable()),
            _o("Destroy", "Gain 50-80 Gold.", not strong),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.damage_out_of_combat(7)
            if not g.is_over:
                g.open_grid("purge", g.purgeable(), 1)
        elif i == 1:
            g.gain_gold(g.rng.event.randint(50, 80))
        self.finish()


class WorldOfGoop(Event):
    ID, NAME = "World of Goop", "World of Goop"

    def setup(self, g: Run) -> None:
        self.st["lose"] = min(g.gold, g.rng.event.randint(20, 50))

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Gather Gold", "Gain 75 Gold. Lose 11 HP."), _o("Leave It", f"Lose {self.st['lose']} Gold.")]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.gain_gold(75)
            g.damage_out_of_combat(11)
        else:
            g.gold = max(0, g.gold - self.st["lose"])
        self.finish()


class Serpent(Event):
    ID, NAME = "Liars Game", "The Ssssserpent"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Agree", "Gain 175 Gold. Become Cursed - Doubt."), _o("Disagree", "")]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.gain_gold(175)
            g.add_card("Doubt")
        self.finish()


class LivingWall(Event):
    ID, NAME = "Living Wall", "Living Wall"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Forget", "Remove a card from your deck.", not g.purgeable()),
            _o("Change", "Transform a card in your deck.", not g.purgeable()),
            _o("Grow", "Upgrade a card in your deck.", not any(c.upgradable for c in g.deck)),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            g.open_grid("purge", g.purgeable(), 1)
        elif i == 1:
            g.open_grid("transform", g.purgeable(), 1)
        else:
            g.open_grid("upgrade", [c for c in g.deck if c.upgradable], 1)


class Mushrooms(Event):
    ID, NAME = "Mushrooms", "Mushrooms"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Stomp", "Anger the Mushrooms."),
            _o("Eat", f"Heal {int(g.player.max_hp * 0.25)} HP. Become Cursed - Parasite."),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            rewards = [
                {"reward_type": "GOLD", "gold": g.rng.treasure.randint(20, 30)},
                {"reward_type": "RELIC", "relic": "Odd Mushroom"},
            ]
            g.start_combat("3 Fungi Beasts", "event", rewards=rewards)
        else:
            g.heal(int(g.player.max_hp * 0.25))
            g.add_card("Parasite")


class ScrapOoze(Event):
    ID, NAME = "Scrap Ooze", "Scrap Ooze"

    def setup(self, g: Run) -> None:
        self.st.update(dmg=3, chance=25)

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Reach Inside", f"Lose {self.st['dmg']} HP. {self.st['chance']}%: Find a Relic."),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        if i == 1:
            return self.finish()
        g.damage_out_of_combat(self.st["dmg"])
        if g.is_over:
            return
        if g.rng.event.randrange(100) < self.st["chance"]:
            g.obtain_relic(g.random_relic_any())
            return self.finish()
        self.st["dmg"] += 1
        self.st["chance"] += 10


class ShiningLight(Event):
    ID, NAME = "Shining Light", "Shining Light"

    def opts(self, g: Run) -> list[Opt]:
        dmg = round(g.player.max_hp * 0.2)
        return [_o("Enter", f"Upgrade 2 random cards. Take {dmg} damage."), _o("Leave", "")]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.damage_out_of_combat(round(g.player.max_hp * 0.2))
            ups = [c for c in g.deck if c.upgradable]
            g.rng.event.shuffle(ups)
            for c in ups[:2]:
                c.upgrade()
        self.finish()


# ---------------------------------------------------------------- shrines
class GoldenShrine(Event):
    ID, NAME = "Golden Shrine", "Golden Shrine"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Pray", "Gain 100 Gold."),
            _o("Desecrate", "Gain 275 Gold. Become Cursed - Regret."),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.gain_gold(100)
        elif i == 1:
            g.gain_gold(275)
            g.add_card("Regret")
        self.finish()


class _GridShrine(Event):
    LABEL, TEXT, PURPOSE = "", "", ""

    def opts(self, g: Run) -> list[Opt]:
        cards = self._cards(g)
        return [_o(self.LABEL, self.TEXT, not cards), _o("Leave", "")]

    def _cards(self, g: Run) -> list:
        return [c for c in g.deck if c.upgradable] if self.PURPOSE == "upgrade" else g.purgeable()

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            g.open_grid(self.PURPOSE, self._cards(g), 1)


class Purifier(_GridShrine):
    ID, NAME, LABEL, TEXT, PURPOSE = "Purifier", "Purifier", "Pray", "Remove a card from your deck.", "purge"


class Transmogrifier(_GridShrine):
    ID, NAME, LABEL, TEXT, PURPOSE = "Transmorgrifier", "Transmogrifier", "Pray", "Transform a card.", "transform"


class UpgradeShrine(_GridShrine):
    ID, NAME, LABEL, TEXT, PURPOSE = "Upgrade Shrine", "Upgrade Shrine", "Pray", "Upgrade a card.", "upgrade"


class Lab(Event):
    ID, NAME = "Lab", "The Lab"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Search", "Obtain 3 random potions.")]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        g.open_rewards([{"reward_type": "POTION", "potion": g.random_potion()} for _ in range(3)], back="EVENT")


class WomanInBlue(Event):
    ID, NAME = "The Woman in Blue", "The Woman in Blue"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Buy 1 Potion", "20 Gold.", g.gold < 20),
            _o("Buy 2 Potions", "30 Gold.", g.gold < 30),
            _o("Buy 3 Potions", "40 Gold.", g.gold < 40),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i < 3:
            g.spend_gold((20, 30, 40)[i])
            g.open_rewards([{"reward_type": "POTION", "potion": g.random_potion()} for _ in range(i + 1)], back="EVENT")


class WheelOfChange(Event):
    ID, NAME = "Wheel of Change", "Wheel of Change"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Spin", "")]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        roll = g.rng.event.randrange(6)
        if roll == 0:
            g.gain_gold(100)
        elif roll == 1:
            g.obtain_relic(g.random_relic_any())
        elif roll == 2:
            g.heal(g.player.max_hp)
        elif roll == 3:
            g.add_card("Decay")
        elif roll == 4:
            if g.purgeable():
                g.open_grid("purge", g.purgeable(), 1)
        else:
            g.damage_out_of_combat(int(g.player.max_hp * 0.1))


class BonfireSpirits(Event):
    ID, NAME = "Bonfire Elementals", "Bonfire Spirits"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Offer", "Offer a card: the spirits reward you by its rarity.", not g.purgeable())]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        g.open_grid("purge", g.purgeable(), 1)
        if g.grid is not None:
            g.grid["after"] = "bonfire"


class AccursedBlacksmith(Event):
    ID, NAME = "Accursed Blacksmith", "Ominous Forge"

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Forge", "Upgrade a card.", not any(c.upgradable for c in g.deck)),
            _o("Rummage", "Obtain Warped Tongs. Become Cursed - Pain."),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            g.open_grid("upgrade", [c for c in g.deck if c.upgradable], 1)
        elif i == 1:
            g.obtain_relic("WarpedTongs")
            g.add_card("Pain")


class FaceTrader(Event):
    ID, NAME = "FaceTrader", "Face Trader"
    FACES = ("CultistMask", "FaceOfCleric", "GremlinMask", "NlothsMask", "SsserpentHead")

    def opts(self, g: Run) -> list[Opt]:
        return [
            _o("Touch", f"Take {max(1, g.player.max_hp // 10)} damage. Gain 75 Gold."),
            _o("Trade", "Obtain a random face relic."),
            _o("Leave", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            g.damage_out_of_combat(max(1, g.player.max_hp // 10))
            g.gain_gold(75)
        elif i == 1:
            faces = [f for f in self.FACES if f not in g.relics]
            g.obtain_relic(faces[g.rng.event.randrange(len(faces))] if faces else "Circlet")


class WeMeetAgain(Event):
    ID, NAME = "WeMeetAgain", "We Meet Again!"

    def setup(self, g: Run) -> None:
        r = g.rng.event
        pots = [k for k, p in enumerate(g.potions) if p is not None]
        self.st["potion"] = pots[r.randrange(len(pots))] if pots else -1
        self.st["gold"] = min(g.gold, r.randint(50, 150))
        cards = [k for k, c in enumerate(g.deck) if c.d.rarity not in ("BASIC", "CURSE", "SPECIAL")]
        self.st["card"] = cards[r.randrange(len(cards))] if cards else -1

    def opts(self, g: Run) -> list[Opt]:
        pk, ck = self.st["potion"], self.st["card"]
        pname = g.potions[pk] if pk >= 0 else None
        return [
            _o("Give Potion", f"Lose {pname}. Obtain a Relic.", pname is None),
            _o("Give Gold", f"Lose {self.st['gold']} Gold. Obtain a Relic.", self.st["gold"] < 50),
            _o("Give Card", f"Lose {g.deck[ck].name if ck >= 0 else ''}. Obtain a Relic.", ck < 0),
            _o("Attack", ""),
        ]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 3:
            return
        if i == 0:
            g.potions[self.st["potion"]] = None
        elif i == 1:
            g.spend_gold(self.st["gold"])
        else:
            del g.deck[self.st["card"]]
        g.obtain_relic(g.random_relic_any())


class DivineFountain(Event):
    ID, NAME = "Fountain of Cleansing", "The Divine Fountain"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Drink", "Remove all Curses from your deck."), _o("Leave", "")]

    def choose(self, g: Run, i: int) -> None:
        if i == 0:
            g.deck = [c for c in g.deck if c.type != CURSE or c.cid == "CurseOfTheBell"]
        self.finish()


class NoteForYourself(Event):
    ID, NAME = "NoteForYourself", "Note For Yourself"

    def opts(self, g: Run) -> list[Opt]:
        return [_o("Take and Give", "Obtain Iron Wave. Store a card from your deck."), _o("Ignore", "")]

    def choose(self, g: Run, i: int) -> None:
        self.finish()
        if i == 0:
            g.add_card("Iron Wave")
            g.open_grid("purge", g.purgeable(), 1)


class MatchAndKeep(Event):
    """The memory game: 12 face-down cards in 6 pairs, 5 attempts; a found pair is kept."""

    ID, NAME = "Match and Keep!", "Match and Keep!"

    def setup(self, g: Run) -> None:
        r = g.rng.event
        picks = [RED_POOL[k][r.randrange(len(RED_POOL[k]))].id for k in ("RARE", "UNCOMMON", "COMMON")]
        picks += [CURSES[r.randrange(len(CURSES))], "Bash", "Strike_R"]
        board = picks * 2
        r.shuffle(board)
        self.st.update(board=board, left=list(range(12)), first=-1, tries=5)

    def opts(self, g: Run) -> list[Opt]:
        if self.page == 0:
            return [_o("Play", "Find pairs of cards; you keep the pairs you find.")]
        first = self.st["first"]
        return [
            (CARDS[self.st["board"][k]].name if k == first else f"card{k}", f"[card{k}]", k == first)
            for k in self.st["left"]
        ]

    def choose(self, g: Run, i: int) -> None:
        if self.page == 0:
            self.page = 1
            return
        k = self.st["left"][i]
        first = self.st["first"]
        if first < 0:
            self.st["first"] = k
            return
        self.st["first"] = -1
        self.st["tries"] -= 1
        board = self.st["board"]
        if board[k] == board[first]:
            g.add_card(board[k])
            self.st["left"] = [x for x in self.st["left"] if x not in (k, first)]
        if self.st["tries"] <= 0 or not self.st["left"]:
            self.finish()


EVENTS = [
    BigFish,
    Cleric,
    DeadAdventurer,
    GoldenIdol,
    WingStatue,
    WorldOfGoop,
    Serpent,
    LivingWall,
    Mushrooms,
    ScrapOoze,
    ShiningLight,
]
SHRINES = [
    GoldenShrine, Purifier, Transmogrifier, UpgradeShrine, Lab, WomanInBlue, WheelOfChange, BonfireSpirits,
    AccursedBlacksmith, FaceTrader, WeMeetAgain, DivineFountain, NoteForYourself, MatchAndKeep,
]  # fmt: skip
MISSING_EVENTS: list[str] = [
    "Note For Yourself keeps no card between runs (it always holds Iron Wave)",
]


def event_allowed(cls: type[Event], g: Run) -> bool:
    if cls in (DeadAdventurer, Mushrooms) and g.floor <= 6:
        return False
    if cls is Cleric and g.gold < 35:
        return False
    if cls is DivineFountain and not any(c.type == CURSE and c.cid != "CurseOfTheBell" for c in g.deck):
        return False
    if cls is FaceTrader and g.floor <= 2:
        return False
    return not (cls is WeMeetAgain and g.gold < 50 and not any(g.potions))


__all__ = ["CARDS", "CURSE", "EVENTS", "SHRINES", "Event", "Neow", "event_allowed"]
