"""Reading the raid from a profile's save files into a :class:`DarkestDungeonState`.

Field paths (as the Orak env reads the decoded files): ``persist.game`` ``inraid``; ``persist.raid``
``inbattle``, ``party.heroes`` (roster ids in rank order), ``raid_instance.town_progression_goals.
town_progression_battle.current_battle_count`` (combats fought), ``battle.round``, ``battle.currentturn``
and ``battle.initiative.heroes.<turn>.roster_guid`` (the acting hero), ``battle.enemies.<k>`` (the
enemies); ``persist.roster`` ``heroes.<id>.hero_file_data.raw_data`` (an embedded file) with ``actor``
(``name``, ``current_hp``, ``stunned``, ``buff_group``), ``heroClass``, ``m_Stress``, ``weapon_rank``,
``armour_rank``, ``skills.selected_combat_skills`` and ``trinkets.items``.

Anything missing or of the wrong type is one :class:`SaveError` line naming the path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from orak_gym.core.errors import BackendError
from orak_gym.games.darkest_dungeon import dson
from orak_gym.games.darkest_dungeon.skill_data import SkillLibrary
from orak_gym.games.darkest_dungeon.state import DarkestDungeonState, Enemy, Hero, SkillLine

#: Fields of the game's saves whose type the size does not tell (facts of the format, as its public
#: editor documents them): HP, stress and buff amounts are floats; the party is an int vector even when
#: empty; the map's bounds and tile positions are float arrays; a few raid lists hold strings.
HINTS = dson.Hints.of(
    floats=["current_hp", "m_Stress", "actor.buff_group.*.amount"],
    int_vectors=["party.heroes", "last_party_guids", "dungeon_history", "buff_group_guids", "skill_cooldown_keys",
                 "skill_cooldown_values", "curioGroups.*.curios", "curioGroups.*.curio_table_entries"],
    string_vectors=["backgroundNames", "backgroundGroups.*.backgrounds", "backgroundGroups.*.background_table_entries"],
    float_arrays=["map.bounds", "areas.*.bounds", "areas.*.tiles.*.mappos", "areas.*.tiles.*.sidepos"],
    two_ints=["killRange"],
)  # fmt: skip
BLIGHT, BLEED = 4, 5  # buff ``stat_type`` of a damage-over-time effect


class SaveError(BackendError):
    """A save that lacks a field the env reads, or holds it with the wrong type."""


def read_save(profile_dir: Path, name: str) -> dict[str, Any]:
    """One decoded save file's ``base_root``; DsonError if half-written, SaveError if absent."""
    path = Path(profile_dir) / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"cannot read the save {path}: {exc.strerror or exc}") from None
    root = dson.decode(data, HINTS).get("base_root")
    if not isinstance(root, dict):
        raise SaveError(f"the save {name} has no base_root object")
    return root


def signature(profile_dir: Path, names: tuple[str, ...]) -> str:
    """A digest of the save files' bytes: changes whenever the game writes one of them."""
    digest = hashlib.blake2b(digest_size=16)
    for name in names:
        try:
            digest.update((Path(profile_dir) / name).read_bytes())
        except OSError:
            digest.update(b"<absent>")
    return digest.hexdigest()


