"""The hazard's letters to the tenant (R-HAZ-4, R-HAZ-5), built and read back for every
recipient as delivery will, so a letter without a part fails the step that writes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from letters.models import read_letter
from models.effects import Recipient


def hazard_letter(
    letter: str,
    *,
    reference: str,
    organisation: str,
    recipients: list[Recipient],
    on: date,
    **parts: Any,
) -> dict[str, Any]:
    """The stored fields of a hazard letter (``hazard_summary``, ``hazard_update``);
    raises ``LetterError`` naming a missing part."""
    fields = {"reference": reference, **parts}
    for recipient in recipients:
        read_letter(
            letter,
            fields,
            organisation=organisation,
            recipient=recipient,
            on=on,
            check_names=False,
        )
    return fields
