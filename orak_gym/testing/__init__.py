"""Test helpers that ship with orak-gym, reusable by users: the env contract checks
(:func:`check_orak_env`) and a scripted OpenAI-compatible server."""

from orak_gym.testing.contract import CHECKS, CheckSkipped, check_orak_env, hostile_strings
from orak_gym.testing.openai_server import RecordedRequest, Reply, ScriptedOpenAIServer
from orak_gym.testing.responders import ModuleResponder, module_of, request_text

__all__ = [
    "CHECKS",
    "CheckSkipped",
    "ModuleResponder",
    "RecordedRequest",
    "Reply",
    "ScriptedOpenAIServer",
    "check_orak_env",
    "hostile_strings",
    "module_of",
    "request_text",
]
