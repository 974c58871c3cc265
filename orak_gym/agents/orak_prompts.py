"""Orak's own prompts, loaded from the user's Orak checkout: ``prompts="orak:PATH"``.

orak-gym never ships Orak's prompt text; a researcher who wants Orak's exact prompts points at their
checkout.  :class:`OrakPromptLibrary` has the interface of :class:`~orak_gym.agents.prompting.PromptLibrary`
(modules call ``messages``), so every agent module works unchanged: only where its prompt text comes
from, and how its variables are filled, differ.

Files: ``src/mcp_agent_servers/<folder>/prompts/<modality>/<agent>_agent/<module>_{system,user}.py``,
read by :mod:`orak_gym.agents.orak_source` (parsed, never run).  Variables, as Orak fills them
(``base_server.agent_get_local_memory``): ``cur_state_str`` / ``prev_state_str`` (the observations),
``action`` (the last action), the latest value of every answer section Orak parses (``ORAK_SECTIONS``:
``### Subtask`` -> ``subtask_description``, ``### Critique`` -> ``critique`` ...; ``None`` until a module
wrote it, rendered ``None`` as in Orak), and the game's own ones.  The game's own ones, and which Orak
folder, agent folders and modalities belong to a game, are data in the game's folder
(``GameSpec.orak_prompt_map()``, an ``orak.json`` beside its templates): nothing here names a game.

Everything is loaded and checked when the library is built (every file of every module of the agent,
every variable known), so a run fails before it writes anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.agents.orak_source import (
    OrakPromptError,
    branch_literals,
    checkout_commit,
    function_literal,
    read_string,
    template_fields,
)
from orak_gym.agents.parsing import normalise_key, parse_sections
from orak_gym.agents.prompting import chat_messages, game_spec

PREFIX = "orak:"
#: The prompt set of runs made with orak-gym's own templates.
OURS = "ours"
#: Orak's answer sections per module (``base_server.PREFIXS``): variable name -> section header.
ORAK_SECTIONS: dict[str, dict[str, str]] = {
    "self_reflection": {
        "self_reflection": "Self_reflection",
        "self_reflection_summary": "Self_reflection_summary",
        "critique": "Critique",
        "success": "Success",
        "analysis": "Analysis",
    },
    "knowledge_retrieval": {"knowledge": "Knowledge"},
    "subtask_planning": {
        "history_summary": "History_summary",
        "subtask_reasoning": "Subtask_reasoning",
        "subtask_description": "Subtask",
        "subtask": "Next_subtask",
    },
    "skill_management": {"skill_description": "Skill_description", "retrieved_skills": "Skill_retrieval"},
    "long_term_management": {"clue_extraction": "Clue_Extraction", "saving": "Saving"},
    "history_summarization": {"short_term_summary": "Short_term_summary"},
    "action_inference": {
        "action": "Actions",
        "reasoning": "Reasoning",
        "action_reasoning": "Action_reasoning",
        "lessons_learned": "Lessons_learned",
        "state_summary": "State_summary",
    },
}
#: Variables Orak keeps without a section header (filled by its code; a game maps them to ours).
ORAK_UNSECTIONED = ("relevant_memory", "short_term_history")
#: Orak's variables every game has: Orak's name -> our template variables, first one set wins.
GENERIC: dict[str, tuple[str, ...]] = {
    "cur_state_str": ("cur_state",),
    "prev_state_str": ("prev_state",),
    "action": ("action",),
}
#: Where Orak's parsed answers are kept in the episode memory (``memory.latest``): ``orak.<name>``.
OUTPUT_PREFIX = "orak."


def parse_prompts_option(value: str | None) -> Path | None:
    """``None`` / ``"ours"`` -> None (our templates); ``"orak:PATH"`` -> the checkout path; else one line."""
    if value is None or value == OURS or value == "":
        return None
    if isinstance(value, str) and value.startswith(PREFIX) and value[len(PREFIX) :].strip():
        return Path(os.path.expanduser(value[len(PREFIX) :].strip()))
    raise OrakPromptError(f"--prompts {value!r}: use 'ours' or 'orak:PATH_TO_ORAK_CHECKOUT'")


@dataclass(frozen=True)
class OrakCheckout:
    """The user's clone of krafton-ai/Orak (read only)."""

    root: Path

    def __post_init__(self) -> None:
        if not (self.root / "src" / "mcp_agent_servers").is_dir():
            raise OrakPromptError(f"{self.root}: not an Orak checkout (no src/mcp_agent_servers folder)")

    @property
    def commit(self) -> str:
        return checkout_commit(self.root)

    @property
    def prompt_set(self) -> str:
        """What a run records: ``orak@<commit>`` (runs of different prompt sets are never pooled)."""
        return f"orak@{self.commit}"

    def prompts_dir(self, folder: str) -> Path:
        return self.root / "src" / "mcp_agent_servers" / folder / "prompts"

    def read_prompt(self, folder: str, path: Path) -> str:
        """A prompt file's template; imported strings only from the same game's prompts folder."""
        base = self.prompts_dir(folder)

        def resolve(module: str, level: int, name: str, _seen: tuple[Path, ...] = (path,)) -> str:
            if level:
                target = path.parent
                for _ in range(level - 1):
                    target = target.parent
                target = target.joinpath(*module.split(".")) if module else target
            else:
                package = f"mcp_agent_servers.{folder}.prompts."
                if not module.startswith(package):
                    raise OrakPromptError(f"{path}: refused: imports {name} from {module}, not {folder}'s prompts")
                target = base.joinpath(*module[len(package) :].split("."))
            file = target.with_suffix(".py")
            if base.resolve() not in file.resolve().parents or file in _seen or len(_seen) > 4:
                raise OrakPromptError(f"{path}: refused: imports {name} from outside {base} (or in a cycle)")
            return read_string(file, name, lambda m, lv, n: resolve(m, lv, n, (*_seen, file)))

        return read_string(path, "PROMPT", resolve)


