"""The Minecraft sandbox, attacked the way a hostile model would (issue #10's reproductions).

Two parts. The operating-system boundary itself: host-level code (plain Node with every module,
as a program that escaped the JavaScript sandbox would run) started inside the runner's confinement
by the same command line the driver uses, must fail to write, spawn or connect. Then the JavaScript
layer and the env: each reproduction from the red-team pass runs through ``env.step`` on a real
embedded server and must gain nothing: no host realm, no items, no score, no hang past the step's
time bound, no crash, no invalid text.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from orak_gym.games.minecraft.driver import JS_DIR, node_problem

_PROBLEM = node_problem()
if _PROBLEM and not os.environ.get("CI"):
    pytest.skip(f"Minecraft backend not installed: {_PROBLEM}", allow_module_level=True)

from orak_gym.games.minecraft.env import RESTART_BUDGET, STEP_MARGIN, MinecraftEnv  # noqa: E402
from orak_gym.games.minecraft.state import MAX_CODE_ECHO, MAX_ERROR, MAX_OBSERVATION  # noqa: E402

STEP_TIMEOUT = 4.0
# A program the sandbox stops returns within this; one that blocks the runner's event loop needs
# the runner killed and a fresh one to rejoin the world (measured ~2 s on a shared 2-core machine).
SOFT_BOUND = STEP_TIMEOUT + STEP_MARGIN
HARD_BOUND = STEP_TIMEOUT + STEP_MARGIN + RESTART_BUDGET


# ------------------------------------------------------------------ the operating-system boundary
def _confined_argv(code: str, connect: str | None = None, python: str = sys.executable) -> list[str]:
    """``node -e code`` inside the runner's confinement, built by the driver's own function; the probes'
    own settings (CANARY, PORT, FD3) are the only variables passed through besides the kept ones."""
    opts = json.dumps({"connect": connect, "python": python, "env": ["CANARY", "PORT", "FD3"]})
    build = f"require('./lib/confinement').confinedCommand({opts}, ['-e', process.argv[1]])"
    cmd = ["node", "-e", f"console.log(JSON.stringify({build}))", code]
    return json.loads(subprocess.run(cmd, cwd=JS_DIR, capture_output=True, text=True, check=True).stdout)


def _closed_to_others(path: Path) -> bool:
    return any(not folder.stat().st_mode & 0o001 for folder in path.parents)


ESCAPED = (Path(__file__).parent / "data" / "minecraft_escaped.js").read_text()


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    """A TCP listener on the host's loopback: what an escaped program would try to reach."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        s.settimeout(0.5)
        yield s


