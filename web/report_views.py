"""Governance's reports as the web shows them: each report (the period report, the Tenant
Satisfaction Measures, the quality sample, the self-assessment) for a period and an
organisation, or the group (R-ORG-1), laid out once as a title, headline figures and
tables, some with a chart (``web.report_layout``). The page, the CSV and the PDF are written
from the same view, so the three say the same figures.

The figures come from ``reports.figures``, ``reports.governance`` and
``reports.assessment``; the views (``web.report_period``, ``web.report_measures``) only
read the rows and put the figures into words.
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
