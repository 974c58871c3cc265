"""Orak's plug-and-play interface over MCP: game servers, agent servers, and envs served elsewhere.

Needs the ``mcp`` extra (the official SDK) for everything but :mod:`orak_gym.mcp.ids`, which
registers the ``orak-mcp/...`` ids with no SDK import.
"""
