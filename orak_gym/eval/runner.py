"""The evaluation runner: many episodes at once, one run directory, resumable.

The LLM is the bottleneck, so up to ``concurrency`` episodes wait on it at the same time: every
decision of an LLM agent is an ``await policy.acall(...)`` on one event loop, while env steps (and
scripted baselines, which compute rather than wait) run on worker threads, or in worker processes
for backends that hold one emulator per process.  Every step is appended to the episode's
trajectory as it happens; an episode's result line is written once, when it ends.

A run that cannot work fails before anything is written (:mod:`orak_gym.eval.preflight`), and an
episode that fails (the env or the policy raised, or more LLM calls failed than
``max_llm_errors``) is recorded as an error: never a score, retried on resume.

From a script: ``run_eval(run_dir, config)``; inside a running event loop (Jupyter) ``run_eval``
works too, or ``await arun_eval(run_dir, config)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from orak_gym.eval import preflight
from orak_gym.eval.envs import EnvLostError, LocalEnv, ProcessEnv, max_instances, needs_process
from orak_gym.eval.llm_errors import check_llm_errors
from orak_gym.eval.policies import PolicyFactory, is_llm_agent, policy_factory
from orak_gym.eval.redact import redact_text
from orak_gym.eval.report import RunReport, RunTotals
from orak_gym.eval.schema import (
    CONFIG,
    EPISODES,
    SUMMARY,
    EpisodeResult,
    RunConfig,
    frames_dir,
    read_episodes,
    repair_jsonl_tail,
    set_aside_errors,
    summarise,
    trajectory_path,
    write_config,
)
from orak_gym.eval.settings import given_settings, parse_seeds, resolve_config, resume_config
from orak_gym.wrappers.trajectory import JsonlFile, Usage, end_line, error_line, reset_line, step_line

__all__ = [
    "EvalRunner",
    "RunReport",
    "RunTotals",
    "arun_eval",
    "given_settings",
    "parse_seeds",
    "prepare_run",
    "resolve_config",
    "resume_config",
    "run_eval",
]

#: In-process env steps faster than this (seconds, moving average) run on the event loop.
INLINE_STEP_S = 0.001
#: Times an episode whose env was lost (a Ray worker or node died) is replayed before it is an error.
LOST_ENV_RETRIES = 2


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - started


# ---------------------------------------------------------------------------------- preparing


@dataclass
class PreparedRun:
    """What :func:`prepare_run` checked and set up: the settings, the (env, seed) pairs still to play,
    and the LLM client pre-flight built and probed (None for a baseline), which the run then uses."""

    config: RunConfig
    todo: list[tuple[str, int]]
    client: Any = None

    def runner(self, run_dir: Path, progress: Callable[[RunTotals], None] | None = None) -> EvalRunner:
        return EvalRunner(run_dir, self.config, self.todo, progress=progress, client=self.client)


def prepare_run(
    run_dir: Path,
    config: RunConfig | Mapping[str, Any] | None,
    resume: bool,
    *,
    client: Any = None,
) -> PreparedRun:
    """Checks everything that can be checked, then creates or reopens the run directory; returns the
    config, the (env, seed) pairs still to play and the LLM client (built once, here).

    Nothing is written when a check fails (:class:`~orak_gym.eval.preflight.PreflightError`).  On
    resume, errored episodes are set aside (``errors.jsonl``) and replayed with the unfinished ones,
    whose partial trajectories are deleted first.
    """
    run_dir = Path(run_dir)
    preflight.check_writable(run_dir)
    resuming = (run_dir / CONFIG).is_file()  # resolve_config refuses a stored run unless resuming
    config = resolve_config(run_dir, config, resume)
    preflight.check_settings(config)
    preflight.check_envs(config, client)
    preflight.check_prompts(config, resuming)
    preflight.check_executor(config)
    if is_llm_agent(config.agent) and (config.model or client is not None):
        client = preflight.check_llm(config.model, client)  # the client the run uses: built and probed once
    if not config.created:
        config.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if not config.package_version:
        from orak_gym.core.version import __version__

        config.package_version = __version__
    write_config(run_dir, config)
    repair_jsonl_tail(run_dir / EPISODES)
    set_aside_errors(run_dir)
    done = {result.key for result in read_episodes(run_dir, errors=False)}
    todo = [(env_id, seed) for env_id in config.envs for seed in config.seeds if (env_id, seed) not in done]
    for env_id, seed in todo:
        trajectory_path(run_dir, env_id, seed).unlink(missing_ok=True)
        shutil.rmtree(frames_dir(run_dir, env_id, seed), ignore_errors=True)
    return PreparedRun(config, todo, client)


# ---------------------------------------------------------------------------------- one episode


@dataclass
class _Episode:
    """The state of one episode in play."""

    env_id: str
    seed: int
    result: EpisodeResult
    usage: Usage
    trajectory: JsonlFile
    frames: Path | None
    started: float = field(default_factory=time.perf_counter)
    text: str = ""


class EvalRunner:
    """Runs the episodes of one run directory (see :func:`run_eval` for the one-call version)."""

    def __init__(
        self,
        run_dir: Path,
        config: RunConfig,
        todo: list[tuple[str, int]],
        *,
        progress: Callable[[RunTotals], None] | None = None,
        client: Any = None,
    ) -> None:
        self.run_dir = Path(run_dir)
        self.config = config
        self.todo = todo
        self.progress = progress
        self.client = client
        self.totals = RunTotals(episodes_total=len(config.envs) * len(config.seeds))
        self.totals.episodes_skipped = self.totals.episodes_total - len(todo)
        self.stopped: str | None = None
        self.results: list[EpisodeResult] = []
        self._llm = is_llm_agent(config.agent)
        self._factories: dict[str, PolicyFactory] = {}
        self._idle_envs: dict[str, list[Any]] = {}
        self._started: dict[str, asyncio.Event] = {}  # set once an env id's first env has reset
        self._step_s: dict[str, float] = {}  # recent env step time per env id (moving average)
        self._caps: dict[str, asyncio.Semaphore | None] = {}
        self._executor = ThreadPoolExecutor(max_workers=max(2, config.concurrency), thread_name_prefix="orak-env")
        self._episodes = JsonlFile(self.run_dir / EPISODES)

    # ------------------------------------------------------------------ setup
    def _factory(self, env_id: str) -> PolicyFactory:
        if env_id not in self._factories:
            client = self.client
            if client is None and self._llm and self.config.model:
                from orak_gym.eval.policies import make_llm_client

                client = self.client = make_llm_client(self.config.model)
            self._factories[env_id] = policy_factory(
                self.config.agent,
                env_id,
                self.config.model,
                client=client,
                modality=self.config.modality,
                prompts=self.config.prompts,
                **self.config.agent_kwargs,
            )
        return self._factories[env_id]

    def _warm_up(self) -> None:
        """Once, on a worker thread, before any episode: the policy factories and the LLM client's
        imports (the SDK's take over a second), which would otherwise block the event loop at the
        first decision."""
        for env_id in dict.fromkeys(env_id for env_id, _ in self.todo):
            self._factory(env_id)
        warm_up = getattr(self.client, "warm_up", None)
        if self._llm and callable(warm_up):
            with contextlib.suppress(ImportError):
                warm_up()

    def _use_process(self, env_id: str) -> bool:
        mode = self.config.env_workers
        return mode == "process" or (mode == "auto" and needs_process(env_id))

    def _new_env(self, env_id: str) -> Any:
        kwargs = self.config.env_kwargs.get(env_id, {})
        if self.config.executor == "ray":
            from orak_gym.eval.ray_env import RayEnv, actor_options_for, connect

            connect(self.config.ray_address)
            options = actor_options_for(env_id)
            return RayEnv(env_id, self.config.modality, self.config.frames, options=options, **kwargs)
        kind = ProcessEnv if self._use_process(env_id) else LocalEnv
        return kind(env_id, self.config.modality, self.config.frames, **kwargs)

    def _instance_cap(self, env_id: str) -> asyncio.Semaphore | None:
        """At most ``GameSpec.max_instances`` episodes of a game at once on this machine (a real game
        client runs once per machine); on a Ray cluster the nodes' resources cap it instead."""
        if self.config.executor != "local":
            return None
        if env_id not in self._caps:
            cap = max_instances(env_id)
            self._caps[env_id] = asyncio.Semaphore(cap) if cap else None
        return self._caps[env_id]

    async def _thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _env_step(self, env: Any, env_id: str, action: Any) -> Any:
        """``env.step`` on a worker thread, or on the loop itself for an in-process env whose recent
        steps took under ``INLINE_STEP_S``: the thread hop then costs more than the step, and a
        decision handled in one go keeps concurrent episodes from moving in lockstep."""
        recent = self._step_s.get(env_id)
        if isinstance(env, LocalEnv) and recent is not None and recent < INLINE_STEP_S:
            out, took = _timed(env.step, action)
        else:
            out, took = await self._thread(_timed, env.step, action)
        self._step_s[env_id] = took if recent is None else 0.8 * recent + 0.2 * took
        return out

    # ------------------------------------------------------------------ budgets
    def _check_budget(self) -> None:
        if self.stopped:
            return
        cfg, t = self.config, self.totals
        if cfg.max_cost is not None and t.cost_usd >= cfg.max_cost:
            self.stopped = f"cost budget reached: ${t.cost_usd:.4f} spent of max_cost ${cfg.max_cost:g}"
        elif cfg.max_tokens is not None and t.tokens >= cfg.max_tokens:
            self.stopped = f"token budget reached: {t.tokens} tokens used of max_tokens {cfg.max_tokens}"

    # ------------------------------------------------------------------ episodes
    async def _play(self, env_id: str, seed: int, semaphore: asyncio.Semaphore) -> None:
        """Takes an idle env (or makes one), plays the episode, records its result.

        The first episode of an env id makes and resets its env alone, and the others start once it
        has: a game's first reset may fill caches (2048's move tables), and K threads filling the same
        cache at once cost K times the work on a loaded machine."""
        cap = self._instance_cap(env_id)
        async with semaphore, cap if cap is not None else contextlib.nullcontext():
            first = env_id not in self._started
            started = self._started.setdefault(env_id, asyncio.Event())
            if not first:
                await started.wait()
            try:
                await self._play_one(env_id, seed, started)
            finally:
                started.set()

    async def _play_one(self, env_id: str, seed: int, started: asyncio.Event) -> None:
        """Plays the episode; an env lost mid-episode (``EnvLostError``) is replaced and the episode
        replayed from its seed, up to ``LOST_ENV_RETRIES`` times, before it counts as an error."""
        idle = self._idle_envs.setdefault(env_id, [])
        for attempt in range(LOST_ENV_RETRIES + 1):
            if self.stopped:
                return
            try:
                env = idle.pop() if idle else await self._thread(self._new_env, env_id)
            except Exception as exc:
                result = EpisodeResult(env_id, seed, agent=self.config.agent, model=self.config.model)
                result.mark_error(self._describe(exc))
                self._finish(result)
                return
            try:
                result = await self._episode(env, env_id, seed, started, retry_lost=attempt < LOST_ENV_RETRIES)
            except EnvLostError:
                with contextlib.suppress(Exception):
                    await self._thread(env.close)
                await self._thread(trajectory_path(self.run_dir, env_id, seed).unlink, True)
                self.totals.envs_lost += 1
                continue  # a fresh env replays the episode
            idle.append(env)
            if result is not None:
                self._finish(result)
            return

    async def _episode(
        self, env: Any, env_id: str, seed: int, started: asyncio.Event | None = None, retry_lost: bool = False
    ) -> EpisodeResult | None:
        """One episode, start to end; None when a budget stop abandoned it (a resume replays it).
        ``started`` is set once the env has reset (see ``_play``); with ``retry_lost`` a lost env
        raises ``EnvLostError`` for the caller to replay the episode instead of recording an error."""
        episode = await self._open(env_id, seed)
        try:
            policy, obs, info = await self._start(episode, env)
            if started is not None:
                started.set()
            while True:
                if self.stopped:
                    return None  # abandoned: no result line, so a resume restarts it
                if self.config.max_steps is not None and episode.result.steps >= self.config.max_steps:
                    episode.result.termination = "max_steps"
                    break
                action, decision, decision_s = await self._decide(policy, obs, info)
                obs, reward, terminated, truncated, info, next_text = await self._env_step(env, episode.env_id, action)
                self._record_step(episode, action, decision, decision_s, reward, terminated, truncated, info)
                episode.text = next_text
                if episode.frames is not None:
                    await self._thread(env.save_frame, episode.frames / f"{episode.result.steps:06d}.png")
                self._check_llm_errors(episode, decision)
                if terminated or truncated:
                    episode.result.termination = "terminated" if terminated else "truncated"
                    break
            episode.trajectory.write(end_line(episode.text, episode.result.termination, info))
        except EnvLostError as exc:
            if retry_lost:
                raise
            self._record_error(episode, exc)
        except Exception as exc:
            self._record_error(episode, exc)
        finally:
            episode.trajectory.close()
        return self._close_result(episode)

    async def _open(self, env_id: str, seed: int) -> _Episode:
        """The episode's result and trajectory file (opening a file blocks: off the loop)."""
        cfg = self.config
        trajectory = await self._thread(JsonlFile, trajectory_path(self.run_dir, env_id, seed))
        return _Episode(
            env_id=env_id,
            seed=seed,
            result=EpisodeResult(env_id, seed, agent=cfg.agent, model=cfg.model),
            usage=Usage(),
            trajectory=trajectory,
            frames=frames_dir(self.run_dir, env_id, seed) if cfg.frames else None,
        )

    async def _start(self, episode: _Episode, env: Any) -> tuple[Any, Any, dict[str, Any]]:
        """A fresh policy (building one reads prompt templates: off the loop) and the env's reset."""
        policy = await self._thread(self._factory(episode.env_id), episode.seed)
        policy.reset()
        obs, info, episode.text = await self._thread(env.reset, episode.seed)
        episode.trajectory.write(reset_line(episode.text, info, env=episode.env_id, seed=episode.seed))
        episode.result.verified = bool(info.get("verified", True))
        if episode.frames is not None:
            await self._thread(env.save_frame, episode.frames / "000000.png")
        return policy, obs, info

    async def _decide(self, policy: Any, obs: Any, info: dict[str, Any]) -> tuple[Any, Any, float]:
        """The action: awaited on the loop for LLM agents, computed on a thread for baselines."""
        started = time.perf_counter()
        action = await policy.acall(obs, info) if self._llm else await self._thread(policy, obs, info)
        return action, getattr(policy, "last_step", None), time.perf_counter() - started

    def _record_step(
        self,
        episode: _Episode,
        action: Any,
        decision: Any,
        decision_s: float,
        reward: float,
        terminated: bool,
        truncated: bool,
        info: dict[str, Any],
    ) -> None:
        """Adds the step to the episode's result, usage and trajectory, and to the run totals."""
        result = episode.result
        result.steps += 1
        result.episode_return += reward
        result.invalid_actions += 0 if info.get("action_valid", True) else 1
        result.score = float(info.get("score", 0.0))
        result.raw_score = float(info.get("raw_score", 0.0))
        result.verified = result.verified and bool(info.get("verified", True))
        line = step_line(
            result.steps, episode.text, action, reward, terminated, truncated, info, decision,
            decision_s=round(decision_s, 6),
        )  # fmt: skip
        episode.usage.add_calls(line["calls"], self.totals)
        episode.trajectory.write(line)
        self.totals.steps += 1
        self._check_budget()
        self._report()

    def _check_llm_errors(self, episode: _Episode, decision: Any) -> None:
        """Ends the episode as an error once more LLM calls failed than ``max_llm_errors`` allows."""
        check_llm_errors(episode.usage.llm_errors, self.config.max_llm_errors, decision)

    def _record_error(self, episode: _Episode, exc: BaseException) -> None:
        result = episode.result
        result.mark_error(self._describe(exc))
        episode.trajectory.write(error_line(result.steps, result.error or ""))

    def _describe(self, exc: BaseException) -> str:
        """The error as recorded: a library may quote a setting it refused, secrets included."""
        return redact_text(_describe(exc), {"env": self.config.env_kwargs, "agent": self.config.agent_kwargs})

    def _close_result(self, episode: _Episode) -> EpisodeResult:
        result = episode.result
        result.add_usage(episode.usage)
        result.wall_time_s = round(time.perf_counter() - episode.started, 4)
        return result

    def _finish(self, result: EpisodeResult) -> None:
        self._episodes.write(result.to_dict())
        self.results.append(result)
        self.totals.episodes_done += 1
        if result.errored:
            self.totals.episodes_errored += 1
        else:
            self.totals.scores.append(result.score)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.totals)

    # ------------------------------------------------------------------ the run
    async def arun(self) -> RunReport:
        semaphore = asyncio.Semaphore(max(1, self.config.concurrency))
        try:
            await self._thread(self._warm_up)
            await asyncio.gather(*(self._play(env_id, seed, semaphore) for env_id, seed in self.todo))
        finally:
            await self._close()
        finished = {r.key for r in read_episodes(self.run_dir, errors=False)}
        unfinished = sum(1 for key in self.todo if key not in finished)
        summary = summarise(read_episodes(self.run_dir))
        (self.run_dir / SUMMARY).write_text(_dumps(summary), encoding="utf-8")
        return RunReport(self.run_dir, self.results, self.totals, self.stopped, unfinished)

    async def _close(self) -> None:
        envs = [env for envs in self._idle_envs.values() for env in envs]
        for env in envs:
            with contextlib.suppress(Exception):
                await self._thread(env.close)
        self._executor.shutdown(wait=True)
        self._episodes.close()
        closer = getattr(self.client, "aclose", None)
        if closer is not None:
            with contextlib.suppress(Exception):
                await closer()

    def run(self) -> RunReport:
        return _run_coroutine(self.arun)


