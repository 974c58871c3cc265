"""Darkest Dungeon prompt overrides (data files) for the agent modules; see orak_gym.agents.prompting."""
