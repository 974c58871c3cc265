"""A scripted Super Mario expert: text rules, checked by a short look-ahead search.

The rules read Orak's text layout (Mario's position, enemies, pits, pipes, stairs) with regular
expressions, exactly what an LLM sees, and answer ``Jump Level: n``: the nearest thing ahead of
Mario decides the jump, sized with the reach table of the prompt.  On their own they clear 1-1
in about 78 of the 100 decisions (every seed tried, see benchmarks/RESULTS.md),
which shows the text state carries what a player needs.  The thresholds were tuned on 1-1.

When bound to the env (``SuperMarioExpert(env=...)`` or ``expert.bind(env)``), each decision is
also checked by look-ahead through the env's snapshot protocol (``save_snapshot``,
``load_snapshot``, ``simulate``; :class:`orak_gym.core.SnapshotEnv`): every jump level is tried,
followed by a few rule decisions, and the level that survives and gets furthest is played.
That is the most robust reference (it also recovers where a rule misjudges) and costs ~7x
more emulation per decision.  The search never advances the real episode: it restores the
exact emulator state after each try.
"""

from __future__ import annotations

import re
from typing import Any

from orak_gym.core.policy import ScriptedPolicy

_POINT = r"\((-?\d+),\s*(-?\d+)\)"
_LINE = re.compile(r"^- ([A-Za-z ]+): (.*)$", re.MULTILINE)
_MARIO = re.compile(r"Position of Mario: " + _POINT)
_TRIPLE = re.compile(r"\((-?\d+),\s*(-?\d+),\s*(-?\d+)\)")
_PIT = re.compile(r"start at " + _POINT + r", end at " + _POINT)
_PT = re.compile(_POINT)

MARIO_WIDTH = 16
GROUND_Y = 32
LOOKAHEAD = 160  # px ahead of Mario a hop may land in: anything there is handled first
PIT_TRIGGER = 20  # jump a pit when its edge is this close
ENEMY_TRIGGER = 40
OBSTACLE_TRIGGER = 24
CEILING_ROOM = 40  # less free height than this above Mario: jumps get cut short


def parse_observation(text: str) -> dict[str, Any]:
    """The parts of the Orak text layout the expert needs, as numbers."""
    found: dict[str, Any] = {"mario": None, "objects": {}, "in_air": "in the air" in text}
    match = _MARIO.search(text)
    if match:
        found["mario"] = (int(match.group(1)), int(match.group(2)))
    for label, body in _LINE.findall(text):
        if body.strip() == "None":
            continue
        if label == "Pit":
            found["objects"][label] = [tuple(map(int, m)) for m in _PIT.findall(body)]
        elif label == "Warp Pipe":
            found["objects"][label] = [tuple(map(int, m)) for m in _TRIPLE.findall(body)]
        else:
            found["objects"][label] = [tuple(map(int, m)) for m in _PT.findall(body)]
    return found


