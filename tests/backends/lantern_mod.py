"""A stand-in for a game's mod that talks through two files, with invented content ("Lanterns").

Run as ``python lantern_mod.py FOLDER``: it waits for ``ready`` in ``FOLDER/commands.txt``, then
answers each command file (read and deleted) with one message in ``FOLDER/messages.txt``, written
in its own line format, ``turn=T lit=L wind=W done=D;``. Commands: ``START seed``, ``LIGHT k``
(k = 1-3), ``WAIT``, ``QUIT``. Each turn the wind (seeded) blows out 0 or 1 lantern; the game is
done at 12 lanterns or 15 turns. A command it cannot read gets ``error=...;``. Like a real mod it
knows nothing of orak-gym; it exits when its folder disappears or on ``QUIT``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path


def main(folder: Path) -> int:
    commands, messages = folder / "commands.txt", folder / "messages.txt"
    rng, turn, lit = random.Random(0), 0, 0
    while folder.exists():
        try:
            command = commands.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            time.sleep(0.002)
            continue
        commands.unlink(missing_ok=True)
        word, _, argument = command.partition(" ")
        if word == "ready":
            continue
        if word == "QUIT":
            return 0
        if word == "START" and argument.isdigit():
            rng, turn, lit = random.Random(int(argument)), 0, 0
            wind = 0
        elif word in ("LIGHT", "WAIT") and (word == "WAIT" or argument in ("1", "2", "3")):
            turn += 1
            wind = rng.randint(0, 1)
            lit = max(0, lit + (int(argument) if word == "LIGHT" else 0) - wind)
        else:
            _write(messages, f"error=cannot read {command[:40]!r};")
            continue
        _write(messages, f"turn={turn} lit={lit} wind={wind} done={int(lit >= 12 or turn >= 15)};")
    return 0


def _write(messages: Path, text: str) -> None:
    tmp = messages.with_name("messages.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, messages)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
