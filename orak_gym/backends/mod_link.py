"""The shared link to a game mod: lines of messages and commands over a pipe or a pair of files.

Commercial games are played through mods that speak in one of two ways: over the pipe of a process
the mod starts (CommunicationMod: one message per line on our stdin, one command per line on our
stdout), or through two files (Orak's mods: the mod writes each message to one file and reads
commands from another). A :class:`GameLink` hides which; :mod:`orak_gym.backends.mod_relay` relays
a link to an env over a loopback socket when the mod, not the env, starts the process.

The links are generic over the message format: a :class:`MessageFormat` says when a message read
from a file is whole (a mod may still be writing it) and turns a line into a Python value. Every
failure is a :class:`ModLinkError`, a :class:`~orak_gym.core.errors.BackendError`.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from orak_gym.core.errors import BackendError


class ModLinkError(BackendError):
    """The mod is not reachable, went away, or sent something that is not a message."""


def _decode_json_object(line: str | bytes) -> dict[str, Any]:
    try:
        message = json.loads(line)
    except ValueError:
        raise ModLinkError(f"the mod sent something that is not JSON: {line[:80]!r}") from None
    if not isinstance(message, dict):
        raise ModLinkError(f"the mod sent a JSON {type(message).__name__}, not an object")
    return message


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class MessageFormat:
    """How a mod's messages are written: ``complete(text)`` is true once a message read from a file
    is whole; ``decode(line)`` turns one message into a value (raising :class:`ModLinkError`)."""

    complete: Callable[[str], bool]
    decode: Callable[[str | bytes], Any]


#: One JSON object per message: CommunicationMod's and Orak's mods.
JSON_OBJECTS = MessageFormat(complete=_is_json, decode=_decode_json_object)


class GameLink:
    """The game's side: ``read()`` one message line (None once the game is gone), ``write()`` a command."""

    def announce(self) -> None:
        """Tells the mod the link is ready (CommunicationMod and Orak's file mod wait for ``ready``)."""
        self.write("ready")

    def read(self) -> str | None:
        raise NotImplementedError

    def write(self, line: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stops reading (``read`` returns None soon after)."""


class PipeLink(GameLink):
    """A mod that started this process: its messages on ``stdin``, our commands on ``stdout``."""

    def __init__(self, stdin: IO[str], stdout: IO[str]) -> None:
        self.stdin, self.stdout = stdin, stdout

    def read(self) -> str | None:
        line = self.stdin.readline()
        return line.rstrip("\r\n") if line else None

    def write(self, line: str) -> None:
        self.stdout.write(line + "\n")
        self.stdout.flush()


class FileLink(GameLink):
    """A mod that talks through two files: commands go to ``commands`` (replaced whole each time), and
    each message is taken from ``messages`` by renaming it, so the mod can write the next one."""

    def __init__(
        self, commands: Path, messages: Path, poll: float = 0.05, message_format: MessageFormat = JSON_OBJECTS
    ) -> None:
        self.commands, self.messages, self.poll = Path(commands), Path(messages), poll
        self.format = message_format
        self.commands.parent.mkdir(parents=True, exist_ok=True)
        self.messages.parent.mkdir(parents=True, exist_ok=True)
        self.messages.unlink(missing_ok=True)
        self._closed = False

    def close(self) -> None:
        self._closed = True

    def read(self, timeout: float | None = None) -> str | None:
        """The next whole message, or None once closed (or after ``timeout`` seconds)."""
        taken = self.messages.with_name(self.messages.name + ".processing")
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._closed and (deadline is None or time.monotonic() < deadline):
            try:
                os.replace(self.messages, taken)
            except (FileNotFoundError, PermissionError):  # none yet; on Windows the mod may still hold it
                time.sleep(self.poll)
                continue
            text = self._settled(taken)
            taken.unlink(missing_ok=True)
            if text:
                return text
        return None

    def _settled(self, taken: Path, wait: float = 2.0) -> str:
        """The taken file's text once it is a whole message: the mod may still be writing it (on
        POSIX a renamed file keeps receiving the writer's bytes)."""
        deadline = time.monotonic() + wait
        while True:
            text = taken.read_text(encoding="utf-8").strip()
            if self.format.complete(text) or time.monotonic() > deadline:
                return text
            time.sleep(self.poll)

    def write(self, line: str) -> None:
        tmp = self.commands.with_name(self.commands.name + ".tmp")
        tmp.write_text(line + "\n", encoding="utf-8")
        os.replace(tmp, self.commands)


def setting(value: str | os.PathLike | None, variable: str) -> str | None:
    """A keyword argument when given, else the environment variable (unset or empty: None)."""
    return os.fspath(value) if value is not None else os.environ.get(variable) or None


def folder_setting(value: str | os.PathLike | None, variable: str) -> Path | None:
    found = setting(value, variable)
    return Path(found).expanduser() if found else None


def launch_setting(value: str | Sequence[str] | None, variable: str) -> tuple[str, ...]:
    """The owner's launch command: a list as given, or one string split as its platform's shell would."""
    command = value if value is not None else os.environ.get(variable, "")
    return tuple(shlex.split(command, posix=os.name != "nt")) if isinstance(command, str) else tuple(command)


@dataclass(frozen=True)
class GameSetup:
    """Where an owner's game is and how to start it (each game's ``install.Setup`` adds its own settings)."""

    game_dir: Path | None
    launch: tuple[str, ...]

    @property
    def private_dir(self) -> bool:
        """Each env makes its own folder: no ``game_dir``, and a launch command that takes one (``{game_dir}``)."""
        return self.game_dir is None and any("{game_dir}" in part for part in self.launch)


def launch_game(title: str, launch: Sequence[str], game_dir: Path) -> subprocess.Popen:
    """Starts the game (or a stand-in for it) with the owner's ``launch`` command, ``{game_dir}`` filled in,
    in the game's folder; a command that cannot start is one :class:`ModLinkError` line."""
    command = [part.replace("{game_dir}", str(game_dir)) for part in launch]
    try:
        return subprocess.Popen(command, cwd=game_dir, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ModLinkError(f"could not start {title} with {command[0]!r}: {exc.strerror}") from None


def stop_game(process: subprocess.Popen | None, timeout: float = 5.0) -> None:
    """Stops a game :func:`launch_game` started: asked first, killed if it does not go within ``timeout``."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


class OwnedGame:
    """The game process an env started and the private folder it made for it, released by ``release()``
    (the env's close) or, failing that, when the env is garbage-collected: an env never closed (a test, a
    copy ``check_env`` made) leaves no game running and no folder behind.  Envs read ``process`` and
    ``folder``; the finalizer holds only this holder's parts, never the env."""

    def __init__(self, owner: object) -> None:
        self._parts: dict[str, Any] = {}
        self._finalizer = weakref.finalize(owner, _release_parts, self._parts)

    @property
    def process(self) -> subprocess.Popen | None:
        return self._parts.get("process")

    @property
    def folder(self) -> Path | None:
        return self._parts.get("folder")

    def make_folder(self, prefix: str) -> Path:
        """A private folder for the game (a launch command with ``{game_dir}``)."""
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._parts["folder"] = folder
        return folder

    def launch(self, title: str, launch: Sequence[str], game_dir: Path) -> subprocess.Popen:
        """:func:`launch_game`, after stopping a game this holder started before."""
        self.stop()
        self._parts["process"] = process = launch_game(title, launch, game_dir)
        return process

    def stop(self) -> None:
        stop_game(self._parts.pop("process", None))

    def release(self) -> None:
        """Stops the game and removes the private folder (both may be absent)."""
        _release_parts(self._parts)


def _release_parts(parts: dict[str, Any]) -> None:
    stop_game(parts.pop("process", None))
    folder = parts.pop("folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


class OwnsGameMixin:
    """For an env that may start its game (``launch``): ``self.owned`` holds the process and the private
    folder; ``game`` and ``_private`` read them."""

    owned: OwnedGame

    @property
    def game(self) -> subprocess.Popen | None:
        """The game process this env started, or None (the owner runs the game)."""
        return self.owned.process

    @property
    def _private(self) -> Path | None:
        return self.owned.folder