class SuperMarioExpert(ScriptedPolicy):
    """Jump Level policy: text rules, plus look-ahead when bound to the env (module docstring)."""

    blocking = True  # look-ahead emulates ~7x the frames of the decision itself

    def __init__(
        self,
        env: Any = None,
        rollout: int = 1,
        cruise_level: int = 3,
        enemy_trigger: int = 30,
        enemy_level: int = 4,
        low_ceiling_level: int = 2,
        air_level: int = 1,
        pit_margin: int = 0,
        enemy_margin: int = 0,
    ) -> None:
        self.rollout = rollout
        self.air_level = air_level
        self.pit_margin = pit_margin
        self.enemy_margin = enemy_margin
        self.cruise_level = cruise_level
        self.enemy_trigger = enemy_trigger
        self.enemy_level = enemy_level
        self.low_ceiling_level = low_ceiling_level
        self.env: Any = None
        if env is not None:
            self.bind(env)

    def bind(self, env: Any) -> None:
        """Enables look-ahead on a SuperMarioEnv (wrapped or not)."""
        base = getattr(env, "unwrapped", env)
        if not getattr(base, "supports_snapshots", False):
            raise TypeError("look-ahead needs an env with snapshots (save_snapshot/load_snapshot/simulate)")
        self.env = base

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        text = observation if isinstance(observation, str) else _text_from_info(info)
        level, why = self.decide(parse_observation(text))
        if self.env is not None:
            searched = self.search(level)
            if searched != level:
                level, why = searched, f"look-ahead prefers level {searched} over the rule's {level} ({why})"
        return f"### Actions\nExplain: {why}\nJump Level: {level}"

    def search(self, proposed: int) -> int:
        """Tries every level (then ``rollout`` rule decisions); returns the best survivor."""
        from orak_gym.games.super_mario.actions import JumpLevel

        env = self.env
        saved = env.save_snapshot()
        best: tuple[tuple[int, int, int], int] | None = None
        try:
            for level in range(7):
                env.load_snapshot(saved)
                state, _, done, _ = env.simulate(JumpLevel(level))
                depth = 1
                while not (state.dying or done) and depth <= self.rollout:
                    follow, _ = self.decide(parse_observation(state.to_text()))
                    state, _, done, _ = env.simulate(JumpLevel(follow))
                    depth += 1
                lived = depth if state.dying else self.rollout + 2  # a later death beats a sooner one
                key = (lived, 1 if state.flag_reached else 0, state.level_x + (1 if level == proposed else 0))
                if best is None or key > best[0]:
                    best = (key, level)
        finally:
            env.load_snapshot(saved)
        return proposed if best is None else best[1]

    def decide(self, seen: dict[str, Any]) -> tuple[int, str]:
        if seen["mario"] is None:
            return 0, "Mario is not visible; walk"
        if seen.get("in_air"):
            return self.air_level, "Mario is in the air: keep going right until he lands"
        mx, my = seen["mario"]
        front = mx + MARIO_WIDTH
        objects = seen["objects"]
        raised = my - MARIO_WIDTH > GROUND_Y  # standing on a pipe or a block
        events: list[tuple[int, str, Any]] = []  # (gap ahead, kind, detail): handled nearest first
        for start_x, _, end_x, _ in objects.get("Pit", []):
            if end_x > mx:
                events.append((start_x - front, "pit", end_x - start_x))
        for ex, _ in objects.get("Monster Goomba", []) + objects.get("Monster Koopas", []):
            if ex - front >= -8:
                events.append((ex - front, "enemy", None))
        obstacles = [(x, y) for x, y, _ in objects.get("Warp Pipe", [])]
        obstacles += [(x, y) for x, y in objects.get("Stair Blocks", []) if y > GROUND_Y]
        for x, _ in obstacles:
            if x - front >= -8:
                top = max(y for ox, y in obstacles if 0 <= ox - x <= 32)
                events.append((x - front, "obstacle", top - (my - MARIO_WIDTH)))
        for gap, kind, detail in sorted(events, key=lambda e: e[0]):
            if gap > LOOKAHEAD:
                break
            if kind == "pit":
                if gap <= PIT_TRIGGER:
                    return (4 if detail <= 32 else 6), f"pit {detail} px wide {max(gap, 0)} px ahead"
                return _approach(gap - self.pit_margin, 8), f"approach the pit {gap} px ahead"
            if kind == "enemy":
                if raised:
                    return 5, f"jump from up here over the enemy {gap} px ahead"
                if gap <= self.enemy_trigger:
                    if _ceiling(objects, mx, my) < CEILING_ROOM:
                        return self.low_ceiling_level, f"enemy {gap} px ahead under a low ceiling"
                    return self.enemy_level, f"enemy {gap} px ahead"
                return _approach(gap - self.enemy_trigger, self.enemy_margin), f"approach the enemy {gap} px ahead"
            if detail <= 0:
                continue  # not higher than Mario's feet: nothing to clear
            if gap > OBSTACLE_TRIGGER:
                return _approach(gap - OBSTACLE_TRIGGER, 8), f"approach the {detail} px obstacle"
            level = next((n for n, reach in _PEAK.items() if reach >= detail + 4), 6)
            return level, f"obstacle {detail} px high {gap} px ahead"
        return self.cruise_level, "nothing ahead; hop forward"


def _ceiling(objects: dict[str, Any], mx: int, my: int) -> int:
    """Free height above Mario's head over the next 64 px (blocks hanging over his path)."""
    tops = [
        y - 16 - my
        for label in ("Bricks", "Question Blocks", "Inactivated Blocks", "Stair Blocks")
        for x, y in objects.get(label, [])
        if mx - 16 <= x <= mx + 64 and y - 16 >= my
    ]
    return min(tops, default=1000)


def _approach(room: int, margin: int) -> int:
    """The longest hop that stays ``margin`` px short of the point ``room`` px ahead (0: walk)."""
    return max((n for n, reach in _REACH.items() if reach + margin <= room), default=0)


#: Horizontal distance (px) each jump level covers from a walking start (prompts/rules.md).
_REACH = {1: 56, 2: 70, 3: 77, 4: 84}
#: Peak height (px) of each jump level from a walking start (prompts/rules.md).
_PEAK = {1: 36, 2: 45, 3: 54, 4: 61, 5: 65, 6: 67}


def _text_from_info(info: dict[str, Any] | None) -> str:
    """Rebuilds the text from ``info['state']`` when the observation is not text (image modality)."""
    if not info or "state" not in info:
        return ""
    from orak_gym.games.super_mario.state import MarioState

    try:
        return MarioState(**info["state"]).to_text()
    except TypeError:
        return ""
