"""Checks made before a run writes anything: a run that cannot work fails in seconds, with one line.

The run directory can be created, seeds and settings are valid, every env id is ready and constructs
with its kwargs (a level file with a syntax error, an unknown keyword), the agent can play it, and
the LLM endpoint answers.  Each failure is a :class:`PreflightError` whose message speaks Python
(``str(exc)``) and whose ``cli`` attribute speaks the command line.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from orak_gym.eval.redact import redact, redact_text
from orak_gym.eval.schema import RunConfig, RunDirError, model_spec_name

ENV_WORKERS = ("auto", "thread", "process")
EXECUTORS = ("local", "ray")
AGENT_MODALITIES = ("text", "image", "text_image")


class PreflightError(RunDirError):
    """A run cannot start; nothing was written."""


def check_settings(config: RunConfig) -> None:
    """Seeds, limits and names that no episode could run with."""
    if not config.envs:
        raise PreflightError("no env to evaluate: give config.envs", "give --env (repeatable) or --suite all-ready")
    if not config.seeds:
        raise PreflightError("no seed to play: give config.seeds", "give --episodes N or --seeds 0-9")
    bad = [s for s in config.seeds if isinstance(s, bool) or not isinstance(s, int) or s < 0]
    if bad:
        raise PreflightError(
            f"seeds must be whole numbers >= 0 (gymnasium's rule), got {bad[:5]}",
            f"--seeds must be whole numbers >= 0 (gymnasium's rule), got {bad[:5]}",
        )
    if config.modality not in AGENT_MODALITIES:
        raise PreflightError(
            f"modality={config.modality!r} is not one of {AGENT_MODALITIES}",
            f"--modality {config.modality} is not one of {', '.join(AGENT_MODALITIES)}",
        )
    if config.max_steps is not None and config.max_steps < 1:
        raise PreflightError(f"max_steps must be >= 1, got {config.max_steps}", "--max-steps must be >= 1")
    if config.concurrency < 1:
        raise PreflightError(f"concurrency must be >= 1, got {config.concurrency}", "--concurrency must be >= 1")
    if config.env_workers not in ENV_WORKERS:
        raise PreflightError(
            f"env_workers={config.env_workers!r} is not one of {ENV_WORKERS}",
            f"--env-workers {config.env_workers} is not one of {', '.join(ENV_WORKERS)}",
        )
    if config.max_llm_errors < 0:
        raise PreflightError("max_llm_errors must be >= 0", "--max-llm-errors must be >= 0")
    if config.executor not in EXECUTORS:
        raise PreflightError(
            f"executor={config.executor!r} is not one of {EXECUTORS}",
            f"--executor {config.executor} is not one of {', '.join(EXECUTORS)}",
        )


def check_prompts(config: RunConfig, resuming: bool = False) -> None:
    """``prompts="orak:PATH"``: the checkout holds every Orak file the agent needs on every env, and every
    variable is known; sets ``config.prompt_set`` ("ours" or "orak@<commit>"), which a resumed run must
    keep (another Orak commit is another measurement)."""
    from orak_gym.agents.orak_prompts import (
        OURS,
        OrakCheckout,
        OrakPromptError,
        OrakPromptLibrary,
        parse_prompts_option,
    )
    from orak_gym.eval.policies import is_llm_agent

    try:
        root = parse_prompts_option(config.prompts)
        if root is None:
            prompt_set = OURS
        else:
            if not is_llm_agent(config.agent):
                raise OrakPromptError(f"--prompts {config.prompts} is for LLM agents, not --agent {config.agent}")
            checkout = OrakCheckout(root)
            if config.agent_kwargs.get("prompt_dirs"):
                raise OrakPromptError("prompt_dirs override our templates: they cannot be used with Orak's prompts")
            from orak_gym.agents.modules import build_modules

            for env_id in config.envs:
                OrakPromptLibrary(checkout, env_id, config.agent, config.modality, build_modules(config.agent, env_id))
            prompt_set = checkout.prompt_set
    except OrakPromptError as exc:
        raise PreflightError(str(exc)) from None
    if resuming and config.prompt_set != prompt_set:
        raise PreflightError(
            f"this run was made with the prompt set {config.prompt_set!r}, prompts={config.prompts!r} gives "
            f"{prompt_set!r}: start a new run directory",
            f"this run was made with the prompt set {config.prompt_set!r}, --prompts {config.prompts} gives "
            f"{prompt_set!r}: use another --out",
        )
    config.prompt_set = prompt_set


def check_executor(config: RunConfig) -> None:
    """On a Ray cluster: it answers, and some node can host each env's actor (else it would wait forever)."""
    if config.executor != "ray":
        return
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.ray_env import RayEnvError, check_cluster

    try:
        check_cluster(config.ray_address, config.envs)
    except (RayEnvError, MissingDependencyError) as exc:
        raise PreflightError(str(exc)) from exc


