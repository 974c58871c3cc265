"""Records the RAM snapshots the decoder tests use (needs the ROM; run by hand, not by pytest).

    ORAK_ASSETS=... python tests/games/super_mario/data/record_snapshots.py

Plays World 1-1 with the look-ahead expert and saves, for the first moment each object class
is on screen, the 2 KiB of NES RAM (``<name>.npy``) plus what the decoder read from it
(``snapshots.json``).  The expectations were checked by eye against the frames saved in
/tmp while recording (not committed).

    python tests/games/super_mario/data/record_snapshots.py --redecode

keeps the recorded RAM and only refreshes ``snapshots.json`` (after a change of the state's fields
or text); it needs no ROM.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from orak_gym.games.super_mario import ram as smb
from orak_gym.games.super_mario.actions import JumpLevel
from orak_gym.games.super_mario.env import SuperMarioEnv
from orak_gym.games.super_mario.expert import SuperMarioExpert
from orak_gym.games.super_mario.level import goal_x

HERE = Path(__file__).resolve().parent
CLASSES = (
    "bricks",
    "question_blocks",
    "inactivated_blocks",
    "goombas",
    "koopas",
    "pits",
    "pipes",
    "stairs",
    "flag",
    "mushrooms",
)


def main() -> None:
    env = SuperMarioEnv(render_mode="rgb_array")
    snapshots: dict[str, dict] = {}

    def keep(name: str) -> None:
        state = env.state
        np.save(HERE / f"{name}.npy", env._ram[:0x800].copy())
        snapshots[name] = {"flag_x": env.flag_x, "state": state.to_dict(), "text": state.to_text()}
        if env.render_mode:
            from PIL import Image

            Image.fromarray(env.render()).save(f"/tmp/smb_{name}.png")

    env.reset(seed=0)
    keep("start")
    expert = SuperMarioExpert(env=env)
    seen: set[str] = set()
    for _ in range(100):
        state = env.state
        for cls in CLASSES:
            if cls not in seen and state.objects[cls]:
                seen.add(cls)
                keep(cls)
        level = env.action_parser.parse(expert(state.to_text(), {})).actions[0]
        _, _, done, _, _ = env.step(level)
        if done:
            break
    assert isinstance(level, JumpLevel)
    keep("cleared")
    record_castle(env, keep)
    meta = {"goal_x_1_1": goal_x(env.backend.integration.rom.path, 0xA690), "snapshots": snapshots}
    (HERE / "snapshots.json").write_text(json.dumps(meta, indent=1, sort_keys=True))
    env.close()
    print("recorded", sorted(snapshots))


def record_castle(env: SuperMarioEnv, keep) -> None:
    """World 1-4: walk (hopping now and then) until the first fire bar is on screen."""
    env.reset(seed=0, options={"level": "1-4"})
    for i in range(150):
        env.step(1 if i % 8 else 2)
        if env.state.other_enemies:
            keep("fire_bar")
            return


def redecode() -> None:
    """Re-decodes the recorded RAM with the current decoder, keeping each snapshot's context."""
    meta = json.loads((HERE / "snapshots.json").read_text())
    for name, snap in meta["snapshots"].items():
        history = [tuple(p) for p in snap["state"]["history"]]
        state = smb.decode(np.load(HERE / f"{name}.npy"), snap["flag_x"], snap["state"]["previous_action"], history)
        snap["state"], snap["text"] = state.to_dict(), state.to_text()
    (HERE / "snapshots.json").write_text(json.dumps(meta, indent=1, sort_keys=True))
    print("re-decoded", sorted(meta["snapshots"]))


if __name__ == "__main__":
    redecode() if "--redecode" in sys.argv else main()
