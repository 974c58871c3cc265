"""Evaluation: run policies on orak envs at scale, compare them, and turn play into training data.

- :func:`run_eval` / ``orak-gym eval``: concurrent, resumable runs into a run directory
  (:mod:`orak_gym.eval.schema` documents its files); ``await arun_eval(...)`` in a notebook.
- :mod:`orak_gym.eval.leaderboard` / ``orak-gym leaderboard``: mean ± standard error tables and charts.
- :mod:`orak_gym.eval.arena` / ``orak-gym arena``: two-player round robins through PettingZoo, with Elo;
  :mod:`orak_gym.eval.arena_run` keeps an arena folder that can be resumed.
- :mod:`orak_gym.eval.llm_errors`: the rule eval, arena and demo share (a failed LLM call is no move);
  :mod:`orak_gym.eval.redact`: secrets never reach a file, a label or a message.
- :mod:`orak_gym.eval.dataset` / ``orak-gym dataset``: chat fine-tuning data from the best episodes.
- :mod:`orak_gym.eval.replay` / ``orak-gym replay``: a recorded episode step by step, GIF included.

Importing this package is cheap: matplotlib, PettingZoo and ``datasets`` load only when used.
"""

from orak_gym.eval.preflight import PreflightError
from orak_gym.eval.runner import (
    EvalRunner,
    RunReport,
    RunTotals,
    arun_eval,
    parse_seeds,
    prepare_run,
    resume_config,
    run_eval,
)
from orak_gym.eval.schema import EpisodeResult, MeanSE, RunConfig, RunDirError, mean_se, read_episodes

__all__ = [
    "EpisodeResult",
    "EvalRunner",
    "MeanSE",
    "PreflightError",
    "RunConfig",
    "RunDirError",
    "RunReport",
    "RunTotals",
    "arun_eval",
    "mean_se",
    "parse_seeds",
    "prepare_run",
    "read_episodes",
    "resume_config",
    "run_eval",
]
