"""``check_orak_env``: the contract every orak env keeps, as checks users can run on their own games.

In the spirit of PettingZoo's ``api_test``: one call runs every check on a registered id and
raises ``AssertionError`` naming the first check that fails.  The checks are also importable one by
one (``CHECKS``), which is how ``tests/registry/test_registry.py`` loops over every registered env::

    import orak_gym
    from orak_gym.testing import check_orak_env

    check_orak_env("orak/2048-v0")                         # all checks
    check_orak_env("orak/MyGame-v0", checks=["info_keys"])  # some of them

A check that does not apply (same-seed replay of an env registered ``nondeterministic``; the
process check off Linux) is reported as skipped in the returned dict, never silently passed.
"""

from __future__ import annotations

import os
import pickle
import string
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.utils.env_checker import check_env

from orak_gym.core.env import LEAN_INFO_KEYS
from orak_gym.core.prompt_context import FIELDS, PromptContext
from orak_gym.core.registry import spec_of
from orak_gym.wrappers.modality import MODALITIES

#: Keys every game fills in ``info`` (DESIGN.md, "The environment contract").
INFO_KEYS = ("score", "raw_score", "action_valid", "action_feedback", "native_actions", "state", "prompt_context")


class CheckSkipped(Exception):
    """A check that does not apply to this env; the message says why."""


# ------------------------------------------------------------------------------------ hostile text
_FIXED = (
    "",
    " ",
    "\x00",
    "\n" * 500,
    "\t\r\x0b\x0c",
    "### Actions",
    "### Actions\n",
    "### Actions\n### Actions\n### Reasoning",
    "```",
    "```javascript\n}}}{{{ not a program\n```",
    "```python\nimport os\n```",
    "up 999999999999999999999 right -5 left 1e309 down NaN",
    "Jump Level: -1",
    "Jump Level: 7",
    "Jump Level: 99999999999999999999",
    "Jump Level: ٣",  # an Arabic-Indic digit: str.isdigit says yes, int() may disagree
    "{'action': None}",
    '{"action": "up"}',
    "null",
    "None",
    "<script>alert(1)</script>",
    "'; DROP TABLE actions; --",
    "%s%s%s%n",
    "{{ rules }}{% include '/etc/passwd' %}",
    "\u202eright\u202c",  # right-to-left override
    "u\u200bp",  # zero-width space inside a word
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\ud800",  # a lone surrogate (JSON can carry one)
    "😀" * 1000,
    "中文字" * 300,
    "A" * 65_536,
)
_ALPHABETS = (
    string.printable,
    "".join(chr(c) for c in range(0, 32)) + "\x7f",
    "up down left right idle Jump Level: 0123456789 ### Actions\n`",
    "éüßçñøåΩЖ中文字→★✓😀\u200b\u202e\u0301",
)


#: Units repeated to the action space's full length: unclosed calls, deep nesting, runs of separators
#: and quotes, the grammar words of every game; each is a classic way to make a regex backtrack.
_LONG_UNITS = (
    "x(",
    "(",
    "((",
    "[{",
    "|",
    "a|",
    "up|",
    ",",
    "1,",
    "a=",
    '"',
    "'",
    "`",
    " ",
    "\n",
    "é",
    "### Actions\n",
    "use_tool(",
    "use_tool(x, (",
    "move_to(1,",
    "up 9 ",
    "arrow",
)


