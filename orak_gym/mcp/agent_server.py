"""The MCP agent server: Orak's four agent tools, backed by orak-gym's modules and prompt templates.

An MCP client runs Orak's agent loop with its own LLM (see :func:`orak_gym.mcp.play.play_episode`):

1. ``list-agent-module-type`` -> the agent type's modules, in order;
2. per step, ``add-observation-to-memory(obs_str, obs_image_str)`` starts a decision;
3. per module, ``get-agent-module-prompts(module_type, game_info)`` ->
   ``{system_prompt, user_prompt, image_strs, call_chat_completion}`` (both prompts ``None`` and
   ``call_chat_completion`` false when the module is skipped), the client asks its LLM, then
   ``send-agent-module-response(response)`` -> ``{parsed_output}``; after ``action_inference``
   ``parsed_output["actions"]`` is the action to dispatch.

The decision is the one :class:`orak_gym.agents.LLMPolicy` makes (same modules, memory, prompts,
parsing and default-action fallback); only the LLM call moved to the client. One agent memory
per MCP session.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent

from orak_gym.agents.memory import EpisodeMemory
from orak_gym.agents.modules import ActionInference, DecisionContext, Module, build_modules
from orak_gym.agents.orak_prompts import OrakPromptLibrary, load_library
from orak_gym.agents.parsing import parse_sections
from orak_gym.agents.policy import IMAGE_MODALITIES, default_action
from orak_gym.agents.prompting import PromptLibrary
from orak_gym.agents.skills import SkillLibrary
from orak_gym.core.errors import OrakError
from orak_gym.mcp.sessions import SessionRegistry, current_request, new_server
from orak_gym.mcp.tools import ACTING, READ_ONLY, add_tool, json_result

#: Bounds on what a client may send (an observation, an LLM answer, an image).
MAX_TEXT_CHARS = 1_000_000
MAX_IMAGE_CHARS = 8_000_000


class AgentUsageError(OrakError, ValueError):
    """Tools called out of order (a prompt before an observation, a response with no prompt)."""


class AgentSession:
    """One client's agent: its modules and episode memory, and the decision in progress."""

    def __init__(
        self, game: str | None, agent: str, modality: str, memory_window: int, prompts: OrakPromptLibrary | None = None
    ) -> None:
        self.modules: list[Module] = build_modules(agent, game)
        #: Our templates, or Orak's own (one library, read-only, shared by the sessions).
        self.prompts: PromptLibrary | OrakPromptLibrary = prompts if prompts is not None else PromptLibrary(game)
        self.memory = EpisodeMemory(memory_window)
        self.skills = SkillLibrary()
        self.images = modality in IMAGE_MODALITIES
        self.ctx: DecisionContext | None = None
        self.prompt_context: dict[str, Any] = {}
        self._next = 0  # index of the next module of this decision
        self._pending: Module | None = None

    @property
    def module_names(self) -> list[str]:
        return [m.name for m in self.modules]

    def add_observation(self, text: str, image: np.ndarray | None, game_info: Any, info: Any) -> int:
        """Starts a decision on a new observation (the previous one is closed first)."""
        self._finish_decision()
        if isinstance(game_info, dict) and game_info:
            self.prompt_context = dict(game_info)
        self.memory.observe(text, image if self.images else None, info if isinstance(info, dict) else {})
        self.ctx = DecisionContext(
            memory=self.memory,
            prompts=self.prompts,
            prompt_context=dict(self.prompt_context),
            skills=self.skills,
            images=self.images,
        )
        self._next = 0
        self._pending = None
        return self.memory.num_observations

    def prompts_for(self, module_type: str, game_info: Any) -> dict[str, Any]:
        ctx = self._context()
        if self._pending is not None:
            raise AgentUsageError(f"send-agent-module-response for {self._pending.name} first")
        module = self._advance_to(module_type)
        if isinstance(game_info, dict) and game_info:
            ctx.prompt_context.update(game_info)
        skipped = {"system_prompt": None, "user_prompt": None, "image_strs": [], "call_chat_completion": False}
        if not module.should_run(ctx):
            return skipped
        messages = module.prepare(ctx)
        if messages is None:
            module.apply(ctx, None, None)
            return skipped
        system = next((str(m["content"]) for m in messages if m.get("role") == "system"), None)
        user, images = _split_content(messages[-1].get("content"))
        self._pending = module
        return {"system_prompt": system, "user_prompt": user, "image_strs": images, "call_chat_completion": True}

    def take_response(self, response: str) -> dict[str, Any]:
        ctx = self._context()
        module = self._pending
        if module is None:
            raise AgentUsageError("no module is waiting for a response: call get-agent-module-prompts first")
        self._pending = None
        parsed = parse_sections(response, module.output_keys)
        module.apply(ctx, parsed, response)
        self.prompts.record_answer(module.name, response, self.memory)
        output: dict[str, Any] = dict(parsed.fields)
        if isinstance(module, ActionInference):
            action = ctx.extra.get("action")
            if not (isinstance(action, str) and action.strip()):
                action = default_action({"prompt_context": ctx.prompt_context})
            self.memory.commit_action(action)
            output["actions"] = action
            self.ctx = None  # the decision is made
        if parsed.missing:
            output["missing"] = list(parsed.missing)
        return {"parsed_output": output}

    def reset(self) -> None:
        self.memory.reset()
        for module in self.modules:
            module.reset()
        self.ctx = None
        self._pending = None

    def close(self) -> None:
        self.ctx = None

    # ------------------------------------------------------------------ helpers
    def _context(self) -> DecisionContext:
        if self.ctx is None:
            raise AgentUsageError("no decision in progress: call add-observation-to-memory first")
        return self.ctx

    def _advance_to(self, module_type: str) -> Module:
        """The next module of this decision named ``module_type``; modules passed over are skipped."""
        for index in range(self._next, len(self.modules)):
            if self.modules[index].name == module_type:
                self._next = index + 1
                return self.modules[index]
        if module_type in self.module_names:
            raise AgentUsageError(f"{module_type} already ran in this decision; add the next observation first")
        raise AgentUsageError(f"unknown module_type {module_type!r}; this agent's modules: {self.module_names}")

    def _finish_decision(self) -> None:
        """A decision abandoned before its action still records the default action (as LLMPolicy does)."""
        if self.ctx is not None and self.memory.current is not None and self.memory.current.action is None:
            self.memory.commit_action(default_action({"prompt_context": self.ctx.prompt_context}))


