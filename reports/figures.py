"""The figures governance reads (section 9 of the rules), computed from read-model rows.

Pure: each function takes the complaints' rows (``ComplaintSummary``, as the read model
holds them) and what else it names, and returns a pydantic model, so the figures are the
same whether they are printed, sent as JSON or tested. ``reports.load`` reads the rows.

- `period_report` (R-RPT-1): volumes, outcomes, timeliness per stage, extensions, average
  working days, remedies and compensation, ombudsman cases, lessons.
- `tenant_satisfaction` (R-RPT-2): the Tenant Satisfaction Measures CH01 and CH02.
- `qa_sample` (R-RPT-3): a reproducible 10% sample of a month's closed complaints, each
  with its checklist score.
- `self_assessment` (R-RPT-4): Code clauses with the evidence the data gives.

The first two are kept in ``reports.period``, the others in ``reports.quality``; every name
is importable from here. ``reports.sql`` gives the period report and the TSMs from the
read model's report columns, with the same figures.
"""

from reports.period import (
    CLOSED_WITHOUT_RESPONSE,
    STAGES,
    PeriodReport,
    TenantSatisfaction,
    Timeliness,
    closed_as,
    counted,
    deadlines_of,
    in_period,
    period_report,
    tenant_satisfaction,
)
from reports.quality import (
    CHECKLIST,
    CLAUSE_STAGE,
    QA_SHARE,
    TIMELY_CLAUSES,
    Checked,
    Evidence,
    QaSample,
    checklist,
    qa_sample,
    self_assessment,
)

__all__ = [
    "CHECKLIST",
    "CLAUSE_STAGE",
    "CLOSED_WITHOUT_RESPONSE",
    "QA_SHARE",
    "STAGES",
    "TIMELY_CLAUSES",
    "Checked",
    "Evidence",
    "PeriodReport",
    "QaSample",
    "TenantSatisfaction",
    "Timeliness",
    "checklist",
    "closed_as",
    "counted",
    "deadlines_of",
    "in_period",
    "period_report",
    "qa_sample",
    "self_assessment",
    "tenant_satisfaction",
]
