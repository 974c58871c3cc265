"""``orak-gym replay``: a recorded episode step by step, and a GIF of it.

Frames come from the run's ``<seed>.frames/`` folder when the run saved them (``--frames``);
otherwise, for deterministic envs, ``--render`` re-plays the recorded native actions from the
episode's seed in a fresh env and checks that the score matches the recording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from orak_gym.core.errors import OrakError
from orak_gym.eval.schema import read_jsonl


class ReplayError(OrakError, ValueError):
    """The file is not a trajectory, or its episode cannot be re-played."""


@dataclass
class Trajectory:
    """A trajectory file read back: the reset line, the step lines, and how it ended."""

    path: Path
    env: str
    seed: int
    reset: dict[str, Any]
    steps: list[dict[str, Any]] = field(default_factory=list)
    end: dict[str, Any] | None = None

    @property
    def frames_dir(self) -> Path:
        return self.path.with_suffix(".frames")


def load_trajectory(path: str | Path) -> Trajectory:
    path = Path(path)
    if not path.is_file():
        raise ReplayError(f"{path} does not exist; trajectories live in runs/<name>/trajectories/<env>/<seed>.jsonl")
    lines = list(read_jsonl(path))
    if not lines or lines[0].get("event") != "reset":
        raise ReplayError(f"{path} is not an orak-gym trajectory (its first line is not a 'reset' event)")
    first = lines[0]
    trajectory = Trajectory(path, str(first.get("env", "")), int(first.get("seed", 0)), first)
    for line in lines[1:]:
        if line.get("event") == "step":
            trajectory.steps.append(line)
        elif line.get("event") in ("end", "error"):
            trajectory.end = line
    return trajectory


def print_trajectory(trajectory: Trajectory, console: Console, every: int = 1, show_prompts: bool = False) -> None:
    """Prints the observation, LLM calls, action and outcome of every ``every``-th step."""
    console.rule(escape(f"{trajectory.env}  seed {trajectory.seed}  ({len(trajectory.steps)} steps)"))
    console.print(trajectory.reset.get("observation", ""), markup=False, highlight=False)
    for line in trajectory.steps:
        number = int(line.get("step", 0))
        if every > 1 and number % every and line is not trajectory.steps[-1]:
            continue
        console.rule(f"step {number}", style="cyan")
        for call in line.get("calls") or []:
            head = f"{call.get('module')}  {call.get('prompt_tokens', 0)}+{call.get('completion_tokens', 0)} tok"
            head = escape(head + f"  {call.get('latency_s', 0.0):.2f}s")
            if call.get("error"):
                console.print(f"[red]{head}  error: {escape(str(call['error']))}[/]")
                continue
            if show_prompts:
                for message in call.get("messages", []):
                    title = escape(str(message.get("role")))
                    console.print(Panel(Text(str(message.get("content"))), title=title, expand=False))
            console.print(Panel(Text(str(call.get("raw_response", ""))), title=head, expand=False), highlight=False)
        valid = "[green]valid[/]" if line.get("action_valid") else "[red]invalid[/]"
        action = escape(f"{str(line.get('action', '')).strip()[-200:]!r} -> {line.get('native_actions')}")
        console.print(f"action: {action} {valid}")
        if line.get("action_feedback"):
            console.print(f"feedback: {escape(str(line['action_feedback']))}", highlight=False)
        console.print(f"reward {line.get('reward', 0):g}   score {line.get('score', 0):.2f}")
    end = trajectory.end or {}
    if end.get("observation"):
        console.rule("final state")
        console.print(end["observation"], markup=False, highlight=False)
    console.rule("end")
    last = trajectory.steps[-1] if trajectory.steps else {}
    if end.get("event") == "error":  # the step scores so far are no result
        console.print(f"[bold red]error:[/] {escape(str(end.get('error')))}   no score (the episode errored)")
        return
    console.print(
        f"termination: {escape(str(end.get('termination') or 'unfinished (the run was stopped)'))}   "
        f"[bold green]score {float(last.get('score') or 0):.2f} / 100[/]"
    )


def recorded_frames(trajectory: Trajectory) -> list[np.ndarray]:
    """The PNG frames saved with the run (empty when it saved none)."""
    from PIL import Image

    folder = trajectory.frames_dir
    if not folder.is_dir():
        return []
    return [np.asarray(Image.open(p).convert("RGB")) for p in sorted(folder.glob("*.png"))]


def rerender(trajectory: Trajectory) -> list[np.ndarray]:
    """Re-plays the recorded native actions from the seed and returns the frames.

    Raises ReplayError when the env cannot be made or the re-played score differs from the recorded
    one (a nondeterministic backend, or native actions that were not recorded as plain values).
    """
    import gymnasium as gym

    try:
        env = gym.make(trajectory.env, modality="native", render_mode="rgb_array")
    except Exception as exc:
        raise ReplayError(f"cannot make {trajectory.env} to re-play it: {type(exc).__name__}: {exc}") from exc
    try:
        env.reset(seed=trajectory.seed)
        frames = [env.render()]
        info: dict[str, Any] = {}
        for line in trajectory.steps:
            for native in line.get("native_actions") or []:
                _, _, terminated, truncated, info = env.step(native)
                if terminated or truncated:
                    break
            frames.append(env.render())
        expected = trajectory.steps[-1].get("score") if trajectory.steps else None
        if expected is not None and info and abs(float(info.get("score", 0.0)) - float(expected)) > 1e-6:
            raise ReplayError(
                f"re-played score {info.get('score')} differs from the recorded {expected}: "
                "this env is not deterministic from its seed, so the GIF would be wrong"
            )
    except ReplayError:
        raise
    except Exception as exc:
        raise ReplayError(f"re-playing {trajectory.path} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        env.close()
    return [f for f in frames if isinstance(f, np.ndarray)]


def captions(trajectory: Trajectory) -> list[str]:
    """One caption per frame (the reset frame, then one per step): step, action and the 0-100 score."""
    lines = [f"reset  seed {trajectory.seed}  score {float(trajectory.reset.get('score') or 0):.1f}/100"]
    for line in trajectory.steps:
        action = " ".join(str(line.get("action", "")).split())
        if len(action) > 40:
            action = action[:37] + "..."
        mark = "" if line.get("action_valid", True) else " (invalid)"
        lines.append(f"step {line.get('step')}  {action}{mark}  score {float(line.get('score') or 0):.1f}/100")
    return lines


def caption_frames(frames: list[np.ndarray], texts: list[str]) -> list[np.ndarray]:
    """Frames with a caption bar under each (frames beyond the captions keep the last caption)."""
    from PIL import Image, ImageDraw, ImageFont

    if not texts:
        return frames
    try:
        font: Any = ImageFont.load_default(size=12)
    except TypeError:  # Pillow < 10.1: the bitmap font has one size
        font = ImageFont.load_default()
    out = []
    for index, frame in enumerate(frames):
        image = Image.fromarray(np.asarray(frame, dtype=np.uint8)).convert("RGB")
        width = max(image.width, 240)
        canvas = Image.new("RGB", (width, image.height + 18), (20, 20, 20))
        canvas.paste(image, ((width - image.width) // 2, 0))
        text = texts[min(index, len(texts) - 1)]
        ImageDraw.Draw(canvas).text((4, image.height + 3), text, fill=(240, 240, 240), font=font)
        out.append(np.asarray(canvas))
    return out


def write_animation(frames: list[np.ndarray], path: Path, fps: int = 4) -> Path:
    """A GIF (Pillow) or, for ``.mp4``, a video (needs the ``video`` extra: imageio-ffmpeg)."""
    if not frames:
        raise ReplayError("no frames to write")
    if path.suffix.lower() == ".mp4":
        try:
            import imageio.v2 as imageio
        except ImportError as exc:
            from orak_gym.core.errors import MissingDependencyError

            raise MissingDependencyError("imageio", "video", "MP4 replays") from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        imageio.mimsave(path, frames, fps=fps)
        return path
    from orak_gym.wrappers.media import save_gif

    return save_gif(frames, path, fps=fps)
