"""An optional shared bearer token for the HTTP servers, checked by the SDK's own auth middleware.

A game server reachable from another machine should not be playable (or exhaustible) by anyone
who can reach the port; a static token is the smallest thing that stops that. The SDK's
``RequireAuthMiddleware`` answers 401 to a request without it.
"""

from __future__ import annotations

import hmac
from typing import Any

from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings


class StaticTokenVerifier:
    """Accepts exactly one token (compared in constant time)."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("the bearer token must not be empty")
        self._token = token

    async def verify_token(self, token: str) -> AccessToken | None:
        if hmac.compare_digest(token.encode("utf-8"), self._token.encode("utf-8")):
            return AccessToken(token=token, client_id="orak-gym", scopes=[])
        return None


def auth_kwargs(token: str | None, base_url: str = "http://127.0.0.1") -> dict[str, Any]:
    """``MCPServer`` keyword arguments that require ``Authorization: Bearer <token>`` (none without a token)."""
    if not token:
        return {}
    return {
        "auth": AuthSettings(issuer_url=base_url, resource_server_url=None),
        "token_verifier": StaticTokenVerifier(token),
    }
