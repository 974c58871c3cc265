"""Prompt material for Baba Is You: ``rules.md`` (read with :func:`orak_gym.core.texts.game_text`)."""
