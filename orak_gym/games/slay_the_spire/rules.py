"""The rule agent: plays every screen Orak does not give the LLM (map, events, shops, rest, Neow,
chests, combat rewards, boss relics, card selections), as Orak's spirecomm-derived agent does.

It answers CommunicationMod commands (0-based choice/target indices).  It keeps a little memory
per floor so that a choice that changed nothing (a potion with full slots, a skipped card
reward) is not tried again and the run always moves on.
"""

from __future__ import annotations

from orak_gym.games.slay_the_spire.state import SpireState

#: Ironclad cards worth taking in act 1, best first (names as the game shows them).
CARD_PRIORITY = (
    "Demon Form",
    "Offering",
    "Inflame",
    "Shrug It Off",
    "Pommel Strike",
    "Carnage",
    "Hemokinesis",
    "Uppercut",
    "Battle Trance",
    "Twin Strike",
    "Whirlwind",
    "Immolate",
    "Flame Barrier",
    "Bludgeon",
    "Feed",
    "Reaper",
    "Shockwave",
    "Disarm",
    "Metallicize",
    "Thunderclap",
    "Headbutt",
    "Iron Wave",
    "Cleave",
    "Anger",
    "Clothesline",
    "Ghostly Armor",
    "Impervious",
    "Sword Boomerang",
    "Wild Strike",
)
#: Cards to get rid of first (purge, transform, exhaust from hand).
JUNK = (
    "Ascender's Bane",
    "Curse of the Bell",
    "Regret",
    "Doubt",
    "Pain",
    "Parasite",
    "Decay",
    "Shame",
    "Writhe",
    "Clumsy",
    "Injury",
    "Necronomicurse",
    "Wound",
    "Dazed",
    "Slimed",
    "Burn",
    "Void",
    "Strike",
    "Defend",
)
#: What a map room is worth on a path (monster, unknown, shop, treasure, rest, elite); see ``room_value``.
MAP_PREFERENCE = {"M": 1.0, "?": 1.0, "$": 0.4, "T": 1.5, "R": 0.8, "E": -2.0}
_BAD_WORDS = ("curse", "lose all", "lose 1 max", "take ", "damage", "hp loss", "leave", "ignore")


def card_rank(name: str) -> int:
    base = name.rstrip("+")
    return CARD_PRIORITY.index(base) if base in CARD_PRIORITY else len(CARD_PRIORITY)


def junk_rank(name: str) -> int:
    base = name.rstrip("+")
    return JUNK.index(base) if base in JUNK else len(JUNK)


