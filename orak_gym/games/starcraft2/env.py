"""``orak/StarCraft2-v0``: Orak's StarCraft II, Protoss against the built-in AI, on burnysc2.

One native step is one bot step: the bot carries out one of the 72 macro actions (``Discrete(72)``, id
71 = EMPTY ACTION), its standing orders run, and the game advances ``game_step`` loops.  In the text
modalities one decision is Orak's: five actions interleaved with EMPTY ACTION over ten bot steps.  The game
waits for the env between steps (lockstep), and ``reset(seed=n)`` seeds the client's game.

Score (Orak): wins / matches x 100, so one game scores 100 for a victory and 0 otherwise; ``info``
carries ``result`` ("Victory"/"Defeat"/"Tie" at the end) and ``replay_path``.  Actions that could not
be carried out (missing tech, not affordable, no idle producer) are in ``info["action_failures"]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core.env import OrakEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.texts import game_text
from orak_gym.games.starcraft2.actions import NUM_ACTIONS, QUERY_INTERVAL, StarCraft2Parser, action_dict, table
from orak_gym.games.starcraft2.install import find_install
from orak_gym.games.starcraft2.render import FRAME_SHAPE, draw_state
from orak_gym.games.starcraft2.state import FEATURE_HIGH, N_FEATURES, StarCraft2State

#: Orak's opponent settings by name (Orak's config: Zerg, difficulty index 4 = Hard, build 2 = Timing).
RACES = ("zerg", "terran", "protoss", "random")
DIFFICULTIES = ("veryeasy", "easy", "medium", "mediumhard", "hard", "harder", "veryhard", "cheatvision",
                "cheatmoney", "cheatinsane")  # fmt: skip
BUILDS = ("randombuild", "rush", "timing", "power", "macro", "air")


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    key = str(value).lower().replace("_", "").replace(" ", "").replace("-", "")
    if key == "random" and what == "build":
        key = "randombuild"
    if key not in allowed:
        raise ValueError(f"{what}={value!r} is not one of {', '.join(allowed)}")
    return key


def game_score(result: str | None) -> float:
    """Orak's score of one game: wins / matches x 100."""
    return 100.0 if result == "Victory" else 0.0


