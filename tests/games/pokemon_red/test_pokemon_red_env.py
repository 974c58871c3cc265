"""``orak/PokemonRed-v0`` on the real game.

Every test but the first needs the Pokémon Red (or Blue) ROM in the asset folder
(``orak-gym roms import <folder>``) and is skipped, with the reason, when it is absent (as in CI).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import orak_gym  # noqa: F401  (registers the ids)
from orak_gym.core.errors import MissingAssetError
from orak_gym.games.pokemon_red.rom import ROM
from orak_gym.games.pokemon_red.text import encode_string

pytest.importorskip("pyboy", reason="PyBoy is not installed: pip install 'orak-gym[pyboy]'")

_problem = ROM.problem()
needs_rom = pytest.mark.skipif(_problem is not None, reason=f"Pokémon Red ROM absent: {_problem}")
ENV_ID = "orak/PokemonRed-v0"


def test_make_without_the_rom_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    with pytest.raises(MissingAssetError, match=r"pokered\.gbc"):
        gym.make(ENV_ID)


@pytest.fixture(scope="module")
def env():
    e = gym.make(ENV_ID)
    yield e
    e.close()


@needs_rom
def test_start_state_and_text_sections(env):
    obs, info = env.reset(seed=0)
    for section in (
        "State: Field",
        "[Filtered Screen Text]",
        "[Selection Box Text]",
        "[Current Party]",
        "[Badge List]",
        "[Bag] (0 items)",
        "[Current Money]: ¥3000",
        "Map Name: Reds House 2F",
        "Your position (x, y): (3, 6)",
        "[Full Map]",
        "WarpPoint to Reds House 1F at (7, 1)",
    ):
        assert section in obs, section
    assert info["score"] == 0.0 and info["milestones"] == []


@needs_rom
def test_buttons_walk_and_walls_block(env):
    env.reset(seed=0)
    obs, _, _, _, info = env.step("right|right")
    assert "Your position (x, y): (5, 6)" in obs
    assert info["action_valid"] and info["native_actions"] == ["right|right"]
    obs, _, _, _, info = env.step("down|down")  # (5, 7) then the bottom wall
    assert "Your position (x, y): (5, 7)" in obs


@needs_rom
def test_walking_out_of_the_house_is_the_first_milestone(env):
    env.reset(seed=0)
    _, _, _, _, info = env.step("use_tool(warp_with_warp_point, (x_dest=7, y_dest=1))")
    assert info["tool_result"]["success"] and info["state"]["map_name"] == "Reds House 1F"
    obs, reward, _, _, info = env.step("use_tool(warp_with_warp_point, (x_dest=2, y_dest=7))")
    assert info["state"]["map_name"] == "Pallet Town"
    assert info["milestones"] == ["Exit Red's house"] and reward == 1.0
    assert info["score"] == pytest.approx(100 / 12)
    assert "Map transition north to Route 1" in obs


@needs_rom
def test_bad_tool_arguments_are_reported_not_run(env):
    env.reset(seed=0)
    _, _, _, _, info = env.step("use_tool(move_to, (x_dest=0, y_dest=0))")
    assert info["tool_result"]["success"] is False and "not a walkable square" in info["tool_result"]["feedback"]
    _, _, _, _, info = env.step("use_tool(move_to, (x_dest=__import__('os'), y_dest=1))")
    assert not info["action_valid"] and info["native_actions"] == []


@needs_rom
def test_same_seed_same_episode(env):
    actions = ["left|left|up", "use_tool(move_to, (x_dest=6, y_dest=3))", "a|b"]

    def run(seed):
        obs, _ = env.reset(seed=seed)
        trace = [obs]
        for action in actions:
            trace.append(env.step(action)[0])
        return trace, env.unwrapped.backend.wram().copy()

    first, ram_a = run(3)
    second, ram_b = run(3)
    assert first == second and np.array_equal(ram_a, ram_b)


@needs_rom
def test_native_modalities():
    with gym.make(ENV_ID, modality="native") as native:
        obs, _ = native.reset(seed=1)
        assert obs.shape == (144, 160, 3) and native.action_space.n == 8
        obs, *_ = native.step(3)  # right
        assert obs.dtype == np.uint8
    with gym.make(ENV_ID, modality="native", obs_type="ram") as native:
        obs, _ = native.reset(seed=1)
        assert obs.shape == (0x2000,)
    with gym.make(ENV_ID, modality="image") as image:
        obs, _ = image.reset(seed=1)
        assert obs.shape == (144, 160, 3)


@needs_rom
def test_native_lean_steps_equal_full_info_steps_and_build_the_state_on_demand():
    """The native modality builds the text state only when read, from the RAM of its own step."""
    lean = gym.make(ENV_ID, modality="native")
    full = gym.make(ENV_ID, modality="native", full_info=True)
    try:
        (obs_a, info_a), (obs_b, info_b) = lean.reset(seed=2), full.reset(seed=2)
        assert np.array_equal(obs_a, obs_b) and "state" not in info_a and "state" in info_b
        kept = []  # (lean state left unread, the eager state of the same step)
        for action in [3, 3, 3, 0, 0, 0, 0, 2, 2, 1, 1, 4, 5] * 3:  # right, up, left, down, a, b
            obs_a, reward_a, end_a, _, info_a = lean.step(action)
            obs_b, reward_b, end_b, _, info_b = full.step(action)
            assert np.array_equal(obs_a, obs_b) and (reward_a, end_a) == (reward_b, end_b)
            assert {k: info_b[k] for k in info_a} == info_a
            state = lean.unwrapped.state
            assert "full_map" not in vars(state), "a native step must not build the text state"
            kept.append((state, full.unwrapped.state))
        assert lean.unwrapped.current_info()["state"] == info_b["state"]
        for state, eager in kept:  # built after the game moved on: still the state of its own step
            assert state.to_dict() == eager.to_dict() and state.to_text() == eager.to_text()
        assert len({s.full_map for s, _ in kept}) > 1, "the buttons should have moved the player"
    finally:
        lean.close()
        full.close()


@pytest.fixture(scope="module")
def after_expert():
    """An env where the expert has played until 10 milestones (first seven, Town Map, balls, a catch)."""
    from orak_gym.games.pokemon_red.expert import PokemonRedExpert

    env = gym.make(ENV_ID)
    obs, info = env.reset(seed=0)
    expert = PokemonRedExpert()
    for _ in range(250):
        obs, _, terminated, truncated, info = env.step(expert(obs, info))
        if len(info["milestones"]) >= 10 or terminated or truncated:
            break
    for _ in range(20):  # the catch is still being shown (the party count is set first)
        if info["state"]["mode"] == "Field":
            break
        obs, _, _, _, info = env.step(expert(obs, info))
    yield env, info
    env.close()


@needs_rom
def test_expert_reaches_ten_milestones(after_expert):
    from orak_gym.games.pokemon_red.milestones import ANY_ORDER, SEQUENTIAL

    _, info = after_expert
    assert set(SEQUENTIAL) | set(ANY_ORDER[:3]) <= set(info["milestones"]), info["milestones"]
    assert info["score"] == pytest.approx(10 / 12 * 100)
    assert info["state"]["party"][1]["species"] in ("PIDGEY", "RATTATA")  # Route 1's wild Pokémon


@needs_rom
def test_expert_beats_brock_within_orak_decision_limit():
    """All 12 milestones through the text interface: train Bulbasaur on Route 1 to VINE WHIP (level 13),
    resting with Mom, through Viridian Forest's trainers, the Pewter Pokémon Center, then Brock."""
    from orak_gym.games.pokemon_red.expert import PokemonRedExpert
    from orak_gym.games.pokemon_red.milestones import ALL

    env = gym.make(ENV_ID)  # Orak's limit: 1,000 decisions (the episode is truncated there)
    try:
        obs, info = env.reset(seed=0)
        expert = PokemonRedExpert()
        terminated = truncated = False
        while not (terminated or truncated):
            obs, _, terminated, truncated, info = env.step(expert(obs, info))
        assert terminated and set(info["milestones"]) == set(ALL), info["milestones"]
        assert info["score"] == 100.0 and info["state"]["badges"] == ["Boulder"]
    finally:
        env.close()