class RuleAgent:
    """Answers one CommunicationMod command for any screen (``command(state)``)."""

    def __init__(self) -> None:
        self._tried: set[tuple[int, str, str]] = set()
        self._shops_entered: set[int] = set()
        self._bought: dict[int, int] = {}

    def reset(self) -> None:
        self.__init__()

    # ------------------------------------------------------------------ entry point
    def command(self, state: SpireState) -> str:
        screen = state.screen_type
        handler = getattr(self, f"_{screen.lower()}", None)
        if state.in_combat_turn:
            return self.combat(state)
        if handler is not None:
            answer = handler(state)
            if answer:
                return answer
        return self.fallback(state)

    def card_reward(self, state: SpireState) -> str:
        """Takes a card from the priority list, or skips when none is worth a deck slot."""
        cards = state.screen.get("cards") or []
        deck_size = len(state.game.get("deck") or [])
        ranked = sorted(range(len(cards)), key=lambda i: card_rank(str(cards[i].get("name", ""))))
        if ranked and card_rank(str(cards[ranked[0]].get("name", ""))) < (len(CARD_PRIORITY) if deck_size < 22 else 8):
            return f"CHOOSE {ranked[0]}"
        if state.screen.get("bowl_available") and "bowl" in state.choices:
            return f"CHOOSE {state.choices.index('bowl')}"
        return (state.cancel_word() or "skip").upper()

    def combat(self, state: SpireState) -> str:
        """Outside the LLM's turns only END is left (no card can be played)."""
        return "END" if state.can("end") else self.fallback(state)

    def boss_potion(self, state: SpireState) -> str | None:
        """Orak drinks every potion at the start of a boss fight; this is that command, if any."""
        if state.game.get("room_type") != "MonsterRoomBoss" or not state.can("potion"):
            return None
        alive = state.alive_monsters()
        for slot, potion in enumerate(state.game.get("potions") or []):
            if potion.get("can_use") and potion.get("id") != "Potion Slot":
                if potion.get("requires_target"):
                    return f"POTION USE {slot} {alive[0]}" if alive else None
                return f"POTION USE {slot}"
        return None

    # ------------------------------------------------------------------ screens
    def _choose_once(self, state: SpireState, index: int) -> str | None:
        key = (state.floor, state.screen_type, f"{index}:{state.choices[index] if index < len(state.choices) else ''}")
        if key in self._tried:
            return None
        self._tried.add(key)
        return f"CHOOSE {index}"

    def _event(self, state: SpireState) -> str | None:
        options = [o for o in state.screen.get("options") or [] if not o.get("disabled")]
        if not options:
            return None

        def badness(option: dict) -> int:
            text = str(option.get("text", "")).lower()
            return sum(word in text for word in _BAD_WORDS)

        best = min(options, key=badness)
        index = best.get("choice_index")
        if index is None:
            index = options.index(best)
        return f"CHOOSE {index}" if state.can("choose") else None

    def _chest(self, state: SpireState) -> str | None:
        if state.can("choose") and state.choices and not state.screen.get("chest_open"):
            return self._choose_once(state, 0)
        return None

    def _shop_room(self, state: SpireState) -> str | None:
        gold = int(state.game.get("gold", 0) or 0)
        if state.can("choose") and state.floor not in self._shops_entered and gold >= 75:
            self._shops_entered.add(state.floor)
            return "CHOOSE 0"
        return None

    def _shop_screen(self, state: SpireState) -> str | None:
        gold = int(state.game.get("gold", 0) or 0)
        screen = state.screen
        if self._bought.get(state.floor, 0) >= 3:
            return None
        choices = state.choices
        if screen.get("purge_available") and gold >= int(screen.get("purge_cost", 999) or 999) and "purge" in choices:
            self._bought[state.floor] = self._bought.get(state.floor, 0) + 1
            return self._choose_once(state, choices.index("purge"))
        cards = [c for c in screen.get("cards") or [] if int(c.get("price", 999)) <= gold]
        cards.sort(key=lambda c: card_rank(str(c.get("name", ""))))
        if cards and card_rank(str(cards[0].get("name"))) < 12:
            name = str(cards[0].get("name", "")).lower()
            if name in choices:
                self._bought[state.floor] = self._bought.get(state.floor, 0) + 1
                return self._choose_once(state, choices.index(name))
        return None

    def _rest(self, state: SpireState) -> str | None:
        choices = state.choices
        hp = int(state.game.get("current_hp", 0) or 0)
        max_hp = int(state.game.get("max_hp", 1) or 1)
        if not state.can("choose"):
            return None
        boss_next = state.floor >= 15
        if "rest" in choices and (hp < 0.6 * max_hp or (boss_next and hp < 0.85 * max_hp)):
            return f"CHOOSE {choices.index('rest')}"
        if "smith" in choices:
            return f"CHOOSE {choices.index('smith')}"
        if "rest" in choices:
            return f"CHOOSE {choices.index('rest')}"
        return None

    def _card_reward(self, state: SpireState) -> str | None:
        return self.card_reward(state) if state.can("choose") else None

    def _combat_reward(self, state: SpireState) -> str | None:
        rewards = state.screen.get("rewards") or []
        potions = state.game.get("potions") or []
        full = potions and all(p.get("id") != "Potion Slot" for p in potions)
        for i, reward in enumerate(rewards):
            if i >= len(state.choices):
                break
            if reward.get("reward_type") == "POTION" and full:
                continue
            answer = self._choose_once(state, i)
            if answer:
                return answer
        return None

    def _map(self, state: SpireState) -> str | None:
        choices = state.choices
        if not choices or not state.can("choose"):
            return None
        if state.screen.get("boss_available") and "boss" in choices:
            return f"CHOOSE {choices.index('boss')}"
        nodes = state.screen.get("next_nodes") or []
        values = path_values(state)
        best = max(range(len(choices)), key=lambda i: values.get(_xy(nodes[i]), 0.0) if i < len(nodes) else 0.0)
        return f"CHOOSE {best}"

    def _boss_reward(self, state: SpireState) -> str | None:
        return "CHOOSE 0" if state.can("choose") and state.choices else None

    def _grid(self, state: SpireState) -> str | None:
        screen = state.screen
        if screen.get("confirm_up") or len(screen.get("selected_cards") or []) >= int(screen.get("num_cards", 1) or 1):
            return state.confirm_word() and state.confirm_word().upper()
        if not state.can("choose") or not state.choices:
            return None
        names = state.choices
        free = _unselected(names, screen.get("cards"), screen.get("selected_cards"))
        if screen.get("for_upgrade"):
            order = sorted(free, key=lambda i: (names[i].rstrip("+").lower() != "bash", card_rank(names[i].title())))
        else:
            order = sorted(free, key=lambda i: junk_rank(_title(names[i])))
        return f"CHOOSE {order[0]}" if order else None

    def _hand_select(self, state: SpireState) -> str | None:
        screen = state.screen
        if len(screen.get("selected") or []) >= int(screen.get("max_cards", 1) or 1) or not state.choices:
            return state.confirm_word() and state.confirm_word().upper()
        free = _unselected(state.choices, screen.get("hand"), screen.get("selected"))
        order = sorted(free, key=lambda i: junk_rank(_title(state.choices[i])))
        return f"CHOOSE {order[0]}" if order and state.can("choose") else None

    def _complete(self, state: SpireState) -> str | None:
        return None

    def fallback(self, state: SpireState) -> str:
        """Whatever moves the game on: the proceed or leave button, the first choice, END, else STATE."""
        for word in (state.confirm_word(), state.cancel_word()):
            if word:
                return word.upper()
        if state.can("choose") and state.choices:
            return "CHOOSE 0"
        if state.can("end"):
            return "END"
        return "STATE"


