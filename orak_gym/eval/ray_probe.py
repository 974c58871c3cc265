"""Joins a Ray cluster once, in a process of its own, and says in one JSON line how it went.

Why a separate process: a driver that cannot join (a wrong token, an address Ray rewrites to one
nobody listens on) makes ``ray.init`` retry for minutes and print Ray's own log lines, and a call
stuck in Ray's C++ client cannot be cancelled. In a child process the attempt is bounded (it is
killed at the deadline), its output is ours to read, and the driver joins for real only once the
probe has. Run as ``python -m orak_gym.eval.ray_probe ADDRESS``; prints ``{"ok": true, "resources":
{...}}`` or ``{"ok": false, "cause": ..., "detail": ...}``.
"""

from __future__ import annotations

import json
import socket
import sys
from typing import Any

LOOPBACK_ONLY_VARIABLE = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def _listening(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError:
        return False
    return True


def _rewritten(address: str) -> str | None:
    """The address Ray will really dial for ``address`` when that is not ``address`` itself and
    nobody listens there (Ray turns 127.0.0.1 into the machine's address unless
    ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``)."""
    try:
        from ray._private.services import canonicalize_bootstrap_address
    except ImportError:  # a Ray without it: nothing to foresee, the bounded join still holds
        return None
    try:
        dialled = canonicalize_bootstrap_address(address)
    except Exception:
        return None
    if not dialled or dialled == address:
        return None
    host, _, port = dialled.rpartition(":")
    return None if _listening(host.strip("[]"), int(port)) else dialled


def probe(address: str) -> dict[str, Any]:
    import ray

    rewritten = _rewritten(address)
    if rewritten is not None:
        return {"ok": False, "cause": "rewritten", "detail": rewritten}
    no_token = getattr(ray.exceptions, "AuthenticationError", ())  # Ray < 2.52 has no token authentication
    try:
        ray.init(address=address, log_to_driver=False, include_dashboard=False, configure_logging=False)
    except no_token as exc:
        return {"ok": False, "cause": "no_token", "detail": str(exc).strip().splitlines()[0]}
    except (ConnectionError, RuntimeError, ValueError) as exc:
        return {"ok": False, "cause": "refused", "detail": str(exc).strip().splitlines()[0]}
    try:
        return {"ok": True, "resources": dict(ray.cluster_resources())}
    finally:
        ray.shutdown()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m orak_gym.eval.ray_probe ADDRESS", file=sys.stderr)
        return 2
    print(json.dumps(probe(argv[0])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