def build_agent_server(
    game: str | None,
    agent: str = "zeroshot",
    *,
    modality: str = "text",
    memory_window: int = 10,
    transport: str = "stdio",
    max_sessions: int | None = None,
    token: str | None = None,
    prompts: str | None = None,
) -> tuple[MCPServer, SessionRegistry[AgentSession]]:
    """The agent server for ``agent`` (an agent type name) with ``game``'s prompt templates, or with
    Orak's own from the user's checkout (``prompts="orak:PATH"``, checked here, before serving)."""

    modules = build_modules(agent, game)  # an unknown agent type fails here, before the server starts
    if modality not in ("text", "image", "text_image"):
        raise ValueError(f"modality must be text, image or text_image, not {modality!r}")
    library = load_library(prompts, game, agent, modality, modules)
    registry: SessionRegistry[AgentSession] = SessionRegistry(
        lambda: AgentSession(game, agent, modality, memory_window, library), transport=transport, limit=max_sessions
    )

    server = new_server(
        "orak-gym-agent",
        f"orak-gym agent: {agent}",
        (
            f"Orak's agent loop for the {agent} agent. Per game step: add-observation-to-memory, then for "
            "each module of list-agent-module-type: get-agent-module-prompts, ask your LLM with the two "
            "prompts when call_chat_completion is true, send-agent-module-response with its answer. "
            "After action_inference, parsed_output.actions is the action to play."
        ),
        registry,
        transport,
        token,
    )

    async def on_agent(fn: Any, *args: Any) -> Any:
        session, state = await registry.state(current_request())
        try:
            return await session.run(fn, state, *args)
        except AgentUsageError as exc:
            raise ToolError(str(exc)) from exc
        except Exception as exc:
            raise ToolError(f"the agent failed: {type(exc).__name__}: {exc}") from exc

    async def list_agent_module_type() -> CallToolResult:
        """The agent's modules, in the order to run them each step."""
        names = await on_agent(lambda a: a.module_names)
        return CallToolResult(
            content=[TextContent(type="text", text=name) for name in names], structured_content={"result": names}
        )

    async def add_observation_to_memory(
        obs_str: str,
        obs_image_str: str = "",
        game_info: dict[str, Any] | None = None,
        info: dict[str, Any] | None = None,
    ) -> CallToolResult:
        """Start a decision on the game's observation (`obs_str`, and `obs_image_str`: base64 PNG/JPEG or
        ""). Optional: `game_info` (the game's prompt variables) and `info` (score, action_valid,
        action_feedback of the last step) as the game server's `load-obs` returns them."""
        if len(obs_str) > MAX_TEXT_CHARS or len(obs_image_str) > MAX_IMAGE_CHARS:
            raise ToolError("the observation is too large")
        image = _decode_image(obs_image_str) if obs_image_str else None
        step = await on_agent(lambda a: a.add_observation(obs_str, image, game_info, info))
        return json_result({"step": step})

    async def get_agent_module_prompts(module_type: str, game_info: dict[str, Any] | None = None) -> CallToolResult:
        """The system and user prompts of `module_type` for this step (both null and
        call_chat_completion false when the module does not run this step)."""
        return json_result(await on_agent(lambda a: a.prompts_for(module_type, game_info)))

    async def send_agent_module_response(
        response: str, structured_output_kwargs: dict[str, Any] | None = None
    ) -> CallToolResult:
        """Your LLM's answer to the last prompts; returns what was parsed from it (and, after
        action_inference, `actions`: the action to play)."""
        if len(response) > MAX_TEXT_CHARS:
            raise ToolError("the response is too large")
        return json_result(await on_agent(lambda a: a.take_response(response)))

    async def reset_agent() -> CallToolResult:
        """Forget the episode (memory and modules) before a new one; learned skills are kept."""
        await on_agent(lambda a: a.reset())
        return json_result({"reset": True})

    add_tool(
        server,
        list_agent_module_type,
        name="list-agent-module-type",
        annotations=READ_ONLY,
    )
    for fn, name in (
        (add_observation_to_memory, "add-observation-to-memory"),
        (get_agent_module_prompts, "get-agent-module-prompts"),
        (send_agent_module_response, "send-agent-module-response"),
        (reset_agent, "reset-agent"),
    ):
        add_tool(server, fn, name=name, annotations=ACTING)
    return server, registry


def _split_content(content: Any) -> tuple[str, list[str]]:
    """A user message's text and its images (base64, without the data-URL prefix)."""
    if isinstance(content, str):
        return content, []
    texts: list[str] = []
    images: list[str] = []
    for part in content or []:
        if part.get("type") == "text":
            texts.append(str(part.get("text", "")))
        elif part.get("type") == "image_url":
            url = str(part.get("image_url", {}).get("url", ""))
            images.append(url.split(",", 1)[1] if url.startswith("data:") else url)
            texts.append("<|image|>")
    return "\n".join(texts), images


def _decode_image(data: str) -> np.ndarray:
    from PIL import Image

    try:
        raw = base64.b64decode(data.split(",", 1)[1] if data.startswith("data:") else data, validate=False)
        return np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), dtype=np.uint8)
    except Exception as exc:
        raise ToolError(f"obs_image_str is not a base64 PNG or JPEG image ({type(exc).__name__})") from exc
