"""Orak's Ace Attorney grade (``pwaat/autorun/autorun_grade.py``), as formulas.

Each task t yields, per trial, a score s_t (times its success line was reached) and a number of steps
n_t. With weights w, benchmarks (best score S_t, best steps N_t) and alpha = 0.7:

    p_t = s_t / S_t,   q_t = N_t / n_t          (both 0 when s_t = 0)
    A   = sum_t w_t p_t / sum_t w_t,   B = sum_t w_t q_t / sum_t w_t
    Composite = 100 (alpha A + (1 - alpha) B)

Since A and B share the weights, the composite is the weighted mean of per-task grades
G_t = 100 (alpha p_t + (1 - alpha) q_t): each env (one task) reports G_t, and
:func:`composite_grade` combines four of them exactly as Orak does. q_t is not capped (a run shorter
than the benchmark scores above it, as in Orak); the env's ``score`` caps G_t at 100 for the 0-100
contract and keeps the uncapped value in ``info["grade"]``.
"""

from __future__ import annotations

from collections.abc import Mapping

ALPHA = 0.7
TASKS = ("multiple_choice", "cross_examination_1", "cross_examination_2", "cross_examination_3")
WEIGHTS: Mapping[str, float] = {
    "multiple_choice": 1,
    "cross_examination_1": 4,
    "cross_examination_2": 2,
    "cross_examination_3": 3,
}
#: [best_score, best_steps] per task.
BENCHMARKS: Mapping[str, tuple[int, int]] = {
    "multiple_choice": (3, 25),
    "cross_examination_1": (1, 11),
    "cross_examination_2": (1, 3),
    "cross_examination_3": (1, 4),
}


def parts(task: str, score: float, steps: int) -> tuple[float, float]:
    """(accuracy p_t, speed q_t) of one trial of ``task``."""
    if score == 0:
        return 0.0, 0.0
    best_score, best_steps = BENCHMARKS[task]
    return score / best_score, best_steps / max(steps, 1)


def task_grade(task: str, score: float, steps: int, alpha: float = ALPHA) -> float:
    """G_t = 100 (alpha p_t + (1 - alpha) q_t): the composite of a trial that played only ``task``."""
    accuracy, speed = parts(task, score, steps)
    return 100.0 * (alpha * accuracy + (1.0 - alpha) * speed)


def composite_grade(results: Mapping[str, tuple[float, int]], alpha: float = ALPHA) -> float:
    """Orak's Composite of one trial from ``{task: (score, steps)}`` for the four tasks."""
    missing = [task for task in WEIGHTS if task not in results]
    if missing:
        raise ValueError(f"the composite needs every task; missing {', '.join(missing)}")
    total = sum(WEIGHTS.values())
    a = sum(WEIGHTS[t] * parts(t, *results[t])[0] for t in WEIGHTS) / total
    b = sum(WEIGHTS[t] * parts(t, *results[t])[1] for t in WEIGHTS) / total
    return 100.0 * (alpha * a + (1.0 - alpha) * b)
