"""Policies: the ``Policy`` protocol every agent follows, and ``LLMPolicy``, the thin LLM agent.

A policy maps ``(observation, info)`` to the action *text* of a text-modality env. It is called
synchronously (``policy(obs, info)``) or from asyncio (``await policy.acall(obs, info)``, true
concurrency on the async LLM client), reset between episodes, and exposes what its last decision
did as ``last_step`` (a :class:`StepRecord`).

A failed LLM decision never crashes an episode: the policy returns the game's default action
(``info["prompt_context"]["default_action"]``) and records the error in ``last_step``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Generator, Sequence
from typing import Any, Protocol, runtime_checkable

from orak_gym.agents.images import split_observation
from orak_gym.agents.llm.base import ChatClient, ChatResult
from orak_gym.agents.memory import EpisodeMemory
from orak_gym.agents.modules import DecisionContext, Module, build_modules
from orak_gym.agents.orak_prompts import OURS, OrakPromptLibrary, load_library
from orak_gym.agents.parsing import parse_sections
from orak_gym.agents.prompting import PromptLibrary
from orak_gym.agents.records import LLMCallRecord, StepRecord
from orak_gym.agents.skills import SkillLibrary

LLMCallHook = Callable[[LLMCallRecord], None]
StepHook = Callable[[StepRecord], None]

IMAGE_MODALITIES = frozenset({"image", "text_image"})


@runtime_checkable
class Policy(Protocol):
    """What the evaluation runner, the CLI and the arenas drive.

    ``__call__``/``acall`` return the action text; ``reset`` starts a new episode; ``last_step``
    describes the last decision (``None`` before the first one). Baselines implement the same
    protocol with ``acall`` simply calling ``__call__``.
    """

    last_step: StepRecord | None

    def __call__(self, observation: Any, info: dict[str, Any]) -> str: ...

    async def acall(self, observation: Any, info: dict[str, Any]) -> str: ...

    def reset(self) -> None: ...


def default_action(info: dict[str, Any] | None) -> str:
    """The game's always-valid action text from ``info["prompt_context"]["default_action"]`` ("" if none)."""
    context = info.get("prompt_context") if isinstance(info, dict) else None
    value = context.get("default_action") if isinstance(context, dict) else None
    return "" if value is None else str(value)


# The decision runs as a generator so that one code path serves the sync and the async client:
# it yields (messages, call kwargs) and receives the ChatResult or the exception of that call.
_Request = tuple[list[dict[str, Any]], dict[str, Any]]
_Decision = Generator[_Request, "ChatResult | BaseException", str]