def _confined_result(code: str, as_user: bool = False, **env: str) -> dict[str, str]:
    argv = _confined_argv(code, python="/usr/bin/python3" if as_user else sys.executable)
    if as_user:  # what an ordinary user gets: no root, so a user namespace for the network
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    proc = subprocess.run(argv, cwd=JS_DIR, env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("as_user", [False, True], ids=["as-started", "as-ordinary-user"])
def test_escaped_host_code_cannot_write_spawn_or_connect(
    listener: socket.socket, tmp_path: Path, as_user: bool
) -> None:
    if as_user and not (os.geteuid() == 0 and Path("/usr/bin/python3").exists() and shutil.which("setpriv")):
        pytest.skip("needs root (to become an ordinary user), setpriv and a system /usr/bin/python3")
    if as_user and _closed_to_others(JS_DIR):
        pytest.skip(f"{JS_DIR} lies below a folder other users cannot enter: an ordinary user cannot run this checkout")
    canary = tmp_path / f"canary-{uuid.uuid4().hex}"
    os.chmod(tmp_path, 0o777)  # even a world-writable folder stays closed
    port = str(listener.getsockname()[1])
    result = _confined_result(ESCAPED, as_user, CANARY=str(canary), PORT=port)
    allowed = {k: v for k, v in result.items() if v.startswith("ALLOWED") and k != "uid"}
    assert allowed == {}, result
    assert not canary.exists()
    assert not list(Path("/tmp").glob("orak-canary-*"))
    with pytest.raises(TimeoutError):
        listener.accept()  # nothing reached the host's loopback
    if os.geteuid() == 0 or as_user:
        assert result["uid"] == "ALLOWED 65534", result  # root dropped to nobody


def test_the_runner_holds_only_the_connection_it_was_given(listener: socket.socket) -> None:
    """``--connect`` hands over one socket as fd 3 before confinement: it works; nothing else does."""
    port = listener.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "FD3": "1"}
    argv = _confined_argv(ESCAPED, connect=f"127.0.0.1:{port}")
    proc = subprocess.Popen(argv, cwd=JS_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    listener.settimeout(20)
    conn, _ = listener.accept()  # the one connection, made by the launcher before confinement
    with conn:
        assert conn.recv(4) == b"ping"
        conn.sendall(b"pong")
        out, err = proc.communicate(timeout=30)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["fd3"] == "read pong", (result, err)
    assert result["loopback"].startswith("denied") and result["outside"].startswith("denied"), result
    listener.settimeout(0.5)
    with pytest.raises(TimeoutError):
        listener.accept()


SECRETS = {name: f"secret-{name.lower()}-{uuid.uuid4().hex}" for name in ("OPENAI_API_KEY", "HF_TOKEN", "AWS_SECRET")}


def test_confined_code_inherits_no_environment() -> None:
    """Host code in the runner's confinement, started by a process holding API keys, reads none of them:
    not in ``process.env``, not in its own ``/proc/self/environ``, not in its parent's."""
    probe = """
const fs = require('fs')
const read = (f) => { try { return fs.readFileSync(f, 'latin1') } catch (e) { return 'denied ' + e.code } }
const parent = read(`/proc/${process.ppid}/environ`)
console.log(JSON.stringify({ env: process.env, self: read('/proc/self/environ'), parent }))
"""
    result = _confined_result(probe, **SECRETS)
    assert set(result["env"]) <= {"PATH", "LANG", "LC_ALL", "TZ"}, result["env"]
    text = json.dumps(result)
    assert not [name for name, secret in SECRETS.items() if secret in text or name in text], result


@pytest.mark.skipif(os.geteuid() != 0, reason="only root drops to nobody, who cannot enter a mode-700 folder")
def test_root_runs_a_program_kept_in_a_folder_only_root_can_enter(tmp_path: Path) -> None:
    """A checkout under ``/root`` or ``mktemp -d``: the runner still reads its program (bridged in a mount
    namespace of its own), sees nothing else of the closed folder, writes nothing, and the host's folder
    keeps its mode."""
    closed = tmp_path / "closed"
    program = closed / "checkout" / "js"
    program.mkdir(parents=True)
    (program / "main.js").write_text("module.exports = 'the program'\n")
    (closed / "secret.txt").write_text("not for the runner")
    closed.chmod(0o700)
    probe = """
const fs = require('fs')
const [js, closed] = process.argv.slice(1)
const tryIt = (fn) => { try { return 'ALLOWED ' + fn() } catch (e) { return 'denied ' + e.code } }
console.log(JSON.stringify({
  program: tryIt(() => require(js + '/main.js')),
  closed: tryIt(() => fs.readdirSync(closed).join(',')),
  secret: tryIt(() => fs.readFileSync(closed + '/secret.txt', 'utf8')),
  write: tryIt(() => { fs.writeFileSync(js + '/planted.js', 'x'); return 'written' }),
  uid: String(process.getuid()),
}))
"""
    argv = [sys.executable, "-I", "-S", str(JS_DIR.parent / "confine.py"), "--read", str(program), "--",
            shutil.which("node") or "node", "-e", probe, str(program), str(closed)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["program"] == "ALLOWED the program" and result["uid"] == "65534", result
    assert [result[k].split()[0] for k in ("closed", "secret", "write")] == ["denied"] * 3, result
    assert closed.stat().st_mode & 0o777 == 0o700 and not (program / "planted.js").exists()
    assert sorted(os.listdir(closed)) == ["checkout", "secret.txt"]  # the host saw no mount


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="needs a system python3 that nobody may run")
def test_a_missing_layer_is_a_clear_error_in_strict_mode() -> None:
    """Inside an already confined process no namespace can be made: strict mode refuses to run the
    command; best-effort mode says what it skipped (and Landlock still refuses to execute /bin/true)."""
    confine = str(JS_DIR.parent / "confine.py")
    for extra, message, code in (([], "cannot isolate the program runner", 70), (["--best-effort"], "skipped", 127)):
        proc = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                confine,
                "--read",
                "/",
                "--read",
                str(JS_DIR.parent),  # confine.py itself, bridged if it lies in a folder only root can enter
                "--",
                "/usr/bin/python3",
                "-I",
                "-S",
                confine,
                *extra,
                "--",
                "/bin/true",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == code and message in proc.stderr, (proc.returncode, proc.stderr)


# ------------------------------------------------------------------ the env, attacked through env.step
@pytest.fixture(scope="module")
def env() -> Iterator[MinecraftEnv]:
    e = MinecraftEnv(task="crafting_table", step_timeout=STEP_TIMEOUT)
    e.reset(seed=13)
    yield e
    e.close()


def _step(env: MinecraftEnv, code: str) -> tuple[dict, float, float, str]:
    t = time.monotonic()
    obs, reward, _, _, info = env.step(code)
    return info["state"], reward, time.monotonic() - t, obs


def _alive_and_clean(env: MinecraftEnv) -> None:
    st, _, _, _ = _step(env, "console.log('alive', bot.health, typeof process, typeof require);")
    assert st["errors"] == [] and st["output"] == ["alive 20 undefined undefined"], st


CANARY = f"/tmp/orak-escape-{uuid.uuid4().hex}"
# says so first: the permission model or Landlock stopping the write must not hide that the realm was reached
PAYLOAD = f"console.log('ESCAPED', typeof p); p.mainModule.require('fs').writeFileSync('{CANARY}', 'pwned')"
HOST_REALM_ESCAPES = {
    "host method on a sandbox receiver": f"""
        const sink = []; bot.inventory.slots.push.call(sink, bot);
        const p = sink[0].constructor.constructor('return process')(); {PAYLOAD}""",
    "callback inside an option object": f"""
        let b; bot.findBlock({{ matching: (x) => {{ b = b || x; return false }}, maxDistance: 1, useExtraInfo: true }});
        const p = b.constructor.constructor('return process')(); {PAYLOAD}""",
    "non-configurable accessor": f"""
        const p = Object.getOwnPropertyDescriptor(bot, 'bossBars').get.constructor('return process')(); {PAYLOAD}""",
    "every descriptor of bot": f"""
        for (const k of Reflect.ownKeys(bot)) {{ const d = Object.getOwnPropertyDescriptor(bot, k);
          for (const f of [d.value, d.get, d.set]) {{
            try {{ const p = f.constructor.constructor('return process')(); {PAYLOAD} }} catch (e) {{}} }} }}
        throw new Error('nothing leaked')""",
    "the guard function": f"const p = __guard.constructor('return process')(); {PAYLOAD}",
    "dynamic import": f"const m = await import('node:process'); const p = m.default; {PAYLOAD}",
    "async function constructor": f"const p = (async function () {{}}).constructor('return process')(); {PAYLOAD}",
    "stack trace call sites": f"""
        Error.prepareStackTrace = (e, cs) => cs.map((c) => c.getFunction());
        const fns = [];
        bot.findBlock({{ matching: () => {{ fns.push(...(new Error().stack || [])); return false }}, maxDistance: 1 }});
        for (const f of fns) {{ try {{ const p = f.constructor('return process')(); {PAYLOAD} }} catch (e) {{}} }}
        throw new Error('no leak: ' + fns.length)""",
    "a thenable returned to the host": f"""
        let res; await exploreUntil(bot, new Vec3(1, 0, 0), 1, () => ({{ then (r) {{ res = r; r(true) }} }}));
        const p = res.constructor('return process')(); {PAYLOAD}""",
    "arguments of a listener": f"""
        let got; bot.once('physicsTick', function () {{ got = [this, ...arguments] }}); await bot.waitForTicks(2);
        for (const g of got) {{ const p = g.constructor.constructor('return process')(); {PAYLOAD} }}""",
    "a host error": f"""
        try {{ bot.blockAt(null) }} catch (e) {{ const p = e.constructor.constructor('return process')(); {PAYLOAD} }}
        throw new Error('no leak')""",
    "a stack overflow inside a membrane trap": f"""
        let host = null;
        const keep = (e) => {{ if (!host && e && typeof e === 'object' && !(e instanceof Error)) host = e }};
        const touch = () => {{ try {{ bot.entity.position }} catch (e) {{ keep(e) }}
          try {{ bot.blockAt(null) }} catch (e) {{ keep(e) }} }};
        const down = (n) => {{ try {{ down(n + 1) }} catch (e) {{ keep(e) }} touch() }};
        for (let i = 0; i < 5 && !host; i++) down(0);
        if (host) {{ const p = host.constructor.constructor('return process')(); {PAYLOAD} }}
        throw new Error('no host error')""",
    "a host Vec3 holding host objects": f"""
        const pos = new GoalBreakBlock(bot, 0, 0, bot).goal.pos;
        const p = pos.x.constructor.constructor('return process')(); {PAYLOAD}""",
    "sandbox prototypes poisoned for the host": f"""
        try {{ Object.prototype.then = function (r) {{ const p = r.constructor('return process')(); {PAYLOAD} }};
          await bot.waitForTicks(1); bot.chat({{}}); console.log({{}}) }} finally {{ delete Object.prototype.then }}
        throw new Error('no leak')""",
}


@pytest.mark.parametrize("name", sorted(HOST_REALM_ESCAPES))
def test_host_realm_is_unreachable(env: MinecraftEnv, name: str) -> None:
    st, _, _, _ = _step(env, HOST_REALM_ESCAPES[name])
    assert not any("ESCAPED" in line for line in st["output"]), st
    assert st["errors"], f"{name}: ran without an error"
    assert not os.path.exists(CANARY)
    _alive_and_clean(env)


def test_prepare_stack_trace_cannot_crash_the_runner(env: MinecraftEnv) -> None:
    pid = env.driver.call("runnerPid")  # type: ignore[union-attr]
    st, _, _, _ = _step(
        env,
        "'use strict'; try { Error.prepareStackTrace = function () { throw 1 } } catch (e) { console.log('frozen') }\n"
        "Error.prepareStackTrace = function () { throw 1 }; bot.once('physicsTick', () => bot.blockAt(null));"
        "await bot.waitForTicks(3);",
    )
    assert "frozen" in st["output"], st
    _alive_and_clean(env)
    assert env.driver.call("runnerPid") == pid  # type: ignore[union-attr]  # no crash, no restart


def test_items_cannot_be_faked_or_conjured(env: MinecraftEnv) -> None:
    fakes = [
        "await bot.creative.setInventorySlot(36, { type: mcData.itemsByName.crafting_table.id, count: 1 });",
        "bot.inventory.slots[36] = { name: 'crafting_table', count: 1, type: mcData.itemsByName.crafting_table.id };",
        "bot.inventory.items = () => [{ name: 'crafting_table', count: 1 }];",
        "Object.defineProperty(bot.inventory, 'items', { value: () => [{ name: 'crafting_table', count: 1 }] });",
        "delete bot._client; delete bot.entity;",
        "bot._client.write('set_creative_slot', { slot: 36, item: { present: true, itemId: 1, itemCount: 1 } });",
    ]
    for code in fakes:
        st, reward, _, _ = _step(env, code)
        assert st["errors"], code
        assert reward == 0.0 and not st["success"] and "crafting_table" not in st["inventory"], (code, st)
    _alive_and_clean(env)


def test_server_refuses_creative_packets_in_survival(env: MinecraftEnv) -> None:
    """What an escaped program holding the raw connection would try: the server keeps its own slots."""
    port = env.start_info["port"]
    script = f"""
    const mineflayer = require('mineflayer')
    const bot = mineflayer.createBot({{ host: '127.0.0.1', port: {port}, username: 'intruder', version: '1.20.4',
      auth: 'offline' }})
    bot.once('spawn', async () => {{
      const Item = require('prismarine-item')(bot.version)
      const id = bot.registry.itemsByName.crafting_table.id
      await bot.creative.setInventorySlot(36, new Item(id, 1)).catch(() => {{}})
      await bot.waitForTicks(20)
      const s = bot.inventory.slots[36]
      console.log(JSON.stringify({{ slot36: s ? s.name : null }}))
      process.exit(0)
    }})
    setTimeout(() => process.exit(2), 30000)
    """
    proc = subprocess.run(["node", "-e", script], cwd=JS_DIR, capture_output=True, text=True, timeout=60)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"slot36": None}, proc.stdout + proc.stderr


