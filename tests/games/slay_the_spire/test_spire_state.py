"""The state model over CommunicationMod messages: Orak's text layouts, decision kinds, native view, score."""

from __future__ import annotations

import numpy as np
import pytest

from orak_gym.games.slay_the_spire import native
from orak_gym.games.slay_the_spire.env import orak_score
from orak_gym.games.slay_the_spire.render import FRAME_SHAPE, draw_state
from orak_gym.games.slay_the_spire.state import SpireState

from . import spire_messages as sm


def test_combat_text_follows_orak_layout():
    text = SpireState(sm.combat()).to_text()
    assert text.startswith(
        "COMBAT STATE (Turn 1)\n\nPlayer:\n- Class: IRONCLAD\n- HP: 70/80\n- Block: 0\n- Energy: 3\n"
    )
    assert "  - Strength (2): Increases attack damage by 2 (per hit)." in text
    assert "Relic 1:\n- Name: Burning Blood\n- Description: At the end of combat, heal 6 HP." in text
    assert (
        "Card index 4:\n- Name: Bash\n- Type: attack\n- Description: Deal 8 damage. Apply 2 Vulnerable.\n- Cost: 2\n"
        in text
    )
    assert "- Has Target: True" in text
    assert "Monster index 1:\n- Name: Louse\n- HP: 12/15\n- Block: 0\n- Intent: attack\n" in text
    assert "- Move adjust damage: 6\n- Move hits: 1\n" in text
    assert "Valid actions:\n- PLAY <card_index>\n- PLAY <card_index> <target_index>\n- END\n" in text


def test_gone_monster_is_shown_as_gone():
    message = sm.combat(monsters=[sm.monster("Louse", 0, 15, gone=True), sm.monster("Louse", 9, 15)])
    text = SpireState(message).to_text()
    assert "Monster index 1:\n- Is gone: True\n\nMonster index 2:\n- Name: Louse" in text
    assert SpireState(message).alive_monsters() == [1]


def test_card_reward_text_follows_orak_layout():
    state = SpireState(sm.card_reward())
    text = state.to_text()
    assert state.kind == "card_reward"
    assert text.startswith("CARD REWARD SELECTION STATE\n\nFloor: 4/50\nPlayer:\n- Class: IRONCLAD\n- HP: 70/80\n")
    assert "Deck:\nCard index 1:\n- Name: Strike\n" in text and "Card index 10:\n- Name: Bash" in text
    assert "Available Card Rewards:\nCard index 1:\n- Name: Pommel Strike\n- Type: attack\n" in text
    assert "- CHOOSE <index 1-3> or CHOOSE <name>\n- SKIP\n" in text


def test_other_screens_and_kinds():
    reward = SpireState(sm.combat_reward())
    assert reward.kind == "other" and "- 1: gold" in reward.to_text() and "- PROCEED" in reward.to_text()
    over = {
        "available_commands": ["proceed", "state"],
        "ready_for_command": True,
        "in_game": True,
        "game_state": {
            **sm.combat()["game_state"],
            "screen_type": "GAME_OVER",
            "screen_state": {"victory": False, "score": 42},
            "floor": 7,
        },
    }
    state = SpireState(over, bosses_defeated=0)
    assert state.kind == "game_over" and state.floors_reached == 6 and "DEFEAT" in state.to_text()
    over["game_state"]["screen_state"]["victory"] = True
    assert SpireState(over).floors_reached == 7


@pytest.mark.parametrize(
    ("floors", "bosses", "score"), [(0, 0, 0.0), (50, 3, 100.0), (16, 1, 16 + 100 / 6), (25, 0, 25.0), (80, 9, 100.0)]
)
def test_orak_score_counts_floors_and_bosses(floors, bosses, score):
    assert orak_score(floors, bosses) == pytest.approx(score)


