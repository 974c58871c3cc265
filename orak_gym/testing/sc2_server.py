"""A fake StarCraft II client for tests: the SC2 API over a real websocket, answering a tiny invented game.

Blizzard's Linux client cannot be downloaded on a CI machine, so this process stands in for it.  It is
launched exactly as the real one is (``SC2_x64 -listen HOST -port PORT -dataDir DIR -tempDir DIR ...``):
:func:`fake_install` writes a folder laid out like a StarCraft II install (``Versions/Base75689/SC2_x64``,
``Maps/``) whose ``SC2_x64`` runs this module, so the whole path of a real game runs in tests: client
discovery, process launch, burnysc2's websocket client, its protobuf requests, process shutdown.

What it answers (``s2clientprotocol`` messages): ping, create_game (a missing map is the real error),
join_game (one participant against the computer, or two participants in two processes: the second one
relays its requests to the host over the host's ``server_ports.game_port``, and both step in lockstep),
game_info, data, observation, action, step, query (placements, pathing, available abilities), save_replay,
leave_game and quit.  The game is :class:`orak_gym.testing.sc2_fake_game.FakeGame`.

Test knobs (command-line flags after the real ones): ``-orakMaxLoops N`` ends games in a tie after N loops;
``-orakDieAfterSteps N`` makes the process exit abruptly on its N-th step request (a client that dies
mid-game).
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import sys
import traceback
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, WSMsgType, web
from s2clientprotocol import query_pb2, sc2api_pb2

from orak_gym.testing.sc2_fake_game import MAKE, RESEARCH, FakeGame

BASE_BUILD = 75689  # the 4.10 Linux package's build
GAME_VERSION = "4.10.0"
DATA_VERSION = "B89B5D6FA7CBF6452E721311BFBC6CB2"
#: The map files :func:`fake_install` writes, named as real map packs name them (their content is a marker:
#: whatever the map, the game is the same invented one).
FAKE_MAPS = ("Ladder2019Season3/AcropolisLE", "Melee/Simple64")
REPLAY_MAGIC = b"ORAK-FAKE-SC2-REPLAY\n"

LAUNCHED, INIT_GAME, IN_GAME, ENDED, QUIT = 1, 2, 3, 5, 6


class Match:
    """One game and its participants' lockstep: the loop advances once every participant asked to step."""

    def __init__(self, game: FakeGame, participants: int) -> None:
        self.game = game
        self.participants = participants
        self.joined: list[int] = []
        self.all_joined = asyncio.Event()
        self._waiting: dict[int, int] = {}
        self._round: asyncio.Future[None] | None = None

    async def step(self, player_id: int, count: int) -> None:
        if self.game.over:
            return
        if self._round is None or self._round.done():
            self._round = asyncio.get_running_loop().create_future()
        current = self._round
        self._waiting[player_id] = count
        if len(self._waiting) >= self.participants:
            self.game.advance(min(self._waiting.values()))
            self._waiting = {}
            current.set_result(None)
        await current


