"""Reading a raid from save files written with our encoder: floats as the game writes them, a large
enemy over two ranks, skills marked available or not from the acting hero's rank and the enemies'."""

from __future__ import annotations

from pathlib import Path

from orak_gym.games.darkest_dungeon import dson
from orak_gym.games.darkest_dungeon.saves import HINTS, read_state
from orak_gym.games.darkest_dungeon.skill_data import SkillLibrary

from .fake_darkest_dungeon import Raid, write_install


def _write(raid: Raid, folder: Path) -> None:
    for name, root in raid.files().items():
        (folder / name).write_bytes(dson.encode(root, HINTS))


def test_a_raid_in_its_second_combat_reads_as_the_player_sees_it(tmp_path):
    write_install(tmp_path)
    raid = Raid(seed=7, hostile=False)
    raid.cleared = 1
    raid.start_battle()  # the second formation: a two-rank bog_hulk, then a candle_wisp
    raid.heroes[14]["hp"] = 12.75  # the game keeps HP as a float
    raid.heroes[14]["stress"] = 33.5
    raid.turns = [14, 11]  # the tinker acts
    raid.order = [11, 12, 14, 13]  # and stands in rank 3
    _write(raid, tmp_path)
    state = read_state(tmp_path, SkillLibrary(tmp_path), max_combats=4)
    assert state.in_raid and state.in_battle and state.combats_cleared == 1 and state.round == 1
    assert [e.ranks for e in state.enemies] == [(1, 2), (3,)] and state.enemies[0].max_hp == 22
    hero = state.acting
    assert hero.name == "Pim" and hero.rank == 3 and hero.hp == 12.75 and hero.stress == 33.5
    assert hero.bleed == (1, 2)  # the roster's buff: a float amount, summed
    skills = {s.id: s for s in hero.skills}
    assert skills["spark_dart"].available and skills["pocket_bomb"].available
    assert not skills["wrench_jab"].available and skills["wrench_jab"].why_not == " from rank 3"
    text = state.to_text()
    assert "HP: 12.75/20\nStress: 33.5\n" in text and "3. Pim (tinker) | Rank: 3 | HP: 12.75/20 | Stress: 33.5" in text
    assert "1. bog_hulk (BattleId: 101, Rank: [1, 2])" in text
    assert "2. pocket_bomb (targets: ALL enemies in ranks [3, 4]) (can use from ranks: [3, 4]) [AVAILABLE]" in text
    assert (
        "3. wrench_jab (can target one enemy from ranks: [1]) (can use from ranks: [1, 2]) [UNAVAILABLE from rank 3]"
        in text
    )


def test_a_skill_with_no_enemy_in_reach_says_so(tmp_path):
    write_install(tmp_path)
    raid = Raid(seed=7, hostile=False)
    raid.start_battle()
    raid.enemies = raid.enemies[:1]  # only the crawler in rank 1 is left
    raid.turns = [12]
    _write(raid, tmp_path)
    hero = read_state(tmp_path, SkillLibrary(tmp_path), max_combats=4).acting
    hook = next(s for s in hero.skills if s.id == "hook_lash")
    assert not hook.available and hook.why_not == " - no valid targets"
    assert "[UNAVAILABLE - no valid targets]" in hook.to_text()


def test_back_in_town_is_the_end_of_the_raid(tmp_path):
    (tmp_path / "persist.game.json").write_bytes(dson.encode({"base_root": {"inraid": False}}))
    state = read_state(tmp_path, SkillLibrary(tmp_path), max_combats=4)
    assert not state.in_raid and state.done and state.to_text().startswith("The party is back in town")