@needs_rom
def test_battle_tools_switch_and_run(after_expert):
    env, info = after_expert
    for _ in range(40):  # walk up and down Route 1's grass until a wild Pokémon appears
        state = info["state"]
        if state["mode"] == "WildBattle" and "FIGHT" in " ".join(state["selection_box"]):
            break
        busy = state["mode"] == "WildBattle" or state["screen_text"]
        _, _, _, _, info = env.step("a" if busy else "up|down|up|down")
    assert info["state"]["mode"] == "WildBattle"
    second = info["state"]["party"][1]["nickname"]
    _, _, _, _, info = env.step(f"use_tool(switch_pkmn_in_battle, (pokemon_name={second}))")
    assert info["tool_result"]["success"], info["tool_result"]
    battle_nick = env.unwrapped.backend.read_range(0xD009, len(second) + 1)  # wBattleMonNick: who is out
    assert battle_nick == encode_string(second)
    _, _, _, _, info = env.step(f"use_tool(switch_pkmn_in_battle, (pokemon_name={second}))")
    assert not info["tool_result"]["success"] and info["tool_result"]["feedback"] == f"{second} is already in battle"
    assert "FIGHT" in " ".join(info["state"]["selection_box"]), "the battle menu, no party menu, must be open"
    _, _, _, _, info = env.step("use_tool(select_move_in_battle, (move_name=FLAMETHROWER))")
    assert not info["tool_result"]["success"] and "has no move" in info["tool_result"]["feedback"]
    for _ in range(5):
        _, _, _, _, info = env.step("use_tool(run_away, ())")
        if info["state"]["mode"] == "Field":
            break
    assert info["state"]["mode"] == "Field"