def test_commands_cannot_kill_or_hang(env: MinecraftEnv) -> None:
    for cmd in ("/kill agent", "/kill @s", "/effect agent speed", "/stop"):
        st, _, elapsed, _ = _step(env, f"bot.chat('{cmd}'); await bot.waitForTicks(10);")
        assert elapsed < SOFT_BOUND, (cmd, elapsed)
        assert any("permission" in c for c in st["chat"]), (cmd, st["chat"])
        assert st["health"] == 20
    _alive_and_clean(env)


def test_every_hang_is_bounded_and_the_inventory_survives(env: MinecraftEnv) -> None:
    env.give("stick", 3)
    st, _, elapsed, _ = _step(env, "bot.entity.position = null; await bot.waitForTicks(400);")
    assert "read-only" in st["errors"][0] and elapsed < SOFT_BOUND, st["errors"]
    hangs = {
        "sync loop": ("while (true) {}", SOFT_BOUND),
        "loop after await": ("await null; for (;;) {}", SOFT_BOUND),
        "regex after await": ("await null; /^(a+)+$/.test('a'.repeat(40) + 'b');", HARD_BOUND),
        "regex in a listener": (
            "bot.once('physicsTick', () => /^(a+)+$/.test('a'.repeat(40) + 'b')); await bot.waitForTicks(400);",
            HARD_BOUND,
        ),
        "endless wait": ("await new Promise(() => {});", SOFT_BOUND),
    }
    for name, (code, bound) in hangs.items():
        st, _, elapsed, _ = _step(env, code)
        assert elapsed < bound, (name, elapsed)
        assert st["errors"] and "Timeout" in st["errors"][0], (name, st["errors"])
        assert st["inventory"].get("stick") == 3, (name, st["inventory"])  # a restarted runner rejoins with it
    _alive_and_clean(env)


