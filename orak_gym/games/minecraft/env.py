"""``orak/Minecraft-v0``: Orak's Minecraft item tasks on an embedded flying-squid server.

Each ``reset(seed)`` starts a fresh embedded server (a new node process tree) whose world is
generated from that seed, on a free loopback port, and connects a mineflayer bot to it; the previous
one is stopped first, so no state leaks between episodes. The one exception: when no program has run
since the last reset and the seed is the same, the untouched world is kept (it is identical).
``server="host:port"`` connects the bot to a user's own (offline-mode) vanilla or Paper server instead.
Every decision is one JavaScript program run in the sandbox (``js/lib/sandbox.js``); the observation
is Voyager's status text.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from orak_gym.core.env import OrakEnv
from orak_gym.core.errors import BackendError
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.spaces import TextSpace
from orak_gym.core.texts import game_text
from orak_gym.games.minecraft.actions import MinecraftParser
from orak_gym.games.minecraft.driver import NodeDriver
from orak_gym.games.minecraft.render import FRAME_SHAPE, RADIUS, draw_top_down
from orak_gym.games.minecraft.state import MinecraftState
from orak_gym.games.minecraft.tasks import Task, get_task

MAX_DECISIONS = 100  # Orak's runner.max_steps per task


def primitives_doc() -> str:
    """The sandbox's primitives (``primitives.md``), read once per process."""
    return game_text("orak_gym.games.minecraft", "primitives.md")


