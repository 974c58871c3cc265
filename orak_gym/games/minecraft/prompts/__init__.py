"""Minecraft's prompt data: the map to Orak's own prompts (our templates are the defaults)."""
