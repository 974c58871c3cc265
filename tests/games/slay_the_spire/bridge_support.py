"""The CommunicationMod game double as a test fixture: a real process on a free loopback port, playing
the game's side from a hand-written script of messages."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the game double exited early: {proc.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the bridge never listened")


@pytest.fixture
def scripted_game(tmp_path):
    """Starts the game double with a hand-written script; yields (port, log path, process)."""
    procs = []

    def start(messages):
        port = free_port()
        script = tmp_path / "script.json"
        script.write_text(json.dumps(messages))
        log = tmp_path / "commands.log"
        proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "spire_game_double.py"),
                "--port",
                str(port),
                "--script",
                str(script),
                "--log",
                str(log),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        wait_for_port(port, proc)
        return port, log, proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
