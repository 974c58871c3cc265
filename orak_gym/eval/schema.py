"""The run directory: what ``orak-gym eval`` writes, and how every other command reads it back.

::

    runs/<name>/
      config.json                       everything needed to rerun (version, envs, agent, model, seeds)
      episodes.jsonl                    one line per finished episode (EpisodeResult); an episode that
                                        errored is a line with ``termination: "error"``, its ``error``,
                                        and ``score``/``raw_score`` null (never a number to average)
      errors.jsonl                      errored lines a resume moved aside before retrying them
      trajectories/<env>/<seed>.jsonl   one line per step (and a first "reset" line)
      trajectories/<env>/<seed>.frames/ optional PNG frames (``--frames``), 000000.png, 000001.png, ...
      summary.json                      per-env mean ± standard error of the scored episodes, and the
                                        errored ones counted, written when a run stops (the means are
                                        null for an env with no scored episode)

``<env>`` is the env id with ``/`` replaced by ``__`` (``orak__2048-v0``).  Lines are appended and
flushed one at a time, so a killed run loses at most the step in flight, and a line cut short by the
kill is ignored (and cut off) when the run resumes.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from orak_gym.core.errors import OrakError
from orak_gym.eval.redact import redact, redact_text
from orak_gym.wrappers.trajectory import JsonlFile, encode_line

CONFIG = "config.json"
EPISODES = "episodes.jsonl"
SUMMARY = "summary.json"
TRAJECTORIES = "trajectories"
SCHEMA_VERSION = 1


ERRORS = "errors.jsonl"


class RunDirError(OrakError, ValueError):
    """A run directory is missing, malformed, or does not match the options given.

    ``str(exc)`` speaks Python (argument and field names); ``exc.cli`` says the same with the
    command line's flags, for ``orak-gym`` to print.
    """

    def __init__(self, message: str, cli: str | None = None) -> None:
        super().__init__(message)
        self.cli = cli or message


def env_dirname(env_id: str) -> str:
    """``orak/2048-v0`` -> ``orak__2048-v0`` (a file-system-safe folder name)."""
    return env_id.replace("/", "__").replace(":", "_")


def trajectory_path(run_dir: Path, env_id: str, seed: int) -> Path:
    return Path(run_dir) / TRAJECTORIES / env_dirname(env_id) / f"{seed}.jsonl"


def frames_dir(run_dir: Path, env_id: str, seed: int) -> Path:
    return Path(run_dir) / TRAJECTORIES / env_dirname(env_id) / f"{seed}.frames"


@dataclass
class RunConfig:
    """``config.json``: the options of a run, enough to rerun it with ``orak-gym eval --config``."""

    envs: list[str]
    seeds: list[int]
    agent: str = "random"
    model: str | None = None
    modality: str = "text"
    max_steps: int | None = None
    concurrency: int = 8
    env_kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)
    agent_kwargs: dict[str, Any] = field(default_factory=dict)
    max_cost: float | None = None
    max_tokens: int | None = None
    frames: bool = False
    env_workers: str = "auto"
    #: Where envs run: "local" (this machine: threads or processes) or "ray" (actors on a Ray cluster).
    executor: str = "local"
    ray_address: str | None = None  # "auto", "HOST:PORT", "ray://HOST:PORT"; None starts a local cluster
    #: An episode with more failed LLM calls (after the client's retries) than this is an error:
    #: its score would measure the game's fallback action, not the model.
    max_llm_errors: int = 0
    #: Where the agent's prompts come from: "ours" or "orak:PATH" (the user's Orak checkout). The path
    #: may change on resume (another machine); ``prompt_set`` is what is measured.
    prompts: str = "ours"
    #: The prompt set that produced the run, set by the pre-flight: "ours" or "orak@<commit>".
    prompt_set: str = "ours"
    name: str = ""
    package_version: str = ""
    schema_version: int = SCHEMA_VERSION
    created: str = ""
    command: list[str] = field(default_factory=list)

    #: Fields that define *what* is evaluated; a resumed run must agree on them.
    IDENTITY = ("envs", "agent", "model", "modality", "max_steps", "env_kwargs", "agent_kwargs", "prompt_set")
    #: Fields that change a score: runs are pooled on a leaderboard only when all of them agree.
    SCORE_SETTINGS = (
        "model", "agent", "modality", "max_steps", "env_kwargs", "agent_kwargs", "prompt_set", "package_version",
    )  # fmt: skip
    #: Fields a resume may change (how the run is executed, not what it measures).
    RUNTIME = (
        "seeds", "concurrency", "max_cost", "max_tokens", "frames", "env_workers", "max_llm_errors", "executor",
        "ray_address", "prompts",
    )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunConfig:
        known = {f.name for f in fields(cls)}
        missing = [name for name in ("envs", "seeds") if name not in data]
        if missing:
            raise RunDirError(f"config is missing {missing}")
        return cls(**{k: v for k, v in data.items() if k in known})

    def label(self) -> str:
        """Row name on the leaderboard: ``model (agent)``, or the agent alone for baselines."""
        return f"{model_spec_name(self.model)} ({self.agent})" if self.model else self.agent

    def score_settings(self) -> tuple[tuple[str, str], ...]:
        """Everything that changes a score, as sortable text: the model without its URL, env kwargs
        without those that only say where the game is played (a game server's URL and token), secrets
        redacted, empty kwargs dropped.  A leaderboard row is keyed by these pairs (a new setting that
        splits rows is one more pair)."""
        from orak_gym.core.registry import connection_kwargs

        values: list[tuple[str, str]] = []
        for name in self.SCORE_SETTINGS:
            value: Any = getattr(self, name)
            if name == "model":
                value = model_spec_name(value) if value else None
            elif name == "env_kwargs":
                kept = {env: _without(kw, connection_kwargs(env)) for env, kw in value.items()}
                value = {env: kw for env, kw in sorted(kept.items()) if kw}
            values.append((name, json.dumps(redact(value), sort_keys=True, default=repr)))
        return tuple(values)


def model_spec_name(spec: str | None) -> str:
    """``vllm:Qwen/Qwen2.5-7B@http://host:8000/v1`` -> ``vllm:Qwen/Qwen2.5-7B`` (no endpoint URL)."""
    return str(spec or "").split("@", 1)[0]


def model_name(spec: str | None) -> str:
    """``vllm:Qwen/Qwen2.5-7B@http://host:8000/v1`` -> ``Qwen/Qwen2.5-7B``: the model, no provider, no URL."""
    name = model_spec_name(spec)
    provider, sep, rest = name.partition(":")
    return rest if sep and provider.replace("_", "").replace("-", "").isalnum() and rest else name


@dataclass
class EpisodeResult:
    """One line of ``episodes.jsonl``."""

    env: str
    seed: int
    steps: int = 0
    #: 0-100, the game's Orak formula, at the end of the episode; None (null) when the episode errored.
    score: float | None = 0.0
    raw_score: float | None = 0.0
    episode_return: float = 0.0  # sum of rewards (``return`` in the JSON line)
    invalid_actions: int = 0
    llm_calls: int = 0
    llm_errors: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    wall_time_s: float = 0.0
    #: "terminated" (the game ended), "truncated" (the env's step limit), "max_steps" (``--max-steps``),
    #: or "error" (the env or the policy raised; see ``error``).
    termination: str = "terminated"
    error: str | None = None
    agent: str = ""
    model: str | None = None
    #: False when the env could not check the score itself (``info["verified"]``: Minecraft on a server the
    #: user runs, whose client-side state a program can fake); the leaderboard keeps such rows apart.
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["return"] = data.pop("episode_return")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EpisodeResult:
        data = dict(data)
        data["episode_return"] = data.pop("return", 0.0)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def key(self) -> tuple[str, int]:
        return (self.env, self.seed)

    @property
    def errored(self) -> bool:
        """The episode raised or its LLM calls failed: it has no score and is retried on resume."""
        return self.termination == "error"

    def mark_error(self, error: str) -> None:
        """Makes this an errored episode: the error is kept, the score fields become null."""
        self.termination, self.error = "error", error
        self.score = self.raw_score = None

    def add_usage(self, usage: Any) -> None:
        """Copies an episode's :class:`~orak_gym.wrappers.trajectory.Usage` totals into the result."""
        self.llm_calls, self.llm_errors = usage.llm_calls, usage.llm_errors
        self.tokens_in, self.tokens_out, self.cost_usd = usage.tokens_in, usage.tokens_out, usage.cost_usd


# ---------------------------------------------------------------------------------- JSON lines
#: One JSON-lines writer for the whole project (flushed per line, total on any text, full-disk safe).
JsonlWriter = JsonlFile


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Complete JSON lines of a file; a last line cut short by a kill (or any garbage line) is skipped."""
    path = Path(path)
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                return  # cut short: the writer died mid-line
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def repair_jsonl_tail(path: Path) -> bool:
    """Cuts off a partial last line (a kill mid-write) so the next append starts on a fresh line."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    with open(path, "rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        data = path.read_bytes()
        fh.truncate(data.rfind(b"\n") + 1)
    return True


# ---------------------------------------------------------------------------------- run directories
def write_config(run_dir: Path, config: RunConfig) -> None:
    """``config.json``, with secrets redacted (:mod:`orak_gym.eval.redact`), in the kwargs and in the
    recorded command line alike."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    recorded = redact(config.to_dict())
    secrets = {"env_kwargs": config.env_kwargs, "agent_kwargs": config.agent_kwargs}
    recorded["command"] = [redact_text(str(arg), secrets) for arg in config.command]
    tmp = run_dir / (CONFIG + ".tmp")
    tmp.write_text(json.dumps(recorded, indent=2, default=repr) + "\n", encoding="utf-8")
    tmp.replace(run_dir / CONFIG)


def read_config(run_dir: Path) -> RunConfig:
    path = Path(run_dir) / CONFIG
    if not path.exists():
        raise RunDirError(
            f"{run_dir} is not a run directory (no {CONFIG}); start a run there with run_eval(run_dir, config)",
            f"{run_dir} is not a run directory (no {CONFIG}); start one with `orak-gym eval --out {run_dir} ...`",
        )
    return RunConfig.from_dict(read_json_object(path))


def read_json_object(path: Path) -> dict[str, Any]:
    """A settings file's JSON object; anything else is a :class:`RunDirError` naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RunDirError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise RunDirError(f"{path} does not hold a JSON object")
    return data


def read_episodes(run_dir: Path, *, errors: bool = True) -> list[EpisodeResult]:
    """Episodes of a run, one per (env, seed): the first scored line wins; an errored line stands only
    while no scored line exists for its key (``errors=False`` leaves those out)."""
    seen: dict[tuple[str, int], EpisodeResult] = {}
    for record in read_jsonl(Path(run_dir) / EPISODES):
        try:
            result = EpisodeResult.from_dict(record)
        except (TypeError, ValueError):
            continue
        known = seen.get(result.key)
        if known is None or (known.errored and not result.errored):
            seen[result.key] = result
    return [r for r in seen.values() if errors or not r.errored]


def _episode_errored(record: dict[str, Any]) -> bool:
    return record.get("termination") == "error"


def set_aside_errors(
    run_dir: Path, name: str = EPISODES, errored: Callable[[dict[str, Any]], bool] = _episode_errored
) -> int:
    """Moves the errored lines of ``name`` (``episodes.jsonl``; the arena's ``matches.jsonl``) to
    ``errors.jsonl`` (so a resume retries them and the file keeps one line per game); returns how
    many moved.  The rewrite is atomic."""
    path = Path(run_dir) / name
    records = list(read_jsonl(path))
    failed = [r for r in records if errored(r)]
    if not failed:
        return 0
    with JsonlFile(Path(run_dir) / ERRORS) as archive:
        for record in failed:
            archive.write(record)
    tmp = path.with_suffix(".jsonl.tmp")
    tmp.write_bytes(b"".join(encode_line(r) for r in records if not errored(r)))
    tmp.replace(path)
    return len(failed)


def is_run_dir(path: Path) -> bool:
    return (Path(path) / CONFIG).is_file()


def expand_run_dirs(paths: Iterable[str | Path]) -> list[Path]:
    """Run directories among ``paths`` (shell globs already expanded); a folder of runs counts too."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if is_run_dir(path):
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if is_run_dir(p)))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise RunDirError(f"no run directory (a folder with {CONFIG}) among {[str(p) for p in paths]}")
    return unique


# ---------------------------------------------------------------------------------- statistics
@dataclass(frozen=True)
class MeanSE:
    """Mean ± standard error of the mean over episodes (SE is 0 for a single episode)."""

    mean: float
    se: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.1f} ± {self.se:.1f}"


def mean_se(values: Iterable[float]) -> MeanSE:
    data = [float(v) for v in values]
    n = len(data)
    if n == 0:
        return MeanSE(math.nan, math.nan, 0)
    mean = sum(data) / n
    if n == 1:
        return MeanSE(mean, 0.0, 1)
    variance = sum((v - mean) ** 2 for v in data) / (n - 1)
    return MeanSE(mean, math.sqrt(variance / n), n)


def summarise(results: Iterable[EpisodeResult]) -> dict[str, dict[str, Any]]:
    """Per-env score statistics (what ``summary.json`` holds); errored episodes are counted, never scored."""
    by_env: dict[str, list[EpisodeResult]] = {}
    for result in results:
        by_env.setdefault(result.env, []).append(result)
    summary: dict[str, dict[str, Any]] = {}
    for env_id, rows in sorted(by_env.items()):
        scored = [r for r in rows if not r.errored]
        stats = mean_se(r.score for r in scored if r.score is not None)
        summary[env_id] = {
            "episodes": stats.n,
            "score_mean": _number(stats.mean),
            "score_se": _number(stats.se),
            "raw_score_mean": _number(mean_se(r.raw_score for r in scored if r.raw_score is not None).mean),
            "errors": len(rows) - len(scored),
            "llm_calls": sum(r.llm_calls for r in rows),
            "tokens_in": sum(r.tokens_in for r in rows),
            "tokens_out": sum(r.tokens_out for r in rows),
            "cost_usd": sum(r.cost_usd for r in rows),
        }
    return summary


def _number(value: float) -> float | None:
    """A statistic fit for JSON: NaN (no scored episode) is null, not the non-standard ``NaN``."""
    return None if math.isnan(value) else value


def _without(kwargs: dict[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if k not in names}
