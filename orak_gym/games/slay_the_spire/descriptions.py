"""Card, power and relic descriptions for the text, as Orak shows them, when a message carries none.

Stock CommunicationMod and the embedded engine send card names and ids only (Orak's modified mod
adds descriptions).  ``card_text.json`` holds the game's card texts with ``{D}`` damage, ``{B}``
block and ``{M}`` magic number; the numbers come from the embedded engine's card table (the
game's values, upgraded ones for an upgraded card), so both backends show the same text.
``power_text.json`` does the same for powers, with ``{A}`` the power's amount, and
``relic_text.json`` holds the relics' texts by name.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _templates() -> dict[str, str]:
    text = resources.files(__package__).joinpath("card_text.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _power_templates() -> dict[str, str]:
    text = resources.files(__package__).joinpath("power_text.json").read_text(encoding="utf-8")
    return json.loads(text)


def describe_power(power: dict[str, Any]) -> str:
    """A power's description: its own, else the game's text with its amount, else ''."""
    own = power.get("description")
    if own:
        return str(own)
    template = _power_templates().get(str(power.get("id", ""))) or _power_templates().get(str(power.get("name", "")))
    return template.format(A=power.get("amount", 0)) if template else ""


@cache
def _relic_texts() -> dict[str, str]:
    text = resources.files(__package__).joinpath("relic_text.json").read_text(encoding="utf-8")
    return json.loads(text)


def describe_relic(relic: dict[str, Any]) -> str:
    """A relic's description: its own, else the game's text by name, else ''."""
    own = relic.get("description")
    return str(own) if own else _relic_texts().get(str(relic.get("name", "")), "")


@cache
def _numbers() -> dict[str, Any]:
    try:
        from orak_gym.games.slay_the_spire.engine.cards import CARDS
    except ImportError:  # a build without the engine: texts without numbers are left out
        return {}
    return dict(CARDS)


def describe(card: dict[str, Any]) -> str:
    """The card's description: its own ``description`` field, else the game's text, else ''."""
    own = card.get("description")
    if own:
        return str(own)
    cid = str(card.get("id", ""))
    template = _templates().get(cid)
    if template is None:
        return ""
    if "{" not in template:
        return template
    row = _numbers().get(cid)
    if row is None:
        return ""
    up = int(card.get("upgrades", 0) or 0) > 0
    values = {
        "D": row.dmg + (row.dmg_up if up else 0),
        "B": row.blk + (row.blk_up if up else 0),
        "M": row.mag + (row.mag_up if up else 0),
    }
    return template.format(**values)
