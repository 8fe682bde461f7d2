"""Every clause of the Housing Ombudsman's Complaint Handling Code as data (R-GOV-3): its
number, its section, what it requires and whether it is mandatory ("must") or good practice
("should"), as the landlord's own self-assessment lists them (`data/code-clauses.json`).

The self-assessment (``reports.assessment``) answers each of them; a new edition of the Code
is a new data file, not new code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from pydantic import BaseModel


class CodeClause(BaseModel):
    clause: str  # "5.1"
    section: str
    mandatory: bool  # False: good practice
    requirement: str

    @property
    def order(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.clause.split("."))


@cache
def code_clauses() -> tuple[CodeClause, ...]:
    """The Code's clauses in the Code's order."""
    text = resources.files("rules").joinpath("data/code-clauses.json").read_text("utf-8")
    found = [CodeClause.model_validate(c) for c in json.loads(text)["clauses"]]
    return tuple(sorted(found, key=lambda c: c.order))


def clause_numbers() -> list[str]:
    return [c.clause for c in code_clauses()]
