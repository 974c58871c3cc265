"""Reading Orak's Her Story plugin: JSON lines appended to ``game_log.txt``, tailed as they come.

The plugin never rewrites a line and never waits for us, so this link only reads: the game's answer
to a click is the next line(s). It is a :class:`~orak_gym.backends.mod_link.GameLink` whose messages
are lines of the core's ``JSON_OBJECTS`` format, so a broken record is the core's
:class:`~orak_gym.backends.mod_link.ModLinkError`, one line, with the file left as it is.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from orak_gym.backends.mod_link import JSON_OBJECTS, GameLink, MessageFormat, ModLinkError

#: The longest line accepted: a transcript is a few KB; a line without an end this long is not a record.
MAX_LINE_BYTES = 4 * 1024 * 1024


class LogTail(GameLink):
    """Lines appended to ``path`` after ``start()``: ``read(timeout)`` returns the next whole line.

    A line still being written (no newline yet) waits; a file that shrinks (the game restarted and
    began a new log) is read again from its start.
    """

    def __init__(self, path: Path, poll: float = 0.02, message_format: MessageFormat = JSON_OBJECTS) -> None:
        self.path, self.poll, self.format = Path(path), poll, message_format
        self._offset = 0
        self._buffer = b""
        self._closed = False

    def start(self, from_last_line: bool = True) -> None:
        """Begins at the last whole line already written (the game's current screen), or at the end."""
        self._buffer = b""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            self._offset = 0
            return
        end = len(data)
        if from_last_line:
            body = data.rstrip(b"\r\n")
            end = body.rfind(b"\n") + 1 if body else 0
        self._offset = end

    def announce(self) -> None:  # the plugin waits for nobody
        pass

    def write(self, line: str) -> None:
        raise ModLinkError("Her Story's plugin takes no commands: input goes to the game window")

    def close(self) -> None:
        self._closed = True

    def read(self, timeout: float | None = None) -> str | None:
        """The next whole line (without its end), or None after ``timeout`` seconds or once closed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._closed:
            line = self._take_line()
            if line is not None:
                if line.strip():
                    return line
                continue
            if not self._read_more() and deadline is not None and time.monotonic() >= deadline:
                return None
        return None

    def read_record(self, timeout: float) -> dict[str, Any] | None:
        """The next line as a JSON object (ModLinkError for anything else), None after ``timeout``."""
        line = self.read(timeout)
        return None if line is None else self.format.decode(line)

    def pending(self) -> bool:
        """Whether lines were written that ``read`` has not returned yet."""
        return b"\n" in self._buffer or self._size() > self._offset

    def _take_line(self) -> str | None:
        cut = self._buffer.find(b"\n")
        if cut < 0:
            if len(self._buffer) > MAX_LINE_BYTES:
                self._buffer = b""
                raise ModLinkError(f"{self.path.name} holds a line over {MAX_LINE_BYTES} bytes with no end")
            return None
        line, self._buffer = self._buffer[:cut], self._buffer[cut + 1 :]
        return line.rstrip(b"\r").decode("utf-8", errors="replace")

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _read_more(self) -> bool:
        """Appends what the plugin wrote since the last read to the buffer; False when nothing came."""
        size = self._size()
        if size < self._offset:  # a new log: the game started again
            self._offset, self._buffer = 0, b""
        if size == self._offset:
            time.sleep(self.poll)
            return False
        with self.path.open("rb") as f:
            f.seek(self._offset)
            chunk = f.read(size - self._offset)
        self._offset += len(chunk)
        self._buffer += chunk
        return bool(chunk)
