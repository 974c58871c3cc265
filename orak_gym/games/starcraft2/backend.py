"""Running StarCraft II games for the env: client processes, burnysc2 games, the lockstep hand-over.

One event loop on a thread of its own runs everything burnysc2 does (its websocket client is asyncio), so
the env's ``reset``/``step`` are plain calls from any thread, also from inside another event loop.  The
client is launched with the command line burnysc2's ``SC2Process`` uses (``SC2_x64 -listen -port -dataDir
-tempDir``); we launch it ourselves because ``SC2Process`` installs a SIGINT handler (main thread only) and
a process-wide kill switch, which an env living in a worker thread cannot have.  The connection is
burnysc2's ``Controller``; a game is ``Controller.create_game`` then burnysc2's own ``play_from_websocket``
for each bot (host and join, with a ``Portconfig``, for two bots), the path burnysc2's ``run_match`` takes.
Clients stay up across episodes (a new game per reset), as burnysc2's ``run_multiple_games`` keeps them.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import portpicker
from loguru import logger
from sc2.controller import Controller
from sc2.data import AIBuild, CreateGameError, Difficulty, Race, Result
from sc2.main import play_from_websocket
from sc2.player import Bot, Computer
from sc2.portconfig import Portconfig
from sc2.protocol import ProtocolError

from orak_gym.core.errors import BackendError
from orak_gym.games.starcraft2.bot import Abandoned, LockstepBot, Offer
from orak_gym.games.starcraft2.install import Install, StarCraftMissingError

logger.disable("sc2")  # burnysc2 logs every request at INFO to stdout; ``logger.enable("sc2")`` brings it back

T = TypeVar("T")


class ClientDiedError(BackendError):
    """The StarCraft II client stopped answering or exited during a game."""


@dataclass(frozen=True)
class MapRef:
    """What burnysc2's ``Controller.create_game`` reads of a map: its name and its path for the client."""

    name: str
    relative_path: Path


@dataclass(frozen=True)
class Opponent:
    """The built-in AI: race, difficulty and build, as burnysc2 names them."""

    race: Race = Race.Zerg
    difficulty: Difficulty = Difficulty.Hard
    build: AIBuild = AIBuild.Timing


#: Every client still running, stopped at interpreter exit (an env nobody closed leaves no game behind).
_RUNNING: weakref.WeakSet[_Process] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING):
        process.stop()


class _Process:
    """A launched client (what ``Controller.running`` asks about) and its temporary folder."""

    def __init__(self, popen: subprocess.Popen, temp_dir: str, port: int) -> None:
        self._process: subprocess.Popen | None = popen
        self.temp_dir = temp_dir
        self.port = port
        _RUNNING.add(self)

    def exit_code(self, wait: float = 0.0) -> int | None:
        """The exit code, or None while running (``wait``: give a dying process that long to finish)."""
        if self._process is None:
            return None
        try:
            return self._process.wait(timeout=wait) if wait else self._process.poll()
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        popen, self._process = self._process, None
        if popen is not None and popen.poll() is None:
            _signal_group(popen, signal.SIGTERM)
            try:
                popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                _signal_group(popen, signal.SIGKILL)
                popen.wait(timeout=5)
        shutil.rmtree(self.temp_dir, ignore_errors=True)
        if self in _RUNNING:
            _RUNNING.discard(self)
            portpicker.return_port(self.port)


def _signal_group(popen: subprocess.Popen, sig: int) -> None:
    """Signals the client's process group (it was started in a session of its own: what it starts goes too)."""
    try:
        os.killpg(popen.pid, sig)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            popen.send_signal(sig)