@dataclass(frozen=True)
class OrakPromptMap:
    """A game's ``orak.json``: Orak's folder, agent folders, modalities, and its own variables."""

    path: Path
    folder: str
    agents: Mapping[str, str]
    modalities: Sequence[str]
    #: A level Orak adds between ``prompts`` and the modality (Stardew Valley's ``earn_money``).
    subfolder: str = ""
    #: Orak's variable -> how to fill it: ``{"ours": [names...], "default": ..., "python": bool, "orak_env": {...}}``
    #: (``python``: shown as Python prints the value, as Orak's ``str.format`` does with a list).
    variables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Our module -> Orak's file stem where they differ.
    files: Mapping[str, str] = field(default_factory=dict)
    #: Prompts files the game's prompts import strings from (file stem -> name), e.g. shared rules.
    shared: Mapping[str, str] = field(default_factory=dict)
    #: Modality -> the only agent types Orak has prompts for in it (Orak has StarCraft II's text_image
    #: prompts for reflection_planning alone, say); a modality not listed has every agent type.
    modality_agents: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: The agent type Orak's leaderboard script played this game with (its "default" rows).
    leaderboard_agent: str = ""
    #: How Orak's game and ours compare: ``orak``, ``ours``, ``engine``, ``effect``, ``real_game_kwargs``.
    game: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> OrakPromptMap:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                path=path,
                folder=str(data["folder"]),
                agents=dict(data["agents"]),
                modalities=tuple(data["modalities"]),
                subfolder=str(data.get("subfolder", "")),
                variables=dict(data.get("variables", {})),
                files=dict(data.get("files", {})),
                shared=dict(data.get("shared", {})),
                modality_agents={k: tuple(v) for k, v in dict(data.get("modality_agents", {})).items()},
                leaderboard_agent=str(data.get("leaderboard_agent", "")),
                game=dict(data.get("game", {})),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OrakPromptError(f"{path}: not a valid Orak prompt map ({type(exc).__name__}: {exc})") from None


def prompt_map(game: str | None) -> OrakPromptMap:
    """The Orak prompt map of a game (env id or name), or one line saying the game has none."""
    spec = game_spec(game)
    if spec is None:
        raise OrakPromptError(f"Orak's prompts need a known game, got {game!r}")
    path = spec.orak_prompt_map()
    if path is None:
        raise OrakPromptError(f"{spec.title} has no map to Orak's prompts (its prompts folder has no orak.json)")
    return OrakPromptMap.load(path)


