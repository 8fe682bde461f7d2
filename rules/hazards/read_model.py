"""The hazard's row in the ``hazards`` read model, from its state (pure)."""

from __future__ import annotations

from models.hazard import (
    HazardRegime,
    HazardStep,
)
from models.hazard_state import (
    HazardState,
    HazardSummary,
)
from rules.hazards.regimes import hazard_words
from rules.hazards.steps import OPEN_STEPS


def hazard_summary(state: HazardState, regime: HazardRegime) -> HazardSummary:
    report = state.report
    waiting = sorted(
        (
            d
            for d in state.deadlines
            if d.met_at is None and not d.breached and d.gave_way_at is None
        ),
        key=lambda d: d.due,
    )
    nxt = waiting[0] if waiting else None
    return HazardSummary(
        reference=state.reference,
        organisation=state.organisation,
        complaint_reference=state.complaint_reference,
        hazard=report.hazard,
        hazard_words=hazard_words(regime, report.hazard),
        source=report.source.value,
        tenure=report.tenure.value,
        location=report.location,
        kind=state.kind.value if state.kind else None,
        step=state.step.value,
        aware_at=report.aware_at,
        logged_at=state.logged_at,
        next_due=nxt.due if nxt else None,
        next_due_label=nxt.label if nxt else None,
        breached=state.breached,
        is_open=state.step in OPEN_STEPS,
        vulnerable=bool(report.vulnerability),
        made_safe_at=state.made_safe_at,
        concluded_at=state.concluded_at,
        completed_at=state.completed_at if state.step == HazardStep.COMPLETE else None,
        regime=f"{state.regime_name} ({state.regime_from.isoformat()})",
        deadlines=[d.model_dump(mode="json") for d in state.deadlines],
        late_reasons=[r.model_dump(mode="json") for r in state.late_reasons],
        accommodation=[a.model_dump(mode="json") for a in state.accommodation],
    )
