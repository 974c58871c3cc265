"""The two ways to run Slay the Spire, behind one small interface that speaks CommunicationMod.

``embedded``: the bundled Ironclad act-1 engine (nothing to buy or install).
``communication_mod``: the real game, through ``orak-gym spire bridge`` (which CommunicationMod
launches) over a local TCP socket.  Both hand back CommunicationMod messages (dicts) and take
CommunicationMod command strings, so the env cannot tell them apart.
"""

from __future__ import annotations

from typing import Any, Protocol

from orak_gym.backends.mod_link import ModLinkError
from orak_gym.backends.mod_relay import RelayClient
from orak_gym.core.errors import OrakError

DEFAULT_PORT = 38_517
DEFAULT_HOST = "127.0.0.1"


class CommandRejected(OrakError, ValueError):
    """The game refused a command (CommunicationMod's ``{"error": ...}``, the engine's InvalidCommand)."""


class SpireBackend(Protocol):
    def start(self, seed: int, character: str, ascension: int, options: dict[str, Any]) -> dict[str, Any]: ...
    def send(self, command: str) -> dict[str, Any]: ...
    def finished(self) -> bool: ...
    def bosses_defeated(self) -> int | None: ...
    def close(self) -> None: ...


class EmbeddedBackend:
    """The bundled engine (``orak_gym.games.slay_the_spire.engine``); a seed replays a run exactly."""

    def __init__(self) -> None:
        self._engine: Any = None

    def start(self, seed: int, character: str, ascension: int, options: dict[str, Any]) -> dict[str, Any]:
        self.begin(seed, character, ascension, options)
        return self._engine.state()

    def begin(self, seed: int, character: str, ascension: int, options: dict[str, Any]) -> None:
        """``start`` without the message: the lean native reset reads the engine's objects instead."""
        from orak_gym.games.slay_the_spire.engine import SpireEngine

        self._engine = SpireEngine(seed, character=character, ascension=ascension)
        if not self._engine.in_game and "start" in self._engine.available_commands():
            self.apply(f"START {character} {ascension}")  # no seed token: the constructor's seed

    def send(self, command: str) -> dict[str, Any]:
        self.apply(command)
        return self._engine.state()

    def apply(self, command: str, available: list[str] | None = None) -> None:
        """``send`` without the message: the lean native step reads the engine's objects instead;
        ``available``: the engine's ``available_commands()`` now, when the caller has it (``SpireEngine.apply``)."""
        try:
            self._engine.apply(command, available)
        except ValueError as exc:
            from orak_gym.games.slay_the_spire.engine import InvalidCommand  # (only when refused: no cost per step)

            if not isinstance(exc, InvalidCommand):
                raise
            raise CommandRejected(str(exc)) from None

    @property
    def engine(self) -> Any:
        """The running engine (for the env's message-free native view, ``engine_view.py``)."""
        return self._engine

    def message(self) -> dict[str, Any]:
        """The engine's message now (what the last ``send`` would have returned)."""
        return self._engine.state()

    def rule_message(self) -> dict[str, Any]:
        """``message()`` for a reader done with it before the next command: its costly fields (deck, map,
        relics, combat state) are built only if read (``SpireEngine.rule_message``)."""
        return self._engine.rule_message()

    def finished(self) -> bool:
        return bool(self._engine is not None and self._engine.is_over)

    def bosses_defeated(self) -> int | None:
        return int(self._engine.bosses_defeated) if self._engine is not None else None

    def snapshot(self) -> Any:
        """An independent copy of the engine (same future), for look-ahead."""
        return self._engine.clone()

    def restore(self, snapshot: Any) -> None:
        self._engine = snapshot.clone()  # the snapshot stays reusable

    def close(self) -> None:
        self._engine = None


class CommunicationModBackend:
    """The real game, through ``orak-gym spire bridge`` (the shared mod relay, one JSON message per
    line each way).

    The exchange is strictly one message per command; a message nobody asked for (the game was
    clicked by hand, or answered the bridge's first STATE request as well as starting up) is
    dropped before the next command is sent, so the env never reads an answer one step late.
    """

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = 120.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.link = RelayClient(
            host,
            port,
            timeout,
            unreachable=(
                "Start Slay the Spire with ModTheSpire + CommunicationMod, whose config.properties has "
                f"'command=orak-gym spire bridge --port {port}' (see docs/games/slay_the_spire.md)"
            ),
        )

    def connect(self) -> dict[str, Any]:
        """Connects (or reconnects) and returns the game's latest message, which the bridge replays."""
        return self.link.connect()

    # ------------------------------------------------------------------ backend interface
    def start(self, seed: int, character: str, ascension: int, options: dict[str, Any]) -> dict[str, Any]:
        message = self.connect()
        for _ in range(10):  # a finished run: click through to the main menu
            state = message.get("game_state") or {}
            if not (message.get("in_game") and state.get("screen_type") == "GAME_OVER"):
                break
            message = self.send("PROCEED")
        if message.get("in_game"):
            if options.get("continue_run"):
                return message
            raise ModLinkError(
                "a run is already in progress in Slay the Spire; abandon it in the game (or pass "
                "options={'continue_run': True} to reset to play it on)"
            )
        return self.send(f"START {character} {ascension} {seed}")

    def send(self, command: str) -> dict[str, Any]:
        self.link.drain()
        self.link.send(command)
        message = self.link.receive()
        if "error" in message:  # the game stays where it was and waits for the next command
            raise CommandRejected(str(message["error"]))
        return message

    def finished(self) -> bool:
        return False

    def bosses_defeated(self) -> int | None:
        return None  # the env counts them from the messages

    def close(self) -> None:
        self.link.close()


BACKENDS = ("embedded", "communication_mod")


def make_backend(name: str, **kwargs: Any) -> SpireBackend:
    if name == "embedded":
        if kwargs:
            raise TypeError(f"{', '.join(sorted(kwargs))}: only backend='communication_mod' takes these options")
        return EmbeddedBackend()
    if name == "communication_mod":
        return CommunicationModBackend(**kwargs)
    raise ValueError(f"backend={name!r} is not one of {BACKENDS}")
