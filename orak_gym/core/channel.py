"""The one channel to anything out of process: start a child, request/reply with timeouts, kill on
hang, restart, and errors that carry the child's own last stderr lines.

Two wire formats over the same lifecycle:

* ``"pickle"``: :mod:`multiprocessing.connection` messages over a socket pair whose child end is
  passed as a file descriptor (``{fd}`` in ``argv`` is replaced by its number).  Python children:
  :class:`ChildObject` serves any object this way (``python -m orak_gym.core.child``).
* ``"jsonl"``: one JSON object per line on the child's stdin/stdout (a Node driver, any language).

Every child gets its own process group (``close`` and a hang kill the group, so what the child
started goes with it), and its stderr is read continuously: the last lines are kept for
:class:`~orak_gym.core.errors.BackendError` and optionally appended to a log file.  A child
whose parent disappears sees EOF on its channel and exits, so none is left behind.

Adapters still to come (gRPC, websocket) follow the same conventions: a timeout per request,
``BackendError`` with what the other side said last, ``restart()`` after a failure. A game's mod
(files or a pipe the mod owns) is reached through :mod:`orak_gym.backends.mod_link` instead.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import threading
import weakref
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from orak_gym.core.errors import BackendError

Transport = Literal["pickle", "jsonl"]
_EOF = object()  # what the jsonl reader queues when the child's stdout closes
#: Bytes of one jsonl line a child may send; a longer line is skipped, never held in memory whole.
MAX_JSON_LINE = 64 << 20


def _kill_group(proc: subprocess.Popen) -> None:
    """Kills the child and its process group (safe to call twice or on a finished child)."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, OSError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


class StderrTail:
    """Reads a child's stderr on a thread: keeps the last ``lines`` lines, appends all to ``log``."""

    def __init__(self, stream: Any, log: str | os.PathLike[str] | None = None, lines: int = 40) -> None:
        self._lines: collections.deque[str] = collections.deque(maxlen=lines)
        self._log = Path(log) if log else None
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def lines(self, wait_s: float = 0.0) -> list[str]:
        """The last lines; ``wait_s`` lets a child that just exited finish writing them."""
        if wait_s:
            self._thread.join(timeout=wait_s)
        return list(self._lines)

    def _read(self, stream: Any) -> None:
        log = open(self._log, "ab") if self._log else None  # noqa: SIM115
        try:
            for raw in iter(stream.readline, b""):
                if log is not None:
                    log.write(raw)
                    log.flush()
                line = raw.decode("utf-8", "replace").rstrip()
                if line:
                    self._lines.append(line)
        except (OSError, ValueError):
            pass
        finally:
            if log is not None:
                log.close()