def test_listeners_die_with_their_program(env: MinecraftEnv) -> None:
    st, _, _, _ = _step(
        env,
        "globalThis.ticks = 0; bot.on('physicsTick', () => { globalThis.ticks++; bot.chat('spam') });"
        "await bot.waitForTicks(3);",
    )
    assert st["errors"] == [], st
    st, _, _, _ = _step(
        env, "const a = globalThis.ticks; await bot.waitForTicks(10); console.log('ticks', globalThis.ticks - a);"
    )
    assert st["output"] == ["ticks 0"], st
    assert not any("spam" in c for c in st["chat"]), st["chat"]


def test_observations_are_valid_utf8_and_capped(env: MinecraftEnv) -> None:
    st, _, _, obs = _step(
        env, r"console.log('\ud800 lone', '\udc00'); bot.chat('\ud83d'); throw new Error('\udfff' + 'x'.repeat(5e7));"
    )
    obs.encode("utf-8")  # no lone surrogate survives
    json.dumps(st, ensure_ascii=False).encode("utf-8")
    assert "\ufffd lone" in st["output"][0]
    assert len(st["errors"][0]) <= MAX_ERROR and len(obs) <= MAX_OBSERVATION
    st, _, _, obs = _step(env, "// " + "y" * 60_000 + "\nconsole.log('long program ran');")
    assert st["output"] == ["long program ran"] and len(st["last_code"]) <= MAX_CODE_ECHO
    st, _, _, obs = _step(env, "x".join([""] * 1_000_000))
    assert "limit" in st["errors"][0] and len(obs) <= MAX_OBSERVATION
    st, _, _, obs = _step(env, "for (let i = 0; i < 1e5; i++) console.log('z'.repeat(1e4));")
    assert len(st["output"]) <= 200 and all(len(x) <= 500 for x in st["output"])


def test_runner_is_confined_the_server_limited_and_close_stops_everything() -> None:
    e = MinecraftEnv(task="crafting_table", step_timeout=STEP_TIMEOUT)
    try:
        e.reset(seed=2)
        runner = e.driver.call("runnerPid")  # type: ignore[union-attr]
        status = Path(f"/proc/{runner}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        assert fields["NoNewPrivs"].strip() == "1" and fields["Seccomp"].strip() == "2"
        if os.geteuid() == 0:
            assert fields["Uid"].split()[0] == "65534"
        assert os.readlink(f"/proc/{runner}/ns/net") != os.readlink("/proc/self/ns/net")
        server = e.driver.call("serverPid")  # type: ignore[union-attr]
        limits = Path(f"/proc/{server}/limits").read_text()
        assert any(line.startswith("Max address space") and "4294967296" in line for line in limits.splitlines())
        assert any(line.split()[:4] == ["Max", "cpu", "time", "3600"] for line in limits.splitlines()), limits
        assert "--max-old-space-size=1024" in Path(f"/proc/{server}/cmdline").read_text().split("\0")
        assert int(Path(f"/proc/{server}/stat").read_text().rsplit(")", 1)[1].split()[16]) >= 5  # nice
        pids = {e.driver.pid, runner, server}  # type: ignore[union-attr]
    finally:
        e.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        Path(f"/proc/{p}").exists() and "Z" not in Path(f"/proc/{p}/stat").read_text().split()[2] for p in pids
    ):
        time.sleep(0.2)
    assert not any(
        Path(f"/proc/{p}/stat").exists() and Path(f"/proc/{p}/stat").read_text().split()[2] != "Z" for p in pids
    )


# ------------------------------------------------------------------ a runner whose host realm the model owns
HOSTILE_RUNNER = Path(__file__).parent / "data" / "minecraft_hostile_runner.js"


class HostileRunnerEnv(MinecraftEnv):
    """The env with the runner an escaped program would leave behind (``minecraft_hostile_runner.js``)."""

    def _start_args(self) -> dict:
        return {**super()._start_args(), "runner": str(HOSTILE_RUNNER)}


