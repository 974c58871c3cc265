"""Every Exordium (act 1) monster, elite and boss with its move pattern (ascension 0).

Moves are chosen the way the game does: after each turn the monster rolls ``0..99`` on
the AI stream and a per-monster rule maps the roll (and its move history, e.g. "not the
same move three times in a row") to the next move, whose intent the player sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .combat import Monster

if TYPE_CHECKING:
    from .interface import Fight

ATK, ATK_BUFF, ATK_DEBUFF, ATK_DEF = "ATTACK", "ATTACK_BUFF", "ATTACK_DEBUFF", "ATTACK_DEFEND"
BUFF, DEBUFF, STRONG_DEBUFF, DEFEND = "BUFF", "DEBUFF", "STRONG_DEBUFF", "DEFEND"
UNKNOWN, SLEEP, STUN, ESCAPE, DEF_BUFF = "UNKNOWN", "SLEEP", "STUN", "ESCAPE", "DEFEND_BUFF"

MONSTERS: dict[str, type[Monster]] = {}


def monster(cls: type[Monster]) -> type[Monster]:
    MONSTERS[cls.ID] = cls
    return cls


def make(cb_or_rng, mid: str) -> Monster:
    """Create a monster with HP rolled on the monster-HP stream."""
    cls = MONSTERS[mid]
    lo, hi = cls.HP
    return cls(cb_or_rng.randint(lo, hi))


@monster
class Cultist(Monster):
    ID, NAME, HP = "Cultist", "Cultist", (48, 54)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            self.set_move(3, "Incantation", BUFF)
        else:
            self.set_move(1, "Dark Strike", ATK, 6)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 3:
            cb.apply(self, "Ritual", 3)
            self.st["ritual_skip"] = 1
        else:
            cb.monster_attack(self, 6)


@monster
class JawWorm(Monster):
    ID, NAME, HP = "JawWorm", "Jaw Worm", (40, 44)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            return self.set_move(1, "Chomp", ATK, 11)
        if num < 25:
            if self.last(1):
                if cb.g.rng.ai.random() < 0.5625:
                    return self.set_move(2, "Bellow", DEF_BUFF)
                return self.set_move(3, "Thrash", ATK_DEF, 7)
            return self.set_move(1, "Chomp", ATK, 11)
        if num < 55:
            if self.last_two(3):
                if cb.g.rng.ai.random() < 0.357:
                    return self.set_move(1, "Chomp", ATK, 11)
                return self.set_move(2, "Bellow", DEF_BUFF)
            return self.set_move(3, "Thrash", ATK_DEF, 7)
        if self.last(2):
            if cb.g.rng.ai.random() < 0.416:
                return self.set_move(1, "Chomp", ATK, 11)
            return self.set_move(3, "Thrash", ATK_DEF, 7)
        return self.set_move(2, "Bellow", DEF_BUFF)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 1:
            cb.monster_attack(self, 11)
        elif mid == 3:
            cb.monster_attack(self, 7)
            cb.monster_block(self, 5)
        else:
            cb.apply(self, "Strength", 3)
            cb.monster_block(self, 6)


class _Louse(Monster):
    WEB = False

    def pre_battle(self, cb: Fight) -> None:
        if "bite" not in self.st:
            self.st["bite"] = cb.g.rng.monster_hp.randint(5, 7)
            self.powers["Curl Up"] = cb.g.rng.monster_hp.randint(3, 7)

    def get_move(self, cb: Fight, num: int) -> None:
        if num < 25:
            # two Grows/Spit Webs in a row force a Bite; from ascension 17 one does
            if self.last(4) and (cb.g.ascension >= 17 or self.last_two(4)):
                return self.set_move(3, "Bite", ATK, self.st["bite"])
            self._other()
        else:
            if self.last_two(3):
                return self._other()
            self.set_move(3, "Bite", ATK, self.st["bite"])

    def _other(self) -> None:
        if self.WEB:
            self.set_move(4, "Spit Web", DEBUFF)
        else:
            self.set_move(4, "Grow", BUFF)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 3:
            cb.monster_attack(self, self.st["bite"])
        elif self.WEB:
            cb.apply(cb.player, "Weakened", 2)
        else:
            cb.apply(self, "Strength", 3)


@monster
class RedLouse(_Louse):
    ID, NAME, HP = "FuzzyLouseNormal", "Louse", (10, 15)


@monster
class GreenLouse(_Louse):
    ID, NAME, HP, WEB = "FuzzyLouseDefensive", "Louse", (11, 17), True


class _Slime(Monster):
    SPLIT_INTO = ""

    def pre_battle(self, cb: Fight) -> None:
        if self.SPLIT_INTO:
            self.powers.setdefault("Split", 1)

    def on_hp_lost(self, cb: Fight, amount: int) -> None:
        if self.SPLIT_INTO and not self.st.get("split") and self.hp * 2 <= self.max_hp:
            self.st["split"] = 1
            self.move = (3, "Split", UNKNOWN, -1, 1)

    def do_split(self, cb: Fight, kinds: list[str]) -> None:
        hp = self.hp
        self.gone = True
        self.escaped = True
        idx = cb.monsters.index(self)
        for k in kinds:
            m = MONSTERS[k](hp)
            m.hp = m.max_hp = hp
            idx += 1
            cb.spawn(m, idx)


@monster
class AcidSlimeS(_Slime):
    ID, NAME, HP = "AcidSlime_S", "Acid Slime (S)", (8, 12)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            if cb.g.rng.ai.random() < 0.5:
                return self.set_move(1, "Tackle", ATK, 3)
            return self.set_move(2, "Lick", DEBUFF)
        if self.last(1):
            self.set_move(2, "Lick", DEBUFF)
        else:
            self.set_move(1, "Tackle", ATK, 3)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 1:
            cb.monster_attack(self, 3)
        else:
            cb.apply(cb.player, "Weakened", 1)


@monster
class AcidSlimeM(_Slime):
    ID, NAME, HP = "AcidSlime_M", "Acid Slime (M)", (28, 32)
    SPIT, TACKLE, LICK, SLIMED = (7, 10, 1, 1)

    def get_move(self, cb: Fight, num: int) -> None:
        if self.move[0] == 3 and self.SPLIT_INTO:
            return
        if num < 30:
            if self.last_two(1):
                return self._pick([2, 4], cb)
            return self.set_move(1, "Corrosive Spit", ATK_DEBUFF, self.SPIT)
        if num < 70:
            if self.last(2):
                return self._pick([1, 4], cb)
            return self.set_move(2, "Tackle", ATK, self.TACKLE)
        if self.last(4):
            return self._pick([1, 2], cb)
        return self.set_move(4, "Lick", DEBUFF)

    def _m(self, mid: int) -> tuple:
        return {
            1: (1, "Corrosive Spit", ATK_DEBUFF, self.SPIT),
            2: (2, "Tackle", ATK, self.TACKLE),
            4: (4, "Lick", DEBUFF, -1),
        }[mid]

    def _pick(self, mids: list[int], cb: Fight) -> None:
        mid = mids[0] if cb.g.rng.ai.random() < 0.5 else mids[1]
        self.set_move(*self._m(mid))

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 3:
            self.do_split(cb, [self.SPLIT_INTO, self.SPLIT_INTO])
        elif mid == 1:
            cb.monster_attack(self, self.SPIT)
            cb.add_card("Slimed", "discard", self.SLIMED)
        elif mid == 2:
            cb.monster_attack(self, self.TACKLE)
        else:
            cb.apply(cb.player, "Weakened", self.LICK)


@monster
class AcidSlimeL(AcidSlimeM):
    ID, NAME, HP = "AcidSlime_L", "Acid Slime (L)", (65, 69)
    SPIT, TACKLE, LICK, SLIMED = (11, 16, 2, 2)
    SPLIT_INTO = "AcidSlime_M"


@monster
class SpikeSlimeS(_Slime):
    ID, NAME, HP = "SpikeSlime_S", "Spike Slime (S)", (10, 14)

    def get_move(self, cb: Fight, num: int) -> None:
        self.set_move(1, "Tackle", ATK, 5)

    def take_turn(self, cb: Fight) -> None:
        cb.monster_attack(self, 5)


@monster
class SpikeSlimeM(_Slime):
    ID, NAME, HP = "SpikeSlime_M", "Spike Slime (M)", (28, 32)
    TACKLE, FRAIL, SLIMED = 8, 1, 1

    def get_move(self, cb: Fight, num: int) -> None:
        if self.move[0] == 3 and self.SPLIT_INTO:
            return
        if num < 30:
            if self.last_two(1):
                return self.set_move(4, "Lick", DEBUFF)
            return self.set_move(1, "Flame Tackle", ATK_DEBUFF, self.TACKLE)
        if self.last_two(4):
            return self.set_move(1, "Flame Tackle", ATK_DEBUFF, self.TACKLE)
        self.set_move(4, "Lick", DEBUFF)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 3:
            self.do_split(cb, [self.SPLIT_INTO, self.SPLIT_INTO])
        elif mid == 1:
            cb.monster_attack(self, self.TACKLE)
            cb.add_card("Slimed", "discard", self.SLIMED)
        else:
            cb.apply(cb.player, "Frail", self.FRAIL)


@monster
class SpikeSlimeL(SpikeSlimeM):
    ID, NAME, HP = "SpikeSlime_L", "Spike Slime (L)", (64, 70)
    TACKLE, FRAIL, SLIMED = 16, 2, 2
    SPLIT_INTO = "SpikeSlime_M"


@monster
class FungiBeast(Monster):
    ID, NAME, HP = "FungiBeast", "Fungi Beast", (22, 28)

    def pre_battle(self, cb: Fight) -> None:
        self.powers["Spore Cloud"] = 2

    def get_move(self, cb: Fight, num: int) -> None:
        if num < 60:
            if self.last_two(1):
                return self.set_move(2, "Grow", BUFF)
            return self.set_move(1, "Bite", ATK, 6)
        if self.last(2):
            return self.set_move(1, "Bite", ATK, 6)
        self.set_move(2, "Grow", BUFF)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 1:
            cb.monster_attack(self, 6)
        else:
            cb.apply(self, "Strength", 3)


@monster
class Looter(Monster):
    ID, NAME, HP = "Looter", "Looter", (44, 48)

    def pre_battle(self, cb: Fight) -> None:
        self.powers["Thievery"] = 15

    def get_move(self, cb: Fight, num: int) -> None:
        n = len(self.history)
        if n < 2:
            return self.set_move(1, "Mug", ATK, 10)
        if n == 2:
            if cb.g.rng.ai.random() < 0.5:
                return self.set_move(4, "Lunge", ATK, 12)
            return self.set_move(2, "Smoke Bomb", DEFEND)
        if self.last(4):
            return self.set_move(2, "Smoke Bomb", DEFEND)
        self.set_move(3, "Escape", ESCAPE)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid in (1, 4):
            before = cb.player.hp
            cb.monster_attack(self, 10 if mid == 1 else 12)
            if not cb.over:
                stolen = min(cb.g.gold, 15)
                cb.g.gold -= stolen
                self.st["stolen"] = self.st.get("stolen", 0) + stolen
            del before
        elif mid == 2:
            cb.monster_block(self, 6)
        else:
            self.gone = True
            self.escaped = True
            self.st["stolen"] = 0
            cb.check_end()


@monster
class BlueSlaver(Monster):
    ID, NAME, HP = "SlaverBlue", "Blue Slaver", (46, 50)

    def get_move(self, cb: Fight, num: int) -> None:
        if num >= 40 and not self.last_two(1):
            return self.set_move(1, "Stab", ATK, 12)
        if not self.last_two(4):
            return self.set_move(4, "Rake", ATK_DEBUFF, 7)
        self.set_move(1, "Stab", ATK, 12)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 1:
            cb.monster_attack(self, 12)
        else:
            cb.monster_attack(self, 7)
            cb.apply(cb.player, "Weakened", 1)


@monster
class RedSlaver(Monster):
    ID, NAME, HP = "SlaverRed", "Red Slaver", (46, 50)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            return self.set_move(1, "Stab", ATK, 13)
        if num >= 75 and not self.st.get("used_entangle"):
            return self.set_move(2, "Entangle", STRONG_DEBUFF)
        if num >= 55 and self.st.get("used_entangle") and not self.last_two(1):
            return self.set_move(1, "Stab", ATK, 13)
        if not self.last_two(3):
            return self.set_move(3, "Scrape", ATK_DEBUFF, 8)
        self.set_move(1, "Stab", ATK, 13)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 1:
            cb.monster_attack(self, 13)
        elif mid == 2:
            self.st["used_entangle"] = 1
            cb.apply(cb.player, "Entangled", 1)
        else:
            cb.monster_attack(self, 8)
            cb.apply(cb.player, "Vulnerable", 1)


# ---------------------------------------------------------------- gremlins
@monster
class FatGremlin(Monster):
    ID, NAME, HP = "GremlinFat", "Fat Gremlin", (13, 17)

    def get_move(self, cb: Fight, num: int) -> None:
        self.set_move(2, "Smash", ATK_DEBUFF, 4)

    def take_turn(self, cb: Fight) -> None:
        cb.monster_attack(self, 4)
        cb.apply(cb.player, "Weakened", 1)


@monster
class MadGremlin(Monster):
    ID, NAME, HP = "GremlinWarrior", "Mad Gremlin", (20, 24)

    def pre_battle(self, cb: Fight) -> None:
        self.powers["Angry"] = 1

    def get_move(self, cb: Fight, num: int) -> None:
        self.set_move(1, "Scratch", ATK, 4)

    def take_turn(self, cb: Fight) -> None:
        cb.monster_attack(self, 4)


@monster
class ShieldGremlin(Monster):
    ID, NAME, HP = "GremlinTsundere", "Shield Gremlin", (12, 15)

    def get_move(self, cb: Fight, num: int) -> None:
        if len(cb.alive()) > 1:
            return self.set_move(1, "Protect", DEFEND)
        self.set_move(2, "Shield Bash", ATK, 6)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 1:
            others = [m for m in cb.alive() if m is not self]
            tgt = others[cb.g.rng.ai.randrange(len(others))] if others else self
            cb.monster_block(tgt, 7)
        else:
            cb.monster_attack(self, 6)


@monster
class SneakyGremlin(Monster):
    ID, NAME, HP = "GremlinThief", "Sneaky Gremlin", (10, 14)

    def get_move(self, cb: Fight, num: int) -> None:
        self.set_move(1, "Puncture", ATK, 9)

    def take_turn(self, cb: Fight) -> None:
        cb.monster_attack(self, 9)


@monster
class GremlinWizard(Monster):
    ID, NAME, HP = "GremlinWizard", "Gremlin Wizard", (21, 25)

    def get_move(self, cb: Fight, num: int) -> None:
        # the charge counter starts at 1 and blasts at 3: two charges before the first blast,
        # three between later ones (ascension 0)
        if not self.history:
            self.st["charge"] = 1
            return self.set_move(2, "Charging", UNKNOWN)
        if self.last(1):
            self.st["charge"] = 0
            return self.set_move(2, "Charging", UNKNOWN)
        self.st["charge"] += 1
        if self.st["charge"] >= 3:
            return self.set_move(1, "Ultimate Blast", ATK, 25)
        self.set_move(2, "Charging", UNKNOWN)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 1:
            cb.monster_attack(self, 25)


# ---------------------------------------------------------------- elites
@monster
class GremlinNob(Monster):
    ID, NAME, HP = "GremlinNob", "Gremlin Nob", (82, 86)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            return self.set_move(3, "Bellow", BUFF)
        if num < 33:
            return self.set_move(2, "Skull Bash", ATK_DEBUFF, 6)
        if self.last_two(1):
            return self.set_move(2, "Skull Bash", ATK_DEBUFF, 6)
        self.set_move(1, "Rush", ATK, 14)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 3:
            cb.apply(self, "Anger", 2)
        elif mid == 2:
            cb.monster_attack(self, 6)
            cb.apply(cb.player, "Vulnerable", 2)
        else:
            cb.monster_attack(self, 14)


@monster
class Lagavulin(Monster):
    ID, NAME, HP = "Lagavulin", "Lagavulin", (109, 111)

    def pre_battle(self, cb: Fight) -> None:
        self.st["asleep"] = 1
        self.block = 8
        self.powers["Metallicize"] = 8

    def on_hp_lost(self, cb: Fight, amount: int) -> None:
        if self.st.get("asleep"):
            self.wake(cb)
            self.move = (4, "Stunned", STUN, -1, 1)
            self.history.append(4)

    def wake(self, cb: Fight) -> None:
        self.st["asleep"] = 0
        self.powers.pop("Metallicize", None)

    def get_move(self, cb: Fight, num: int) -> None:
        if self.st.get("asleep"):
            return self.set_move(5, "Sleep", SLEEP)
        a = self.st.get("attacks", 0)
        if a >= 2:
            self.st["attacks"] = 0
            return self.set_move(1, "Siphon Soul", STRONG_DEBUFF)
        self.st["attacks"] = a + 1
        self.set_move(3, "Attack", ATK, 18)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 5:
            idle = self.st.get("idle", 0) + 1
            self.st["idle"] = idle
            if idle >= 3:
                self.wake(cb)
        elif mid == 3:
            cb.monster_attack(self, 18)
        elif mid == 1:
            cb.apply(cb.player, "Dexterity", -1)
            cb.apply(cb.player, "Strength", -1)


@monster
class Sentry(Monster):
    ID, NAME, HP = "Sentry", "Sentry", (38, 42)

    def pre_battle(self, cb: Fight) -> None:
        self.powers["Artifact"] = 1

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            first_bolt = cb.monsters.index(self) != 1
            if first_bolt:
                return self.set_move(3, "Bolt", DEBUFF)
            return self.set_move(4, "Beam", ATK, 9)
        if self.last(4):
            self.set_move(3, "Bolt", DEBUFF)
        else:
            self.set_move(4, "Beam", ATK, 9)

    def take_turn(self, cb: Fight) -> None:
        if self.move[0] == 4:
            cb.monster_attack(self, 9)
        else:
            cb.add_card("Dazed", "discard", 2)


# ---------------------------------------------------------------- bosses
@monster
class SlimeBoss(_Slime):
    ID, NAME, HP = "SlimeBoss", "Slime Boss", (140, 140)
    SPLIT_INTO = "boss"

    def get_move(self, cb: Fight, num: int) -> None:
        if self.move[0] == 3:
            return
        if not self.history or self.last(1):
            return self.set_move(4, "Goop Spray", STRONG_DEBUFF)
        if self.last(4):
            return self.set_move(2, "Preparing", UNKNOWN)
        self.set_move(1, "Slam", ATK, 35)

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 3:
            self.do_split(cb, ["AcidSlime_L", "SpikeSlime_L"])
        elif mid == 4:
            cb.add_card("Slimed", "discard", 3)
        elif mid == 1:
            cb.monster_attack(self, 35)


@monster
class TheGuardian(Monster):
    ID, NAME, HP = "TheGuardian", "The Guardian", (240, 240)

    def pre_battle(self, cb: Fight) -> None:
        self.st["threshold"] = 30
        self.powers["Mode Shift"] = 30

    def on_hp_lost(self, cb: Fight, amount: int) -> None:
        if self.st.get("defensive"):
            return
        left = self.powers.get("Mode Shift", 0) - amount
        if left > 0:
            self.powers["Mode Shift"] = left
            return
        self.powers.pop("Mode Shift", None)
        self.st["defensive"] = 1
        self.st["threshold"] += 10
        self.block += 20
        self.move = (1, "Defensive Mode", BUFF, -1, 1)
        self.history.append(1)

    def get_move(self, cb: Fight, num: int) -> None:
        if not self.history:
            return self.set_move(6, "Charging Up", DEFEND)
        last = self.history[-1]
        if self.st.get("defensive"):
            nxt = {1: (3, "Roll Attack", ATK, 9), 3: (4, "Twin Slam", ATK_BUFF, 8, 2)}.get(last)
            if nxt is None:
                nxt = (3, "Roll Attack", ATK, 9)
            return self.set_move(*nxt)
        cycle = {
            6: (2, "Fierce Bash", ATK, 32),
            2: (7, "Vent Steam", STRONG_DEBUFF),
            7: (5, "Whirlwind", ATK, 5, 4),
            5: (6, "Charging Up", DEFEND),
            4: (5, "Whirlwind", ATK, 5, 4),
        }
        self.set_move(*cycle.get(last, (6, "Charging Up", DEFEND)))

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 6:
            cb.monster_block(self, 9)
        elif mid == 2:
            cb.monster_attack(self, 32)
        elif mid == 7:
            cb.apply(cb.player, "Weakened", 2)
            cb.apply(cb.player, "Vulnerable", 2)
        elif mid == 5:
            cb.monster_attack(self, 5, 4)
        elif mid == 1:
            cb.apply(self, "Sharp Hide", 3)
        elif mid == 3:
            cb.monster_attack(self, 9)
        elif mid == 4:
            cb.monster_attack(self, 8, 2)
            self.st["defensive"] = 0
            self.powers.pop("Sharp Hide", None)
            self.powers["Mode Shift"] = self.st["threshold"]


@monster
class Hexaghost(Monster):
    ID, NAME, HP = "Hexaghost", "Hexaghost", (250, 250)
    CYCLE = ("Sear", "Tackle", "Sear", "Inflame", "Tackle", "Sear", "Inferno")
    MOVES: ClassVar[dict[str, tuple]] = {
        "Sear": (4, "Sear", ATK_DEBUFF, 6, 1),
        "Tackle": (2, "Tackle", ATK, 5, 2),
        "Inflame": (3, "Inflame", DEF_BUFF, -1, 1),
        "Inferno": (6, "Inferno", ATK_DEBUFF, 2, 6),
    }

    def get_move(self, cb: Fight, num: int) -> None:
        n = len(self.history)
        if n == 0:
            return self.set_move(5, "Activate", UNKNOWN)
        if n == 1:
            d = cb.player.hp // 12 + 1
            self.st["divider"] = d
            return self.set_move(1, "Divider", ATK, d, 6)
        step = self.st.get("step", 0)
        self.st["step"] = step + 1
        self.set_move(*self.MOVES[self.CYCLE[step % len(self.CYCLE)]])

    def take_turn(self, cb: Fight) -> None:
        mid = self.move[0]
        if mid == 1:
            cb.monster_attack(self, self.st["divider"], 6)
        elif mid == 4:
            cb.monster_attack(self, 6)
            cb.add_card("Burn", "discard")
            if self.st.get("burn_up"):
                cb.discard[-1].upgrade()
        elif mid == 2:
            cb.monster_attack(self, 5, 2)
        elif mid == 3:
            cb.monster_block(self, 12)
            cb.apply(self, "Strength", 2)
        elif mid == 6:
            cb.monster_attack(self, 2, 6)
            self.st["burn_up"] = 1
            cb.add_card("Burn", "discard", 3)
            for pile in (cb.hand, cb.draw_pile, cb.discard):
                for c in pile:
                    if c.cid == "Burn":
                        c.upgrade() if not c.upgrades else None


BOSSES = {"Slime Boss": ["SlimeBoss"], "The Guardian": ["TheGuardian"], "Hexaghost": ["Hexaghost"]}

GREMLIN_POOL = [
    "GremlinWarrior",
    "GremlinWarrior",
    "GremlinThief",
    "GremlinThief",
    "GremlinFat",
    "GremlinFat",
    "GremlinTsundere",
    "GremlinWizard",
]

WEAK = [("Cultist", 2.0), ("Jaw Worm", 2.0), ("2 Louse", 2.0), ("Small Slimes", 2.0)]
STRONG = [
    ("Blue Slaver", 2.0),
    ("Gremlin Gang", 1.0),
    ("Looter", 2.0),
    ("Large Slime", 2.0),
    ("Lots of Slimes", 1.0),
    ("Exordium Thugs", 1.5),
    ("Exordium Wildlife", 1.5),
    ("Red Slaver", 1.0),
    ("3 Louse", 2.0),
    ("2 Fungi Beasts", 2.0),
]
ELITES = ["Gremlin Nob", "Lagavulin", "3 Sentries"]


def _louse(r) -> str:
    return "FuzzyLouseNormal" if r.random() < 0.5 else "FuzzyLouseDefensive"


def _medium_slime(r) -> str:
    return "AcidSlime_M" if r.random() < 0.5 else "SpikeSlime_M"


def encounter(name: str, r) -> list[str]:
    """Monster ids of a named encounter; random members drawn from the misc stream ``r``."""
    if name == "Cultist":
        return ["Cultist"]
    if name == "Jaw Worm":
        return ["JawWorm"]
    if name == "2 Louse":
        return [_louse(r), _louse(r)]
    if name == "3 Louse":
        return [_louse(r), _louse(r), _louse(r)]
    if name == "Small Slimes":
        return ["SpikeSlime_S", "AcidSlime_M"] if r.random() < 0.5 else ["AcidSlime_S", "SpikeSlime_M"]
    if name == "Blue Slaver":
        return ["SlaverBlue"]
    if name == "Red Slaver":
        return ["SlaverRed"]
    if name == "Looter":
        return ["Looter"]
    if name == "Large Slime":
        return ["AcidSlime_L"] if r.random() < 0.5 else ["SpikeSlime_L"]
    if name == "Lots of Slimes":
        return ["SpikeSlime_S", "SpikeSlime_S", "SpikeSlime_S", "AcidSlime_S", "AcidSlime_S"]
    if name == "Gremlin Gang":
        pool = list(GREMLIN_POOL)
        out = []
        for _ in range(4):
            out.append(pool.pop(r.randrange(len(pool))))
        return out
    if name == "Exordium Thugs":
        weak = [_louse(r), _medium_slime(r)][r.randrange(2)]
        strong = ["Cultist", "Looter", "SlaverBlue", "SlaverRed"][r.randrange(4)]
        return [weak, strong]
    if name == "Exordium Wildlife":
        strong = ["FungiBeast", "JawWorm"][r.randrange(2)]
        weak = [_louse(r), _medium_slime(r)][r.randrange(2)]
        return [strong, weak]
    if name == "2 Fungi Beasts":
        return ["FungiBeast", "FungiBeast"]
    if name == "3 Fungi Beasts":
        return ["FungiBeast", "FungiBeast", "FungiBeast"]
    if name == "Gremlin Nob":
        return ["GremlinNob"]
    if name == "Lagavulin":
        return ["Lagavulin"]
    if name == "3 Sentries":
        return ["Sentry", "Sentry", "Sentry"]
    if name in BOSSES:
        return BOSSES[name]
    raise KeyError(name)