def _get(obj: Any, path: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = obj
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            raise SaveError(f"the save {where} has no {path}")
        value = value[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SaveError(f"the save {where} holds {path} as {type(value).__name__}")
    return value


def _int(obj: Any, path: str, where: str) -> int:
    value = _get(obj, path, (int, bool), where)
    return int(value)


def _number(obj: Any, path: str, where: str) -> float:
    """A float field of the save (HP, stress), or an int one: the game writes floats, a hand-made save may not."""
    value = _get(obj, path, (int, float), where)
    if isinstance(value, bool) or value != value or abs(value) > 1e9:
        raise SaveError(f"the save {where} holds {path} as {value!r}")
    return float(value)


def _dot(buffs: Any, stat_type: int) -> tuple[int, int]:
    """(amount, longest duration) of the bleed or blight buffs of an actor."""
    found = [b for b in (buffs.values() if isinstance(buffs, Mapping) else []) if isinstance(b, Mapping)]
    found = [b for b in found if b.get("stat_type") == stat_type]
    amounts = [b.get("amount") for b in found if isinstance(b.get("amount"), int | float)]
    durations = [b.get("duration") for b in found if isinstance(b.get("duration"), int)]
    return int(sum(amounts)), max(durations, default=0)


def _skill_lines(
    library: SkillLibrary,
    hero_class: str,
    selected: Mapping[str, Any],
    rank: int,
    enemy_ranks: set[int],
    party_ranks: set[int],
) -> tuple[SkillLine, ...]:
    lines = []
    for slot, (skill_id, level) in enumerate(selected.items(), start=1):
        level = int(level) if isinstance(level, int) else 0
        skill = library.skill(hero_class, skill_id, level)
        if skill is None:
            lines.append(SkillLine(slot, skill_id, level, (), (), False, False, False, known=False))
            continue
        targets = party_ranks if skill.on_allies else enemy_ranks
        why = ""
        if rank not in skill.launch:
            why = f" from rank {rank}"
        elif not skill.party_wide and not (skill.target_ranks & targets):
            why = " - no valid targets"
        lines.append(
            SkillLine(
                slot=slot,
                id=skill.id,
                level=level,
                launch=tuple(sorted(skill.launch)),
                target_ranks=tuple(sorted(skill.target_ranks)),
                on_allies=skill.on_allies,
                on_all=skill.on_all,
                party_wide=skill.party_wide,
                type=skill.type,
                accuracy=skill.accuracy,
                damage=skill.damage,
                crit=skill.crit,
                heal=skill.heal,
                effects=skill.effects,
                uses_per_battle=skill.per_battle_limit,
                available=not why,
                why_not=why,
            )
        )
    return tuple(lines)


def read_state(profile_dir: Path, library: SkillLibrary, max_combats: int) -> DarkestDungeonState:
    """The raid now, from the save files (DsonError: a file is being written; SaveError: a field lacks)."""
    game = read_save(profile_dir, "persist.game.json")
    in_raid = bool(_get(game, "inraid", bool, "persist.game"))
    if not in_raid:
        return DarkestDungeonState(in_raid=False, in_battle=False, combats_cleared=0, max_combats=max_combats)
    raid = read_save(profile_dir, "persist.raid.json")
    roster = read_save(profile_dir, "persist.roster.json")
    where = "persist.raid"
    cleared = _int(raid, "raid_instance.town_progression_goals.town_progression_battle.current_battle_count", where)
    in_battle = bool(_get(raid, "inbattle", bool, where))
    order = _get(raid, "party.heroes", list, where)
    heroes_data = _get(roster, "heroes", dict, "persist.roster")
    enemies: list[Enemy] = []
    acting_id = None
    round_number = 0
    if in_battle:
        battle = _get(raid, "battle", dict, where)
        round_number = _int(battle, "round", where)
        turn = str(_int(battle, "currentturn", where))
        initiative = _get(battle, "initiative.heroes", dict, where)
        if turn in initiative:
            acting_id = _int(initiative[turn], "roster_guid", where)
        for entry in _get(battle, "enemies", dict, where).values():
            data = _get(entry, "data", dict, where)
            name = str(_get(data, "class", str, where))
            max_hp, size = library.monster(name)
            rank = _int(entry, "rank", where)
            enemies.append(
                Enemy(
                    battle_id=_int(data, "battle_guid", where),
                    name=name,
                    ranks=tuple(range(rank, min(rank + size, 5))),
                    hp=_number(data, "actor.current_hp", where),
                    max_hp=max_hp,
                    stunned=bool(_int(data, "actor.stunned", where)),
                    bleed=_dot(data.get("actor", {}).get("buff_group"), BLEED),
                    blight=_dot(data.get("actor", {}).get("buff_group"), BLIGHT),
                )
            )
        enemies.sort(key=lambda e: e.ranks[0] if e.ranks else 0)
    enemy_ranks = {r for e in enemies for r in e.ranks}
    party: list[Hero] = []
    acting: Hero | None = None
    ids = [i for i in order if isinstance(i, int)]
    for rank, roster_id in enumerate(ids, start=1):
        w = f"persist.roster hero {roster_id}"
        entry = heroes_data.get(str(roster_id))
        body = _get(entry, "hero_file_data.raw_data.base_root", dict, w) if entry is not None else None
        if body is None:
            raise SaveError(f"the raid's party names hero {roster_id}, whom the roster lacks")
        hero_class = str(_get(body, "heroClass", str, w))
        armour = _int(body, "armour_rank", w)
        selected = _get(body, "skills.selected_combat_skills", dict, w)
        is_acting = roster_id == acting_id
        skills = (
            _skill_lines(library, hero_class, selected, rank, enemy_ranks, set(range(1, len(ids) + 1)))
            if is_acting
            else ()
        )
        trinkets = _get(body, "trinkets.items", dict, w) if "trinkets" in body else {}
        hero = Hero(
            roster_id=roster_id,
            name=str(_get(body, "actor.name", str, w)),
            hero_class=hero_class,
            rank=rank,
            hp=_number(body, "actor.current_hp", w),
            max_hp=library.hero_class(hero_class).max_hp.get(armour, 0),
            stress=_number(body, "m_Stress", w),
            stunned=bool(_int(body, "actor.stunned", w)),
            bleed=_dot(body["actor"].get("buff_group"), BLEED),
            blight=_dot(body["actor"].get("buff_group"), BLIGHT),
            weapon_rank=_int(body, "weapon_rank", w),
            armour_rank=armour,
            trinkets=tuple(str(t.get("id")) for t in trinkets.values() if isinstance(t, Mapping)),
            skills=skills,
        )
        party.append(hero)
        acting = hero if is_acting else acting
    return DarkestDungeonState(
        in_raid=True,
        in_battle=in_battle,
        combats_cleared=cleared,
        max_combats=max_combats,
        party=party,
        acting=acting,
        enemies=enemies,
        round=round_number,
    )