class OrakPromptLibrary:
    """Renders Orak's templates for one game, modality and agent type (see the module docstring)."""

    def __init__(
        self,
        checkout: OrakCheckout | str | os.PathLike[str],
        game: str | None,
        agent: str | Sequence[Any],
        modality: str = "text",
        modules: Sequence[Any] = (),
    ) -> None:
        self.checkout = checkout if isinstance(checkout, OrakCheckout) else OrakCheckout(Path(checkout))
        self.map = prompt_map(game)
        if not isinstance(agent, str):
            raise OrakPromptError("Orak's prompts exist per agent type: give an agent type name, not a module list")
        key = agent.removesuffix("_agent")
        if key not in self.map.agents:
            raise OrakPromptError(
                f"Orak has no {key} prompts for {self.map.folder} (agent types it has: {', '.join(self.map.agents)})"
            )
        if modality not in self.map.modalities:
            raise OrakPromptError(
                f"Orak has no {modality} prompts for {self.map.folder} (modalities: {', '.join(self.map.modalities)})"
            )
        only = self.map.modality_agents.get(modality)
        if only is not None and key not in only:
            raise OrakPromptError(
                f"Orak has no {modality} {key} prompts for {self.map.folder} "
                f"({modality} agent types: {', '.join(only)})"
            )
        self.game = self.map.folder
        self.prompt_set = self.checkout.prompt_set
        self.folder = self.checkout.prompts_dir(self.map.folder) / self.map.subfolder / modality / self.map.agents[key]
        if not self.folder.is_dir():
            raise OrakPromptError(f"{self.folder}: missing from the Orak checkout ({modality} {key} prompts)")
        self._templates: dict[tuple[str, str], str] = {}
        self._literals: dict[str, str] = {}  # Orak's variable -> its env literal, rendered as Orak shows it
        #: Orak's variable -> (its literal per branch, our variables naming the branch), e.g. per task.
        self._branches: dict[str, tuple[dict[str, str], list[str]]] = {}
        names = [m.template for m in modules if getattr(m, "calls_llm", True)]
        for name in dict.fromkeys(names):
            for part in ("system", "user"):
                self._load(name, part)

    # ------------------------------------------------------------------ loading and checking
    def source(self, module: str, part: str) -> Path | None:
        path = self.folder / f"{self.map.files.get(module, module)}_{part}.py"
        return path if path.is_file() else None

    def _load(self, module: str, part: str) -> str:
        key = (module, part)
        if key in self._templates:
            return self._templates[key]
        path = self.folder / f"{self.map.files.get(module, module)}_{part}.py"
        if not path.is_file():
            raise OrakPromptError(f"{path}: missing from the Orak checkout (Orak's prompt for {module})")
        template = self.checkout.read_prompt(self.map.folder, path)
        for name in template_fields(template, str(path)):
            self._check_variable(name, path)
        self._templates[key] = template
        return template

    def _check_variable(self, name: str, path: Path) -> None:
        rule = self.map.variables.get(name)
        if rule is not None:
            spec = rule.get("orak_env")
            if spec and spec.get("branch") and name not in self._branches:
                self._branches[name] = self._branch_literals(spec, path)
            elif spec and not spec.get("branch") and name not in self._literals:
                self._literals[name] = self._env_literal(spec, path)
            return
        known = set(GENERIC) | set(ORAK_UNSECTIONED) | {k for s in ORAK_SECTIONS.values() for k in s}
        if name not in known:
            raise OrakPromptError(f"{path}: unknown template variable {{{name}}} (not mapped in {self.map.path.name})")

    def _env_literal(self, spec: Mapping[str, Any], path: Path) -> str:
        """A value Orak keeps in its env code (``{"file", "function", "key"?, "render"?}``), as Orak's
        ``str.format`` shows it: a string as is, a container as Python prints it (``str``), after the
        ``render`` steps that Orak's env applies in code (e.g. StarCraft II flattens its per-category
        action table and inverts it to name -> id)."""
        file = self.checkout.root / str(spec["file"])
        key = spec.get("key")
        what = f"{key!r} in {spec['function']}()" if key else f"the value {spec['function']}() returns"
        value = function_literal(file, str(spec["function"]), str(key) if key else None)
        if value is None:
            raise OrakPromptError(f"{file}: Orak's literal {what} is missing (for {path.name})")
        return self._rendered(spec, value, file, what)

    def _branch_literals(self, spec: Mapping[str, Any], path: Path) -> tuple[dict[str, str], list[str]]:
        """The literal under ``key`` in each ``if <branch.on> == "<value>":`` branch of Orak's function,
        rendered; ``branch.ours`` names our variables that say which branch a run is in."""
        file = self.checkout.root / str(spec["file"])
        branch = spec["branch"]
        key, function, on = str(spec["key"]), str(spec["function"]), str(branch["on"])
        found = branch_literals(file, function, key, on)
        if not found:
            raise OrakPromptError(f"{file}: Orak's {key!r} per {on} in {function}() is missing (for {path.name})")
        what = f"{key!r} in {function}()"
        ours = branch["ours"] if isinstance(branch["ours"], list) else [branch["ours"]]
        return {value: self._rendered(spec, literal, file, what) for value, literal in found.items()}, ours

    def _rendered(self, spec: Mapping[str, Any], value: Any, file: Path, what: str) -> str:
        for step in spec.get("render", ()):
            if step not in RENDER_STEPS:
                known = ", ".join(RENDER_STEPS)
                raise OrakPromptError(f"{self.map.path}: unknown render step {step!r} (known: {known})")
            try:
                value = RENDER_STEPS[step](value)
            except (AttributeError, TypeError, ValueError):
                raise OrakPromptError(f"{file}: Orak's literal {what} has not the shape {step!r} expects") from None
        return value if isinstance(value, str) else str(value)

    # ------------------------------------------------------------------ rendering
    def values(self, variables: Mapping[str, Any]) -> dict[str, str]:
        """Orak's variables from ours: the game's map, then Orak's generic ones, then parsed answers."""
        out: dict[str, str] = {}
        for sections in ORAK_SECTIONS.values():
            for key in sections:
                out[key] = _text(variables.get(OUTPUT_PREFIX + key))
        for key in ORAK_UNSECTIONED:
            out[key] = _text(variables.get(OUTPUT_PREFIX + key))
        for name, candidates in GENERIC.items():
            out[name] = _text(_first(variables, candidates))
        for name, rule in self.map.variables.items():
            if name in self._literals:
                out[name] = self._literals[name]
            elif name in self._branches:
                per_branch, ours = self._branches[name]
                which = _first(variables, ours)
                if which not in per_branch:
                    known = ", ".join(per_branch)
                    raise OrakPromptError(f"Orak's env code has no {name} for {which!r} (it has: {known})")
                out[name] = per_branch[which]
            elif "ours" in rule:
                candidates = rule["ours"] if isinstance(rule["ours"], list) else [rule["ours"]]
                value = _first(variables, candidates)
                value = rule.get("default") if value is None else value
                out[name] = str(value) if rule.get("python") else _text(value)
        return out

    def render(self, module: str, part: str, variables: Mapping[str, Any]) -> str:
        return self._load(module, part).format_map(self.values(variables))

    def messages(
        self,
        module: str,
        variables: dict[str, Any],
        *,
        cur_image: np.ndarray | None = None,
        prev_image: np.ndarray | None = None,
        images: bool = False,
    ) -> list[dict[str, Any]]:
        """System + user messages as Orak sends them (a system message always: Orak loads both files)."""
        values = self.values(variables)
        system = self._load(module, "system").format_map(values)
        user = self._load(module, "user").format_map(values)
        return chat_messages(system, user, cur_image, prev_image, images)

    def record_answer(self, module: str, raw: str | None, memory: Any) -> None:
        """Keeps the sections Orak parses from this module's answer as the latest ``orak.<name>``."""
        sections = ORAK_SECTIONS.get(module)
        if not sections or not isinstance(raw, str):
            return
        headers = {normalise_key(header): key for key, header in sections.items()}
        parsed = parse_sections(raw, list(headers))
        for header, value in parsed.fields.items():
            if header in headers and value:
                memory.latest[OUTPUT_PREFIX + headers[header]] = value


