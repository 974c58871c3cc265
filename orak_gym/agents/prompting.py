"""Prompts as data: Jinja2 templates per module, with per-game and per-user overrides.

A module ``name`` renders ``<name>.system.j2`` and ``<name>.user.j2``, looked up in order in:
the caller's ``extra_dirs``, the game's prompts folder (``GameSpec.prompts_dir()``), then the
defaults in ``orak_gym/agents/prompts/``. A game overrides only the files it needs (often just the rules-heavy
system prompt); templates may ``{% include %}`` or ``{% extends %}`` the defaults.

In a user template, ``<|cur_state_image|>`` and ``<|prev_state_image|>`` mark where frames go (as
in Orak); a module that sends images without markers gets the current frame after its text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from orak_gym.agents.images import image_part
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.registry import GameSpec, UnknownEnvError, spec_of

DEFAULT_PROMPTS_DIR = Path(__file__).with_name("prompts")
#: Variables every template may use without guarding, used where the context leaves them empty.
DEFAULT_VARIABLES: dict[str, Any] = {"title": "this game"}
IMAGE_MARKER = re.compile(r"<\|(cur|prev)_state_image\|>")


def _import_jinja2() -> Any:
    try:
        import jinja2
    except ImportError as exc:
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("jinja2", "llm", "prompt templates") from exc
    return jinja2


def game_spec(game: str | None) -> GameSpec | None:
    """The spec of a game name or env id (``"twenty48"``, ``"orak/2048-v0"``), None if unknown."""
    if not game:
        return None
    try:
        return spec_of(game)
    except UnknownEnvError:
        return None


def game_folder(game: str | None) -> str | None:
    """The game name behind a game name or env id (``"orak/2048-v0"`` -> ``"twenty48"``), or None."""
    spec = game_spec(game)
    return spec.name if spec is not None else None


def _as_lines(value: Any) -> str:
    """A list as a bullet list, anything else as text (templates use it for valid actions)."""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {item}" for item in value)
    if isinstance(value, dict):
        return "\n".join(f"- {k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


class PromptLibrary:
    """Finds and renders module templates (see the module docstring for the search order)."""

    def __init__(self, game: str | None = None, extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> None:
        jinja2 = _import_jinja2()
        spec = game_spec(game)
        self.game = spec.name if spec is not None else None
        dirs = [Path(d) for d in extra_dirs]
        game_dir = spec.prompts_dir() if spec is not None else None
        if game_dir is not None:
            dirs.append(game_dir)
        dirs.append(DEFAULT_PROMPTS_DIR)
        self.search_path = [d for d in dirs if d.is_dir()]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.search_path]),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            undefined=jinja2.ChainableUndefined,
            # Templates are read once per library: checking every file's mtime before each render
            # was a tenth of the eval runner's CPU per decision. A new PromptLibrary sees edits.
            auto_reload=False,
        )
        self._sources: dict[tuple[str, str], Path | None] = {}
        self.env.filters["lines"] = _as_lines

    def source(self, module: str, part: str) -> Path | None:
        """The file that would be used for ``module``'s ``part`` ("system" / "user"), or None."""
        key = (module, part)
        if key not in self._sources:
            found = (directory / f"{module}.{part}.j2" for directory in self.search_path)
            self._sources[key] = next((path for path in found if path.is_file()), None)
        return self._sources[key]

    def render(self, module: str, part: str, variables: dict[str, Any] | PromptContext) -> str:
        """Renders one template; ``variables`` may be a game's :class:`PromptContext` as it is."""
        if isinstance(variables, PromptContext):
            variables = variables.to_dict()
        merged = {**variables}
        for key, default in DEFAULT_VARIABLES.items():
            if not merged.get(key):
                merged[key] = default
        template = self.env.get_template(f"{module}.{part}.j2")
        return template.render(**merged).strip() + "\n"

    def record_answer(self, module: str, raw: str | None, memory: Any) -> None:
        """Nothing: our templates read the modules' own outputs (Orak's prompt set keeps its own)."""

    def messages(
        self,
        module: str,
        variables: dict[str, Any],
        *,
        cur_image: np.ndarray | None = None,
        prev_image: np.ndarray | None = None,
        images: bool = False,
    ) -> list[dict[str, Any]]:
        """System + user messages for ``module``; frames become image parts when ``images``."""
        system = self.render(module, "system", variables) if self.source(module, "system") is not None else None
        return chat_messages(system, self.render(module, "user", variables), cur_image, prev_image, images)


def chat_messages(
    system: str | None,
    user: str,
    cur_image: np.ndarray | None = None,
    prev_image: np.ndarray | None = None,
    images: bool = False,
) -> list[dict[str, Any]]:
    """A module's chat request: the system message (none when ``system`` is None), then the user
    message with the frames placed at its image markers.  Both prompt sets (ours, Orak's) build their
    requests here, so the two never differ in how images and roles are laid out."""
    messages: list[dict[str, Any]] = []
    if system is not None:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": _with_images(user, cur_image, prev_image, images)})
    return messages


def _with_images(
    text: str, cur_image: np.ndarray | None, prev_image: np.ndarray | None, images: bool
) -> str | list[dict[str, Any]]:
    frames = {"cur": cur_image, "prev": prev_image}
    if not images or all(f is None for f in frames.values()):
        return IMAGE_MARKER.sub("", text)
    if not IMAGE_MARKER.search(text):
        return text if cur_image is None else [{"type": "text", "text": text}, image_part(cur_image)]
    parts: list[dict[str, Any]] = []
    position = 0
    for match in IMAGE_MARKER.finditer(text):
        chunk = text[position : match.start()]
        if chunk.strip():
            parts.append({"type": "text", "text": chunk})
        frame = frames[match.group(1)]
        if frame is not None:
            parts.append(image_part(frame))
        position = match.end()
    tail = text[position:]
    if tail.strip():
        parts.append({"type": "text", "text": tail})
    return parts
