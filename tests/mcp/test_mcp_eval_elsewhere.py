"""``orak-gym eval`` of a game only the server machine can run: the eval machine's readiness for the
game does not matter for an ``orak-mcp/...`` id (connecting to its server is the check), while the
same eval of the local id refuses with the readiness message.

Real setups: Minecraft, whose client here has no Node.js on its PATH while the server has it (runs
wherever the Minecraft tests run), and Pokémon Red and Super Mario Bros., whose client has no ROM
while the server has it (skipped without the ROM).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("mcp.server.mcpserver")

import orak_gym
from orak_gym.core.registry import plays_elsewhere
from orak_gym.eval.envs import needs_process
from orak_gym.eval.ray_env import actor_options_for
from orak_gym.mcp.launch import http_server, server_command


def _eval(env_id: str, out: Path, agent: str = "random", env_kwargs: dict | None = None, seeds: str = "0-1",
          max_steps: int = 3, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:  # fmt: skip
    command = [sys.executable, "-m", "orak_gym.cli", "eval", "--env", env_id, "--agent", agent, "--seeds", seeds,
               "--max-steps", str(max_steps), "--quiet", "--out", str(out)]  # fmt: skip
    if env_kwargs is not None:
        command += ["--env-kwargs", json.dumps(env_kwargs)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "400", **(env or {})}
    )


def _scored(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines()]
    assert rows and all(r["termination"] != "error" and r["error"] is None for r in rows), rows
    return sorted(rows, key=lambda r: r["seed"])


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


def _minecraft_processes(ancestor: int | None = None) -> set[int]:
    """Running processes started from this checkout's Minecraft Node folder (the driver, the server, the
    bot): those below ``ancestor``, or (None) those whose parent is gone (re-parented to pid 1), which
    is what a session that leaks leaves. Other tests' live Minecraft envs, here or in other checkouts on
    the same machine, are neither."""
    js_folder = str(Path(orak_gym.__file__).parent / "games" / "minecraft" / "js").encode()
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if js_folder not in fh.read():
                    continue
            with open(f"/proc/{entry}/status", encoding="utf-8") as fh:
                if "\nState:\tZ" in fh.read():
                    continue
            pid = parent = int(entry)
            if ancestor is None:
                if _parent(pid) == 1:
                    found.add(pid)
                continue
            while parent > 1:
                parent = _parent(parent)
                if parent == ancestor:
                    found.add(pid)
                    break
        except (OSError, ValueError, IndexError):
            continue
    return found


def _none_left(ancestor: int | None = None, before: frozenset[int] = frozenset(), timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while left := _minecraft_processes(ancestor) - before:
        assert time.monotonic() < deadline, f"Minecraft processes left running: {sorted(left)}"
        time.sleep(0.2)


def _refused(done: subprocess.CompletedProcess, out: Path, *phrases: str) -> str:
    text = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 1, text
    assert "Traceback" not in text and text.startswith("error:"), text
    for phrase in phrases:
        assert phrase in text, text
    assert not out.exists(), "a refused run writes nothing"
    return text


def test_minecraft_served_by_a_machine_with_node_is_evaluated_from_one_without(tmp_path):
    from orak_gym.games.minecraft.driver import node_problem

    if node_problem():
        pytest.skip(f"the server side needs Minecraft's Node packages: {node_problem()}")
    no_node = {"PATH": str(Path(sys.executable).parent)}  # this interpreter, and no node
    orphans_before = frozenset(_minecraft_processes())
    local = _eval("orak/Minecraft-v0", tmp_path / "local", env=no_node)
    _refused(local, tmp_path / "local", "orak/Minecraft-v0 cannot run on this machine", "Node.js")
    with http_server(["serve", "--env", "orak/Minecraft-v0"]) as server:
        for agent in ("random", "expert"):
            out = tmp_path / f"remote-{agent}"
            done = _eval("orak-mcp/Minecraft-v0", out, agent, {"url": server.url}, "0", 2, env=no_node)
            assert done.returncode == 0, done.stdout + done.stderr
            (row,) = _scored(out)
            assert row["env"] == "orak-mcp/Minecraft-v0" and row["steps"] == 2
            trajectory = (out / "trajectories" / "orak-mcp__Minecraft-v0" / "0.jsonl").read_text()
            assert "Inventory" in trajectory and "Task:" in trajectory  # the world the server's bot sees
            summary = json.loads((out / "summary.json").read_text())
            assert "orak-mcp/Minecraft-v0" in json.dumps(summary)
        _none_left(ancestor=server.pid)  # each session's processes ended with it, the server still serving
    _none_left(before=orphans_before)  # and none outlived the server


def test_pokemon_red_whose_rom_only_the_server_has(tmp_path):
    from orak_gym.games.pokemon_red.rom import ROM

    pytest.importorskip("pyboy")
    if ROM.problem():
        pytest.skip(f"needs the Pokémon Red ROM on the server side: {ROM.problem()}")
    no_rom = {"ORAK_ASSETS": str(tmp_path / "no-assets")}  # the eval machine has no ROM; the server has it
    local = _eval("orak/PokemonRed-v0", tmp_path / "local", env=no_rom)
    _refused(local, tmp_path / "local", "orak/PokemonRed-v0 cannot run on this machine (missing asset)", "pokered")
    with http_server(["serve", "--env", "orak/PokemonRed-v0"]) as server:
        remote = _eval("orak-mcp/PokemonRed-v0", tmp_path / "remote", "random", {"url": server.url}, env=no_rom)
        assert remote.returncode == 0, remote.stdout + remote.stderr
        # The expert plans over the ROM's maps, so it needs the ROM where it runs: refused up front.
        expert = _eval("orak-mcp/PokemonRed-v0", tmp_path / "expert", "expert", {"url": server.url}, env=no_rom)
        _refused(expert, tmp_path / "expert", "PokemonRed's expert cannot run on this machine", "ROM's maps")
    reference = _eval("orak/PokemonRed-v0", tmp_path / "reference")  # the ROM here: local play
    assert reference.returncode == 0, reference.stdout + reference.stderr
    played = [(r["seed"], r["steps"], r["score"], r["raw_score"]) for r in _scored(tmp_path / "remote")]
    assert played == [(r["seed"], r["steps"], r["score"], r["raw_score"]) for r in _scored(tmp_path / "reference")]


def test_a_remote_id_is_checked_by_connecting(tmp_path):
    assert plays_elsewhere("orak-mcp/SuperMario-v0") and not plays_elsewhere("orak/SuperMario-v0")
    # The emulator's process and CPU are the server's: the client holds a connection.
    assert needs_process("orak/SuperMario-v0") and not needs_process("orak-mcp/SuperMario-v0")
    assert actor_options_for("orak/SuperMario-v0")["num_cpus"] == 1.0
    assert actor_options_for("orak-mcp/SuperMario-v0") == actor_options_for("orak/2048-v0")
    dead = _eval("orak-mcp/2048-v0", tmp_path / "dead", env_kwargs={"url": "http://127.0.0.1:9/mcp", "timeout_s": 10})
    _refused(dead, tmp_path / "dead", "orak-mcp/2048-v0 cannot be made", "could not connect to the MCP game server")
    crashing = _eval("orak-mcp/2048-v0", tmp_path / "crash", env_kwargs={"command": [sys.executable, "-c", "pass"]})
    _refused(crashing, tmp_path / "crash", "could not connect to the MCP game server")
    command = server_command("serve", "--env", "orak/2048-v0")
    wrong = _eval("orak-mcp/BabaIsYou-v0", tmp_path / "wrong", env_kwargs={"command": command})
    _refused(wrong, tmp_path / "wrong", "plays 'orak/2048-v0', not 'orak/BabaIsYou-v0'")
    unnamed = _eval("orak-mcp/Remote-v0", tmp_path / "unnamed", env_kwargs={"command": command})
    _refused(unnamed, tmp_path / "unnamed", "names no game", "evaluate it as orak-mcp/2048-v0")


def test_super_mario_whose_rom_only_the_server_has(tmp_path):
    from orak_gym.games.super_mario.rom import ROM

    pytest.importorskip("retro")
    if ROM.problem():
        pytest.skip(f"needs the Super Mario Bros. ROM on the server side: {ROM.problem()}")
    no_rom = {"ORAK_ASSETS": str(tmp_path / "no-assets")}
    local = _eval("orak/SuperMario-v0", tmp_path / "local", "expert", env=no_rom)
    _refused(local, tmp_path / "local", "orak/SuperMario-v0 cannot run on this machine (missing asset)")
    with http_server(["serve", "--env", "orak/SuperMario-v0"]) as server:
        remote = _eval("orak-mcp/SuperMario-v0", tmp_path / "remote", "expert", {"url": server.url}, env=no_rom)
        assert remote.returncode == 0, remote.stdout + remote.stderr
    reference = _eval("orak/SuperMario-v0", tmp_path / "reference", "expert")
    assert reference.returncode == 0, reference.stdout + reference.stderr
    played = [(r["seed"], r["steps"], r["score"], r["raw_score"]) for r in _scored(tmp_path / "remote")]
    assert played == [(r["seed"], r["steps"], r["score"], r["raw_score"]) for r in _scored(tmp_path / "reference")]
    assert any(score > 0 for _, _, score, _ in played)  # the expert got somewhere: a real game was played
