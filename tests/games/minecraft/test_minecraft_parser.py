"""Minecraft action parser and state text: pure, no server needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from orak_gym.games.minecraft.actions import MinecraftParser
from orak_gym.games.minecraft.render import FRAME_SHAPE, draw_top_down
from orak_gym.games.minecraft.state import MinecraftState
from orak_gym.games.minecraft.tasks import TASKS, get_task

PARSER = MinecraftParser()


def test_code_block_under_actions_is_the_program() -> None:
    text = (
        "### Reasoning\nI need wood.\n```javascript\nasync function nope(bot) {}\n```\n"
        "### Actions\n```javascript\nasync function getWood(bot) {\n  await mineBlock(bot, 'oak_log', 1);\n}\n```\n"
    )
    parsed = PARSER.parse(text)
    assert parsed.valid
    assert parsed.actions == ["async function getWood(bot) {\n  await mineBlock(bot, 'oak_log', 1);\n}"]


def test_last_block_with_a_function_wins_and_raw_functions_are_accepted() -> None:
    text = "```js\nconst x = 1\n```\n```javascript\nasync function a(bot) {}\n```\n```\nnotes\n```"
    assert PARSER.parse(text).actions == ["async function a(bot) {}"]
    raw = PARSER.parse("async function go(bot) { bot.chat('hi') }")
    assert raw.valid and raw.actions == ["async function go(bot) { bot.chat('hi') }"]


def test_text_without_a_program_is_invalid_and_runs_nothing() -> None:
    parsed = PARSER.parse("I think I should mine some wood.")
    assert not parsed.valid and parsed.actions == []
    assert "javascript" in parsed.feedback
    assert not PARSER.parse(None).valid  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parser_is_total(text: str) -> None:
    parsed = PARSER.parse(text)
    assert isinstance(parsed.valid, bool)
    assert all(isinstance(a, str) for a in parsed.actions)


def test_default_action_parses() -> None:
    assert PARSER.parse(PARSER.default_action_text).valid


def test_tasks_and_state_text() -> None:
    assert list(TASKS) == [
        "crafting_table",
        "stone_pickaxe",
        "furnace",
        "bucket",
        "golden_sword",
        "diamond_pickaxe",
        "enchanting_table",
        "nether_portal",
    ]
    try:
        get_task("elytra")
    except ValueError as exc:
        assert "crafting_table" in str(exc)
    else:
        raise AssertionError("unknown task accepted")
    s = MinecraftState(
        task="bucket",
        goal="Craft 1 bucket",
        nearby_blocks=["stone", "dirt"],
        nearby_entities={"cow": 3.0, "pig": 1.0},
        position={"x": 1.0, "y": 64.0, "z": -2.5},
        inventory={"oak_log": 3},
        errors=["Error: boom"],
        top_down={"names": ["stone"], "grid": [[0]]},
    )
    text = s.to_text()
    for line in (
        "Biome: plains",
        "Nearby blocks: stone, dirt",
        "Nearby entities (nearest to farthest): pig, cow",
        "Health: 20.0/20",
        "Position: x=1.0, y=64.0, z=-2.5",
        "Inventory (1/36): {'oak_log': 3}",
        'Execution error:\n  "Error: boom"',
        "Task: Craft 1 bucket",
    ):
        assert line in text
    assert "top_down" not in s.to_dict()


def test_top_down_frame_shape() -> None:
    assert draw_top_down({}).shape == FRAME_SHAPE
    top = {"radius": 2, "names": ["grass_block", "water"], "grid": [[0, 1, 0, 1, 0]] * 5, "heights": [[0] * 5] * 5}
    frame = draw_top_down({**top, "entities": [{"name": "cow", "dx": 1, "dz": 1}], "yaw": 0.0})
    assert frame.shape == FRAME_SHAPE and frame.dtype.name == "uint8"
    assert frame.reshape(-1, 3).std(axis=0).sum() > 0  # not a flat colour
