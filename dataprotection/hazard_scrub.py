"""What retention erases of a hazard (R-DP-3 with section 10), as pure functions over its
JSON, beside `dataprotection.scrub` for complaints.

A hazard's personal data is who the tenant is and how to reach them (the tenant's and each
recipient's name, email, address and postcode, the report's address and postcode) and what
was said about the home and the people in it: the report's description, where in the home,
who is affected and any vulnerability, what the investigation found and the risk, why works
could not begin sooner, where alternative accommodation was offered, and the free text of
complaints (`scrub.FREE_TEXT`: what was done, the works planned, notes...).

What stays is what the hazard reports count (R-HAZ-7): the hazard and its regime, kind,
source, tenure, every deadline with when it was met or missed, and each reason recorded for
a late step (R-HAZ-6: its step, reason, date, detail and evidence, the landlord's defence
that it took all reasonable steps, kept as the lessons learned are, with any identifier of
the person in them replaced); of alternative accommodation, that it was offered, when, and
whether it was accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dataprotection.scrub import CONTACT, ERASED, FREE_TEXT, Scrubber, usable

# Free text of a hazard, beyond a complaint's.
HAZARD_TEXT = frozenset(
    {
        "location",
        "affected",
        "vulnerability",
        "found",
        "risk",
        "out_of_scope_reason",
        "further_works_why_later",
        "why_not_sooner",
        "what_was_found",
        "hazard_and_risk",
        "no_works_reason",
        "where",
    }
)
# Where a person is described: their contact keys there are identifiers.
PEOPLE = frozenset({"tenant", "recipients", "report", "complainant", "representative"})
# Kept as they are: the regime, profile and calendar a hazard ran under, its deadlines, and
# the reasons for late steps (only identifiers in them replaced, never searched for).
KEPT = frozenset({"regime", "profile", "calendar", "deadlines", "late_reasons"})
# Events whose summary ends with what was done, in the words of whoever recorded it.
WORDS_AFTER_COLON = frozenset({"hazard_made_safe", "hazard_safety_works"})


def hazard_identifiers(*documents: Any) -> set[str]:
    """The tenant's details and the free text in these JSON documents (a hazard's state,
    its kept start input, its letters' recipients): what must not survive."""
    found: set[str] = set()
    for document in documents:
        _collect(document, found, inside_person=False)
    return usable(found)


def _collect(value: Any, found: set[str], *, inside_person: bool) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in KEPT:
                continue
            if isinstance(item, str) and item.strip():
                if (inside_person and key in CONTACT) or key in _SEARCHED:
                    found.add(item.strip())
            elif isinstance(item, list) and key in _SEARCHED:
                found.update(s.strip() for s in item if isinstance(s, str) and s.strip())
            _collect(item, found, inside_person=inside_person or key in PEOPLE)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found, inside_person=inside_person)


class HazardScrubber(Scrubber):
    """Erases one hazard's identifiers and free text from its rows, keeping the reasons
    recorded for late steps with the identifiers in them replaced."""

    free_text = FREE_TEXT | HAZARD_TEXT

    def json(self, value: Any, key: str | None = None) -> Any:
        if key == "late_reasons" and isinstance(value, list):
            return [self._reason(item) for item in value]
        return super().json(value, key)

    def _reason(self, item: Any) -> Any:
        if not isinstance(item, Mapping):
            return super().json(item)
        return {k: self.text(v) if isinstance(v, str) else v for k, v in item.items()}


def works_erased(kind: str, summary: str) -> str:
    """An event's summary without the words after the colon of an event that ends with what
    was done (the text of the rest is scrubbed as any row's)."""
    if kind in WORDS_AFTER_COLON and ": " in summary:
        return summary.split(": ", 1)[0] + ": " + ERASED
    return summary


# The free text searched for in every text of the hazard's rows.
_SEARCHED = HazardScrubber.free_text - {"summary"}