def check_writable(run_dir: Path) -> None:
    """``run_dir`` is (or can be made) a folder we can write in; probed with a temporary folder."""
    run_dir = Path(run_dir)
    if run_dir.exists() and not run_dir.is_dir():
        raise PreflightError(f"{run_dir} is a file, not a folder: choose another run directory")
    ancestor = run_dir
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise PreflightError(f"cannot create {run_dir}: {ancestor} is a file, not a folder")
    try:
        probe = tempfile.mkdtemp(prefix=".orak-write-check-", dir=ancestor)
    except OSError as exc:
        raise PreflightError(f"cannot write in {ancestor} to create {run_dir}: {exc.strerror or exc}") from exc
    shutil.rmtree(probe, ignore_errors=True)


def check_envs(config: RunConfig, client: Any = None) -> None:
    """Every env id is an orak env that runs here and constructs with its kwargs; the agent can play it
    (an LLM agent needs a model, or a ``client`` given by the caller).

    An env that plays its game on another machine (``orak-mcp/...``: ``plays_elsewhere``) need not be
    ready here (the ROM may be on the server alone); constructing it connects to its server, which
    is the check (a server that is gone, or refuses, fails here in one line).
    """
    from orak_gym.eval.policies import BASELINES, llm_agents

    for env_id in config.envs:  # a game's own agent type (Pokémon Red's pokemon) only on its game
        offered = llm_agents(env_id)
        if config.agent not in (*BASELINES, *offered):
            choices = ", ".join((*BASELINES, *offered))
            raise PreflightError(
                f"unknown agent {config.agent!r} for {env_id}; choose one of {choices}",
                f"unknown --agent {config.agent!r} for {env_id}; choose one of {choices}",
            )
    if config.agent not in BASELINES and not config.model and client is None:
        raise PreflightError(
            f"agent {config.agent!r} needs a model, e.g. model='openai:gpt-4o-mini' or 'ollama:llama3.2'",
            f"--agent {config.agent} needs --model (e.g. 'openai:gpt-4o-mini', 'ollama:llama3.2')",
        )
    for env_id in config.envs:
        spec = check_env_runs(env_id, config.modality, config.env_kwargs.get(env_id, {}), named=True)
        if config.agent == "expert":
            _check_expert(spec)


def check_env_runs(env_id: str, modality: str, kwargs: dict[str, Any], named: bool = False) -> Any:
    """``env_id`` is an orak env that runs here (its game is ready, unless it plays elsewhere) and
    constructs with ``kwargs``; returns its game's spec (None for an id that names no game, allowed
    only when not ``named``).  Used by every command that plays or serves an env before it starts."""
    import gymnasium as gym

    from orak_gym.core.registry import UnknownEnvError, plays_elsewhere, spec_of

    elsewhere = plays_elsewhere(env_id)
    try:
        spec = spec_of(env_id)
    except UnknownEnvError as exc:
        if not elsewhere:
            raise PreflightError(str(exc)) from exc
        played = _make(gym, env_id, modality, kwargs)
        if named:  # a server-chosen game (orak-mcp/Remote-v0): say which id names it
            raise PreflightError(_unnamed_game(env_id, played)) from exc
        return None
    status = spec.status()
    if not elsewhere and not status.ready:
        raise PreflightError(f"{env_id} cannot run on this machine ({status.readiness.value}): {status.detail}")
    _make(gym, env_id, modality, kwargs)
    return spec