class LLMPolicy:
    """An LLM agent made of modules that share one episode memory.

    Args:
        client: a :class:`ChatClient` or a model spec string for :func:`make_client`.
        agent: ``"zeroshot"``, ``"reflection"``, ``"planning"``, ``"reflection_planning"``,
            ``"skill_management"`` (Orak's ``*_agent`` names work too) or a list of modules.
        game: game folder or env id (``"orak/2048-v0"``) whose ``prompts/`` overrides the defaults.
        modality: the env's modality; in ``"image"``/``"text_image"`` frames are sent as images to
            clients with ``supports_images``.
        memory_window: past steps the prompts see (``history``).
        prompt_dirs: extra template folders searched first (your own overrides).
        prompts: ``"ours"`` (default: orak-gym's templates) or ``"orak:PATH"``: Orak's own prompt files
            from the user's Orak checkout at PATH, parsed, never run (``orak_gym.agents.orak_prompts``);
            ``prompt_set`` then says ``orak@<commit>``, which a run records.
        skills: the skill library (shared by clones); a fresh BM25 one when None.
        structured_output: ask for JSON-schema answers where the server supports it.
        temperature / max_tokens: per-call overrides of the client's defaults.
        on_llm_call / on_step: hooks called with each :class:`LLMCallRecord` / :class:`StepRecord`.
    """

    def __init__(
        self,
        client: ChatClient | str,
        agent: str | Sequence[Module | str] = "zeroshot",
        game: str | None = None,
        modality: str = "text",
        *,
        memory_window: int = 10,
        prompt_dirs: Sequence[str] = (),
        prompts: str | None = None,
        skills: SkillLibrary | None = None,
        structured_output: bool = False,
        temperature: float | None = None,
        max_tokens: int | None = None,
        on_llm_call: LLMCallHook | None = None,
        on_step: StepHook | None = None,
    ) -> None:
        if isinstance(client, str):
            from orak_gym.agents.llm.spec import make_client

            client = make_client(client)
        self.client = client
        self.agent = agent
        self.modules = build_modules(agent, game)
        self.game = game
        self.modality = modality
        self.memory_window = memory_window
        self.prompt_dirs = tuple(prompt_dirs)
        orak = load_library(prompts, game, agent, modality, self.modules)
        if orak is not None and self.prompt_dirs:
            raise ValueError("prompt_dirs are overrides of our templates: not with Orak's prompts")
        self.prompts: PromptLibrary | OrakPromptLibrary = (
            orak if orak is not None else PromptLibrary(game, self.prompt_dirs)
        )
        #: Which prompts this policy sends: ``"ours"`` or ``"orak@<commit>"``.
        self.prompt_set = orak.prompt_set if orak is not None else OURS
        self.memory = EpisodeMemory(memory_window)
        self.skills = skills if skills is not None else SkillLibrary()
        self.structured_output = structured_output
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.on_llm_call = on_llm_call
        self.on_step = on_step
        self.last_step: StepRecord | None = None
        self._prompt_context: dict[str, Any] = {}

    def __repr__(self) -> str:
        names = ", ".join(m.name for m in self.modules)
        return f"LLMPolicy(client={self.client!r}, modules=[{names}], game={self.game!r})"

    @property
    def sends_images(self) -> bool:
        return self.modality in IMAGE_MODALITIES and bool(getattr(self.client, "supports_images", False))

    def reset(self) -> None:
        """Forgets the episode (memory, last decision); the skill library is kept across episodes."""
        self.memory.reset()
        for module in self.modules:
            module.reset()
        self.last_step = None

    def clone(self) -> LLMPolicy:
        """A fresh policy for another concurrent episode: same client, settings and skill library,
        its own memory (one policy must not play two episodes at once)."""
        twin = copy.copy(self)  # shares the client, prompt library (templates read once) and skills
        twin.modules = build_modules(
            self.agent if isinstance(self.agent, str) else copy.deepcopy(self.agent), self.game
        )
        twin.memory = EpisodeMemory(self.memory_window)
        twin.last_step = None
        twin._prompt_context = {}
        return twin

    # ------------------------------------------------------------------ the two drivers
    def __call__(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        decision = self._decide(observation, info)
        try:
            messages, kwargs = next(decision)
            while True:
                try:
                    outcome: ChatResult | BaseException = self.client.complete(messages, **kwargs)
                except Exception as exc:
                    outcome = exc
                messages, kwargs = decision.send(outcome)
        except StopIteration as stop:
            return str(stop.value)

    async def acall(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        decision = self._decide(observation, info)
        try:
            messages, kwargs = next(decision)
            while True:
                try:
                    outcome: ChatResult | BaseException = await self.client.acomplete(messages, **kwargs)
                except Exception as exc:
                    outcome = exc
                messages, kwargs = decision.send(outcome)
        except StopIteration as stop:
            return str(stop.value)

    # ------------------------------------------------------------------ one decision
    def _decide(self, observation: Any, info: dict[str, Any] | None) -> _Decision:
        record = StepRecord()
        self.last_step = record
        info = info if isinstance(info, dict) else {}
        context = info.get("prompt_context")
        if isinstance(context, dict) and context:
            self._prompt_context = context
        fallback = default_action({"prompt_context": self._prompt_context})
        errors: list[str] = []
        try:
            text, image = split_observation(observation)
            if text is None:
                text = "(the current state is shown in the image)" if image is not None else ""
            self.memory.observe(text, image if self.sends_images else None, info)
            ctx = DecisionContext(
                memory=self.memory,
                prompts=self.prompts,
                prompt_context=dict(self._prompt_context),
                skills=self.skills,
                images=self.sends_images,
            )
        except Exception as exc:  # a policy never crashes the episode
            return self._finish(record, None, fallback, [f"{type(exc).__name__}: {exc}"])

        for module in self.modules:
            if not module.should_run(ctx):
                record.skipped.append(module.name)
                continue
            try:
                messages = module.prepare(ctx)
            except Exception as exc:
                errors.append(f"{module.name}: {type(exc).__name__}: {exc}")
                continue
            if messages is None:
                record.skipped.append(module.name)
                self._apply(module, ctx, None, None, errors)
                continue
            kwargs: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens}
            if self.structured_output:
                kwargs["json_schema"] = module.json_schema()
            call = LLMCallRecord(module=module.name, messages=messages, model=str(self.client.model))
            outcome = yield messages, kwargs
            if isinstance(outcome, BaseException):
                call.error = f"{type(outcome).__name__}: {outcome}"
                call.attempts = int(getattr(outcome, "attempts", 1) or 1)
                errors.append(f"{module.name}: {call.error}")
                self._apply(module, ctx, None, None, errors)
            else:
                parsed = parse_sections(outcome.text, module.output_keys)
                call.raw_response = outcome.text
                call.parsed = dict(parsed.fields)
                call.missing = list(parsed.missing)
                call.prompt_tokens = outcome.prompt_tokens
                call.completion_tokens = outcome.completion_tokens
                call.latency_s = outcome.latency_s
                call.cost_usd = outcome.cost_usd
                call.model = outcome.model
                call.attempts = outcome.attempts
                call.cached = outcome.cached
                self._apply(module, ctx, parsed, outcome.text, errors)
                self.prompts.record_answer(module.name, outcome.text, ctx.memory)
            record.calls.append(call)
            self._emit(self.on_llm_call, call)
        return self._finish(record, ctx.extra.get("action"), fallback, errors)

    @staticmethod
    def _apply(module: Module, ctx: DecisionContext, parsed: Any, raw: str | None, errors: list[str]) -> None:
        try:
            module.apply(ctx, parsed, raw)
        except Exception as exc:
            errors.append(f"{module.name}: {type(exc).__name__}: {exc}")

    def _finish(self, record: StepRecord, action: Any, fallback: str, errors: list[str]) -> str:
        if isinstance(action, str) and action.strip():
            record.action = action
        else:
            record.action = fallback
            record.fallback = True
            errors = errors or ["the answer contained no action"]
        record.error = "; ".join(errors) if errors else None
        try:
            self.memory.commit_action(record.action)
        except Exception as exc:  # pragma: no cover - defensive
            record.error = f"{record.error}; memory: {exc}" if record.error else f"memory: {exc}"
        self._emit(self.on_step, record)
        return record.action

    @staticmethod
    def _emit(hook: Callable[[Any], None] | None, payload: Any) -> None:
        if hook is None:
            return
        try:
            hook(payload)
        except Exception as exc:  # a consumer's bug must not end the episode either
            import warnings

            warnings.warn(f"policy hook {hook!r} raised {type(exc).__name__}: {exc}", stacklevel=2)


__all__ = ["IMAGE_MODALITIES", "LLMCallHook", "LLMPolicy", "Policy", "StepHook", "default_action"]
