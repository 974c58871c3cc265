"""pytest fixtures around :class:`ScriptedOpenAIServer`.

Use them from a test module with ``from orak_gym.testing.pytest_plugin import openai_server``
or load the whole plugin with ``pytest -p orak_gym.testing.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from orak_gym.testing.openai_server import ScriptedOpenAIServer


@pytest.fixture
def openai_server() -> Iterator[ScriptedOpenAIServer]:
    """A started scripted server on 127.0.0.1 (a free port), stopped after the test."""
    with ScriptedOpenAIServer() as server:
        yield server