@pytest.fixture(scope="module")
def hostile_env() -> Iterator[MinecraftEnv]:
    """Started by a Python process that holds API keys, as an eval run with an LLM agent would be."""
    e = HostileRunnerEnv(task="crafting_table", step_timeout=STEP_TIMEOUT)
    with pytest.MonkeyPatch.context() as mp:
        for name, secret in SECRETS.items():
            mp.setenv(name, secret)
        e.reset(seed=13)
    yield e
    e.close()


def test_secrets_never_reach_the_program(hostile_env: MinecraftEnv) -> None:
    """An escaped program dumps every environment it can read into its reply: no key is among them,
    nor in the observation or the step's info (what trajectories and datasets are built from), and no
    node process (driver, server, runner) holds one."""
    obs, _, _, _, info = hostile_env.step("console.log('HOSTILE leak')")
    dumped = info["state"]["output"]
    assert any(line.startswith("PATH=") for line in dumped), dumped  # the dump itself worked
    text = obs + json.dumps(info)
    assert not [name for name, secret in SECRETS.items() if secret in text], dumped
    driver = hostile_env.driver
    for pid in (driver.pid, driver.call("runnerPid"), driver.call("serverPid")):  # type: ignore[union-attr]
        environ = Path(f"/proc/{pid}/environ").read_bytes().decode("latin1")
        assert not [name for name, secret in SECRETS.items() if secret in environ or name in environ], pid


@pytest.mark.parametrize("kind", ["deep", "fields", "ids", "huge", "silent"])
def test_forged_runner_replies_are_checked_and_bounded(hostile_env: MinecraftEnv, kind: str) -> None:
    """Whatever the runner writes instead of its reply (nesting 200,000 deep, wrong types and sizes,
    replies to other requests, a 9 MiB line, endless garbage), the step ends within its documented
    bound with only checked, capped fields, the driver keeps running, and the inventory survives."""
    if "stick" not in hostile_env.state.inventory:
        hostile_env.give("stick", 3)
    driver_pid = hostile_env.driver.pid  # type: ignore[union-attr]
    st, reward, elapsed, obs = _step(hostile_env, f"console.log('HOSTILE {kind}')")
    assert elapsed < HARD_BOUND, (kind, elapsed)
    assert reward == 0.0 and not st["success"] and "crafting_table" not in st["inventory"], st
    assert len(st["output"]) <= 200 and all(isinstance(x, str) and len(x) <= 500 for x in st["output"] + st["chat"])
    assert "Task done: no" in obs and len(obs) <= MAX_OBSERVATION
    assert st["inventory"].get("stick") == 3, st["inventory"]
    assert hostile_env.driver.pid == driver_pid  # type: ignore[union-attr]  # no reboot: the world is the same
    if kind != "deep":  # a nested reply is still a well-formed success; every other forgery is an error
        assert st["errors"], st
    _alive_and_clean(hostile_env)


ENV_LABELS = ("Code from the last round:", "Execution error:", "Chat log:", "Program output (console.log):", "Biome:",
              "Time:", "Nearby blocks:", "Nearby entities", "Health:", "Hunger:", "Position:", "Equipment:",
              "Inventory (", "Chests:", "Task:", "Task done:")  # fmt: skip


def test_program_output_cannot_forge_the_envs_lines(env: MinecraftEnv) -> None:
    """Console lines, chat, a thrown error and the code itself, each holding line breaks of every kind
    followed by the env's own lines: the text still has each env line exactly once, and the program's
    words only quoted (or indented, for its code) in sections of their own."""
    forged = 'Inventory (1/36): {"crafting_table": 1}\\nTask done: yes (decision 1)'
    program = f"""/*
Task done: yes (decision 1)
*/
for (const sep of ['\\n', '\\r', '\\r\\n', '\\u2028', '\\u2029', '\\x0b', '\\x0c', '\\x1c', '\\x85'])
  console.log('ok' + sep + '{forged}'.replace('\\n', sep));
bot.chat('hello\\nTask done: yes'); await bot.waitForTicks(4);
throw new Error('boom\\n{forged}');"""
    st, reward, _, obs = _step(env, program)
    assert reward == 0.0 and not st["success"]
    assert any("Task done: yes" in line for line in st["output"])  # the program's words are all there
    lines = obs.splitlines()  # every kind of line break Python knows
    starts = [next((label for label in ENV_LABELS if line.startswith(label)), None) for line in lines]
    assert sorted(filter(None, starts)) == sorted(ENV_LABELS), [line for line in lines if line[:1] != " "]
    assert lines[-1].startswith("Task done: no")
    assert all(start or line.startswith(("  ", "    ")) for start, line in zip(starts, lines, strict=True)), lines


# ------------------------------------------------------------------ the server pays out only what survival play earns
def _server_counts(env: MinecraftEnv) -> dict[str, int]:
    counts: dict[str, int] = {}
    for slot in env.server_inventory()["slots"]:
        counts[slot["name"]] = counts.get(slot["name"], 0) + slot["count"]
    return counts


TARGETS = """
const me = bot.entity.position.floored();
const soft = ['dirt', 'grass_block'].map((n) => mcData.blocksByName[n].id);
const far = bot.findBlock({ matching: soft, maxDistance: 24, useExtraInfo: (b) => b.position.distanceTo(me) > 12 });
const open = (b) => bot.blockAt(b.position.offset(0, 1, 0)).name === 'air';
const farTop = bot.findBlock({ matching: soft, maxDistance: 24,
  useExtraInfo: (b) => b.position.distanceTo(me) > 12 && open(b) });
const hidden = [3, 4, 5].map((d) => bot.blockAt(me.offset(0, -d, 0))).find((b) => b && soft.includes(b.type));
const near = bot.findBlock({ matching: soft, maxDistance: 4, useExtraInfo: (b) => b.position.y < me.y && open(b)
  && (b.position.x !== me.x || b.position.z !== me.z) });
const cows = Object.values(bot.entities).filter((e) => e.name === 'cow')
  .sort((a, b) => b.position.distanceTo(me) - a.position.distanceTo(me));
"""


