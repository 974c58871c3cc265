"""``starcraft2-duel``: two Protoss bots in one StarCraft II game, a PettingZoo parallel env for the arena.

Orak's arena (``StarCraftMultiEnv``) in PettingZoo's terms: one game hosted by the first client and joined
by the second (burnysc2's host and join, with a ``Portconfig``), each bot fed by its own player.  Every
``step`` takes both players' action texts (Orak's grammar, as ``orak/StarCraft2-v0``) and plays one
decision: ten bot steps in lockstep, both bots stepping together.  Rewards are +1 / -1 (0 for a tie)
when the game ends; ``info`` carries each player's summary state, prompt context, ``result`` and the
game's ``replay_path`` (one file per game in ``replay_dir``, the host's, named by game number and seed).

Observations are ``{"observation": the feature vector, "text": the summary}`` per player, so an LLM, the
scripted baseline and an RL agent all read them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from orak_gym.core.errors import OrakError
from orak_gym.core.spaces import TextSpace
from orak_gym.games.starcraft2.actions import NUM_ACTIONS, QUERY_INTERVAL, StarCraft2Parser, action_dict
from orak_gym.games.starcraft2.install import find_install
from orak_gym.games.starcraft2.state import FEATURE_HIGH, N_FEATURES, StarCraft2State

PLAYERS = ("player_0", "player_1")
OUTCOME = {"Victory": 1.0, "Defeat": -1.0}


class StarCraft2DuelEnv(ParallelEnv):
    """Two LLM-fed (or scripted) Protoss bots in one game (see the module docstring)."""

    metadata: ClassVar[dict[str, Any]] = {"name": "orak_starcraft2_duel_v0", "render_modes": ["rgb_array"]}
    #: The orak game whose expert and prompts the arena uses for this env.
    orak_game: ClassVar[str] = "starcraft2"

    def __init__(
        self,
        map: str | None = None,
        sc2_version: str | int | None = None,
        game_step: int | None = None,
        replay_dir: str | None = None,
        max_decisions: int = 1000,
        game_time_limit: float | None = None,
        render_mode: str | None = None,
        launch_timeout: float = 120.0,
        step_timeout: float = 300.0,
    ) -> None:
        self.possible_agents = list(PLAYERS)
        self.agents: list[str] = []
        self.render_mode = render_mode
        self.map_name = map
        self.sc2_version = sc2_version
        self.game_step = game_step
        self.replay_dir = replay_dir
        self.max_decisions = int(max_decisions)
        self.game_time_limit = game_time_limit
        self.launch_timeout, self.step_timeout = float(launch_timeout), float(step_timeout)
        self.parser = StarCraft2Parser(NUM_ACTIONS, QUERY_INTERVAL)
        self.install = find_install(sc2_version)  # a missing client is said before any game starts
        self.map_path = self.install.find_map(map)
        self._observation_space = spaces.Dict(
            {
                "observation": spaces.Box(0.0, FEATURE_HIGH, shape=(N_FEATURES,), dtype=np.float32),
                "text": TextSpace(max_length=16_384),
            }
        )
        self._action_space = TextSpace(max_length=65_536)
        self._runner: Any = None
        self._games = 0
        self.states: dict[str, StarCraft2State] = {}

    def observation_space(self, agent: str) -> spaces.Dict:
        return self._observation_space

    def action_space(self, agent: str) -> TextSpace:
        return self._action_space

    # ------------------------------------------------------------------ the parallel API
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[dict, dict]:
        from orak_gym.games.starcraft2.backend import GameRunner, Opponent
        from orak_gym.games.starcraft2.bot import Link, LockstepBot

        if self._runner is None:
            self._runner = GameRunner(self.install, 2, self.launch_timeout, self.step_timeout)
        self._games += 1
        game_seed = int(seed) if seed is not None else int(np.random.default_rng().integers(0, 2**31 - 1))
        replay = None
        if self.replay_dir:
            replay = str(Path(self.replay_dir) / f"duel_{self._games:04d}_seed{game_seed}.SC2Replay")
        self._bots = [LockstepBot(Link(), replay if i == 0 else None, self.game_step) for i in range(2)]
        offers = self._runner.start(self.map_path, game_seed, Opponent(), self._bots, False, self.game_time_limit,
                                    names=tuple(PLAYERS))  # fmt: skip
        self.agents = list(PLAYERS)
        self.decisions = 0
        self.winner: str | None = None
        self._take(offers)
        self._feedback = dict.fromkeys(PLAYERS, (True, ""))
        return self._observations(), self._infos()

    def step(self, actions: dict[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        if not self.agents:
            raise OrakError("the duel is over: call reset() before step()")
        schedules = {}
        for agent in PLAYERS:
            parsed = self.parser.parse(actions.get(agent, ""), self.states[agent])
            schedules[agent] = parsed.actions
            self._feedback[agent] = (parsed.valid, parsed.feedback)
        for position in range(QUERY_INTERVAL):
            offers = self._runner.exchange([schedules[a][position] for a in PLAYERS])
            self._take(offers)
            if self._over():
                break
        self.decisions += 1
        over = self._over()
        truncated = not over and self.decisions >= self.max_decisions
        rewards = {a: OUTCOME.get(self.states[a].result or "", 0.0) if over else 0.0 for a in PLAYERS}
        if over:
            self.winner = next((a for a in PLAYERS if self.states[a].result == "Victory"), None)
        observations, infos = self._observations(), self._infos()
        terminations = dict.fromkeys(PLAYERS, over)
        truncations = dict.fromkeys(PLAYERS, truncated)
        if over or truncated:
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def render(self) -> np.ndarray | None:
        if self.render_mode != "rgb_array" or not self.states:
            return None
        from orak_gym.games.starcraft2.render import draw_state

        return np.concatenate([draw_state(self.states[a]) for a in PLAYERS], axis=1)

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    # ------------------------------------------------------------------ helpers
    def _take(self, offers: list[Any]) -> None:
        for agent, offer in zip(PLAYERS, offers, strict=True):
            previous = self.states.get(agent)
            if offer is None and previous is not None:
                continue
            result = offer.result.name if offer.result is not None else None
            replay = offer.replay_path or (previous.replay_path if previous else None)
            executed = list(offer.snapshot.get("executed", ()))
            self.states[agent] = StarCraft2State(offer.snapshot, result, replay, executed, "Protoss", "Protoss")
        host_replay = self.states[PLAYERS[0]].replay_path
        if host_replay:  # one game, one replay: both players' info point to it
            self.states[PLAYERS[1]].replay_path = host_replay

    def _over(self) -> bool:
        return any(self.states[a].result is not None for a in PLAYERS)

    def _observations(self) -> dict[str, dict[str, Any]]:
        return {a: {"observation": self.states[a].features(), "text": self.states[a].to_text()} for a in PLAYERS}

    def _infos(self) -> dict[str, dict[str, Any]]:
        infos = {}
        for agent in PLAYERS:
            state = self.states[agent]
            valid, feedback = self._feedback.get(agent, (True, "")) if hasattr(self, "_feedback") else (True, "")
            infos[agent] = {
                "score": 100.0 if state.result == "Victory" else 0.0,
                "raw_score": 1.0 if state.result == "Victory" else 0.0,
                "action_valid": valid,
                "action_feedback": feedback,
                "state": state.to_dict(),
                "result": state.result,
                "replay_path": state.replay_path,
                "action_failures": [o["feedback"] for o in state.executed if not o["done"]],
                "prompt_context": _context(agent, state),
                "decisions": getattr(self, "decisions", 0),
            }
        return infos


def _context(agent: str, state: StarCraft2State) -> dict[str, Any]:
    from orak_gym.core.prompt_context import PromptContext
    from orak_gym.core.texts import game_text

    return PromptContext(
        title="StarCraft II",
        task=f"You are {agent}: play StarCraft II as Protoss against another Protoss player and destroy every "
        "enemy structure before they destroy yours.",
        rules=game_text(__package__, "rules.md").strip(),
        valid_actions=list(action_dict()),
        action_format=f"Under '### Actions', {NUM_ACTIONS} numbered lines such as '1: <BUILD PYLON>'.",
        default_action=StarCraft2Parser.default_action_text,
        extras={
            "player_race": "Protoss",
            "enemy_race": "Protoss",
            "num_actions": NUM_ACTIONS,
            "action_dict": action_dict(),
            "action_executed": [o["action"] for o in state.executed],
        },
    ).to_dict()


def duel_env(**kwargs: Any) -> StarCraft2DuelEnv:
    """Factory used by ``orak-gym arena --env starcraft2-duel``."""
    return StarCraft2DuelEnv(**kwargs)
