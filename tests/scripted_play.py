"""One whole episode of an agent type on a game, its model a local OpenAI-compatible server answering
from a script: what the game play tests of the owner-installed games (driven by their stand-ins) share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gymnasium as gym

from orak_gym.agents import LLMPolicy, make_client
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer, module_of, request_text


@dataclass
class ScriptedEpisode:
    calls: Counter  # requests per agent module
    prompts: list[str]  # the action_inference requests' text, in order
    infos: list[dict[str, Any]]  # the info of every step
    terminated: bool
    observation: Any  # the last one

    @property
    def info(self) -> dict[str, Any]:
        return self.infos[-1]


def play_scripted_episode(env_id: str, agent: str, answers: Sequence[str], **env_kwargs: Any) -> ScriptedEpisode:
    """Plays ``env_id`` from seed 0 until it ends, action_inference answering ``answers`` in turn (the
    other modules in their own formats)."""
    responder = ModuleResponder(actions=list(answers))
    with ScriptedOpenAIServer(responder=responder) as server:
        policy = LLMPolicy(make_client(f"compat:scripted@{server.base_url}", timeout=5.0), agent=agent, game=env_id)
        env = gym.make(env_id, **env_kwargs)
        infos: list[dict[str, Any]] = []
        try:
            obs, info = env.reset(seed=0)
            policy.reset()
            terminated = truncated = False
            while not (terminated or truncated):
                obs, _, terminated, truncated, info = env.step(policy(obs, info))
                infos.append(info)
        finally:
            env.close()
        prompts = [request_text(r.body) for r in server.chat_requests if module_of(r.body) == "action_inference"]
    return ScriptedEpisode(responder.calls, prompts, infos, terminated, obs)
