"""orak/Minecraft-v0 against the real embedded flying-squid server (started on loopback by the tests).

Covers every primitive, bot-vs-server inventory equality after every action, 2x2 and 3x3 crafting
through mineflayer's own ``bot.craft``, smelting, chests, mobs, sandbox escapes, determinism and
process clean-up. Needs Node.js and ``npm ci --prefix orak_gym/games/minecraft/js``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import gymnasium as gym
import numpy as np
import pytest

from orak_gym.eval import RunConfig, read_episodes, run_eval
from orak_gym.eval.leaderboard import build_leaderboard
from orak_gym.games.minecraft.driver import node_problem

_PROBLEM = node_problem()
if _PROBLEM and not os.environ.get("CI"):
    pytest.skip(f"Minecraft backend not installed: {_PROBLEM}", allow_module_level=True)

from orak_gym.games.minecraft.env import MinecraftEnv  # noqa: E402

FREE_SPOT = """
function placed(bot, names) {
  return names.map((n) => bot.findBlock({matching: mcData.blocksByName[n].id, maxDistance: 8}))
    .filter(Boolean).map((b) => b.position);
}
function freeSpot(bot, avoid = []) {
  const p = bot.entity.position.floored();
  const air = (v) => bot.blockAt(v) && bot.blockAt(v).name === 'air';
  for (let r = 2; r < 6; r++) for (let dx = -r; dx <= r; dx++) for (const dz of [-r, r]) for (const dy of [0, 1, -1]) {
    const v = p.offset(dx, dy, dz);
    if (avoid.some((a) => a.distanceTo(v) < 2)) continue;
    const below = bot.blockAt(v.offset(0, -1, 0));
    if (air(v) && air(v.offset(0, 1, 0)) && below && below.boundingBox === 'block' && below.name !== 'oak_leaves') {
      return v;
    }
  }
  throw new Error('no free spot');
}
"""


def _prog(body: str) -> str:
    return f"{FREE_SPOT}\nasync function main(bot) {{\n{textwrap.indent(textwrap.dedent(body), '  ')}\n}}"


def _same_inventory(env: MinecraftEnv) -> None:
    """mineflayer's view of the inventory equals the server's, slot by slot, and nothing is on the cursor."""
    server = env.server_inventory()
    bot = env.bot_inventory()
    assert server["cursor"] is None
    assert [(s["slot"], s["name"], s["count"]) for s in bot["slots"]] == [
        (s["slot"], s["name"], s["count"]) for s in server["slots"]
    ]


def _run(env: MinecraftEnv, body: str) -> dict:
    _, _, _, _, info = env.step(_prog(body))
    _same_inventory(env)
    return info["state"]


@pytest.fixture(scope="module")
def env() -> Iterator[MinecraftEnv]:
    e = MinecraftEnv(task="crafting_table", step_timeout=60.0, cook_ticks=40)
    e.reset(seed=11)
    yield e
    e.close()


def test_mine_craft_2x2_and_3x3_place(env: MinecraftEnv) -> None:
    st = _run(env, "return await mineBlock(bot, 'oak_log', 2);")
    assert st["errors"] == [] and st["inventory"].get("oak_log") == 2, (st["inventory"], st["chat"], st["output"])
    st = _run(env, "await craftItem(bot, 'oak_planks', 2);")  # 2x2, shapeless, in the inventory grid
    assert st["inventory"] == {"oak_planks": 8}
    st = _run(env, "await craftItem(bot, 'crafting_table', 1); await craftItem(bot, 'stick', 1);")
    assert st["inventory"] == {"oak_planks": 2, "crafting_table": 1, "stick": 4}
    assert st["success"]  # the crafting_table task is done while the table is in the inventory
    st = _run(env, "await placeItem(bot, 'crafting_table', freeSpot(bot));")
    assert st["errors"] == [], st["errors"]
    assert "crafting_table" in st["nearby_blocks"] and "crafting_table" not in st["inventory"]
    env.give("oak_planks", 1)
    st = _run(env, "await craftItem(bot, 'wooden_pickaxe', 1);")  # 3x3 through the placed table's window
    assert st["inventory"] == {"stick": 2, "wooden_pickaxe": 1}


def test_tool_gated_drops_and_clear_errors(env: MinecraftEnv) -> None:
    st = _run(env, "bot.chat('hello from the sandbox'); await mineBlock(bot, 'iron_ore', 1);")
    assert any("stone_pickaxe" in e for e in st["errors"]), st["errors"]  # wooden pickaxe cannot mine iron
    assert any("hello from the sandbox" in c for c in st["chat"])
    # a 2x2 recipe (no table needed, wherever mining took the bot) without its four planks
    st = _run(env, "await craftItem(bot, 'crafting_table', 1);")
    assert any("not enough materials" in e for e in st["errors"]), st["errors"]
    st = _run(env, "await mineBlock(bot, 'not_a_block', 1);")
    assert any("no block named not_a_block" in e for e in st["errors"])


def test_furnace_smelting_and_chest(env: MinecraftEnv) -> None:
    env.give("cobblestone", 8)
    env.give("raw_iron", 2)
    env.give("coal", 1)
    env.give("chest", 1)
    env.give("dirt", 5)
    env.give("crafting_table", 1)  # placed only if none is near: the module's env may be a fresh world
    st = _run(
        env,
        "if (!placed(bot, ['crafting_table']).length) await placeItem(bot, 'crafting_table', freeSpot(bot));"
        " await craftItem(bot, 'furnace', 1);",
    )
    assert st["inventory"].get("furnace") == 1 and "cobblestone" not in st["inventory"], st["errors"]
    st = _run(env, "await placeItem(bot, 'furnace', freeSpot(bot, placed(bot, ['crafting_table'])));")
    assert st["errors"] == [], st["errors"]
    st = _run(env, "return await smeltItem(bot, 'raw_iron', 'coal', 2);")
    assert st["errors"] == [], st["errors"]
    assert st["inventory"].get("iron_ingot") == 2 and "raw_iron" not in st["inventory"]
    st = _run(
        env,
        """
        const p = await placeItem(bot, 'chest', freeSpot(bot, placed(bot, ['crafting_table', 'furnace'])));
        await depositItemIntoChest(bot, p, {dirt: 5});
        const inside = await checkItemInsideChest(bot, p);
        console.log(JSON.stringify(inside));
        await getItemFromChest(bot, p, {dirt: 3});
        """,
    )
    assert st["errors"] == [], st["errors"]
    assert st["inventory"].get("dirt") == 3
    assert '{"dirt":5}' in st["output"]
    assert list(st["chests"].values()) == [{"dirt": 2}]


def test_kill_mob_and_explore(env: MinecraftEnv) -> None:
    # the herd spawns by the start, but earlier tests walk the bot around and mobs wander: a cow of its own
    env.driver.call("spawnAnimal", timeout=30.0, name="cow", dx=6, dz=0)  # type: ignore[union-attr]
    st = _run(env, "await bot.waitForTicks(10); await killMob(bot, 'cow', 60);")
    assert st["errors"] == [], st["errors"]
    assert st["inventory"].get("leather", 0) >= 1 and st["inventory"].get("beef", 0) >= 1
    st = _run(
        env,
        """
        const start = bot.entity.position.clone();
        const far = () => (bot.entity.position.distanceTo(start) > 5 ? 'far' : null);
        const r = await exploreUntil(bot, new Vec3(1, 0, 0), 20, far);
        console.log('explore:' + r);
        """,
    )
    assert st["errors"] == [] and "explore:far" in st["output"], (st["errors"], st["output"])


ESCAPES = [
    ("require('fs').readFileSync('/etc/passwd')", "require is not defined"),
    ("process.exit(1)", "process is not defined"),
    ("this.constructor.constructor('return process')().exit(1)", ""),
    ("bot.constructor.constructor('return process')().exit(1)", ""),
    ("Object.getPrototypeOf(bot).constructor.constructor('return process')().exit(1)", ""),
    ("bot.inventory.items.constructor('return process')().exit(1)", ""),
    ("setTimeout(() => {}, 10)", "setTimeout is not defined"),
    ("eval('1 + 1')", ""),
    ("bot._client.socket.connect(80, 'example.org')", ""),
    ("bot.quit()", "bot.quit is not a function"),
]


@pytest.mark.parametrize(("code", "message"), ESCAPES)
def test_sandbox_escapes_are_blocked(env: MinecraftEnv, code: str, message: str) -> None:
    _, _, _, _, info = env.step(_prog(code))
    errors = info["state"]["errors"]
    assert len(errors) == 1 and errors[0], f"{code!r} ran without an error"
    assert message in errors[0]
    assert env.driver is not None and env.driver.alive
    _, _, _, _, info = env.step(_prog("console.log('still alive', bot.health);"))
    assert info["state"]["output"] == ["still alive 20"]


def test_syntax_errors_and_timeouts_are_reported() -> None:
    e = MinecraftEnv(task="crafting_table", step_timeout=2.0)
    try:
        e.reset(seed=5)
        pid = e.driver.pid  # type: ignore[union-attr]
        _, _, _, _, info = e.step("async function broken(bot) { await mineBlock(bot, 'oak_log' ")
        assert info["state"]["errors"][0].startswith("SyntaxError")
        loops = (
            "while (true) {}",
            "await bot.waitForTicks(1); while (true) {}",
            "for (;;) { try { while (true) {} } catch (e) {} }",
        )
        for body in loops:
            t = time.monotonic()
            _, _, _, _, info = e.step(_prog(body))
            assert info["state"]["errors"][0].startswith("Timeout"), (body, info["state"]["errors"])
            assert time.monotonic() - t < 15
        _, _, _, _, info = e.step(_prog("await bot.waitForTicks(200);"))  # 10 s > the 2 s limit
        assert info["state"]["errors"][0].startswith("Timeout")
        _, _, _, _, info = e.step(_prog("console.log('ok', bot.entity.position.y > 0);"))
        assert info["state"]["errors"] == [] and info["state"]["output"] == ["ok true"]
        assert e.driver is not None and e.driver.pid == pid  # stopped in place: no restart was needed
    finally:
        e.close()


def test_op_commands_are_refused(env: MinecraftEnv) -> None:
    """The agent is not an operator: items must be earned, not /give-n."""
    before = env.state.inventory.get("diamond", 0)
    _, _, _, _, info = env.step(_prog("bot.chat('/give @s diamond 5'); await bot.waitForTicks(10);"))
    assert info["state"]["inventory"].get("diamond", 0) == before
    assert info["state"]["chat"], "the server should answer the refused command"


def test_skills_are_callable_in_the_sandbox(env: MinecraftEnv) -> None:
    env.set_skills(
        {
            "countItem": "async function countItem(bot, name) {"
            " return bot.inventory.items().filter(i => i.name === name).reduce((a, i) => a + i.count, 0); }",
            "broken": "async function broken(bot) {",
        }
    )
    try:
        _, _, _, _, info = env.step(_prog("console.log('sticks=' + await countItem(bot, 'stick'));"))
        assert info["state"]["output"] == [f"sticks={info['state']['inventory'].get('stick', 0)}"]
        assert "broken" in info["prompt_context"]["extras"]["skill_errors"]
        assert "countItem" in info["prompt_context"]["extras"]["skill_names"]
    finally:
        env.set_skills({})


def _descendants(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = (int(x) for x in line.split())
        children.setdefault(pp, []).append(p)
    seen: set[int] = set()
    stack = [pid]
    while stack:
        for c in children.get(stack.pop(), []):
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _wait_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if _alive(p)}
        if not left:
            return left
        time.sleep(0.2)
    return {p for p in pids if _alive(p)}


def test_same_seed_same_world_and_close_leaves_no_process() -> None:
    e = MinecraftEnv(task="stone_pickaxe")
    try:
        e.reset(seed=21)
        first = (e.state.top_down["names"], e.state.top_down["grid"], e.state.position)
        pids = {e.driver.pid} | _descendants(e.driver.pid)  # type: ignore[union-attr]
        assert len(pids) >= 2  # the driver and the server it forked
        e.reset(seed=21)
        assert e.driver.pid in pids  # type: ignore[union-attr]  # untouched world with the same seed: kept
        e.step(_prog("await mineBlock(bot, 'oak_log', 1);"))
        e.reset(seed=21)
        assert _wait_gone(pids) == set()  # a played world is replaced by a fresh server
        assert (e.state.top_down["names"], e.state.top_down["grid"], e.state.position) == first
        e.reset(seed=22)
        assert (e.state.top_down["names"], e.state.top_down["grid"]) != first[:2]
        pids = {e.driver.pid} | _descendants(e.driver.pid)  # type: ignore[union-attr]
    finally:
        e.close()
    assert _wait_gone(pids) == set()


def test_a_crashed_python_process_leaves_no_node_behind(tmp_path) -> None:
    script = textwrap.dedent(
        """
        import os, signal, subprocess
        from orak_gym.games.minecraft.env import MinecraftEnv
        e = MinecraftEnv(task="crafting_table")
        e.reset(seed=3)
        out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
        server = [int(p) for p, pp in (line.split() for line in out.splitlines()) if int(pp) == e.driver.pid]
        print(e.driver.pid, *server, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9
    pids = {int(p) for p in proc.stdout.split()}
    assert len(pids) == 3  # the driver, its server and the program runner were running when Python died
    assert _wait_gone(pids) == set()


def test_gym_make_text_and_image_modalities() -> None:
    import orak_gym  # noqa: F401  (registers the ids)

    env = gym.make("orak/Minecraft-StonePickaxe-v0", modality="text_image")
    try:
        obs, info = env.reset(seed=4)
        assert "Task: Craft 1 stone_pickaxe" in obs["text"]
        assert obs["image"].shape == env.unwrapped.frame_shape and obs["image"].dtype == np.uint8
        assert "mineBlock(bot, name, count = 1)" in info["prompt_context"]["extras"]["base_skills"]
        obs, reward, terminated, _, info = env.step("no code here")
        assert not info["action_valid"] and reward == 0.0 and not terminated
        limit = env
        while not isinstance(limit, gym.wrappers.TimeLimit):
            limit = limit.env
        assert limit._max_episode_steps == 100  # Orak's decision budget in the text modalities
    finally:
        env.close()
    with pytest.raises(ValueError, match="host:port"):
        MinecraftEnv(server="nonsense")


def test_program_forms(env: MinecraftEnv) -> None:
    """Declarations only: the last function is the entry point (helpers and consts allowed).
    Any top-level statement: the program runs as a script (top-level await allowed)."""
    program = (
        "const N = 2;\nfunction helper() { return N * 21; }\nasync function main(bot) { console.log('v=' + helper()); }"
    )
    _, _, _, _, info = env.step(program)
    assert info["state"]["errors"] == [] and info["state"]["output"] == ["v=42"]
    assert info["verified"] is True  # the embedded server decides success
    _, _, _, _, info = env.step("console.log('script'); await bot.waitForTicks(1); console.log('done');")
    assert info["state"]["errors"] == [] and info["state"]["output"] == ["script", "done"]


def test_skills_are_replaced_between_programs(env: MinecraftEnv) -> None:
    env.set_skills({"hello": "async function hello(bot) { return 'v1'; }", "mineBlock": "function mineBlock() {}"})
    try:
        _, _, _, _, info = env.step(_prog("console.log(await hello(bot));"))
        assert info["state"]["output"] == ["v1"]
        assert "mineBlock" in info["prompt_context"]["extras"]["skill_errors"]  # primitives cannot be shadowed
        env.set_skills({})
        _, _, _, _, info = env.step(_prog("console.log(typeof hello);"))
        assert info["state"]["output"] == ["undefined"]
    finally:
        env.set_skills({})


def test_external_server_mode(tmp_path) -> None:
    """``server="host:port"``: the bot joins a server it did not start (here our server.js, standalone)."""
    import socket

    from orak_gym.games.minecraft.driver import JS_DIR

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["node", str(JS_DIR / "server.js"), f'{{"port": {port}, "seed": 9}}'],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        assert '"ready"' in server.stderr.readline()  # standalone mode reports readiness on stderr
        env = MinecraftEnv(task="crafting_table", server=f"127.0.0.1:{port}")
        try:
            env.reset(seed=0)
            _, _, _, _, info = env.step(_prog("await mineBlock(bot, 'oak_log', 1); console.log('ok');"))
            assert info["state"]["errors"] == [] and info["state"]["output"] == ["ok"]
            assert info["state"]["inventory"] == {"oak_log": 1}
            with pytest.raises(Exception, match="no embedded server"):
                env.server_inventory()
            # the bot's own view is all there is: a program fakes the item, so the episode is unverified
            table = "{ type: mcData.itemsByName.crafting_table.id, count: 1, name: 'crafting_table' }"
            fake = f"bot.inventory.updateSlot(36, {table});"
            _, _, _, _, info = env.step(_prog(fake))
            assert "crafting_table" in info["state"]["inventory"] and info["verified"] is False
        finally:
            env.close()
        # run files and the leaderboard say so, and keep such rows apart
        env_id = "orak/Minecraft-v0"
        kwargs = {env_id: {"server": f"127.0.0.1:{port}", "task": "crafting_table", "step_timeout": 10}}
        run_eval(tmp_path / "run", RunConfig(envs=[env_id], seeds=[0], agent="random", max_steps=1, env_kwargs=kwargs))
        assert [r.verified for r in read_episodes(tmp_path / "run")] == [False]
        assert [label.endswith("[unverified]") for label in build_leaderboard([tmp_path / "run"]).rows] == [True]
        assert server.poll() is None  # closing the env leaves the user's server running
    finally:
        server.kill()
        server.wait(timeout=10)


FURNACE_OUTPUT = """
const f = await bot.openFurnace(bot.findBlock({ matching: mcData.blocksByName.furnace.id, maxDistance: 6 }));
%s
console.log(JSON.stringify(f.outputItem() && f.outputItem().count)); f.close(); await bot.waitForTicks(2);"""


def test_a_furnace_output_pays_out_once(env: MinecraftEnv) -> None:
    """A shift-click on a furnace's output with room for one ingot moves one and leaves the rest in the
    furnace, never copies it (runs last: it fills the inventory)."""
    env.give("furnace", 1)
    env.give("raw_iron", 3)
    env.give("coal", 1)
    smelt = (
        "await placeItem(bot, 'furnace', freeSpot(bot));"
        + FURNACE_OUTPUT
        % """await f.putFuel(mcData.itemsByName.coal.id, null, 1);
await f.putInput(mcData.itemsByName.raw_iron.id, null, 3);
for (let i = 0; i < 200 && !(f.outputItem() && f.outputItem().count === 3); i++) await bot.waitForTicks(5);"""
    )
    st = _run(env, smelt)
    assert st["errors"] == [] and st["output"] == ["3"], st
    ingots = env.server_inventory()
    have = sum(s["count"] for s in ingots["slots"] if s["name"] == "iron_ingot")
    assert have <= 63
    env.give("iron_ingot", 63 - have)  # one stack with room for one more
    assert env.driver.call("give", name="cobblestone", count=64 * 40)["left"] > 0  # type: ignore[union-attr]
    shift = "for (let i = 0; i < 5; i++) { await bot.clickWindow(2, 0, 1); await bot.waitForTicks(2); }"
    _, _, _, _, info = env.step(_prog(FURNACE_OUTPUT % shift))
    st = info["state"]
    assert st["errors"] == [] and st["output"] == ["2"], st  # two ingots stay in the furnace
    assert st["inventory"]["iron_ingot"] == 64, st["inventory"]  # one moved: 63 + 1
