"""A scripted Street Fighter player: Orak's distance rules, written as a policy.

Far: Fireball (Ken) or the character's first special move; close: Megapunch or a heavy attack; very
close: a medium punch then a low kick; a super when the super count allows.  It reads the text
observation's "Distance from Opponent" and "Your Super Count" lines, so it plays any seat of any
orak Street Fighter env, arena included.
"""

from __future__ import annotations

import re
from typing import Any

from orak_gym.core.policy import ScriptedPolicy

_DISTANCE = re.compile(r"Distance from Opponent:\s*(far|close|very close)")
_SUPER = re.compile(r"Your Super Count:\s*(\d+)")


class StreetFighterExpert(ScriptedPolicy):
    """``policy(observation, info) -> action text`` (see the module docstring); stateless."""

    def act(self, observation: Any, info: dict[str, Any] | None = None) -> str:
        text = observation if isinstance(observation, str) else str((observation or {}).get("text", ""))
        valid = list(((info or {}).get("prompt_context") or {}).get("valid_actions") or [])
        distance = (_DISTANCE.search(text) or [None, "far"])[1]
        supers = int((_SUPER.search(text) or [None, "0"])[1])

        def pick(*names: str) -> str:
            return next((n for n in names if not valid or n in valid), valid[0] if valid else names[-1])

        if supers >= 1:
            moves = [pick("Super attack 4", "Super attack", "High Kick")]
        elif distance == "far":
            moves = [pick("Fireball", "Kikkoken", "High Speed Barrage", "Move Closer"), pick("Move Closer")]
        elif distance == "close":
            moves = [pick("Megapunch", "Flip Kick", "Capture and Deadly Blow", "High Punch")]
        else:
            moves = [pick("Medium Punch"), pick("Low Kick")]
        return "### Actions\n" + "\n".join(f"- {m}" for m in moves)
