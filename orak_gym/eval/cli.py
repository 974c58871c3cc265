"""The evaluation commands of ``orak-gym``: eval, leaderboard, dataset, replay, arena.

``orak_gym/cli.py`` mounts them with :func:`register_commands`.  Heavy imports (the runner, the
LLM client, matplotlib, PettingZoo, ``datasets``) happen inside the commands, so ``orak-gym
--help`` stays fast.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()

#: Exit status of ``orak-gym eval`` when a budget stopped the run before every episode finished.
EXIT_BUDGET = 3
#: Exit status of ``orak-gym eval`` when episodes errored (recorded as errors, not scored).
EXIT_ERRORS = 4
#: Exit status when Ctrl-C stopped a command (the shell's convention, 128 + SIGINT).
EXIT_INTERRUPTED = 130


def _fail(message: str) -> typer.Exit:
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(1)


def _check_plots(plot: bool, what: str) -> None:
    """Before anything is played or written: the ``plots`` extra is there, or ``--no-plot`` was given."""
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.core.registry import Dependency

    if plot and Dependency("matplotlib", "plots").missing():
        raise _fail(_missing(MissingDependencyError("matplotlib", "plots", what), "--no-plot", what))


def _missing(exc: Any, flag: str, what: str) -> str:
    """A missing extra's message; for the ``plots`` extra, also the flag that does without it."""
    return f"{exc}; or leave {what} out with {flag}" if getattr(exc, "extra", None) == "plots" else str(exc)


def _interrupted(resume_hint: str | None) -> typer.Exit:
    """Ctrl-C: what was finished is kept; say how to go on (``None``: nothing had been kept yet)."""
    if resume_hint is None:
        console.print("[bold yellow]interrupted:[/] stopped before anything was kept; nothing was written")
    else:
        console.print(f"[bold yellow]interrupted:[/] finished work is kept; continue with `{escape(resume_hint)}`")
    return typer.Exit(EXIT_INTERRUPTED)


