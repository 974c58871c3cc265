"""Plays Slay the Spire's side of CommunicationMod for the bridge tests (run as its own process).

Like the mod, it launches the bridge command as a child process, waits for ``ready`` on the
child's stdout (10 s), then writes one JSON message per line to the child's stdin and reads one
command per line back.  The messages come from the embedded engine (``--engine SEED``) or from a
hand-written script (``--script FILE``: a JSON list; each command received is answered with the
next message).  Every command received is appended to ``--log``.  When the messages run out the
double closes the pipe, as the game does when it quits.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--script")
    parser.add_argument("--engine", action="store_true", help="answer from the embedded engine")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    bridge = subprocess.Popen(
        [sys.executable, "-m", "orak_gym.cli", "spire", "bridge", "--port", str(args.port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    deadline = time.monotonic() + 10
    first = bridge.stdout.readline().strip()
    if first.lower() != "ready" or time.monotonic() > deadline:
        print(f"game double: no 'ready' from the bridge (got {first!r})", file=sys.stderr)
        bridge.kill()
        return 1
    log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the whole run
    if args.engine:
        from orak_gym.games.slay_the_spire.engine import InvalidCommand, SpireEngine

        engine = None
        message = {"available_commands": ["start", "state"], "ready_for_command": True, "in_game": False}
        bridge.stdin.write(json.dumps(message) + "\n")
        for line in bridge.stdout:
            command = line.strip()
            if command.upper() == "STATE":  # the mod answers STATE with the current state
                bridge.stdin.write(json.dumps(engine.state() if engine else message) + "\n")
                continue
            log.write(command + "\n")
            log.flush()
            if command.upper().startswith("START"):  # START class ascension seed
                _, character, ascension, seed = command.split()
                engine = SpireEngine(int(seed), character=character.upper(), ascension=int(ascension))
                if not engine.state().get("in_game"):
                    engine.apply(f"START {character} {ascension}")
                reply = engine.state()
            elif engine is None:
                reply = {"error": "Invalid command: not in a run", "ready_for_command": True}
            else:
                try:
                    engine.apply(command)
                    reply = engine.state()
                except InvalidCommand as exc:
                    reply = {"error": str(exc), "ready_for_command": True}
            bridge.stdin.write(json.dumps(reply) + "\n")
            if engine.is_over:
                break
    else:
        with open(args.script, encoding="utf-8") as fh:
            messages = json.load(fh)
        bridge.stdin.write(json.dumps(messages[0]) + "\n")
        current = messages[0]

        def next_command() -> str:
            while True:  # the mod answers STATE with the current state, without moving on
                command = bridge.stdout.readline().strip()
                if command.upper() != "STATE":
                    return command
                bridge.stdin.write(json.dumps(current) + "\n")

        for reply in messages[1:]:
            log.write(next_command() + "\n")
            log.flush()
            bridge.stdin.write(json.dumps(reply) + "\n")
            current = reply
        command = next_command()  # the command that finds the game gone
        if command:
            log.write(command + "\n")
    log.close()
    bridge.stdin.close()  # the game quits
    bridge.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