#: What Orak's env code does to a literal before its prompts show it (``orak_env.render`` in a map).
RENDER_STEPS: dict[str, Any] = {
    "flatten": lambda d: {k: v for inner in d.values() for k, v in inner.items()},  # {group: {k: v}} -> {k: v}
    "invert": lambda d: {v: k for k, v in d.items()},
    "upper": lambda d: {k.upper(): v for k, v in d.items()},
}


def _first(variables: Mapping[str, Any], candidates: Sequence[str]) -> Any:
    """The first candidate that is set (``extras.final_task`` reads into ``extras``); None if none."""
    for candidate in candidates:
        value: Any = variables
        for part in [candidate] if candidate.startswith(OUTPUT_PREFIX) else candidate.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None and value != "":
            return value
    return None


def _text(value: Any) -> str:
    """A value as Orak's ``str.format`` shows it: ``None`` for nothing yet (as in Orak), lists by line."""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", [], {}))
    return str(value)


def load_library(
    prompts: str | None, game: str | None, agent: str | Sequence[Any], modality: str, modules: Sequence[Any]
) -> OrakPromptLibrary | None:
    """The Orak library for ``prompts="orak:PATH"``, None for our own templates."""
    root = parse_prompts_option(prompts)
    if root is None:
        return None
    return OrakPromptLibrary(OrakCheckout(root), game, agent, modality, modules)


__all__ = [
    "GENERIC",
    "ORAK_SECTIONS",
    "OURS",
    "OrakCheckout",
    "OrakPromptError",
    "OrakPromptLibrary",
    "OrakPromptMap",
    "load_library",
    "parse_prompts_option",
    "prompt_map",
]
