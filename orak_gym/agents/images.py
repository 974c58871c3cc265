"""Frames to chat image parts (base64 PNG data URLs), as the OpenAI chat API takes them."""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np


def frame_to_data_url(frame: np.ndarray) -> str:
    """An HxWx3 (or HxW, HxWx4) uint8 array as a ``data:image/png;base64,...`` URL."""
    from PIL import Image

    array = np.asarray(frame)
    if array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def image_part(frame: np.ndarray, detail: str = "auto") -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": frame_to_data_url(frame), "detail": detail}}


def split_observation(observation: Any) -> tuple[str | None, np.ndarray | None]:
    """(text, frame) from any modality's observation: a str, an image array, or a dict of both."""
    if isinstance(observation, str):
        return observation, None
    if isinstance(observation, np.ndarray):
        return (None, observation) if observation.ndim in (2, 3) else (str(observation.tolist()), None)
    if isinstance(observation, dict):
        text = observation.get("text")
        image = observation.get("image")
        return (
            text if isinstance(text, str) else None,
            image if isinstance(image, np.ndarray) else None,
        )
    return (None if observation is None else str(observation)), None
