"""The arena's games on a Ray cluster: ``orak-gym arena --executor ray``.

Each game of the round robin is a Ray task that builds the two-player env and both players on a
worker, plays the game and returns its :class:`~orak_gym.eval.arena.Match`; the driver collects them
in schedule order, so the results (and the files ``write_arena`` makes of them) are those of a local
round robin.  A task whose worker dies is retried by Ray on another worker; a game is
deterministic from its seed, so the retry plays the same game.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from orak_gym.core.errors import MissingDependencyError
from orak_gym.eval.arena import ArenaError, Match, _as_aec, play_game, player_factory, resolve_env, schedule
from orak_gym.eval.ray_env import RayEnvError, _ray, connect

#: Ray retries a game whose worker died this many times before the error reaches the driver.
LOST_WORKER_RETRIES = 2


def _play_remote(env: str, env_kwargs: dict[str, Any], players: dict[str, str], first: str, second: str,
                 match_seed: int, max_llm_errors: int = 0, prompts: str | None = None) -> Match:  # fmt: skip
    """Runs on a worker: a fresh env and fresh players for one game (a player that cannot be built
    there, say its endpoint is gone, makes the match an error)."""
    try:
        instance = _as_aec(resolve_env(env, **env_kwargs)())
    except Exception as exc:
        return Match(first, second, match_seed, None, None, error=f"{type(exc).__name__}: {exc}")
    try:
        try:
            factories = {name: player_factory(players[name], instance, prompts=prompts) for name in (first, second)}
        except Exception as exc:
            return Match(first, second, match_seed, None, None, error=f"{type(exc).__name__}: {exc}")
        return play_game(instance, factories, first, second, match_seed, max_llm_errors)
    finally:
        instance.close()


def join_cluster(ray_address: str | None) -> None:
    """Joins the Ray cluster (once per process); one that cannot be joined is an :class:`ArenaError`."""
    try:
        connect(ray_address)
    except (RayEnvError, MissingDependencyError) as exc:
        raise ArenaError(str(exc)) from exc


def round_robin_on_ray(
    env: str,
    players: dict[str, str],
    games_per_pair: int = 2,
    seed: int = 0,
    on_match: Callable[[Match], None] | None = None,
    env_kwargs: dict[str, Any] | None = None,
    ray_address: str | None = None,
    games: Iterable[tuple[str, str, int]] | None = None,
    max_llm_errors: int = 0,
    prompts: str | None = None,
) -> list[Match]:
    """:func:`~orak_gym.eval.arena.round_robin` with every game a Ray task (``env`` by name, so a worker
    can build it); LLM players call their endpoints from the workers.  ``games`` plays part of the
    schedule (what a resume has left)."""
    if len(players) < 2:
        raise ArenaError("an arena needs at least two players")
    join_cluster(ray_address)
    ray = _ray()
    task = ray.remote(_play_remote).options(num_cpus=0.25, max_retries=LOST_WORKER_RETRIES)
    kwargs = dict(env_kwargs or {})
    refs = [
        task.remote(env, kwargs, players, first, second, s, max_llm_errors, prompts)
        for first, second, s in (schedule(players, games_per_pair, seed) if games is None else games)
    ]
    matches: list[Match] = []
    for ref in refs:
        match = ray.get(ref)
        matches.append(match)
        if on_match is not None:
            on_match(match)
    return matches
