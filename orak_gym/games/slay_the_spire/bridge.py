"""``orak-gym spire bridge``: the process CommunicationMod launches, relaying to the env over TCP.

CommunicationMod starts the command in its ``config.properties``, waits for ``ready`` on the
process's stdout, then writes one JSON game message per line to its stdin and reads one command
per line from its stdout.  The bridge listens on a loopback port; an env (``backend=
"communication_mod"``) connects, receives the game's latest message at once (so an env can
reconnect at any time), and then each command it sends is passed to the game and each game
message passed back.  A newer env connection replaces an older one.  When the game quits (its
end of the pipe closes) the connected env gets ``{"bridge_error": ...}`` and the bridge exits.

Orak's variant of the mod talks through two files instead of a pipe: commands go into
``mod_input.txt`` (rewritten each time) and the mod writes each message to ``mod_output.txt``,
which the reader takes by renaming it.  ``--mod-input/--mod-output`` selects that variant.

Everything the bridge logs goes to stderr: stdout belongs to the game.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import IO

from orak_gym.games.slay_the_spire.backend import DEFAULT_HOST, DEFAULT_PORT


class GameLink:
    """The game's side: ``read()`` one message line (None when the game is gone), ``write()`` a command."""

    def announce(self) -> None:
        self.write("ready")

    def read(self) -> str | None:
        raise NotImplementedError

    def write(self, line: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stops reading (``read`` returns None soon after)."""


class PipeLink(GameLink):
    """Stock CommunicationMod: our stdin/stdout are the game's pipe."""

    def __init__(self, stdin: IO[str], stdout: IO[str]) -> None:
        self.stdin, self.stdout = stdin, stdout

    def read(self) -> str | None:
        line = self.stdin.readline()
        return line.rstrip("\r\n") if line else None

    def write(self, line: str) -> None:
        self.stdout.write(line + "\n")
        self.stdout.flush()


class FileLink(GameLink):
    """Orak's two-file mod: write commands to ``mod_input``, take messages from ``mod_output``."""

    def __init__(self, mod_input: Path, mod_output: Path, poll: float = 0.05) -> None:
        self.mod_input, self.mod_output, self.poll = Path(mod_input), Path(mod_output), poll
        self.mod_input.parent.mkdir(parents=True, exist_ok=True)
        self.mod_output.parent.mkdir(parents=True, exist_ok=True)
        self.mod_output.unlink(missing_ok=True)
        self._closed = False

    def close(self) -> None:
        self._closed = True

    def read(self) -> str | None:
        taken = self.mod_output.with_name(self.mod_output.name + ".processing")
        while not self._closed:
            try:
                os.replace(self.mod_output, taken)
            except FileNotFoundError:
                time.sleep(self.poll)
                continue
            except PermissionError:  # Windows: the game is still writing it
                time.sleep(self.poll)
                continue
            text = self._settled(taken)
            taken.unlink(missing_ok=True)
            if text:
                return text
        return None

    def _settled(self, taken: Path, wait: float = 2.0) -> str:
        """The taken file's text once it is a whole JSON message: the mod may still be writing it
        (on POSIX a renamed file keeps receiving the writer's bytes)."""
        deadline = time.monotonic() + wait
        while True:
            text = taken.read_text(encoding="utf-8").strip()
            try:
                json.loads(text)
                return text
            except ValueError:
                if time.monotonic() > deadline:
                    return text
            time.sleep(self.poll)

    def write(self, line: str) -> None:
        tmp = self.mod_input.with_name(self.mod_input.name + ".tmp")
        tmp.write_text(line + "\n", encoding="utf-8")
        os.replace(tmp, self.mod_input)


class Bridge:
    """Relays between one game link and at most one env connection at a time."""

    def __init__(self, link: GameLink, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.link = link
        self.server = socket.create_server((host, port))
        self.port = self.server.getsockname()[1]
        self._lock = threading.Lock()
        self._latest: str | None = None
        self._client: socket.socket | None = None
        self._game_gone = threading.Event()

    def log(self, text: str) -> None:
        # the game reads our stderr into its log; once it has quit, that pipe is gone, and a log line
        # must not stop the bridge from noticing and exiting
        with contextlib.suppress(OSError, ValueError):
            print(f"[orak-gym spire bridge] {text}", file=sys.stderr, flush=True)

    def serve(self) -> int:
        """Runs until the game quits; returns the exit status."""
        self.link.announce()
        self.log(f"ready; waiting for the env on {self.server.getsockname()[0]}:{self.port}")
        threading.Thread(target=self._pump_game, daemon=True).start()
        self.server.settimeout(0.2)
        while not self._game_gone.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            self._attach(client)
        self.server.close()
        return 0

    def stop(self) -> None:
        """Stops serving (tests; the command line stops when the game quits)."""
        self.link.close()
        self._game_gone.set()

    def _attach(self, client: socket.socket) -> None:
        with self._lock:
            if self._client is not None:
                self.log("a new env connected; dropping the previous one")
                with contextlib.suppress(OSError):
                    self._client.close()
            self._client = client
            if self._latest is not None:  # else the mod's first state (sent after "ready") is on its way
                self._send_to_env(self._latest)
        threading.Thread(target=self._pump_env, args=(client,), daemon=True).start()

    def _send_to_env(self, line: str) -> None:
        """Called with the lock held."""
        if self._client is None:
            return
        try:
            self._client.sendall((line + "\n").encode("utf-8"))
        except OSError:
            self._client = None

    def _pump_game(self) -> None:
        try:
            while True:
                line = self.link.read()
                if line is None:
                    break
                if not line.strip():
                    continue
                with self._lock:
                    self._latest = line
                    self._send_to_env(line)
            self.log("the game closed the pipe (Slay the Spire quit); stopping")
            with self._lock:
                quit_error = {"bridge_error": "Slay the Spire quit (the game closed the bridge's pipe)"}
                self._send_to_env(json.dumps(quit_error))
                if self._client is not None:
                    with contextlib.suppress(OSError):
                        self._client.close()
        finally:  # whatever ended the game's side, the bridge exits rather than wait for an env forever
            self._game_gone.set()

    def _pump_env(self, client: socket.socket) -> None:
        with client.makefile("r", encoding="utf-8", newline="\n") as reader:
            for line in reader:
                command = line.strip()
                if not command:
                    continue
                with self._lock:
                    if client is not self._client:
                        break
                self.link.write(command)
        with self._lock:
            if client is self._client:
                self._client = None
                self.log("the env disconnected; waiting for it to come back")
