"""``orak/SlayTheSpire-v0``: Orak's Slay the Spire on the embedded engine or the real game.

One env step runs one command.  In the text modalities one *decision* (an LLM reply, possibly
several lines) may run several steps; between decisions the rule agent plays every screen the
LLM does not decide (``control="orak"``: it decides combat turns and card rewards only, as in
Orak; ``control="full"``: every screen is the LLM's).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from gymnasium import spaces

from orak_gym.core.actions import DECISION_STOPPED
from orak_gym.core.env import OrakEnv
from orak_gym.core.fast_path import NativeFastPath
from orak_gym.core.prompt_context import PromptContext
from orak_gym.core.texts import game_text
from orak_gym.games.slay_the_spire import native
from orak_gym.games.slay_the_spire.actions import (
    Line,
    SpireCommand,
    SpireParser,
    check_line,
    line_text,
    to_mod_command,
)
from orak_gym.games.slay_the_spire.backend import CommandRejected, EmbeddedBackend, SpireBackend, make_backend
from orak_gym.games.slay_the_spire.engine_view import EngineView, view_of, whole_view
from orak_gym.games.slay_the_spire.render import FRAME_SHAPE, draw_state
from orak_gym.games.slay_the_spire.rules import RuleAgent
from orak_gym.games.slay_the_spire.state import CARD_REWARD, COMBAT, SpireState

FLOORS = 50  # Orak's floor target (the real game's act-4 heart is floor 55)
BOSSES = 3
CONTROLS = ("orak", "full")


def orak_score(floors: int, bosses: int) -> float:
    """Orak's documented formula, with the bosses counted: (0.5 x floors/50 + 0.5 x bosses/3) x 100."""
    return 100.0 * (0.5 * min(max(floors, 0), FLOORS) / FLOORS + 0.5 * min(max(bosses, 0), BOSSES) / BOSSES)


#: ``orak_score`` by (floors, bosses): a run meets a few dozen pairs, and a step scores one or two states.
_SCORES: dict[tuple[int, int], float] = {}


def _score(floors: int, bosses: int) -> float:
    """``orak_score``, looked up in ``_SCORES``."""
    value = _SCORES.get((floors, bosses))
    if value is None:
        value = orak_score(floors, bosses)
        if len(_SCORES) < 4096:
            _SCORES[floors, bosses] = value
    return value


