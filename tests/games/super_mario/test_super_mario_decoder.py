"""The Super Mario RAM decoder, parser and level reader, without the ROM.

``tests/games/super_mario/data`` holds RAM snapshots recorded from World 1-1 (see
``record_snapshots.py``).  Besides matching what was recorded, the decoded objects must agree
with the known geometry of 1-1 (block columns, pipe heights, pit widths, the flagpole column),
so a wrong address or coordinate convention fails here even if the recording were redone.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from orak_gym.games.super_mario import ram as smb
from orak_gym.games.super_mario.actions import JumpLevel, JumpLevelParser
from orak_gym.games.super_mario.level import goal_column
from orak_gym.games.super_mario.state import MarioState

DATA = Path(__file__).parent / "data"
META = json.loads((DATA / "snapshots.json").read_text())
SNAPSHOTS = sorted(META["snapshots"])


def _load(name: str) -> tuple[np.ndarray, MarioState]:
    ram = np.load(DATA / f"{name}.npy")
    recorded = META["snapshots"][name]
    history = [tuple(p) for p in recorded["state"]["history"]]
    return ram, smb.decode(ram, recorded["flag_x"], recorded["state"]["previous_action"], history)


def _level_points(state: MarioState, key: str) -> set[tuple[int, int]]:
    """Objects converted back to level coordinates: (level x, NES screen row of the top)."""
    return {(x + state.screen_left, 240 - y) for x, y, *_ in state.objects[key]}


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_decoder_reproduces_the_recording(name):
    _, state = _load(name)
    recorded = META["snapshots"][name]
    assert json.loads(json.dumps(state.to_dict())) == recorded["state"]
    assert state.to_text() == recorded["text"]


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_deferred_decode_equals_the_eager_one(name):
    """The native modality's state: the cheap fields at once, the rest decoded on first read, all equal."""
    import copy
    import pickle

    ram, eager = _load(name)
    deferred = smb.decode_deferred(ram, eager.flag_x, eager.previous_action, eager.history)
    assert {"objects", "velocity", "lives"}.isdisjoint(vars(deferred))
    cheap = ("mario", "level_x", "dying", "flag_reached", "flag_x", "previous_action", "history")
    assert {k: getattr(deferred, k) for k in cheap} == {k: getattr(eager, k) for k in cheap}
    assert "objects" not in vars(deferred), "reading the cheap fields must not decode the rest"
    assert pickle.loads(pickle.dumps(deferred)) == eager  # pickles as the decoded state
    assert copy.deepcopy(smb.decode_deferred(ram, eager.flag_x)).to_dict() == smb.decode(ram, eager.flag_x).to_dict()
    assert deferred.objects == eager.objects and deferred == eager and deferred.to_text() == eager.to_text()
    assert "_build" not in vars(deferred) and deferred.to_dict() == eager.to_dict()
    with pytest.raises(AttributeError):
        _ = deferred.not_a_field


def test_every_object_class_was_recorded():
    for key in (
        "bricks",
        "question_blocks",
        "inactivated_blocks",
        "goombas",
        "koopas",
        "pits",
        "pipes",
        "mushrooms",
        "stairs",
        "flag",
    ):
        assert any(META["snapshots"][n]["state"]["objects"][key] for n in SNAPSHOTS), key


def test_start_of_1_1():
    _, state = _load("start")
    assert state.mario == (40, 48)  # small Mario standing on the ground (ground surface y = 32)
    assert state.level_x == 40 and state.screen_left == 0
    assert state.world == "1-1" and state.power_up == "small" and state.on_ground
    assert state.time_left in (399, 400) and not state.dying and not state.flag_reached
    assert state.flag_x == 3168 == META["goal_x_1_1"]


