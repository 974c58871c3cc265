"""Wrappers that give an orak env its modality and record its episodes."""

from orak_gym.wrappers.modality import MODALITIES, apply_modality, make_env
from orak_gym.wrappers.observation import ImageObservation, TextImageObservation, TextObservation
from orak_gym.wrappers.recorder import EpisodeRecorder
from orak_gym.wrappers.text_action import TextAction, current_observation

__all__ = [
    "MODALITIES",
    "EpisodeRecorder",
    "ImageObservation",
    "TextAction",
    "TextImageObservation",
    "TextObservation",
    "apply_modality",
    "current_observation",
    "make_env",
]
