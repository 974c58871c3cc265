"""Orak's own prompts from a checkout: the AST-only loader (what it accepts, what it refuses without
running anything), the checkout's commit, the per-game maps, and LLMPolicy sending the fake checkout's
templates filled with our context to the real local OpenAI-compatible server, for every game with a map,
every agent type and modality in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orak_gym
from orak_gym.agents import LLMPolicy, make_client
from orak_gym.agents.modules import build_modules
from orak_gym.agents.orak_prompts import OrakCheckout, OrakPromptError, OrakPromptLibrary, OrakPromptMap
from orak_gym.agents.orak_source import checkout_commit, read_string
from orak_gym.testing import ScriptedOpenAIServer
from orak_gym.testing.orak_checkout import FAKE_COMMIT, RULES_TEXT, read_prompt, write_fake_orak_checkout

from .orak_helpers import FakeOrakModel, check_prompts

SENTINEL = "orak_code_ran"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fake_orak_checkout(tmp_path_factory.mktemp("orak"))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ the loader
@pytest.mark.parametrize(
    ("source", "template"),
    [
        ('PROMPT = (f"a {{x}} "\n    f"b {{y}}")\n', "a {x} b {y}"),
        ('"""doc"""\nimport os\nPROMPT = "plain {x}"\n', "plain {x}"),
        ('PROMPT = ("one "\n    "two {x}")\n', "one two {x}"),
        ('HEAD = "h "\nPROMPT: str = "x"\n', "x"),
        ('PROMPT = "a" + f"{{b}}" + "c"\n', "a{b}c"),
    ],
)
def test_loader_accepts_string_literals_only(tmp_path: Path, source: str, template: str) -> None:
    assert read_string(_write(tmp_path / "p.py", source)) == template


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        (f"PROMPT = open('{SENTINEL}', 'w')\n", "Call"),
        (f"PROMPT = f\"{{__import__('pathlib').Path('{SENTINEL}').touch()}}\"\n", "f-string field"),
        ('import os\nPROMPT = f"{os.sep}"\n', "f-string field"),
        ('X = "x"\nPROMPT = X\n', "Name"),
        (f"def f():\n    open('{SENTINEL}', 'w')\n\nPROMPT = 'x'\n", "FunctionDef"),
        (f"open('{SENTINEL}', 'w')\nPROMPT = 'x'\n", "Expr"),
        ('PROMPT = "ab" * 3\n', "BinOp"),
        ('PROMPT = f"{1 + 1}"\n', "f-string field"),
        ('from os import sep\nPROMPT = f"{sep}"\n', "imported name sep"),  # with no resolver: refused
        ("PROMPT = b'bytes'\n", "Constant"),
        ("X = 'only X'\n", "assigns no PROMPT"),
        ("PROMPT = (\n", "not valid Python"),
    ],
)
def test_loader_refuses_code_in_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, refused: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path / "evil.py", source)
    with pytest.raises(OrakPromptError) as err:
        read_string(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert refused in message
    assert not (tmp_path / SENTINEL).exists(), "nothing of the file was executed"


def test_imports_resolve_only_inside_the_games_prompts(checkout: Path, tmp_path: Path) -> None:
    co = OrakCheckout(checkout)
    base = co.prompts_dir("slay_the_spire")
    path = base / "text" / "zeroshot_agent" / "action_inference_system.py"
    assert co.read_prompt("slay_the_spire", path).startswith(RULES_TEXT)
    source = 'from mcp_agent_servers.twenty_fourty_eight.prompts.a import B\nPROMPT = f"{B}"\n'
    escape = _write(base / "text" / "x.py", source)
    with pytest.raises(OrakPromptError, match="not slay_the_spire's prompts"):
        co.read_prompt("slay_the_spire", escape)
    _write(base / "loop.py", 'from .loop import PROMPT\nPROMPT = f"{PROMPT}"\n')
    with pytest.raises(OrakPromptError, match="cycle"):
        co.read_prompt("slay_the_spire", base / "loop.py")


def test_templates_with_object_access_or_bad_braces_are_refused(checkout: Path, tmp_path: Path) -> None:
    root = write_fake_orak_checkout(tmp_path / "co", games=["orak/2048-v0"])
    user = root / "src/mcp_agent_servers/twenty_fourty_eight/prompts/text/zeroshot_agent/action_inference_user.py"
    modules = build_modules("zeroshot", "orak/2048-v0")
    for text, refused in (("{cur_state_str.__class__}", "not a plain variable name"), ("{oops", "not a str.format")):
        user.write_text(f"PROMPT = {text!r}\n", encoding="utf-8")
        with pytest.raises(OrakPromptError, match=refused) as err:
            OrakPromptLibrary(root, "orak/2048-v0", "zeroshot", "text", modules)
        assert str(user) in str(err.value)
    user.write_text("PROMPT = 'x {no_such_variable}'\n", encoding="utf-8")
    with pytest.raises(OrakPromptError, match=r"unknown template variable \{no_such_variable\}"):
        OrakPromptLibrary(root, "orak/2048-v0", "zeroshot", "text", modules)


def test_missing_checkout_file_literal_and_agent_each_say_one_line(checkout: Path, tmp_path: Path) -> None:
    modules = build_modules("zeroshot", "orak/2048-v0")
    with pytest.raises(OrakPromptError, match="not an Orak checkout"):
        OrakCheckout(tmp_path / "nowhere")
    root = write_fake_orak_checkout(tmp_path / "co", games=["orak/2048-v0", "orak/SuperMario-v0"])
    env_file = root / "src/mcp_game_servers/twenty_fourty_eight/game/twenty_fourty_eight_env.py"
    env_file.write_text("def get_game_info(self):\n    return {'other': 'x'}\n", encoding="utf-8")
    with pytest.raises(OrakPromptError, match=r"literal 'task_description' in get_game_info\(\) is missing"):
        OrakPromptLibrary(root, "orak/2048-v0", "zeroshot", "text", modules)
    env_file.write_text("def get_game_info(self):\n    return {'task_description': compute()}\n", encoding="utf-8")
    with pytest.raises(OrakPromptError, match=r"_env\.py:2: refused: Call where only a literal is allowed"):
        OrakPromptLibrary(root, "orak/2048-v0", "zeroshot", "text", modules)
    (root / "src/mcp_agent_servers/super_mario/prompts/text/zeroshot_agent/action_inference_user.py").unlink()
    with pytest.raises(OrakPromptError, match=r"action_inference_user\.py: missing from the Orak checkout"):
        OrakPromptLibrary(root, "orak/SuperMario-v0", "zeroshot", "text", modules)
    with pytest.raises(OrakPromptError, match="no skill_management prompts for super_mario"):
        OrakPromptLibrary(root, "orak/SuperMario-v0", "skill_management", "text", modules)
    with pytest.raises(OrakPromptError, match="no image prompts for minecraft"):
        OrakPromptLibrary(checkout, "orak/Minecraft-v0", "zeroshot", "image", modules)
    with pytest.raises(ValueError, match="prompt_dirs"):
        LLMPolicy("compat:x@http://127.0.0.1:9/v1", game="orak/2048-v0", prompts=f"orak:{checkout}", prompt_dirs=["."])


def test_a_literal_per_branch_is_picked_by_the_run_and_refused_when_it_is_code(tmp_path: Path) -> None:
    """Stardew Valley's task descriptions: one literal per ``if self.task == ...`` branch in Orak's env code."""
    modules = build_modules("zeroshot", "orak/StardewValley-v0")
    root = write_fake_orak_checkout(tmp_path / "co", games=["orak/StardewValley-v0"])
    library = OrakPromptLibrary(root, "orak/StardewValley-v0", "zeroshot", "text", modules)
    for task in ("earn_money", "shopping"):
        values = library.values({"extras": {"task_name": task}})
        assert (
            values["task_description"] == f"Invented task_description for stardew_valley ({task}): do the fake thing."
        )
    with pytest.raises(OrakPromptError, match=r"no task_description for 'fishing' \(it has: earn_money, "):
        library.values({"extras": {"task_name": "fishing"}})
    env_file = root / "src/mcp_game_servers/stardew_valley/game/stardew_valley_env.py"
    env_file.write_text(
        "class E:\n    def get_game_info(self):\n        task_description = ''\n"
        "        if self.task == 'earn_money':\n            task_description = open('/etc/passwd').read()\n"
        "        return {'task_description': task_description}\n",
        encoding="utf-8",
    )
    with pytest.raises(OrakPromptError, match=r"_env\.py:5: refused: Call where only a literal is allowed"):
        OrakPromptLibrary(root, "orak/StardewValley-v0", "zeroshot", "text", modules)
    env_file.write_text("class E:\n    def get_game_info(self):\n        return {'task_description': t}\n")
    with pytest.raises(OrakPromptError, match=r"'task_description' per self\.task in get_game_info\(\) is missing"):
        OrakPromptLibrary(root, "orak/StardewValley-v0", "zeroshot", "text", modules)


def test_commit_is_read_from_git_files(tmp_path: Path) -> None:
    sha = "1234567890abcdef1234567890abcdef12345678"
    root = write_fake_orak_checkout(tmp_path / "loose", games=["orak/2048-v0"], commit=sha)
    assert OrakCheckout(root).prompt_set == f"orak@{sha}"
    git = root / ".git"
    (git / "refs/heads/release").unlink()
    (git / "packed-refs").write_text(f"# pack-refs with: peeled\n{sha[::-1]} refs/heads/release\n", encoding="utf-8")
    assert checkout_commit(root) == sha[::-1]
    (git / "HEAD").write_text(sha + "\n", encoding="utf-8")  # detached
    assert checkout_commit(root) == sha
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {git}\n", encoding="utf-8")
    assert checkout_commit(worktree) == sha
    assert checkout_commit(tmp_path / "no-git") == "unknown"


def test_every_game_map_is_valid_and_names_orak_folders() -> None:
    maps = {spec.name: spec.orak_prompt_map() for spec in orak_gym.GAMES.values() if spec.supported}
    from orak_gym.games import ORAK_GAMES

    implemented = {spec.name for spec in orak_gym.GAMES.values() if spec.supported and spec.name in ORAK_GAMES}
    assert len(implemented) >= 11, "every Orak game orak-gym implements has a map to Orak's prompts"
    assert implemented <= {name for name, path in maps.items() if path is not None}
    for path in filter(None, maps.values()):
        orak_map = OrakPromptMap.load(path)
        assert orak_map.folder and orak_map.agents and orak_map.modalities
        assert set(orak_map.modalities) <= {"text", "image", "text_image"}
        env_id = next(s.env_id for s in orak_gym.GAMES.values() if s.orak_prompt_map() == path)
        for agent in orak_map.agents:
            assert build_modules(agent, env_id), f"{agent} is an agent type {env_id} offers"


# ------------------------------------------------------------------------------------------ the policy
def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for spec in orak_gym.GAMES.values():
        path = spec.orak_prompt_map()
        if spec.supported and path is not None:
            data = json.loads(path.read_text(encoding="utf-8"))
            only = data.get("modality_agents", {})
            cases += [(spec.env_id, agent, modality) for agent in data["agents"] for modality in data["modalities"]
                      if agent in only.get(modality, [agent])]  # fmt: skip
    return cases


def test_policy_sends_the_checkouts_templates_for_every_game_agent_and_modality(checkout: Path) -> None:
    """No env here (games needing a ROM or a server are played in tests/eval): the policy is given an
    observation and a prompt context as an env would, over the real HTTP client and server."""
    model = FakeOrakModel()
    extras = {"final_task": "our final task", "base_skills": "our skills", "task_name": "shopping"}
    context = {"title": "T", "task": "our task", "rules": "our rules", "default_action": "wait", "extras": extras}
    with ScriptedOpenAIServer(responder=model) as server:
        client = make_client(f"compat:test@{server.base_url}", api_key="x")
        for env_id, agent, modality in _cases():
            orak_map = OrakPromptMap.load(orak_gym.spec_of(env_id).orak_prompt_map())
            policy = LLMPolicy(client, agent=agent, game=env_id, modality=modality, prompts=f"orak:{checkout}")
            assert policy.prompt_set == f"orak@{FAKE_COMMIT}"
            server.clear()
            observations = {f"state {i} of {env_id}" for i in range(3)}
            for i in range(3):
                info = {"prompt_context": context, "score": float(i), "action_valid": True}
                action = policy(f"state {i} of {env_id}", info)
                assert action == policy.last_step.action and not policy.last_step.error, (env_id, agent, modality)
            check_prompts(server.chat_requests, orak_map, agent, modality, model, observations, env_id, context)
            if "subtask_planning" in [m.name for m in policy.modules]:
                fields = [read_prompt(r.messages[1]["content"] if isinstance(r.messages[1]["content"], str) else "")[1]
                          for r in server.chat_requests]  # fmt: skip
                assert any(f.get("subtask_description", "None") != "None" for f in fields), "Orak's ### Subtask flows"


# ------------------------------------------------------------------------------------------ env tables
def test_starcraft_action_table_is_read_and_shown_as_oraks_env_shows_it(tmp_path: Path) -> None:
    """Orak's env flattens its per-category Protoss table and inverts it to {NAME: id}; its prompts show
    that dict as Python prints it.  With our own table (the same ids and names) in Orak's shape, the value
    filled in must be exactly what ``str`` of our ``action_dict`` gives."""
    from orak_gym.games.starcraft2.actions import action_dict, categories

    root = write_fake_orak_checkout(tmp_path / "co", games=["orak/StarCraft2-v0"])
    table = {group: {i: name.lower() for i, name in actions.items()} for group, actions in categories().items()}
    actions_py = root / "src/mcp_game_servers/star_craft/game/utils/actions.py"
    method = f"    def init_protoss_actions(self):\n        return {table!r}\n"
    _write(
        actions_py,
        f"import json\n\nclass ActionDescriptions:\n{method}\n    def other(self):\n        return json.loads('x')\n",
    )
    modules = build_modules("zeroshot", "orak/StarCraft2-v0")
    library = OrakPromptLibrary(root, "orak/StarCraft2-v0", "zeroshot", "text", modules)
    assert library.values({})["action_dict"] == str(action_dict())
    assert library.values({"extras": {"action_executed": ["TRAIN PROBE"]}})["action_executed"] == "['TRAIN PROBE']"
    refused = (  # a call, a name, a set, a ``**`` spread: none is a literal
        "{'TRAIN UNIT': {0: name()}}",
        "{'TRAIN UNIT': {0: PROBE}}",
        "{'TRAIN UNIT': {'TRAIN PROBE'}}",
        "{**BASE, 'TRAIN UNIT': {}}",
    )
    for literal in refused:
        _write(actions_py, f"class A:\n    def init_protoss_actions(self):\n        return {literal}\n")
        with pytest.raises(OrakPromptError, match=r"actions\.py:3: refused: \w+ where only a literal is allowed"):
            OrakPromptLibrary(root, "orak/StarCraft2-v0", "zeroshot", "text", modules)
    _write(actions_py, "class A:\n    def init_protoss_actions(self):\n        return ['not', 'nested']\n")
    with pytest.raises(OrakPromptError, match=r"actions\.py: Orak's literal the value init_protoss_actions\(\) returns "
                                              r"has not the shape 'flatten' expects"):  # fmt: skip
        OrakPromptLibrary(root, "orak/StarCraft2-v0", "zeroshot", "text", modules)
    _write(actions_py, "class A:\n    def init_zerg_actions(self):\n        return {}\n")
    with pytest.raises(OrakPromptError, match=r"the value init_protoss_actions\(\) returns is missing"):
        OrakPromptLibrary(root, "orak/StarCraft2-v0", "zeroshot", "text", modules)


@pytest.mark.parametrize(
    ("env_id", "agent", "modality", "expected"),
    [
        ("orak/StarCraft2-v0", "zeroshot", "text_image", "no text_image zeroshot prompts for star_craft "
                                                         "(text_image agent types: reflection_planning)"),
        ("orak/HerStory-v0", "reflection", "text_image", "no text_image reflection prompts for her_story "
                                                         "(text_image agent types: zeroshot)"),
        ("orak/HerStory-v0", "reflection", "image", "no image prompts for her_story"),
        ("orak/AceAttorney-v0", "planning", "text", "no planning prompts for pwaat (agent types it has: "
                                                    "zeroshot, reflection)"),
        ("orak/StreetFighter-v0", "skill_management", "text", "no skill_management prompts for street_fighter"),
    ],
)  # fmt: skip
def test_an_agent_type_or_modality_orak_lacks_is_one_line(
    checkout: Path, env_id: str, agent: str, modality: str, expected: str
) -> None:
    with pytest.raises(OrakPromptError, match=expected.replace("(", r"\(").replace(")", r"\)")) as error:
        OrakPromptLibrary(checkout, env_id, agent, modality, build_modules(agent, env_id))
    assert "\n" not in str(error.value)


def test_ace_attorney_agent_types_share_oraks_one_folder(checkout: Path) -> None:
    """Orak keeps pwaat's prompts in reflection_agent alone; its default config plays zeroshot_agent from
    it and its leaderboard script reflection_agent: both here read that folder."""
    for agent in ("zeroshot", "reflection"):
        library = OrakPromptLibrary(checkout, "orak/AceAttorney-v0", agent, "text", build_modules(agent))
        assert library.folder == checkout / "src/mcp_agent_servers/pwaat/prompts/text/reflection_agent"
    assert not (checkout / "src/mcp_agent_servers/pwaat/prompts/text/zeroshot_agent").exists()
