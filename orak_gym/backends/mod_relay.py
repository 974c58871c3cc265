"""A game link relayed to an env over a loopback socket, for mods that start a process themselves.

A mod such as CommunicationMod launches a command and talks to it over that process's pipe; the
env runs elsewhere (a notebook, an eval worker). :class:`LinkRelay` is that command's heart: it
listens on a loopback port, and an env connecting with :class:`RelayClient` receives the game's
latest message at once (so an env can reconnect at any time), then each command it sends goes to
the game and each message comes back, one per line. A newer env connection replaces an older one.
When the game goes away the env gets ``{"relay_error": ...}`` and the relay exits.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
from typing import Any

from orak_gym.backends.mod_link import JSON_OBJECTS, GameLink, MessageFormat, ModLinkError

#: The key of the message a relay sends its env when the game is gone.
RELAY_ERROR = "relay_error"


class LinkRelay:
    """Relays between one game link and at most one env connection at a time.

    ``game`` names the game in log lines and in the message the env gets when the game quits.
    Everything the relay logs goes to stderr: stdout may belong to the game.
    """

    def __init__(self, link: GameLink, host: str = "127.0.0.1", port: int = 0, game: str = "the game") -> None:
        self.link = link
        self.game = game
        self.server = socket.create_server((host, port))
        self.port = self.server.getsockname()[1]
        self._lock = threading.Lock()
        self._latest: str | None = None
        self._client: socket.socket | None = None
        self._game_gone = threading.Event()

    def log(self, text: str) -> None:
        # a game reads our stderr into its log; once it has quit, that pipe is gone, and a log line
        # must not stop the relay from noticing and exiting
        with contextlib.suppress(OSError, ValueError):
            print(f"[orak-gym relay: {self.game}] {text}", file=sys.stderr, flush=True)

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
        """Stops serving (tests; a command line stops when the game quits)."""
        self.link.close()
        self._game_gone.set()

    def _attach(self, client: socket.socket) -> None:
        with self._lock:
            if self._client is not None:
                self.log("a new env connected; dropping the previous one")
                with contextlib.suppress(OSError):
                    self._client.close()
            self._client = client
            if self._latest is not None:  # else the game's first message is on its way
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
            self.log(f"{self.game} closed the link (it quit); stopping")
            with self._lock:
                self._send_to_env(json.dumps({RELAY_ERROR: f"{self.game} quit (it closed the link)"}))
                if self._client is not None:
                    with contextlib.suppress(OSError):
                        self._client.close()
        finally:  # whatever ended the game's side, the relay exits rather than wait for an env forever
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


class RelayClient:
    """The env's side of a :class:`LinkRelay`: one message per line each way.

    ``unreachable`` is appended to the error when nothing listens (how to start the game's relay).
    """

    def __init__(
        self,
        host: str,
        port: int,
        timeout: float = 120.0,
        *,
        unreachable: str = "",
        message_format: MessageFormat = JSON_OBJECTS,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.unreachable = unreachable
        self.format = message_format
        self._sock: socket.socket | None = None
        self._buffer = b""

    def open(self) -> None:
        """Connects (or reconnects) without waiting for a message (for a mod that speaks second)."""
        self.close()
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=10)
        except OSError as exc:
            hint = f". {self.unreachable}" if self.unreachable else ""
            raise ModLinkError(f"no relay on {self.host}:{self.port} ({exc.strerror or exc}){hint}") from None

    def connect(self) -> Any:
        """Connects (or reconnects) and returns the game's latest message, which the relay replays."""
        self.open()
        return self.receive()

    def receive(self) -> Any:
        """The next message, waiting up to ``timeout`` seconds."""
        sock = self._connected()
        while b"\n" not in self._buffer:
            sock.settimeout(self.timeout)
            try:
                chunk = sock.recv(1 << 16)
            except TimeoutError:
                raise ModLinkError(
                    f"the game sent nothing for {self.timeout:.0f} s (is it paused or stuck on a screen?)"
                ) from None
            except OSError as exc:
                raise ModLinkError(f"lost the relay connection: {exc}") from None
            if not chunk:
                raise ModLinkError("the relay closed the connection (the game or the relay quit)")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return self._decode(line)

    def drain(self) -> None:
        """Drops messages that arrived unasked; a relay error among them is raised."""
        sock = self._connected()
        sock.setblocking(False)
        try:
            while True:
                chunk = sock.recv(1 << 16)
                if not chunk:
                    break
                self._buffer += chunk
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise ModLinkError(f"lost the relay connection: {exc}") from None
        finally:
            sock.setblocking(True)
        while b"\n" in self._buffer:
            line, _, self._buffer = self._buffer.partition(b"\n")
            if line.strip():
                self._decode(line)  # raises on a relay error; a stale message is dropped

    def send(self, command: str) -> None:
        try:
            self._connected().sendall((command.strip() + "\n").encode("utf-8"))
        except OSError as exc:
            raise ModLinkError(f"lost the relay connection: {exc}") from None

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None
        self._buffer = b""

    def _connected(self) -> socket.socket:
        if self._sock is None:
            raise ModLinkError("not connected to the relay; call reset() first")
        return self._sock

    def _decode(self, line: bytes) -> Any:
        message = self.format.decode(line)
        if isinstance(message, dict) and RELAY_ERROR in message:
            raise ModLinkError(str(message[RELAY_ERROR]))
        return message
