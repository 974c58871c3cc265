"""A fake Orak checkout: Orak's folder layout and file format, with invented prompt text.

Tests (and anyone trying ``--prompts orak:PATH`` without Orak) write one with
:func:`write_fake_orak_checkout`.  Every game with an Orak prompt map gets, for each modality and agent
type of its map, the ``<module>_{system,user}.py`` files of every module of that agent type that calls
the LLM, written in the styles Orak's files use (an f-string with doubled braces, a plain string,
parenthesised implicit concatenation, ``+``) so the loader meets each.  The text is invented and marks
where it came from, and each variable sits between tags so a test can read back what was filled in:

    FAKE-ORAK twenty_fourty_eight/text/zeroshot_agent/action_inference_user
    <<cur_state_str>>...<</cur_state_str>>

Env literals the maps read are written as fake env code: a string under its ``key`` in a fake
``get_game_info``-style return (``task_description``), one such string per ``if``/``elif`` branch for a
spec with ``branch`` (Stardew Valley's per-task descriptions), or, for a spec without ``key``, a whole returned
table (StarCraft II's per-category actions; see :func:`fake_table`).  A map's ``modality_agents`` limit
which agent folders a modality gets, as in Orak (StarCraft II's text_image: reflection_planning).  A game
whose map lists ``shared`` prompts files gets them, imported by its system prompts as Orak's Slay the
Spire does; ``.git`` records a fake commit.
No Orak text is in here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

FAKE_COMMIT = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
MARKER = re.compile(r"FAKE-ORAK (?P<folder>\w+)/(?P<modality>\w+)/(?P<agent>\w+)/(?P<module>\w+)_(?P<part>system|user)")
FIELD = re.compile(r"<<(?P<name>\w+)>>(?P<value>.*?)<</(?P=name)>>", re.DOTALL)
#: The sections the fake system prompts ask for, per module (Orak's headers).
SECTIONS = {
    "self_reflection": ("Self_reflection_summary", "Critique", "Success"),
    "subtask_planning": ("Subtask_reasoning", "Subtask", "Next_subtask"),
    "action_inference": ("Reasoning", "Actions"),
    "history_summarization": ("Short_term_summary",),
    "knowledge_retrieval": ("Knowledge",),
    "skill_management": ("Skill_description",),
}
#: Variables every fake user prompt shows (Orak's generic ones and the parsed answers).
USER_FIELDS = (
    "cur_state_str", "prev_state_str", "action", "subtask_description", "self_reflection_summary", "critique",
)  # fmt: skip
RULES_TEXT = "Invented shared rules: climb the invented tower."


def fake_literal(folder: str, key: str, branch: str = "") -> str:
    """The invented value the fake env code holds for ``key`` (in the branch for ``branch``, if any)."""
    return f"Invented {key} for {folder}{f' ({branch})' if branch else ''}: do the fake thing."


def fake_table(folder: str) -> dict[str, dict[int, str]]:
    """The invented table a fake env function returns whole (an ``orak_env`` without ``key``): Orak's
    shape for StarCraft II's actions, ``{category: {id: name}}``, with invented names."""
    return {
        "invented group one": {0: f"invented {folder} move a", 1: f"invented {folder} move b"},
        "invented group two": {2: f"invented {folder} move c"},
    }


def fake_env_value(folder: str, env: dict, branch: str = "") -> object:
    """What the fake env code holds for an ``orak_env`` spec of a map: a string under ``key`` (the one of
    ``branch`` for a spec with branches), else the table."""
    return fake_literal(folder, env["key"], branch) if env.get("key") else fake_table(folder)


def fake_env_text(folder: str, env: dict, branch: str = "") -> str:
    """How Orak's prompts show that value after its env's ``render`` steps (written out here, apart from
    the loader's steps, so a test compares two independent workings)."""
    value = fake_env_value(folder, env, branch)
    for step in env.get("render", ()):
        if step == "flatten":
            value = {k: v for group in value.values() for k, v in group.items()}
        elif step == "invert":
            value = {v: k for k, v in value.items()}
        elif step == "upper":
            value = {k.upper(): v for k, v in value.items()}
    return value if isinstance(value, str) else str(value)