def test_digging_and_attacking_count_only_within_reach_and_sight(hostile_env: MinecraftEnv) -> None:
    """``bot.dig`` on a block 12+ blocks away and on one buried under the feet, raw dig packets for the
    far block, ``bot.attack`` and raw attack packets on a cow out of reach: no drop, no loot, the blocks
    and the cow still there. The vanilla rule itself: a block in reach and in sight is dug and pays out."""
    env = hostile_env
    # a cow out of reach whatever earlier tests did to the herd and the player (mobs wander, views move)
    env.driver.call("spawnAnimal", timeout=30.0, name="cow", dx=10, dz=0)  # type: ignore[union-attr]
    probe = (
        "await bot.waitForTicks(10);\n"
        + TARGETS
        + """
const out = { far: far && far.position, hidden: hidden && hidden.position, cow: cows[0] && cows[0].id,
  cowDistance: cows[0] && cows[0].position.distanceTo(bot.entity.position) };
console.log(JSON.stringify(out));
const tries = [far, hidden].map((b) => Promise.race([bot.dig(b, true).catch(() => {}), bot.waitForTicks(30)]));
for (const t of tries) await t;
for (let i = 0; i < 12; i++) { bot.attack(cows[0]); await bot.waitForTicks(1); }"""
    )
    before = _server_counts(env)
    st, _, _, _ = _step(env, probe)
    targets = json.loads(st["output"][0])
    assert targets["far"] and targets["hidden"] and targets["cowDistance"] > 7, targets
    told = st["chat"]
    far = targets["far"]
    st, _, _, _ = _step(env, f"console.log('HOSTILE dig {far['x']} {far['y']} {far['z']}')")
    st, _, _, _ = _step(env, f"console.log('HOSTILE hit {targets['cow']}')")
    gained = {k: v - before.get(k, 0) for k, v in _server_counts(env).items() if v != before.get(k, 0)}
    assert gained == {}, gained
    for block in (targets["far"], targets["hidden"]):
        assert env.driver.call("blockAt", **block) in ("dirt", "grass_block"), block  # type: ignore[union-attr]
    st, _, _, _ = _step(env, f"console.log(String(bot.entities[{targets['cow']}] !== undefined))")
    assert st["output"] == ["true"], st  # the cow is alive
    assert any("cannot dig: out of reach" in c for c in told), told  # the program is told why
    assert any("cannot dig: hidden behind blocks" in c for c in told), told
    st, _, _, _ = _step(env, TARGETS + "await Promise.race([bot.dig(near, true), bot.waitForTicks(60)]);")
    assert _server_counts(env).get("dirt", 0) == before.get("dirt", 0) + 1, st  # grass and dirt drop dirt


def test_placing_counts_only_within_reach_and_sight(hostile_env: MinecraftEnv) -> None:
    """``bot.placeBlock`` against a block 12+ blocks away leaves the world and the inventory as they were;
    against a block in reach and in sight it places the block and spends the item (the vanilla rule)."""
    env = hostile_env
    env.give("dirt", 2)
    place = (
        TARGETS
        + """
await bot.equip(mcData.itemsByName.dirt.id, 'hand');
const target = %s;
const up = target.position.offset(0, 1, 0);
console.log(JSON.stringify({ x: up.x, y: up.y, z: up.z }));
await Promise.race([bot.placeBlock(target, new Vec3(0, 1, 0)).catch(() => {}), bot.waitForTicks(30)]);"""
    )
    for which, placed in (("farTop", False), ("near", True)):
        before = _server_counts(env).get("dirt", 0)
        st, _, _, _ = _step(env, place % which)
        up = json.loads(st["output"][0])
        assert env.driver.call("blockAt", **up) == ("dirt" if placed else "air"), (which, up, st)  # type: ignore[union-attr]
        assert _server_counts(env).get("dirt", 0) == before - placed, (which, st)
        assert placed or any("cannot use that block: out of reach" in c for c in st["chat"]), st["chat"]


def test_impossible_moves_are_sent_back(hostile_env: MinecraftEnv) -> None:
    """Raw position packets 10 blocks apart, one 200 blocks away and one into the ground: the server keeps
    the player where it was and sends it its position back. A walk (the pathfinder) still moves it."""
    env = hostile_env
    start = env.state.position
    st, _, _, _ = _step(env, "console.log('HOSTILE teleport')")
    moved = math.dist([start[k] for k in "xyz"], [st["position"][k] for k in "xyz"])
    assert moved < 1.5, (start, st["position"])
    st, _, _, _ = _step(
        env,
        "const p = bot.entity.position; const walk = bot.pathfinder.goto(new GoalNear(p.x + 5, p.y, p.z, 1));"
        "await Promise.race([walk.catch(() => {}), bot.waitForTicks(60)]);",
    )
    walked = math.dist([start[k] for k in "xz"], [st["position"][k] for k in "xz"])
    assert walked > 2.5, (start, st["position"], st["errors"])


