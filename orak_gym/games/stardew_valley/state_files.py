"""The mod's side of the link: the newest state file it wrote, and ``action.json`` for its hotkeys.

StateExtractor writes a new timestamped JSON file whenever the game changes (a warp, a shop menu, a new
day, a button released) and skips unchanged states; it reads ``{"name", "params"}`` from ``action.json``
when a hotkey needs parameters (J tills ``num_tiles``). The newest file is the one with the latest
modification time (names break ties). A file the mod is still writing is re-read until it is whole JSON.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from orak_gym.backends.mod_link import ModLinkError

MAX_STATE_BYTES = 4_000_000  # a farm's state is kilobytes; more is not the mod's


def newest(state_dir: Path) -> tuple[int, str] | None:
    """(mtime_ns, name) of the newest ``*.json`` file, or None when there is none (or no folder)."""
    best: tuple[int, str] | None = None
    try:
        with os.scandir(state_dir) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and entry.is_file():
                    key = (entry.stat().st_mtime_ns, entry.name)
                    best = key if best is None or key > best else best
    except (FileNotFoundError, NotADirectoryError):
        return None
    return best


def read_state(state_dir: Path, name: str, settle: float = 2.0, poll: float = 0.02) -> dict[str, Any]:
    """The JSON object in ``state_dir/name``, waiting up to ``settle`` s for a half-written file to finish."""
    path = state_dir / name
    deadline = time.monotonic() + settle
    while True:
        try:
            if path.stat().st_size > MAX_STATE_BYTES:
                raise ModLinkError(f"the mod's state file {name[:60]} is over {MAX_STATE_BYTES:,} bytes")
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            record = json.loads(text)
        except FileNotFoundError:
            raise ModLinkError(f"the mod's state file {name[:60]} vanished while being read") from None
        except ValueError:
            if time.monotonic() > deadline:
                raise ModLinkError(
                    f"the mod's state file {name[:60]} is not whole JSON after {settle:g} s (cut off or corrupt)"
                ) from None
            time.sleep(poll)
            continue
        if not isinstance(record, dict):
            raise ModLinkError(f"the mod's state file {name[:60]} holds a JSON {type(record).__name__}, not an object")
        return record


def write_action(path: Path, name: str, params: dict[str, Any]) -> None:
    """``action.json`` as the mod reads it, replaced whole so the mod never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"name": name, "params": params}, indent=4), encoding="utf-8")
    os.replace(tmp, path)
