"""The options of `redress-starter report-hazard` (R-HAZ-1, R-HAZ-7): the complaint's
`report_hazard`, which opens the hazard's own workflow with its clock from when we became
aware."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from models.hazard import HazardTenure, ReportHazardInput


def report_hazard_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hazard", required=True, help="the regime's hazard id, e.g. damp_and_mould")
    p.add_argument("--description", required=True, help="what the hazard is")
    p.add_argument("--location", required=True, help="where in the home")
    p.add_argument(
        "--aware-at",
        required=True,
        type=datetime.fromisoformat,
        help="when we became aware, ISO 8601 with its offset, e.g. 2026-12-04T16:40+00:00",
    )
    p.add_argument("--affected", required=True, help="who is affected")
    p.add_argument("--vulnerability", help="any vulnerability, e.g. the baby has asthma")
    p.add_argument(
        "--tenure",
        default=HazardTenure.SOCIAL_TENANCY.value,
        choices=[t.value for t in HazardTenure],
        help="default: social_tenancy",
    )


def report_hazard(a: argparse.Namespace, today: date) -> ReportHazardInput:
    return ReportHazardInput(
        **({"by": a.by} if a.by else {}),
        hazard=a.hazard,
        description=a.description,
        location=a.location,
        aware_at=a.aware_at,
        affected=a.affected,
        vulnerability=a.vulnerability,
        tenure=HazardTenure(a.tenure),
    )