class ProcessChannel:
    """One child process and the request/reply channel to it (see the module docstring)."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        name: str,
        transport: Transport = "pickle",
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
        stderr_log: str | os.PathLike[str] | None = None,
        stderr_lines: int = 40,
    ) -> None:
        if transport not in ("pickle", "jsonl"):
            raise ValueError(f"transport must be 'pickle' or 'jsonl', got {transport!r}")
        self.argv = list(argv)
        self.name = name
        self.transport = transport
        self.cwd = cwd
        self.env = env
        self.stderr_log = stderr_log
        self.stderr_lines = stderr_lines
        self._tail: StderrTail | None = None
        self.proc: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._lines: queue.Queue[Any] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._finalizer: weakref.finalize | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Starts the child (a no-op while it runs)."""
        if self.alive:
            return
        self._lines = queue.Queue()
        child_sock = None
        argv = list(self.argv)
        pass_fds: tuple[int, ...] = ()
        if self.transport == "pickle":
            parent_sock, child_sock = socket.socketpair()
            argv = [a.replace("{fd}", str(child_sock.fileno())) for a in argv]
            pass_fds = (child_sock.fileno(),)
        try:
            self.proc = subprocess.Popen(
                argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.PIPE if self.transport == "jsonl" else subprocess.DEVNULL,
                stdout=subprocess.PIPE if self.transport == "jsonl" else None,
                stderr=subprocess.PIPE,
                pass_fds=pass_fds,
                start_new_session=True,  # its own process group: close() and kills take its children too
            )
        except OSError as exc:
            if child_sock is not None:
                child_sock.close()
                parent_sock.close()
            raise BackendError(f"could not start the {self.name} process ({argv[0]}): {exc}") from exc
        if child_sock is not None:
            child_sock.close()
            self._conn = Connection(parent_sock.detach())
        self._tail = StderrTail(self.proc.stderr, self.stderr_log, self.stderr_lines)
        self._threads = []
        if self.transport == "jsonl":
            self._threads.append(self._spawn(self._read_stdout, self.proc, self._lines))
        self._finalizer = weakref.finalize(self, _kill_group, self.proc)

    def restart(self) -> None:
        """Stops the child (if it still runs) and starts a fresh one; the caller re-sends its setup."""
        self.close()
        self.start()

    def close(self, goodbye: Any = None, grace_s: float = 5.0) -> None:
        """Stops the child: sends ``goodbye`` if given, closes the channel (the child exits on EOF),
        waits up to ``grace_s``, then kills its process group.  Safe to call twice."""
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None and goodbye is not None:
            with contextlib.suppress(BackendError, OSError, ValueError):
                self.send(goodbye)
        self._close_pipes()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace_s)
        _kill_group(proc)
        for thread in self._threads:
            thread.join(timeout=1)
        if self._tail is not None:
            self._tail.lines(wait_s=1)
        if proc.stderr is not None:
            proc.stderr.close()
        if self._finalizer is not None:
            self._finalizer.detach()
        self.proc = None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    # ------------------------------------------------------------------ messages
    def send(self, message: Any) -> None:
        if not self.alive:
            raise self.error("exited" if self.proc is not None else "is not running")
        try:
            if self.transport == "pickle":
                assert self._conn is not None
                self._conn.send(message)
            else:
                assert self.proc is not None and self.proc.stdin is not None
                self.proc.stdin.write((json.dumps(message) + "\n").encode())
                self.proc.stdin.flush()
        except (OSError, ValueError) as exc:
            raise self.error(f"could not be reached ({type(exc).__name__})") from exc

    def receive(self, timeout: float | None = None) -> Any:
        """The next message; on a timeout the child is killed (it hangs) and ``BackendError`` raised."""
        if self.transport == "pickle":
            assert self._conn is not None
            try:
                ready = self._conn.poll(timeout)
                if ready:
                    return self._conn.recv()
            except (EOFError, OSError) as exc:
                raise self.error("exited") from exc
        else:
            try:
                item = self._lines.get(timeout=timeout)
            except queue.Empty:
                item = None
            else:
                if item is _EOF:
                    raise self.error("exited")
                return item
        self.kill()
        raise self.error(f"gave no reply within {timeout:g} s and was stopped")

    def request(self, message: Any, timeout: float | None = None) -> Any:
        """``send`` then ``receive``: the reply to ``message``."""
        self.send(message)
        return self.receive(timeout)

    def kill(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc)

    # ------------------------------------------------------------------ errors
    def stderr_tail(self) -> list[str]:
        """The child's last stderr lines (after it exits, once its stderr is drained)."""
        if self._tail is None:
            return []
        exited = self.proc is None or self.proc.poll() is not None
        return self._tail.lines(wait_s=2 if exited else 0)

    def error(self, what: str) -> BackendError:
        """A ``BackendError`` saying the child ``what``, with its exit code and last stderr lines."""
        code = self.proc.poll() if self.proc is not None else None
        if code is None and self.proc is not None and what == "exited":
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self.proc.wait(timeout=2)
        how = f" (exit code {code})" if code is not None else ""
        return BackendError(f"the {self.name} process {what}{how}", stderr_tail=self.stderr_tail())

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _spawn(target: Any, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        return thread

    @staticmethod
    def _read_stdout(proc: subprocess.Popen, lines: queue.Queue[Any]) -> None:
        """Queues each JSON line; skips any other line (a stray log, invalid UTF-8, nesting too deep for
        the parser, a line over ``MAX_JSON_LINE`` bytes) without ever dying, so no line can stall a reply."""
        assert proc.stdout is not None
        too_long = False
        try:
            for raw in iter(lambda: proc.stdout.readline(MAX_JSON_LINE), b""):
                if too_long or (not raw.endswith(b"\n") and len(raw) >= MAX_JSON_LINE):
                    too_long = not raw.endswith(b"\n")  # skip up to the end of an over-long line
                    continue
                try:
                    lines.put(json.loads(raw))
                except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                    continue
        except (OSError, ValueError):
            pass
        lines.put(_EOF)

    def _close_pipes(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None
        if self.proc is not None and self.proc.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()


class ChildObject:
    """An object built and served by a child Python process: ``call(method, *args)`` runs it there.

    ``factory`` is ``"module:callable"``; the child builds ``factory(*args, **kwargs)`` and answers
    calls until ``close``.  Errors raised there come back as ``BackendError`` with the child's type,
    message and traceback; a child that dies or hangs is reported with its last stderr lines.
    A plain subprocess, not ``multiprocessing``: spawn would re-import the user's ``__main__``
    (breaking scripts without a ``__main__`` guard) and fork would copy this process's emulators.
    """

    def __init__(
        self,
        factory: str,
        *args: Any,
        name: str,
        start_timeout: float | None = 300.0,
        call_timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        import sys

        self.name = name
        self.call_timeout = call_timeout
        self._lock = threading.Lock()
        # The child sees this interpreter's import path, as multiprocessing's spawn would give it.
        path = os.pathsep.join(p for p in sys.path if p)
        self.channel = ProcessChannel(
            [sys.executable, "-m", "orak_gym.core.child", "{fd}"], name=name, env={**os.environ, "PYTHONPATH": path}
        )
        self.channel.start()
        try:
            self._reply(self.channel.request((factory, args, kwargs), start_timeout))
        except BaseException:
            self.channel.close()
            raise

    def call(self, method: str, *args: Any, timeout: float | None = None) -> Any:
        """Runs ``method(*args)`` on the child's object and returns its result (one call at a time)."""
        with self._lock:
            reply = self.channel.request((method, args), timeout if timeout is not None else self.call_timeout)
        return self._reply(reply)

    def _reply(self, reply: Any) -> Any:
        status, value = reply
        if status == "err":
            raise BackendError(f"the {self.name} process: {value}", stderr_tail=self.channel.stderr_tail())
        return value

    @property
    def alive(self) -> bool:
        return self.channel.alive

    def close(self, grace_s: float = 5.0) -> None:
        """Asks the object to close (its ``close()`` runs in the child), then stops the child."""
        if self.channel.alive:
            with contextlib.suppress(BackendError):
                self.channel.request(("close", ()), timeout=grace_s)
        self.channel.close(grace_s=grace_s)