@needs_rom
def test_sparse_ram_read_matches_the_full_work_ram(env):
    from orak_gym.games.pokemon_red import ram

    env.reset(seed=0)
    env.step("down|right|a")
    base = env.unwrapped
    sparse, full = base.read_ram(), base.backend.wram()
    for start, length in ram.DECODED_REGIONS:
        i = start - ram.WRAM_START
        assert np.array_equal(sparse[i : i + length], full[i : i + length])


def test_roms_status_lists_the_pokemon_rom(tmp_path, monkeypatch):
    from orak_gym.roms_cli import emulator_assets

    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    assert ROM in emulator_assets()


@needs_rom
def test_roms_import_finds_the_pokemon_rom(tmp_path, monkeypatch):
    from orak_gym.backends.roms import import_roms
    from orak_gym.roms_cli import emulator_assets

    source = tmp_path / "my-roms"
    source.mkdir()
    (source / "Pokemon Red.gb").write_bytes(ROM.path.read_bytes())
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path / "assets"))
    imported = import_roms([source], emulator_assets())
    assert [item.asset.game for item in imported] == ["pokemon_red"]
    assert ROM.problem() is None and ROM.path.parent == tmp_path / "assets" / "pokemon_red"


def _play_expert_until(env, obs, info, expert, done, limit=300):
    """Lets the expert decide until ``done(state)`` holds in the field; returns (obs, info)."""
    for _ in range(limit):
        state = info["state"]
        if state["mode"] == "Field" and not state["screen_text"] and done(state):
            return obs, info
        obs, _, _, _, info = env.step(expert(obs, info))
    raise AssertionError(f"the expert did not get there in {limit} decisions: {info['state']['map_name']}")


def _battle_interruptions(env, tool_calls, tries=10):
    """Runs the tool calls in turn until a battle starts during one; each such call must say so and press no
    direction once the battle is on (a spy on the emulator's buttons).  Returns how many battles began."""
    from orak_gym.games.pokemon_red import ram

    backend = env.unwrapped.backend
    presses = []
    real_press = backend.press

    def spy(button, *args, **kwargs):
        presses.append((button, backend.read(ram.IS_IN_BATTLE)))
        return real_press(button, *args, **kwargs)

    backend.press = spy
    battles = 0
    try:
        for i in range(tries):
            presses.clear()
            _, _, _, _, info = env.step(tool_calls[i % len(tool_calls)])
            if info["state"]["mode"] != "WildBattle":
                continue
            battles += 1
            feedback = info["tool_result"]["feedback"]
            assert not info["tool_result"]["success"] and feedback.endswith("a battle started"), feedback
            in_battle = [button for button, battle in presses if battle and button in ("up", "down", "left", "right")]
            assert in_battle == [], f"{info['tool_result']['tool']} pressed {in_battle} during the battle"
            for _ in range(6):
                _, _, _, _, info = env.step("use_tool(run_away, ())")
                if info["state"]["mode"] == "Field":
                    break
            if battles >= 2:
                break
    finally:
        backend.press = real_press
    return battles


@needs_rom
def test_field_tools_stop_and_say_so_when_a_battle_starts():
    from orak_gym.games.pokemon_red.expert import ROUTE_1, VIRIDIAN_FOREST, PokemonRedExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        expert = PokemonRedExpert()
        obs, info = _play_expert_until(env, obs, info, expert, lambda s: s["map_id"] == ROUTE_1)
        crossings = [f"use_tool(overworld_map_transition, (direction={d}))" for d in ("north", "south")]
        assert _battle_interruptions(env, crossings) > 0, "no wild battle began while crossing Route 1"
        _, info = _play_expert_until(env, obs, info, expert, lambda s: s["map_id"] == VIRIDIAN_FOREST, limit=900)
        north_exit = min(env.unwrapped.current_map().warps, key=lambda w: w.y)
        warps = [f"use_tool(warp_with_warp_point, (x_dest={north_exit.x}, y_dest={north_exit.y}))"]
        assert _battle_interruptions(env, warps) > 0, "no wild battle began on the way through Viridian Forest"
    finally:
        env.close()


