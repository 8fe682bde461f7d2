"""A policy profile: one version of a landlord's timescales (section 1).

The model only; ``rules/policy.py`` loads the versions shipped in ``rules/profiles/``.
A complaint carries the profile it started under in its input, so the workflow never
loads one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

WorkingDays = Annotated[int, Field(ge=1)]
NonNegative = Annotated[int, Field(ge=0)]


class PolicyProfile(BaseModel):
    """One version of a landlord's timescales; ``_wd`` fields are working days (R-TIME-2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    version: int = Field(ge=1)
    description: str
    log_target_wd: WorkingDays
    ack_target_wd: WorkingDays
    ack_limit_wd: WorkingDays
    stage_1_response_wd: WorkingDays
    stage_1_extension_wd: NonNegative
    escalation_decision_wd: WorkingDays
    escalation_requires_reasons: bool
    stage_2_response_wd: WorkingDays
    stage_2_extension_wd: NonNegative
    escalation_window_months: int = Field(ge=1)
    late_complaint_months: int = Field(ge=1)
    stage_3_service_areas: list[str]
    stage_3_panel_wd: WorkingDays
    stage_3_response_target_wd: WorkingDays
    stage_3_response_limit_wd: WorkingDays
    survey_after_months: NonNegative
    action_update_every_wd: WorkingDays
    reminder_before_wd: NonNegative
    office_hour: int = Field(ge=0, le=23)

    @model_validator(mode="after")
    def _targets_within_limits(self) -> PolicyProfile:
        # A target is the service standard and a limit is the Code: a target later
        # than its limit would turn a breach green.
        pairs = [
            ("ack_target_wd", "ack_limit_wd"),
            ("stage_3_response_target_wd", "stage_3_response_limit_wd"),
        ]
        for target, limit in pairs:
            if getattr(self, target) > getattr(self, limit):
                raise ValueError(f"{target} is later than {limit} in profile {self.name}")
        return self
