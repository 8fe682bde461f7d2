"""Governance's reports as the web shows them: each report (the period report, the Tenant
Satisfaction Measures, the quality sample, the self-assessment) for a period and an
organisation, or the group (R-ORG-1), laid out once as a title, headline figures and
tables, some with a chart (``web.report_layout``). The page, the CSV and the PDF are written
from the same view, so the three say the same figures.

The figures are aggregated in PostgreSQL (``reports.sql``, ``reports.sql_governance``),
with exactly the figures ``reports.figures`` and ``reports.governance`` give from rows read
into Python, and the self-assessment's words come from ``reports.assessment``; the views
(``web.report_period``, ``web.report_measures``) only ask for the figures and put them into
words.
"""

from __future__ import annotations

from web.report_layout import KINDS, Choice, ReportView, Table
from web.report_measures import qa_view, self_assessment_view, tsm_view
from web.report_period import period_view

__all__ = ["KINDS", "VIEWS", "Choice", "ReportView", "Table"]

VIEWS = {
    "period": period_view,
    "tsm": tsm_view,
    "qa": qa_view,
    "self-assessment": self_assessment_view,
}
