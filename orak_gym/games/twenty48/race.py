"""``2048 race``: a two-player PettingZoo AEC env on two real 2048 boards, for the arena.

Both players start from the same seeded board and move in turns (``player_0`` first), each on
their own board, with text in and text out like every orak text env.  The match ends when a
board reaches the target tile (its owner wins), when a board has no legal move left, or after
``max_turns`` moves each; then the higher score wins and equal scores draw.  Rewards are +1 / -1 /
0, given when the match ends.

Observations are ``{"observation": int8 tile exponents of both boards, "text": the board as text
plus the race standing}``, the usual PettingZoo layout, so RL agents and LLMs both read them.
``info`` carries what the single-player 2048 env gives (``state``, ``score``, ``prompt_context``
...) for the player's own board, so the 2048 expert, ``RandomPolicy`` and ``LLMPolicy`` all play
the race unchanged.

Each board is a single-player 2048 env built with ``gym.make(board_env, **board_kwargs)``, so the
boards can be played on an MCP game server (``board_env="orak-mcp/2048-v0"``, ``board_kwargs={"url":
...}`` or ``{"command": [...]}``; every board is its own server session).  The race reads only the
boards' text observation and ``info["state"]``, and judges the target tile itself, so a board's
own target (the server's) never decides a race: the same seeds give the same match wherever the
boards run.
"""

from __future__ import annotations

from typing import Any, ClassVar

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils.agent_selector import AgentSelector

from orak_gym.core.registry import UnknownEnvError, spec_of
from orak_gym.core.spaces import TextSpace

PLAYERS = ("player_0", "player_1")