class FakeSC2:
    """The state of one fake client process: its status, its match, the relay to a host when it joined one."""

    def __init__(self, data_dir: Path, max_loops: int, die_after_steps: int | None) -> None:
        self.data_dir = data_dir
        self.max_loops = max_loops
        self.die_after_steps = die_after_steps
        self.steps = 0
        self.status = LAUNCHED
        self.match: Match | None = None
        self.player_id = 0
        self.peer: Any = None  # the websocket to the host, for a joined second player
        self.peer_session: ClientSession | None = None
        self.peer_site: web.TCPSite | None = None
        self.stop = asyncio.Event()

    # ------------------------------------------------------------------------------------ dispatch
    async def handle(self, raw: bytes) -> bytes:
        request = sc2api_pb2.Request()
        request.ParseFromString(raw)
        kind = request.WhichOneof("request")
        if self.peer is not None and kind not in ("ping", "quit", "data"):
            await self.peer.send_bytes(raw)  # a joined player's game is played in the host's process
            answer = await self.peer.receive_bytes()
            if kind == "leave_game":
                await self._drop_peer()
                self.status = LAUNCHED
            return answer
        response = await self.answer(request, kind, self.player_id, own=True)
        response.id = request.id
        return response.SerializeToString()

    async def answer(
        self, request: sc2api_pb2.Request, kind: str | None, player_id: int, own: bool
    ) -> sc2api_pb2.Response:
        """The response to one request from ``player_id`` (``own``: this process's client, else the relayed one)."""
        response = sc2api_pb2.Response()
        match = self.match
        if kind == "ping":
            response.ping.game_version, response.ping.data_version = GAME_VERSION, DATA_VERSION
            response.ping.data_build = response.ping.base_build = BASE_BUILD
        elif kind == "create_game":
            self._create(request.create_game, response)
        elif kind == "join_game":
            await self._join(request.join_game, response, own)
            return response
        elif kind == "data":
            response.data.CopyFrom(_DATA)
        elif kind == "quit":
            response.quit.SetInParent()
            self.status = QUIT
            self.stop.set()
        elif kind == "leave_game":
            response.leave_game.SetInParent()
            if own:
                self.match, self.player_id = None, 0
                self.status = LAUNCHED
                if self.peer_site is not None:  # the game port of a two-player game closes with it
                    site, self.peer_site = self.peer_site, None
                    asyncio.get_running_loop().call_later(1.0, lambda: asyncio.ensure_future(site.stop()))
        elif match is None:
            response.error.append("Game has not started")
        elif kind == "game_info":
            response.game_info.CopyFrom(match.game.game_info(player_id))
        elif kind == "observation":
            response.observation.CopyFrom(match.game.observation(player_id))
        elif kind == "action":
            for action in request.action.actions:
                result = 1
                if action.HasField("action_raw") and action.action_raw.HasField("unit_command"):
                    result = match.game.apply(player_id, action.action_raw.unit_command).value
                response.action.result.append(result)
        elif kind == "step":
            self.steps += 1
            if self.die_after_steps is not None and self.steps >= self.die_after_steps:
                os._exit(3)  # the client "crashes": no answer, the connection drops
            await match.step(player_id, request.step.count or 1)
            response.step.simulation_loop = match.game.loop
        elif kind == "query":
            self._query(match.game, player_id, request.query, response.query)
        elif kind == "save_replay":
            summary = {
                "map": match.game.map_name,
                "loop": match.game.loop,
                "results": [p.result.name if p.result else None for p in match.game.players],
            }
            response.save_replay.data = REPLAY_MAGIC + json.dumps(summary).encode()
        else:
            response.error.append(f"{kind} is not supported by the fake SC2 client")
        response.status = (
            (ENDED if match is not None and match.game.over else self.status) if self.status != QUIT else QUIT
        )
        return response

    # ------------------------------------------------------------------------------------ games
    def _create(self, request: sc2api_pb2.RequestCreateGame, response: sc2api_pb2.Response) -> None:
        path = Path(request.local_map.map_path)
        if not path.is_absolute():
            path = self.data_dir / "Maps" / path
        if not path.is_file():
            response.create_game.error = sc2api_pb2.ResponseCreateGame.InvalidMapPath
            response.create_game.error_details = f"map not found: {request.local_map.map_path}"
            return
        participants = sum(1 for p in request.player_setup if p.type == 1)
        if participants < 1 or len(request.player_setup) != 2:
            response.create_game.error = sc2api_pb2.ResponseCreateGame.InvalidPlayerSetup
            return
        seed = request.random_seed if request.HasField("random_seed") else 0
        game = FakeGame(list(request.player_setup), path.stem, seed, request.disable_fog, self.max_loops)
        self.match = Match(game, participants)
        self.status = INIT_GAME
        response.create_game.SetInParent()

    async def _join(self, request: sc2api_pb2.RequestJoinGame, response: sc2api_pb2.Response, own: bool) -> None:
        if self.match is None and own:  # a second player: the game lives in the host's process
            await self._join_host(request, response)
            return
        if self.match is None:
            response.join_game.error = sc2api_pb2.ResponseJoinGame.MissingParticipation
            response.status = self.status
            return
        match = self.match
        slots = [p.player_id for p in match.game.players if p.kind == 1 and p.player_id not in match.joined]
        if not slots:
            response.join_game.error = sc2api_pb2.ResponseJoinGame.GameFull
            response.status = self.status
            return
        player_id = slots[0]
        match.joined.append(player_id)
        if request.HasField("race"):
            match.game.players[player_id - 1].race = match.game.players[player_id - 1].race.__class__(request.race)
        if own:
            self.player_id = player_id
        if match.participants > 1 and own and request.HasField("server_ports"):
            await self._listen_for_peer(request.server_ports.game_port)
        if len(match.joined) >= match.participants:
            match.all_joined.set()
        await match.all_joined.wait()
        self.status = IN_GAME
        response.join_game.player_id = player_id
        response.status = IN_GAME

    async def _listen_for_peer(self, port: int) -> None:
        app = web.Application()
        app.router.add_get("/peer", self._serve_peer)
        runner = web.AppRunner(app)
        await runner.setup()
        self.peer_site = web.TCPSite(runner, "127.0.0.1", port)
        await self.peer_site.start()

    async def _serve_peer(self, http: web.Request) -> web.WebSocketResponse:
        """The host's side of the relay: the joined player's requests, answered as player 2."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(http)
        player_id = 0
        async for message in ws:
            if message.type != WSMsgType.BINARY:
                break
            request = sc2api_pb2.Request()
            request.ParseFromString(message.data)
            kind = request.WhichOneof("request")
            if kind == "join_game":
                response = sc2api_pb2.Response()
                await self._join(request.join_game, response, own=False)
                player_id = response.join_game.player_id
            else:
                response = await self.answer(request, kind, player_id, own=False)
            response.id = request.id
            await ws.send_bytes(response.SerializeToString())
            if kind == "leave_game":
                break
        return ws

    async def _join_host(self, request: sc2api_pb2.RequestJoinGame, response: sc2api_pb2.Response) -> None:
        if not request.HasField("server_ports"):
            response.join_game.error = sc2api_pb2.ResponseJoinGame.MissingPorts
            response.status = self.status
            return
        url = f"http://127.0.0.1:{request.server_ports.game_port}/peer"
        self.peer_session = ClientSession()
        for _ in range(300):
            try:
                self.peer = await self.peer_session.ws_connect(url, max_msg_size=0)
                break
            except OSError:
                await asyncio.sleep(0.05)
        else:
            response.join_game.error = sc2api_pb2.ResponseJoinGame.LaunchError
            response.status = self.status
            return
        wrapped = sc2api_pb2.Request(join_game=request)
        await self.peer.send_bytes(wrapped.SerializeToString())
        response.ParseFromString(await self.peer.receive_bytes())
        self.status = IN_GAME

    async def _drop_peer(self) -> None:
        if self.peer is not None:
            await self.peer.close()
        if self.peer_session is not None:
            await self.peer_session.close()
        self.peer = self.peer_session = None

    # ------------------------------------------------------------------------------------ queries
    @staticmethod
    def _query(game: FakeGame, player_id: int, request: query_pb2.RequestQuery, out: query_pb2.ResponseQuery) -> None:
        for placement in request.placements:
            made = MAKE.get(placement.ability_id)
            if made is None:
                out.placements.add(result=2)
                continue
            result = game.placement(player_id, made[1], placement.target_pos.x, placement.target_pos.y)
            out.placements.add(result=result.value)
        for path in request.pathing:
            start = game.units.get(path.unit_tag) if path.HasField("unit_tag") else None
            x, y = (start.x, start.y) if start is not None else (path.start_pos.x, path.start_pos.y)
            out.pathing.add(distance=((x - path.end_pos.x) ** 2 + (y - path.end_pos.y) ** 2) ** 0.5)
        for asked in request.abilities:
            unit = game.units.get(asked.unit_tag)
            entry = out.abilities.add(unit_tag=asked.unit_tag)
            if unit is None or unit.owner != player_id:
                continue
            entry.unit_type_id = unit.kind.value
            for ability, (producer, _, _) in list(MAKE.items()) + list(RESEARCH.items()):
                if producer == unit.kind and not unit.cooldown:
                    entry.abilities.add(ability_id=ability)


_DATA = None


async def serve(host: str, port: int, data_dir: Path, max_loops: int, die_after_steps: int | None) -> None:
    """Serves the SC2 API on ``ws://host:port/sc2api`` until a quit request (or the process is stopped)."""
    global _DATA
    from orak_gym.testing.sc2_fake_game import game_data

    _DATA = game_data()
    fake = FakeSC2(data_dir, max_loops, die_after_steps)

    async def sc2api(http: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(http)
        async for message in ws:
            if message.type != WSMsgType.BINARY:
                break
            try:
                answer = await fake.handle(message.data)
            except Exception as exc:  # a bug of the fake: said in the answer (and on stderr), never a hang
                traceback.print_exc()
                answer = sc2api_pb2.Response(
                    error=[f"fake SC2 client error: {type(exc).__name__}: {exc}"]
                ).SerializeToString()
            await ws.send_bytes(answer)
            if fake.status == QUIT:
                break
        return ws

    app = web.Application()
    app.router.add_get("/sc2api", sc2api)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    parent = os.getppid()

    async def orphaned() -> None:  # the test that launched us was killed: do not outlive it
        while os.getppid() == parent:
            await asyncio.sleep(0.5)
        fake.stop.set()

    watch = asyncio.ensure_future(orphaned())
    await fake.stop.wait()
    watch.cancel()
    await asyncio.sleep(0.05)
    await runner.cleanup()


def _flags(argv: list[str]) -> dict[str, str]:
    """SC2's command line (``-name value`` pairs, ``-verbose`` alone)."""
    flags: dict[str, str] = {}
    i = 0
    while i < len(argv):
        name = argv[i].lstrip("-")
        if i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            flags[name] = argv[i + 1]
            i += 2
        else:
            flags[name] = ""
            i += 1
    return flags


def main(argv: list[str] | None = None) -> None:
    flags = _flags(list(sys.argv[1:] if argv is None else argv))
    if "port" not in flags:
        sys.exit("usage: SC2_x64 -listen HOST -port PORT [-dataDir DIR] (a fake StarCraft II client)")
    die = flags.get("orakDieAfterSteps")
    asyncio.run(
        serve(
            flags.get("listen", "127.0.0.1"),
            int(flags["port"]),
            Path(flags.get("dataDir") or Path(sys.argv[0]).resolve().parents[2]),
            int(flags.get("orakMaxLoops", 22_400 * 2)),
            int(die) if die else None,
        )
    )


def fake_install(
    root: str | Path,
    *,
    max_loops: int | None = None,
    die_after_steps: int | None = None,
    base_build: int = BASE_BUILD,
    maps: tuple[str, ...] = FAKE_MAPS,
) -> Path:
    """Writes a folder laid out like a Linux StarCraft II install whose ``SC2_x64`` is this fake client.

    Point ``SC2PATH`` at it and orak-gym (and burnysc2) launch the fake as they would the real game.
    ``max_loops``/``die_after_steps``: the test knobs above, baked into the launcher.
    """
    root = Path(root)
    binary = root / "Versions" / f"Base{base_build}" / "SC2_x64"
    binary.parent.mkdir(parents=True, exist_ok=True)
    (root / "Maps").mkdir(exist_ok=True)
    for name in maps:
        (root / "Maps" / f"{name}.SC2Map").parent.mkdir(parents=True, exist_ok=True)
        (root / "Maps" / f"{name}.SC2Map").write_bytes(b"orak-gym fake map: the game is sc2_fake_game.FakeGame\n")
    extra = []
    if max_loops is not None:
        extra += ["-orakMaxLoops", str(int(max_loops))]
    if die_after_steps is not None:
        extra += ["-orakDieAfterSteps", str(int(die_after_steps))]
    script = (
        "#!/bin/sh\n"
        "# A fake StarCraft II client for tests (orak_gym.testing.sc2_server).\n"
        f'exec "{sys.executable}" -m orak_gym.testing.sc2_server "$@" {" ".join(extra)}\n'
    )
    binary.write_text(script)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return root


if __name__ == "__main__":
    main()