class StarCraft2Env(OrakEnv[np.ndarray, int, StarCraft2State]):
    """Protoss against the built-in AI (see the module docstring).

    Options: ``map`` (a map name in the install's ``Maps``; default the first of ``install.DEFAULT_MAPS``
    found), ``race``/``difficulty``/``build`` of the built-in AI (Orak: zerg, hard, timing),
    ``sc2_version`` (a label like "4.10" or a build number; default the newest installed), ``game_step``
    (game loops per bot step; default burnysc2's), ``replay_dir`` (where each game's replay is kept;
    none kept without one), ``game_time_limit`` (game seconds, then a tie), ``disable_fog``.
    """

    frame_shape = FRAME_SHAPE

    def __init__(
        self,
        render_mode: str | None = None,
        map: str | None = None,
        race: str = "zerg",
        difficulty: str = "hard",
        build: str = "timing",
        sc2_version: str | int | None = None,
        game_step: int | None = None,
        replay_dir: str | None = None,
        game_time_limit: float | None = None,
        disable_fog: bool = False,
        launch_timeout: float = 120.0,
        step_timeout: float = 300.0,
    ) -> None:
        super().__init__(render_mode=render_mode)
        self.race = _choice(race, RACES, "race")
        self.difficulty = _choice(difficulty, DIFFICULTIES, "difficulty")
        self.build = _choice(build, BUILDS, "build")
        if game_step is not None and not 1 <= int(game_step) <= 1000:
            raise ValueError(f"game_step must be between 1 and 1000 game loops, got {game_step!r}")
        self.map_name = map
        self.sc2_version = sc2_version
        self.game_step = None if game_step is None else int(game_step)
        self.replay_dir = replay_dir
        self.game_time_limit = game_time_limit
        self.disable_fog = bool(disable_fog)
        self.launch_timeout = float(launch_timeout)
        self.step_timeout = float(step_timeout)
        self.action_parser = StarCraft2Parser(NUM_ACTIONS, QUERY_INTERVAL)
        self.observation_space = spaces.Box(0.0, FEATURE_HIGH, shape=(N_FEATURES,), dtype=np.float32)
        self.action_space = spaces.Discrete(len(table()))
        self._runner: Any = None
        self._games = 0

    # ------------------------------------------------------------------ pickling: settings only
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_runner"], state["_state"] = None, None  # a copy starts its own client at its first reset
        state.pop("_bot", None)
        return state

    # ------------------------------------------------------------------ hooks
    def _opponent(self) -> Any:
        from sc2.data import AIBuild, Difficulty, Race

        from orak_gym.games.starcraft2.backend import Opponent

        return Opponent(
            Race[self.race.title()],
            Difficulty(DIFFICULTIES.index(self.difficulty) + 1),
            AIBuild(BUILDS.index(self.build) + 1),
        )

    def _replay_path(self) -> str | None:
        """Where this game's replay goes: ``replay_dir/game_NNNN.SC2Replay``, or nowhere without a ``replay_dir``."""
        self._games += 1
        if not self.replay_dir:
            return None
        return str(Path(self.replay_dir) / f"game_{self._games:04d}.SC2Replay")

    def _start(self, seed: int | None, options: dict[str, Any] | None) -> StarCraft2State:
        from orak_gym.games.starcraft2.backend import GameRunner
        from orak_gym.games.starcraft2.bot import Link, LockstepBot

        install = find_install(self.sc2_version)
        map_path = install.find_map((options or {}).get("map") or self.map_name)
        game_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        if self._runner is None:
            self._runner = GameRunner(install, 1, self.launch_timeout, self.step_timeout)
        self._bot = LockstepBot(Link(), self._replay_path(), self.game_step)
        (offer,) = self._runner.start(
            map_path, game_seed, self._opponent(), [self._bot], self.disable_fog, self.game_time_limit
        )
        return self._state_of(offer)

    def _act(self, action: int) -> tuple[StarCraft2State, float, bool, bool]:
        action = int(action)
        if not 0 <= action < len(table()):
            raise ValueError(f"action {action} is not one of the {len(table())} macro actions (0-{len(table()) - 1})")
        if self.state.result is not None:  # the game is over: nothing moves
            return self.state, 0.0, True, False
        (offer,) = self._runner.exchange([action])
        state = self._state_of(offer)
        reward = 0.0
        if state.result is not None:
            reward = 1.0 if state.result == "Victory" else -1.0 if state.result == "Defeat" else 0.0
        return state, reward, state.result is not None, False

    def _state_of(self, offer: Any) -> StarCraft2State:
        result = offer.result.name if offer.result is not None else None
        return StarCraft2State(
            offer.snapshot,
            result,
            offer.replay_path,
            list(offer.snapshot.get("executed", ())),
            "Protoss",
            self.race.title(),
        )

    def observe(self, state: StarCraft2State) -> np.ndarray:
        return state.features()

    def score(self, state: StarCraft2State) -> float:
        return game_score(state.result)

    def raw_score(self, state: StarCraft2State) -> float:
        return 1.0 if state.result == "Victory" else 0.0

    def info_extras(self, state: StarCraft2State) -> dict[str, Any]:
        extras: dict[str, Any] = {
            "result": state.result,
            "replay_path": state.replay_path,
            "actions_executed": [o["action"] for o in state.executed],
            "action_failures": [o["feedback"] for o in state.executed if not o["done"]],
        }
        if state.executed:  # the native step's own verdict (the text wrapper puts the text's in its place)
            last = state.executed[-1]
            extras["action_valid"], extras["action_feedback"] = bool(last["done"]), str(last["feedback"])
        return extras

    def prompt_context(self) -> PromptContext:
        enemy = self.race.title()
        return PromptContext(
            title="StarCraft II",
            task=(
                f"Play a full game of StarCraft II as Protoss against the built-in {enemy} AI "
                f"({self.difficulty}, {self.build} build) and win: destroy every enemy structure."
            ),
            rules=game_text(__package__, "rules.md").strip(),
            valid_actions=list(action_dict()),
            action_format=(
                f"Under '### Actions', {NUM_ACTIONS} numbered lines, one action name of the action dictionary each: "
                "'1: <BUILD PYLON>', '2: <TRAIN PROBE>', ..."
            ),
            default_action=self.action_parser.default_action_text,
            extras={
                "player_race": "Protoss",
                "enemy_race": enemy,
                "num_actions": NUM_ACTIONS,
                "action_dict": action_dict(),
                "action_executed": [o["action"] for o in self.state.executed] if self._state is not None else [],
            },
        )

    def render_frame(self, state: StarCraft2State) -> np.ndarray:
        return draw_state(state)

    def _close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None
