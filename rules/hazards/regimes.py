"""Hazard regimes as data, versioned by the date each comes into force (R-HAZ-1).

Each version is one JSON file in ``rules/data/hazard-regimes/``, named by the date it comes
into force (``2025-10-27.json``). A hazard runs under the regime in force on the day the
landlord became aware of it and keeps it (the regime travels in its input): a later regime
applies to hazards reported from its date only. Adding a phase is adding a file.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources

from models.hazard import (
    HazardKind,
    HazardRegime,
    HazardTenure,
)

REGIMES_DIR = "data/hazard-regimes"
_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\.json$")


class NoRegimeError(LookupError):
    """No regime was in force on the date asked for."""


def read_regime_file(file_name: str, text: str) -> HazardRegime:
    """Parse one regime file, insisting its date agrees with its file name."""
    match = _FILE_NAME.match(file_name)
    if match is None:
        raise ValueError(f'hazard regime file "{file_name}" is not named <YYYY-MM-DD>.json')
    regime = HazardRegime.model_validate_json(text)
    if regime.in_force_from.isoformat() != match["date"]:
        raise ValueError(
            f'hazard regime file "{file_name}" comes into force on {regime.in_force_from}'
        )
    return regime


@cache
def shipped_regimes() -> tuple[HazardRegime, ...]:
    """Every regime shipped with the release, oldest first."""
    folder = resources.files("rules").joinpath(REGIMES_DIR)
    found = [
        read_regime_file(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    ]
    return tuple(sorted(found, key=lambda r: r.in_force_from))


def regime_on(day: date, regimes: tuple[HazardRegime, ...] | None = None) -> HazardRegime:
    """The regime in force on ``day``: the latest that came into force on or before it."""
    regimes = shipped_regimes() if regimes is None else regimes
    in_force = [r for r in regimes if r.in_force_from <= day]
    if not in_force:
        first = min((r.in_force_from for r in regimes), default=None)
        since = f"; the first came into force on {first:%d %B %Y}" if first else ""
        raise NoRegimeError(f"No hazard regime was in force on {day:%d %B %Y}{since}.")
    return max(in_force, key=lambda r: r.in_force_from)


def out_of_scope_reason(regime: HazardRegime, tenure: HazardTenure) -> str | None:
    """R-HAZ-1: why the regime does not apply to this tenure, or None when it does."""
    if tenure in regime.tenures_in_scope:
        return None
    return regime.tenures_out_of_scope.get(
        tenure, f"{regime.name} does not apply to {tenure.value.replace('_', ' ')}."
    )


def kinds_for(regime: HazardRegime, hazard: str) -> list[HazardKind]:
    """As which kinds the regime takes this hazard: emergency, significant, both or none."""
    kinds = []
    if hazard in regime.emergency:
        kinds.append(HazardKind.EMERGENCY)
    if hazard in regime.significant:
        kinds.append(HazardKind.SIGNIFICANT)
    return kinds


def hazard_words(regime: HazardRegime, hazard: str) -> str:
    return regime.hazards.get(hazard, hazard.replace("_", " "))
