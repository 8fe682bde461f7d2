"""Pure tests of the hazard steps' checks (R-HAZ-2..6), table-driven: each bad input is
refused with its sentence; the workflow's validators run these, so nothing changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from models.hazard import (
    Finding,
    HazardKind,
    HazardReport,
    HazardStep,
)
from models.hazard_state import (
    HazardDeadline,
    HazardState,
)
from models.hazard_steps import (
    FindingInput,
    FurtherWorksInput,
    MakeSafeInput,
    SafetyWorksInput,
    SummaryInput,
)
from rules.hazards import steps

AWARE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CONCLUDED = AWARE + timedelta(days=2)
NOW = CONCLUDED + timedelta(days=1)
FIVE_WD = HazardDeadline(step=HazardStep.FURTHER_WORKS, label="Further works begun by", due=NOW)


def state(**changes: object) -> HazardState:
    report = HazardReport(
        hazard="damp_and_mould",
        description="Mould",
        location="bedroom",
        aware_at=AWARE,
        affected="two adults",
    )
    base = HazardState(
        reference="HAZ-2026-000001",
        organisation="landlord",
        report=report,
        regime_name="phase 1",
        regime_from=date(2025, 10, 27),
        logged_at=AWARE,
    )
    return base.model_copy(update=changes)


TRIAGED = {"kind": HazardKind.SIGNIFICANT, "step": HazardStep.INVESTIGATE}
FOUND = TRIAGED | {
    "finding": Finding.SIGNIFICANT,
    "concluded_at": CONCLUDED,
    "step": HazardStep.FURTHER_WORKS,
    "deadlines": [FIVE_WD],
}


def works(stage: str, on: datetime = NOW, why: str | None = None) -> FurtherWorksInput:
    return FurtherWorksInput(on=on, what="New fan", stage=stage, why_not_sooner=why)


@pytest.mark.parametrize(
    ("changes", "inp", "sentence"),
    [
        ({}, works("begun"), "Record the investigation's finding before the further works."),
        (FOUND, works("soon"), "Say whether the further works have begun, cannot begin"),
        (
            FOUND,
            works("not_practicable"),
            "Say why the further works cannot begin within 5 working days.",
        ),
        (
            FOUND | {"further_works_begun_at": NOW},
            works("not_practicable", why="survey"),
            "The further works have already begun.",
        ),
        (
            FOUND | {"further_works_later_at": NOW},
            works("not_practicable", why="survey"),
            "The further works are already recorded as unable to begin within 5 WD.",
        ),
        (
            FOUND | {"deadlines": []},
            works("not_practicable", why="survey"),
            "This hazard has no further works to begin, so there is no 12-week clock.",
        ),
        (
            FOUND,
            works("started"),
            "Say why the further works could not begin within 5 working days.",
        ),
        (
            FOUND,
            works("begun", on=CONCLUDED - timedelta(hours=1)),
            "The further works cannot be recorded before the investigation concluded.",
        ),
        (
            FOUND,
            works("complete", on=NOW + timedelta(days=1)),
            "The date of the works cannot be in the future",
        ),
        # Accepted: the 12-week route with its reason; started once it was recorded.
        (FOUND, works("not_practicable", why="survey"), None),
        (FOUND | {"further_works_later_at": NOW}, works("started"), None),
        (FOUND, works("begun"), None),
    ],
)
def test_r_haz_5_further_works_checks(changes, inp, sentence):
    found = steps.check_further_works(state(**changes), inp, NOW)
    if sentence is None:
        assert found is None
    else:
        assert found is not None and found.startswith(sentence)


FULL = SummaryInput(
    what_was_found="Mould",
    hazard_and_risk="Damp and mould: a risk to breathing",
    no_works_reason="None needed",
    contact="Call us",
)


@pytest.mark.parametrize(
    ("inp", "missing"),
    [
        (FULL.model_copy(update={"what_was_found": " "}), "what was found"),
        (FULL.model_copy(update={"hazard_and_risk": ""}), "the hazard and its risk"),
        (FULL.model_copy(update={"no_works_reason": ""}), "the works planned with their dates"),
        (FULL.model_copy(update={"contact": ""}), "how to contact us"),
        (SummaryInput(), "what was found, the hazard and its risk, the works planned"),
    ],
)
def test_r_haz_4_a_summary_without_its_parts_is_refused(inp, missing):
    found = steps.check_summary(state(**FOUND), inp)
    assert found is not None and found.startswith("The written summary needs ")
    assert missing in found
    assert steps.check_summary(state(**FOUND), FULL) is None


@pytest.mark.parametrize(
    ("check", "changes", "inp", "sentence"),
    [
        (
            steps.check_finding,
            TRIAGED,
            FindingInput(
                finding=Finding.SIGNIFICANT,
                concluded_at=AWARE - timedelta(hours=1),
                what_was_found="x",
                risk="y",
            ),
            "The investigation cannot conclude before we became aware of the hazard.",
        ),
        (
            steps.check_finding,
            {},
            FindingInput(
                finding=Finding.SIGNIFICANT, concluded_at=NOW, what_was_found="x", risk="y"
            ),
            "Triage the hazard before recording the investigation's finding.",
        ),
        (
            steps.check_make_safe,
            {"kind": HazardKind.EMERGENCY, "step": HazardStep.MAKE_SAFE},
            MakeSafeInput(done_at=NOW + timedelta(minutes=5), what_was_done="Boarded"),
            "The date it was made safe cannot be in the future",
        ),
        (
            steps.check_safety_works,
            FOUND,
            SafetyWorksInput(done_at=NOW + timedelta(days=1), what_was_done="Treated"),
            "The date of the safety works cannot be in the future",
        ),
    ],
)
def test_r_haz_2_r_haz_3_r_haz_5_bad_dates_and_order_are_refused(check, changes, inp, sentence):
    found = check(state(**changes), inp, NOW)
    assert found is not None and found.startswith(sentence)
