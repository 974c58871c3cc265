"""Orak score normalisation: every game's raw quantity mapped to 0-100."""

from __future__ import annotations


def normalised(raw: float, maximum: float) -> float:
    """``min(max(raw / maximum, 0), 1) * 100``: the shape of most Orak formulas (2048, Mario, Her Story)."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    return min(max(raw / maximum, 0.0), 1.0) * 100.0


def rubric(levels: dict[str, float], achieved: set[str] | list[str]) -> float:
    """The highest score among the achieved rubric levels (Baba Is You's 0/20/40/100), 0 if none."""
    return max((levels[name] for name in achieved if name in levels), default=0.0)
