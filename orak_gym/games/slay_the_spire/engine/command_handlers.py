"""Which commands the current screen accepts, and each command's checks and effect, with
CommunicationMod's own error texts."""

from __future__ import annotations

from orak_gym.core.errors import OrakError

from . import relics as R
from .combat import Monster
from .potions import POTIONS
from .potions import can_use as potion_can_use
from .potions import use as potion_use

SEED_CHARS = "0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


class InvalidCommand(OrakError, ValueError):
    """A command the current state does not accept; the message is CommunicationMod's error text."""


def seed_from_string(text: str) -> int:
    """The game's seed string -> number conversion (base 35 without the letter O)."""
    n = 0
    for ch in text.upper().replace("O", "0"):
        n = n * 35 + SEED_CHARS.index(ch)
    return n


def _bad_index(tokens: list[str], idx: str) -> InvalidCommand:
    return InvalidCommand(f'Index {idx} out of bounds in command "{" ".join(tokens)}"')


def _bad_arg(tokens: list[str], arg: str) -> InvalidCommand:
    return InvalidCommand(f'Invalid argument {arg} in command "{" ".join(tokens)}".')


def _missing(tokens: list[str], extra: str = "") -> InvalidCommand:
    return InvalidCommand(f'Argument missing in command "{" ".join(tokens)}".{extra}')


