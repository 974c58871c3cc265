"""Trajectory lines, the JSON-lines file they go to, and LLM usage totals.

One format and one writer for everything that records play: :class:`~orak_gym.wrappers.EpisodeRecorder`
and the evaluation runner (``orak_gym.eval``) build their lines with :func:`reset_line`,
:func:`step_line` and :func:`end_line`, add up LLM usage with :class:`Usage`, and append with
:class:`JsonlFile`.  Model output is hostile input: any text (lone surrogates such as ``"\\ud800"``,
NUL bytes, non-JSON values) is written without raising and without losing the line.
"""

from __future__ import annotations

import contextlib
import json
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym

# ---------------------------------------------------------------------------------- encoding


def _default(value: Any) -> Any:
    """JSON for what ``json`` cannot encode: numpy arrays and scalars, records, anything else as repr."""
    if hasattr(value, "to_dict"):
        try:
            return value.to_dict()
        except Exception:
            return repr(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return repr(value)


def _plain(value: Any, depth: int = 0) -> Any:
    """A copy made of JSON types only (string keys, no cycles, finite numbers): the slow, total path."""
    if depth > 50:
        return repr(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v, depth + 1) for v in value]
    converted = _default(value)
    return converted if isinstance(converted, str) else _plain(converted, depth + 1)


def encode_line(record: Any) -> bytes:
    """One JSON line as UTF-8 bytes; never raises.

    Readable text (``ensure_ascii=False``) when possible; a string that UTF-8 cannot encode (a lone
    surrogate) switches the line to ``\\uXXXX`` escapes, which ``json.loads`` reads back unchanged.
    """
    try:
        text = json.dumps(record, ensure_ascii=False, default=_default)
    except (TypeError, ValueError, RecursionError):
        text = json.dumps(_plain(record), ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # Raw characters only occur inside JSON strings, where ``\udXXX`` is a valid escape.
        return text.encode("utf-8", "backslashreplace") + b"\n"


# ---------------------------------------------------------------------------------- the file


class JsonlFile:
    """Appends JSON lines and flushes each, so a kill loses at most the line in flight.

    A failed write (a full disk) keeps the line in memory, warns once, and is retried on every
    later write and on ``close``: a transient ``ENOSPC`` loses nothing and never ends an episode.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.pending: list[bytes] = []
        self._fh: Any = None
        self._warned = False
        self._closed = False
        self._open()

    def _open(self) -> None:
        try:
            self._fh = open(self.path, "ab")  # noqa: SIM115 (kept open for the episode)
        except OSError as exc:
            self._fh = None
            self._warn(exc)

    def write(self, record: Any) -> None:
        self.pending.append(encode_line(record))
        self.flush()

    def flush(self) -> bool:
        """Writes what is pending; True when nothing is left in memory."""
        if self._fh is None and not self._closed:
            self._open()
        while self.pending and self._fh is not None:
            try:
                self._fh.write(self.pending[0])
                self._fh.flush()
            except OSError as exc:
                self._warn(exc)
                self._reopen()
                return False
            self.pending.pop(0)
        return not self.pending

    def _reopen(self) -> None:
        # A failed flush leaves the bytes in the file object's buffer: drop it, retry from memory.
        with contextlib.suppress(OSError):
            self._fh.close()
        self._fh = None

    def _warn(self, exc: OSError) -> None:
        if not self._warned:
            self._warned = True
            warnings.warn(
                f"could not write {self.path} ({exc}); keeping {len(self.pending)} line(s) in memory "
                "and retrying on every write",
                UserWarning,
                stacklevel=4,
            )

    def close(self) -> None:
        """Flushes what it can and closes; lines a full disk still refuses stay in ``pending``."""
        self.flush()
        self._closed = True
        if self._fh is not None:
            try:
                self._fh.close()
            except OSError as exc:
                self._warn(exc)
            self._fh = None

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> JsonlFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------- usage


def _get(call: Any, name: str, default: Any = None) -> Any:
    return call.get(name, default) if isinstance(call, dict) else getattr(call, name, default)


@dataclass
class Usage:
    """LLM calls, failed calls, tokens and cost, added up (per episode, per run)."""

    llm_calls: int = 0
    llm_errors: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0

    def add_call(self, call: Any) -> None:
        """Counts one call record (an ``LLMCallRecord`` or its dict)."""
        self.llm_calls += 1
        self.tokens_in += int(_get(call, "prompt_tokens", 0) or 0)
        self.tokens_out += int(_get(call, "completion_tokens", 0) or 0)
        self.cost_usd += float(_get(call, "cost_usd", 0.0) or 0.0)
        if _get(call, "error"):
            self.llm_errors += 1

    def add_calls(self, calls: Iterable[Any], *also: Usage) -> None:
        """Counts every call here and in each of ``also`` (an episode and its run, say)."""
        for call in calls:
            for usage in (self, *also):
                usage.add_call(call)

    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out


# ---------------------------------------------------------------------------------- the lines


def decision_fields(step_record: Any) -> dict[str, Any]:
    """What a policy's ``last_step`` adds to a step line: its LLM calls, fallback and error."""
    if step_record is None:
        return {"calls": [], "fallback": False, "decision_error": None}
    calls = list(getattr(step_record, "calls", None) or [])
    return {
        "calls": [call.to_dict() if hasattr(call, "to_dict") else dict(call) for call in calls],
        "fallback": bool(getattr(step_record, "fallback", False)),
        "decision_error": getattr(step_record, "error", None),
    }


def reset_line(observation: str, info: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The first line of an episode: ``{"event": "reset", ..., "observation", "score", "raw_score"}``."""
    return {
        "event": "reset",
        **extra,
        "observation": observation,
        "score": info.get("score"),
        "raw_score": info.get("raw_score"),
    }


def step_line(
    step: int,
    observation: str,
    action: Any,
    reward: float,
    terminated: bool,
    truncated: bool,
    info: dict[str, Any],
    decision: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One decision: the observation the agent saw, its LLM calls, the action and the outcome."""
    return {
        "event": "step",
        "step": step,
        "observation": observation,
        **decision_fields(decision),
        "action": action,
        "native_actions": info.get("native_actions"),
        "action_valid": info.get("action_valid"),
        "action_feedback": info.get("action_feedback"),
        "reward": reward,
        "score": info.get("score"),
        "raw_score": info.get("raw_score"),
        "terminated": terminated,
        "truncated": truncated,
        **extra,
    }


def end_line(observation: str, termination: str, info: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The last line of an episode: the final observation and how it ended."""
    return {
        "event": "end",
        "observation": observation,
        "termination": termination,
        "score": info.get("score"),
        "raw_score": info.get("raw_score"),
        **extra,
    }


def error_line(step: int, error: str, **extra: Any) -> dict[str, Any]:
    """The last line of an episode that raised: no score, the error."""
    return {"event": "error", "step": step, "error": error, **extra}


def observation_text(env: gym.Env, obs: Any) -> str:
    """The text an LLM saw: the observation itself, its ``text`` part, or the state's text."""
    if isinstance(obs, str):
        return obs
    if isinstance(obs, dict) and isinstance(obs.get("text"), str):
        return obs["text"]
    try:
        return env.unwrapped.state.to_text()
    except Exception:  # a native env without a text layout
        return repr(obs)[:2000]