class Twenty48RaceEnv(AECEnv):
    """Two 2048 boards racing to ``target_tile`` (see the module docstring)."""

    metadata: ClassVar[dict[str, Any]] = {
        "name": "orak_2048_race_v0",
        "render_modes": ["rgb_array"],
        "is_parallelizable": False,
    }
    #: The orak game whose expert and prompts the arena uses for this env (a ``GameSpec`` name).
    orak_game: ClassVar[str] = "twenty48"

    def __init__(
        self,
        target_tile: int = 256,
        max_turns: int = 200,
        render_mode: str | None = None,
        board_env: str = "orak/2048-v0",
        board_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        if target_tile < 4 or target_tile & (target_tile - 1):
            raise ValueError(f"target_tile must be a power of two >= 4, got {target_tile}")
        try:
            board_game = spec_of(board_env).name
        except UnknownEnvError:
            board_game = None
        if board_game != self.orak_game:
            raise ValueError(f"board_env must be a 2048 env id (orak/2048-v0, orak-mcp/2048-v0), got {board_env!r}")
        self.target_tile = target_tile
        self.max_turns = max_turns
        self.render_mode = render_mode
        self.possible_agents = list(PLAYERS)
        self.boards: dict[str, gym.Env] = {}
        try:
            for agent in self.possible_agents:
                self.boards[agent] = gym.make(board_env, render_mode=render_mode, **(board_kwargs or {}))
        except BaseException:
            self.close()  # a board already connected to a server lets it go
            raise
        self._observation_spaces = {
            a: spaces.Dict(
                {
                    "observation": spaces.Box(0, 17, shape=(2, 4, 4), dtype=np.int8),
                    "text": TextSpace(max_length=8192),
                }
            )
            for a in self.possible_agents
        }
        self._action_spaces = {a: TextSpace(max_length=65_536) for a in self.possible_agents}
        self.agents: list[str] = []

    def observation_space(self, agent: str) -> spaces.Dict:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> TextSpace:
        return self._action_spaces[agent]

    # ------------------------------------------------------------------ AEC API
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.agents = list(self.possible_agents)
        self._infos_inner: dict[str, dict[str, Any]] = {}
        self._board_texts: dict[str, str] = {}
        for agent in self.agents:  # the same seed: both players start from the same board
            observation, self._infos_inner[agent] = self.boards[agent].reset(seed=seed)
            self._board_texts[agent] = _board_text(observation)
        self.turns = dict.fromkeys(self.agents, 0)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos = {a: self._info(a) for a in self.agents}
        self._selector = AgentSelector(self.agents)
        self.agent_selection = self._selector.reset()
        self.winner: str | None = None

    def observe(self, agent: str) -> dict[str, Any]:
        """``{"observation": own and opponent's tile exponents (2x4x4 int8), "text": what an LLM reads}``."""
        other = self._other(agent)
        boards = np.stack([_exponents(self._state(agent)["board"]), _exponents(self._state(other)["board"])])
        return {"observation": boards, "text": self._text(agent)}

    def _text(self, agent: str) -> str:
        own = self._state(agent)
        other = self._other(agent)
        theirs = self._state(other)
        return (
            f"{self._board_texts[agent]}\n"
            f"Opponent: score {theirs['score']}, best tile {theirs['max_tile']}, "
            f"{self.turns[other]} moves made (you: {self.turns[agent]}).\n"
            f"Race: first to the {self.target_tile} tile wins; after {self.max_turns} moves each, "
            f"the higher score wins. Your best tile: {own['max_tile']}."
        )

    def step(self, action: str | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        text = action if isinstance(action, str) else ""
        observation, _, terminated, truncated, info = self.boards[agent].step(text)
        self._infos_inner[agent] = info
        self._board_texts[agent] = _board_text(observation)
        self.turns[agent] += 1
        self.rewards = dict.fromkeys(self.agents, 0.0)
        won = info["state"]["max_tile"] >= self.target_tile
        if won or terminated or truncated or min(self.turns.values()) >= self.max_turns:
            self._finish(agent if won else None)
        self.infos = {a: self._info(a) for a in self.agents}
        self.agent_selection = self._selector.next()
        self._accumulate_rewards()

    def render(self) -> Any:
        if self.render_mode is None:
            return None
        return np.concatenate([self.boards[a].render() for a in self.possible_agents], axis=1)

    def close(self) -> None:
        for board in self.boards.values():
            board.close()

    # ------------------------------------------------------------------ helpers
    def _other(self, agent: str) -> str:
        return PLAYERS[1] if agent == PLAYERS[0] else PLAYERS[0]

    def _state(self, agent: str) -> dict[str, Any]:
        return self._infos_inner[agent]["state"]

    def _finish(self, winner: str | None) -> None:
        if winner is None:
            a, b = PLAYERS
            score_a, score_b = self._state(a)["score"], self._state(b)["score"]
            winner = a if score_a > score_b else b if score_b > score_a else None
        self.winner = winner
        for agent in self.agents:
            self.rewards[agent] = 0.0 if winner is None else (1.0 if agent == winner else -1.0)
            self.terminations[agent] = True

    def _info(self, agent: str) -> dict[str, Any]:
        inner = dict(self._infos_inner[agent])
        context = dict(inner.get("prompt_context") or {})
        context["task"] = (
            f"Race an opponent on your own board: reach the {self.target_tile} tile first; after "
            f"{self.max_turns} moves each the higher score wins."
        )
        inner["prompt_context"] = context
        inner["turns"] = self.turns[agent]
        inner["winner"] = getattr(self, "winner", None)
        return inner


def _board_text(observation: Any) -> str:
    """The board as a text-modality 2048 env shows it (a dict observation carries it under ``text``)."""
    if isinstance(observation, dict) and isinstance(observation.get("text"), str):
        return observation["text"]
    if not isinstance(observation, str):
        raise ValueError("the race's boards must observe text: leave modality out of board_kwargs")
    return observation


def _exponents(board: list[list[int]]) -> np.ndarray:
    values = np.asarray(board, dtype=np.int64)
    return np.where(values > 0, np.log2(np.maximum(values, 1)), 0).astype(np.int8)


def race_env(**kwargs: Any) -> Twenty48RaceEnv:
    """Factory used by ``orak-gym arena --env 2048-race``."""
    return Twenty48RaceEnv(**kwargs)