def room_value(symbol: str, hp_ratio: float, gold: int, floor: int) -> float:
    """A room's worth: elites are avoided unless healthy and late, rest sites sought when hurt."""
    value = MAP_PREFERENCE.get(symbol, 1.0)
    if symbol == "R" and hp_ratio < 0.6:
        value = 2.5
    if symbol == "$" and gold >= 150:
        value = 1.2
    if symbol == "E" and hp_ratio >= 0.9 and floor >= 8:
        value = 0.5
    return value


def path_values(state: SpireState) -> dict[tuple[int, int], float]:
    """Best total room value from each map node to the top (a DP over the act's map).

    The rule agent asks on every map screen (measured at a tenth of Orak's native
    step), and an act keeps its map: the map's plan (nodes top row first, each with its symbol and
    its children's coordinates) is kept with the last map, and with it every answer by the room
    values it was computed from (a handful: they move only when HP, gold or the floor cross a
    threshold); an equal map reuses the plan, equal room values too the answer (a copy).
    """
    game = state.game
    hp_ratio = int(game.get("current_hp", 0) or 0) / max(int(game.get("max_hp", 1) or 1), 1)
    gold = int(game.get("gold", 0) or 0)
    floor = state.floor
    raw = game.get("map") or []
    last_map, plan, symbols, answers = _LAST_PATHS
    if raw != last_map:  # (a message is never changed after it arrived, so the kept map stays as it was)
        nodes = {_xy(n): n for n in raw if isinstance(n, dict)}
        plan = [
            (key, str(node.get("symbol", "M")), tuple(map(_xy, node.get("children") or ())))
            for key, node in sorted(nodes.items(), key=_row_down)  # top rows first, so children are known
        ]
        symbols = tuple(dict.fromkeys(symbol for _, symbol, _ in plan))
        answers = {}
        _LAST_PATHS[:] = [raw, plan, symbols, answers]
    values = tuple([room_value(symbol, hp_ratio, gold, floor) for symbol in symbols])
    memo = answers.get(values)
    if memo is None:
        value_of = dict(zip(symbols, values, strict=True))
        memo = {}
        seen = memo.get
        for key, symbol, children in plan:
            ahead = [v for v in map(seen, children) if v is not None]
            memo[key] = value_of[symbol] + max(ahead, default=0.0)
        answers[values] = memo
    return dict(memo)


#: ``path_values``' last map, its plan, its symbols and its answers by their symbols' room values: an
#: answer is a function of the map and of each symbol's room value, nothing else.
_LAST_PATHS: list = [None, [], (), {}]


def _row_down(item: tuple[tuple[int, int], dict]) -> int:
    return -item[0][1]


def _xy(node: dict) -> tuple[int, int]:
    return int(node.get("x", -1)), int(node.get("y", -1))


def _unselected(names: list[str], cards: object, selected: object) -> list[int]:
    """Choice indices whose card is not selected yet (choosing a selected card unselects it)."""
    taken = {c.get("uuid") for c in selected or [] if isinstance(c, dict)}
    if not isinstance(cards, list) or len(cards) != len(names):
        return list(range(len(names)))
    return [i for i, c in enumerate(cards) if not (isinstance(c, dict) and c.get("uuid") in taken)]


def _title(name: str) -> str:
    """Choice lists name cards in lower case; the priority lists use the game's capitalisation."""
    title = _TITLES.get(name)
    if title is None:
        title = next((known for known in JUNK + CARD_PRIORITY if known.lower() == name.rstrip("+").lower()), name)
        if len(_TITLES) < 4096:  # names come from the game: a modded one cannot grow this without end
            _TITLES[name] = title
    return title


_TITLES: dict[str, str] = {}
