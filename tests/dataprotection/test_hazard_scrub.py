"""R-DP-3 for hazards, the pure part (`dataprotection.hazard_scrub`): what a hazard's state,
kept start input and letters give as the person's, and what scrubbing keeps for the hazard
reports (the reasons for late steps, R-HAZ-6) and what it erases."""

from __future__ import annotations

from dataprotection.hazard_scrub import HazardScrubber, hazard_identifiers, works_erased
from dataprotection.scrub import ERASED

STATE = {
    "reference": "HAZ-2026-000001",
    "regime_name": "awaabs-law-2025",
    "report": {
        "hazard": "damp_and_mould",
        "description": "Mould over the cot",
        "location": "the little bedroom",
        "affected": "a baby of six months",
        "vulnerability": "born early, weak lungs",
        "address": "9 Quay Street, Bristol",
        "postcode": "BS1 4DJ",
        "aware_at": "2026-11-02T10:00:00Z",
    },
    "found": "Rising damp under the window",
    "risk": "Breathing",
    "deadlines": [{"step": "make_safe", "label": "Emergency: make safe by Tue 3 Nov 10:00"}],
    "late_reasons": [
        {
            "step": "make_safe",
            "reason": "no_access",
            "occurred_on": "2026-11-02",
            "detail": "Nobody at 9 Quay Street, Bristol at 18:00",
            "evidence": "Calling card left",
        }
    ],
    "accommodation": [
        {"offered_at": "2026-11-03T09:00:00Z", "where": "Harbour Hotel", "accepted": True}
    ],
}
START = {
    "tenant": {
        "name": "Winifred Wren",
        "recipients": [{"name": "Winifred Wren", "email": "ww@example.net"}],
    },
    "regime": {"name": "awaabs-law-2025", "description": "The first phase"},
    "report": STATE["report"],
}


def test_r_dp_3_a_hazards_identifiers_are_the_tenant_and_what_was_said_never_the_regime():
    found = hazard_identifiers(STATE, START)

    for value in (
        "Winifred Wren",
        "ww@example.net",
        "9 Quay Street, Bristol",
        "BS1 4DJ",
        "BS14DJ",
        "Mould over the cot",
        "the little bedroom",
        "a baby of six months",
        "born early, weak lungs",
        "Rising damp under the window",
        "Harbour Hotel",
    ):
        assert value in found, value
    assert not found & {"awaabs-law-2025", "The first phase", "damp_and_mould", "no_access"}
    assert "Calling card left" not in found  # the reasons are kept, never searched for


def test_r_dp_3_scrubbing_keeps_the_late_reasons_and_the_offer_and_erases_the_rest():
    scrub = HazardScrubber(hazard_identifiers(STATE, START))

    state = scrub.json(STATE)
    notice = scrub.text(
        "An emergency hazard (damp and mould) in the little bedroom was reported. Who is "
        "affected: a baby of six months. Vulnerability: born early, weak lungs."
    )

    report = state["report"]
    assert report["description"] == report["location"] == report["vulnerability"] == ERASED
    assert report["address"] is None and report["postcode"] is None
    assert report["hazard"] == "damp_and_mould" and state["regime_name"] == "awaabs-law-2025"
    assert state["deadlines"] == STATE["deadlines"]
    [reason] = state["late_reasons"]
    assert reason["reason"] == "no_access" and reason["evidence"] == "Calling card left"
    assert reason["detail"] == f"Nobody at {ERASED} at 18:00"
    [offer] = state["accommodation"]
    assert offer["where"] == ERASED and offer["accepted"] is True
    assert "bedroom" not in notice and "baby" not in notice and "lungs" not in notice
    assert works_erased("hazard_made_safe", "Made safe 3 Nov 09:00: Cot moved") == (
        f"Made safe 3 Nov 09:00: {ERASED}"
    )
    assert works_erased("hazard_triaged", "Triaged as an emergency: by 10:00") == (
        "Triaged as an emergency: by 10:00"
    )