def _check_expert(spec: Any) -> None:
    """The game has a scripted expert, and it has what it needs here (``ScriptedPolicy.problem``)."""
    if not spec.expert:
        raise PreflightError(f"{spec.title} has no scripted expert; use agent 'random' or an LLM agent")
    problem = getattr(spec.load_expert(), "problem", None)
    missing = problem() if callable(problem) else None
    if missing:
        raise PreflightError(f"{spec.title}'s expert cannot run on this machine: {missing}")


def _make(gym: Any, env_id: str, modality: str, kwargs: dict[str, Any]) -> str | None:
    """Builds and closes ``env_id``; returns the id of the env it plays (``env_id`` attribute, if any)."""
    try:
        env = gym.make(env_id, modality=modality, **kwargs)
    except Exception as exc:
        shown = f" with env kwargs {redact(kwargs)}" if kwargs else ""
        message = f"{env_id} cannot be made{shown}: {type(exc).__name__}: {exc}"
        raise PreflightError(redact_text(message, kwargs)) from exc
    played = getattr(env.unwrapped, "env_id", None)
    with contextlib.suppress(Exception):
        env.close()
    return played if isinstance(played, str) else None


def _unnamed_game(env_id: str, played: str | None) -> str:
    """Why an id that names no game (the server decides) cannot be evaluated, and the id that can."""
    import gymnasium as gym

    message = f"{env_id} names no game (its server chooses one), so no agent or expert here knows what it plays"
    if played is None:
        return message
    twin = f"{env_id.partition('/')[0]}/{played.partition('/')[2] or played}"
    if twin in gym.registry:
        return f"{message}: the server plays {played!r}, evaluate it as {twin} (same env kwargs)"
    return f"{message}: the server plays {played!r}, which no orak-gym game here declares"


def endpoint_of(client: Any) -> tuple[str, str | None] | None:
    """(base URL, API key) of an OpenAI-compatible client; None for clients without one (LiteLLM)."""
    if not hasattr(client, "api_key") or not hasattr(client, "base_url"):
        return None
    base = client.base_url or "https://api.openai.com/v1"
    return str(base).rstrip("/"), client.api_key


def check_llm(model: str | None, client: Any = None) -> Any:
    """The LLM agent can run: the ``llm`` extra is installed, the client of ``model`` builds (unless
    ``client`` is given) and its endpoint answers.  Returns the client."""
    from orak_gym.agents.llm import LLMConfigError, make_client
    from orak_gym.agents.llm.spec import require_llm_extra
    from orak_gym.core.errors import MissingDependencyError

    try:
        require_llm_extra()
        if client is None:
            client = make_client(str(model))
    except (MissingDependencyError, LLMConfigError) as exc:
        raise PreflightError(str(exc)) from exc
    check_endpoint(model or str(getattr(client, "model", "the model")), client)
    return client


def check_endpoint(model: str, client: Any, timeout_s: float = 10.0) -> None:
    """The LLM server answers (any HTTP answer from ``GET /models`` but 401/403 counts).

    A dead port, a wrong host or a refused key fail here, before a single episode is played.
    """
    endpoint = endpoint_of(client)
    if endpoint is None:
        return
    url, key = endpoint
    model = model_spec_name(model)  # the URL is said once, after "at"
    request = urllib.request.Request(url + "/models", headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s):
            return
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise PreflightError(f"{model} at {url} refused the API key (HTTP {exc.code})") from exc
        return  # the server is there; some servers have no /models route
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PreflightError(f"cannot reach {model} at {url} ({reason})") from exc
