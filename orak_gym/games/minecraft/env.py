"""``orak/Minecraft-v0``: Orak's Minecraft item tasks on an embedded flying-squid server.

Each ``reset(seed)`` starts a fresh embedded server (a new node process tree) whose world is
generated from that seed, on a free loopback port, and connects a mineflayer bot to it; the previous
one is stopped first, so no state leaks between episodes. The one exception: when no program has run
since the last reset and the seed is the same, the untouched world is kept (it is identical).
``server="host:port"`` connects the bot to a user's own (offline-mode) vanilla or Paper server instead.
Every decision is one JavaScript program run in the sandbox (``js/lib/sandbox.js``) inside a
confined process (``confine.py``: see docs/games/minecraft.md, "The sandbox", for what holds); the
observation is Voyager's status text. Success, inventory, equipment and health come from the
server's state (embedded server), never from the bot's own view, which a program could fake.
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
from orak_gym.games.minecraft.state import (
    MAX_CODE_ECHO,
    MAX_ERROR,
    MAX_ERRORS,
    MAX_NAME,
    MAX_NAMES,
    MinecraftState,
    clean_json,
    clean_lines,
    clean_text,
)
from orak_gym.games.minecraft.tasks import Task, get_task

MAX_DECISIONS = 100  # Orak's runner.max_steps per task
#: A step returns within ``step_timeout + STEP_MARGIN`` seconds when the program stops by itself or
#: is stopped by the sandbox, and within ``step_timeout + STEP_MARGIN + RESTART_BUDGET`` when the
#: runner had to be killed and restarted (a blocked event loop). The driver enforces both.
STEP_MARGIN = 3.0 + 2.0  # the runner's clean-up after the deadline, and the observation
RESTART_BUDGET = 20.0  # a fresh runner rejoining the same world (measured ~1-2 s)
ISOLATION = ("strict", "best_effort")


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
        isolation: ``"strict"`` (default) refuses to run programs when a layer of the operating-system
            boundary is unavailable (no user namespaces, no Landlock, ...); ``"best_effort"`` runs
            with the layers the kernel offers and logs the ones it skipped.

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
        isolation: str = "strict",
    ) -> None:
        super().__init__(render_mode=render_mode)
        self.task: Task = get_task(task)
        if step_timeout <= 0:
            raise ValueError("step_timeout must be positive")
        if isolation not in ISOLATION:
            raise ValueError(f"isolation must be one of {ISOLATION}, got {isolation!r}")
        self.isolation = isolation
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
        try:
            self.start_info = self.driver.call("start", timeout=120.0, **self._start_args())
        except BackendError:
            self._stop()
            raise

    def _start_args(self) -> dict[str, Any]:
        """The driver's ``start`` request (the tests' hostile runner extends it with ``runner``)."""
        args: dict[str, Any] = {
            "seed": self.world_seed,
            "version": self.version,
            "username": self.username,
            "isolation": self.isolation,
        }
        if self.server:
            args.update(embedded=False, host=self.server[0], port=self.server[1])
        else:
            args.update(embedded=True, cookTicks=self.cook_ticks)
        return args

    def _act(self, program: str) -> tuple[MinecraftState, float, bool, bool]:
        was_done = self.state.success
        self._decisions += 1
        errors: list[str] = []
        chat: list[str] = []
        output: list[str] = []
        if not isinstance(program, str):
            errors.append(f"the action must be JavaScript source (str), got {type(program).__name__}")
            program = ""
        elif len(program) > self.action_space.max_length:
            errors.append(f"the program is {len(program)} characters long; the limit is {self.action_space.max_length}")
        elif program.strip():
            self._dirty = True
            try:
                res = self._driver().call(
                    "run",
                    timeout=self.step_timeout + STEP_MARGIN + RESTART_BUDGET + 10.0,  # the driver bounds it first
                    code=program,
                    timeoutMs=int(self.step_timeout * 1000),
                    skills=self.skills,
                )
                res = res if isinstance(res, dict) else {}
                if not res.get("ok"):
                    errors.append(str(res.get("error")))
                chat = list(res.get("chat") or [])
                output = list(res.get("output") or [])
                skill_errors = res.get("skillErrors")
                self.last_skill_errors = clean_json(skill_errors) if isinstance(skill_errors, dict) else {}
            except BackendError as exc:
                errors.append(f"{exc}. The world was restarted from its seed (inventory lost).")
                self._boot()
        try:
            state = self._snapshot(code=program, errors=errors, chat=chat, output=output)
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

    def info_extras(self, state: MinecraftState) -> dict[str, Any]:
        """``verified``: True on the embedded server, whose own state decides success; False with
        ``server="host:port"``, where success is read from the bot's view, which a program can fake."""
        return {"verified": self.server is None}

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
        obs = clean_json(d.call("observe", timeout=60.0))
        obs = obs if isinstance(obs, dict) else {}
        top = clean_top_down(d.call("map", timeout=60.0, radius=RADIUS))
        inv = {k: v for k, v in (obs.get("inventory") or {}).items() if isinstance(v, int)}
        equipment = [e if isinstance(e, str) else None for e in (obs.get("equipment") or [])][:6]
        if self.task.item:  # embedded: the server's inventory; external server: the bot's view
            success = inv.get(self.task.item, 0) > 0 or self.task.item in equipment
        else:  # embedded: the server's world; external: the bot's
            success = bool(d.call("findBlocks", timeout=30.0, name=self.task.block, count=1, maxDistance=32))
        position = obs.get("position") if isinstance(obs.get("position"), dict) else {}
        return MinecraftState(
            task=self.task.name,
            goal=self.task.goal,
            biome=clean_text(obs.get("biome", "plains"), MAX_NAME),
            time=clean_text(obs.get("time", "day"), MAX_NAME),
            nearby_blocks=clean_lines(obs.get("nearby_blocks"), MAX_NAMES, MAX_NAME),
            nearby_entities={k: float(v) for k, v in (obs.get("nearby_entities") or {}).items() if _num(v)},
            health=float(obs["health"]) if _num(obs.get("health")) else 20.0,
            hunger=float(obs["hunger"]) if _num(obs.get("hunger")) else 20.0,
            position={k: float(position[k]) for k in ("x", "y", "z") if _num(position.get(k))},
            equipment=equipment,
            inventory=inv,
            chests={k: v for k, v in (obs.get("chests") or {}).items() if isinstance(v, dict)},
            last_code=clean_text(code, MAX_CODE_ECHO),
            errors=[clean_text(e, MAX_ERROR) for e in errors[:MAX_ERRORS]],
            chat=clean_lines(chat),
            output=clean_lines(output),
            success=success,
            decisions=getattr(self, "_decisions", 0),
            top_down=top,
        )


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) < 1e9


