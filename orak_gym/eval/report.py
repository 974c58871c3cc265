"""What a run reports: live totals (the progress display's counters) and the final report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from orak_gym.eval.schema import EpisodeResult, mean_se
from orak_gym.wrappers.trajectory import Usage


@dataclass
class RunTotals(Usage):
    """Live counters of a run (what the progress display shows); LLM usage as in :class:`Usage`."""

    episodes_total: int = 0
    episodes_done: int = 0
    episodes_skipped: int = 0  # already finished before a resume
    episodes_errored: int = 0
    envs_lost: int = 0  # envs lost mid-episode (Ray workers or nodes gone); their episodes were replayed
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
        """Mean over the scored episodes of this session (errored ones have no score)."""
        return mean_se(self.scores).mean if self.scores else 0.0


@dataclass
class RunReport:
    """What ``run`` returns: the new results, the totals, and why it stopped early (if it did)."""

    run_dir: Path
    results: list[EpisodeResult]
    totals: RunTotals
    stopped: str | None = None  # a message when a budget ended the run before every episode finished
    unfinished: int = 0

    @property
    def errors(self) -> list[EpisodeResult]:
        """Episodes of this session that errored (not scored; ``resume`` retries them)."""
        return [r for r in self.results if r.errored]

    def error_summary(self) -> str | None:
        """One line on the errored episodes, or None when there was none."""
        errors = self.errors
        if not errors:
            return None
        first = errors[0]
        return (
            f"{len(errors)} of {len(self.results)} episode(s) errored and were not scored "
            f"(first: {first.env} seed {first.seed}: {first.error})"
        )
