"""``make demo``: one full episode with a built-in agent, printed and saved as a GIF.

Without a model the game's scripted expert plays; with ``--model`` (``MODEL=... make demo``) an
LLM agent does.  The episode is also recorded as JSON lines beside the GIF.  As in ``orak-gym
eval``, a failed LLM call ends the demo as an error (``LLMCallsFailed``), never as a score: the
game's default action the policy fell back on is not the model playing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from orak_gym.core.registry import spec_of
from orak_gym.eval.llm_errors import check_llm_errors, failed_calls
from orak_gym.wrappers.media import save_gif
from orak_gym.wrappers.modality import apply_modality
from orak_gym.wrappers.recorder import EpisodeRecorder


class FrameCollector(gym.Wrapper):
    """Keeps a frame after every *native* step, so a decision that runs many moves (a Baba Is You
    sequence, a Mario jump) shows every move in the GIF, not only where it ended."""

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        self.frames: list[np.ndarray] = []

    def reset(self, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
        result = self.env.reset(**kwargs)
        self.frames = [self.env.render()]
        return result

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        result = self.env.step(action)
        self.frames.append(self.env.render())
        return result


def expert_policy(env: gym.Env) -> Any:
    """The scripted expert registered for the env's game."""
    spec = spec_of(env.unwrapped.spec.id)
    if not spec.expert:
        raise ValueError(f"{spec.title} has no scripted expert; pass a model instead")
    return spec.load_expert()()


def play_demo(
    env_id: str,
    seed: int,
    max_steps: int,
    out: str,
    quiet: bool,
    console: Console,
    policy: Any = None,
    gif_frames: int = 600,
    gif_width: int | None = None,
    max_llm_errors: int = 0,
    env_kwargs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    out_dir = Path(out)
    collector = FrameCollector(gym.make(env_id, modality="native", render_mode="rgb_array", **(env_kwargs or {})))
    env = gym.wrappers.TimeLimit(apply_modality(collector, "text"), max_steps)
    env = EpisodeRecorder(env, out_dir / "trajectory.jsonl")
    try:
        policy = policy if policy is not None else expert_policy(env)
        steps, total_reward, info = _play(env, policy, seed, max_steps, quiet, console, max_llm_errors)
    except BaseException:
        env.close()
        raise
    gif = save_gif(collector.frames, out_dir / "episode.gif", max_frames=gif_frames, width=gif_width)
    env.close()
    result = {"env": env_id, "seed": seed, "steps": steps, "return": total_reward, "score": info["score"]}
    console.rule("result")
    console.print(
        f"steps {steps}   return {total_reward:.0f}   raw score {info['raw_score']:.0f}   "
        f"[bold green]score {info['score']:.1f} / 100[/]"
    )
    console.print(escape(f"GIF: {gif}   trajectory: {out_dir / 'trajectory.jsonl'}"))
    return result


def _play(
    env: gym.Env, policy: Any, seed: int, max_steps: int, quiet: bool, console: Console, max_llm_errors: int
) -> tuple[int, float, dict[str, Any]]:
    """The episode, decision by decision; raises ``LLMCallsFailed`` once too many LLM calls failed."""
    policy.reset()
    observation, info = env.reset(seed=seed)
    console.rule(escape(f"{env.unwrapped.spec.id}  seed {seed}"))
    console.print(escape(observation))
    steps, total_reward, failed = 0, 0.0, 0
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("score {task.fields[score]:.1f}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("playing", total=max_steps, score=0.0)
        while True:
            action = policy(observation, info)
            decision = getattr(policy, "last_step", None)
            failed += failed_calls(decision)
            check_llm_errors(failed, max_llm_errors, decision)
            observation, reward, terminated, truncated, info = env.step(action)
            steps += 1
            total_reward += reward
            progress.update(task, advance=1, score=info["score"])
            if not quiet or steps % 100 == 0:
                progress.console.print(f"[bold cyan]step {steps}[/] action: {escape(repr(action.strip()))}")
                progress.console.print(escape(observation))
            if terminated or truncated:
                break
    return steps, total_reward, info