class MinecraftEnv(OrakEnv[str, str, MinecraftState]):
    """One Orak Minecraft task.

    Args:
        task: one of the eight Orak tasks (``crafting_table`` ... ``nether_portal``).
        server: ``"host:port"`` of an offline-mode server to use instead of the embedded one.
        step_timeout: wall-clock limit of one program, in seconds.
        cook_ticks: furnace cook time per item in server ticks (vanilla 200 = 10 s).
        skills: named JavaScript functions (source) defined in the sandbox before every program;
            see :meth:`set_skills`.
        log_path: file that collects the node processes' stderr (for debugging).

    The native action is the program source; the native observation is the status text.
    Reward is 1 on the decision that completes the task, which also ends the episode.
    """

    frame_shape = FRAME_SHAPE

    def __init__(
        self,
        render_mode: str | None = None,
        task: str = "stone_pickaxe",
        server: str | None = None,
        step_timeout: float = 120.0,
        cook_ticks: int = 200,
        skills: dict[str, str] | None = None,
        version: str = "1.20.4",
        username: str = "agent",
        log_path: str | None = None,
    ) -> None:
        super().__init__(render_mode=render_mode)
        self.task: Task = get_task(task)
        if step_timeout <= 0:
            raise ValueError("step_timeout must be positive")
        self.server = _parse_server(server) if server else None
        self.step_timeout = float(step_timeout)
        self.cook_ticks = int(cook_ticks)
        self.version = version
        self.username = username
        self.log_path = log_path
        self.skills: dict[str, str] = dict(skills or {})
        self.action_parser = MinecraftParser()
        self.observation_space = TextSpace(max_length=262_144)
        self.action_space = TextSpace(max_length=65_536)
        self.driver: NodeDriver | None = None
        self.world_seed = 0
        self.last_skill_errors: dict[str, str] = {}
        self._dirty = True  # True once a program ran: reset() then needs a fresh server

    # ------------------------------------------------------------------ skills
    def set_skills(self, skills: dict[str, str]) -> None:
        """Makes named JS functions (``{name: "async function name(bot) {...}"}``) callable by programs.

        The skill-management agent stores successful programs this way and passes the retrieved
        ones here (or as ``reset(options={"skills": ...})``); they are (re)defined before every
        program, and a skill that fails to compile is reported in ``info["prompt_context"]``.
        """
        if not isinstance(skills, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in skills.items()
        ):
            raise TypeError("skills must be a dict of {name: JavaScript source}")
        self.skills = dict(skills)

    # ------------------------------------------------------------------ hooks
    def _start(self, seed: int | None, options: dict[str, Any] | None) -> MinecraftState:
        if options and "skills" in options:
            self.set_skills(options["skills"])
        if seed is None:
            seed = int(self.np_random.integers(0, 2**31 - 2))
        world_seed = int(seed) % (2**31 - 2) + 1  # flying-squid treats 0 as "random"
        untouched = self.driver is not None and self.driver.alive and not self._dirty
        if not (untouched and world_seed == self.world_seed):  # an untouched world equals a fresh one
            self.world_seed = world_seed
            self._boot()
        self._dirty = False
        self._decisions = 0
        return self._snapshot(code="", errors=[], chat=[], output=[])

    def _boot(self) -> None:
        self._stop()
        self.driver = NodeDriver(self.log_path)
        args: dict[str, Any] = {"seed": self.world_seed, "version": self.version, "username": self.username}
        if self.server:
            args.update(embedded=False, host=self.server[0], port=self.server[1])
        else:
            args.update(embedded=True, cookTicks=self.cook_ticks)
        try:
            self.start_info = self.driver.call("start", timeout=120.0, **args)
        except BackendError:
            self._stop()
            raise

    def _act(self, program: str) -> tuple[MinecraftState, float, bool, bool]:
        was_done = self.state.success
        self._decisions += 1
        errors: list[str] = []
        chat: list[str] = []
        output: list[str] = []
        if not isinstance(program, str):
            errors.append(f"the action must be JavaScript source (str), got {type(program).__name__}")
            program = ""
        elif program.strip():
            self._dirty = True
            try:
                res = self._driver().call(
                    "run",
                    timeout=self.step_timeout + 60.0,
                    code=program,
                    timeoutMs=int(self.step_timeout * 1000),
                    skills=self.skills,
                )
                if not res.get("ok"):
                    errors.append(str(res.get("error")))
                chat = list(res.get("chat", []))
                output = list(res.get("output", []))
                self.last_skill_errors = dict(res.get("skillErrors", {}))
            except BackendError as exc:
                errors.append(f"{exc}. The world was restarted from its seed (inventory lost).")
                self._boot()
        state = self._snapshot(code=program, errors=errors, chat=chat, output=output)
        reward = 1.0 if state.success and not was_done else 0.0
        return state, reward, state.success, False

    def observe(self, state: MinecraftState) -> str:
        return state.to_text()

    def score(self, state: MinecraftState) -> float:
        return 100.0 if state.success else 0.0

    def raw_score(self, state: MinecraftState) -> float:
        return 1.0 if state.success else 0.0

    def prompt_context(self) -> PromptContext:
        """``extras``: ``base_skills`` (the primitives), ``skill_names`` (the JS skills defined in the
        sandbox; not the agent's ``retrieved_skills`` text), ``skill_errors``, limits."""
        return PromptContext(
            title="Minecraft",
            task=self.task.goal,
            rules=primitives_doc(),
            valid_actions="a ```javascript code block under ### Actions with an async function(bot)",
            default_action=self.action_parser.default_action_text,
            extras={
                "final_task": self.task.goal,
                "base_skills": primitives_doc(),
                "skill_names": sorted(self.skills),
                "skill_errors": dict(self.last_skill_errors),
                "step_timeout_s": self.step_timeout,
                "max_decisions": MAX_DECISIONS,
            },
        )

    def render_frame(self, state: MinecraftState) -> np.ndarray:
        return draw_top_down(state.top_down)

    def _close(self) -> None:
        self._stop()

    # ------------------------------------------------------------------ helpers (tests, benchmarks)
    def server_inventory(self) -> dict[str, Any]:
        """The server's view of the bot's inventory (embedded server only): slots, cursor, held slot."""
        return self._driver().call("serverInventory", timeout=30.0)

    def bot_inventory(self) -> dict[str, Any]:
        """mineflayer's view of the same inventory, for consistency checks."""
        return self._driver().call("botInventory", timeout=30.0)

    def give(self, name: str, count: int = 1) -> None:
        """Puts items into the bot's inventory through the server (embedded only; for tests)."""
        self._dirty = True
        self._driver().call("give", timeout=30.0, name=name, count=count)
        self._state = self._snapshot(self.state.last_code, self.state.errors, [], [])

    # ------------------------------------------------------------------ internals
    def _driver(self) -> NodeDriver:
        if self.driver is None or not self.driver.alive:
            raise BackendError("the Minecraft backend is not running; call reset()")
        return self.driver

    def _stop(self) -> None:
        if self.driver is not None:
            self.driver.close()
            self.driver = None

    def _snapshot(self, code: str, errors: list[str], chat: list[str], output: list[str]) -> MinecraftState:
        d = self._driver()
        obs = d.call("observe", timeout=30.0)
        top = d.call("map", timeout=30.0, radius=RADIUS)
        inv: dict[str, int] = obs.get("inventory", {})
        equipment = obs.get("equipment", [])
        if self.task.item:
            success = inv.get(self.task.item, 0) > 0 or self.task.item in equipment
        else:
            success = bool(d.call("findBlocks", timeout=30.0, name=self.task.block, count=1, maxDistance=48))
        return MinecraftState(
            task=self.task.name,
            goal=self.task.goal,
            biome=obs.get("biome", "plains"),
            time=obs.get("time", "day"),
            nearby_blocks=obs.get("nearby_blocks", []),
            nearby_entities=obs.get("nearby_entities", {}),
            health=float(obs.get("health", 20)),
            hunger=float(obs.get("hunger", 20)),
            position=obs.get("position", {}),
            equipment=equipment,
            inventory=inv,
            chests=obs.get("chests", {}),
            last_code=code,
            errors=errors,
            chat=chat,
            output=output,
            success=success,
            decisions=getattr(self, "_decisions", 0),
            top_down=top,
        )


def _parse_server(server: str) -> tuple[str, int]:
    host, sep, port = server.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"server must be 'host:port', got {server!r}")
    return host, int(port)
