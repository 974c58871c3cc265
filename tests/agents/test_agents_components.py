"""Agent building blocks: the tolerant answer parser, episode memory, skills, prompt templates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orak_gym.agents import (
    AGENT_TYPES,
    EmbeddingRetriever,
    EpisodeMemory,
    Module,
    PromptLibrary,
    SkillLibrary,
    build_modules,
    parse_sections,
)
from orak_gym.agents.images import split_observation
from orak_gym.agents.modules import ActionInference
from orak_gym.agents.prompting import game_folder
from orak_gym.agents.records import LLMCallRecord

KEYS = ["reasoning", "actions"]


@pytest.mark.parametrize(
    "text",
    [
        "### Reasoning\nMerge left.\n### Actions\nleft",
        "Sure, here you go.\n## Reasoning:\nMerge left.\n## Actions:\nleft\n",
        "**Reasoning:** Merge left.\n\n**Actions:** left",
        "Reasoning: Merge left.\nAction: left",
        "```\n### Reasoning\nMerge left.\n### Actions\nleft\n```",
        '{"reasoning": "Merge left.", "action": "left"}',
        '```json\n{"Reasoning": "Merge left.", "Actions": "left"}\n```',
        "### Reasoning\ndraft\n### Actions\nup\n### Reasoning\nMerge left.\n### Actions\nleft",
    ],
    ids=["orak", "h2-colon", "bold", "plain", "fenced", "json", "json-fenced", "restated"],
)
def test_parser_accepts_format_drift(text: str) -> None:
    result = parse_sections(text, KEYS)
    assert result.fields == {"reasoning": "Merge left.", "actions": "left"}
    assert result.missing == [] and result.complete


def test_parser_reports_what_it_could_not_find() -> None:
    result = parse_sections("I think left is best.\n### Actions\nleft", KEYS)
    assert result.fields == {"actions": "left"} and result.missing == ["reasoning"]
    assert result.preamble == "I think left is best."
    nothing = parse_sections("left", KEYS)
    assert nothing.missing == KEYS and nothing.format == "none"
    assert parse_sections(None, KEYS).missing == KEYS
    # longest key first: "Subtask_reasoning" is not read as "Subtask"
    plan = parse_sections("### Subtask_reasoning\nwhy\n### Subtask\nwhat", ["subtask", "subtask_reasoning"])
    assert plan.fields == {"subtask_reasoning": "why", "subtask": "what"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parser_is_total(text: str) -> None:
    result = parse_sections(text, ["self_reflection", "self_reflection_summary", "success", "actions"])
    assert set(result.fields) | set(result.missing) >= {"actions"}


def test_memory_window_keeps_more_than_one_step_and_stays_bounded() -> None:
    memory = EpisodeMemory(window=3)
    for i in range(10):
        memory.observe(f"state {i}", info={"score": float(i), "action_valid": i != 4})
        memory.set("subtask", f"subtask {i}")
        memory.commit_action(f"action {i}")
    memory.observe("state 10")
    variables = memory.variables()
    assert [h["state"] for h in variables["history"]] == ["state 7", "state 8", "state 9"]
    assert [h["subtask"] for h in variables["history"]] == ["subtask 7", "subtask 8", "subtask 9"]
    assert variables["cur_state"] == "state 10" and variables["prev_state"] == "state 9"
    assert variables["last_action"] == "action 9" and variables["subtask"] == "subtask 9"
    assert len(memory._steps) == 4  # window + current: bounded on long episodes
    memory.reset()
    assert memory.variables()["history"] == [] and memory.num_observations == 0
    with pytest.raises(ValueError):
        EpisodeMemory(window=0)


def test_memory_keeps_frames_only_for_the_last_two_steps() -> None:
    memory = EpisodeMemory(window=5)
    for i in range(4):
        memory.observe(f"s{i}", image=np.full((2, 2, 3), i, dtype=np.uint8))
    frames = [s.image is not None for s in memory._steps]
    assert frames == [False, False, True, True]


def test_skill_library_stores_dedups_and_retrieves_locally() -> None:
    skills = SkillLibrary()
    skills.add("Slide left to merge the two 8 tiles in the bottom row", "left")
    skills.add("Move up to keep the largest tile in the top-left corner", "up")
    skills.add("Slide left to merge the two 8 tiles in the bottom row", "left")
    assert len(skills) == 2 and skills.skills[0].uses == 2
    top = skills.retrieve("keep the largest tile in the corner", k=1)
    assert [s.action for s in top] == ["up"]
    assert skills.retrieve("zebra", k=3) == []


def test_pluggable_embedder() -> None:
    vocabulary = ["corner", "merge", "left", "up"]

    def embed(texts: list[str]) -> list[list[float]]:
        return [[float(t.lower().count(w)) for w in vocabulary] for t in texts]

    skills = SkillLibrary(EmbeddingRetriever(embed))
    skills.add("merge left", "left")
    skills.add("corner up", "up")
    assert [s.action for s in skills.retrieve("go up to the corner", k=2)] == ["up"]


def test_agent_types_and_custom_module_lists() -> None:
    assert [m.name for m in build_modules("reflection_planning")] == [
        "self_reflection",
        "subtask_planning",
        "action_inference",
    ]
    assert [m.name for m in build_modules("skill_management_agent")] == list(AGENT_TYPES["skill_management"])
    assert isinstance(build_modules(["subtask_planning", ActionInference()])[-1], ActionInference)
    with pytest.raises(ValueError, match="unknown agent type"):
        build_modules("telepathy")
    with pytest.raises(ValueError, match="last module"):
        build_modules(["self_reflection"])
    with pytest.raises(ValueError, match="not a module"):
        build_modules([object(), ActionInference()])


def test_every_module_has_default_templates() -> None:
    library = PromptLibrary()
    for name in {m for modules in AGENT_TYPES.values() for m in modules} - {"memory_management"}:  # no LLM call
        assert library.source(name, "user") is not None, name
        assert library.source(name, "system") is not None, name


def test_prompt_lookup_prefers_user_then_game_then_default(tmp_path) -> None:
    assert game_folder("orak/2048-v0") == "twenty48"
    assert game_folder("twenty48") == "twenty48"
    assert game_folder("orak/NoSuchGame-v0") is None
    game_override = PromptLibrary("orak/2048-v0").source("action_inference", "system")
    assert game_override is not None and game_override.parts[-3:] == ("twenty48", "prompts", game_override.name)
    assert PromptLibrary("orak/2048-v0").source("self_reflection", "system").parent.name == "prompts"
    (tmp_path / "action_inference.system.j2").write_text("MY SYSTEM PROMPT for {{ task }}")
    library = PromptLibrary("orak/2048-v0", extra_dirs=[tmp_path])
    messages = library.messages("action_inference", {"task": "win", "cur_state": "board"})
    assert messages[0]["content"].startswith("MY SYSTEM PROMPT for win")
    assert "board" in messages[1]["content"]
    default = PromptLibrary(None).render("action_inference", "system", {"rules": ["a", "b"]})
    assert "- a\n- b" in default and "### Actions" in default


def test_images_become_png_parts_where_the_template_marks_them() -> None:
    frame = np.zeros((8, 8, 3), dtype=np.uint8)
    library = PromptLibrary()
    variables = {"cur_state": "board", "prev_state": "old board", "last_action": "up"}
    messages = library.messages("self_reflection", variables, cur_image=frame, prev_image=frame, images=True)
    parts = messages[-1]["content"]
    kinds = [p["type"] for p in parts]
    assert kinds.count("image_url") == 2
    assert parts[kinds.index("image_url")]["image_url"]["url"].startswith("data:image/png;base64,")
    text_only = library.messages("self_reflection", variables, cur_image=frame, images=False)
    assert isinstance(text_only[-1]["content"], str) and "<|" not in text_only[-1]["content"]
    record = LLMCallRecord(module="m", messages=messages)
    stripped = record.to_dict()["messages"][-1]["content"]
    assert all("base64," not in str(p) for p in stripped)


def test_split_observation_for_every_modality() -> None:
    frame = np.zeros((4, 4, 3), dtype=np.uint8)
    assert split_observation("text") == ("text", None)
    assert split_observation(frame)[1] is frame
    text, image = split_observation({"text": "t", "image": frame})
    assert text == "t" and image is frame
    assert split_observation(None) == (None, None)


def test_module_subclass_contract() -> None:
    class Critic(Module):
        name = "critic"
        output_keys = ("critique",)

    schema = Critic().json_schema()
    assert schema["required"] == ["critique"] and schema["properties"]["critique"] == {"type": "string"}