class SlayTheSpireEnv(NativeFastPath, OrakEnv[np.ndarray, int, SpireState]):
    """Ironclad, ascension 0, from Neow to the end of the run.

    Native observation: a ``native.OBS_SIZE`` float32 vector; native action: ``Discrete(
    native.N_ACTIONS)`` (END, PLAY slot x target, CHOOSE i, SKIP, PROCEED, POTION use/discard),
    with ``action_masks()``.  Reward: the change of the Orak score / 100.  The episode ends at
    the game-over screen (or, on the embedded engine, when act 1 is over).

    ``backend``: ``"embedded"`` (default) or ``"communication_mod"`` (the real game through
    ``orak-gym spire bridge``; ``host``/``port``/``timeout`` say where).  ``reset(seed=n)``
    starts seed ``n`` (Orak plays seed 0); without a seed one is drawn from ``np_random``.
    """

    frame_shape = FRAME_SHAPE

    def __init__(
        self,
        render_mode: str | None = None,
        backend: str = "embedded",
        control: str = "orak",
        character: str = "IRONCLAD",
        ascension: int = 0,
        max_auto_steps: int = 3000,
        **backend_options: Any,
    ) -> None:
        super().__init__(render_mode=render_mode)
        if control not in CONTROLS:
            raise ValueError(f"control={control!r} is not one of {CONTROLS}")
        self.backend_name = backend
        self.control = control
        self.character = character.upper()
        self.ascension = int(ascension)
        self.max_auto_steps = max_auto_steps
        self._backend: SpireBackend = make_backend(backend, **backend_options)
        self.action_parser = SpireParser()
        self.observation_space = spaces.Box(0.0, native.OBS_HIGH, shape=(native.OBS_SIZE,), dtype=np.float32)
        self.action_space = spaces.Discrete(native.N_ACTIONS)
        self.rules = RuleAgent()
        self._boss_floors: set[int] = set()
        self._feedback: tuple[bool, str] | None = None
        self._stopped: dict[str, Any] | None = None  # why the decision of the last text command stopped
        self.game_seed: int | None = None
        self._scored: tuple[SpireState | None, float] = (None, 0.0)
        # The lean native step (``_native_step``) on the embedded engine reads the engine's objects
        # (``engine_view``), not its message: ``_view`` is the view of the engine now (None when not
        # made yet, or after anything else moved the engine), ``_last_command`` the last command the
        # engine took (a state's ``last_action``), ``_kept`` the state of a step that took the message path.
        self._embedded = isinstance(self._backend, EmbeddedBackend)
        self._view: EngineView | None = None
        self._last_command = ""
        self._kept: SpireState | None = None

    # ------------------------------------------------------------------ hooks
    def _current_state(self) -> SpireState | None:
        return self.state if self._state is not None else None

    def _begin(self, seed: int | None) -> None:
        """What every start resets: the run's seed, the rule agent, and what the env kept of the last run."""
        self.game_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        self.rules.reset()
        self._boss_floors = set()
        self._feedback = self._stopped = None
        self._view = self._kept = None
        self._last_command = "START"

    def _start(self, seed: int | None, options: dict[str, Any] | None) -> SpireState:
        self._begin(seed)
        message = self._backend.start(self.game_seed, self.character, self.ascension, dict(options or {}))
        return self._advance(self._make_state(message, "START"))

    def _native_start(self, seed: int | None, options: dict[str, Any] | None) -> tuple[np.ndarray, float, float] | None:
        """The lean native reset on the embedded engine: the run starts and the rule agent plays its opening
        screens with no message; the state is built when read (``_deferred_state``), as after a ``_native_step``."""
        if not self._embedded:
            return None
        self._begin(seed)
        self._backend.begin(self.game_seed, self.character, self.ascension, dict(options or {}))  # type: ignore[attr-defined]
        view = self._view = self._settled_view()
        return native.pack(view), _score(view.floors_reached, view.bosses), float(view.floors_reached)

    def _act(self, action: Any) -> tuple[SpireState, float, bool, bool]:
        before = self.state
        before_score = self.score(before)  # scored when it was made: read it before another state is
        self._feedback = self._stopped = None
        self._view = None  # the engine moves on here without the view
        if isinstance(action, SpireCommand):
            line: Line = action.line
            stale = self._stale(action, before)
            if stale:
                self._stopped = {"reason": stale, "failed": False}
                return before, 0.0, False, False
            reason = check_line(line, before)
            command = to_mod_command(line, before) if reason is None else ""
        else:
            try:
                native_action = int(action)
                line = native.action_line(native_action)
            except (TypeError, ValueError) as exc:
                self._feedback = (False, f"not a native action: {exc}")
                return before, 0.0, False, False
            if not native.is_legal(before, native_action):
                self._feedback = (
                    False,
                    f"{native_text(native_action)} is not legal now: {check_line(line, before) or 'masked'}",
                )
                return before, 0.0, False, False
            # a legal native action passes ``check_line`` by construction (``is_legal`` checks the same
            # facts, tests/games/slay_the_spire/test_spire_state.py), so the native step skips that second check
            reason, command = None, native.mod_command(before, native_action)
        if reason is None:
            try:
                message = self._backend.send(command)
                self._last_command = command
            except CommandRejected as exc:
                reason = f"the game refused {command!r}: {exc}"
        if reason is not None:
            if isinstance(action, SpireCommand):
                self._stopped = {"reason": reason, "failed": True}
            else:
                self._feedback = (False, reason)
            return before, 0.0, False, False
        state = self._advance(self._make_state(message, command))
        reward = (self.score(state) - before_score) / 100.0
        return state, reward, self._over(state), False

    def _native_step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, float, float]:
        """The lean native step on the embedded engine: the engine's ``apply`` and its objects, no message
        and no state.  Everything else (an action that is not a legal ``int``, the real game)
        takes the message path, ``_act``; both give the same outputs
        (tests/games/slay_the_spire/test_spire_engine_view.py)."""
        view = self._view
        if view is None and self._embedded:
            view = self._view = view_of(self._backend.engine, self._backend.finished())  # type: ignore[attr-defined]
        if type(action) is not int:
            if not isinstance(action, np.integer):
                return self._message_step(action)
            action = int(action)
        if view is None or not native.legal(view, action):
            return self._message_step(action)
        self._feedback = self._stopped = None
        command = native.fact_command(view, action) or native.mod_command(self.state, action)
        before = _score(view.floors_reached, view.bosses)
        try:
            self._backend.apply(command, view.available)  # type: ignore[attr-defined]
        except CommandRejected:  # (a legal action is never refused; if one were, the message path reports it)
            return self._message_step(action)
        self._last_command = command
        self._kept = None
        view = self._view = self._settled_view()
        score = _score(view.floors_reached, view.bosses)
        terminated = view.game_over or view.run_complete
        return native.pack(view), (score - before) / 100.0, terminated, False, score, float(view.floors_reached)

    def _message_step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, float, float]:
        """``_native_step`` through ``_act`` and the message (its state is kept for ``_deferred_state``)."""
        state, reward, terminated, truncated = self._act(action)
        self._kept = state
        score = self.score(state)
        raw = float(state.floors_reached)
        return native.encode(state), float(reward), bool(terminated), bool(truncated), score, raw

    def _deferred_state(self) -> SpireState:
        kept, self._kept = self._kept, None
        if kept is not None:
            return kept
        return self._make_state(self._backend.message(), self._last_command)  # type: ignore[attr-defined]

    def _settled_view(self) -> EngineView:
        """The engine's view once the rule agent has played the screens that are its own (none with
        ``control="full"``); the rule agent's moments are read only as far as it looks at them."""
        if self.control == "full":
            return self._engine_view()
        return whole_view(self._advance(self._engine_view(whole=False)), self._backend.engine)  # type: ignore[attr-defined]

    def _engine_view(self, whole: bool = True) -> EngineView:
        view = view_of(self._backend.engine, self._backend.finished(), whole)  # type: ignore[attr-defined]
        if view is None:  # only PROCEED on the game-over screen leaves the run, and the game is over there
            raise RuntimeError("the embedded engine left the run in the middle of a step")
        return view

    def observe(self, state: SpireState) -> np.ndarray:
        return native.encode(state)

    def action_masks(self) -> np.ndarray:
        """Legal native actions now (``sb3-contrib`` MaskablePPO reads this method)."""
        view = self._view
        if view is not None:  # (the engine has not moved since the view was read)
            return native.mask_of(view).astype(bool)
        return native.action_mask(self.state).astype(bool)

    def score(self, state: SpireState) -> float:
        scored, value = self._scored  # a step asks for the same state's score three times
        if scored is not state:
            value = _score(state.floors_reached, state.bosses_defeated)
            self._scored = (state, value)
        return value

    def raw_score(self, state: SpireState) -> float:
        return float(state.floors_reached)

    def prompt_context(self) -> PromptContext:
        state = self._current_state()
        kind = state.kind if state is not None else COMBAT
        default = {COMBAT: "END", CARD_REWARD: "SKIP"}.get(kind, "PROCEED")
        if state is not None and kind not in (COMBAT, CARD_REWARD):
            default = "PROCEED" if state.confirm_word() else ("CHOOSE 1" if state.choices else "SKIP")
        return PromptContext(
            title="Slay the Spire",
            task="Your objective is to reach floor 50 in Slay the Spire, defeating the bosses on the way.",
            rules=game_text("orak_gym.games.slay_the_spire.prompts", "rules.md"),
            valid_actions=self.valid_actions(),
            action_format="### Actions\nPLAY 2 1\nPLAY 4\nEND",
            default_action=default,
            extras={"decision": kind, "control": self.control},
        )

    def valid_actions(self) -> list[str]:
        """Every single command that is legal now, in the grammar (what a random baseline picks from)."""
        if self._state is None:
            return ["END"]
        return [line_text(native.action_line(int(a))) for a in np.flatnonzero(native.action_mask(self.state))]

    def render_frame(self, state: SpireState) -> np.ndarray:
        return draw_state(state)

    def info_extras(self, state: SpireState) -> dict[str, Any]:
        return self._native_info_extras()

    def _native_info_extras(self) -> dict[str, Any]:
        """The game's ``info`` keys (the seed; the feedback on an action that was not run): no state needed."""
        extras: dict[str, Any] = {"game_seed": self.game_seed}
        if self._feedback is not None:
            extras["action_valid"], extras["action_feedback"] = self._feedback
        if self._stopped is not None:
            extras[DECISION_STOPPED] = self._stopped
        return extras

    def _close(self) -> None:
        self._backend.close()

    # ------------------------------------------------------------------ snapshots (embedded engine only)
    @property
    def supports_snapshots(self) -> bool:
        return isinstance(self._backend, EmbeddedBackend)

    def save_snapshot(self) -> Any:
        if not isinstance(self._backend, EmbeddedBackend):
            raise NotImplementedError("the real game cannot be copied: snapshots need backend='embedded'")
        return (self._backend.snapshot(), self.state, frozenset(self._boss_floors), copy.deepcopy(self.rules))

    def load_snapshot(self, snapshot: Any) -> None:
        if not isinstance(self._backend, EmbeddedBackend):
            raise NotImplementedError("the real game cannot be copied: snapshots need backend='embedded'")
        engine, state, boss_floors, rules = snapshot
        self._backend.restore(engine)
        self._state, self._boss_floors, self.rules = state, set(boss_floors), copy.deepcopy(rules)
        self._feedback = None
        self._view = self._kept = None
        self._last_command = state.last_action

    # ------------------------------------------------------------------ helpers
    def _make_state(self, message: dict[str, Any], last: str) -> SpireState:
        game = message.get("game_state") or {}
        # the mod's message has no boss count: a boss is beaten when its room shows the rewards
        screen = game.get("screen_type")
        rewards = screen in ("COMBAT_REWARD", "BOSS_REWARD") and game.get("room_type") == "MonsterRoomBoss"
        if rewards or (screen == "GAME_OVER" and (game.get("screen_state") or {}).get("victory")):
            self._boss_floors.add(int(game.get("floor", 0) or 0))
        counted = self._backend.bosses_defeated()
        bosses = counted if counted is not None else len(self._boss_floors)
        return SpireState.from_message(message, game, bosses, last, self._backend.finished())

    def _over(self, state: SpireState) -> bool:
        return state.game_over or state.run_complete

    def _advance(self, state: Any) -> Any:
        """Lets the rule agent play until the next decision that is the agent's (or the run ends).

        ``state`` is a ``SpireState`` (the message path) or the engine's ``EngineView`` (the lean native
        step); the rule agent's commands go the same way, and the same type comes back."""
        full = self.control == "full"
        for _ in range(self.max_auto_steps):
            if state.game_over or state.run_complete or (full and state.ready_for_command):
                return state  # (``_over`` inline: this runs once or twice per native step)
            command = self._auto_command(state)
            if command is None:
                return state
            try:
                state = self._rule_send(state, command)
            except CommandRejected as exc:
                fallback = self.rules.fallback(self._message_state(state))
                if fallback == command:
                    raise RuntimeError(
                        f"the rule agent is stuck on {state.screen_type}: {command!r} refused ({exc})"
                    ) from None
                state = self._rule_send(state, fallback)
        raise RuntimeError(f"the rule agent made {self.max_auto_steps} moves without reaching a decision")

    def _rule_send(self, state: Any, command: str) -> Any:
        """Sends the rule agent's ``command``; the next state, of ``state``'s type."""
        if isinstance(state, EngineView):
            self._backend.apply(command, state.available)  # type: ignore[attr-defined]
            self._last_command = command
            return self._engine_view(whole=False)
        message = self._backend.send(command)
        self._last_command = command
        return self._make_state(message, command)

    def _message_state(self, state: Any) -> SpireState:
        """``state`` as a ``SpireState`` for the rule agent (an engine view is the engine now: its message is
        built, with the costly fields left until the rule agent reads them; it is done with it before the
        engine moves on, and nothing keeps it)."""
        if isinstance(state, EngineView):
            return self._make_state(self._backend.rule_message(), self._last_command)  # type: ignore[attr-defined]
        return state

    def _auto_command(self, state: Any) -> str | None:
        """The rule agent's command, or None when ``state`` is the LLM's decision (Orak's split).

        Combat turns and card rewards are decided from the kind and the commands alone; the rule
        agent's screens read the message (built then, for an engine view)."""
        kind = state.kind
        if kind == COMBAT:
            # ``boss_potion`` answers None outside a boss room or without the potion command: asked here
            # first, so that an engine view builds its message only for a boss fight with potions
            if state.room_type == "MonsterRoomBoss" and state.can("potion"):
                potion = self.rules.boss_potion(self._message_state(state))
                if potion is not None:
                    return potion
            return None if state.can("play") else "END"
        if kind == CARD_REWARD and state.room_phase == "COMPLETE":
            return None
        return self.rules.command(self._message_state(state))

    def _stale(self, command: SpireCommand, state: SpireState) -> str:
        """Why the rest of a multi-line decision no longer applies (the fight or the turn is over)."""
        # with control="full" a reply may walk through screens (PLAY Armaments, CHOOSE 2, PROCEED)
        if self.control == "orak" and command.kind and command.kind != state.kind:
            return f"the {command.kind.replace('_', ' ')} is over"
        if state.kind == COMBAT and command.turn is not None and command.turn != state.combat.get("turn"):
            return "the turn is over"
        fight_over = state.game.get("room_phase") != "COMBAT" or state.game_over
        if command.kind == COMBAT and command.line.verb in ("PLAY", "END") and fight_over:
            return "the fight is over"
        return ""


def native_text(action: int) -> str:
    """A native action as its grammar line (for feedback)."""
    return line_text(native.action_line(action))
