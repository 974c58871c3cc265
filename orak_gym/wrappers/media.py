"""Animated GIFs from frames: what the demo, replay and README pictures are made with."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def save_gif(
    frames: list[np.ndarray], path: Path, fps: int = 8, max_frames: int = 600, width: int | None = None
) -> Path:
    """Writes frames as an animated GIF (Pillow only), keeping at most ``max_frames`` evenly spaced,
    optionally scaled down to ``width`` pixels."""
    if len(frames) > max_frames:
        keep = np.linspace(0, len(frames) - 1, max_frames).round().astype(int)
        frames = [frames[i] for i in keep]
    images = [Image.fromarray(frame) for frame in frames]
    if width is not None and images[0].width > width:
        height = round(images[0].height * width / images[0].width)
        images = [image.resize((width, height), Image.Resampling.LANCZOS) for image in images]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
    return path
