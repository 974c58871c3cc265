"""Prompt material for Slay the Spire: ``rules.md`` (read with :func:`orak_gym.core.texts.game_text`)
and the action-inference prompt override."""
