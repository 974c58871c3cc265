"""The evaluation runner: many episodes at once, one run directory, resumable.

The LLM is the bottleneck, so up to ``concurrency`` episodes wait on it at the same time: every
decision of an LLM agent is an ``await policy.acall(...)`` on one event loop, while env steps (and
scripted baselines, which compute rather than wait) run on worker threads, or in worker processes
for backends that hold one emulator per process.  Every step is appended to the episode's
trajectory as it happens; an episode's result line is written once, when it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from orak_gym.eval.envs import LocalEnv, ProcessEnv, needs_process
from orak_gym.eval.policies import PolicyFactory, game_of, is_llm_agent, policy_factory
from orak_gym.eval.schema import (
    EPISODES,
    SUMMARY,
    EpisodeResult,
    JsonlWriter,
    RunConfig,
    RunDirError,
    frames_dir,
    mean_se,
    read_config,
    read_episodes,
    repair_jsonl_tail,
    summarise,
    trajectory_path,
    write_config,
)


@dataclass
class RunTotals:
    """Live counters of a run (what the progress display shows)."""

    episodes_total: int = 0
    episodes_done: int = 0
    episodes_skipped: int = 0  # already finished before a resume
    llm_calls: int = 0
    llm_errors: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    steps: int = 0
    scores: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed_s(self) -> float:
        return time.perf_counter() - self.started

    @property
    def calls_per_s(self) -> float:
        return self.llm_calls / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def mean_score(self) -> float:
        return mean_se(self.scores).mean if self.scores else 0.0


@dataclass
class RunReport:
    """What ``run`` returns: the new results, the totals, and why it stopped early (if it did)."""

    run_dir: Path
    results: list[EpisodeResult]
    totals: RunTotals
    stopped: str | None = None  # a message when a budget ended the run before every episode finished
    unfinished: int = 0


def parse_seeds(text: str) -> list[int]:
    """``"0-9"``, ``"0,3,7"`` or ``"0-4,10"`` -> a sorted list of distinct seeds."""
    seeds: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part[1:]:
                low, high = part.split("-", 1) if not part.startswith("-") else part[1:].split("-", 1)
                low_i, high_i = int(low), int(high)
                if high_i < low_i:
                    raise ValueError
                seeds.update(range(low_i, high_i + 1))
            else:
                seeds.add(int(part))
        except ValueError:
            raise ValueError(f"bad seed list {text!r}: use e.g. '0-9', '0,3,7' or '0-4,10'") from None
    if not seeds:
        raise ValueError(f"bad seed list {text!r}: no seed in it")
    return sorted(seeds)


def prepare_run(run_dir: Path, config: RunConfig | None, resume: bool) -> tuple[RunConfig, list[tuple[str, int]]]:
    """Creates or reopens a run directory; returns its config and the (env, seed) pairs still to play.

    On resume the stored config must agree with ``config`` on what is evaluated (envs, agent, model,
    ...); new seeds extend the run.  Unfinished episodes lose their partial trajectory and restart.
    """
    run_dir = Path(run_dir)
    stored: RunConfig | None = read_config(run_dir) if (run_dir / "config.json").exists() else None
    if stored is not None and not resume:
        raise RunDirError(f"{run_dir} already holds a run; pass --resume to continue it or choose another --out")
    if stored is None and config is None:
        raise RunDirError(f"nothing to resume in {run_dir} (no config.json); give --env and --agent to start a run")
    if stored is not None:
        if config is not None:
            diff = stored.identity_diff(config)
            if diff:
                raise RunDirError(f"{run_dir} was run with other settings: " + "; ".join(diff))
            stored.seeds = sorted(set(stored.seeds) | set(config.seeds))
            for name in ("concurrency", "max_cost", "max_tokens", "frames", "env_workers"):
                setattr(stored, name, getattr(config, name))
        config = stored
    assert config is not None
    check_envs(config.envs)
    if not config.created:
        config.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if not config.package_version:
        import orak_gym

        config.package_version = orak_gym.__version__
    write_config(run_dir, config)
    repair_jsonl_tail(run_dir / EPISODES)
    done = {result.key for result in read_episodes(run_dir)}
    todo = [(env_id, seed) for env_id in config.envs for seed in config.seeds if (env_id, seed) not in done]
    for env_id, seed in todo:
        trajectory_path(run_dir, env_id, seed).unlink(missing_ok=True)
        shutil.rmtree(frames_dir(run_dir, env_id, seed), ignore_errors=True)
    return config, todo


def check_envs(env_ids: list[str]) -> None:
    """Fails before anything is written when an env id is unknown or its game cannot run here."""
    from orak_gym.core.registry import GAMES

    if not env_ids:
        raise RunDirError("no env to evaluate")
    for env_id in env_ids:
        status = GAMES[game_of(env_id)].status()
        if not status.ready:
            raise RunDirError(f"{env_id} cannot run on this machine ({status.readiness.value}): {status.detail}")


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
        self._factories: dict[str, PolicyFactory] = {}
        self._idle_envs: dict[str, list[Any]] = {}
        self._executor = ThreadPoolExecutor(max_workers=max(2, config.concurrency), thread_name_prefix="orak-env")
        self._episodes = JsonlWriter(self.run_dir / EPISODES)

    # ------------------------------------------------------------------ setup
    def _factory(self, env_id: str) -> PolicyFactory:
        if env_id not in self._factories:
            client = self.client
            if client is None and is_llm_agent(self.config.agent) and self.config.model:
                from orak_gym.eval.policies import make_llm_client

                client = self.client = make_llm_client(self.config.model)
            self._factories[env_id] = policy_factory(
                self.config.agent,
                env_id,
                self.config.model,
                client=client,
                modality=self.config.modality,
                **self.config.agent_kwargs,
            )
        return self._factories[env_id]

    def _use_process(self, env_id: str) -> bool:
        mode = self.config.env_workers
        return mode == "process" or (mode == "auto" and needs_process(env_id))

    def _new_env(self, env_id: str) -> Any:
        kind = ProcessEnv if self._use_process(env_id) else LocalEnv
        kwargs = self.config.env_kwargs.get(env_id, {})
        return kind(env_id, self.config.modality, self.config.frames, **kwargs)

    async def _thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    # ------------------------------------------------------------------ budgets
    def _check_budget(self) -> None:
        if self.stopped:
            return
        cfg, t = self.config, self.totals
        if cfg.max_cost is not None and t.cost_usd >= cfg.max_cost:
            self.stopped = f"cost budget reached: ${t.cost_usd:.4f} spent of --max-cost ${cfg.max_cost:g}"
        elif cfg.max_tokens is not None and t.tokens_in + t.tokens_out >= cfg.max_tokens:
            used = t.tokens_in + t.tokens_out
            self.stopped = f"token budget reached: {used} tokens used of --max-tokens {cfg.max_tokens}"

    # ------------------------------------------------------------------ episodes
    async def _play(self, env_id: str, seed: int, semaphore: asyncio.Semaphore) -> None:
        async with semaphore:
            if self.stopped:
                return
            idle = self._idle_envs.setdefault(env_id, [])
            try:
                env = idle.pop() if idle else await self._thread(self._new_env, env_id)
            except Exception as exc:
                self._finish(EpisodeResult(env_id, seed, termination="error", error=_describe(exc)))
                return
            try:
                result = await self._episode(env, env_id, seed)
            finally:
                idle.append(env)
            if result is not None:
                self._finish(result)

    async def _episode(self, env: Any, env_id: str, seed: int) -> EpisodeResult | None:
        cfg = self.config
        result = EpisodeResult(env_id, seed, agent=cfg.agent, model=cfg.model)
        started = time.perf_counter()
        path = trajectory_path(self.run_dir, env_id, seed)
        frames = frames_dir(self.run_dir, env_id, seed) if cfg.frames else None
        llm = is_llm_agent(cfg.agent)
        # Opening files and building a policy (prompt templates are read from disk) block: off the loop.
        trajectory = await self._thread(JsonlWriter, path)
        with trajectory:
            try:
                policy = await self._thread(self._factory(env_id), seed)
                policy.reset()
                obs, info, text = await self._thread(env.reset, seed)
                trajectory.write(
                    {
                        "event": "reset",
                        "env": env_id,
                        "seed": seed,
                        "observation": text,
                        "score": info.get("score"),
                        "raw_score": info.get("raw_score"),
                    }
                )
                if frames is not None:
                    await self._thread(env.save_frame, frames / "000000.png")
                while True:
                    if self.stopped:
                        return None  # abandoned: no result line, so a resume restarts it
                    if cfg.max_steps is not None and result.steps >= cfg.max_steps:
                        result.termination = "max_steps"
                        break
                    decided = time.perf_counter()
                    if llm:
                        action = await policy.acall(obs, info)
                    else:
                        action = await self._thread(policy, obs, info)
                    decision_s = time.perf_counter() - decided
                    step_record = getattr(policy, "last_step", None)
                    calls = self._count_calls(result, step_record)
                    obs, reward, terminated, truncated, info, next_text = await self._thread(env.step, action)
                    result.steps += 1
                    result.episode_return += reward
                    result.invalid_actions += 0 if info.get("action_valid", True) else 1
                    result.score = float(info.get("score", 0.0))
                    result.raw_score = float(info.get("raw_score", 0.0))
                    trajectory.write(
                        {
                            "event": "step",
                            "step": result.steps,
                            "observation": text,
                            "calls": calls,
                            "action": action,
                            "native_actions": info.get("native_actions"),
                            "action_valid": info.get("action_valid"),
                            "action_feedback": info.get("action_feedback"),
                            "fallback": bool(getattr(step_record, "fallback", False)),
                            "decision_error": getattr(step_record, "error", None),
                            "reward": reward,
                            "score": result.score,
                            "raw_score": result.raw_score,
                            "terminated": terminated,
                            "truncated": truncated,
                            "decision_s": round(decision_s, 6),
                        }
                    )
                    text = next_text
                    if frames is not None:
                        await self._thread(env.save_frame, frames / f"{result.steps:06d}.png")
                    self.totals.steps += 1
                    self._check_budget()
                    self._report()
                    if terminated or truncated:
                        result.termination = "terminated" if terminated else "truncated"
                        break
                trajectory.write(
                    {
                        "event": "end",
                        "observation": text,
                        "termination": result.termination,
                        "score": result.score,
                        "raw_score": result.raw_score,
                    }
                )
            except Exception as exc:
                result.termination, result.error = "error", _describe(exc)
                trajectory.write({"event": "error", "step": result.steps, "error": result.error})
        result.wall_time_s = round(time.perf_counter() - started, 4)
        return result

    def _count_calls(self, result: EpisodeResult, step_record: Any) -> list[dict[str, Any]]:
        """Adds the decision's LLM calls to the episode and the run totals; returns them as dicts."""
        if step_record is None:
            return []
        calls = list(getattr(step_record, "calls", []) or [])
        for call in calls:
            result.llm_calls += 1
            result.tokens_in += int(call.prompt_tokens or 0)
            result.tokens_out += int(call.completion_tokens or 0)
            result.cost_usd += float(call.cost_usd or 0.0)
            self.totals.llm_calls += 1
            self.totals.tokens_in += int(call.prompt_tokens or 0)
            self.totals.tokens_out += int(call.completion_tokens or 0)
            self.totals.cost_usd += float(call.cost_usd or 0.0)
            if call.error:
                result.llm_errors += 1
                self.totals.llm_errors += 1
        return [call.to_dict() if hasattr(call, "to_dict") else dict(call) for call in calls]

    def _finish(self, result: EpisodeResult) -> None:
        self._episodes.write(result.to_dict())
        self.results.append(result)
        self.totals.episodes_done += 1
        self.totals.scores.append(result.score)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.totals)

    # ------------------------------------------------------------------ the run
    async def arun(self) -> RunReport:
        semaphore = asyncio.Semaphore(max(1, self.config.concurrency))
        try:
            await asyncio.gather(*(self._play(env_id, seed, semaphore) for env_id, seed in self.todo))
        finally:
            await self._close()
        finished = {r.key for r in read_episodes(self.run_dir)}
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
        return asyncio.run(self.arun())


def run_eval(
    run_dir: str | Path,
    config: RunConfig | None = None,
    *,
    resume: bool = False,
    progress: Callable[[RunTotals], None] | None = None,
    client: Any = None,
) -> RunReport:
    """Plays every (env, seed) of ``config`` not yet in ``run_dir/episodes.jsonl`` and returns a report.

    ``client`` (an LLM client) is shared by every episode; by default it is built from ``config.model``.
    """
    config, todo = prepare_run(Path(run_dir), config, resume)
    runner = EvalRunner(Path(run_dir), config, todo, progress=progress, client=client)
    return runner.run()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _dumps(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, default=str) + "\n"
