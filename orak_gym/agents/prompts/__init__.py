"""Default prompt templates (data files); see :mod:`orak_gym.agents.prompting`."""