def test_native_vector_and_mask():
    state = SpireState(sm.combat())
    vector = native.encode(state)
    assert vector.shape == (native.OBS_SIZE,) and vector.dtype == np.float32
    assert vector.min() >= 0 and vector.max() <= native.OBS_HIGH
    mask = native.action_mask(state)
    legal = {
        str(native.action_line(a).verb)
        + " "
        + str(native.action_line(a).index)
        + " "
        + str(native.action_line(a).target)
        for a in np.flatnonzero(mask)
    }
    assert "END None None" in legal and "PLAY 1 1" in legal and "PLAY 1 2" in legal and "PLAY 3 None" in legal
    assert "PLAY 1 None" not in legal and "PLAY 3 1" not in legal and "PLAY 6 None" not in legal
    reward_mask = native.action_mask(SpireState(sm.card_reward()))
    assert reward_mask[native.CHOOSE0 : native.CHOOSE0 + 3].all() and reward_mask[native.SKIP]
    assert not reward_mask[native.END] and reward_mask.sum() == 4
    for action in range(native.N_ACTIONS):  # every index decodes
        native.action_line(action)
    with pytest.raises(ValueError):
        native.action_line(native.N_ACTIONS)


def test_frame_is_drawn():
    for message in (sm.combat(), sm.card_reward(), sm.combat_reward()):
        frame = draw_state(SpireState(message))
        assert frame.shape == FRAME_SHAPE and frame.dtype == np.uint8 and frame.std() > 10


def test_card_descriptions_fill_in_when_the_message_has_none():
    from orak_gym.games.slay_the_spire import engine_missing
    from orak_gym.games.slay_the_spire.descriptions import describe, describe_relic

    assert describe({"id": "Bash", "description": "given by the mod"}) == "given by the mod"
    assert describe({"id": "Wound"}) == "Unplayable."
    assert describe({"id": "NoSuchCard"}) == ""
    assert describe_relic({"name": "Vajra", "id": "Vajra"}) == "At the start of each combat, gain 1 Strength."
    assert describe_relic({"name": "Made Up"}) == ""
    if engine_missing() is None:  # the numbers come from the engine's card table
        from orak_gym.games.slay_the_spire.engine.cards import CARDS

        assert describe({"id": "Bash"}) == "Deal 8 damage. Apply 2 Vulnerable."
        assert describe({"id": "Bash", "upgrades": 1}) == "Deal 10 damage. Apply 3 Vulnerable."
        assert describe({"id": "Shrug It Off", "upgrades": 1}) == "Gain 11 Block. Draw 1 card."
        assert all(describe({"id": cid}) for cid in CARDS), "every engine card has a text"
        text = SpireState(sm.combat(hand=[{**sm.strike("s"), "id": "Strike_R", "description": ""}])).to_text()
        assert "- Name: Strike\n- Type: attack\n- Description: Deal 6 damage.\n" in text


def test_every_engine_relic_has_a_text():
    from orak_gym.games.slay_the_spire import engine_missing
    from orak_gym.games.slay_the_spire.descriptions import describe_relic

    if engine_missing() is not None:
        pytest.skip(str(engine_missing()))
    from orak_gym.games.slay_the_spire.engine import relics

    assert [name for name in relics.BY_NAME if not describe_relic({"name": name})] == []


def test_native_vector_values():
    """The fields of the vector on the combat fixture, block by block (player, powers, screen, hand, monsters)."""
    vector = native.encode(SpireState(sm.combat()))
    expected_player = [70 / 80, 80 / 100, 0.0, 3 / 5, 3 / 55, 1 / 3, 99 / 500, 1 / 20, 0.0, 1.0]
    assert vector[:10] == pytest.approx(expected_player)
    assert vector[10:18].tolist() == pytest.approx([0.2, 0, 0, 0, 0, 0, 0, 0])  # Strength 2
    screens = vector[18 : 18 + 14]
    assert screens.tolist() == [1.0] + [0.0] * 13  # screen NONE
    hand = 18 + 14
    assert vector[hand : hand + 9].tolist() == pytest.approx([1, 1 / 3, 1, 1, 1, 0, 0, 0, 0])  # Strike, attack
    louse = hand + native.HAND_SLOTS * 9
    assert vector[louse : louse + 8].tolist() == pytest.approx([1, 12 / 15, 0.12, 0, 1, 6 / 50, 1 / 5, 0])
    jaw_worm = louse + 16
    assert vector[jaw_worm : jaw_worm + 5].tolist() == pytest.approx([1, 40 / 42, 0.4, 0, 0])  # not attacking
    assert vector[-10:].tolist() == pytest.approx([2 / 30, 0, 0, 10 / 40, 0, 0, 0, 0, 0, 0])


