"""Governance's pages for what goes to the governing body, as one router: the
self-assessment against every clause of the Code (R-GOV-3, ``board_assessment``), the
annual report (R-GOV-1, R-GOV-2, ``board_annual``) and its published bundle with the
Ombudsman's letters (``board_published``).

Pages read the read model and the saved versions; each save is a new version, kept
through a unit of work (``store.board``). Only governance may see or change them."""

from __future__ import annotations

from fastapi import APIRouter

from web.routes import board_annual, board_assessment, board_published

router = APIRouter(include_in_schema=False)
for part in (board_assessment.router, board_annual.router, board_published.router):
    router.include_router(part)
