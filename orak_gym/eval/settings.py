"""The settings of a run: seed lists, and how a resume merges the stored settings with new ones.

A resume takes the stored value of every setting not given; a given setting that changes what is
measured (:attr:`RunConfig.IDENTITY`) must match the stored one (each conflict is named, with its
command-line flag in ``RunDirError.cli``); new seeds extend the run; execution settings
(:attr:`RunConfig.RUNTIME`) may change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from orak_gym.eval.redact import redact, unredacted
from orak_gym.eval.schema import CONFIG, RunConfig, RunDirError, read_config


def parse_seeds(text: str) -> list[int]:
    """``"0-9"``, ``"0,3,7"`` or ``"0-4,10"`` -> a sorted list of distinct seeds (whole numbers >= 0)."""
    seeds: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if part.startswith("-"):
            raise ValueError(f"bad seed list {text!r}: seeds are whole numbers >= 0")
        try:
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                if high < low:
                    raise ValueError
                seeds.update(range(low, high + 1))
            else:
                seeds.add(int(part))
        except ValueError:
            raise ValueError(f"bad seed list {text!r}: use e.g. '0-9', '0,3,7' or '0-4,10'") from None
    if not seeds:
        raise ValueError(f"bad seed list {text!r}: no seed in it")
    return sorted(seeds)


def _flag(name: str) -> str:
    return "--env" if name == "envs" else "--" + name.replace("_", "-")


def given_settings(config: RunConfig | Mapping[str, Any]) -> dict[str, Any]:
    """The settings a caller chose: a mapping as is; for a ``RunConfig``, ``envs``, ``seeds`` and
    every field that differs from its default."""
    if isinstance(config, Mapping):
        unknown = set(config) - {f.name for f in dataclasses.fields(RunConfig)}
        if unknown:
            raise RunDirError(f"unknown run settings {sorted(unknown)}")
        return dict(config)
    defaults = dataclasses.asdict(RunConfig(envs=[], seeds=[]))
    chosen = {"envs": config.envs, "seeds": config.seeds}
    for name in (*RunConfig.IDENTITY, *RunConfig.RUNTIME):
        value = getattr(config, name)
        if name not in chosen and value != defaults.get(name):
            chosen[name] = value
    return chosen


def resume_config(stored: RunConfig, given: Mapping[str, Any]) -> RunConfig:
    """The stored settings with the given ones applied: settings that define what is measured must
    agree (each conflict is named), new seeds extend the run, execution settings may change."""
    conflicts = [
        (name, redact(given[name]), getattr(stored, name))
        for name in RunConfig.IDENTITY
        if name in given and given[name] is not None and redact(given[name]) != redact(getattr(stored, name))
    ]
    if conflicts:
        raise RunDirError(
            "this run was made with other settings (start a new run directory to change them): "
            + "; ".join(f"{name}={new!r} (stored: {old!r})" for name, new, old in conflicts),
            "this run was made with other settings (use another --out to change them): "
            + "; ".join(f"{_flag(name)} {new!r} (stored: {old!r})" for name, new, old in conflicts),
        )
    merged = dataclasses.replace(stored)
    for name in ("env_kwargs", "agent_kwargs"):  # secrets come back from the caller, or default again
        given_value = given.get(name)
        setattr(merged, name, given_value if given_value is not None else unredacted(getattr(stored, name)))
    for name in RunConfig.RUNTIME:
        if name in given and given[name] is not None:
            setattr(merged, name, given[name])
    merged.seeds = sorted(set(stored.seeds) | set(given.get("seeds") or []))
    return merged


def resolve_config(run_dir: Path, config: RunConfig | Mapping[str, Any] | None, resume: bool) -> RunConfig:
    """The config a run will use: ``config`` for a new run, the stored one (with ``config``'s settings
    applied) on resume.  Reads only."""
    run_dir = Path(run_dir)
    stored = read_config(run_dir) if (run_dir / CONFIG).is_file() else None
    if stored is not None and not resume:
        raise RunDirError(
            f"{run_dir} already holds a run: pass resume=True to continue it, or another run_dir",
            f"{run_dir} already holds a run: pass --resume to continue it, or another --out",
        )
    if stored is None:
        if config is None:
            raise RunDirError(
                f"nothing to resume in {run_dir} (no {CONFIG}): give a RunConfig to start a run",
                f"nothing to resume in {run_dir} (no {CONFIG}): give --env and --agent to start a run",
            )
        if isinstance(config, Mapping):
            try:
                return RunConfig(**config)
            except TypeError as exc:
                raise RunDirError(f"incomplete run settings: {exc}") from exc
        return dataclasses.replace(config)
    return resume_config(stored, given_settings(config)) if config is not None else stored
