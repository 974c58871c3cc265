"""An arena folder that can be resumed: ``orak-gym arena --out DIR [--resume]``.

::

    arena/
      arena.json      the settings (env, env kwargs with secrets redacted, players, games, seed)
      matches.jsonl   one line per game played, appended as each game ends (a crash keeps the others)
      replays/        one file per game: its moves (what each seat saw, answered and played), for orak-gym view
      errors.jsonl    errored lines a resume moved aside before replaying them
      wdl.csv, elo.csv, arena.md, heatmap.png   written from the rated games when the arena ends

An arena that cannot work fails before anything is written: the env builds with its kwargs and
seats two, every player can play it (an LLM player's extra is installed and its endpoint answers).
A game with an error (the env raised, or an LLM call failed) has ``error`` set and ``winner``
and ``rewards`` null: it is never rated, and ``--resume`` replays it with the games not yet played.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orak_gym.eval import preflight
from orak_gym.eval.arena import ArenaError, Match, open_arena, play_games, resolve_env, schedule
from orak_gym.eval.redact import redact, redact_text, unredacted
from orak_gym.eval.schema import RunDirError, read_json_object, read_jsonl, set_aside_errors
from orak_gym.wrappers.trajectory import JsonlFile, encode_line

ARENA_CONFIG = "arena.json"
MATCHES = "matches.jsonl"
REPLAYS = "replays"


@dataclass
class ArenaConfig:
    """``arena.json``: what the arena plays; a resume must agree on :attr:`IDENTITY`."""

    env: str = "2048-race"
    players: dict[str, str] = field(default_factory=dict)  # display name -> player spec
    games_per_pair: int = 2
    seed: int = 0
    env_kwargs: dict[str, Any] = field(default_factory=dict)
    max_llm_errors: int = 0
    executor: str = "local"
    ray_address: str | None = None
    #: ``--prompts``: None (our templates) or ``orak:PATH``; ``prompt_set`` is what it measures
    #: (``ours`` / ``orak@<commit>``): a resume keeps it, another path to the same commit is fine.
    prompts: str | None = None
    prompt_set: str = "ours"

    IDENTITY = ("env", "env_kwargs", "prompt_set")

    def recorded(self) -> dict[str, Any]:
        """The settings as ``arena.json`` holds them: secrets redacted."""
        return redact(dataclasses.asdict(self))


def read_arena_config(out: Path) -> ArenaConfig | None:
    path = Path(out) / ARENA_CONFIG
    if not path.is_file():
        return None
    data = read_json_object(path)
    known = {f.name for f in dataclasses.fields(ArenaConfig)}
    return ArenaConfig(**{k: v for k, v in data.items() if k in known})


def resolve_arena(out: Path, given: ArenaConfig, resume: bool, given_fields: set[str]) -> ArenaConfig:
    """The settings the arena plays with: ``given`` for a new folder; on resume the stored ones, with
    the given players (a player of the same name must keep its spec), games and seed applied."""
    stored = read_arena_config(out)
    if stored is None:
        if (Path(out) / MATCHES).exists():
            raise RunDirError(f"{out} holds {MATCHES} but no {ARENA_CONFIG}: choose another --out")
        if resume and not given.players:
            raise RunDirError(f"nothing to resume in {out} (no {ARENA_CONFIG}): give --player to start an arena")
        return given
    if not resume:
        raise RunDirError(f"{out} already holds an arena: pass --resume to continue it, or another --out")
    flags = {"prompt_set": "prompts"}  # the option a setting comes from, where the names differ
    conflicts = [
        f"--{flags.get(name, name).replace('_', '-')} {redact(getattr(given, name))!r} "
        f"(stored: {getattr(stored, name)!r})"
        for name in ArenaConfig.IDENTITY
        if name in given_fields and redact(getattr(given, name)) != getattr(stored, name)
    ]
    conflicts += [
        f"--player {spec!r} (stored for {name!r}: {stored.players[name]!r})"
        for name, spec in given.players.items()
        if name in stored.players and stored.players[name] != spec
    ]
    if conflicts:
        raise RunDirError("this arena was played with other settings (use another --out): " + "; ".join(conflicts))
    merged = dataclasses.replace(stored, players={**stored.players, **given.players})
    merged.env_kwargs = given.env_kwargs if "env_kwargs" in given_fields else unredacted(stored.env_kwargs)
    for name in ("games_per_pair", "seed", "max_llm_errors", "executor", "ray_address", "prompts"):
        if name in given_fields:
            setattr(merged, name, getattr(given, name))
    return merged


def prompt_set_of(prompts: str | None) -> str:
    """What ``--prompts`` measures: ``ours``, or ``orak@<commit>`` of the checkout (read from its
    ``.git``); a bad option or a folder that is no Orak checkout is an :class:`ArenaError` (one line)."""
    from orak_gym.agents.orak_prompts import OURS, OrakCheckout, parse_prompts_option
    from orak_gym.agents.orak_source import OrakPromptError

    try:
        root = parse_prompts_option(prompts)
        return OURS if root is None else OrakCheckout(root).prompt_set
    except OrakPromptError as exc:
        raise ArenaError(str(exc)) from exc


def run_arena(
    out: Path,
    config: ArenaConfig,
    *,
    on_match: Callable[[Match], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """Checks, then plays the games of ``config``'s schedule not yet played (or errored) in ``out``,
    appending each to ``matches.jsonl``; returns every game played in ``out`` (schedule order).
    ``on_start(to_play, total)`` is told how many games are left before the first one starts."""
    out = Path(out)
    if config.executor not in preflight.EXECUTORS:
        raise ArenaError(f"--executor {config.executor} is not one of {', '.join(preflight.EXECUTORS)}")
    preflight.check_writable(out)
    factory = resolve_env(config.env, **config.env_kwargs)
    if prompt_set_of(config.prompts) != config.prompt_set:  # the checkout moved since the arena began
        raise ArenaError(
            f"this arena was played with the prompt set {config.prompt_set!r}, --prompts {config.prompts} "
            f"gives {prompt_set_of(config.prompts)!r}: use another --out"
        )
    try:
        env, factories = open_arena(factory, config.players, prompts=config.prompts)
    except ArenaError as exc:  # a library may quote a kwarg it refused, secrets included
        raise ArenaError(redact_text(str(exc), config.env_kwargs)) from exc
    if config.executor == "ray":  # the cluster answers before anything is written
        from orak_gym.eval.arena_ray import join_cluster

        try:
            join_cluster(config.ray_address)
        except BaseException:
            env.close()
            raise
    try:
        games = schedule(config.players, config.games_per_pair, config.seed)
        if out.exists():
            set_aside_errors(out, MATCHES, lambda record: record.get("error") is not None)
        kept = _read_matches(out)  # every rated game stays, also one a smaller --games leaves out
        done = {m.key for m in kept}
        todo = [game for game in games if game not in done]
        out.mkdir(parents=True, exist_ok=True)
        (out / ARENA_CONFIG).write_text(json.dumps(config.recorded(), indent=2) + "\n", encoding="utf-8")
        if on_start is not None:
            on_start(len(todo), len(games))
        with JsonlFile(out / MATCHES) as file:

            def record(match: Match) -> None:
                match.prompt_set = config.prompt_set
                if match.error:
                    match.error = redact_text(match.error, config.env_kwargs)
                if match.moves is not None:
                    match.replay = write_replay(out, match, config.env_kwargs)
                file.write(match.to_dict())
                if on_match is not None:
                    on_match(match)

            if config.executor == "ray":
                from orak_gym.eval.arena_ray import round_robin_on_ray

                played = round_robin_on_ray(
                    config.env, config.players, on_match=record, env_kwargs=config.env_kwargs,
                    ray_address=config.ray_address, games=todo, max_llm_errors=config.max_llm_errors,
                    prompts=config.prompts,
                )  # fmt: skip
            else:
                played = play_games(env, factories, todo, record, config.max_llm_errors)
    finally:
        env.close()
    order = {game: i for i, game in enumerate(games)}
    return sorted(kept + played, key=lambda m: (order.get(m.key, len(order)), m.key))


def write_replay(out: Path, match: Match, env_kwargs: dict[str, Any]) -> str:
    """``replays/<id>.jsonl``: the game's settings, then one line per move (``orak-gym view`` steps
    through them); returns the path relative to ``out``.  Secrets of the env kwargs never reach it."""
    relative = f"{REPLAYS}/{match.replay_id}.jsonl"
    (out / REPLAYS).mkdir(parents=True, exist_ok=True)
    head = {"event": "match", "player_0": match.player_0, "player_1": match.player_1, "seed": match.seed}
    text = b"".join(encode_line(line) for line in [head, *(match.moves or [])]).decode("utf-8")
    tmp = out / (relative + ".tmp")
    tmp.write_text(redact_text(text, env_kwargs), encoding="utf-8")  # a replayed game replaces its file
    tmp.replace(out / relative)
    return relative


def _read_matches(out: Path) -> list[Match]:
    matches: dict[tuple[str, str, int], Match] = {}
    for record in read_jsonl(Path(out) / MATCHES):
        try:
            match = Match.from_dict(record)
        except TypeError:
            continue
        matches.setdefault(match.key, match)
    return list(matches.values())
