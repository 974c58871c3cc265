"""Child process hosting one stable-retro emulator for :class:`orak_gym.backends.retro.RetroBackend`.

Run as ``python -m orak_gym.backends.retro_child FD``: reads ``(integration, state, root)`` from
the socket ``FD``, builds the emulator, then answers ``(method, args)`` calls until ``close``
or until the parent goes away (EOF), so an orphaned child never lingers.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from typing import Any


def serve(conn: Any) -> None:
    """Builds the emulator from the first message, then serves calls; errors go back as text."""
    from orak_gym.backends.retro import RetroEmulator

    try:
        integration, state, custom_root = conn.recv()
        emu = RetroEmulator(integration, state, custom_root)
    except Exception as exc:
        conn.send(("err", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ok", emu.describe()))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            break
        if method == "close":
            emu.close()
            conn.send(("ok", None))
            break
        try:
            conn.send(("ok", getattr(emu, method)(*args)))
        except Exception as exc:
            conn.send(("err", f"{type(exc).__name__}: {exc}"))


def main(argv: list[str]) -> None:
    if len(argv) != 2 or not argv[1].isdigit():
        sys.exit("usage: python -m orak_gym.backends.retro_child FD (started by RetroBackend)")
    conn = Connection(int(argv[1]))
    try:
        serve(conn)
    finally:
        conn.close()


if __name__ == "__main__":
    main(sys.argv)
