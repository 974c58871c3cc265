"""Darkest Dungeon's save reading: our DSON decoder (and encoder) against the standard library's JSON
parser on the same content, the baseline a reader of the game's saves could not beat in pure Python.

    .venv/bin/python benchmarks/darkest_dungeon.py [--heroes 24] [--repeats 200]

The save is a roster as the game writes one: ``base_root`` holding ``heroes``, each hero an embedded
DSON file of its own (name, class, stress, a float HP, quirks, skills, an int vector of equipment),
invented content at the size of a late-game roster.  Rows: per save, decode and encode time (CPU in
this process), MB/s, and the ratio to ``json.loads`` / ``json.dumps`` of the same dict.  The env
decodes four such files per step (game, raid, map, roster), so decode CPU x 4 bounds our side of a step.
"""

from __future__ import annotations

import argparse
import json
import time

from orak_gym.games.darkest_dungeon import dson


def roster(heroes: int) -> dict:
    def hero(i: int) -> dson.Embedded:
        return dson.Embedded(
            {
                "base_root": {
                    "actor": {"name": f"Invented Hero {i}", "current_hp": 20.5 + i, "stress": 10 * (i % 9)},
                    "heroClass": ["plague_doc", "crusader", "vestal", "highwayman"][i % 4],
                    "resolveXp": 12 * i,
                    "quirks": {f"quirk_{q}": {"is_locked": q % 2 == 0, "chance": q} for q in range(6)},
                    "skills": {f"skill_{s}": {"level": s % 5, "selected": s < 4} for s in range(7)},
                    "weapon_level": i % 5,
                    "trinkets": {"items": [i, i + 1]},
                }
            }
        )

    return {"base_root": {"heroes": {str(i): {"hero_file_data": hero(i)} for i in range(heroes)}}}


HINTS = dson.Hints.of(floats={"current_hp"})


def timed(work, repeats: int) -> float:
    """CPU seconds per call (process time: the machine is shared)."""
    work()
    start = time.process_time()
    for _ in range(repeats):
        work()
    return (time.process_time() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heroes", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    data = roster(args.heroes)
    blob = dson.encode(data, HINTS)
    assert dson.decode(blob, HINTS) == data, "the benchmark's save must round-trip"
    text = json.dumps(data)
    decode = timed(lambda: dson.decode(blob, HINTS), args.repeats)
    encode = timed(lambda: dson.encode(data, HINTS), args.repeats)
    json_loads = timed(lambda: json.loads(text), args.repeats)
    json_dumps = timed(lambda: json.dumps(data), args.repeats)
    mb = len(blob) / 1e6
    print(f"roster of {args.heroes} heroes: {len(blob):,} bytes of DSON ({len(text):,} bytes as JSON)")
    print(f"{'':8} {'ms/save (CPU)':>14} {'MB/s':>8} {'vs json':>8}")
    print(f"{'decode':8} {1000 * decode:14.3f} {mb / decode:8.1f} {decode / json_loads:7.1f}x")
    print(f"{'encode':8} {1000 * encode:14.3f} {mb / encode:8.1f} {encode / json_dumps:7.1f}x")
    print(f"{'json':8} {1000 * json_loads:14.3f} (loads) {1000 * json_dumps:.3f} (dumps)")


if __name__ == "__main__":
    main()
