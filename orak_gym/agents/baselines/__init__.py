"""Reference policies without an LLM: random play and per-game scripted experts."""

from orak_gym.agents.baselines.random_policy import RandomPolicy

__all__ = ["RandomPolicy"]
