"""The actions of the team's everyday casework (section 14): a note or contact (R-NOTE-1),
vulnerability with the adjustments agreed (R-VUL-1), and a hazard in the home reported
with the complaint (R-HAZ-1, R-HAZ-7).

Their updates are in `workflows.casework_handlers`, and `report_hazard`'s in
`workflows.hazard_handlers`.
"""

from __future__ import annotations

from models import messages as m
from models.hazard import ReportHazardInput
from rules.catalogue.entry import EVERYONE, ActionEntry, Part, is_complaint
from rules.handling import casework, hazards

RECORD_CONTACT = ActionEntry(
    "record_contact", "Record a note or contact", "Note recorded", m.RecordContactInput,
    casework.check_record_contact, casework.record_contact, ("R-NOTE-1",), Part.CASEWORK,
    EVERYONE,
)  # fmt: skip
RECORD_VULNERABILITY = ActionEntry(
    "record_vulnerability", "Record vulnerability and adjustments",
    "Vulnerability and adjustments recorded", m.RecordVulnerabilityInput,
    casework.check_record_vulnerability, casework.record_vulnerability, ("R-VUL-1",),
    Part.CASEWORK, EVERYONE, when=is_complaint,
)  # fmt: skip
# Reporting opens the hazard's own workflow first, which only the workflow can do: its
# handler calls `open_hazard`, then applies `hazards.hazard_reported` with the reference.
REPORT_HAZARD = ActionEntry(
    "report_hazard", "Report a hazard in the home", "Hazard reported; its own clock has started",
    ReportHazardInput, hazards.check_report_hazard, None, ("R-HAZ-1", "R-HAZ-7"),
    Part.CASEWORK, EVERYONE,
)  # fmt: skip
