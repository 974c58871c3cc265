"""Secrets never reach a shared file: the one place settings are made fit to record or show.

Run files (``config.json``, ``arena.json``), leaderboard labels and error messages are made to be
shared, so a setting whose name says it is a secret (``token``, ``api_key``, ``password``, ...) is
recorded as :data:`REDACTED`.  A run resumed from such a file reads the secret again from where it
came: the same ``--env-kwargs``, or the environment variable the setting defaults to
(``ORAK_MCP_TOKEN`` for an MCP game server's ``token``).
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"

_SECRET_WORDS = frozenset(
    {"key", "apikey", "token", "secret", "password", "passwd", "pwd", "credential", "credentials", "auth",
     "authorization", "cookie", "bearer"}
)  # fmt: skip
_SECRET_ENDINGS = ("apikey", "token", "secret", "password")


def is_secret_name(name: object) -> bool:
    """Whether a setting's name says its value is a secret (``token``, ``api_key``, ``dbPassword``);
    a word of its own, so ``target_tile`` or ``max_tokens_hint`` stay settings."""
    if not isinstance(name, str):
        return False
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()) if w]
    flat = "".join(words)
    return any(w in _SECRET_WORDS for w in words) or flat.endswith(_SECRET_ENDINGS)


def redact(value: Any) -> Any:
    """``value`` with every secret-named entry (at any depth of dicts and lists) replaced by
    :data:`REDACTED`; the input is left as it is."""
    if isinstance(value, dict):
        return {k: REDACTED if is_secret_name(k) and v is not None else redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    return value


def unredacted(value: Any) -> Any:
    """``value`` without the entries a recorded file redacted (so they default again, e.g. from the
    environment), at any depth."""
    if isinstance(value, dict):
        return {k: unredacted(v) for k, v in value.items() if v != REDACTED}
    if isinstance(value, list):
        return [unredacted(v) for v in value]
    return value


def redact_text(text: str, secrets: Any) -> str:
    """``text`` with every secret value found in ``secrets`` (settings, at any depth) replaced by
    :data:`REDACTED`: for messages that quote what a library said about a setting."""
    for secret in _secret_values(secrets):
        text = text.replace(secret, REDACTED)
    return text


def _secret_values(value: Any, secret: bool = False) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _secret_values(v, secret or is_secret_name(k))]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _secret_values(v, secret)]
    return [str(value)] if secret and value not in (None, "", REDACTED) and len(str(value)) >= 3 else []
