"""The arena: policies play a two-player PettingZoo env in a round robin; Elo ratings come out.

A game only has to provide a PettingZoo env (AEC, or Parallel: it is converted) whose agents read
``obs`` (a str, or a dict with a ``"text"`` entry) and ``info`` (with ``prompt_context``) and act
with text, like the single-player orak envs, and declare it in its ``GameSpec.multiplayer`` under a
short name (``2048-race``); any ``"module:function"`` works on the command line too.  A player whose
``info["awaiting_action"]`` is False (a frame-synchronous env still running its last decision, as Street
Fighter's arena) is not asked: its action is None.  The env may
name its orak game in ``orak_game`` (class attribute) so that ``expert`` and the LLM agents find the
game's expert and prompts.

Ratings are a Bradley-Terry maximum-likelihood fit on the Elo scale (400 points = 10:1 odds,
mean 1000; draws count half), which does not depend on the order games were played, with a
weak prior (one virtual draw against an average player) that keeps unbeaten players finite.
Confidence intervals come from a bootstrap over the games (outcomes drawn from the fitted odds, so
a short clean sweep still has an interval that narrows as games accumulate).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from itertools import combinations
from pathlib import Path
from typing import Any

from orak_gym.core.errors import MissingDependencyError, OrakError
from orak_gym.core.registry import GAMES, Dependency, UnknownEnvError, load_object, spec_of
from orak_gym.eval.llm_errors import check_llm_errors, failed_calls
from orak_gym.wrappers.trajectory import decision_fields


def arenas() -> dict[str, str]:
    """Multi-player envs by short name, as the games declare them (``GameSpec.multiplayer``)."""
    return {env.name: env.entry_point for spec in GAMES.values() for env in spec.multiplayer}


EnvFactory = Callable[[], Any]
PETTINGZOO = Dependency("pettingzoo", "arena", "pettingzoo")
PolicyFactory = Callable[[int], Any]


class ArenaError(OrakError, ValueError):
    """Bad arena input: unknown env, fewer than two players, a player that cannot be built."""


@dataclass
class Match:
    """One game: who sat where, who won (``None`` for a draw), and how it went."""

    player_0: str
    player_1: str
    seed: int
    winner: str | None  # a player name, or None for a draw (and for an error: see ``error``)
    rewards: dict[str, float] | None = field(default_factory=dict)  # None when the match errored
    steps: int = 0
    llm_calls: int = 0
    error: str | None = None
    #: The game's replay file, relative to the arena folder (``replays/<id>.jsonl``), once written.
    replay: str | None = None
    #: The prompts the LLM players were given: ``ours`` or ``orak@<commit>`` (``--prompts orak:PATH``).
    prompt_set: str = "ours"
    #: The moves as played (see :func:`play_match`); written to the replay file, never to ``matches.jsonl``.
    moves: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str, int]:
        """Who sat first, who second, and the seed: one game of the :func:`schedule`."""
        return (self.player_0, self.player_1, self.seed)

    @property
    def replay_id(self) -> str:
        """A file-system-safe name for this game's replay (player names may hold any character)."""
        import hashlib

        return hashlib.sha1(json.dumps(list(self.key)).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The ``matches.jsonl`` line: everything but the moves."""
        data = asdict(self)
        data.pop("moves", None)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Match:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def outcome_for(self, name: str) -> float:
        """1 win, 0.5 draw, 0 loss, from ``name``'s side."""
        if self.winner is None:
            return 0.5
        return 1.0 if self.winner == name else 0.0


@dataclass(frozen=True)
class Rating:
    name: str
    elo: float
    low: float  # 95% bootstrap interval over the games
    high: float
    games: int


def resolve_env(env: str | EnvFactory, **kwargs: Any) -> EnvFactory:
    """``"2048-race"``, ``"module:function"`` or a callable -> a factory of fresh env instances.

    PettingZoo (the ``arena`` extra) must be installed: a missing one is a
    :class:`~orak_gym.core.errors.MissingDependencyError` naming the extra."""
    if PETTINGZOO.missing():
        raise MissingDependencyError(PETTINGZOO.package, PETTINGZOO.extra, "the arena's two-player envs")
    if callable(env):
        return lambda: env(**kwargs)
    known = arenas()
    target = known.get(env, env)
    if ":" not in target:
        raise ArenaError(f"unknown arena env {env!r}; known: {', '.join(known)} (or give 'module:function')")
    try:
        factory = load_object(target)
    except (ImportError, AttributeError) as exc:
        raise ArenaError(f"cannot load arena env {target!r}: {exc}") from exc
    return lambda: factory(**kwargs)


def player_factory(
    spec: str, env: Any, client_factory: Callable[[str], Any] | None = None, prompts: str | None = None
) -> PolicyFactory:
    """``random``, ``expert``, ``<agent>:<model spec>`` (``zeroshot:openai:gpt-4o-mini``) or a bare model
    spec (the zeroshot agent) -> a factory of fresh policies (seeded by the match seed).  ``prompts``
    (``"orak:PATH"``) gives LLM players Orak's own prompts for the arena's game, loaded and checked here,
    before a game is played."""
    from orak_gym.eval.policies import llm_agents

    game = getattr(env, "orak_game", None) or getattr(env.unwrapped, "orak_game", None)
    if spec == "random":
        from orak_gym.agents.baselines import RandomPolicy

        return lambda seed: RandomPolicy(seed=seed)
    if spec == "expert":
        try:
            cls = spec_of(game).load_expert()
        except (UnknownEnvError, LookupError) as exc:
            raise ArenaError(f"this arena env has no scripted expert (orak_game={game!r})") from exc
        return lambda seed: cls()
    agent, _, model = spec.partition(":")
    if agent not in llm_agents(game) or not model:
        agent, model = "zeroshot", spec
    from orak_gym.agents.policy import LLMPolicy
    from orak_gym.eval.preflight import PreflightError, check_llm

    try:  # the extra is installed and the endpoint answers, before a game is played
        client = check_llm(model, client_factory(model) if client_factory is not None else None)
    except PreflightError as exc:
        raise ArenaError(str(exc)) from exc
    from orak_gym.agents.orak_source import OrakPromptError

    try:
        prototype = LLMPolicy(client, agent=agent, game=game, prompts=prompts)
    except OrakPromptError as exc:
        raise ArenaError(str(exc)) from exc
    return lambda seed: prototype.clone()


def _text_and_info(observation: Any, info: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    if isinstance(observation, dict) and "text" in observation:
        return observation["text"], info
    return observation, info


def play_match(
    env: Any, policies: dict[str, Any], seed: int, max_llm_errors: int = 0, moves: list[dict[str, Any]] | None = None
) -> tuple[str | None, dict[str, float], int, int]:
    """Plays one game on an AEC env; ``policies`` maps env agent ids to policies.

    Returns (winning agent id or None for a draw, total rewards, steps, LLM calls).  With ``moves``,
    each move is appended to it as it is played (the seat, what it saw, its LLM answers, its action,
    the env's feedback and the rewards so far), so a game that raises keeps its moves up to the error.
    Raises
    :class:`~orak_gym.eval.llm_errors.LLMCallsFailed` once more than ``max_llm_errors`` LLM calls
    failed: a player whose model is gone plays the game's default action, which is no result.
    """
    env.reset(seed=seed)
    for policy in policies.values():
        policy.reset()
    totals = dict.fromkeys(env.possible_agents, 0.0)
    steps = calls = failed = 0
    for agent in env.agent_iter(max_iter=100_000):
        observation, reward, terminated, truncated, info = env.last()
        totals[agent] += float(reward)
        if terminated or truncated:
            env.step(None)
            continue
        if info.get("awaiting_action") is False:  # a frame-synchronous env: this player's inputs still run
            env.step(None)
            continue
        text, info = _text_and_info(observation, info)
        action = policies[agent](text, info)
        decision = getattr(policies[agent], "last_step", None)
        calls += len(getattr(decision, "calls", None) or [])
        failed += failed_calls(decision)
        check_llm_errors(failed, max_llm_errors, decision)
        env.step(action)
        steps += 1
        if moves is not None:
            moves.append(_move_record(env, agent, steps, text, action, decision, totals))
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    winner = ranked[0][0] if len(ranked) > 1 and ranked[0][1] > ranked[1][1] else None
    return winner, totals, steps, calls


def _move_record(
    env: Any, agent: str, turn: int, text: Any, action: Any, decision: Any, totals: dict[str, float]
) -> dict[str, Any]:
    """One line of a replay: JSON-safe, with the env's feedback on the move where it gives one."""
    after = (getattr(env, "infos", None) or {}).get(agent) or {}
    calls = [
        {"module": c.get("module"), "response": c.get("raw_response"), "error": c.get("error")}
        for c in decision_fields(decision)["calls"]
    ]
    return {
        "turn": turn,
        "seat": agent,
        "observation": text if isinstance(text, str) else repr(text),
        "calls": calls,
        "action": action if isinstance(action, str) else repr(action),
        "action_valid": after.get("action_valid"),
        "feedback": after.get("action_feedback"),
        "rewards": dict(totals),
    }


def _as_aec(env: Any) -> Any:
    from pettingzoo.utils.env import ParallelEnv

    if isinstance(env, ParallelEnv):
        from pettingzoo.utils.conversions import parallel_to_aec

        return parallel_to_aec(env)
    return env


def schedule(players: dict[str, str], games_per_pair: int = 2, seed: int = 0) -> list[tuple[str, str, int]]:
    """The round robin's games as (first seat, second seat, seed): every pair plays ``games_per_pair``
    games, swapping seats each game (same seed for both seatings, so the first-move advantage cancels)."""
    games = []
    for a, b in combinations(players, 2):
        for game in range(games_per_pair):
            first, second = (a, b) if game % 2 == 0 else (b, a)
            games.append((first, second, seed + game // 2))
    return games


def make_arena_env(env_factory: EnvFactory) -> Any:
    """A fresh AEC env from the factory; one that cannot be built (bad kwargs, a game server that is
    gone or refuses) is an :class:`ArenaError` saying why in one line."""
    try:
        return _as_aec(env_factory())
    except ArenaError:
        raise
    except Exception as exc:
        raise ArenaError(f"cannot make the arena env: {type(exc).__name__}: {exc}") from exc


def _seats(env: Any) -> list[str]:
    seats = list(env.possible_agents)
    if len(seats) != 2:
        raise ArenaError(f"the arena plays two-player envs; this one has agents {seats}")
    return seats


def play_game(
    env: Any, factories: dict[str, PolicyFactory], first: str, second: str, match_seed: int, max_llm_errors: int = 0
) -> Match:
    """One game of the round robin on an AEC env; an exception (or failed LLM calls) is the match's
    error, not a result: ``winner`` and ``rewards`` are None."""
    seats = _seats(env)
    # Policies get distinct seeds per seat, so two copies of a random player do not mirror.
    policies = {seats[0]: factories[first](2 * match_seed), seats[1]: factories[second](2 * match_seed + 1)}
    match = Match(first, second, match_seed, None, moves=[])
    try:
        winner, rewards, match.steps, match.llm_calls = play_match(
            env, policies, match_seed, max_llm_errors, match.moves
        )
        match.rewards = {first: rewards[seats[0]], second: rewards[seats[1]]}
        match.winner = None if winner is None else (first if winner == seats[0] else second)
    except Exception as exc:
        match.error, match.winner, match.rewards = f"{type(exc).__name__}: {exc}", None, None
    names = {seats[0]: first, seats[1]: second}
    for move in match.moves or []:
        move["player"] = names.get(move["seat"], move["seat"])
        move["rewards"] = {names.get(seat, seat): value for seat, value in move["rewards"].items()}
    return match


def open_arena(
    env_factory: EnvFactory,
    players: dict[str, str],
    client_factory: Callable[[str], Any] | None = None,
    prompts: str | None = None,
) -> tuple[Any, dict[str, PolicyFactory]]:
    """The arena's pre-flight: the env builds (with its kwargs), it seats two, and every player can
    play it (an LLM player's extra is installed and its endpoint answers).  Returns the env and the
    players' factories; on failure the env is closed and an :class:`ArenaError` says why."""
    if len(players) < 2:
        raise ArenaError("an arena needs at least two players")
    env = make_arena_env(env_factory)
    try:
        _seats(env)
        factories = {name: player_factory(spec, env, client_factory, prompts) for name, spec in players.items()}
    except BaseException:
        env.close()
        raise
    return env, factories


def play_games(
    env: Any,
    factories: dict[str, PolicyFactory],
    games: Iterable[tuple[str, str, int]],
    on_match: Callable[[Match], None] | None = None,
    max_llm_errors: int = 0,
) -> list[Match]:
    """Plays ``games`` (a :func:`schedule`, or what is left of one) one after another on ``env``."""
    matches: list[Match] = []
    for first, second, match_seed in games:
        match = play_game(env, factories, first, second, match_seed, max_llm_errors)
        matches.append(match)
        if on_match is not None:
            on_match(match)
    return matches


def round_robin(
    env_factory: EnvFactory,
    players: dict[str, str],
    games_per_pair: int = 2,
    seed: int = 0,
    on_match: Callable[[Match], None] | None = None,
    client_factory: Callable[[str], Any] | None = None,
    max_llm_errors: int = 0,
) -> list[Match]:
    """Plays the :func:`schedule` one game after another on one env instance in this process."""
    env, factories = open_arena(env_factory, players, client_factory)
    try:
        return play_games(env, factories, schedule(players, games_per_pair, seed), on_match, max_llm_errors)
    finally:
        env.close()


# ---------------------------------------------------------------------------------- ratings
def _fit(names: list[str], games: list[tuple[str, str, float]], iterations: int = 2000) -> dict[str, float]:
    """Bradley-Terry strengths by minorisation-maximisation (Hunter 2004), one virtual draw each
    against a fixed average player; returned as Elo (mean 1000)."""
    index = {n: i for i, n in enumerate(names)}
    wins = [0.5] * len(names)  # the virtual draw
    pairs: dict[tuple[int, int], int] = {}
    for a, b, score_a in games:
        i, j = index[a], index[b]
        wins[i] += score_a
        wins[j] += 1.0 - score_a
        key = (min(i, j), max(i, j))
        pairs[key] = pairs.get(key, 0) + 1
    gamma = [1.0] * len(names)
    for _ in range(iterations):
        new = []
        for i in range(len(names)):
            denom = 1.0 / (gamma[i] + 1.0)  # the virtual game against strength 1
            for (p, q), n in pairs.items():
                if i in (p, q):
                    other = q if i == p else p
                    denom += n / (gamma[i] + gamma[other])
            new.append(wins[i] / denom)
        converged = max(abs(n - g) / g for n, g in zip(new, gamma, strict=True)) < 1e-10
        gamma = new
        if converged:
            break
    elo = [400.0 * math.log10(g) for g in gamma]
    shift = 1000.0 - sum(elo) / len(elo)
    return {n: elo[index[n]] + shift for n in names}


def elo_ratings(matches: Iterable[Match], bootstrap: int = 200, seed: int = 0) -> list[Rating]:
    """Elo ratings with 95% bootstrap intervals, best first (matches with errors are left out)."""
    played = [m for m in matches if m.error is None]
    names = sorted({m.player_0 for m in played} | {m.player_1 for m in played})
    if len(names) < 2:
        return [Rating(n, 1000.0, 1000.0, 1000.0, 0) for n in names]
    games = [(m.player_0, m.player_1, m.outcome_for(m.player_0)) for m in played]
    point = _fit(names, games)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(bootstrap):
        fit = _fit(names, _resample(games, point, rng))
        for n in names:
            samples[n].append(fit[n])
    counts = {n: sum(1 for m in played if n in (m.player_0, m.player_1)) for n in names}
    ratings = []
    for n in names:
        values = sorted(samples[n]) or [point[n]]
        low = values[int(0.025 * (len(values) - 1))]
        high = values[math.ceil(0.975 * (len(values) - 1))]
        ratings.append(Rating(n, point[n], low, high, counts[n]))
    return sorted(ratings, key=lambda r: -r.elo)


def _resample(games: list[tuple[str, str, float]], point: dict[str, float], rng: random.Random) -> list[tuple]:
    """One bootstrap replicate: the games resampled, each outcome drawn from the fitted odds.

    Resampling outcomes as observed gives zero width after a few one-sided games (every replicate is
    the same clean sweep); drawing them from the fit (which the virtual draw keeps off 0 and 1) gives
    an interval that narrows as games accumulate."""
    replicate = []
    for a, b, _ in (rng.choice(games) for _ in games):
        expected = 1.0 / (1.0 + 10.0 ** ((point[b] - point[a]) / 400.0))
        replicate.append((a, b, 1.0 if rng.random() < expected else 0.0))
    return replicate


def wdl_matrix(matches: Iterable[Match], names: list[str]) -> dict[str, dict[str, tuple[int, int, int]]]:
    """``matrix[a][b] = (wins, draws, losses)`` of ``a`` against ``b``."""
    matrix = {a: {b: (0, 0, 0) for b in names if b != a} for a in names}
    for m in matches:
        if m.error is not None:
            continue
        for me, other in ((m.player_0, m.player_1), (m.player_1, m.player_0)):
            w, d, lo = matrix[me][other]
            outcome = m.outcome_for(me)
            matrix[me][other] = (w + (outcome == 1.0), d + (outcome == 0.5), lo + (outcome == 0.0))
    return matrix


# ---------------------------------------------------------------------------------- outputs
def write_arena(matches: list[Match], out: str | Path, plot: bool = True, bootstrap: int = 200) -> dict[str, Path]:
    """``matches.jsonl``, ``wdl.csv``, ``elo.csv``, ``arena.md`` and (with matplotlib) ``heatmap.png``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sets = sorted({m.prompt_set for m in matches})
    if len(sets) > 1:  # ratings of players prompted differently are not one scale
        raise ArenaError(f"these matches were played with different prompt sets ({', '.join(sets)}): rate them apart")
    ratings = elo_ratings(matches, bootstrap=bootstrap)
    names = [r.name for r in ratings] or sorted({m.player_0 for m in matches} | {m.player_1 for m in matches})
    matrix = wdl_matrix(matches, names)
    files = {
        "matches": out / "matches.jsonl",
        "wdl": out / "wdl.csv",
        "elo": out / "elo.csv",
        "markdown": out / "arena.md",
    }
    files["matches"].write_text("".join(json.dumps(m.to_dict()) + "\n" for m in matches), encoding="utf-8")
    lines = ["player," + ",".join(names)]
    for a in names:
        cells = ["-" if a == b else "{}/{}/{}".format(*matrix[a][b]) for b in names]
        lines.append(f"{a}," + ",".join(cells))
    files["wdl"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["elo"].write_text(
        "player,elo,ci_low,ci_high,games\n"
        + "".join(f"{r.name},{r.elo:.1f},{r.low:.1f},{r.high:.1f},{r.games}\n" for r in ratings),
        encoding="utf-8",
    )
    prompt_set = sets[0] if sets else "ours"
    md = [f"Prompt set: {'our own prompts' if prompt_set == 'ours' else prompt_set}", ""]
    md += ["| player | Elo | 95% CI | games |", "|---|---:|---:|---:|"]
    md += [f"| {r.name} | {r.elo:.0f} | {r.low:.0f} – {r.high:.0f} | {r.games} |" for r in ratings]
    md += ["", "Wins/draws/losses of the row player against the column player:", ""]
    md += ["| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for a in names:
        md.append(f"| {a} | " + " | ".join("-" if a == b else "{}/{}/{}".format(*matrix[a][b]) for b in names) + " |")
    errors = sum(1 for m in matches if m.error)
    if errors:
        md += ["", f"{errors} match(es) ended in an error and are not rated (see matches.jsonl)."]
    files["markdown"].write_text("\n".join(md) + "\n", encoding="utf-8")
    if plot:
        files["heatmap"] = plot_heatmap(matrix, names, out / "heatmap.png")
    return files


def plot_heatmap(matrix: dict[str, dict[str, tuple[int, int, int]]], names: list[str], path: Path) -> Path:
    """Score rate (wins + draws/2) of each row player against each column player."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("matplotlib", "plots", "arena heatmaps") from exc
    import numpy as np

    grid = np.full((len(names), len(names)), np.nan)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if a != b:
                w, d, lo = matrix[a][b]
                total = w + d + lo
                grid[i, j] = (w + d / 2) / total if total else np.nan
    size = 1.2 + 0.9 * len(names)
    fig, ax = plt.subplots(figsize=(size + 1.5, size), dpi=120)
    image = ax.imshow(grid, vmin=0, vmax=1, cmap="RdYlGn")
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), names)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if a != b:
                ax.text(j, i, "{}/{}/{}".format(*matrix[a][b]), ha="center", va="center", fontsize=8)
    ax.set_title("score rate of row vs column (W/D/L)")
    fig.colorbar(image, ax=ax, fraction=0.046)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", pad_inches=0.2)  # long player names are never clipped
    plt.close(fig)
    return path