async def arun_eval(
    run_dir: str | Path,
    config: RunConfig | Mapping[str, Any] | None = None,
    *,
    resume: bool = False,
    progress: Callable[[RunTotals], None] | None = None,
    client: Any = None,
) -> RunReport:
    """``run_eval`` as a coroutine, for code already in an event loop: ``await arun_eval(...)``."""
    run_dir = Path(run_dir)
    fresh = not run_dir.exists() or (run_dir.is_dir() and not any(run_dir.iterdir()))
    try:
        prepared = await asyncio.to_thread(prepare_run, run_dir, config, resume, client=client)
        return await prepared.runner(run_dir, progress).arun()
    except BaseException:
        if fresh and run_dir.is_dir() and not any(read_episodes(run_dir)):
            _empty(run_dir)  # a failed start leaves nothing behind
        raise


def run_eval(
    run_dir: str | Path,
    config: RunConfig | Mapping[str, Any] | None = None,
    *,
    resume: bool = False,
    progress: Callable[[RunTotals], None] | None = None,
    client: Any = None,
) -> RunReport:
    """Plays every (env, seed) of ``config`` not yet scored in ``run_dir`` and returns a report.

    ``config`` is a :class:`RunConfig`; on ``resume=True`` it may be None (the stored settings) or
    the settings to change (a RunConfig, or a dict such as ``{"seeds": [...], "max_cost": 5}``):
    settings that define what is measured must match the stored ones, new seeds extend the run.
    ``client`` (an LLM client) is shared by every episode; by default it is built from ``config.model``.
    Works inside a running event loop (Jupyter): the run then gets a loop of its own on a helper thread.
    Raises :class:`~orak_gym.eval.preflight.PreflightError` (nothing written) when the run cannot work.
    """
    return _run_coroutine(lambda: arun_eval(run_dir, config, resume=resume, progress=progress, client=client))


def _run_coroutine(make: Callable[[], Any]) -> Any:
    """``asyncio.run`` that also works when this thread already runs an event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="orak-eval") as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def _empty(run_dir: Path) -> None:
    for child in list(run_dir.iterdir()):
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        run_dir.rmdir()


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 500 else text[:497] + "..."


def _dumps(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, default=str) + "\n"
