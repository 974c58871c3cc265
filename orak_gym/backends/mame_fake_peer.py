"""A pure-Python stand-in for MAME that speaks the bridge protocol (``orak_gym/backends/mame_bridge.lua``).

For games whose ROM CI cannot have: it reads the same ``ORAK_MAME_CONFIG`` file (RAM list, input
fields, frame file), answers the same JSON-line commands on stdin/stdout, and replays a scripted RAM
timeline (invented content) frame by frame::

    python -I orak_gym/backends/mame_fake_peer.py scenario.json

``scenario.json``: ``{"system", "w", "h", "ports": {tag: [field names]}, "timeline": [[frame,
{"<address>": value, ...}], ...], "exit_at": frame or null, "input_log": path or null}``.  A value holds
from its keyframe on until a later keyframe (or a ``poke``) changes it; addresses never set read 0.
``exit_at`` makes the peer die abruptly at that frame (MAME crashing mid-round); ``input_log`` gets
one ``frame mask`` line per step, so tests see exactly which inputs reached the machine and when.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _config(path: str) -> tuple[list[tuple[int, str]], list[tuple[str, str]], str]:
    rams: list[tuple[int, str]] = []
    fields: list[tuple[str, str]] = []
    frame_file = ""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "ram":
                rams.append((int(parts[1], 0), parts[2]))
            elif parts[0] == "field":
                fields.append((parts[1], parts[2]))
            elif parts[0] == "framefile":
                frame_file = parts[1]
    return rams, fields, frame_file


def _wrap(value: int, kind: str) -> int:
    bits = {"u8": 8, "s8": 8, "u16": 16, "s16": 16, "u32": 32}[kind]
    value &= (1 << bits) - 1
    if kind.startswith("s") and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


class FakePeer:
    """The replay: the timeline's values at the current frame, plus pokes."""

    def __init__(self, scenario: dict[str, Any], config_path: str) -> None:
        self.scenario = scenario
        self.rams, self.fields, self.frame_file = _config(config_path)
        self.keyframes = sorted(
            (int(frame), {int(k, 0): int(v) for k, v in values.items()})
            for frame, values in scenario.get("timeline", [])
        )
        self.values: dict[int, int] = {}
        self.next_key = 0
        self.frame = 0
        self.exit_at = scenario.get("exit_at")
        log = scenario.get("input_log")
        self.log = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115
        self._advance_to(0)

    def _advance_to(self, frame: int) -> None:
        while self.next_key < len(self.keyframes) and self.keyframes[self.next_key][0] <= frame:
            self.values.update(self.keyframes[self.next_key][1])
            self.next_key += 1

    def hello(self) -> dict[str, Any]:
        ports = self.scenario.get("ports", {})
        known = {(tag, name) for tag, names in ports.items() for name in names}
        missing = [f"{tag} / {name}" for tag, name in self.fields if (tag, name) not in known]
        return {"t": "ready", "system": self.scenario.get("system", "fake"), "w": self.scenario.get("w", 0),
                "h": self.scenario.get("h", 0), "missing": missing, "ports": ports}  # fmt: skip

    def observe(self, image: bool) -> dict[str, Any]:
        ram = [_wrap(self.values.get(address, 0), kind) for address, kind in self.rams]
        w = h = 0
        if image and self.frame_file:
            w, h = int(self.scenario.get("w", 0)), int(self.scenario.get("h", 0))
            row = bytes((x * 7 + self.frame) & 0xFF for x in range(w * 4))  # a moving gradient, never blank
            with open(self.frame_file, "wb") as fh:
                fh.write(row * h)
        return {"t": "obs", "frame": self.frame, "ram": ram, "w": w, "h": h}

    def step(self, frames: int, mask: int, image: bool) -> dict[str, Any]:
        if self.log is not None:
            self.log.write(f"{self.frame} {frames} {mask}\n")
            self.log.flush()
        for _ in range(max(frames, 1)):
            self.frame += 1
            if self.exit_at is not None and self.frame >= int(self.exit_at):
                sys.stderr.write("fake peer: scripted crash\n")
                sys.stderr.flush()
                os._exit(1)
            self._advance_to(self.frame)
        return self.observe(image)

    def serve(self) -> None:
        print(json.dumps(self.hello()), flush=True)
        for line in sys.stdin:
            try:
                command = json.loads(line)
            except ValueError:
                print(json.dumps({"t": "error", "message": "not JSON"}), flush=True)
                continue
            verb, args = command[0], [int(a) for a in command[1:]]
            if verb == "step":
                reply = self.step(args[0], args[1], bool(args[2]))
            elif verb == "peek":
                reply = self.observe(bool(args[0]) if args else False)
            elif verb == "poke":
                self.values[args[0]] = args[1]
                reply = {"t": "ok"}
            elif verb == "quit":
                return
            else:
                reply = {"t": "error", "message": f"unknown command: {verb}"}
            print(json.dumps(reply), flush=True)


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as fh:
        scenario = json.load(fh)
    FakePeer(scenario, os.environ["ORAK_MAME_CONFIG"]).serve()


if __name__ == "__main__":
    main(sys.argv[1:])