def test_is_legal_agrees_with_the_mask_on_engine_states():
    """``native.is_legal`` (one action, what the env checks per step) is ``action_mask`` entry by entry."""
    import gymnasium as gym

    from orak_gym.games.slay_the_spire.actions import check_line, to_mod_command

    for control in ("full", "orak"):
        env = gym.make("orak/SlayTheSpire-v0", modality="native", control=control)
        base = env.unwrapped
        rng = np.random.default_rng(2)
        for seed in range(4):
            env.reset(seed=seed)
            for _ in range(150):
                state = base.state
                mask = native.action_mask(state)
                assert [native.is_legal(state, a) for a in range(native.N_ACTIONS)] == mask.astype(bool).tolist()
                assert not native.is_legal(state, -1) and not native.is_legal(state, native.N_ACTIONS)
                # the env skips ``check_line`` for a legal native action: it must never object to one
                assert [a for a in np.flatnonzero(mask) if check_line(native.action_line(int(a)), state)] == []
                for a in np.flatnonzero(mask):  # and writes the command of a legal one straight from its index
                    assert native.mod_command(state, int(a)) == to_mod_command(native.action_line(int(a)), state)
                if not mask.any():
                    break
                _, _, terminated, truncated, _ = env.step(int(rng.choice(np.flatnonzero(mask))))
                if terminated or truncated:
                    break
        env.close()


def test_from_message_is_the_dataclass_state():
    """The env's fast constructor makes the state ``__init__`` makes: equal, same accessors,
    same pickle, on every screen of played runs and on the hand-made messages (victory, main menu...)."""
    import copy
    import pickle

    import gymnasium as gym

    messages = [sm.combat(), sm.card_reward(), sm.combat_reward(), sm.main_menu(), {}]
    won = copy.deepcopy(sm.combat_reward())
    won["game_state"].update(screen_type="GAME_OVER", screen_state={"victory": True, "score": 100})
    lost = copy.deepcopy(sm.combat_reward())
    lost["in_game"] = False
    messages += [won, lost]
    env = gym.make("orak/SlayTheSpire-v0", modality="native", control="full")
    rng = np.random.default_rng(5)
    for seed in range(3):
        env.reset(seed=seed)
        for _ in range(120):
            messages.append(env.unwrapped.state.message)
            mask = env.unwrapped.action_masks()
            if not mask.any() or any(env.step(int(rng.choice(np.flatnonzero(mask))))[2:4]):
                messages.append(env.unwrapped.state.message)
                break
    env.close()
    names = ("kind", "game", "floors_reached", "available", "screen_type", "floor", "game_over", "victory", "to_text")
    for message in messages:
        for complete in (False, True):
            game = message.get("game_state") or {}
            fast = SpireState.from_message(message, game, 1, "PROCEED", complete)
            slow = SpireState(message=message, bosses_defeated=1, last_action="PROCEED", run_complete=complete)
            assert fast == slow and repr(fast) == repr(slow) and fast.notes == ()
            for name in names:
                a, b = getattr(fast, name), getattr(slow, name)
                assert (a() == b()) if callable(a) else (a == b), name
            assert pickle.loads(pickle.dumps(fast)) == slow and fast.to_dict() == slow.to_dict()
    kinds = {SpireState(message=m).kind for m in messages}
    assert {"combat", "card_reward", "other", "game_over"} <= kinds  # every branch of the inline kind was met