def clean_top_down(top: Any) -> dict[str, Any]:
    """The runner's top-down map, checked: it feeds the image renderer, which trusts its shape."""
    if not isinstance(top, dict):
        return {}
    radius = top.get("radius")
    grid, heights, names = top.get("grid"), top.get("heights"), top.get("names")
    size = 2 * radius + 1 if isinstance(radius, int) and 0 < radius <= 32 else 0
    ok = (
        size
        and isinstance(names, list)
        and all(isinstance(n, str) for n in names)
        and all(isinstance(g, list) and len(g) == size for g in (grid, heights))
        and all(isinstance(r, list) and len(r) == size and all(isinstance(c, int) for c in r) for r in grid + heights)
        and all(0 <= c < len(names) for r in grid for c in r)
    )
    if not ok:
        return {}
    entities = [e for e in top.get("entities") or [] if isinstance(e, dict)][:MAX_NAMES]
    return {
        "radius": radius,
        "names": [clean_text(n, MAX_NAME) for n in names],
        "grid": grid,
        "heights": heights,
        "entities": [
            {"name": clean_text(e.get("name"), MAX_NAME), "dx": e.get("dx"), "dz": e.get("dz")}
            for e in entities
            if isinstance(e.get("dx"), int) and isinstance(e.get("dz"), int)
        ],
        "yaw": float(top["yaw"]) if _num(top.get("yaw")) else 0.0,
    }


def _parse_server(server: str) -> tuple[str, int]:
    host, sep, port = server.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"server must be 'host:port', got {server!r}")
    return host, int(port)
