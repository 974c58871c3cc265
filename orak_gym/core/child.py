"""The child end of :class:`orak_gym.core.channel.ChildObject`: ``python -m orak_gym.core.child FD``.

Reads ``(factory, args, kwargs)`` from the socket ``FD``, builds the object, then answers
``(method, args)`` with ``("ok", result)`` or ``("err", "Type: message + traceback")`` until
``close`` or until the parent goes away (EOF), so an orphaned child never lingers.
"""

from __future__ import annotations

import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from orak_gym.core.registry import load_object


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"


def serve(conn: Any) -> None:
    """Builds the object from the first message, then serves calls; errors go back as text."""
    try:
        factory, args, kwargs = conn.recv()
        obj = load_object(factory)(*args, **kwargs)
    except (EOFError, OSError):
        return
    except BaseException as exc:
        conn.send(("err", _describe(exc)))
        return
    conn.send(("ok", None))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            break
        if method == "close":
            close = getattr(obj, "close", None)
            if callable(close):
                close()
            conn.send(("ok", None))
            break
        try:
            conn.send(("ok", getattr(obj, method)(*args)))
        except BaseException as exc:
            conn.send(("err", _describe(exc)))


def main(argv: list[str]) -> None:
    if len(argv) != 2 or not argv[1].isdigit():
        sys.exit("usage: python -m orak_gym.core.child FD (started by orak_gym.core.channel.ChildObject)")
    conn = Connection(int(argv[1]))
    try:
        serve(conn)
    finally:
        conn.close()


if __name__ == "__main__":
    main(sys.argv)