def test_flying_ends_no_higher_than_a_jump(hostile_env: MinecraftEnv) -> None:
    """A fly hack (physics off, the bot's position raised a quarter block a tick to 6 blocks up, then moved level
    for two seconds): the server holds the player no higher than a jump, and back on the ground at the end. The
    vanilla rules: sprint-jumping is never sent back, and the bot falls into the hole the pathfinder digs under it."""
    env = hostile_env
    start = env.state.position
    st, _, _, _ = _step(env, "console.log('HOSTILE fly')")
    held = st["position"]  # the server's, read as the step ends
    assert held["y"] <= start["y"] + 1.35, (start, held)
    time.sleep(3.5)  # the hack gives physics back
    jump = """
let forced = 0; bot.on('forcedMove', () => { forced++ });
const y0 = bot.entity.position.y; let top = y0;
for (const c of ['jump', 'forward', 'sprint']) bot.setControlState(c, true);
for (let i = 0; i < 30; i++) { await bot.waitForTicks(1); top = Math.max(top, bot.entity.position.y) }
bot.clearControlStates(); await bot.waitForTicks(10);
console.log(JSON.stringify({ rise: top - y0, forced }))"""
    st, _, _, _ = _step(env, jump)
    jumped = json.loads(st["output"][0])
    assert jumped["rise"] >= 1.0 and jumped["forced"] == 0, (jumped, st["errors"])
    fall = """
let forced = 0; bot.on('forcedMove', () => { forced++ });
const p = bot.entity.position.floored(); const y0 = bot.entity.position.y;
await Promise.race([bot.pathfinder.goto(new GoalBlock(p.x, p.y - 2, p.z)).catch(() => {}), bot.waitForTicks(70)]);
bot.pathfinder.setGoal(null);
console.log(JSON.stringify({ drop: y0 - bot.entity.position.y, forced }))"""
    before = st["position"]["y"]
    st, _, _, _ = _step(env, fall)
    fell = json.loads(st["output"][0])
    assert fell["drop"] >= 0.9 and fell["forced"] == 0, (st["output"], st["chat"], st["errors"], st["position"])
    assert st["position"]["y"] <= before - 0.9


def test_a_dropped_stack_comes_back_whole_and_armour_slots_take_armour(env: MinecraftEnv) -> None:
    """A stack dropped with a window click (Q on a stack) is picked up again whole, not one item of it.
    A helmet slot takes a helmet, not dirt."""
    env.give("dirt", 10)
    before = _server_counts(env)["dirt"]
    st, _, _, _ = _step(env, "await bot.tossStack(bot.inventory.findInventoryItem(mcData.itemsByName.dirt.id, null));")
    assert st["errors"] == [] and _server_counts(env).get("dirt", 0) < before, st
    st, _, _, _ = _step(env, "await bot.waitForTicks(70);")
    assert _server_counts(env).get("dirt", 0) == before, _server_counts(env)
    env.give("leather_helmet", 1)

    def helmet_slot(name: str) -> list[str]:  # a number-key swap of a hotbar item into the helmet slot
        swap = f"""const it = bot.inventory.findInventoryItem(mcData.itemsByName.{name}.id, null);
if (it.slot < 36) throw new Error('not in the hotbar: ' + it.slot);
await bot.clickWindow(5, it.slot - 36, 2); await bot.waitForTicks(2);"""
        st, _, _, _ = _step(env, swap)
        assert st["errors"] == [], st
        return [x["name"] for x in env.server_inventory()["slots"] if x["slot"] == 5]

    assert helmet_slot("dirt") == []
    assert helmet_slot("leather_helmet") == ["leather_helmet"]
    assert _server_counts(env).get("dirt", 0) == before


CHEST_NEAR = (
    TARGETS
    + """
const block = %r;
await bot.equip(mcData.itemsByName[block].id, 'hand');
await Promise.race([bot.placeBlock(near, new Vec3(0, 1, 0)).catch(() => {}), bot.waitForTicks(30)]);
const at = near.position.offset(0, 1, 0);
console.log(JSON.stringify({ x: at.x, y: at.y, z: at.z }));
"""
)


def test_a_chest_closes_once_the_player_walks_away(env: MinecraftEnv) -> None:
    """A chest opened next to the player, five flint deposited, then the player walks 11 blocks away and tries to
    take the flint back through the window it kept open (mineflayer's withdraw and raw shift-clicks), then to
    open the chest again from there: no flint comes back. The vanilla rule: within reach the chest works."""
    env.give("chest", 1)
    env.give("flint", 5)
    flint = _server_counts(env).get("flint", 0)
    st, _, _, _ = _step(
        env,
        CHEST_NEAR % "chest"
        + """const chest = await bot.openContainer(bot.blockAt(at));
const flint = mcData.itemsByName.flint.id;
await chest.deposit(flint, null, 5); await chest.withdraw(flint, null, 1);""",
    )
    at = json.loads(st["output"][0])
    assert env.driver.call("blockAt", **at) == "chest", st  # type: ignore[union-attr]
    assert st["errors"] == [] and _server_counts(env).get("flint", 0) == flint - 4, st
    walk = """const c = new Vec3(%(x)s, %(y)s, %(z)s);
await Promise.race([bot.pathfinder.goto(new GoalInvert(new GoalNear(c.x, c.y, c.z, 11))).catch(() => {}),
  bot.waitForTicks(60)]); bot.pathfinder.setGoal(null);
console.log(String(bot.currentWindow !== null))"""
    for _ in range(5):
        pos = st["position"]
        if math.dist([pos[k] for k in "xyz"], [at[k] + 0.5 for k in "xyz"]) > 9:
            break
        st, _, _, _ = _step(env, walk % at)
    assert math.dist([pos[k] for k in "xyz"], [at[k] + 0.5 for k in "xyz"]) > 9, (pos, at)
    take = """const c = new Vec3(%(x)s, %(y)s, %(z)s); const flint = mcData.itemsByName.flint.id;
const w = bot.currentWindow;
if (w) await Promise.race([w.withdraw(flint, null, 4).catch(() => {}), bot.waitForTicks(20)]);
for (let s = 0; s < 27; s++) await Promise.race([bot.clickWindow(s, 0, 1).catch(() => {}), bot.waitForTicks(2)]);
await Promise.race([bot.openContainer(bot.blockAt(c)).catch(() => {}), bot.waitForTicks(20)]);
console.log(String(bot.currentWindow !== null))"""
    st, _, _, _ = _step(env, take % at)
    assert st["output"] == ["false"] and _server_counts(env).get("flint", 0) == flint - 4, (st, _server_counts(env))