def _json_option(text: str | None, name: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise _fail(f"{name} must be a JSON object, e.g. '{{\"target_tile\": 256}}' ({exc})") from exc
    if not isinstance(value, dict):
        raise _fail(f"{name} must be a JSON object, e.g. '{{\"target_tile\": 256}}'")
    return value


def _ready_env_ids() -> list[str]:
    from orak_gym.games import statuses

    return [v.env_id for spec, status in statuses() if status.ready for v in spec.variants]


def _default_out(agent: str, model: str | None) -> str:
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", (model or "").split("@")[0]).strip("-")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return str(Path("runs") / "-".join(p for p in (agent, label, stamp) if p))


def eval_command(
    env: list[str] = typer.Option(None, "--env", "-e", help="Env id to evaluate on (repeatable), e.g. orak/2048-v0."),
    suite: str = typer.Option(None, help="'all-ready': every env id of every game that runs on this machine."),
    agent: str = typer.Option(
        None,
        "--agent",
        "-a",
        help="zeroshot | reflection | planning | reflection_planning | skill_management, or a game's own "
        "(Pokémon Red: pokemon) (all need --model); or the baselines random | expert.",
    ),
    model: str = typer.Option(
        None,
        "--model",
        "-m",
        envvar="MODEL",
        help="LLM client spec 'provider:model[@base_url]': openai:gpt-4o-mini, ollama:llama3.2, "
        "vllm:Qwen/Qwen2.5-7B-Instruct@http://localhost:8000/v1, ...",
    ),
    episodes: int = typer.Option(
        None, "--episodes", "-n", min=1, help="Episodes per env (seeds 0..N-1) [default: 10]."
    ),
    seeds: str = typer.Option(None, help="Explicit seeds per env: '0-9', '0,3,7' or '0-4,10'."),
    max_steps: int = typer.Option(None, min=1, help="Decision limit per episode (default: the game's own)."),
    concurrency: int = typer.Option(None, "--concurrency", "-k", min=1, help="Episodes played at once [default: 8]."),
    modality: str = typer.Option(None, help="text | image | text_image: what the agent sees [default: text]."),
    out: str = typer.Option(None, "--out", "-o", help="Run directory [default: runs/<agent>-<model>-<time>]."),
    resume: bool = typer.Option(False, help="Continue the run in --out: skip scored episodes, redo the rest."),
    max_cost: float = typer.Option(None, help="Stop cleanly once this many US dollars are spent."),
    max_tokens: int = typer.Option(None, help="Stop cleanly once this many tokens (in + out) are used."),
    frames: bool = typer.Option(None, "--frames", help="Save a PNG per step (for replay GIFs)."),
    env_kwargs: str = typer.Option(None, help="JSON kwargs for every env, e.g. '{\"target_tile\": 256}'."),
    agent_kwargs: str = typer.Option(None, help="JSON kwargs for the agent, e.g. '{\"memory_window\": 5}'."),
    prompts: str = typer.Option(
        None,
        help="ours (orak-gym's templates) | orak:PATH (Orak's own prompt files from your Orak checkout at PATH, "
        "parsed, never run; the run records the checkout's commit) [default: ours].",
    ),
    env_workers: str = typer.Option(
        None, help="thread | process | auto (process for emulator backends that allow one per process)."
    ),
    max_llm_errors: int = typer.Option(
        None, min=0, help="Failed LLM calls an episode may have and still be scored [default: 0]."
    ),
    executor: str = typer.Option(
        None, help="local (this machine) | ray (envs as actors on a Ray cluster; pip install 'orak-gym[ray]')."
    ),
    ray_address: str = typer.Option(
        None,
        help="Ray cluster to join with --executor ray: auto, HOST:PORT or ray://HOST:PORT [default: a new local one].",
    ),
    quiet: bool = typer.Option(False, help="No live progress display."),
) -> None:
    """Run an agent on orak envs, many episodes at once, into a resumable run directory.

    \b
    Examples:
      orak-gym eval --env orak/2048-v0 --agent expert --episodes 10
      orak-gym eval --env orak/2048-v0 --agent zeroshot --model openai:gpt-4o-mini \\
          --seeds 0-9 --max-steps 200 --concurrency 16 --max-cost 2 --out runs/gpt4o-mini
      orak-gym eval --out runs/gpt4o-mini --resume        # after a crash, a budget stop or errors
      orak-gym eval --out runs/gpt4o-mini --resume --seeds 10-19   # more seeds extend the run
      orak-gym eval --env orak/BabaIsYou-v0 --agent expert --episodes 20 --executor ray --ray-address auto
      orak-gym eval --env orak/2048-v0 --agent reflection --model openai:gpt-4o --prompts orak:~/src/Orak

    The run directory holds config.json, episodes.jsonl (one line per finished episode),
    trajectories/<env>/<seed>.jsonl (one line per step) and summary.json. On --resume, settings not
    given are taken from config.json; settings that change what is measured must match it.
    Exit status: 0 done, 1 error (nothing written), 3 a budget stopped the run, 4 episodes errored
    (not scored; --resume retries them).
    """
    from orak_gym.eval.policies import BASELINES, AgentError
    from orak_gym.eval.runner import parse_seeds
    from orak_gym.eval.schema import CONFIG, RunConfig, RunDirError

    envs = list(env or [])
    if suite:
        if suite != "all-ready":
            raise _fail(f"unknown --suite {suite!r}; the one suite is 'all-ready'")
        envs += [e for e in _ready_env_ids() if e not in envs]
    resuming = resume and out is not None and (Path(out) / CONFIG).is_file()
    if not envs and not resuming:
        if resume and out is not None:
            raise _fail(f"nothing to resume in {out} (no {CONFIG}); give --env and --agent to start a run")
        raise _fail("give --env (repeatable) or --suite all-ready; `orak-gym list` shows the envs")
    if seeds and episodes:
        raise _fail("give --episodes or --seeds, not both")
    run_dir: Path | None = Path(out) if out else None
    try:
        given: dict[str, Any] = {}
        if envs:
            given["envs"] = envs
        if seeds or episodes:
            given["seeds"] = parse_seeds(seeds) if seeds else list(range(episodes))
        for name, value in (
            ("agent", agent), ("modality", modality), ("max_steps", max_steps), ("concurrency", concurrency),
            ("max_cost", max_cost), ("max_tokens", max_tokens), ("frames", frames),
            ("env_workers", env_workers), ("max_llm_errors", max_llm_errors), ("executor", executor),
            ("ray_address", ray_address), ("prompts", prompts),
        ):  # fmt: skip
            if value is not None:
                given[name] = value
        if model is not None and (agent or "") not in BASELINES:
            given["model"] = model
        if agent_kwargs is not None:
            given["agent_kwargs"] = _json_option(agent_kwargs, "--agent-kwargs")
        kwargs = _json_option(env_kwargs, "--env-kwargs") if env_kwargs is not None else None
        if resuming:
            from orak_gym.eval.schema import read_config

            if kwargs is not None:
                given["env_kwargs"] = {e: kwargs for e in given.get("envs") or read_config(Path(out)).envs}
            run_dir, config = Path(out), given
        else:
            if agent is None:
                raise AgentError("give --agent: an LLM agent (with --model) or a baseline (random, expert)")
            if kwargs is not None:
                given["env_kwargs"] = {e: kwargs for e in envs}
            given.setdefault("seeds", list(range(10)))
            run_dir = Path(out or _default_out(agent, given.get("model")))
            config = RunConfig(**given, name=run_dir.name, command=sys.argv[1:])
        report = _run_with_progress(run_dir, config, resume, quiet)
    except KeyboardInterrupt:
        kept = run_dir is not None and (run_dir / CONFIG).is_file()
        raise _interrupted(f"orak-gym eval --out {run_dir} --resume" if kept else None) from None
    except RunDirError as exc:
        raise _fail(exc.cli) from exc
    except (AgentError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_report(report)
    if report.stopped:
        raise typer.Exit(EXIT_BUDGET)
    reason = report.error_summary()
    if reason:
        console.print(
            f"[bold red]error:[/] {escape(reason)}; fix the cause and run "
            f"`{escape(f'orak-gym eval --out {report.run_dir} --resume')}` to retry them",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_ERRORS)


def _run_with_progress(run_dir: Path, config: Any, resume: bool, quiet: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from orak_gym.eval.runner import RunTotals, prepare_run

    prepared = prepare_run(run_dir, config, resume)  # nothing is written when a check fails
    config = prepared.config
    if quiet:
        return prepared.runner(run_dir).run()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("score {task.fields[score]:.1f}"),
        TextColumn("{task.fields[tokens]} tok"),
        TextColumn("${task.fields[cost]:.4f}"),
        TextColumn("{task.fields[rate]:.1f} calls/s"),
        TextColumn("{task.fields[errors]} LLM errors"),
        TextColumn("{task.fields[failed]} episodes errored"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, refresh_per_second=4) as progress:
        task = progress.add_task(
            escape(f"eval {run_dir.name}"), total=None, score=0.0, tokens=0, cost=0.0, rate=0.0, errors=0, failed=0
        )

        def update(totals: RunTotals) -> None:
            progress.update(
                task,
                total=totals.episodes_total,
                completed=totals.episodes_done + totals.episodes_skipped,
                score=totals.mean_score,
                tokens=totals.tokens_in + totals.tokens_out,
                cost=totals.cost_usd,
                rate=totals.calls_per_s,
                errors=totals.llm_errors,
                failed=totals.episodes_errored,
            )

        return prepared.runner(run_dir, update).run()


def _print_report(report: Any) -> None:
    from orak_gym.eval.schema import read_episodes, summarise

    summary = summarise(read_episodes(report.run_dir))
    table = Table(title=escape(f"run {report.run_dir}"))
    widest = max((len(env_id) for env_id in summary), default=3)
    for column in ("env", "scored", "score (mean ± s.e.)", "errored", "LLM calls", "tokens", "cost $"):
        if column == "env":  # an env id is never cut (``orak/Minecr…``), even in 80 columns
            table.add_column(column, min_width=widest, overflow="fold")
        else:
            table.add_column(column, justify="right")
    for env_id, row in summary.items():
        table.add_row(
            escape(env_id),
            str(row["episodes"]),
            f"{row['score_mean']:.2f} ± {row['score_se']:.2f}" if row["episodes"] else "-",
            str(row["errors"]),
            str(row["llm_calls"]),
            str(row["tokens_in"] + row["tokens_out"]),
            f"{row['cost_usd']:.4f}",
        )
    console.print(table)
    totals = report.totals
    console.print(
        f"{totals.episodes_done} episode(s) played now ({totals.episodes_errored} errored), "
        f"{totals.episodes_skipped} already done; "
        f"{totals.llm_calls} LLM calls ({totals.llm_errors} failed) in {totals.elapsed_s:.1f}s"
    )
    if report.stopped:
        console.print(
            f"[bold yellow]stopped early: {escape(report.stopped)}.[/] {report.unfinished} episode(s) not finished; "
            + escape(f"continue with: orak-gym eval --out {report.run_dir} --resume --max-cost/--max-tokens <more>")
        )


def leaderboard_command(
    runs: list[Path] = typer.Argument(..., help="Run directories (or folders of them), e.g. runs/*."),
    out: Path = typer.Option(Path("leaderboard"), "--out", "-o", help="Folder for leaderboard.md/.csv/.png."),
    plot: bool = typer.Option(True, help="Also draw leaderboard.png (needs the 'plots' extra)."),
    with_orak: bool = typer.Option(
        False, "--with-orak", help="Also show Orak's published rows for the same games, and what differs from ours."
    ),
    orak_model: list[str] = typer.Option(
        None, "--orak-model", help="With --with-orak: keep Orak's rows whose model contains this (repeatable)."
    ),
) -> None:
    """Compare runs: rows model (agent), columns games, cells mean ± standard error, plus the average.

    \b
    Example:  orak-gym leaderboard runs/* --out leaderboard/
              orak-gym leaderboard runs/* --with-orak --orak-model gpt-4o
    Runs pool into a row only when every setting that changes a score agrees (model, agent,
    modality, --max-steps, env and agent kwargs, package version); an (env, seed) pair counts
    once. A game's levels form one column; average = mean over games. Errored episodes are
    counted in the errors column, never scored.
    """
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.leaderboard import build_leaderboard, write_leaderboard
    from orak_gym.eval.schema import RunDirError

    _check_plots(plot, "the chart")
    orak: dict[str, Any] = {}
    try:
        board = build_leaderboard(runs)
        files = write_leaderboard(board, out, plot=plot)
        if with_orak:
            from orak_gym.eval.orak_board import write_with_orak

            orak = write_with_orak(board, out, list(orak_model or []), draw=plot)
            files.update(orak["files"])
    except MissingDependencyError as exc:
        raise _fail(_missing(exc, "--no-plot", "the chart")) from exc
    except RunDirError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title="orak-gym leaderboard (score 0-100, mean ± s.e.)")
    for i, column in enumerate(board.header()):
        table.add_column(escape(column), justify="left" if i == 0 else "right")
    for label in board.ranked():
        table.add_row(*(escape(cell) for cell in board.cells(label)))
    console.print(table)
    if orak:
        _print_orak(board, orak)
    console.print("wrote " + escape(", ".join(str(p) for p in files.values())), soft_wrap=True)


def _print_orak(board: Any, orak: dict[str, Any]) -> None:
    """Orak's published rows for our games, then what differs between each of our rows and them."""
    from orak_gym.eval.orak_board import differences

    data = orak["data"]
    source = f"{data['source']} @ {data['source_commit']}, {data['source_date']}"
    table = Table(title=escape(f"Orak's published leaderboard (mean ± std; {source})"))
    for i, column in enumerate(["Orak: model (agent)", *board.games]):
        table.add_column(escape(column), justify="left" if i == 0 else "right")
    for row in orak["rows"]:
        cells = [f"{row.scores[g][0]:.1f} ± {row.scores[g][1]:.1f}" if g in row.scores else "-" for g in board.games]
        table.add_row(escape(row.label), *cells)
    console.print(table)
    console.print("[bold]Settings that differ from Orak's rows[/] (never pooled with them):")
    for label in board.ranked():
        notes = differences(label, board, data)
        console.print(escape(f"- {label}: " + ("; ".join(notes) if notes else "none recorded")), soft_wrap=True)


def dataset_command(
    runs: list[Path] = typer.Argument(..., help="Run directories (or folders of them) of LLM agents."),
    out: Path = typer.Option(Path("data"), "--out", "-o", help="Output folder."),
    top_k: int = typer.Option(300, min=1, help="Best episodes kept per game."),
    min_score: float = typer.Option(None, help="Keep only episodes scoring at least this (0-100)."),
    module: list[str] = typer.Option(None, help="Keep only these agent modules (repeatable)."),
    hf: bool = typer.Option(False, help="Also save a Hugging Face datasets.DatasetDict under OUT/hf."),
    incomplete: str = typer.Option(
        "drop", help="Answers missing a section their module asked for: drop, or flag (kept with complete=false)."
    ),
) -> None:
    """Turn the best episodes into chat fine-tuning data (one sample per LLM call).

    \b
    Example:  orak-gym dataset runs/* --out data/ --top-k 300 --min-score 10 --hf
    Writes samples.jsonl, messages/<module>.jsonl (OpenAI / TRL format), orak.jsonl (Orak's
    dataset columns) and manifest.json.
    """
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.dataset import build_dataset
    from orak_gym.eval.schema import RunDirError

    try:
        manifest = build_dataset(
            runs, out, top_k=top_k, min_score=min_score, modules=module or None, hf=hf, incomplete=incomplete
        )
    except (RunDirError, MissingDependencyError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    table = Table(title=escape(f"dataset {out}"))
    table.add_column("game/module")
    table.add_column("samples", justify="right")
    for key, count in manifest["samples_by_game_module"].items():
        table.add_row(escape(key), str(count))
    console.print(table)
    episodes = sum(manifest["episodes"].values())
    files = escape(", ".join(manifest["files"]))
    console.print(f"{manifest['samples']} samples from {episodes} episodes; files: {files}", soft_wrap=True)
    if manifest["samples"] == 0:
        console.print("[yellow]no sample: were these runs played by an LLM agent, and is --min-score too high?[/]")


def replay_command(
    trajectory: Path = typer.Argument(..., help="runs/<name>/trajectories/<env>/<seed>.jsonl"),
    every: int = typer.Option(1, min=1, help="Print every N-th step only."),
    prompts: bool = typer.Option(False, help="Also print the prompts of every LLM call."),
    gif: Path = typer.Option(None, help="Where to write the animation (.gif, or .mp4 with the 'video' extra)."),
    render: bool = typer.Option(
        True, help="Without saved frames, re-play the recorded actions from the seed to draw them."
    ),
    fps: int = typer.Option(4, min=1, help="Animation frames per second."),
) -> None:
    """Print a recorded episode step by step and write a GIF of it.

    \b
    Example:  orak-gym replay runs/gpt4o-mini/trajectories/orak__2048-v0/3.jsonl --every 10
    """
    from orak_gym.eval.replay import (
        ReplayError,
        caption_frames,
        captions,
        load_trajectory,
        print_trajectory,
        recorded_frames,
        rerender,
        write_animation,
    )

    try:
        loaded = load_trajectory(trajectory)
        print_trajectory(loaded, console, every=every, show_prompts=prompts)
        frames = recorded_frames(loaded)
        if not frames and render:
            try:
                frames = rerender(loaded)
            except ReplayError as exc:
                console.print(f"[yellow]no animation: {escape(str(exc))}[/]")
        if frames:
            frames = caption_frames(frames, captions(loaded))  # step, action and 0-100 score under each
            path = write_animation(frames, gif or trajectory.with_suffix(".gif"), fps=fps)
            console.print(escape(f"animation: {path} ({len(frames)} frames)"), soft_wrap=True)
    except ReplayError as exc:
        raise _fail(str(exc)) from exc


def arena_command(
    env: str = typer.Option(
        None, "--env", help="Two-player PettingZoo env: a name (2048-race) or 'module:function' [default: 2048-race]."
    ),
    player: list[str] = typer.Option(
        None,
        "--player",
        "-p",
        help="A player (repeat, at least two): random, expert, <agent>:<model spec> "
        "(zeroshot:openai:gpt-4o-mini) or a model spec (zeroshot agent).",
    ),
    games: int = typer.Option(None, min=1, help="Games per pair of players (seats swap every game) [default: 2]."),
    seed: int = typer.Option(None, help="First seed [default: 0]."),
    executor: str = typer.Option(None, help="local | ray (each game a Ray task; pip install 'orak-gym[ray]')."),
    ray_address: str = typer.Option(None, help="The Ray cluster for --executor ray: auto, HOST:PORT, ray://HOST:PORT."),
    env_kwargs: str = typer.Option(None, help="JSON kwargs for the env, e.g. '{\"target_tile\": 128}'."),
    out: Path = typer.Option(Path("arena"), "--out", "-o", help="Folder for matches, W/D/L, Elo, heatmap."),
    resume: bool = typer.Option(False, help="Continue the arena in --out: keep rated games, replay the rest."),
    max_llm_errors: int = typer.Option(
        None, min=0, help="Failed LLM calls a game may have and still be rated [default: 0]."
    ),
    bootstrap: int = typer.Option(200, min=0, help="Bootstrap resamples for the Elo confidence intervals."),
    plot: bool = typer.Option(True, help="Also draw heatmap.png (needs the 'plots' extra)."),
    prompts: str = typer.Option(
        None,
        "--prompts",
        help="Prompts of every LLM player: 'ours' (default) or 'orak:PATH' (Orak's own, from your Orak checkout).",
    ),
) -> None:
    """Round robin of policies on a two-player env: win/draw/loss matrix and Elo with 95% intervals.

    \b
    Examples:
      orak-gym arena --env 2048-race -p random -p expert -p zeroshot:openai:gpt-4o-mini --games 4
      orak-gym arena --out arena --resume          # replay the games that errored or were not played
      orak-gym arena --env street-fighter -p zeroshot:openai:gpt-4o -p zeroshot:openai:gpt-4o-mini \\
          --prompts orak:~/src/Orak                # both players prompted with Orak's own files
      orak-gym arena --env 2048-race -p random -p expert \\
          --env-kwargs '{"board_env": "orak-mcp/2048-v0", "board_kwargs": {"url": "http://127.0.0.1:8765/mcp"}}'

    The third plays both boards on an MCP game server (`orak-gym mcp serve --env orak/2048-v0 -t http`).
    Nothing is written until the env builds and every player can play (an LLM player's endpoint
    answers). A game whose env raised or whose LLM call failed is an error: never rated.
    Exit status: 0 done, 1 error (nothing played), 4 games errored (recorded, not rated; --resume
    replays them), 130 interrupted (--resume continues).
    """
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.arena import ArenaError, write_arena
    from orak_gym.eval.arena_run import ArenaConfig, prompt_set_of, resolve_arena, run_arena
    from orak_gym.eval.schema import RunDirError

    names = list(dict.fromkeys(player or []))
    if len(names) < 2 and not resume:  # a resume adds them to the stored players
        raise _fail("give at least two different --player")
    given = {"players": _player_labels(names)} if names else {}
    for name, value in (("env", env), ("games_per_pair", games), ("seed", seed), ("executor", executor),
                        ("ray_address", ray_address), ("max_llm_errors", max_llm_errors)):  # fmt: skip
        if value is not None:
            given[name] = value
    if env_kwargs is not None:
        given["env_kwargs"] = _json_option(env_kwargs, "--env-kwargs")
    resume_hint = f"orak-gym arena --out {out} --resume"
    if prompts is not None:
        try:
            given["prompts"] = None if prompts in ("", "ours") else prompts
            given["prompt_set"] = prompt_set_of(prompts)
        except ArenaError as exc:
            raise _fail(str(exc)) from exc
    _check_plots(plot, "the heatmap")
    try:
        config = resolve_arena(out, ArenaConfig(**given), resume, set(given))
        progress = {"done": 0, "total": 0}

        def on_start(to_play: int, total: int) -> None:
            progress["total"] = to_play
            if to_play < total:
                console.print(f"{total - to_play} of {total} game(s) already rated in {escape(str(out))}")

        def on_match(match: Any) -> None:
            progress["done"] += 1
            result = "draw" if match.winner is None else f"{escape(match.winner)} wins"
            if match.error:
                result = f"[red]error: {escape(match.error)}[/]"
            console.print(
                f"\\[{progress['done']}/{progress['total']}] {escape(match.player_0)} vs {escape(match.player_1)} "
                f"(seed {match.seed}): {result}",
                soft_wrap=True,
            )

        matches = run_arena(out, config, on_match=on_match, on_start=on_start)
        files = write_arena(matches, out, plot=plot, bootstrap=bootstrap)
    except KeyboardInterrupt:
        raise _interrupted(resume_hint) from None
    except MissingDependencyError as exc:
        raise _fail(_missing(exc, "--no-plot", "the heatmap")) from exc
    except (ArenaError, RunDirError) as exc:
        raise _fail(getattr(exc, "cli", None) or str(exc)) from exc
    console.print(escape(files["markdown"].read_text(encoding="utf-8")))
    console.print("wrote " + escape(", ".join(str(p) for p in files.values())), soft_wrap=True)
    errored = [m for m in matches if m.error]
    if errored:
        first = errored[0].error.splitlines()[0]
        console.print(
            f"[bold red]error:[/] {len(errored)} of {len(matches)} game(s) errored and are not rated "
            f"(first: {escape(first)}); fix the cause and run `{escape(resume_hint)}` to replay them",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_ERRORS)


def view_command(
    run: Path = typer.Argument(..., help="A run directory (orak-gym eval --out) or an arena folder (arena --out)."),
    out: Path = typer.Option(None, "--out", "-o", help="Where to write the HTML report [default: RUN/report.html]."),
    render: bool = typer.Option(
        False, help="A run saved without --frames: draw them by re-playing each episode from its seed."
    ),
    screenshot: Path = typer.Option(
        None, help="Also save a PNG of the report in a headless Chromium (pip install 'orak-gym[browser]')."
    ),
    open_episode: int = typer.Option(
        None,
        "--episode",
        min=0,
        help="With --screenshot: open this episode or arena game (its index) and step 3 times.",
    ),
) -> None:
    """Write a self-contained HTML report of a run: open it in a browser, no server needed.

    \b
    Example:  orak-gym view runs/gpt4o-mini --out report.html
    Summary and leaderboard, scores per episode, and per episode a step-through of frames,
    observations, prompts and answers, parsed actions, feedback and score; errored episodes apart.
    Frames are those the run saved (eval --frames); --render draws them for a run saved without
    by re-playing each episode from its seed (deterministic envs; the score is checked).
    An arena folder shows its Elo table, W/D/L matrix, heatmap, and each game move by move.
    """
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.view import ViewError, write_report

    if screenshot is not None:
        from orak_gym.eval.view_browser import check_browser

        try:
            check_browser()
        except (MissingDependencyError, ViewError) as exc:
            raise _fail(str(exc)) from exc
    try:
        path = write_report(run, out, render=render)
    except ViewError as exc:
        raise _fail(str(exc)) from exc
    console.print(escape(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): open it in a browser"), soft_wrap=True)
    if screenshot is not None:
        from orak_gym.eval.view_browser import take_screenshot

        try:
            take_screenshot(path, screenshot, episode=open_episode)
        except ViewError as exc:
            raise _fail(str(exc)) from exc
        console.print(escape(f"screenshot: {screenshot}"), soft_wrap=True)


def _player_labels(specs: list[str]) -> dict[str, str]:
    """Display name -> player spec: the model without its endpoint URL (kept only to tell apart two
    players that differ by URL alone)."""
    from orak_gym.eval.schema import model_spec_name

    short = [model_spec_name(spec) for spec in specs]
    return {s if short.count(s) == 1 else spec: spec for s, spec in zip(short, specs, strict=True)}


def register_commands(app: typer.Typer) -> None:
    """Adds eval, leaderboard, dataset, replay, arena and view to the ``orak-gym`` app."""
    app.command("eval")(eval_command)
    app.command("leaderboard")(leaderboard_command)
    app.command("dataset")(dataset_command)
    app.command("replay")(replay_command)
    app.command("arena")(arena_command)
    app.command("view")(view_command)
