"""Test helpers that ship with orak-gym (a scripted OpenAI-compatible server), reusable by users."""

from orak_gym.testing.openai_server import RecordedRequest, Reply, ScriptedOpenAIServer
from orak_gym.testing.responders import ModuleResponder, module_of, request_text

__all__ = ["ModuleResponder", "RecordedRequest", "Reply", "ScriptedOpenAIServer", "module_of", "request_text"]
