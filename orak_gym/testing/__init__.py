"""Test helpers that ship with orak-gym (a scripted OpenAI-compatible server), reusable by users."""

from orak_gym.testing.openai_server import RecordedRequest, Reply, ScriptedOpenAIServer

__all__ = ["RecordedRequest", "Reply", "ScriptedOpenAIServer"]