def long_strings(max_length: int) -> list[str]:
    """Adversarial texts of exactly ``max_length`` characters (the longest an action space accepts):
    ``_LONG_UNITS`` repeated, and balanced nesting ``((((...))))`` half open, half closed."""
    texts = [(unit * (max_length // len(unit) + 1))[:max_length] for unit in _LONG_UNITS]
    half = max_length // 2
    texts += [opening * half + closing * (max_length - half) for opening, closing in ("()", "[]", "{}")]
    return texts


def hostile_strings(count: int = 1000, seed: int = 0) -> list[str]:
    """``count`` strings an LLM (or an attacker) might send as an action: fixed nasties, then random
    strings over several alphabets (control characters, action words, Unicode), reproducible."""
    rng = np.random.default_rng(seed)
    strings = list(_FIXED[:count])
    while len(strings) < count:
        alphabet = _ALPHABETS[int(rng.integers(len(_ALPHABETS)))]
        length = int(rng.choice([1, 5, 20, 80, 300]))
        strings.append("".join(alphabet[i] for i in rng.integers(0, len(alphabet), size=length)))
    return strings


# ------------------------------------------------------------------------------------ helpers
def _make(env_id: str, **kwargs: Any) -> gym.Env:
    return gym.make(env_id, **kwargs)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b)
    return bool(a == b)


@contextmanager
def _raises(expected: type[BaseException], what: str) -> Iterator[None]:
    """Asserts the block raises ``expected`` (the kit runs without pytest)."""
    try:
        yield
    except expected:
        return
    except Exception as exc:  # reported as the contract failure it is
        raise AssertionError(f"{what} raised {type(exc).__name__}: {exc}, not {expected.__name__}") from exc
    raise AssertionError(f"{what} did not raise {expected.__name__}")


def _nondeterministic(env_id: str) -> bool:
    return bool(gym.spec(env_id).nondeterministic)


# ------------------------------------------------------------------------------------ the checks
def check_gymnasium(env_id: str, modalities: Iterable[str] = MODALITIES, check_unwrapped: bool = True) -> None:
    """Gymnasium's own ``check_env`` in every modality, render check included: on the env ``make``
    returns and on its ``env.unwrapped`` (which Gymnasium recommends checking, and which the
    modality wrappers must leave a valid env).

    ``check_unwrapped=False`` skips the second check, for a caller that has already checked an
    ``env.unwrapped`` made the same way (the three LLM modalities configure it alike)."""
    for modality in modalities:
        env = _make(env_id, modality=modality, render_mode="rgb_array", disable_env_checker=True)
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*different from the unwrapped version")
                checks = [("", env)] + ([(" (env.unwrapped)", env.unwrapped)] if check_unwrapped else [])
                for which, checked in checks:
                    try:
                        check_env(checked, skip_render_check=False)
                    except AssertionError as exc:
                        raise AssertionError(
                            f"{env_id} fails gymnasium's check_env in modality {modality!r}{which}: {exc}"
                        ) from exc
        finally:
            env.close()


def check_same_seed_same_episode(env_id: str, steps: int = 100, modalities: Iterable[str] = ("text", "native")) -> None:
    """Two runs with the same seeds (env and action sampling) give the same observations, rewards, scores."""
    if _nondeterministic(env_id):
        raise CheckSkipped(f"{env_id} is registered as nondeterministic")
    for modality in modalities:
        runs = []
        for _ in range(2):
            env = _make(env_id, modality=modality)
            env.action_space.seed(123)
            try:
                obs, info = env.reset(seed=7)
                trace = [(obs, 0.0, info["score"])]
                for _ in range(steps):
                    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
                    trace.append((obs, reward, info["score"]))
                    if terminated or truncated:
                        obs, info = env.reset()
            finally:
                env.close()
            runs.append(trace)
        for i, (one, two) in enumerate(zip(*runs, strict=True)):
            assert all(_equal(a, b) for a, b in zip(one, two, strict=True)), (
                f"{env_id} ({modality}): step {i} differs between two runs with the same seed"
            )


def check_hostile_actions(env_id: str, count: int = 1000) -> None:
    """``count`` hostile strings as text actions: never an exception, always a bool ``action_valid``."""
    env = _make(env_id)
    try:
        env.reset(seed=0)
        for i, text in enumerate(hostile_strings(count)):
            try:
                _, _, terminated, truncated, info = env.step(text)
            except Exception as exc:
                raise AssertionError(
                    f"{env_id} raised {type(exc).__name__}: {exc} on hostile action #{i} {text[:80]!r}"
                ) from exc
            assert isinstance(info.get("action_valid"), bool), f"action_valid is not a bool after {text[:80]!r}"
            if terminated or truncated:
                env.reset()
    finally:
        env.close()


#: A step on the longest text may take at most this long beyond ``LINEAR_FACTOR`` times a short text's step.
LINEAR_BOUND_S = 2.0
LINEAR_FACTOR = 20


def check_long_actions(env_id: str) -> None:
    """The parser stays linear: each of ``long_strings`` (as long as the action space allows) is one step in
    bounded time, and a text one character longer than the space is refused with feedback, unparsed.

    A quadratic parser takes seconds on 64 K characters where a linear one takes milliseconds; the bound is
    ``LINEAR_BOUND_S`` plus ``LINEAR_FACTOR`` times the slowest step on the same units repeated four times
    (the game's own work for a decision), so a busy machine does not fail it; a slow step is timed twice."""
    env = _make(env_id)
    try:
        env.reset(seed=0)
        limit = getattr(env.action_space, "max_length", None)
        if not isinstance(limit, int):
            raise CheckSkipped(f"{env_id}'s text action space declares no max_length")

        def timed_step(text: str) -> tuple[float, dict[str, Any]]:
            start = time.perf_counter()
            _, _, terminated, truncated, info = env.step(text)
            elapsed = time.perf_counter() - start
            if terminated or truncated:
                env.reset()
            return elapsed, info

        short = max(timed_step(unit * 4)[0] for unit in _LONG_UNITS)
        bound = LINEAR_BOUND_S + LINEAR_FACTOR * short
        for text in long_strings(limit):
            elapsed = timed_step(text)[0]
            if elapsed > bound:
                elapsed = min(elapsed, timed_step(text)[0])
            assert elapsed <= bound, (
                f"{env_id}: a step on {len(text):,} characters of {text[:12]!r}... took {elapsed:.2f} s "
                f"(bound {bound:.2f} s): the action parser is not linear in the text's length"
            )
        elapsed, info = timed_step("x" * (limit + 1))
        assert info["action_valid"] is False and f"{limit:,}" in info["action_feedback"], (
            f"{env_id}: a text longer than the action space ({limit:,} characters) must be refused with feedback "
            f"naming the limit, got {info['action_feedback'][:120]!r}"
        )
        assert elapsed <= bound, f"{env_id}: refusing an over-long text took {elapsed:.2f} s"
    finally:
        env.close()


def check_info_keys(env_id: str) -> None:
    """Every ``info`` key of the contract, a 0-100 score, feedback on invalid text, a typed prompt context."""
    env = _make(env_id)
    try:
        _, info = env.reset(seed=0)
        _check_info(env_id, info)
        context = env.unwrapped.prompt_context()
        assert isinstance(context, PromptContext), (
            f"{env_id}: prompt_context() must return orak_gym.core.PromptContext, not {type(context).__name__}"
        )
        assert context.title and context.task, f"{env_id}: the prompt context needs a title and a task"
        _, _, _, _, info = env.step("this is not an action")
        _check_info(env_id, info)
        assert info["action_valid"] is False and info["action_feedback"], (
            f"{env_id}: text that is not an action must give action_valid=False and feedback saying why"
        )
    finally:
        env.close()


def _check_info(env_id: str, info: dict[str, Any]) -> None:
    missing = [key for key in INFO_KEYS if key not in info]
    assert not missing, f"{env_id}: info lacks {missing}"
    assert 0.0 <= info["score"] <= 100.0, f"{env_id}: score {info['score']} is outside 0-100"
    context = info["prompt_context"]
    assert isinstance(context, dict) and tuple(context) == FIELDS, (
        f"{env_id}: info['prompt_context'] must be PromptContext.to_dict() (keys {FIELDS})"
    )
    assert isinstance(context["default_action"], str), f"{env_id}: default_action must be a str"


def check_native_info(env_id: str, steps: int = 5) -> None:
    """The native modality's lean ``info`` (``LEAN_INFO_KEYS``); ``full_info=True`` and the lazily asked
    ``current_info()`` give every key, and (for deterministic games) the same values as each other."""
    lean = _make(env_id, modality="native")
    full = _make(env_id, modality="native", full_info=True)
    try:
        lean.action_space.seed(5)
        actions = [lean.action_space.sample() for _ in range(steps)]
        _, lean_info = lean.reset(seed=3)
        _, full_info = full.reset(seed=3)
        for action in [None, *actions]:
            if action is not None:
                *_, lean_done, lean_cut, lean_info = lean.step(action)
                *_, full_done, full_cut, full_info = full.step(action)
            assert set(LEAN_INFO_KEYS) <= set(lean_info) and not {"state", "prompt_context"} & set(lean_info), (
                f"{env_id}: the native modality's info must hold {LEAN_INFO_KEYS} (and no state or prompt "
                f"context unless full_info=True), got {tuple(lean_info)}"
            )
            missing = [key for key in INFO_KEYS if key not in full_info]
            assert not missing, f"{env_id}: full_info=True lacks {missing}"
            asked = lean.unwrapped.current_info()
            assert set(INFO_KEYS) <= set(asked), f"{env_id}: current_info() must give every info key"
            if not _nondeterministic(env_id):
                for key in LEAN_INFO_KEYS:
                    assert _equal(lean_info[key], full_info[key]), f"{env_id}: lean info[{key!r}] differs from full"
                for key in ("state", "prompt_context", "score", "raw_score"):
                    assert _equal(asked[key], full_info[key]), (
                        f"{env_id}: current_info()[{key!r}] differs from the eager full info"
                    )
            if action is not None and (lean_done or lean_cut or full_done or full_cut):
                break
    finally:
        lean.close()
        full.close()


def check_render(env_id: str) -> None:
    """``render_mode="rgb_array"`` gives a non-blank HxWx3 uint8 frame of ``frame_shape``."""
    env = _make(env_id, render_mode="rgb_array")
    try:
        env.reset(seed=0)
        frame = env.render()
    finally:
        env.close()
    assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8, f"{env_id}: render() must give uint8 pixels"
    assert frame.shape == tuple(env.unwrapped.frame_shape), f"{env_id}: frame {frame.shape} != frame_shape"
    assert frame.std() > 0, f"{env_id}: the rendered frame is blank"


def check_reset_first(env_id: str) -> None:
    """A step or a render before ``reset`` raises ``gym.error.ResetNeeded``, in every modality.

    orak ids are registered without Gymnasium's ``OrderEnforcing`` wrapper (it costs every step two
    Python calls), so the env itself must refuse to run before it is reset.
    """
    for modality in MODALITIES:
        env = _make(env_id, modality=modality, render_mode="rgb_array")
        try:
            with _raises(gym.error.ResetNeeded, f"{env_id} ({modality}): step() before reset()"):
                env.step(env.action_space.sample())
            with _raises(gym.error.ResetNeeded, f"{env_id} ({modality}): render() before reset()"):
                env.render()
        finally:
            env.close()


def check_pickle(env_id: str) -> None:
    """A pickled env comes back working: the same first observation from the same seed."""
    env = _make(env_id)
    clone = pickle.loads(pickle.dumps(env))
    try:
        obs_a, info_a = env.reset(seed=3)
        obs_b, info_b = clone.reset(seed=3)
        if _nondeterministic(env_id):  # e.g. Minecraft: mobs wander in real time
            assert type(obs_a) is type(obs_b) and info_a.keys() == info_b.keys(), f"{env_id}: clone differs"
        else:
            assert _equal(obs_a, obs_b), f"{env_id}: the unpickled env shows another first observation"
    finally:
        env.close()
        clone.close()


def check_close_leaves_no_process(env_id: str, grace_s: float = 10.0) -> None:
    """Every process the env started (children, and their children) is gone after ``close()``."""
    if not sys.platform.startswith("linux"):
        raise CheckSkipped("the process check reads /proc (Linux only)")
    before = _descendants(os.getpid())
    env = _make(env_id)
    try:
        env.reset(seed=0)
        env.step("this is not an action")
        started = _descendants(os.getpid()) - before
    finally:
        env.close()
    deadline = time.monotonic() + grace_s
    alive = {pid for pid in started if _running(pid)}
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = {pid for pid in alive if _running(pid)}
    assert not alive, f"{env_id}: close() left {len(alive)} process(es) running: {sorted(_cmdlines(alive))}"


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a reaped-later zombie holds no resources)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _cmdlines(pids: Iterable[int]) -> list[str]:
    out = []
    for pid in pids:
        try:
            out.append(f"{pid}: " + Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
        except OSError:
            out.append(str(pid))
    return out


#: Every check by name, in the order ``check_orak_env`` runs them.
CHECKS: dict[str, Callable[[str], None]] = {
    "gymnasium": check_gymnasium,
    "info_keys": check_info_keys,
    "native_info": check_native_info,
    "render": check_render,
    "reset_first": check_reset_first,
    "pickle": check_pickle,
    "same_seed_same_episode": check_same_seed_same_episode,
    "hostile_actions": check_hostile_actions,
    "long_actions": check_long_actions,
    "no_process_left": check_close_leaves_no_process,
}


def check_orak_env(env_id: str, checks: Iterable[str] | None = None) -> dict[str, str]:
    """Runs the contract checks on a registered orak id (all by default, or those named).

    Returns ``{check: "passed" | "skipped: why"}``; a failing check raises ``AssertionError`` with
    the check's name.  The env's game must be ready on this machine (``orak-gym list``).
    """
    spec = spec_of(env_id)  # a clear error for an id no game declares
    status = spec.status()
    if not status.ready:
        raise RuntimeError(f"{env_id} cannot run here ({status.readiness.value}): {status.detail}")
    names = list(CHECKS) if checks is None else list(checks)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check(s) {unknown}; choose from {list(CHECKS)}")
    results: dict[str, str] = {}
    for name in names:
        try:
            CHECKS[name](env_id)
        except CheckSkipped as skip:
            results[name] = f"skipped: {skip}"
        except AssertionError as exc:
            raise AssertionError(f"check_orak_env[{name}]: {exc}") from exc
        else:
            results[name] = "passed"
    return results


__all__ = ["CHECKS", "INFO_KEYS", "CheckSkipped", "check_orak_env", "hostile_strings", "long_strings"]