class GameRunner:
    """Clients and games for one env: ``start`` a game, ``exchange`` actions for the next offers, ``close``.

    ``players`` is 1 (a bot against the built-in AI) or 2 (two bots, two clients).  Each call returns one
    :class:`~orak_gym.games.starcraft2.bot.Offer` per bot.
    """

    def __init__(
        self, install: Install, players: int = 1, launch_timeout: float = 120.0, step_timeout: float = 300.0
    ) -> None:
        self.install = install
        self.players = players
        self.launch_timeout = launch_timeout
        self.step_timeout = step_timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="orak-sc2-loop", daemon=True)
        self._thread.start()
        self._processes: list[_Process] = []
        self._sessions: list[aiohttp.ClientSession] = []
        self._controllers: list[Controller] = []
        self._bots: list[LockstepBot] = []
        self._tasks: list[asyncio.Task] = []
        self._portconfig: Portconfig | None = None
        self._closed = False

    # ------------------------------------------------------------------------------------ plain calls
    def _call(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        if self._closed:
            coroutine.close()
            raise BackendError("this StarCraft II game runner is closed")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def start(
        self,
        map_path: Path,
        seed: int,
        opponent: Opponent,
        bots: list[LockstepBot],
        disable_fog: bool = False,
        game_time_limit: float | None = None,
        names: tuple[str, ...] = (),
    ) -> list[Offer]:
        """Ends any game in progress, then starts one on ``map_path`` and returns each bot's first offer."""
        return self._call(self._start(map_path, seed, opponent, bots, disable_fog, game_time_limit, names))

    def exchange(self, actions: list[int]) -> list[Offer]:
        """Gives each bot its action and returns what each offers next (its next step, or the game's end)."""
        return self._call(self._exchange(actions))

    def close(self) -> None:
        if self._closed:
            return
        try:
            self._call(self._shutdown(), timeout=30)
        except Exception:  # a client that will not quit is stopped below all the same
            pass
        finally:
            self._closed = True
            for process in self._processes:
                process.stop()
            self._processes = []
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            if not self._loop.is_running():
                self._loop.close()

    # ------------------------------------------------------------------------------------ in the loop
    async def _launch(self) -> None:
        """Starts the clients this runner needs (once; they serve every episode)."""
        while len(self._controllers) < self.players:
            port = portpicker.pick_unused_port()
            temp_dir = tempfile.mkdtemp(prefix="orak_sc2_")
            command = [
                str(self.install.executable),
                "-listen",
                "127.0.0.1",
                "-port",
                str(port),
                "-dataDir",
                str(self.install.root),
                "-tempDir",
                temp_dir,
                "-displayMode",
                "0",
            ]
            try:
                popen = subprocess.Popen(
                    command,
                    cwd=str(self.install.root),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # Ctrl-C reaches us, not the client; close stops its whole group
                )
            except OSError as exc:
                shutil.rmtree(temp_dir, ignore_errors=True)
                raise BackendError(f"cannot start StarCraft II ({self.install.executable}): {exc}") from exc
            process = _Process(popen, temp_dir, port)
            self._processes.append(process)
            session = aiohttp.ClientSession()
            self._sessions.append(session)
            ws = await self._connect(session, process)
            self._controllers.append(Controller(ws, process))  # type: ignore[arg-type]

    async def _drop_dead(self) -> None:
        """Forgets clients that exited or whose connection closed (a crash last game): ``_launch`` replaces them."""
        if all(p.exit_code() is None for p in self._processes) and not any(c._ws.closed for c in self._controllers):
            return
        with contextlib.suppress(Exception):
            await self._shutdown()
        for process in self._processes:
            process.stop()
        self._processes = []

    async def _connect(self, session: aiohttp.ClientSession, process: _Process) -> aiohttp.ClientWebSocketResponse:
        url = f"ws://127.0.0.1:{process.port}/sc2api"
        deadline = self._loop.time() + self.launch_timeout
        while True:
            code = process.exit_code()
            if code is not None:
                raise BackendError(f"StarCraft II ({self.install.executable}) exited with code {code} while starting")
            try:
                return await session.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_close=30), max_msg_size=0)
            except aiohttp.ClientConnectorError:
                if self._loop.time() > deadline:
                    raise BackendError(f"StarCraft II did not open {url} within {self.launch_timeout:g} s") from None
                await asyncio.sleep(0.05)

    async def _start(
        self,
        map_path: Path,
        seed: int,
        opponent: Opponent,
        bots: list[LockstepBot],
        disable_fog: bool,
        game_time_limit: float | None,
        names: tuple[str, ...],
    ) -> list[Offer]:
        await self._end_game()
        await self._drop_dead()
        await self._launch()
        try:
            relative = map_path.relative_to(self.install.maps_dir)
        except ValueError:
            relative = map_path
        players: list[Any] = [
            Bot(Race.Protoss, bot, name=names[i] if i < len(names) else None) for i, bot in enumerate(bots)
        ]
        if len(bots) == 1:
            players.append(Computer(opponent.race, opponent.difficulty, opponent.build))
        host = self._controllers[0]
        try:
            created = await host.create_game(
                MapRef(map_path.stem, relative), players, realtime=False, random_seed=seed, disable_fog=disable_fog
            )
        except (ProtocolError, ConnectionError, aiohttp.ClientError) as exc:
            raise self._died(f"StarCraft II failed to create a game: {exc}") from exc
        if created.create_game.HasField("error"):
            error = CreateGameError(created.create_game.error).name
            detail = created.create_game.error_details
            if error in ("MissingMap", "InvalidMapPath", "InvalidMapData", "InvalidMapName"):
                raise StarCraftMissingError(
                    f"StarCraft II ({self.install.label}) cannot load map {map_path.name} ({error}"
                    f"{': ' + detail if detail else ''}): maps saved by a newer editor do not load on 4.10; "
                    "try a Ladder 2019 Season 3 map",
                    path=str(map_path),
                )
            raise BackendError(f"StarCraft II refused the game: {error} {detail}".strip())
        self._bots = list(bots)
        if len(bots) > 1:
            self._portconfig = Portconfig()
        self._tasks = [
            asyncio.create_task(
                play_from_websocket(
                    self._controllers[i]._ws,
                    players[i],
                    False,
                    self._portconfig,
                    game_time_limit=game_time_limit,
                    should_close=False,
                )
            )
            for i in range(len(bots))
        ]
        return await self._offers()

    async def _exchange(self, actions: list[int]) -> list[Offer]:
        for bot, action in zip(self._bots, actions, strict=True):
            bot.link.reply(int(action))
        return await self._offers()

    async def _offers(self) -> list[Offer]:
        return list(await asyncio.gather(*(self._next(i) for i in range(len(self._bots)))))

    async def _next(self, index: int) -> Offer:
        """The next offer of bot ``index``: its next step, its game's end, or an error saying how it died."""
        link, task = self._bots[index].link, self._tasks[index]
        getter = asyncio.ensure_future(link.offers.get())
        done, _ = await asyncio.wait({getter, task}, timeout=self.step_timeout, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            return getter.result()
        getter.cancel()
        if not done:
            raise self._died(f"StarCraft II did not answer within {self.step_timeout:g} s")
        if not link.offers.empty():
            return link.offers.get_nowait()
        error = task.exception()
        raise self._died(f"the game stopped: {type(error).__name__}: {error}" if error else "the connection closed")

    def _died(self, what: str) -> ClientDiedError:
        codes = [p.exit_code(wait=2.0) for p in self._processes]  # a closed connection: is the client gone?
        exited = [f"exited with code {c}" for c in codes if c is not None]
        where = f"StarCraft II {exited[0]} mid-game" if exited else what
        return ClientDiedError(f"{where}; the episode is lost (reset starts a new game): {what}")

    async def _end_game(self) -> None:
        """Abandons a game still in progress and leaves it, so the clients can host the next one."""
        if not self._tasks:
            return
        for bot in self._bots:
            bot.link.abandon()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for bot in self._bots:
            client = getattr(bot, "client", None)
            if client is not None and not client._ws.closed:
                with contextlib.suppress(ProtocolError, ConnectionError, aiohttp.ClientError, asyncio.TimeoutError):
                    await asyncio.wait_for(client.leave(), timeout=30)
        if self._portconfig is not None:
            self._portconfig.clean()
            self._portconfig = None
        self._tasks, self._bots = [], []

    async def _shutdown(self) -> None:
        with contextlib.suppress(Exception):
            await self._end_game()
        for controller in self._controllers:
            if not controller._ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(controller.quit(), timeout=5)
                with contextlib.suppress(Exception):
                    await controller._ws.close()
        for session in self._sessions:
            await session.close()
        self._controllers, self._sessions = [], []


def result_name(result: Result | None) -> str | None:
    return None if result is None else result.name


__all__ = ["Abandoned", "ClientDiedError", "GameRunner", "MapRef", "Opponent", "result_name"]