def _py_string(text: str, style: int) -> str:
    """``text`` (a str.format template) as Python source in one of Orak's styles."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if style == 0:  # f-string with doubled braces: evaluates to the template
        doubled = escaped.replace("{", "{{").replace("}", "}}")
        cut = doubled.index("\\n") + 2  # after an escaped newline: never inside an escape or a brace pair
        return f'PROMPT = (\n    f"{doubled[:cut]}"\n    f"{doubled[cut:]}"\n)\n'
    if style == 1:  # plain string
        return f'PROMPT = "{escaped}"\n'
    cut = escaped.index("\\n") + 2
    return f'"""An invented prompt."""\n\nPROMPT = "{escaped[:cut]}" + "{escaped[cut:]}"\n'


def _user_template(marker: str, fields: Iterable[str]) -> str:
    lines = [marker, "Invented user prompt. Here is what you know:"]
    lines += [f"<<{name}>>{{{name}}}<</{name}>>" for name in dict.fromkeys(fields)]
    lines.append("Image here if any: <|cur_state_image|>")
    return "\n".join(lines)


def _system_template(marker: str, module: str, rules: bool) -> str:
    asks = "\n".join(f"### {header}\n<your {header.lower()}>" for header in SECTIONS.get(module, ("Actions",)))
    text = f'{marker}\nInvented system prompt. Answer in JSON-free sections, e.g. {{{{"not": "a field"}}}}:\n{asks}'
    return text + ("\nRULES:\n" if rules else "")


def write_fake_orak_checkout(root: Path, commit: str = FAKE_COMMIT, games: Iterable[str] | None = None) -> Path:
    """Writes the fake checkout under ``root`` for ``games`` (env ids or names; default every game
    with an Orak prompt map) and returns ``root``."""
    import orak_gym
    from orak_gym.agents.modules import build_modules
    from orak_gym.agents.orak_prompts import OrakPromptMap

    root = Path(root)
    agent_servers = root / "src" / "mcp_agent_servers"
    agent_servers.mkdir(parents=True, exist_ok=True)
    specs = [orak_gym.spec_of(g) for g in games] if games is not None else list(orak_gym.GAMES.values())
    style = 0
    for spec in specs:
        path = spec.orak_prompt_map()
        if path is None:
            continue
        orak_map = OrakPromptMap.load(path)
        base = agent_servers / orak_map.folder / "prompts"
        prompt_root = base / orak_map.subfolder
        shared_rules = bool(orak_map.shared)  # Orak's system prompts import a shared string (rules)
        base.mkdir(parents=True, exist_ok=True)
        for stem, name in orak_map.shared.items():
            (base / f"{stem}.py").write_text(f'{name} = f"{RULES_TEXT}"\n', encoding="utf-8")
        env_files: dict[str, list[str]] = {}
        for rule in orak_map.variables.values():
            env = rule.get("orak_env")
            if env and env.get("branch"):
                branch = env["branch"]
                lines = [f"    def {env['function']}(self):", f"        {env['key']} = ''"]
                for i, value in enumerate(branch["values"]):
                    lines.append(f"        {'if' if i == 0 else 'elif'} {branch['on']} == {value!r}:")
                    lines.append(f"            {env['key']} = {fake_literal(orak_map.folder, env['key'], value)!r}")
                lines.append(f"        return {{'skill_list': [], {env['key']!r}: {env['key']}}}\n")
                env_files.setdefault(env["file"], []).append("\n".join(lines))
            elif env and env.get("key"):
                env_files.setdefault(env["file"], []).append(
                    f"    def {env['function']}(self):\n"
                    f"        text = {fake_literal(orak_map.folder, env['key'])!r}\n"
                    f"        return {{{env['key']!r}: text, 'other': len(self.__dict__)}}\n"
                )
            elif env:
                env_files.setdefault(env["file"], []).append(
                    f"    def {env['function']}(self):\n        return {fake_table(orak_map.folder)!r}\n"
                )
        for name, functions in env_files.items():
            file = root / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text("class FakeEnv:\n" + "\n".join(functions), encoding="utf-8")
        fields = (*USER_FIELDS, *orak_map.variables)
        for modality in orak_map.modalities:
            for agent, agent_folder in orak_map.agents.items():
                if agent not in orak_map.modality_agents.get(modality, (agent,)):
                    continue
                folder = prompt_root / modality / agent_folder
                folder.mkdir(parents=True, exist_ok=True)
                for module in build_modules(agent, spec.env_id):
                    if not module.calls_llm:
                        continue
                    stem = orak_map.files.get(module.template, module.template)
                    mark = f"FAKE-ORAK {orak_map.folder}/{modality}/{agent_folder}/{stem}"
                    system = _system_template(f"{mark}_system", module.name, shared_rules)
                    source = _py_string(system, style % 3)
                    for shared, name in orak_map.shared.items():  # Orak's style: imported, placed by a field
                        source = (
                            f"from mcp_agent_servers.{orak_map.folder}.prompts.{shared} import {name}\n\n"
                            + source.replace("PROMPT = ", f"PROMPT = f'{{{name}}}' + ", 1)
                        )
                    (folder / f"{stem}_system.py").write_text(source, encoding="utf-8")
                    user = _user_template(f"{mark}_user", fields)
                    (folder / f"{stem}_user.py").write_text(_py_string(user, (style + 1) % 3), encoding="utf-8")
                    style += 1
    git = root / ".git"
    (git / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (git / "HEAD").write_text("ref: refs/heads/release\n", encoding="utf-8")
    (git / "refs" / "heads" / "release").write_text(commit + "\n", encoding="utf-8")
    return root


def read_prompt(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(where the prompt came from: folder, modality, agent, module, part; its tagged variables)."""
    match = MARKER.search(text)
    where = match.groupdict() if match else {}
    return where, {m.group("name"): m.group("value") for m in FIELD.finditer(text)}