def test_blocks_sit_on_1_1_grid():
    # 1-1: "?" at column 16 (row 7) and 22 (row 3); bricks at 20, 22, 24 (row 7); all 16-px aligned.
    blocks = set()
    for name in SNAPSHOTS:
        _, state = _load(name)
        for key in ("bricks", "question_blocks", "inactivated_blocks", "stairs"):
            for lx, top in _level_points(state, key):
                assert lx % 16 == 0 and (top - 32) % 16 == 0, (name, key, lx, top)
                blocks.add((key, lx // 16, (top - 32) // 16))
    assert {("question_blocks", 16, 7), ("question_blocks", 22, 3), ("bricks", 20, 7)} <= blocks


def test_pipes_and_pits_of_1_1():
    _, state = _load("pipes")
    pipes = {(x + state.screen_left, height) for x, _, height in state.objects["pipes"]}
    assert (28 * 16, 32) in pipes  # the first pipe: column 28, two blocks tall
    _, state = _load("pits")
    (start, y0, end, y1), *_ = state.objects["pits"]
    assert (start + state.screen_left, end - start, y0, y1) == (69 * 16, 32, 32, 32)  # 2 columns wide


def test_enemies_and_items():
    _, state = _load("goombas")
    assert state.objects["goombas"] and all(y == 48 for _, y in state.objects["goombas"])  # on the ground
    _, state = _load("koopas")
    assert state.objects["koopas"] == [(178, 56)]  # a Koopa is 24 px tall: top at 32 + 24
    _, state = _load("mushrooms")
    assert state.objects["mushrooms"] and state.objects["inactivated_blocks"]


def test_flag_and_clear():
    _, state = _load("flag")
    ((fx, fy),) = state.objects["flag"]
    assert fx + state.screen_left == 3168 and fy == 208  # the ball on top of the pole, column 198
    _, state = _load("cleared")
    assert state.flag_reached and not state.dying
    assert "Mario reached the flag" in state.to_text()


def test_text_layout_is_orak_first():
    _, state = _load("pipes")
    lines = state.to_text().splitlines()
    assert lines[0].startswith("Position of Mario: (")
    assert lines[1] == "Positions of all objects"
    labels = [line.split(":")[0] for line in lines[2:12]]
    assert labels == [
        "- Bricks",
        "- Question Blocks",
        "- Inactivated Blocks",
        "- Monster Goomba",
        "- Monster Koopas",
        "- Pit",
        "- Warp Pipe",
        "- Item Mushrooms",
        "- Stair Blocks",
        "- Flag",
    ]
    assert lines[12].startswith("(Note: All (x, y) positions")
    assert "Distance to the flag" in state.to_text()


def test_dying_when_fallen_below_the_screen():
    ram, _ = _load("pits")
    fallen = ram.copy()
    fallen[smb.PLAYER_Y_HIGH] = 2
    assert smb.decode(fallen).dying
    hit = ram.copy()
    hit[smb.PLAYER_STATE] = 0x0B
    assert smb.decode(hit).dying


def test_decoder_survives_any_ram():
    rng = np.random.default_rng(0)
    for _ in range(200):
        state = smb.decode(rng.integers(0, 256, 0x800, dtype=np.uint8))
        assert isinstance(state.to_text(), str) and json.dumps(state.to_dict())


def test_goal_column_reads_area_objects():
    # header already skipped; object (col 0, row 7) on a new page; page skip to 12; flagpole at col 6.
    area = bytes([0x07, 0x81, 0x0D, 0x0C, 0x6D, 0x41, 0xFD])
    assert goal_column(b"\x00" * 16 + area, 0x8010) == 12 * 16 + 6
    castle = bytes([0x3D, 0x42, 0xFD])  # an axe ends a castle level
    assert goal_column(castle, 0x8000) == 3
    assert goal_column(bytes([0x07, 0x01, 0xFD]), 0x8000) is None
    assert goal_column(b"", 0x1234) is None


@pytest.mark.parametrize(
    ("text", "level", "valid"),
    [
        ("### Actions\nExplain: jump the pipe\nJump Level: 4", 4, True),
        ("jump 3", 3, True),
        ("Jump Level 6", 6, True),
        ("I think **Jump Level: 2** is right", 2, True),
        ("### Actions\n5\n", 5, True),
        ("Jump Level: 9", 1, False),
        ("run forward!", 1, False),
        ("", 1, False),
    ],
)
def test_parser(text, level, valid):
    parser = JumpLevelParser()
    parser.previous_level = 1
    parsed = parser.parse(text)
    assert parsed.actions == [JumpLevel(level)] and parsed.valid is valid
    if not valid:
        assert "repeating the previous jump level (1)" in parsed.feedback


def test_parser_is_total():
    parser = JumpLevelParser()
    for junk in [None, 3, b"Jump Level: 1", "Jump Level: -1", "\x00" * 100, "level " * 1000]:
        parsed = parser.parse(junk)  # type: ignore[arg-type]
        assert len(parsed.actions) == 1 and isinstance(parsed.actions[0], JumpLevel)
    with pytest.raises(ValueError):
        JumpLevel(7)


def test_prompt_context_and_action_prompt_override():
    from orak_gym.games.super_mario.prompts import prompt_context

    context = prompt_context("1-1", previous_level=2)
    assert context.default_action == "Jump Level: 2" and len(context.valid_actions) == 7
    assert "| peak +y (px) |" in context.rules and "1-1" in context.task
    pytest.importorskip("jinja2", reason="the agent prompt templates need jinja2: pip install 'orak-gym[llm]'")
    from orak_gym.agents.prompting import PromptLibrary

    library = PromptLibrary("super_mario")
    assert library.source("action_inference", "system").parent.name == "prompts"
    text = library.render("action_inference", "system", context)
    assert "Super Mario Bros" in text and "Jump Level: <n, from 0 to 6>" in text
    parsed = JumpLevelParser().parse(text.split("## Example", 1)[1])
    assert parsed.valid and parsed.actions == [JumpLevel(3)]  # the worked example parses


def test_castle_fire_bar_and_lava():
    _, state = _load("fire_bar")
    assert state.world == "1-4" and state.flag_x == 2256  # castles end at the axe
    assert [name for name, _, _ in state.other_enemies] == ["Fire Bar (pivot)"]
    assert (181, 32, 229, 32) in state.objects["pits"]  # the lava pit is a 3-block gap in the floor
    assert "Other enemies: Fire Bar (pivot) (249, 68)" in state.to_text()
