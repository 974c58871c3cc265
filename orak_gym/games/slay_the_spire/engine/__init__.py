"""Embedded Slay the Spire engine: Ironclad, act 1 (Exordium), driven like CommunicationMod.

The fixed seam (stable; the env, the CommunicationMod bridge, the rule agent and the expert
build on exactly this)::

    from orak_gym.games.slay_the_spire.engine import SpireEngine, InvalidCommand

    eng = SpireEngine(seed: int, character: str = "IRONCLAD", ascension: int = 0)
    eng.state() -> dict          # CommunicationMod's message, see below
    eng.rule_message() -> dict   # the same, its costly fields built on first read (valid until the next apply)
    eng.card_facts(card), eng.monster_move(combat, m), eng.potion_facts(id), eng.power_entries(creature)
                                 # the per-object facts the message shows (the env's native view reads them too)
    eng.hand_facts(combat)       # card_facts of the whole hand of a live combat
    eng.apply(command: str, available: list[str] | None = None)
                                 # one CommunicationMod command; raises InvalidCommand (``available``:
                                 # available_commands() when the caller read it since the last apply)
    eng.available_commands() -> list[str]
    eng.is_over -> bool          # GAME_OVER reached (death or act-1 boss beaten)
    eng.floor -> int             # floor number (Neow = 0, boss = 16)
    eng.bosses_defeated -> int   # 0 or 1 (act 1 only)
    eng.victory -> bool          # the act-1 boss was beaten
    eng.clone() -> SpireEngine   # independent deep copy for look-ahead (same future)
    legal_commands(state) -> list[str]   # every concrete valid command of a state message

``character`` other than ``"IRONCLAD"`` raises ``ValueError`` (``START SILENT`` raises
``InvalidCommand``). ``SpireEngine(seed)`` starts at the main menu exactly like the mod: ``in_game`` is false and
the commands are ``start``/``state``. ``START IRONCLAD [ascension] [seed]`` begins the run;
without a seed token the constructor's seed is used, with one the game's seed-string rule
applies (base 35 over ``0-9A-Z`` without ``O``, so ``"0"`` is seed 0 as in Orak's
``start IRONCLAD 0 0``). The run then shows Neow (EVENT).

``state()`` returns ``{"available_commands", "ready_for_command": True, "in_game",
"game_state"}``; ``game_state`` holds CommunicationMod's fields: ``screen_type`` (EVENT, CHEST,
SHOP_ROOM, REST, CARD_REWARD, COMBAT_REWARD, MAP, BOSS_REWARD, SHOP_SCREEN, GRID,
HAND_SELECT, GAME_OVER, NONE = in combat), ``screen_name``, ``is_screen_up``,
``screen_state`` (per screen, the mod's keys), ``choice_list`` (when ``choose`` is
available), ``combat_state`` (hand/draw_pile/discard_pile/exhaust_pile card objects with
name, id, uuid, cost, type, rarity, upgrades, has_target, exhausts, ethereal, and is_playable in a
room that has held a fight;
monsters with name, id, current_hp, max_hp, block, intent, move_id, move_base_damage,
move_adjusted_damage, move_hits, last_move_id, second_last_move_id, half_dead, is_gone,
powers (id, name, amount; ``just_applied`` on Vulnerable/Weak/Frail/Ritual, ``misc`` on Combust,
``damage`` on each Bomb's ``TheBomb<n>``);
player with current_hp, max_hp, block, energy, powers, orbs; turn,
cards_discarded_this_turn, times_damaged), ``deck``, ``relics`` (id, name, counter),
``potions`` (empty slots are ``"Potion Slot"``), ``map`` (nodes x, y, symbol, children,
parents; the top row's children are the boss node ``{"x": 3, "y": 16}``), ``floor``,
``act``, ``act_boss``, ``gold``, ``seed``, ``class``, ``ascension_level``, ``current_hp``,
``max_hp``, ``room_phase``, ``room_type``, ``action_phase``, ``keys``.

Commands and indices are the mod's (case-insensitive): ``PLAY i [t]`` with the card index
1-based (0 means 10) and the monster index **0-based** over ``combat_state.monsters``
(dead ones included); ``END``; ``CHOOSE i|name`` with ``i`` **0-based** over
``choice_list`` or a name from it; ``POTION use|discard slot [t]`` with slot and target
0-based; ``PROCEED``/``CONFIRM`` and ``SKIP``/``CANCEL``/``LEAVE``/``RETURN`` where the
screen has that button; ``STATE`` (no-op); ``START``. Anything not valid now raises
``InvalidCommand`` (a ``ValueError``) with the mod's error wording, e.g. ``Invalid command:
end. Possible commands: [choose, potion, state]`` or ``Index 7 out of bounds in command
"play 7"``, and leaves the state unchanged. ``KEY``, ``CLICK`` and ``WAIT`` (raw input) are
not offered. A GAME_OVER screen's ``PROCEED`` returns to the main menu.

Flow: Neow -> MAP -> rooms (combat -> COMBAT_REWARD [-> CARD_REWARD] -> MAP; REST;
SHOP_ROOM <-> SHOP_SCREEN; CHEST -> COMBAT_REWARD; EVENT, possibly GRID or a combat) ->
boss -> COMBAT_REWARD -> boss CHEST -> BOSS_REWARD -> GAME_OVER with ``victory`` true.

Randomness: separate seeded streams like the game's (map, monster, card, relic, potion,
event, shuffle, ai, monster_hp, misc, treasure, merchant, neow; see ``rng.py``); the same
seed and the same commands replay the same run (card uuids included: each engine numbers its
own cards; do not run two engines' ``apply`` concurrently in different threads). The streams
are our own generators, so a seed does not reproduce the real game's run for that seed.

Content (ascension 0 rules; the ``ascension`` number is reported but not applied): the
Ironclad's starter deck and all 72 Ironclad reward cards with upgrades, 31 of the 35 colorless
cards (shop row, Neow, Toolbox, Colorless Potion, Discovery), Wound, Dazed, Burn(+), Slimed,
the ten curses and Curse of the Bell; every Exordium monster, the three elites and three
bosses with their move patterns (``monsters.py``); 33 potions; 129 relics (all act-1 common,
uncommon, rare, shop and boss relics except Prismatic Shard) plus the event relics; Neow's
four-option blessing; the eleven Exordium events and fourteen shared events/shrines
(``events.py``); shop, rest (rest/smith and the relic options), chests, boss chest,
card/gold/potion/relic rewards and the ``?`` room roll.

Differences from the real game (also in docs/games/slay_the_spire.md): acts 2-3, the heart, keys and other
characters are absent and beating the act-1 boss ends the run as a victory (after the boss
chest); ascension modifiers are not applied; never offered: the colorless cards in
``cards.MISSING_CARDS`` (Forethought, Magnetism, Mayhem, Transmutation) and Prismatic Shard;
Note For Yourself keeps no card between runs (always Iron Wave); our seeded streams are not
the game's generators (seed 0 is not the game's seed 0); the map follows the game's path and
room rules but not its exact path-merging (ancestor gap) rule; a full potion belt makes a
potion reward raise ``InvalidCommand("Potion slots are full.")`` where the mod ignores the
click; the GAME_OVER score is simplified (floors, kills, elites, bosses); monster ``move_id``
values are our own numbers; some move probabilities follow the wiki's description rather
than the game's exact branch order (Jaw Worm, slimes).
"""

from .commands import legal_commands
from .game import InvalidCommand, SpireEngine

__all__ = ["InvalidCommand", "SpireEngine", "legal_commands"]
