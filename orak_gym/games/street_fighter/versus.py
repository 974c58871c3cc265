"""Two players on one ``sfiii3n`` machine: a PettingZoo ``ParallelEnv`` over MAME's P1 and P2 inputs.

Orak's arena loop (``MultiAgentRunner``): every player whose queue of low-level inputs is empty decides
(both at once when both are empty); then the machine advances one queued input of each player at a time,
``frames_per_action`` frames each (a player whose queue ran dry holds nothing), until some queue is empty
again.  Here that loop is one ``step``: its ``actions`` are read only for the players whose queue was empty
(``infos[agent]["awaiting_action"]`` says which; the others' texts are ignored and may be None), so the
game waits for whoever is thinking, and both players' inputs reach the same frames.

The match is first to ``rounds_to_win`` (2) round wins, from the game's own win counters; rewards are
+1 / -1 at the end, 0 for a draw (both reach it on the same frame, or ``max_steps`` low-level steps pass).
Each player reads the fight from its own side (``FightState`` with ``me`` = that player) and moves with
Orak's arena Ken table (Super attack 2-4 added), mirrored by its side.  ``replay_dir`` writes each match as
a GIF (one frame every ``replay_every`` low-level steps).  The two-player menu script (coin and start on
both sides, both character cursors) is as unverified as the one-player one.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from orak_gym.backends.mame import require_mame
from orak_gym.core.spaces import TextSpace
from orak_gym.games.street_fighter import ram
from orak_gym.games.street_fighter.actions import NATIVE_ACTIONS, MacroParser, macro_tables
from orak_gym.games.street_fighter.prompts import prompt_context
from orak_gym.games.street_fighter.rom import ROM
from orak_gym.games.street_fighter.session import FightSession, load_menu

PLAYERS = ("player_0", "player_1")


class StreetFighterVersusEnv(ParallelEnv):
    """Two LLMs (or any text policies) fight on one machine (see the module docstring)."""

    metadata: ClassVar[dict[str, Any]] = {
        "name": "orak_street_fighter_versus_v0",
        "render_modes": ["rgb_array"],
        "is_parallelizable": True,
        "render_fps": 10,
    }
    #: The orak game whose expert and prompts the arena uses.
    orak_game: ClassVar[str] = "street_fighter"

    def __init__(
        self,
        characters: tuple[str, str] | list[str] = ("Ken", "Ken"),
        difficulty: int = 1,
        super_art: int = 3,
        frames_per_action: int = 6,
        max_steps: int = 10_000,
        rounds_to_win: int = 2,
        boot: str = "menu",
        rompath: str | None = None,
        peer: str | None = None,
        menu: str | None = None,
        replay_dir: str | None = None,
        replay_every: int = 2,
        render_mode: str | None = None,
        skip_between_rounds: bool = True,
    ) -> None:
        super().__init__()
        tables = macro_tables()["characters"]
        if len(characters) != 2 or any(c not in tables for c in characters):
            raise ValueError(f"characters must be two of {', '.join(tables)}, got {characters!r}")
        if boot not in ("menu", "none") or frames_per_action < 1 or max_steps < 1 or rounds_to_win < 1:
            raise ValueError("boot must be 'menu' or 'none'; frames_per_action, max_steps, rounds_to_win >= 1")
        self.characters = tuple(characters)
        self.difficulty, self.frames_per_action, self.max_steps = difficulty, frames_per_action, max_steps
        self.super_art = super_art  # Orak's arena: super_art=[3, 3]
        self.rounds_to_win, self.boot, self.render_mode = rounds_to_win, boot, render_mode
        self.replay_dir = Path(replay_dir) if replay_dir else None
        self.replay_every = max(int(replay_every), 1)
        self.skip_between_rounds = skip_between_rounds
        menu_script = load_menu(menu)
        if peer is None:
            require_mame()
            if rompath is None:
                rompath = str(ROM.locate().parent)
        self.session = FightSession(rompath=rompath, peer=peer, menu=menu_script)
        self.parsers = {a: MacroParser(c, arena=True) for a, c in zip(PLAYERS, self.characters, strict=True)}
        self.possible_agents = list(PLAYERS)
        self.agents: list[str] = []
        obs_space = spaces.Dict(
            {
                "observation": spaces.Box(-32768, 65535, shape=(len(ram.ADDRESSES),), dtype=np.int32),
                "text": TextSpace(max_length=8192),
            }
        )
        self._observation_spaces = {a: obs_space for a in PLAYERS}
        self._action_spaces = {a: TextSpace(max_length=65_536) for a in PLAYERS}
        self.queues: dict[str, deque[int]] = {a: deque() for a in PLAYERS}
        self._feedback: dict[str, tuple[bool, str, list[int]]] = {}
        self._frames: list[np.ndarray] = []
        self._matches = 0
        self.steps = 0
        self.winner: str | None = None

    def observation_space(self, agent: str) -> spaces.Dict:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> TextSpace:
        return self._action_spaces[agent]

    # ------------------------------------------------------------------ Parallel API
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[dict, dict]:
        self.session.start()
        if self.boot == "menu":
            self.session.play_menu(list(self.characters), self.difficulty, self.super_art)
        self.agents = list(self.possible_agents)
        self.queues = {a: deque() for a in PLAYERS}
        self._feedback = {a: (True, "", []) for a in PLAYERS}
        self.steps, self.winner = 0, None
        self._frames = []
        self._matches += 1
        self._record(force=True)
        return self._observations(), self._infos()

    def step(self, actions: dict[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        if not self.agents:
            raise RuntimeError("step() after the match ended: call reset()")
        for agent in self.agents:
            if not self.queues[agent]:
                self._decide(agent, actions.get(agent))
            else:
                self._feedback[agent] = (True, "still executing the previous decision", [])
        tracker = self.session.tracker
        executed = {a: [] for a in PLAYERS}
        while True:  # one queued input of each player per low-level step, until a queue runs dry
            mask = 0
            for player, agent in enumerate(PLAYERS, start=1):
                native = self.queues[agent].popleft() if self.queues[agent] else 0
                executed[agent].append(native)
                mask |= ram.player_mask(NATIVE_ACTIONS[native], player)
            self.session.run(mask, self.frames_per_action)
            self.steps += 1
            self._record()
            if self._result() is not None or self.steps >= self.max_steps or not all(self.queues.values()):
                break
        if self.skip_between_rounds and not tracker.values.get("fighting") and self._result() is None:
            self.session.wait_for_fight(3600)
        for agent in PLAYERS:
            valid, feedback, _ = self._feedback[agent]
            self._feedback[agent] = (valid, feedback, executed[agent])
        result = self._result()
        over = result is not None
        truncated = not over and self.steps >= self.max_steps
        rewards = dict.fromkeys(self.agents, 0.0)
        if over and result != "draw":
            self.winner = result
            rewards = {a: (1.0 if a == result else -1.0) for a in self.agents}
        observations, infos = self._observations(), self._infos()
        terminations = dict.fromkeys(self.agents, over)
        truncations = dict.fromkeys(self.agents, truncated)
        if over or truncated:
            self._write_replay()
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def render(self) -> np.ndarray | None:
        return self.session.frame() if self.render_mode == "rgb_array" else None

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------------ internals
    def _decide(self, agent: str, text: Any) -> None:
        player = PLAYERS.index(agent) + 1
        parsed = self.parsers[agent].parse(text, self.session.tracker.state(player, versus=True))
        self.queues[agent].extend(int(a) for a in parsed.actions)
        self._feedback[agent] = (parsed.valid, parsed.feedback, [])

    def _result(self) -> str | None:
        """The winning agent, "draw", or None while the match goes on."""
        rounds = self.session.tracker.rounds
        won = [rounds.count("p1") >= self.rounds_to_win, rounds.count("p2") >= self.rounds_to_win]
        if all(won):
            return "draw"
        if any(won):
            return PLAYERS[won.index(True)]
        return None

    def _observations(self) -> dict[str, dict[str, Any]]:
        values = self.session.tracker.values
        vector = np.array([values.get(a.name, 0) for a in ram.ADDRESSES], dtype=np.int32)
        return {a: {"observation": vector.copy(), "text": self._text(a)} for a in self.agents}

    def _text(self, agent: str) -> str:
        player = PLAYERS.index(agent) + 1
        rounds = self.session.tracker.rounds
        header = (
            f"You are Player {player}. Your goal is to defeat your opponent (Player {3 - player}).\n"
            f"Round wins: P1:P2 = {rounds.count('p1')}:{rounds.count('p2')} (first to {self.rounds_to_win} wins)."
        )
        return f"{header}\n{self.session.tracker.state(player, versus=True).to_text()}"

    def _infos(self) -> dict[str, dict[str, Any]]:
        infos = {}
        for agent in self.agents:
            player = PLAYERS.index(agent) + 1
            valid, feedback, executed = self._feedback[agent]
            state = self.session.tracker.state(player, versus=True)
            infos[agent] = {
                "awaiting_action": not self.queues[agent],
                "action_valid": valid,
                "action_feedback": feedback,
                "native_actions": executed,
                "state": state.to_dict(),
                "prompt_context": prompt_context(self.parsers[agent].names, "Defeat the other player.").to_dict(),
                "rounds": list(self.session.tracker.rounds),
            }
        return infos

    def _record(self, force: bool = False) -> None:
        if self.replay_dir is not None and (force or self.steps % self.replay_every == 0):
            self._frames.append(self.session.frame().copy())

    def _write_replay(self) -> None:
        if self.replay_dir is None or not self._frames:
            return
        from PIL import Image

        self.replay_dir.mkdir(parents=True, exist_ok=True)
        images = [Image.fromarray(f) for f in self._frames]
        path = self.replay_dir / f"match-{self._matches:04d}.gif"
        duration = int(1000 * self.replay_every * self.frames_per_action / 60)
        images[0].save(path, save_all=True, append_images=images[1:], duration=duration, loop=0)
        self._frames = []


def versus_env(**kwargs: Any) -> StreetFighterVersusEnv:
    """The arena's entry point (``orak-gym arena --env street-fighter``)."""
    return StreetFighterVersusEnv(**kwargs)