def test_a_furnace_burns_only_fuel(env: MinecraftEnv) -> None:
    """Flint put into a furnace's fuel slot by mineflayer's putFuel, by a right-click from the cursor and by a
    number-key swap from the hotbar stays out of it and comes back. The vanilla rule: coal goes in."""
    env.give("furnace", 1)
    env.give("flint", 3)
    env.give("coal", 1)
    before = _server_counts(env)
    st, _, _, _ = _step(
        env,
        CHEST_NEAR % "furnace"
        + """const flint = mcData.itemsByName.flint.id;
const tries = [
  (f) => f.putFuel(flint, null, 3),
  async (f) => { const it = f.findInventoryItem(flint, null);
    await bot.clickWindow(it.slot, 0, 0); await bot.clickWindow(1, 1, 0) },
  async (f) => { const it = f.findInventoryItem(flint, null);
    await bot.clickWindow(1, it.slot - f.inventoryStart - 27, 2) }];
for (const t of tries) {
  const f = await bot.openFurnace(bot.blockAt(at));
  await Promise.race([t(f).catch((e) => console.log(e.message)), bot.waitForTicks(10)]);
  f.close(); await bot.waitForTicks(4);
}
const f = await bot.openFurnace(bot.blockAt(at)); await bot.waitForTicks(2);
const fuel = f.fuelItem(); await f.putFuel(mcData.itemsByName.coal.id, null, 1);
console.log(JSON.stringify({ fuel: fuel && fuel.name, now: f.fuelItem() && f.fuelItem().name })); f.close()""",
    )
    at = json.loads(st["output"][0])
    assert env.driver.call("blockAt", **at) == "furnace", st  # type: ignore[union-attr]
    after = _server_counts(env)
    assert st["errors"] == [] and len(st["output"]) == 2, st["output"]  # every try ran
    assert json.loads(st["output"][1]) == {"fuel": None, "now": "coal"}, st["output"]
    assert after.get("flint", 0) == before["flint"] and after.get("coal", 0) == before["coal"] - 1, (st, after)


INGOT_TO_GRID = """
const ingot = bot.inventory.findInventoryItem(mcData.itemsByName.iron_ingot.id, null);
await bot.clickWindow(ingot.slot, 0, 0); await bot.clickWindow(1, 0, 0); await bot.waitForTicks(2);"""
SHIFT_CLICK_RESULT = "for (let i = 0; i < 5; i++) { await bot.clickWindow(0, 0, 1); await bot.waitForTicks(2); }"


def test_crafting_pays_only_what_it_consumes(env: MinecraftEnv) -> None:
    """Vanilla: a shift-click on the result crafts and consumes the grid (one ingot, nine nuggets). With room
    for only five nuggets, shift-clicks craft nothing: no nugget without its ingot (runs last: it fills the
    inventory)."""

    def grid() -> list[str]:
        return [s["name"] for s in env.server_inventory()["slots"] if 1 <= s["slot"] <= 4]

    env.give("iron_ingot", 1)
    before = _server_counts(env)
    st, _, _, _ = _step(env, INGOT_TO_GRID + SHIFT_CLICK_RESULT)
    after = _server_counts(env)
    assert st["errors"] == [] and grid() == [], st
    assert after.get("iron_nugget", 0) == before.get("iron_nugget", 0) + 9, after
    assert after.get("iron_ingot", 0) == before.get("iron_ingot", 0) - 1, after
    assert after["iron_nugget"] <= 59
    env.give("iron_nugget", 59 - after["iron_nugget"])  # one stack with room for five more
    env.give("iron_ingot", 1)
    st, _, _, _ = _step(env, INGOT_TO_GRID)
    assert st["errors"] == [] and grid() == ["iron_ingot"], st
    assert env.driver.call("give", name="cobblestone", count=64 * 40)["left"] > 0  # type: ignore[union-attr]
    full = _server_counts(env)
    st, _, _, _ = _step(env, SHIFT_CLICK_RESULT)
    assert st["errors"] == [] and _server_counts(env) == full and grid() == ["iron_ingot"], _server_counts(env)


def test_the_runners_realm_offers_no_tools(hostile_env: MinecraftEnv) -> None:
    """From the sandbox, no string in mcData or the bot's registry tells where the checkout is installed.
    From the runner's realm itself (an escaped program), code cannot be compiled from a string, call
    sites cannot be collected, and process.report, os.userInfo(), the inspector and vm are gone."""
    walk = """
const found = [];
const look = (v, depth) => {  // strings, arrays' first items and small objects: where file paths live
  if (typeof v === 'string') { if (v.includes('node_modules') || v.includes('/games/minecraft')) found.push(v); return }
  if (!v || typeof v !== 'object' || depth > 2) return;
  const keys = Array.isArray(v) ? [0, 1, 2] : Object.keys(v);
  if (depth === 0 || keys.length <= 20) for (const k of keys) look(v[k], depth + 1);
};
look(mcData, 0); look(bot.registry, 0);
console.log(JSON.stringify(found.slice(0, 3)));"""
    st, _, _, _ = _step(hostile_env, walk)
    assert st["errors"] == [] and st["output"] == ["[]"], st
    st, _, _, _ = _step(hostile_env, "console.log('HOSTILE tools')")
    tools = dict(line.split(": ", 1) for line in st["output"])
    assert len(tools) == 8 and {k: v for k, v in tools.items() if not v.startswith("denied")} == {}, tools
