"""How the commands fail: a missing extra names the extra (and the flag that does without it), and
Ctrl-C exits 130 with the command that continues the work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.testing import ScriptedOpenAIServer

ANSWER = "### Reasoning\ncorner strategy\n### Actions\nleft"


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    return " ".join(result.output.split())


def test_leaderboard_without_matplotlib_suggests_no_plot(tmp_path: Path, monkeypatch) -> None:
    run = tmp_path / "run"
    made = CliRunner().invoke(app, ["eval", "--env", "orak/2048-v0", "--agent", "random", "--seeds", "0",
                                    "--max-steps", "2", "--quiet", "--out", str(run)])  # fmt: skip
    assert made.exit_code == 0, made.output
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    message = one_line_error(CliRunner().invoke(app, ["leaderboard", str(run), "--out", str(tmp_path / "lb")]))
    assert "pip install 'orak-gym[plots]'" in message and "--no-plot" in message
    arena = CliRunner().invoke(app, ["arena", "-p", "random", "-p", "expert", "--games", "1", "--bootstrap", "2",
                                     "--env-kwargs", '{"target_tile": 16, "max_turns": 3}',
                                     "--out", str(tmp_path / "ar")])  # fmt: skip
    assert "--no-plot" in one_line_error(arena)


def test_arena_without_pettingzoo_names_the_extra(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pettingzoo", None)
    result = CliRunner().invoke(app, ["arena", "-p", "random", "-p", "expert", "--out", str(tmp_path / "ar")])
    assert "pip install 'orak-gym[arena]'" in one_line_error(result)
    assert not (tmp_path / "ar").exists()


def _interrupt_when(command: list[str], ready) -> tuple[int, str]:
    """Runs ``command``, sends it SIGINT (Ctrl-C) once ``ready()``; returns its exit status and output.

    The command starts with SIGINT at its default, as under a terminal: a suite started in the
    background by a non-interactive shell (``make test &``) ignores SIGINT, a child inherits that, and
    Python then never raises KeyboardInterrupt (a fresh-clone run saw the whole run finish instead)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "COLUMNS": "300"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not ready() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert process.poll() is None, "the command ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, output


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_ctrl_c_exits_130_with_the_resume_command(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "orak_gym.cli"]
    with ScriptedOpenAIServer(default=ANSWER, latency_s=0.1) as server:
        model = f"compat:m@{server.base_url}"
        run = tmp_path / "run"
        code, output = _interrupt_when(
            [*cli, "eval", "--env", "orak/2048-v0", "--agent", "zeroshot", "--model", model, "--episodes", "50",
             "--max-steps", "2", "--concurrency", "1", "--quiet", "--out", str(run)],
            lambda: _lines(run / "episodes.jsonl") >= 1,
        )  # fmt: skip
        assert code == 130, output
        assert f"orak-gym eval --out {run} --resume" in " ".join(output.split()) and "Traceback" not in output
        arena = tmp_path / "arena"
        code, output = _interrupt_when(
            [*cli, "arena", "-p", "random", "-p", f"zeroshot:{model}", "--games", "40", "--no-plot",
             "--env-kwargs", '{"target_tile": 16, "max_turns": 3}', "--out", str(arena)],
            lambda: _lines(arena / "matches.jsonl") >= 1,
        )  # fmt: skip
        assert code == 130, output
        assert f"orak-gym arena --out {arena} --resume" in " ".join(output.split()) and "Traceback" not in output


def test_mcp_serve_refuses_a_game_that_cannot_run_at_start_up(tmp_path: Path) -> None:
    import pytest

    pytest.importorskip("mcp.server.mcpserver")
    bad = CliRunner().invoke(app, ["mcp", "serve", "--env", "orak/2048-v0", "--env-kwargs", '{"no_such_option": 1}'])
    assert bad.exit_code == 1 and "orak/2048-v0 cannot be made" in " ".join(bad.output.split()), bad.output
    from orak_gym.games import statuses

    unready = [spec.env_id for spec, status in statuses() if spec.supported and not status.ready]
    if not unready:
        pytest.skip("every game runs on this machine")
    refused = CliRunner().invoke(app, ["mcp", "serve", "--env", unready[0]])
    assert refused.exit_code == 1 and "cannot run on this machine" in refused.output, refused.output


def test_minecraft_npm_packages_install_from_any_installation(tmp_path: Path, monkeypatch) -> None:
    import shutil

    import pytest

    from orak_gym.games.minecraft import driver

    if shutil.which("npm") is None:
        pytest.skip("npm is not installed here")
    dry = CliRunner().invoke(app, ["minecraft", "install-js", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"ci --prefix {driver.JS_DIR}" in dry.output, "npm runs in the installed package's own js folder"
    monkeypatch.setattr(driver, "JS_DIR", tmp_path)  # as after a pip install, before the packages
    assert "run orak-gym minecraft install-js" in (driver.node_problem() or "")
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = CliRunner().invoke(app, ["minecraft", "install-js"])
    assert missing.exit_code == 1 and "npm is not on PATH" in missing.output
