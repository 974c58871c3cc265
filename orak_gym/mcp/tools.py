"""How both servers register tools and shape JSON results."""

from __future__ import annotations

import inspect
import json
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp_types import CallToolResult, TextContent, ToolAnnotations

from orak_gym.core.state import to_jsonable

#: Annotations of tools that only read, and of tools that change the game or the agent's memory.
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)
ACTING = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


def add_tool(server: MCPServer, fn: Any, *, name: str, annotations: ToolAnnotations) -> None:
    """Registers ``fn`` under ``name`` with its docstring, dedented, as the description an LLM reads.

    Tools return a ready ``CallToolResult``, so no output schema is derived from the signature.
    """
    description = inspect.cleandoc(fn.__doc__ or "")
    server.add_tool(fn, name=name, description=description, annotations=annotations, structured_output=False)


def json_result(payload: Any) -> CallToolResult:
    """A JSON text block (what Orak's client parses) and the same object as structured content."""
    payload = to_jsonable(payload)
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(payload, ensure_ascii=False, default=repr))],
        structured_content=payload,
    )