class CommandsMixin:
    """``SpireEngine``'s command half: availability per screen, then ``start``/``play``/``choose``/``potion``/
    ``confirm``/``cancel``."""

    # ================================================================ availability
    def _in_combat_screen(self) -> bool:
        cb = self.combat
        return cb is not None and not cb.over and self.screen == "NONE" and cb.pending is None

    def _play_available(self, hand: list[tuple[int, bool, bool, str]] | None = None) -> bool:
        """Whether a card can be played; ``hand``: the hand's ``card_facts`` (their ``is_playable`` is
        ``can_play``), when the caller has them already."""
        if not self._in_combat_screen():
            return False
        if hand is not None:
            return any(facts[1] for facts in hand)
        cb = self.combat
        return any(cb.can_play(c) for c in cb.hand)  # type: ignore[union-attr]

    def _end_available(self) -> bool:
        return self._in_combat_screen()

    def _grid(self) -> dict | None:
        cb = self.combat
        if self.screen == "NONE" and cb is not None and cb.pending is not None and cb.pending["kind"] == "GRID":
            return cb.pending
        return self.grid if self.screen == "GRID" else None

    def _grid_confirm_up(self, gr: dict) -> bool:
        return len(gr["selected"]) >= gr["num"] and gr["purpose"] in (
            "upgrade",
            "transform",
            "purge",
            "bottle",
            "duplicate",
        )

    def _choice_list(self) -> list[str]:
        st = self._screen_type()
        if st == "EVENT":
            return [lab.lower() for lab, _t, dis in self.event.options(self) if not dis]  # type: ignore[union-attr]
        if st == "CHEST":
            return [] if self.chest["open"] else ["open"]
        if st == "SHOP_ROOM":
            return ["shop"]
        if st == "REST":
            return [] if self.rested else self._rest_options()
        if st == "CARD_REWARD":
            cs = self.card_screen
            names = [c.name.lower() for c in cs["cards"]]  # type: ignore[index]
            return names + (["bowl"] if cs["bowl"] else [])  # type: ignore[index]
        if st == "COMBAT_REWARD":
            return [rw["reward_type"].lower() for rw in self.rewards]
        if st == "MAP":
            if self._boss_next():
                return ["boss"]
            return [f"x={n.x}" for n in self._next_nodes()]
        if st == "BOSS_REWARD":
            return [R.name(r).lower() for r in self.boss_relics]
        if st == "SHOP_SCREEN":
            return [name.lower() for name, _kind, _i in self._shop_items()]
        if st == "GRID":
            gr = self._grid()
            if gr is None or self._grid_confirm_up(gr):
                return []
            return [c.name.lower() for c in gr["cards"]]
        if st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            if len(pd["selected"]) >= pd["num"]:
                return []
            return [c.name.lower() for c in pd["cards"] if c not in pd["selected"]]
        return []

    def _confirm_available(self) -> bool:
        st = self._screen_type()
        if st in ("CHEST", "SHOP_ROOM", "COMBAT_REWARD", "GAME_OVER"):
            return True
        if st == "REST":
            return self.rested or not self._rest_options()  # nothing usable: the room can be left
        if st == "GRID":
            gr = self._grid()
            return gr is not None and (self._grid_confirm_up(gr) or gr["any"])
        if st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            return pd["any"] or len(pd["selected"]) >= pd["num"]
        return False

    def _confirm_text(self) -> str:
        return "confirm" if self._screen_type() in ("GRID", "HAND_SELECT") else "proceed"

    def _cancel_available(self) -> bool:
        st = self._screen_type()
        if st == "CARD_REWARD":
            return bool(self.card_screen and self.card_screen["skip"])
        if st in ("BOSS_REWARD", "SHOP_SCREEN"):
            return True
        if st == "GRID":
            gr = self._grid()
            return gr is not None and (gr.get("cancel", False) or self._grid_confirm_up(gr))
        return False

    def _cancel_text(self) -> str:
        return {
            "CARD_REWARD": "skip",
            "COMBAT_REWARD": "skip",
            "MAP": "return",
            "BOSS_REWARD": "skip",
            "SHOP_SCREEN": "leave",
        }.get(self._screen_type(), "cancel")

    # ================================================================ commands
    def _cmd_start(self, tokens: list[str]) -> None:
        if len(tokens) < 2:
            raise _missing(tokens)
        if tokens[1] != "ironclad":
            raise _bad_arg(tokens, tokens[1])
        asc = 0
        if len(tokens) >= 3:
            try:
                asc = int(tokens[2])
            except ValueError:
                raise _bad_arg(tokens, tokens[2]) from None
            if not 0 <= asc <= 20:
                raise _bad_index(tokens, tokens[2])
        seed = self.seed
        if len(tokens) >= 4:
            s = tokens[3].upper()
            if not s.isalnum() or not s.isascii():
                raise _bad_arg(tokens, s)
            seed = seed_from_string(s)
        self._new_run(seed, asc)

    def _cmd_play(self, tokens: list[str]) -> None:
        cb = self.combat
        assert cb is not None
        if len(tokens) < 2:
            raise _missing(tokens)
        try:
            ci = int(tokens[1])
        except ValueError:
            raise _bad_arg(tokens, tokens[1]) from None
        if ci == 0:
            ci = 10
        if ci < 1 or ci > len(cb.hand):
            raise _bad_index(tokens, str(ci))
        target: Monster | None = None
        if len(tokens) == 3:
            try:
                ti = int(tokens[2])
            except ValueError:
                raise _bad_arg(tokens, tokens[2]) from None
            if ti < 0 or ti >= len(cb.monsters):
                raise _bad_index(tokens, str(ti))
            target = cb.monsters[ti]
        card = cb.hand[ci - 1]
        if not cb.can_play(card) or (target is not None and target.gone and cb.needs_target(card)):
            raise InvalidCommand("Selected card cannot be played with the selected target.")
        if cb.needs_target(card):
            if target is None:
                raise InvalidCommand("Selected card requires an enemy target.")
        else:
            target = None
        cb.play(card, target)

    def _choice_index(self, tokens: list[str]) -> int:
        choices = self._choice_list()
        if not choices:
            raise InvalidCommand("The choice command is not implemented on this screen.")
        if len(tokens) < 2:
            raise _missing(tokens, " A choice is required.")
        choice = " ".join(tokens[1:])
        if choice in choices:
            return choices.index(choice)
        try:
            i = int(choice)
        except ValueError:
            raise _bad_arg(tokens, choice) from None
        if i < 0 or i >= len(choices):
            raise _bad_index(tokens, choice)
        return i

    def _cmd_choose(self, tokens: list[str]) -> None:
        i = self._choice_index(tokens)
        st = self._screen_type()
        if st == "EVENT":
            ev = self.event
            assert ev is not None
            enabled = [k for k, (_l, _t, dis) in enumerate(ev.options(self)) if not dis]
            ev.pick(self, enabled[i])
        elif st == "CHEST":
            self._open_chest()
        elif st == "SHOP_ROOM":
            self.screen = "SHOP_SCREEN"
        elif st == "REST":
            self._rest_choice(self._rest_options()[i])
        elif st == "CARD_REWARD":
            self._card_choice(i)
        elif st == "COMBAT_REWARD":
            self._take_reward(i)
        elif st == "MAP":
            if self._boss_next():
                self._enter_boss()
            else:
                self._enter_node(self._next_nodes()[i])
        elif st == "BOSS_REWARD":
            r = self.boss_relics[i]
            self.boss_relics = []
            self.screen = "CHEST"
            self.obtain_relic(r)
        elif st == "SHOP_SCREEN":
            self._shop_buy(i)
        elif st == "GRID":
            gr = self._grid()
            assert gr is not None
            c = gr["cards"][i]
            if c in gr["selected"]:
                gr["selected"].remove(c)
            else:
                gr["selected"].append(c)
            if len(gr["selected"]) >= gr["num"] and not self._grid_confirm_up(gr) and not gr["any"]:
                self._grid_done()
        elif st == "HAND_SELECT":
            pd = self.combat.pending  # type: ignore[union-attr]
            avail = [c for c in pd["cards"] if c not in pd["selected"]]
            pd["selected"].append(avail[i])

    def _cmd_potion(self, tokens: list[str]) -> None:
        if len(tokens) < 3:
            raise _missing(tokens)
        if tokens[1] not in ("use", "discard"):
            raise _bad_arg(tokens, tokens[1])
        use = tokens[1] == "use"
        try:
            slot = int(tokens[2])
        except ValueError:
            raise _bad_arg(tokens, tokens[2]) from None
        if slot < 0 or slot >= len(self.potions):
            raise InvalidCommand("Potion index out of bounds.")
        pid = self.potions[slot]
        if pid is None:
            raise InvalidCommand("No potion in the selected slot.")
        if use and not potion_can_use(self, pid):
            raise InvalidCommand("Selected potion cannot be used.")
        if not use and not self._potion_discard_ok():
            raise InvalidCommand("Selected potion cannot be discarded.")
        target = None
        if use and POTIONS[pid].target:
            cb = self.combat
            assert cb is not None
            if len(tokens) < 4:
                raise _missing(tokens, " Selected potion requires a target.")
            try:
                ti = int(tokens[3])
            except ValueError:
                raise _bad_arg(tokens, tokens[3]) from None
            if ti < 0 or ti >= len(cb.monsters):
                raise _bad_index(tokens, str(ti))
            target = cb.monsters[ti]
            if target.gone:
                raise InvalidCommand("Selected potion cannot be used.")
        self.potions[slot] = None  # the slot empties first: Entropic Brew fills it too
        if use:
            potion_use(self, pid, target)
        if use and self.has("Toy Ornithopter"):
            self.heal(5)

    def _cmd_confirm(self) -> None:
        st = self._screen_type()
        if st in ("GRID",):
            self._grid_done()
        elif st == "HAND_SELECT":
            cb = self.combat
            assert cb is not None and cb.pending is not None
            cb.resolve_selection(list(cb.pending["selected"]))
        elif st == "COMBAT_REWARD":
            self.rewards = []
            self._pop_screen()
        elif st == "CHEST":
            if self.chest["size"] == "boss":
                self._finish_act()
            else:
                self._to_map()
        elif st in ("SHOP_ROOM", "REST"):
            self._to_map()
        elif st == "GAME_OVER":
            self.in_game = False
            self.screen = "NONE"
            self.combat = None

    def _cmd_cancel(self) -> None:
        st = self._screen_type()
        if st == "CARD_REWARD":
            self.card_screen = None
            self._pop_screen()
        elif st == "BOSS_REWARD":
            self.screen = "CHEST"
        elif st == "SHOP_SCREEN":
            self.screen = "SHOP_ROOM"
        elif st == "GRID":
            gr = self._grid()
            assert gr is not None
            if self._grid_confirm_up(gr):
                gr["selected"] = []
            else:
                self.grid = None
                self._pop_screen()