@needs_rom
def test_every_map_connection_leads_back_where_it_came_from():
    """The ROM's alignment bytes, read both ways: the square past an edge, seen from the map beyond, is past
    the matching edge of the first map at the same place (a wrong byte or sign breaks this for some pair)."""
    from orak_gym.games.pokemon_red.explore import across
    from orak_gym.games.pokemon_red.rom import map_name, rom_data

    rom = rom_data(str(ROM.locate()))
    checked = 0
    outdoor = [i for i in range(37) if not map_name(i).startswith("Unused")]  # towns and routes: the connected maps
    for map_id in outdoor:
        data = rom.map(map_id)
        for connection in data.connections:
            edge = {
                "north": [(x, -1) for x in range(data.width)],
                "south": [(x, data.height) for x in range(data.width)],
                "west": [(-1, y) for y in range(data.height)],
                "east": [(data.width, y) for y in range(data.height)],
            }[connection.direction]
            for x, y in edge:
                other, ox, oy = across(data, x, y, rom.map)
                if not (0 <= ox < other.width and 0 <= oy < other.height):
                    continue
                inside = (min(max(x, 0), data.width - 1), min(max(y, 0), data.height - 1))
                step = {"north": (0, 1), "south": (0, -1), "west": (1, 0), "east": (-1, 0)}[connection.direction]
                back = across(other, ox + step[0], oy + step[1], rom.map)
                assert back is not None and (back[0].map_id, back[1], back[2]) == (map_id, *inside), (map_id, x, y)
                checked += 1
    assert checked > 500


@needs_rom
def test_the_square_just_crossed_is_drawn_as_ground_not_a_wall():
    from orak_gym.games.pokemon_red.expert import PALLET, ROUTE_1, PokemonRedExpert
    from orak_gym.games.pokemon_red.explore import terrain

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        _, info = _play_expert_until(env, obs, info, PokemonRedExpert(), lambda s: s["map_id"] == ROUTE_1)
        state = info["state"]
        assert state["y"] == env.unwrapped.current_map().height - 1, "the expert comes up from Pallet Town"
        below = f"({state['x']:2d},{state['y'] + 1:2d}): "
        cell = next(c for row in state["screen_grid"] for c in row.split("  ") if c.startswith(below))
        pallet_edge = terrain(env.unwrapped.rom.map(PALLET), state["x"], 0)
        assert cell == below + pallet_edge and pallet_edge != "X"
    finally:
        env.close()


@needs_rom
def test_party_menu_shows_whole_hp_numbers():
    from orak_gym.games.pokemon_red.expert import ROUTE_1, PokemonRedExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        _, info = _play_expert_until(env, obs, info, PokemonRedExpert(), lambda s: s["map_id"] == ROUTE_1)
        for button in ("start", "a"):  # the start menu's first entry: POKéMON
            _, _, _, _, info = env.step(button)
        mon = info["state"]["party"][0]
        assert info["state"]["selection_box"][:2] == [
            f"{mon['nickname']} Lv{mon['level']}",
            f"▶ {mon['hp']}/{mon['max_hp']:>3}",  # the game right-aligns both numbers: "20/ 20"
        ]
    finally:
        env.close()


@needs_rom
def test_the_party_line_names_the_species_during_the_nickname_prompt():
    from orak_gym.games.pokemon_red.expert import PokemonRedExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        expert = PokemonRedExpert()
        for _ in range(100):
            if "nickname" in " ".join(info["state"]["screen_text"]).lower():
                break
            obs, _, _, _, info = env.step(expert(obs, info))
        party = info["state"]["party"]
        assert [mon["species"] for mon in party] == ["BULBASAUR"] and party[0]["level"] == 0  # data not yet written
        assert "- BULBASAUR: Species BULBASAUR, joining the party (no stats yet)" in obs.splitlines()
        for _ in range(5):  # no nickname: the game writes the Pokémon's data
            obs, _, _, _, info = env.step(expert(obs, info))
            if info["state"]["party"][0]["level"]:
                break
        assert "- BULBASAUR: Species BULBASAUR, Level 5" in obs
    finally:
        env.close()


@needs_rom
def test_select_move_uses_the_move_it_names():
    """The move menu counts from 1: a cursor aimed one line too high picked TACKLE for GROWL (and, with four
    moves, LEECH SEED for TACKLE)."""
    from orak_gym.games.pokemon_red.expert import PokemonRedExpert

    env = gym.make(ENV_ID)
    try:
        obs, info = env.reset(seed=0)
        expert = PokemonRedExpert()
        for _ in range(200):
            state = info["state"]
            if state["mode"] == "WildBattle" and "FIGHT" in " ".join(state["selection_box"]):
                break
            obs, _, _, _, info = env.step(expert(obs, info))
        before = dict(info["state"]["party"][0]["moves"])
        assert set(before) >= {"TACKLE", "GROWL"}, before
        _, _, _, _, info = env.step("use_tool(select_move_in_battle, (move_name=GROWL))")
        after = dict(info["state"]["party"][0]["moves"])
        assert (after["GROWL"], after["TACKLE"]) == (before["GROWL"] - 1, before["TACKLE"]), (before, after)
    finally:
        env.close()
