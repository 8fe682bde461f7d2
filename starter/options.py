"""Parsing of the starter's option values: dates, staff members, compact `A:B:C` specs.

The specs of a Stage response's parts return plain dicts: the response is validated
whole (``StageResponse``), so a bad value is reported with the field it belongs to.
Each parser raises ``argparse.ArgumentTypeError`` with a sentence naming the expected
shape, which argparse prints before exiting with status 2.
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from models.parties import StaffMember
from models.stages import Compensation

_ISO_AT_END = re.compile(r"^(?P<rest>.*):(?P<due>\d{4}-\d{2}-\d{2})$")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-02") from None


def staff_spec(text: str) -> StaffMember:
    """``ID:NAME[:EMAIL]``, e.g. ``b.lee:Bo Lee:bo.lee@example.org``."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts[:2]):
        raise argparse.ArgumentTypeError(f"{text!r} should be ID:NAME or ID:NAME:EMAIL")
    email = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
    return StaffMember(id=parts[0].strip(), name=parts[1].strip(), email=email)


def decision_spec(text: str) -> dict[str, object]:
    """``ISSUE_ID:DECISION:REASONS``; the reasons may contain colons."""
    parts = text.split(":", 2)
    if len(parts) != 3 or not parts[0].strip().isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r} should be ISSUE_ID:DECISION:REASONS, e.g. 1:upheld:The repair was late"
        )
    return {"issue_id": int(parts[0]), "decision": parts[1].strip(), "reasons": parts[2].strip()}


def _split_due(text: str) -> tuple[str, date | None]:
    match = _ISO_AT_END.match(text)
    if match is None:
        return text, None
    return match["rest"], iso_date(match["due"])


def remedy_spec(text: str) -> dict[str, object]:
    """``KIND:DESCRIPTION[:DUE]``, e.g. ``action:Replace the boiler:2026-04-30``."""
    kind, sep, rest = text.partition(":")
    if not sep or not kind.strip() or not rest.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} should be KIND:DESCRIPTION or KIND:DESCRIPTION:DUE, "
            "e.g. apology:We apologise for the delay"
        )
    description, due = _split_due(rest)
    return {"kind": kind.strip(), "description": description.strip(), "due": due}


def action_spec(text: str) -> dict[str, object]:
    """``WHAT:DUE``, e.g. ``Replace the boiler:2026-04-30``."""
    what, due = _split_due(text)
    if due is None or not what.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} should be WHAT:DUE, e.g. Replace the boiler:2026-04-30"
        )
    return {"what": what.strip(), "due": due}


COMPENSATION_PARTS = tuple(Compensation.model_fields)


def compensation_spec(text: str) -> dict[str, float]:
    """``PART=POUNDS[,PART=POUNDS...]`` with parts from ``COMPENSATION_PARTS``."""
    parts: dict[str, float] = {}
    for item in (i.strip() for i in text.split(",")):
        name, sep, amount = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in COMPENSATION_PARTS:
            raise argparse.ArgumentTypeError(
                f"{item!r} should be PART=POUNDS with PART one of {', '.join(COMPENSATION_PARTS)}"
            )
        try:
            parts[name] = float(amount)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{amount!r} is not an amount in pounds") from None
    return parts
