"""Orak's scores and the skill grammar on hand-made states and answers (no game needed)."""

from __future__ import annotations

import pytest

from orak_gym.backends.mod_link import ModLinkError
from orak_gym.games.stardew_valley import score
from orak_gym.games.stardew_valley.actions import StardewParser, canonical, read_calls
from orak_gym.games.stardew_valley.skills import TASK_SKILLS, inputs
from orak_gym.games.stardew_valley.state import FarmState


def _state(money=200, day=1, toolbar=(), obstacles=None, crops=()):
    return FarmState.from_json({
        "player": {"direction": "down", "location": "Farm", "pos": [64, 15], "money": money, "energy": 50},
        "world": {"day": day, "season": "spring", "weather": "sunny", "num_empty_tilled_soil": 0},
        "crops": [{"name": n, "days_to_harvest": d, "is_watered": w} for n, d, w in crops],
        "toolbar": {"items": [{"name": n, "stack": s, "type": ""} for n, s in toolbar], "selected_item": None},
        "obstacles": obstacles or {},
    })  # fmt: skip


def test_earn_money_is_gold_out_of_1013_and_ends_on_spring_14():
    assert score.score("earn_money", _state(money=506)) == pytest.approx(506 / 1013 * 100)
    assert score.raw_score("earn_money", _state(money=506)) == 506
    assert score.score("earn_money", _state(money=5000)) == 100.0 and score.score("earn_money", _state(money=-1)) == 0
    assert not score.done("earn_money", _state(day=13)) and score.done("earn_money", _state(day=14))


def test_farm_cleanup_counts_every_obstacle_out_of_24():
    six = {
        "stone": [[1, 1], [2, 2]],
        "weeds": [[3, 3]],
        "tree": [[4, 4]],
        "crops": [[5, 5, 1]],
        "tilled_soil": [[5, 5, 0]],
    }
    assert score.raw_score("farm_cleanup", _state(obstacles=six)) == 18
    assert score.score("farm_cleanup", _state(obstacles=six)) == pytest.approx(75.0)
    assert not score.done("farm_cleanup", _state(obstacles=six)) and score.done("farm_cleanup", _state())


def test_cultivation_and_shopping_are_done_or_not():
    assert score.score("cultivation", _state(toolbar=[("Parsnip Seeds", 3)])) == 0
    assert (
        score.score("cultivation", _state(toolbar=[("Parsnip", 2)])) == 100
        and score.raw_score("cultivation", _state(toolbar=[("Parsnip", 2)])) == 2
    )
    assert score.score("shopping", _state(toolbar=[("Parsnip Seeds", 24)])) == 0
    assert score.done("shopping", _state(toolbar=[("Parsnip Seeds", 25)]))


def test_the_earn_money_text_groups_crops_and_counts_days_left():
    state = _state(crops=[("Parsnip", 2, True), ("Parsnip", 2, True), ("Potato", 4, False)], toolbar=[("Hoe", 1)])
    text = state.to_text("earn_money")
    assert "Today is spring 1. 12 days remaining." in text
    assert "- Parsnip (Stack: 2, Days to harvest: 2, Watered: True)\n- Potato (Stack: 1," in text
    assert "1. Hoe (Stack: 1)" in text


def test_a_state_off_the_schema_is_one_line():
    with pytest.raises(ModLinkError) as caught:
        FarmState.from_json({"player": {"pos": [1, 2], "money": "lots"}, "world": {}, "toolbar": {}})
    assert "player.money is not a number" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ModLinkError, match="no world object"):
        FarmState.from_json({"player": {}, "toolbar": {}})


def test_calls_are_read_as_literals_at_most_two():
    text = '```python\nbuy_item(item_name="parsnip seeds", item_count=10)  # cheap\ntill_soil(10)\nplant_seeds()\n```'
    calls, problems = read_calls(text, TASK_SKILLS["earn_money"])
    assert calls == [("buy_item", {"item_name": "Parsnip Seeds", "item_count": 10}), ("till_soil", {"num_tiles": 10})]
    assert problems == ["plant_seeds: at most 2 skills a step, the rest skipped"]
    assert canonical(calls) == "buy_item(item_name='Parsnip Seeds', item_count=10)\ntill_soil(num_tiles=10)"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("__import__('os').system('x')", "not a call like"),
        ("till_soil(num_tiles=__import__('os'))", "till_soil:"),
        ("buy_item(item_name='Ancient Fruit', item_count=1)", "is not one of"),
        ("till_soil(num_tiles=10**9)", "till_soil:"),
        ("move_up(grid=2)", "not a skill of this task"),
        ("till_soil(" * 39, "not a call like"),
        ("till_soil(" * 5000, "longer than 400 characters"),
    ],
)
def test_anything_else_is_skipped_with_the_reason(text, why):
    parsed = StardewParser("earn_money").parse(text)
    assert not parsed.valid and parsed.actions == [""] and why in parsed.feedback


def test_skills_are_orak_hotkeys():
    assert inputs("till_soil", {"num_tiles": 3})[0] == ("key", "j")
    assert [op[0] for op in inputs("buy_item", {"item_name": "Bean Starter", "item_count": 2})].count("click") == 2
    assert ("move", 1920, 900) in inputs("buy_item", {"item_name": "Bean Starter", "item_count": 1})
    assert inputs("move_left", {"grid": 2}) == [("hold", "a", 0.36)]
