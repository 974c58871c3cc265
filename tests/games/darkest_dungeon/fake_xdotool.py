"""A stand-in for the ``xdotool`` program: the calls the env makes, turned into the fake raid's presses.

Installed by the tests as ``xdotool`` on ``PATH``. ``search --name PATTERN`` finds one window when the
pattern is the game's title, ``windowactivate`` succeeds, ``key KEYSYM`` appends the pad button the owner
bound that key to (docs/games/darkest_dungeon.md) to ``$FAKE_XDOTOOL_CHANNEL``, the fake raid's input
channel. Every call is logged to ``$FAKE_XDOTOOL_CHANNEL.calls``. Anything else fails, as xdotool does.
"""

from __future__ import annotations

import json
import os
import sys

BOUND = {"Return": "a", "Escape": "b", "space": "x", "m": "y", "q": "lb", "e": "rb",
         "Left": "left", "Right": "right", "Up": "up", "Down": "down"}  # fmt: skip
WINDOW = "4194307"


def main(args: list[str]) -> int:
    channel = os.environ["FAKE_XDOTOOL_CHANNEL"]
    with open(channel + ".calls", "a", encoding="utf-8") as log:
        log.write(json.dumps(args) + "\n")
    if args[:2] == ["search", "--name"] and args[2].lstrip("^").startswith("Darkest Dungeon"):
        print(WINDOW)
        return 0
    if args[:3] == ["windowactivate", "--sync", WINDOW]:
        return 0
    if len(args) == 2 and args[0] == "key" and args[1] in BOUND:
        with open(channel, "a", encoding="utf-8") as f:
            f.write(json.dumps({"op": "press", "button": BOUND[args[1]]}) + "\n")
        return 0
    print(f"xdotool: cannot do {args}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
