"""The backend channel: real child processes, request/reply, timeouts that kill, errors with stderr."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import time
from pathlib import Path

import pytest

from orak_gym.core import channel as channel_module
from orak_gym.core.channel import ChildObject, ProcessChannel
from orak_gym.core.errors import BackendError

ECHO = textwrap.dedent(
    """
    import json, subprocess, sys, time
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["op"] == "echo":
            print("a log line that is not JSON", flush=True)
            print(json.dumps({"id": msg["id"], "echo": msg["text"]}), flush=True)
        elif msg["op"] == "spawn":
            child = subprocess.Popen(["sleep", "60"])
            print(json.dumps({"id": msg["id"], "pid": child.pid}), flush=True)
        elif msg["op"] == "forge":  # what a hostile child writes before its real reply
            out = sys.stdout.buffer
            out.write(b"[" * 200_000 + b"]" * 200_000 + b"\\n")  # nesting deeper than Python's parser goes
            out.write(b'{"id": 0, "text": "\\xff\\xfe invalid UTF-8"}\\n')
            out.write(b'{"id": 0, "huge": "' + b"x" * (msg["huge"] + 10) + b'"}\\n')
            out.write(b"\\n\\n{not json\\n")
            out.write((json.dumps({"id": msg["id"], "echo": "still here"}) + "\\n").encode())
            out.flush()
        elif msg["op"] == "hang":
            time.sleep(60)
        elif msg["op"] == "die":
            sys.stderr.write("Error: Cannot find module 'mineflayer'\\n")
            sys.stderr.flush()
            sys.exit(3)
    """
)


def _gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def echo():
    channel = ProcessChannel([sys.executable, "-c", ECHO], name="echo", transport="jsonl")
    channel.start()
    yield channel
    channel.close()


def test_jsonl_request_reply_skips_stray_lines(echo):
    assert echo.request({"id": 1, "op": "echo", "text": "héllo ✓"}, timeout=10) == {"id": 1, "echo": "héllo ✓"}
    assert echo.request({"id": 2, "op": "echo", "text": ""}, timeout=10)["id"] == 2


def test_jsonl_reader_survives_any_line(echo, monkeypatch):
    """Deep nesting (RecursionError), invalid UTF-8 and an over-long line are skipped; the reply after them
    still arrives, at once."""
    monkeypatch.setattr(channel_module, "MAX_JSON_LINE", 1 << 20)
    echo.restart()  # a reader thread that reads the smaller cap
    t = time.monotonic()
    assert echo.request({"id": 7, "op": "forge", "huge": 1 << 20}, timeout=20) == {"id": 7, "echo": "still here"}
    assert time.monotonic() - t < 10
    assert echo.request({"id": 8, "op": "echo", "text": "after"}, timeout=10)["echo"] == "after"


def test_a_dying_child_reports_its_own_stderr(echo):
    with pytest.raises(BackendError, match=r"the echo process exited \(exit code 3\)") as info:
        echo.request({"id": 1, "op": "die"}, timeout=10)
    assert info.value.stderr_tail[-1] == "Error: Cannot find module 'mineflayer'"
    assert "Cannot find module 'mineflayer'" in str(info.value)
    echo.restart()  # and a fresh one answers again
    assert echo.request({"id": 2, "op": "echo", "text": "back"}, timeout=10)["echo"] == "back"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_hang_is_killed_with_everything_the_child_started(echo):
    grandchild = echo.request({"id": 1, "op": "spawn"}, timeout=10)["pid"]
    started = time.monotonic()
    with pytest.raises(BackendError, match=r"gave no reply within 0.5 s and was stopped"):
        echo.request({"id": 2, "op": "hang"}, timeout=0.5)
    assert time.monotonic() - started < 5
    assert not echo.alive and _gone(grandchild)


def test_child_object_serves_calls_and_reports_errors():
    child = ChildObject("collections:Counter", "abracadabra", name="counter")
    try:
        assert child.call("most_common", 1) == [("a", 5)]
        child.call("update", "aaa")
        assert child.call("most_common", 1) == [("a", 8)]
        with pytest.raises(BackendError, match=r"the counter process: AttributeError: .*no_such_method"):
            child.call("no_such_method")
        assert child.alive  # an error in a call is not a dead child
    finally:
        child.close()
    assert not child.alive


def test_child_object_hang_and_death():
    child = ChildObject("threading:Event", name="event")
    with pytest.raises(BackendError, match=r"no reply within 0\.3 s"):
        child.call("wait", 30, timeout=0.3)
    assert not child.alive
    child.close()  # closing a dead child is quiet
    code = "import sys; sys.stderr.write('boom from the child\\n'); sys.stderr.flush(); import os; os._exit(7)"
    with pytest.raises(BackendError, match=r"exited \(exit code 7\)[\s\S]*boom from the child"):
        ChildObject("builtins:exec", code, name="doomed")


def test_unstartable_child_is_a_backend_error():
    channel = ProcessChannel(["/no/such/program"], name="ghost", transport="jsonl")
    with pytest.raises(BackendError, match="could not start the ghost process"):
        channel.start()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js on PATH")
def test_minecraft_driver_death_shows_nodes_error(tmp_path, monkeypatch):
    """A driver whose npm packages are missing: the error says what Node said, not just an exit code."""
    from orak_gym.games.minecraft import driver

    js = tmp_path / "js"
    js.mkdir()
    shutil.copy(driver.JS_DIR / "driver.js", js / "driver.js")  # without node_modules next to it
    monkeypatch.setattr(driver, "JS_DIR", js)
    monkeypatch.setattr(driver, "node_problem", lambda: None)
    node = driver.NodeDriver()
    try:
        with pytest.raises(BackendError, match=r"Cannot find module") as info:
            node.call("observe", timeout=30)
        assert any("Cannot find module" in line for line in info.value.stderr_tail)
    finally:
        node.close()
    assert not node.alive and os.path.exists(js / "driver.js")
