"""The environment contract every orak-gym game builds on."""

from orak_gym.core.actions import ActionParser, ParsedAction, actions_section
from orak_gym.core.assets import Asset, assets_dir, sha1_of
from orak_gym.core.env import OrakEnv
from orak_gym.core.errors import BackendError, MissingAssetError, MissingDependencyError, OrakError
from orak_gym.core.policy import ScriptedPolicy, ScriptedStep, SnapshotEnv
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.registry import (
    GAMES,
    Dependency,
    EnvVariant,
    GameSpec,
    MultiPlayerEnv,
    Readiness,
    Status,
    UnknownEnvError,
    load_object,
    spec_of,
)
from orak_gym.core.scoring import normalised, rubric
from orak_gym.core.spaces import TextSpace
from orak_gym.core.state import GameState, to_jsonable
from orak_gym.core.texts import game_text

__all__ = [
    "GAMES",
    "ActionParser",
    "Asset",
    "BackendError",
    "Dependency",
    "EnvVariant",
    "GameSpec",
    "GameState",
    "MissingAssetError",
    "MissingDependencyError",
    "MultiPlayerEnv",
    "OrakEnv",
    "OrakError",
    "ParsedAction",
    "PromptContext",
    "Readiness",
    "ScriptedPolicy",
    "ScriptedStep",
    "SnapshotEnv",
    "Status",
    "TextSpace",
    "UnknownEnvError",
    "actions_section",
    "assets_dir",
    "game_text",
    "load_object",
    "normalised",
    "rubric",
    "sha1_of",
    "spec_of",
    "to_jsonable",
]
