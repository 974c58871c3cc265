"""Shared by the Orak-prompt tests (agents and eval): a scripted model answering the fake checkout's
prompts in Orak's sections, and the check that a request is the fake template filled with our context."""

from __future__ import annotations

import threading

from orak_gym.agents.modules import build_modules
from orak_gym.agents.orak_prompts import OrakPromptMap
from orak_gym.testing.orak_checkout import RULES_TEXT, USER_FIELDS, fake_env_text, read_prompt

ANSWERS = {
    "self_reflection": "### Self_reflection_summary\nreflected {n}\n### Critique\ncritique {n}\n### Success\nyes",
    "subtask_planning": "### Subtask_reasoning\nwhy {n}\n### Subtask\nsubtask {n}\n### Next_subtask\nnext {n}",
    "history_summarization": "### Short_term_summary\nsummary {n}",
    "knowledge_retrieval": "### Knowledge\nknowledge {n}",
    "skill_management": "### Skill_description\nskill {n}",
    "action_inference": "### Reasoning\nthink {n}\n### Actions\n{action}",
}


class FakeOrakModel:
    """Answers each fake Orak prompt in its module's Orak sections; remembers what it said."""

    def __init__(self, actions: tuple[str, ...] = ()) -> None:
        self.n = 0
        self.actions = actions
        self.said: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def __call__(self, body: dict) -> str:
        system = body["messages"][0]["content"]
        where, _ = read_prompt(system if isinstance(system, str) else "")
        with self._lock:
            self.n += 1
            action = self.actions[self.n % len(self.actions)] if self.actions else f"action {self.n}"
            answer = ANSWERS.get(where.get("module", ""), "### Actions\nnothing").format(n=self.n, action=action)
            lines = answer.splitlines()
            for header, value in zip(lines[::2], lines[1::2], strict=True):
                self.said.setdefault(header.removeprefix("### "), set()).add(value)
        return answer


def check_prompts(requests: list, orak_map: OrakPromptMap, agent: str, modality: str, model: FakeOrakModel,
                  observations: set[str], game: str, context: dict | None = None) -> None:  # fmt: skip
    """Every request is the fake checkout's template for its module, filled with our context (and, when
    ``context`` is the prompt context the policy saw, each mapped variable that reads it holds its value)."""
    modules = [m.name for m in build_modules(agent, game) if m.calls_llm]
    seen_modules = set()
    for request in requests:
        system, user = request.messages[0]["content"], request.messages[1]["content"]
        user_text = user if isinstance(user, str) else "\n".join(p.get("text", "") for p in user if "text" in p)
        where, _ = read_prompt(system)
        user_where, fields = read_prompt(user_text)
        assert where["folder"] == orak_map.folder and where["modality"] == modality
        assert where["agent"] == orak_map.agents[agent] and where["module"] in modules
        assert {**user_where, "part": "system"} == where, "system and user files of one module"
        seen_modules.add(where["module"])
        assert set(fields) == {*USER_FIELDS, *orak_map.variables}, "every variable of the template is there"
        assert all(value != "{" + name + "}" for name, value in fields.items()), "and filled"
        assert fields["cur_state_str"] in observations
        assert fields["prev_state_str"] in observations | {"None"}
        assert fields["subtask_description"] in model.said.get("Subtask", set()) | {"None"}
        assert fields["self_reflection_summary"] in model.said.get("Self_reflection_summary", set()) | {"None"}
        assert fields["critique"] in model.said.get("Critique", set()) | {"None"}
        for name, rule in orak_map.variables.items():
            env = rule.get("orak_env")
            if env and env.get("branch"):  # one of its branches; the game's own check says which
                branches = {fake_env_text(orak_map.folder, env, value) for value in env["branch"]["values"]}
                assert fields[name] in branches, (name, fields[name])
            elif env:
                assert fields[name] == fake_env_text(orak_map.folder, env)
            first = (rule.get("ours") or [""])[0]
            key = first.removeprefix("extras.")
            source = (context or {}).get("extras", {}) if first.startswith("extras.") else (context or {})
            if context is not None and key in source:
                assert fields[name] == str(source[key]), name
        if orak_map.shared:
            assert system.startswith(RULES_TEXT)
    assert seen_modules == set(modules)
